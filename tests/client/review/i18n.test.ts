import { describe, expect, it } from 'vitest';
import { RULE_TEXT } from '../../../shared/index';
import { formatTime, LANGS, playerName, REVIEW_TEXT, RULE_SHORT, ruleShort, rtIn } from '../../../client/src/review/i18n';

const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const CJK = /[\u3400-\u9fff]/;

describe('the review page’s texts', () => {
  it('exist in every language, non-empty, with the same parameters', () => {
    for (const [key, text] of Object.entries(REVIEW_TEXT)) {
      for (const lang of LANGS) expect(text[lang].trim(), `${key} ${lang}`).not.toBe('');
      expect(params(text['zh-CN']), key).toEqual(params(text.en));
    }
  });

  it('are written in Chinese in zh-CN (except names and symbols kept as they are)', () => {
    const same = Object.entries(REVIEW_TEXT).filter(([, t]) => !CJK.test(t['zh-CN'])).map(([k]) => k);
    expect(same.sort()).toEqual(['detail.at', 'lang.switch']);
  });

  it('fill in their parameters', () => {
    expect(rtIn('en', 'rounds.round', { n: 3 })).toBe('Round 3');
    expect(rtIn('zh-CN', 'rounds.round', { n: 3 })).toBe('第 3 回合');
  });
});

describe('one-line rule summaries', () => {
  it('cover every rule that has an explanation, and no other', () => {
    expect(Object.keys(RULE_SHORT).sort()).toEqual(Object.keys(RULE_TEXT).sort());
    for (const [rule, t] of Object.entries(RULE_SHORT)) {
      expect(t.en.length, rule).toBeLessThanOrEqual(70);
      expect(CJK.test(t['zh-CN']) || /^[a-z]+ → [A-Z_]+$/.test(t['zh-CN']), rule).toBe(true);
    }
  });

  it('fall back to the first clause of a rule’s explanation, and name an unknown rule', () => {
    expect(ruleShort('ack.must-acknowledge-syn', 'zh-CN')).toBe(RULE_SHORT['ack.must-acknowledge-syn']!['zh-CN']);
    expect(ruleShort('flags.made-up', 'en')).toMatch(/flags\.made-up/);
  });
});

describe('formatting', () => {
  it('prints times in seconds, with minutes for long ones', () => {
    expect([formatTime(0), formatTime(289), formatTime(12_345), formatTime(60_459), formatTime(125_999)]).toEqual(['0.000 s', '0.289 s', '12.3 s', '1 min 00 s', '2 min 05 s']);
  });

  it('calls the engine “the bot” in each language and leaves nicknames alone', () => {
    expect(playerName('bot', 'en')).toBe('the bot');
    expect(playerName('bot', 'zh-CN')).toBe('机器人');
    expect(playerName('小明', 'en')).toBe('小明');
  });
});
