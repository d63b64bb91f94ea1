import { describe, expect, it } from 'vitest';
import { LANGS, lang, plural, pluralIn, REVIEW_TEXT, t, TEXT, UI_TEXT } from '../../../client/src/i18n/ui';

const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const table = TEXT as Record<string, Record<string, string | undefined>>;

describe('the one text table (the game’s and the review’s)', () => {
  it('holds every text of both, and no key twice', () => {
    const keys = Object.keys(TEXT);
    expect(keys.length).toBe(Object.keys(UI_TEXT).length + Object.keys(REVIEW_TEXT).length);
    expect(keys).toContain('join.submit');
    expect(keys).toContain('review.rounds.events');
  });

  it('has every key in English and Simplified Chinese, non-empty, with the same parameters', () => {
    const missing: string[] = [];
    for (const key of Object.keys(table)) {
      for (const l of LANGS) if (!table[key]![l]?.trim()) missing.push(`${key} ${l}`);
      expect(params(table[key]!['zh-CN'] ?? ''), key).toEqual(params(table[key]!.en ?? ''));
    }
    expect(missing).toEqual([]);
  });

  it('has the plain (other) form beside every .one form, with the same parameters and a count', () => {
    const ones = Object.keys(table).filter((k) => k.endsWith('.one'));
    expect(ones.length).toBeGreaterThan(5);
    for (const key of ones) {
      const other = table[key.slice(0, -'.one'.length)];
      expect(other, `${key} has no other form`).toBeDefined();
      expect(params(table[key]!.en!), key).toEqual(params(other!.en!));
      expect(params(other!.en!), key).toContain('n');
    }
  });

  it('reads the review’s plurals through the same plural function as the game’s', () => {
    expect([pluralIn('en', 'review.rounds.events', 1), pluralIn('en', 'review.rounds.events', 2)]).toEqual(['1 event', '2 events']);
    expect(pluralIn('en', 'review.stats.scenarioBar', 1, { flawless: 1 })).toBe('1 of 1 pair');
    expect(pluralIn('en', 'review.viewer.summary', 3, { correct: 2 })).toBe('2 of 3 judged answers correct.');
    expect(pluralIn('zh-CN', 'review.detail.wrong', 1)).toBe('✗ 错误：有 1 个字段违反了规则。');
    lang.value = 'zh-CN';
    expect([t('review.rounds.heading'), plural('review.rounds.events', 1), t('join.submit')]).toEqual(['回合', '1 个事件', '加入']);
    lang.value = 'en';
    expect([t('review.rounds.heading'), plural('review.rounds.events', 1)]).toEqual(['Rounds', '1 event']);
  });
});
