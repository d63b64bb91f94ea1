import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTrace, type TraceReport } from '../../../shared/trace/check';
import { TraceSchema, type Trace, type TraceEvent } from '../../../shared/trace/schema';
import { quickValid } from '../../../shared/trace/quick-valid';
import type { Segment, Side } from '../../../shared/tcp/types';

const FIXTURES = new URL('../../fixtures/traces/', import.meta.url);
const fixture = (name: string): Trace => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Trace;
const trace = (judge: Side[], events: TraceEvent[]): Trace => ({ format: 'synack-trace', version: 1, judge, events });
const seg = (flags: Segment['flags'], seq: number, ack = 0, len = 0): Segment => ({ flags, seq, ack, len });

/** Each send's id with what the report says it was. */
function sends(t: Trace, r: TraceReport): [string, TraceReport['events'][number]['send']][] {
  return t.events.flatMap((e, i) => (e.type === 'send' ? [[e.id, r.events[i]?.send] as [string, TraceReport['events'][number]['send']]] : []));
}

describe('checkTrace reports what the judge took each send for', () => {
  it('gives every send of an endpoint the judge\'s kind (its verdict\'s, when judged), and none to a copy the network made', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const t = fixture(f);
      const r = checkTrace(t);
      t.events.forEach((e, i) => {
        if (e.type !== 'send') return expect(r.events[i]?.send, `${f} #${i}`).toBeUndefined();
        const report = r.events[i];
        if (e.origin === 'network') return expect(report?.send, `${f} #${i}`).toBeUndefined();
        expect(report?.send?.kind, `${f} #${i}`).toBeDefined();
        if (report?.verdict) expect(report.send?.kind, `${f} #${i}`).toBe(report.verdict.kind);
      });
    }
  });

  it('marks the resent data of the lossy lifecycle, and nothing else, as a retransmission', () => {
    const t = fixture('06-lossy-lifecycle.json');
    const report = sends(t, checkTrace(t));
    expect(report.filter(([, s]) => s?.retransmission).map(([id]) => id)).toEqual(['c4']);
    expect(Object.fromEntries(report.map(([id, s]) => [id, s?.kind]))).toEqual({
      c1: 'syn', s1: 'syn-ack', c2: 'ack', c3: 'data', c4: 'retransmit', s2: 'data', s3: 'ack', c5: 'fin', s4: 'fin', c6: 'ack',
    });
  });

  it('marks a SYN sent again after the timeout as a retransmission, not the stale SYN the network injected', () => {
    const t = fixture('09-stale-syn.json');
    expect(sends(t, checkTrace(t)).filter(([, s]) => s?.retransmission)).toEqual([['c1-rto', { kind: 'syn', retransmission: true }]]);
  });

  it('does not call the SYN+ACK of a simultaneous open a retransmission of the SYN', () => {
    const t = fixture('10-simultaneous-open.json');
    const report = Object.fromEntries(sends(t, checkTrace(t)));
    expect([report.c2, report.s2]).toEqual([{ kind: 'syn-ack', retransmission: false }, { kind: 'syn-ack', retransmission: false }]);
  });

  it('tells the first SYN+ACK of a simultaneous open from its resend, even when the peer\'s SYN arrived twice first', () => {
    const t = trace(['client', 'server'], [
      { t: 0, type: 'app', side: 'client', call: 'connect' },
      { t: 0, type: 'app', side: 'server', call: 'connect' },
      { t: 0, type: 'send', side: 'client', id: 'c1', segment: seg(['SYN'], 502) },
      { t: 0, type: 'send', side: 'server', id: 's1', segment: seg(['SYN'], 253) },
      { t: 50, type: 'deliver', id: 's1' },
      { t: 51, type: 'deliver', id: 's1' },
      { t: 52, type: 'send', side: 'client', id: 'c2', segment: seg(['SYN', 'ACK'], 502, 254) },
      { t: 3000, type: 'timeout', side: 'client', timer: 'retransmit' },
      { t: 3000, type: 'send', side: 'client', id: 'c3', segment: seg(['SYN', 'ACK'], 502, 254) },
    ]);
    const r = checkTrace(t);
    expect(r.summary).toEqual({ judged: 4, correct: 4 });
    expect(Object.fromEntries(sends(t, r))).toMatchObject({
      c2: { kind: 'syn-ack', retransmission: false },
      c3: { kind: 'syn-ack', retransmission: true },
    });
  });

  it('classifies the sends of an unjudged side and the engine\'s own sends too', () => {
    const t = trace(['server'], [
      { t: 0, type: 'app', side: 'server', call: 'listen' },
      { t: 0, type: 'app', side: 'client', call: 'connect' },
      { t: 1, type: 'send', side: 'client', id: 'c1', segment: seg(['SYN'], 7) },
      { t: 2, type: 'drop', id: 'c1' },
      { t: 3000, type: 'timeout', side: 'client', timer: 'retransmit' },
      { t: 3000, type: 'send', side: 'client', id: 'c2', segment: seg(['SYN'], 7), origin: 'auto' },
    ]);
    const r = checkTrace(t);
    expect(r.summary.judged).toBe(0);
    expect(sends(t, r)).toEqual([['c1', { kind: 'syn', retransmission: false }], ['c2', { kind: 'syn', retransmission: true }]]);
  });

  it('judges a refused answer against the endpoint as it was: a resend after it is a first send', () => {
    const t = trace(['client'], [
      { t: 0, type: 'app', side: 'client', call: 'connect' },
      { t: 1, type: 'send', side: 'client', id: 'c1', segment: seg(['SYN', 'ACK'], 7) },
      { t: 1, type: 'send', side: 'client', id: 'c2', segment: seg(['SYN'], 7) },
    ]);
    const r = checkTrace(t);
    expect(r.events[1]?.verdict?.ok).toBe(false);
    expect(sends(t, r)).toEqual([['c1', { kind: 'syn', retransmission: false }], ['c2', { kind: 'syn', retransmission: false }]]);
  });
});

describe('the abort call (an addition to version 1)', () => {
  const aborted = (): Trace => fixture('11-abort.json');

  it('is read by the schema and by the quick path alike, and a bytes field on it is refused', () => {
    const t = aborted();
    expect(quickValid(t)).toBe(true);
    expect(TraceSchema.safeParse(t).success).toBe(true);
    const withBytes = structuredClone(t);
    const call = withBytes.events.find((e) => e.type === 'app' && e.call === 'abort') as Record<string, unknown>;
    call.bytes = 5;
    expect(quickValid(withBytes)).toBe(false);
    const r = checkTrace(withBytes);
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => i.message)).toContain('only a send call carries bytes');
  });

  it('judges the RST that follows it as the abort\'s reset, and the same RST without it as a reset nobody owed', () => {
    const t = aborted();
    const i = t.events.findIndex((e) => e.type === 'send' && e.id === 'r1');
    expect(checkTrace(t).events[i]?.verdict).toEqual({ ok: true, errors: [], kind: 'rst' });
    const without = structuredClone(t);
    without.events = without.events.filter((e) => !(e.type === 'app' && e.call === 'abort'));
    const v = checkTrace(without).events[i - 1]?.verdict;
    expect(v?.ok).toBe(false);
    // Still ESTABLISHED: declaring CLOSED is a state not reached yet, as with no abort it is.
    expect(v?.errors.map((e) => e.rule)).toEqual(['flags.rst-not-expected', 'state.still-established']);
  });
});


describe('a connect that reuses the ports of an earlier connection (an addition to version 1)', () => {
  const reconnected = (): Trace => fixture('12-incarnation.json');
  const again = (t: Trace) => t.events.find((e) => e.type === 'app' && e.call === 'connect' && e.reuse === true) as Record<string, unknown>;

  it('is read by the schema and by the quick path alike, and refused on any call but connect', () => {
    const t = reconnected();
    expect(quickValid(t)).toBe(true);
    expect(TraceSchema.safeParse(t).success).toBe(true);
    for (const call of ['listen', 'close', 'abort']) {
      const bad = structuredClone(t);
      again(bad).call = call;
      expect(quickValid(bad)).toBe(false);
      const r = checkTrace(bad);
      expect(r.valid).toBe(false);
      expect(r.issues.map((i) => i.message)).toContain('only a connect call carries reuse');
    }
    const notTrue = structuredClone(t);
    again(notTrue).reuse = false;
    expect(quickValid(notTrue)).toBe(false);
    expect(checkTrace(notTrue).valid).toBe(false);
  });

  it('asks the new ISN to lie above the old connection only when the connect says reuse', () => {
    const t = reconnected();
    const i = t.events.findIndex((e) => e.type === 'send' && e.id === 'c5');
    const low = structuredClone(t);
    (low.events[i] as { segment: Segment }).segment.seq = 900;
    const v = checkTrace(low).events[i]?.verdict;
    expect(v?.ok).toBe(false);
    expect(v?.errors).toEqual([{ field: 'seq', rule: 'seq.isn-above-last-connection', expected: 1003, got: 900 }]);
    // Without `reuse` the trace reads as before the field existed: any ISN opens the new connection.
    delete again(low).reuse;
    expect(checkTrace(low).events[i]?.verdict).toEqual({ ok: true, errors: [], kind: 'syn' });
  });
});
