import { describe, it, expect } from 'vitest';
import { explainRule, LANGS, RULE_TEXT, formatValue } from '../../../shared/i18n/index';
import { RULES, SEGMENT_RULES, STATE_RULES } from '../../../shared/tcp/rules';
import { QUEUE_ROWS } from '../../../shared/tcp/listen-queue';
import { TRANSITIONS } from '../../../shared/tcp/table';
import { FLAGS, TCP_STATES } from '../../../shared/tcp/types';

const CJK = /[\u4e00-\u9fff]/;
/** A name as a whole word: `SYN` in `SYN+ACK` but not in `SYN_SENT`, `CLOSED` but not `CLOSE_WAIT`. */
const word = (name: string) => new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`);
const placeholders = (text: string) => [...text.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]).sort();
const entries = Object.entries(RULE_TEXT);

describe('RULE_TEXT', () => {
  it('covers every segment rule and every state-changing table row plus the initial state', () => {
    // Guard against RULES itself shrinking: the lists the ids come from must all be in it.
    expect(RULES).toEqual(expect.arrayContaining([...SEGMENT_RULES, ...STATE_RULES, 'state.initial']));
    for (const row of TRANSITIONS.filter((r) => r.to !== 'same')) expect(RULES).toContain(`state.${row.id}`);
  });

  it.each(RULES.map((r) => [r]))('has a non-empty text in every language for %s', (rule) => {
    for (const lang of LANGS) {
      expect(RULE_TEXT[rule]?.[lang]?.trim(), `${rule} ${lang}`).toBeTruthy();
    }
  });

  it('has no text for an id the judge cannot cite', () => {
    expect(Object.keys(RULE_TEXT).filter((id) => !RULES.includes(id))).toEqual([]);
  });

  it('writes every zh-CN text in Chinese', () => {
    expect(entries.filter(([, t]) => !CJK.test(t['zh-CN'])).map(([id]) => id)).toEqual([]);
  });

  it('uses no placeholders but {expected} and {got}, the same ones in both languages', () => {
    for (const [id, t] of entries) {
      for (const p of placeholders(t.en)) expect(['expected', 'got'], `${id}: {${p}}`).toContain(p);
      expect(placeholders(t['zh-CN']), id).toEqual(placeholders(t.en));
    }
  });

  it('keeps state and flag names in English in the Chinese texts', () => {
    const names = [...TCP_STATES, ...FLAGS];
    for (const [id, t] of entries) {
      for (const name of names) {
        if (word(name).test(t.en)) expect(t['zh-CN'], `${id} mentions ${name}`).toMatch(word(name));
      }
    }
  });

  it('addresses the student as 你, never 您', () => {
    expect(entries.filter(([, t]) => t['zh-CN'].includes('您')).map(([id]) => id)).toEqual([]);
  });

  it('never translates a state name into Chinese', () => {
    const translations = ['同步已发送', '同步已接收', '同步收到', '已建立状态', '终止等待', '关闭等待', '最后确认', '时间等待', '侦听状态', '监听状态', '关闭状态'];
    for (const [id, t] of entries) {
      for (const tr of translations) expect(t['zh-CN'], id).not.toContain(tr);
    }
  });

  it('explains each declared state by naming the state the endpoint is really in', () => {
    // `state.<row>`: the row's target; `state.still-<s>`: s; the two "a state begins with its
    // segment" rules: the state the player is still in varies, so their texts print {expected}.
    const still = new Map(TCP_STATES.map((s) => [`state.still-${s.toLowerCase().replace(/_/g, '-')}`, s]));
    const target = (rule: string) =>
      rule === 'state.initial' ? 'CLOSED' : still.get(rule) ?? TRANSITIONS.find((r) => `state.${r.id}` === rule)?.to ??
      // A half-open connection taken into the listen queue is in SYN_RCVD.
      (QUEUE_ROWS.some((r) => r.effect === 'add' && `state.${r.id}` === rule) ? 'SYN_RCVD' : undefined);
    const waitsFor = ['state.connect-waits-for-syn', 'state.close-waits-for-fin', 'state.abort-waits-for-rst'];
    for (const rule of STATE_RULES) {
      if (waitsFor.includes(rule)) {
        for (const lang of LANGS) expect(RULE_TEXT[rule]?.[lang], `${rule} ${lang}`).toContain('{expected}');
        continue;
      }
      const state = target(rule);
      expect(state, rule).toBeDefined();
      expect(state, rule).not.toBe('same');
      for (const lang of LANGS) expect(RULE_TEXT[rule]?.[lang], `${rule} ${lang}`).toMatch(word(state as string));
    }
    // Every still-<s> rule of RULES is one of the states, and both waits-for rules exist.
    expect(STATE_RULES.filter((r) => r.startsWith('state.still-')).every((r) => still.has(r))).toBe(true);
    expect(STATE_RULES).toEqual(expect.arrayContaining(waitsFor));
  });

  it('says "still" in a still-<state> text: the endpoint has not moved, and {got} is the state it has not reached', () => {
    for (const rule of STATE_RULES.filter((r) => r.startsWith('state.still-'))) {
      expect(RULE_TEXT[rule]?.en, rule).toMatch(/^You are still in [A-Z_0-9]+, not \{got\}/);
      expect(RULE_TEXT[rule]?.['zh-CN'], rule).toMatch(/^你仍处于 [A-Z_0-9]+，而不是 \{got\}/);
    }
  });
});

describe('explainRule', () => {
  it('fills {expected} and {got} and leaves no braces behind', () => {
    const en = explainRule('ack.must-acknowledge-syn', 'en', { expected: 1001, got: 1000 });
    expect(en).toContain('1001');
    expect(en).not.toMatch(/[{}]/);
    const zh = explainRule('state.fin-wait-1-rcv-ack-of-fin', 'zh-CN', { expected: 'FIN_WAIT_2', got: 'CLOSING' });
    expect(zh).toContain('CLOSING');
    expect(zh).not.toMatch(/[{}]/);
  });

  it('fills every placeholder of every text in both languages', () => {
    for (const rule of RULES) {
      for (const lang of LANGS) {
        expect(explainRule(rule, lang, { expected: 7, got: 8 }), `${rule} ${lang}`).not.toMatch(/[{}]/);
      }
    }
  });

  it('joins flags with + and prints a length range as min–max', () => {
    expect(explainRule('flags.rst-not-expected', 'en', { expected: ['SYN', 'ACK'], got: ['ACK', 'RST'] })).toContain(
      'must be SYN+ACK, not ACK+RST',
    );
    expect(explainRule('len.more-than-queued', 'zh-CN', { expected: { min: 1, max: 300 }, got: 400 })).toContain('1–300');
  });

  it('prints null and an empty flag list as nothing, in the language asked for', () => {
    expect(explainRule('flags.no-segment-owed', 'en', { expected: null, got: [] })).toContain('(not nothing)');
    expect(formatValue(null, 'en')).toBe('nothing');
    expect(formatValue(null, 'zh-CN')).toBe('无');
    expect(formatValue({ min: 5, max: 5 }, 'en')).toBe('5');
  });

  it('answers an unknown rule id with a sentence in that language naming the id', () => {
    const en = explainRule('seq.made-up', 'en');
    const zh = explainRule('seq.made-up', 'zh-CN');
    expect(en).toContain('seq.made-up');
    expect(zh).toContain('seq.made-up');
    expect(zh).toMatch(CJK);
    expect(en).not.toMatch(CJK);
    expect(explainRule('constructor', 'en')).toContain('constructor');
  });
});
