/**
 * checkTrace reads plain data that `quickValid` passes as it is, and anything else through the
 * schema. So quickValid must never pass what the schema refuses, and the two ways in must give
 * the same report.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../../shared/trace/check';
import { quickValid } from '../../../shared/trace/quick-valid';
import { TraceSchema } from '../../../shared/trace/schema';
import { digest, randomTrace } from './corpus';

/** The same trace behind a root object the quick test does not take: the checker asks the schema. */
const viaSchema = (t: unknown): unknown => Object.assign(Object.create({ odd: true }) as object, t);

/** Values at and just beyond each field's bounds, and of the wrong kind. */
const EDGES: Record<string, unknown[]> = {
  t: [-1, -0, 0, 0.5, NaN, Infinity, '1', null],
  wall: [-1, -0, 0, 7.5, NaN, Infinity, '1', null, undefined],
  type: ['app', 'send', 'deliver', 'drop', 'timeout', 'state', 'teleport', 1],
  side: ['client', 'server', 'both', undefined, 0],
  call: ['listen', 'connect', 'send', 'close', 'accept', undefined],
  bytes: [0, 1, 1.5, 1e9, 1e9 + 1, -1, '5', undefined, null],
  id: ['', 'x', 'a'.repeat(64), 'a'.repeat(65), 5, undefined],
  segment: [null, [], {}, 'SYN'],
  state: ['CLOSED', 'TIME_WAIT', 'closed', undefined, null],
  origin: ['player', 'auto', 'network', 'bot', undefined, null],
  timer: ['retransmit', 'time_wait', 'keepalive', undefined],
  flags: [[], ['ACK'], ['ACK', 'ACK'], ['ACK', 'PSH'], ['SYN', 'ACK', 'FIN', 'RST', 'PSH'], ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'ACK'], ['ack'], 'ACK', [undefined]],
  seq: [-1, 0, 2 ** 32 - 1, 2 ** 32, 1.5, '1', NaN],
  ack: [-1, 0, 2 ** 32 - 1, 2 ** 32, 1.5, '1', undefined],
  len: [-1, 0, 65535, 65536, 1.5, '1', undefined],
  format: ['synack-trace', 'pcap', undefined],
  version: [1, 2, '1', 1.0000001, undefined],
  judge: [[], ['client'], ['client', 'client'], ['server', 'client'], ['x'], 'client', undefined],
  meta: [{}, { constructor: 1 }, { a: 1 }, null, [], 'm', undefined],
  events: [[], {}, null],
};
const ROOT_KEYS = new Set(['format', 'version', 'judge', 'meta', 'events']);
const SEGMENT_KEYS = new Set(['flags', 'seq', 'ack', 'len']);

/** A change somewhere in a trace: a field set to an edge value or anything, deleted, a stray key, an odd prototype, a hole. */
const change = fc.constantFrom(...Object.keys(EDGES)).chain((key) =>
  fc.record({
    at: fc.nat(),
    key: fc.constant(key),
    how: fc.constantFrom('set', 'set', 'set', 'delete', 'stray', 'null-proto', 'class', 'hole'),
    value: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(EDGES[key] as unknown[])) }, { weight: 1, arbitrary: fc.anything() }),
  }),
);

function mutate(trace: unknown, changes: { at: number; key: string; how: string; value: unknown }[]): unknown {
  const t = structuredClone(trace) as Record<string, unknown>;
  for (const c of changes) {
    const events = Array.isArray(t.events) ? (t.events as unknown[]) : [];
    const e = events[c.at % Math.max(1, events.length)] as Record<string, unknown> | undefined;
    const seg = e !== null && typeof e === 'object' ? e.segment : undefined;
    const segment = seg !== null && typeof seg === 'object' ? (seg as Record<string, unknown>) : undefined;
    // Where the key lives: the root, a segment, or an event; a hole or prototype change may hit a list.
    const lists = [t.judge, t.events, segment?.flags].filter((x) => Array.isArray(x));
    let target: unknown = ROOT_KEYS.has(c.key) ? t : SEGMENT_KEYS.has(c.key) ? (segment ?? e) : e;
    if ((c.how === 'hole' || c.how === 'class') && lists.length > 0 && c.at % 2 === 0) target = lists[c.at % lists.length];
    if (target === null || typeof target !== 'object') continue;
    const o = target as Record<string, unknown>;
    if (c.how === 'set') o[c.key] = c.value;
    else if (c.how === 'delete') delete o[c.key];
    else if (c.how === 'stray') o[`${c.key}_extra`] = c.value;
    else if (c.how === 'null-proto') Object.setPrototypeOf(o, null);
    else if (c.how === 'class') Object.setPrototypeOf(o, class Odd {}.prototype);
    else if (Array.isArray(o)) o.length += 1; // a hole at the end
  }
  return t;
}

describe('quickValid', () => {
  it('passes plain traces the schema accepts: the corpus\'s valid random traces', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const t = randomTrace(seed, 100);
      expect(quickValid(t), `seed ${seed}`).toBe(TraceSchema.safeParse(t).success);
    }
  });

  it('never passes what the schema refuses, and either way in gives the same report', () => {
    const traces = [1, 2, 3, 4, 5, 6].map((seed) => randomTrace(seed, 30));
    const seen = { quick: 0, schema: 0, invalid: 0 };
    fc.assert(
      fc.property(fc.nat(traces.length - 1), fc.array(change, { minLength: 1, maxLength: 4 }), (which, changes) => {
        const t = mutate(traces[which], changes);
        const schema = TraceSchema.safeParse(t).success;
        if (quickValid(t)) expect(schema).toBe(true);
        seen[quickValid(t) ? 'quick' : schema ? 'schema' : 'invalid'] += 1;
        expect(digest(checkTrace(t))).toBe(digest(checkTrace(viaSchema(t))));
      }),
      { numRuns: 800, seed: 15 },
    );
    // Each way in was taken many times: valid traces read as they are, valid ones only the schema
    // takes, and invalid ones.
    expect(Math.min(seen.quick, seen.schema, seen.invalid)).toBeGreaterThan(50);
  });

  it('refuses what only the schema may judge', () => {
    const t = randomTrace(1, 30) as { events: Record<string, unknown>[] };
    expect(quickValid(t)).toBe(true);
    expect(quickValid(viaSchema(t))).toBe(false);
    const bad = structuredClone(t);
    (bad.events[3] as Record<string, unknown>).t = -1;
    expect(quickValid(bad)).toBe(false);
    expect(checkTrace(bad).valid).toBe(false);
  });
});
