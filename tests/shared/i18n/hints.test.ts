import { describe, it, expect } from 'vitest';
import { explainRule, LANGS, RULE_HINT, RULE_TEXT } from '../../../shared/i18n/index';
import { RULES, STATE_RULES } from '../../../shared/tcp/rules';
import { QUEUE_ROWS } from '../../../shared/tcp/listen-queue';
import { TRANSITIONS } from '../../../shared/tcp/table';
import { FLAGS, TCP_STATES, type TcpState } from '../../../shared/tcp/types';

const CJK = /[\u4e00-\u9fff]/;
/** A name as a whole word: `SYN` in `SYN+ACK` but not in `SYN_SENT`, `CLOSED` but not `CLOSE_WAIT`. */
const word = (name: string) => new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`);
const placeholders = (text: string) => [...text.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
const entries = Object.entries(RULE_HINT);

/**
 * The state the endpoint is really in when a state rule is cited, where the id alone tells it:
 * `state.<row>` → the row's target, `state.still-<s>` → s, `state.initial` → CLOSED. (The two
 * "a state begins with its segment" rules are cited from several states.)
 */
function trueState(rule: string): TcpState | undefined {
  if (rule === 'state.initial') return 'CLOSED';
  const still = TCP_STATES.find((s) => rule === `state.still-${s.toLowerCase().replace(/_/g, '-')}`);
  if (still) return still;
  if (QUEUE_ROWS.some((r) => r.effect === 'add' && `state.${r.id}` === rule)) return 'SYN_RCVD';
  const to = TRANSITIONS.find((r) => `state.${r.id}` === rule)?.to;
  return to === 'same' ? undefined : to;
}

describe('RULE_HINT', () => {
  it.each(RULES.map((r) => [r]))('has a non-empty hint in every language for %s', (rule) => {
    for (const lang of LANGS) expect(RULE_HINT[rule]?.[lang]?.trim(), `${rule} ${lang}`).toBeTruthy();
  });

  it('has no hint for an id the judge cannot cite', () => {
    expect(Object.keys(RULE_HINT).filter((id) => !RULES.includes(id))).toEqual([]);
  });

  it('writes every zh-CN hint in Chinese, and every English hint without Chinese', () => {
    expect(entries.filter(([, h]) => !CJK.test(h['zh-CN'])).map(([id]) => id)).toEqual([]);
    expect(entries.filter(([, h]) => CJK.test(h.en)).map(([id]) => id)).toEqual([]);
  });

  it('never gives the answer away: no {expected} and no digit in any hint', () => {
    for (const [id, h] of entries) {
      for (const lang of LANGS) {
        expect(h[lang], `${id} ${lang}`).not.toContain('{expected}');
        expect(h[lang], `${id} ${lang}`).not.toMatch(/[0-9０-９]/);
        for (const p of placeholders(h[lang])) expect(p, `${id} ${lang}: {${p}}`).toBe('got');
      }
      expect(placeholders(h['zh-CN']).sort(), id).toEqual(placeholders(h.en).sort());
    }
  });

  it('keeps state and flag names in English in the Chinese hints', () => {
    const names = [...TCP_STATES, ...FLAGS];
    for (const [id, h] of entries) {
      for (const name of names) {
        if (word(name).test(h.en)) expect(h['zh-CN'], `${id} mentions ${name}`).toMatch(word(name));
      }
    }
  });

  it('never translates a state name into Chinese', () => {
    const translations = ['同步已发送', '同步已接收', '同步收到', '已建立状态', '终止等待', '关闭等待', '最后确认', '时间等待', '侦听状态', '监听状态', '关闭状态'];
    for (const [id, h] of entries) {
      for (const tr of translations) expect(h['zh-CN'], id).not.toContain(tr);
    }
  });

  it('addresses the student as 你, never 您', () => {
    for (const [id, h] of entries) expect(h['zh-CN'], id).not.toContain('您');
  });

  it('never names the state the endpoint is really in, in a hint about a declared state', () => {
    let checked = 0;
    for (const rule of STATE_RULES) {
      const state = trueState(rule);
      if (!state) continue;
      checked += 1;
      for (const lang of LANGS) expect(RULE_HINT[rule]?.[lang], `${rule} ${lang} names ${state}`).not.toMatch(word(state));
    }
    // Every state rule but the three "a state begins with its segment" ones has a known true state.
    expect(checked).toBe(STATE_RULES.length - 3);
  });

  it('is shorter than the full explanation of the same rule', () => {
    for (const [id, h] of entries) {
      for (const lang of LANGS) expect(h[lang].length, `${id} ${lang}`).toBeLessThanOrEqual((RULE_TEXT[id]?.[lang] ?? '').length + 40);
    }
  });
});

describe('explainRule with { hint: true }', () => {
  it('returns the hint, with {got} filled in and never the expected value', () => {
    const hint = explainRule('flags.rst-not-expected', 'en', { expected: ['ACK'], got: ['ACK', 'RST'] }, { hint: true });
    expect(hint).toContain('ACK+RST');
    expect(hint).not.toMatch(/[{}]/);
    expect(explainRule('seq.syn-takes-one', 'zh-CN', { expected: 1001, got: 1000 }, { hint: true })).not.toContain('1001');
    for (const rule of RULES) {
      for (const lang of LANGS) {
        const text = explainRule(rule, lang, { expected: 4242, got: 77 }, { hint: true });
        expect(text, `${rule} ${lang}`).toBe((RULE_HINT[rule]?.[lang] ?? '').replace('{got}', '77'));
        expect(text, `${rule} ${lang}`).not.toContain('4242');
      }
    }
  });

  it('keeps the full explanation without the option, or with hint: false', () => {
    const params = { expected: 1001, got: 1000 };
    expect(explainRule('ack.must-acknowledge-syn', 'en', params)).toContain('1001');
    expect(explainRule('ack.must-acknowledge-syn', 'en', params, { hint: false })).toBe(explainRule('ack.must-acknowledge-syn', 'en', params));
    expect(explainRule('ack.must-acknowledge-syn', 'en', params, {})).toBe(explainRule('ack.must-acknowledge-syn', 'en', params));
  });

  it('answers an unknown rule id with a generic hint in that language, never empty', () => {
    const en = explainRule('seq.made-up', 'en', {}, { hint: true });
    const zh = explainRule('seq.made-up', 'zh-CN', {}, { hint: true });
    expect(en.trim()).not.toBe('');
    expect(zh).toMatch(CJK);
    expect(en).not.toMatch(CJK);
    expect(en).not.toMatch(/[0-9]/);
    expect(explainRule('constructor', 'en', {}, { hint: true }).trim()).not.toBe('');
    expect(explainRule('__proto__', 'zh-CN', {}, { hint: true })).toMatch(CJK);
  });
});
