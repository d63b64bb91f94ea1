import { describe, expect, it } from 'vitest';
import { effect } from '@preact/signals';
import { detectLang, fill, lang, pluralIn, t, textIn, UI_TEXT } from '../../client/src/i18n/ui';
import { parseJoinError } from '../../client/src/net/join-error';

const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('interface texts', () => {
  it('has every text in English and Chinese, with the same parameters in both', () => {
    for (const [key, text] of Object.entries(UI_TEXT)) {
      expect(text.en.length, key).toBeGreaterThan(0);
      expect(text['zh-CN'].length, key).toBeGreaterThan(0);
      expect(params(text['zh-CN']), key).toEqual(params(text.en));
    }
  });

  it('keeps state and flag names in English in the Chinese texts', () => {
    for (const text of Object.values(UI_TEXT)) {
      for (const name of ['TIME_WAIT', 'ACK', 'MSL', 'RTO']) if (text.en.includes(name)) expect(text['zh-CN']).toContain(name);
    }
  });

  it('follows a Chinese browser on a first visit, and a remembered choice after that', () => {
    expect(detectLang(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(detectLang(null, ['zh'])).toBe('zh-CN');
    expect(detectLang(null, ['fr-FR', 'en-GB'])).toBe('en');
    expect(detectLang(null, ['de'])).toBe('en');
    expect(detectLang('en', ['zh-CN'])).toBe('en');
    expect(detectLang('xx', ['zh-CN'])).toBe('zh-CN');
  });

  it('fills parameters and leaves unknown ones visible', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(textIn('zh-CN', 'feedback.correct', { points: 40 })).toBe('正确！+40 分。');
  });
});

describe('the language signal and plurals', () => {
  it('switches every t() with one signal: an effect that reads t() runs again on each switch until it stops', () => {
    lang.value = 'en';
    const seen: string[] = [];
    const stop = effect(() => void seen.push(`${lang.value}:${t('join.submit')}`));
    expect(seen).toEqual(['en:Join']);
    seen.length = 0;
    lang.value = 'zh-CN';
    expect(t('join.submit')).toBe('加入');
    lang.value = 'en';
    stop();
    lang.value = 'zh-CN';
    expect(seen).toEqual(['zh-CN:加入', 'en:Join']);
    lang.value = 'en';
  });

  it('picks the plural form Intl.PluralRules names: 1 pt, 0 pts, 2 pts; one form in Chinese', () => {
    expect(pluralIn('en', 'proj.points', 1)).toBe('1 pt');
    expect(pluralIn('en', 'proj.points', 0)).toBe('0 pts');
    expect(pluralIn('en', 'proj.points', 2)).toBe('2 pts');
    expect(pluralIn('zh-CN', 'proj.points', 1)).toBe('1 分');
  });

  it('has the plain ("other") text beside every plural form', () => {
    const keys = Object.keys(UI_TEXT);
    const forms = keys.filter((k) => /\.(zero|one|two|few|many)$/.test(k));
    expect(forms.length).toBeGreaterThan(0);
    for (const k of forms) expect(keys, k).toContain(k.replace(/\.(zero|one|two|few|many)$/, ''));
  });
});

describe('join refusals', () => {
  it('reads the room’s JSON refusal with its texts', () => {
    const f = parseJoinError(new Error(JSON.stringify({ code: 'nickname-taken', en: 'taken', 'zh-CN': '已占用' })));
    expect(f).toEqual({ code: 'nickname-taken', text: { en: 'taken', 'zh-CN': '已占用' } });
  });

  it('reads an unknown room as a bad class code', () => {
    expect(parseJoinError(Object.assign(new Error('room "ABCDEFG" not found'), { code: 4212 })).code).toBe('bad-code');
  });

  it('reads a failed fetch as a network problem, anything else as unknown', () => {
    expect(parseJoinError(new TypeError('Failed to fetch')).code).toBe('network');
    expect(parseJoinError(new Error('something odd'))).toEqual({ code: 'unknown', message: 'something odd' });
  });
});
