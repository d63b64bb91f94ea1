import { describe, expect, it } from 'vitest';
import { explainRule, LANGS, RULE_SHORT, RULES, shortRule } from '../../../shared/index';

/* The few words the dashboard names a mistake with (shared/i18n/short.ts), for every rule the judge can cite. */
describe('short rule texts', () => {
  it('exist for every rule id the engine can cite, in every language, and for no other id', () => {
    // RULES is computed from the engine's data: its segment rules and the table's rows.
    expect(RULES.length).toBeGreaterThan(60);
    const missing = RULES.flatMap((r) => LANGS.filter((l) => !RULE_SHORT[r]?.[l]?.trim()).map((l) => `${r} (${l})`));
    expect(missing).toEqual([]);
    expect(Object.keys(RULE_SHORT).filter((k) => !RULES.includes(k))).toEqual([]);
  });

  it('are a few words, never the id, shorter than the explanation, and Chinese in the Chinese texts', () => {
    for (const r of RULES) {
      for (const l of LANGS) {
        const s = shortRule(r, l);
        expect(s, `${r} ${l}`).not.toContain(r);
        expect(s.length, `${r} ${l}`).toBeLessThanOrEqual(40);
        expect(s.length, `${r} ${l}`).toBeLessThan(explainRule(r, l).length);
      }
      expect(shortRule(r, 'zh-CN'), r).toMatch(/[\u4e00-\u9fff]/);
      expect(shortRule(r, 'en'), r).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('falls back to a phrase (not the id) for an id it does not know', () => {
    expect(shortRule('ack.no-such-rule', 'en')).toBe('broke a rule');
    expect(shortRule('ack.no-such-rule', 'zh-CN')).toBe('违反了一条规则');
    expect(shortRule('__proto__', 'en')).toBe('broke a rule');
  });
});
