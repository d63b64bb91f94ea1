import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawFate, type Fate, type NetSettings, PERFECT_NETWORK } from '../../../shared/net/faults';
import { nextFloat, nextInt, nextUint32, seedRng } from '../../../shared/net/rng';
import { roundTrace, type RoundSettings } from '../../../shared/round/round';
import { SCENARIOS, type Scenario } from '../../../shared/round/scenarios';
import { simulate, type FateSource } from '../../../shared/round/simulate';
import { createEndpoint, type Endpoint } from '../../../shared/tcp/endpoint';
import { step } from '../../../shared/tcp/step';
import { halfOpenOf } from '../../../shared/tcp/listen-queue';
import { canonicalFlags, FLAGS, otherSide, SYNCHRONIZED, type Flag, type Segment, type Side } from '../../../shared/tcp/types';
import { checkTrace } from '../../../shared/trace/check';
import type { Trace, TraceEvent } from '../../../shared/trace/schema';

// ── the network model of the properties ──

const MAX_DELAY = 500;
/** The RTO exceeds any one-way delay, and TIME_WAIT (2×MSL) several RTOs. */
const SETTINGS: RoundSettings = { mode: 'practice', net: PERFECT_NETWORK, rtoMs: 1000, mslMs: 2000 };
/** A segment (same side, seq and flags) is dropped at most this often, then delivered. */
const MAX_DROPS = 3;

/** What the network does with one transmission. */
type FateSpec =
  | { kind: 'drop'; after: number }
  | { kind: 'deliver'; delay: number }
  | { kind: 'duplicate'; delays: [number, number] };

const delayArb = fc.integer({ min: 0, max: MAX_DELAY });
const fateSpecArb: fc.Arbitrary<FateSpec> = fc.oneof(
  { weight: 2, arbitrary: delayArb.map((after): FateSpec => ({ kind: 'drop', after })) },
  { weight: 4, arbitrary: delayArb.map((delay): FateSpec => ({ kind: 'deliver', delay })) },
  { weight: 1, arbitrary: fc.tuple(delayArb, delayArb).map((delays): FateSpec => ({ kind: 'duplicate', delays })) },
);
/** The fates of the transmissions, in order (repeated cyclically when the round sends more). */
const fatesArb = fc.array(fateSpecArb, { minLength: 1, maxLength: 40 });
const seedArb = fc.integer({ min: 0, max: 0x7fffffff });

/**
 * A FateSource over the generated fates: transmission n gets fates[n mod length]. Loss, delay,
 * duplication and reordering (unequal delays) in any pattern, except that the same segment is not
 * dropped more than MAX_DROPS times, so that the round cannot be starved. Fresh state per run.
 */
function fateSource(specs: FateSpec[]): FateSource {
  const drops = new Map<string, number>();
  return ({ side, segment, n }): Fate => {
    const spec = specs[n % specs.length] ?? { kind: 'deliver', delay: 0 };
    if (spec.kind === 'deliver') return { kind: 'deliver', delays: [spec.delay] };
    if (spec.kind === 'duplicate') return { kind: 'deliver', delays: [...spec.delays] };
    const key = `${side} ${segment.seq} ${canonicalFlags(segment.flags).join('+')}`;
    const dropped = drops.get(key) ?? 0;
    if (dropped >= MAX_DROPS) return { kind: 'deliver', delays: [spec.after] };
    drops.set(key, dropped + 1);
    return { kind: 'drop', after: spec.after };
  };
}

function play(scenario: Scenario, specs: FateSpec[], seed: number) {
  return simulate(scenario, SETTINGS, seed, { fates: fateSource(specs) });
}

const isJudgedSend = (trace: Trace, e: TraceEvent): e is TraceEvent & { type: 'send' } =>
  e.type === 'send' && (e.origin ?? 'player') === 'player' && trace.judge.includes(e.side);

// Runs per scenario and property: enough to hit many fault patterns, cheap enough (≈ 3 s in all).
const RUNS = 100;

describe('two bots finish every scenario over any faulty network', () => {
  for (const scenario of SCENARIOS) {
    it(`finish "${scenario.id}" in ${scenario.end.client}/${scenario.end.server} under any loss, delay, duplication and reordering`, () => {
      fc.assert(
        fc.property(fatesArb, seedArb, (specs, seed) => {
          const res = play(scenario, specs, seed);
          expect(res.finished).toBe(true);
          expect({ client: res.round.eps.client.state, server: res.round.eps.server.state }).toEqual(scenario.end);
        }),
        { numRuns: RUNS },
      );
    });

    it(`produce only traces of "${scenario.id}" that the checker judges entirely correct`, () => {
      fc.assert(
        fc.property(fatesArb, seedArb, (specs, seed) => {
          const res = play(scenario, specs, seed);
          const report = checkTrace(roundTrace(res.round));
          expect(report.issues).toEqual([]);
          expect(report.valid).toBe(true);
          expect(report.summary.judged).toBeGreaterThan(0);
          expect(report.summary.correct).toBe(report.summary.judged);
          const wrong = report.events.filter((e) => e.verdict && !e.verdict.ok);
          expect(wrong).toEqual([]);
          // The checker, replaying the trace alone, ends where the round ended.
          expect(report.events.at(-1)?.states).toEqual({ client: res.round.eps.client.state, server: res.round.eps.server.state });
        }),
        { numRuns: RUNS },
      );
    });
  }
});

// ── single-field corruption of a judged send ──

/**
 * Each endpoint just before event `index`, folding the engine's `step` over the earlier events
 * exactly as the checker does (a correct trace: every player send is applied). Only the
 * bookkeeping (state, ISN, unacknowledged segments, queued bytes, owed resets...) is read from
 * it; what may be sent is decided by `stillCorrect` below, written from TCP.md and TRACE.md.
 */
function endpointsBefore(trace: Trace, index: number): Record<Side, Endpoint> {
  const eps: Record<Side, Endpoint> = { client: createEndpoint(), server: createEndpoint() };
  // `peer`: from another address (origin network) or to one (listen-queue.ts; a delivery there reaches nobody).
  const sent = new Map<string, { side: Side; segment: Segment; peer?: string; fromPeer: boolean }>();
  for (const e of trace.events.slice(0, index)) {
    if (e.type === 'app') {
      const queue = e.call === 'listen' ? { ...(e.backlog !== undefined ? { backlog: e.backlog } : {}), ...(e.synAckRetries !== undefined ? { synAckRetries: e.synAckRetries } : {}) } : {};
      eps[e.side] = step(eps[e.side], e.call === 'send' ? { type: 'app', call: 'send', bytes: e.bytes ?? 0 } : e.call === 'listen' ? { type: 'app', call: 'listen', ...queue } : e.reuse ? { type: 'app', call: e.call, reuse: true } : { type: 'app', call: e.call }).endpoint;
    } else if (e.type === 'send') {
      sent.set(e.id, { side: e.side, segment: e.segment, ...(e.peer !== undefined ? { peer: e.peer } : {}), fromPeer: e.origin === 'network' });
      if (e.origin !== 'network') eps[e.side] = step(eps[e.side], e.peer !== undefined ? { type: 'send', segment: e.segment, peer: e.peer } : { type: 'send', segment: e.segment }).endpoint;
    } else if (e.type === 'deliver') {
      const s = sent.get(e.id);
      if (s && (s.peer === undefined || s.fromPeer)) {
        const to = otherSide(s.side);
        eps[to] = step(eps[to], s.peer !== undefined ? { type: 'deliver', segment: s.segment, peer: s.peer } : { type: 'deliver', segment: s.segment }).endpoint;
      }
    } else if (e.type === 'timeout') {
      eps[e.side] = step(eps[e.side], e.peer !== undefined ? { type: 'timeout', timer: e.timer, peer: e.peer } : { type: 'timeout', timer: e.timer }).endpoint;
    }
  }
  return eps;
}

/**
 * Whether `g` is still a correct send for `ep` (TRACE.md "What the checker accepts as correct",
 * TCP.md). This is what makes some single-field corruptions legitimately still correct, and they
 * are exactly these:
 * - a SYN's seq when no ISN is chosen yet (the very first SYN, or a server's first SYN+ACK, also
 *   after a reset sent it back to LISTEN): any ISN is fine, but for a connect that reuses the
 *   ports of an earlier connection, whose new ISN must lie above where that one ended;
 * - `ack` on a segment without the ACK flag: the field is ignored;
 * - PSH added to or removed from a segment carrying data: PSH is optional on data;
 * - the length of new data changed to another value in 1..queued (or to 0 without PSH: a pure
 *   ACK), when no retransmission is due;
 * - FIN removed from a new FIN segment: what remains is a pure ACK or data carrying all the queued
 *   bytes, which may precede the FIN; FIN added where the app has closed, no FIN was sent and the
 *   segment carries all queued data;
 * - seq moved onto another unacknowledged segment with the same length and FIN: a retransmission
 *   of that one; a RST's seq or ack moved onto another reset that is owed.
 * (A SYN+ACK still owed once synchronized, after crossed SYN+ACKs in a simultaneous open, is
 * correct too, but no single-field change turns it into, or out of, another correct segment: the
 * bare ACK needs seq ISN + 1.)
 * Everything else is wrong: seq must be the next unsent byte or an unacknowledged segment's, ack
 * always the next expected byte once ACK is set, SYN only in the handshake, ACK always once
 * synchronized, FIN only after close and once, RST only where a reset is owed.
 */
function stillCorrect(ep: Endpoint, g: Segment): boolean {
  const f = new Set<Flag>(g.flags);
  const exactly = (...want: Flag[]) => f.size === want.length && want.every((w) => f.has(w));
  if (f.has('RST')) {
    return g.len === 0 && ep.owe.resets.some((r) =>
      r.withAck ? exactly('RST', 'ACK') && g.seq === r.seq && g.ack === r.ack : exactly('RST') && g.seq === r.seq);
  }
  // A new connection on the ports of an earlier one (`reuse`): its ISN lies above where that one ended.
  const freshOk = ep.lastSndNxt === null || ((g.seq - ep.lastSndNxt) | 0) > 0;
  if (ep.state === 'SYN_SENT') return exactly('SYN') && g.len === 0 && (ep.iss === null ? freshOk : g.seq === ep.iss);
  if (ep.state === 'SYN_RCVD') {
    if (exactly('SYN', 'ACK')) return g.len === 0 && g.ack === ep.rcvNxt && (ep.iss === null || g.seq === ep.iss);
    // An ACK the rules made owed in SYN_RCVD (a repeated SYN in a simultaneous open).
    return ep.owe.ack && ep.iss !== null && exactly('ACK') && g.len === 0 && g.seq === ep.sndNxt && g.ack === ep.rcvNxt;
  }
  if (!SYNCHRONIZED.includes(ep.state)) return false;
  // Synchronized before our SYN+ACK went out or was acknowledged (a simultaneous open whose
  // SYN+ACKs crossed, a close in SYN_RCVD): the SYN+ACK may still be sent, with the same ISN.
  const synAckDue = ep.owe.synAck || ep.unacked.some((u) => u.syn);
  if (synAckDue && exactly('SYN', 'ACK')) return g.len === 0 && g.ack === ep.rcvNxt && (ep.iss === null || g.seq === ep.iss);
  if (ep.iss === null) return false;
  if (!f.has('ACK') || f.has('SYN') || g.ack !== ep.rcvNxt) return false;
  if (f.has('PSH') && g.len === 0) return false;
  const fin = f.has('FIN');
  if (ep.unacked.some((u) => !u.syn && u.seq === g.seq && u.len === g.len && u.fin === fin)) return true;
  if (g.seq !== ep.sndNxt) return false;
  if (fin) return ep.closeCalled && ep.finSeq === null && g.len === ep.queued && !ep.owe.retransmit && !ep.owe.synAck;
  if (g.len === 0) return true;
  return ep.finSeq === null && g.len <= ep.queued && !ep.owe.retransmit;
}

/**
 * Whether `g` is still a correct send to `peer`, a half-open connection of the listen queue
 * (TCP.md "SYN flood"): exactly SYN+ACK, no data, acknowledging that address's SYN, with any ISN
 * the first time and the same one after.
 */
function stillCorrectToPeer(ep: Endpoint, peer: string, g: Segment): boolean {
  const entry = halfOpenOf(ep, peer);
  const f = new Set<Flag>(g.flags);
  if (!entry || f.size !== 2 || !f.has('SYN') || !f.has('ACK') || g.len !== 0) return false;
  return g.ack === wrap(entry.irs + 1) && (entry.iss === null || g.seq === entry.iss);
}

type Corruption =
  | { field: 'seq'; k: number; up: boolean }
  | { field: 'ack'; k: number; up: boolean }
  | { field: 'len'; r: number; grow: boolean }
  | { field: 'flags'; flag: Flag };

const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ field: fc.constant('seq' as const), k: fc.integer({ min: 1, max: 1000 }), up: fc.boolean() }),
  fc.record({ field: fc.constant('ack' as const), k: fc.integer({ min: 1, max: 1000 }), up: fc.boolean() }),
  fc.record({ field: fc.constant('len' as const), r: fc.nat({ max: 10_000 }), grow: fc.boolean() }),
  fc.record({ field: fc.constant('flags' as const), flag: fc.constantFrom(...FLAGS) }),
);

const MOD = 0x1_0000_0000;
const wrap = (n: number) => ((n % MOD) + MOD) % MOD;

/** The segment with exactly one field changed. */
function corrupt(g: Segment, c: Corruption): Segment {
  switch (c.field) {
    case 'seq':
      return { ...g, seq: wrap(g.seq + (c.up ? c.k : -c.k)) };
    case 'ack':
      return { ...g, ack: wrap(g.ack + (c.up ? c.k : -c.k)) };
    case 'len':
      // A pure control segment grows by 1..50; data grows by 1..50 or shrinks to 0..len-1.
      if (g.len === 0 || c.grow) return { ...g, len: g.len + 1 + (c.r % 50) };
      return { ...g, len: c.r % g.len };
    case 'flags':
      return { ...g, flags: g.flags.includes(c.flag) ? g.flags.filter((x) => x !== c.flag) : [...g.flags, c.flag] };
  }
}

describe('the checker catches any single-field corruption of a judged send', () => {
  it('reports verdict.ok === false at the corrupted event unless the change is still correct TCP', () => {
    let caught = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...SCENARIOS),
        fatesArb,
        seedArb,
        fc.nat(),
        corruptionArb,
        (scenario, specs, seed, pick, c) => {
          const res = play(scenario, specs, seed);
          const trace = roundTrace(res.round);
          const judged = trace.events.flatMap((e, i) => (isJudgedSend(trace, e) ? [i] : []));
          expect(judged.length).toBeGreaterThan(0);
          const index = judged[pick % judged.length]!;
          const event = trace.events[index] as TraceEvent & { type: 'send' };
          const ep = endpointsBefore(trace, index)[event.side];
          const oracle = (g: Segment) => (event.peer !== undefined ? stillCorrectToPeer(ep, event.peer, g) : stillCorrect(ep, g));
          // The oracle agrees that the bot's own segment is correct.
          expect(oracle(event.segment)).toBe(true);

          const bad = corrupt(event.segment, c);
          const events = trace.events.map((e, i) => (i === index ? { ...event, segment: bad } : e));
          const report = checkTrace({ ...trace, events });
          expect(report.valid).toBe(true);
          const verdict = report.events[index]?.verdict;
          expect(verdict).toBeDefined();
          const legit = oracle(bad);
          if (!legit) caught += 1;
          expect({ segment: bad, ok: verdict?.ok }).toEqual({ segment: bad, ok: legit });
          if (!legit) expect(verdict?.errors.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1500 },
    );
    // Most single-field changes are mistakes: the property is not vacuous.
    expect(caught).toBeGreaterThan(1000);
  });
});

// ── determinism ──

const LOSSY: NetSettings = { loss: 0.3, delayMin: 10, delayMax: 400, duplicate: 0.2, reorder: 0.2 };

describe('rounds are deterministic', () => {
  it('gives the identical trace for the same scenario, settings and seed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCENARIOS), seedArb, (scenario, seed) => {
        const settings = { ...SETTINGS, net: LOSSY };
        const a = simulate(scenario, settings, seed);
        const b = simulate(scenario, settings, seed);
        expect(roundTrace(b.round)).toEqual(roundTrace(a.round));
      }),
      { numRuns: 60 },
    );
  });

  it('gives a different trace for a different seed over a lossy network', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCENARIOS), seedArb, seedArb, (scenario, s1, s2) => {
        fc.pre(s1 !== s2);
        const settings = { ...SETTINGS, net: LOSSY };
        const a = roundTrace(simulate(scenario, settings, s1).round);
        const b = roundTrace(simulate(scenario, settings, s2).round);
        expect(b).not.toEqual(a);
      }),
      { numRuns: 60 },
    );
  });
});

// ── the seeded RNG and the fault model ──

const stateArb = fc.integer({ min: 0, max: 0xffffffff });

describe('the seeded RNG', () => {
  it('turns any integer seed into a uint32 state', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (seed) => {
        const s = seedRng(seed);
        expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
      }),
    );
  });

  it('draws floats in [0, 1) and a uint32 next state', () => {
    fc.assert(
      fc.property(stateArb, fc.integer({ min: 1, max: 50 }), (start, n) => {
        let state = start;
        for (let i = 0; i < n; i++) {
          const d = nextFloat(state);
          expect(d.value).toBeGreaterThanOrEqual(0);
          expect(d.value).toBeLessThan(1);
          expect(Number.isInteger(d.state) && d.state >= 0 && d.state <= 0xffffffff).toBe(true);
          state = d.state;
        }
      }),
    );
  });

  it('draws integers within [min, max] inclusive', () => {
    fc.assert(
      fc.property(stateArb, fc.integer({ min: -1e9, max: 1e9 }), fc.nat({ max: 2e9 }), (state, min, span) => {
        const max = min + span;
        const d = nextInt(state, min, max);
        expect(Number.isInteger(d.value)).toBe(true);
        expect(d.value).toBeGreaterThanOrEqual(min);
        expect(d.value).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('draws uint32 values', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const { value } = nextUint32(state);
        expect(Number.isInteger(value) && value >= 0 && value <= 0xffffffff).toBe(true);
      }),
    );
  });

  it('reaches both ends of a small range', () => {
    let state = seedRng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const d = nextInt(state, 0, 3);
      seen.add(d.value);
      state = d.state;
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });
});

const netArb: fc.Arbitrary<NetSettings> = fc
  .record({
    loss: fc.double({ min: 0, max: 0.9, noNaN: true }),
    a: fc.integer({ min: 0, max: 60_000 }),
    b: fc.integer({ min: 0, max: 60_000 }),
    duplicate: fc.double({ min: 0, max: 0.9, noNaN: true }),
    reorder: fc.double({ min: 0, max: 0.9, noNaN: true }),
  })
  .map(({ a, b, ...rest }) => ({ ...rest, delayMin: Math.min(a, b), delayMax: Math.max(a, b) }));

describe('drawFate', () => {
  it('drops nothing when loss is 0', () => {
    fc.assert(
      fc.property(netArb, stateArb, (net, rng) => {
        expect(drawFate({ ...net, loss: 0 }, rng).fate.kind).toBe('deliver');
      }),
    );
  });

  it('keeps every delay within delayMin..delayMax, plus delayMax + 1 for a reordered first copy', () => {
    fc.assert(
      fc.property(netArb, stateArb, (net, rng) => {
        const { fate } = drawFate(net, rng);
        const inRange = (d: number) => d >= net.delayMin && d <= net.delayMax;
        if (fate.kind === 'drop') {
          expect(fate.after).toBeGreaterThanOrEqual(Math.round(net.delayMin / 2));
          expect(fate.after).toBeLessThanOrEqual(Math.round(net.delayMax / 2));
          return;
        }
        expect(fate.delays.length === 1 || fate.delays.length === 2).toBe(true);
        const [first, second] = fate.delays;
        expect(inRange(first!) || inRange(first! - net.delayMax - 1)).toBe(true);
        if (second !== undefined) expect(inRange(second)).toBe(true);
        if (net.reorder === 0) expect(inRange(first!)).toBe(true);
        if (net.duplicate === 0) expect(fate.delays).toHaveLength(1);
      }),
    );
  });

  it('loses close to 20% of 2000 segments at loss 0.2 (fixed seed)', () => {
    const net: NetSettings = { ...PERFECT_NETWORK, loss: 0.2, delayMax: 100 };
    let rng = seedRng(20_261_121);
    let lost = 0;
    for (let i = 0; i < 2000; i++) {
      const d = drawFate(net, rng);
      rng = d.rng;
      if (d.fate.kind === 'drop') lost += 1;
    }
    expect(lost / 2000).toBeGreaterThanOrEqual(0.15);
    expect(lost / 2000).toBeLessThanOrEqual(0.25);
  });
});

// ── Old duplicates and a new incarnation: when TIME_WAIT ends first ──

describe('Old duplicates and a new incarnation, when the server’s TIME_WAIT ends before the new SYN arrives', () => {
  const incarnation = SCENARIOS.find((s) => s.id === 'incarnation') as Scenario;
  /** The client's SYNs after its first: the network loses the first `lost` of them. */
  const losing = (lost: number): FateSource => {
    let synsAfterFirst = -1;
    return ({ side, segment }) => {
      if (side !== 'client' || canonicalFlags(segment.flags).join() !== 'SYN') return { kind: 'deliver', delays: [100] };
      synsAfterFirst += 1;
      return synsAfterFirst >= 1 && synsAfterFirst <= lost ? { kind: 'drop', after: 100 } : { kind: 'deliver', delays: [100] };
    };
  };

  it('with no loss: the new SYN finds TIME_WAIT, the lesson happens and the fallback listen is never made', () => {
    const res = simulate(incarnation, SETTINGS, 5, { fates: losing(0) });
    expect(res.finished).toBe(true);
    expect(res.round.fired.server).toEqual(expect.arrayContaining(['time-wait-rcv-old-syn', 'time-wait-rcv-new-syn']));
    expect(res.round.events.filter((e) => e.type === 'app' && e.side === 'server' && e.call === 'listen')).toHaveLength(1);
  });

  it('with the new SYN lost past 2×MSL: the server’s app listens again and the round still ends, ESTABLISHED, without the new-incarnation row', () => {
    // RTO 1 s, 2×MSL 4 s: with backoff the third retry waits 1 + 2 + 4 s.
    const res = simulate(incarnation, SETTINGS, 5, { fates: losing(3) });
    expect(res.finished).toBe(true);
    expect({ client: res.round.eps.client.state, server: res.round.eps.server.state }).toEqual(incarnation.end);
    const trace = roundTrace(res.round);
    const listens = trace.events.filter((e) => e.type === 'app' && e.side === 'server' && e.call === 'listen');
    expect(listens).toHaveLength(2);
    expect(trace.events.some((e) => e.type === 'timeout' && e.side === 'server' && e.timer === 'time_wait')).toBe(true);
    expect(res.round.fired.server).not.toContain('time-wait-rcv-new-syn');
    expect(res.round.fired.server).toContain('listen-rcv-syn');
    const report = checkTrace(trace);
    expect(report.summary.correct).toBe(report.summary.judged);
  });
});
