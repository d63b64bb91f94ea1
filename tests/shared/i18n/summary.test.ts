import { describe, expect, it } from 'vitest';
import { RULE_SUMMARY, RULE_TEXT, RULES, summarizeRule } from '../../../shared/index';

const CJK = /[\u3400-\u9fff]/;

/* What each rule asks in one line (shared/i18n/summary.ts), for the review's statistics chart. */
describe('one-line rule summaries', () => {
  it('cover every rule that has an explanation, and no other', () => {
    expect(Object.keys(RULE_SUMMARY).sort()).toEqual(Object.keys(RULE_TEXT).sort());
    for (const [rule, t] of Object.entries(RULE_SUMMARY)) {
      expect(t.en.length, rule).toBeLessThanOrEqual(70);
      expect(CJK.test(t['zh-CN']) || /^[a-z]+ → [A-Z_]+$/.test(t['zh-CN']), rule).toBe(true);
    }
  });

  it('cover every rule the judge can cite', () => {
    expect(RULES.filter((r) => !Object.hasOwn(RULE_SUMMARY, r))).toEqual([]);
  });

  it('say that connect() and close() lead to their states only with the SYN or FIN', () => {
    for (const rule of ['state.closed-connect', 'state.listen-connect']) expect(RULE_SUMMARY[rule]!.en, rule).toMatch(/SYN → SYN_SENT$/);
    for (const rule of ['state.syn-rcvd-close', 'state.established-close', 'state.close-wait-close']) expect(RULE_SUMMARY[rule]!.en, rule).toMatch(/FIN → [A-Z_0-9]+$/);
    for (const rule of ['state.closed-connect', 'state.syn-rcvd-close', 'state.established-close', 'state.close-wait-close']) expect(RULE_SUMMARY[rule]!['zh-CN'], rule).toMatch(/发出 (SYN|FIN)/);
    // The player may still be CLOSED after connect(): the SYN rule does not say SYN_SENT.
    expect(RULE_SUMMARY['flags.syn-opens']!.en).not.toMatch(/SYN_SENT/);
    expect(RULE_SUMMARY['flags.fin-after-data']!.en).toMatch(/SYN\+ACK/);
  });

  it('fall back to the first clause of a rule’s explanation, and name an unknown rule', () => {
    expect(summarizeRule('ack.must-acknowledge-syn', 'zh-CN')).toBe(RULE_SUMMARY['ack.must-acknowledge-syn']!['zh-CN']);
    expect(summarizeRule('flags.made-up', 'en')).toMatch(/flags\.made-up/);
  });
});

