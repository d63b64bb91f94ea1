/**
 * The first concept-check bank against the rule engine: it validates, its references exist, and
 * every answer the engine can decide is the engine's.
 *
 * Checked against the engine here:
 * - every numeric question with `fromTrace` (its answer is what `checkTrace` expects in that field
 *   of the scenario's golden trace, and the numbers its prompt quotes are that trace's);
 * - every multiple-choice question with `fromTrace`: after-syn-state, listen-rcv-syn-state,
 *   syn-rcvd-rst, merged-fin-state, fin-wait-1-ack-state, close-wait-state, lost-final-ack-state,
 *   simultaneous-open-state, simultaneous-close-state (the correct option names the state the
 *   engine puts that side in after that event; the list is asserted below so it cannot go stale);
 * - rst-closed-port (no golden trace has it): a CLOSED endpoint stepped with the SYN the prompt
 *   describes, and the segment a correct stack sends.
 * The other multiple-choice questions ask "why" (design reasons, TIME_WAIT remedies): no engine
 * state decides them; their rule ids and scenario are checked to exist.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIRST_BANK, numericFromTrace, stateFromTrace, validateBank, type Bank, type Question } from '../../../shared/concepts/index';
import { SCENARIO_IDS } from '../../../shared/round/scenarios';
import { botSegment } from '../../../shared/tcp/bot';
import { createEndpoint } from '../../../shared/tcp/endpoint';
import { RULES } from '../../../shared/tcp/rules';
import { step } from '../../../shared/tcp/step';
import type { Trace } from '../../../shared/trace/schema';

const DIR = new URL('../../fixtures/traces/', import.meta.url);
/** The golden trace of each scenario, by the scenario id in its meta. */
const GOLDEN = new Map<string, Trace>(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Trace)
    .map((t) => [String(t.meta?.scenario), t]),
);

function bank(): Bank {
  const r = validateBank(FIRST_BANK);
  if (!r.ok) throw new Error(r.errors.map((e) => e.en).join('\n'));
  return r.bank;
}
const golden = (id: string): Trace => {
  const t = GOLDEN.get(id);
  if (!t) throw new Error(`no golden trace for scenario ${id}`);
  return t;
};
const numeric = (q: Question) => (q.kind === 'numeric' && q.fromTrace ? [q] : []);
const choice = (q: Question) => (q.kind === 'multiple-choice' && q.fromTrace ? [q] : []);

describe('the first concept-check bank', () => {
  it('validates, as data and as a JSON file', () => {
    expect(validateBank(FIRST_BANK).ok).toBe(true);
    expect(validateBank(JSON.parse(JSON.stringify(FIRST_BANK))).ok).toBe(true);
  });

  it('has at least 24 questions of both kinds, with unique ids', () => {
    const qs = bank().questions;
    expect(qs.length).toBeGreaterThanOrEqual(24);
    expect(new Set(qs.map((q) => q.id)).size).toBe(qs.length);
    expect(qs.some((q) => q.kind === 'numeric')).toBe(true);
    expect(qs.some((q) => q.kind === 'multiple-choice')).toBe(true);
  });

  it('relates every question to rule ids and scenarios the engine has', () => {
    const rules = new Set(RULES);
    for (const q of bank().questions) {
      expect((q.rules ?? []).length + (q.scenario ? 1 : 0), q.id).toBeGreaterThan(0);
      for (const r of q.rules ?? []) expect(rules.has(r), `${q.id}: ${r}`).toBe(true);
      if (q.scenario) expect(SCENARIO_IDS, q.id).toContain(q.scenario);
      if (q.fromTrace) expect(SCENARIO_IDS, q.id).toContain(q.fromTrace.trace);
    }
  });

  it('asks about what each of the eight waiting states waits for', () => {
    const ids = bank().questions.map((q) => q.id);
    for (const s of ['syn-sent', 'syn-rcvd', 'fin-wait-1', 'fin-wait-2', 'close-wait', 'last-ack', 'closing', 'time-wait']) expect(ids).toContain(`waits-${s}`);
  });

  it('writes Chinese with 你, never 您, and both languages differ', () => {
    for (const q of bank().questions) {
      const texts = [q.prompt, q.explanation, ...(q.kind === 'multiple-choice' ? q.options.map((o) => o.text) : [])];
      for (const t of texts) expect(t['zh-CN'], q.id).not.toContain('您');
      expect(q.prompt['zh-CN']).not.toBe(q.prompt.en);
      expect(q.explanation['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('every numeric answer with fromTrace is the value the engine computes from the golden trace', () => {
    const qs = bank().questions.flatMap(numeric);
    expect(qs.length).toBeGreaterThanOrEqual(10);
    for (const q of qs) {
      const spec = q.fromTrace!;
      const r = numericFromTrace(spec, golden(spec.trace));
      expect(r, q.id).toEqual({ ok: true, value: q.answer });
    }
  });

  it('quotes in each fromTrace prompt only numbers its golden trace has', () => {
    for (const q of bank().questions.flatMap(numeric)) {
      const trace = golden(q.fromTrace!.trace);
      const values = new Set(trace.events.flatMap((e) => (e.type === 'send' ? [e.segment.seq, e.segment.ack] : [])));
      const quoted = [...q.prompt.en.matchAll(/(?:seq|ack)=(\d+)/g)].map((m) => Number(m[1]));
      for (const n of quoted) expect(values.has(n), `${q.id}: ${n}`).toBe(true);
      // The Chinese prompt quotes the same numbers.
      expect([...q.prompt['zh-CN'].matchAll(/(?:seq|ack)=(\d+)/g)].map((m) => Number(m[1])), q.id).toEqual(quoted);
    }
  });

  it('the engine, not the trace, decides: a field it does not fix (an ISN) has no computed answer', () => {
    const r = numericFromTrace({ trace: 'handshake', send: 'c1', field: 'seq' }, golden('handshake'));
    expect(r.ok).toBe(false);
    // A trace whose value is wrong still gets the engine's value (and is refused as written).
    const t = structuredClone(golden('handshake'));
    const s1 = t.events.find((e) => e.type === 'send' && e.id === 's1');
    if (s1?.type !== 'send') throw new Error('no s1');
    s1.segment.ack += 5;
    expect(numericFromTrace({ trace: 'handshake', send: 's1', field: 'ack' }, t).ok).toBe(false);
  });

  it('every multiple-choice question with fromTrace has as its correct option the state the engine reaches', () => {
    const qs = bank().questions.flatMap(choice);
    expect(qs.map((q) => q.id).sort()).toEqual(
      [
        'after-syn-state',
        'listen-rcv-syn-state',
        'syn-rcvd-rst',
        'merged-fin-state',
        'fin-wait-1-ack-state',
        'close-wait-state',
        'lost-final-ack-state',
        'simultaneous-open-state',
        'simultaneous-close-state',
      ].sort(),
    );
    for (const q of qs) {
      const r = stateFromTrace(q.fromTrace!, golden(q.fromTrace!.trace));
      const right = q.options.find((o) => o.correct);
      expect(r.ok, q.id).toBe(true);
      expect(right?.state, q.id).toBe(r.ok ? r.value : undefined);
      // No wrong option names that state too.
      expect(q.options.filter((o) => o.state === right?.state), q.id).toHaveLength(1);
    }
  });

  it('rst-closed-port: a CLOSED endpoint answers SYN seq=1000 with the RST+ACK ack the bank says', () => {
    const q = bank().questions.find((x) => x.id === 'rst-closed-port');
    if (q?.kind !== 'numeric') throw new Error('rst-closed-port is missing');
    const { endpoint } = step(createEndpoint(), { type: 'deliver', segment: { flags: ['SYN'], seq: 1000, ack: 0, len: 0 } });
    const answer = botSegment(endpoint, 0);
    expect(answer?.flags.slice().sort()).toEqual(['ACK', 'RST']);
    expect(answer?.seq).toBe(0);
    expect(answer?.ack).toBe(q.answer);
  });
});
