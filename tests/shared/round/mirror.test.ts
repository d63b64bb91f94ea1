import { describe, expect, it } from 'vitest';
import {
  advance, botSegment, mirroredRto, botSend, createMirror, createRound, declareState, historyFor, isFinished, mirrorSeatEvent, mirrorSeatEvents,
  namedState, nextDeadline, owedPeerSends, owedSends, owesAnySend, runningTimers, SCENARIOS, sendSegment, startRound, TIMERS, viewFor,
  SIDES, type EndpointMirror, type Mode, type Round, type RoundSettings, type SeatEvent, type Segment, type Side, type StepOut,
  type TimerName, type ViewOptions,
} from '../../../shared/index';

const NET = { loss: 0.2, delayMin: 10, delayMax: 200, duplicate: 0.15, reorder: 0.2 };
const settings = (mode: Mode): RoundSettings => ({ mode, net: NET, rtoMs: 400, mslMs: 500 });
/** How long the timer runs: the RTO the seat's own endpoint knows it has armed (backed off, shared/round/backoff.ts), or 2×MSL. */
const duration = (m: EndpointMirror, r: Round, timer: TimerName): number => (timer === 'retransmit' ? mirroredRto(m, r.settings.rtoMs, r.settings.backoff ?? true) : 2 * r.settings.mslMs);

/** A segment that is wrong whatever is owed: ack one off, a SYN with an ACK it may not carry, or seq one off. */
function wrong(seg: Segment): Segment {
  if (seg.flags.includes('ACK')) return { ...seg, flags: [...seg.flags], ack: (seg.ack + 1) >>> 0 };
  if (seg.flags.includes('SYN')) return { ...seg, flags: [...seg.flags, 'ACK'], ack: 0 };
  return { ...seg, flags: [...seg.flags], seq: (seg.seq + 1) >>> 0 };
}

interface Run {
  mode: Mode;
  view: ViewOptions;
  /** Every third answer is first tried wrong (refused in practice, carried on in assessment). */
  mistakes: boolean;
  /** The seat passes the carried-on segment for its own wrong answer (as the bot does). */
  passCarried: boolean;
}

interface Seen {
  round: Round;
  mirrors: Record<Side, EndpointMirror>;
  live: Record<Side, SeatEvent[]>;
}

/**
 * Two bots play a scenario over a lossy network, declaring each state the game names; each
 * seat's mirror folds the events that seat is shown, live, and `onEvent` sees each event with the
 * mirror before and after it. `check` runs after every step of the round.
 */
function play(
  scenarioIndex: number, seed: number, run: Run,
  check: (s: Seen) => void,
  onEvent: (side: Side, e: SeatEvent, before: EndpointMirror, after: EndpointMirror, round: Round) => void = () => undefined,
): Seen {
  let round = createRound(SCENARIOS[scenarioIndex]!, settings(run.mode), seed);
  const mirrors: Record<Side, EndpointMirror> = { client: createMirror(), server: createMirror() };
  const live: Record<Side, SeatEvent[]> = { client: [], server: [] };
  /** Assessment: the send id of a wrong answer → the correct segment the network carried on for it. */
  const carried = new Map<string, Segment>();
  const seen = (): Seen => ({ round, mirrors, live });
  const apply = (step: StepOut) => {
    round = step.round;
    for (const o of step.out) {
      const s = o.event.type === 'send' ? round.sends[o.event.id] : undefined;
      if (s?.standsFor) carried.set(s.standsFor, s.segment);
    }
    for (const side of SIDES) {
      for (const e of viewFor(step.out, side, round, run.view)) {
        const sub = run.passCarried && e.kind === 'sent' ? carried.get(e.id) : undefined;
        const before = mirrors[side];
        mirrors[side] = mirrorSeatEvent(before, e, side, sub);
        live[side].push(e);
        onEvent(side, e, before, mirrors[side], round);
      }
    }
    check(seen());
  };
  apply(startRound(round));
  let k = 0;
  for (let i = 0; i < 600 && !isFinished(round); i++) {
    const side = SIDES.find((s) => owesAnySend(round, s));
    if (side) {
      if (run.mistakes && k++ % 3 === 0) {
        const seg = botSegment(round.eps[side], 100 + k);
        if (seg) {
          apply(sendSegment(round, side, wrong(seg)));
          continue;
        }
        // A half-open connection's SYN+ACK (listen-queue.ts), answered wrong.
        const [peer] = owedSends(round.eps[side]).length === 0 ? owedPeerSends(round.eps[side]) : [];
        if (peer) {
          apply(sendSegment(round, side, wrong({ ...peer.segment, seq: peer.segment.seq ?? 100 + k }), { peer: peer.peer }));
          continue;
        }
      }
      const sent = botSend(round, side);
      if (sent) {
        apply(sent);
        apply(declareState(round, side, namedState(round.eps[side])));
        continue;
      }
    }
    const at = nextDeadline(round);
    if (at === null) break;
    apply(advance(round, at));
  }
  return seen();
}

const PRACTICE: Run = { mode: 'practice', view: { showLosses: false, assessment: false }, mistakes: false, passCarried: false };
const RUNS: [string, Run][] = [
  ['practice', PRACTICE],
  ['practice, losses shown', { ...PRACTICE, view: { showLosses: true, assessment: false } }],
  ['practice with refused answers', { ...PRACTICE, mistakes: true }],
  ['assessment with wrong answers carried on', { mode: 'assessment', view: { showLosses: false, assessment: true }, mistakes: true, passCarried: true }],
];
const SEEDS = [1, 2, 3, 4, 5];

describe('the endpoint mirror', () => {
  it('folds what a seat is shown into the endpoint the round holds for that side, at every step of every scenario', () => {
    let steps = 0;
    for (const [name, run] of RUNS) {
      for (let k = 0; k < SCENARIOS.length; k++) {
        for (const seed of SEEDS) {
          const end = play(k, seed, run, ({ round, mirrors }) => {
            steps++;
            for (const side of SIDES) {
              expect(mirrors[side].endpoint, `${name}: ${SCENARIOS[k]!.id} seed ${seed} ${side}`).toEqual(round.eps[side]);
              // The backoff the seat knows of its own endpoint is the round's.
              expect(mirrors[side].rtoExpiries ?? 0, `${name}: ${SCENARIOS[k]!.id} seed ${seed} ${side} backoff`).toBe(round.rtoExpiries?.[side] ?? 0);
            }
          });
          expect(isFinished(end.round), `${name}: ${SCENARIOS[k]!.id} seed ${seed}`).toBe(true);
        }
      }
    }
    expect(steps).toBeGreaterThan(2000);
  });

  it('rebuilds the same endpoint from a reconnecting seat’s history', () => {
    for (let k = 0; k < SCENARIOS.length; k++) {
      for (const seed of SEEDS) {
        const { round, mirrors } = play(k, seed, PRACTICE, () => undefined);
        for (const side of SIDES) expect(mirrorSeatEvents(historyFor(round, side), side)).toEqual(mirrors[side]);
      }
    }
  });

  it('runs each timer exactly when the round runs it: same start, same deadline, stopped when it is stopped', () => {
    let running = 0;
    for (const [name, run] of RUNS) {
      for (let k = 0; k < SCENARIOS.length; k++) {
        for (const seed of SEEDS) {
          play(k, seed, run, ({ round, mirrors }) => {
            for (const side of SIDES) {
              const on = runningTimers(mirrors[side]);
              for (const timer of TIMERS) {
                const due = round.net.due.filter((p) => p.kind === 'timeout' && p.side === side && p.timer === timer && p.peer === undefined).map((p) => p.at);
                const start = on[timer];
                expect(due, `${name}: ${SCENARIOS[k]!.id} seed ${seed} ${side} ${timer}`).toEqual(start === undefined ? [] : [start + duration(mirrors[side], round, timer)]);
                if (start !== undefined) running++;
              }
            }
          });
        }
      }
    }
    expect(running).toBeGreaterThan(1000);
  });

  it('agrees with every timeout the round reports: the timer that fires was started one timeout earlier', () => {
    const fired: Record<TimerName, number> = { retransmit: 0, time_wait: 0 };
    for (const [, run] of RUNS) {
      for (let k = 0; k < SCENARIOS.length; k++) {
        for (const seed of SEEDS) {
          play(k, seed, run, () => undefined, (side, e, before, after, round) => {
            // A half-open connection's timer (listen-queue.ts) is not one of the endpoint's own.
            if (e.kind !== 'timer' || e.peer !== undefined) return;
            fired[e.timer]++;
            expect(before.endpoint.timers[e.timer]).toBe(true);
            expect((before.timers[e.timer].startedAt ?? NaN) + duration(before, round, e.timer)).toBe(e.t);
            expect(after.timers[e.timer]).toEqual({ startedAt: before.timers[e.timer].startedAt, fired: true });
            expect(after.endpoint.timers[e.timer]).toBe(false);
          });
        }
      }
    }
    expect(fired.retransmit).toBeGreaterThan(20);
    expect(fired.time_wait).toBeGreaterThan(20);
  });

  it('says the retransmission timer fired until the segment is sent again, which restarts it at that send', () => {
    let resent = 0;
    for (let k = 0; k < SCENARIOS.length; k++) {
      for (const seed of SEEDS) {
        play(k, seed, PRACTICE, () => undefined, (side, e, before, after) => {
          if (e.kind !== 'sent' || e.side !== side || !before.timers.retransmit.fired) return;
          const first = before.endpoint.unacked[0];
          if (!first || e.segment.seq !== first.seq) return;
          resent++;
          expect(after.timers.retransmit).toEqual({ startedAt: e.t, fired: false });
        });
      }
    }
    expect(resent).toBeGreaterThan(20);
  });

  it('needs the carried-on segment in assessment: a seat that steps its own wrong answer can end elsewhere', () => {
    const run: Run = { mode: 'assessment', view: { showLosses: false, assessment: true }, mistakes: true, passCarried: false };
    let differ = 0;
    for (let k = 0; k < SCENARIOS.length; k++) {
      const { round, mirrors } = play(k, 1, run, () => undefined);
      for (const side of SIDES) if (JSON.stringify(mirrors[side].endpoint) !== JSON.stringify(round.eps[side])) differ++;
    }
    expect(differ).toBeGreaterThan(0);
  });

  it('ignores the partner’s sends, deliveries to the partner, losses, declarations and the network’s own copies', () => {
    const syn: Segment = { flags: ['SYN'], seq: 7, ack: 0, len: 0 };
    const m = createMirror();
    const others: SeatEvent[] = [
      { kind: 'sent', t: 1, id: 's1', side: 'server', segment: syn, origin: 'player' },
      { kind: 'sent', t: 1, id: 'c9', side: 'client', segment: syn, origin: 'network' },
      { kind: 'delivered', t: 2, id: 'c1', to: 'server', segment: syn },
      { kind: 'lost', t: 3, id: 'c1' },
      { kind: 'declared', t: 4, side: 'client', state: 'SYN_SENT' },
    ];
    for (const e of others) expect(mirrorSeatEvent(m, e, 'client')).toBe(m);
    // The same events, for the side they are about, do change it.
    expect(mirrorSeatEvent(m, others[0]!, 'server').endpoint.iss).toBe(7);
    expect(mirrorSeatEvent(m, others[2]!, 'server').endpoint.owe.resets).toHaveLength(1);
  });

  it('steps the carried-on segment in place of the seat’s own send, and only for its own send', () => {
    const shown: SeatEvent = { kind: 'sent', t: 5, id: 'c1', side: 'client', segment: { flags: ['SYN', 'ACK'], seq: 7, ack: 0, len: 0 }, origin: 'player' };
    const correct: Segment = { flags: ['SYN'], seq: 7, ack: 0, len: 0 };
    const m = mirrorSeatEvent(mirrorSeatEvent(createMirror(), { kind: 'app', t: 0, call: 'connect' }, 'client'), shown, 'client', correct);
    expect(m.endpoint.unacked).toEqual([{ seq: 7, len: 0, syn: true, fin: false, ack: false }]);
    expect(m.timers.retransmit).toEqual({ startedAt: 5, fired: false });
    const arrived: SeatEvent = { kind: 'delivered', t: 6, id: 's1', to: 'client', segment: { flags: ['SYN', 'ACK'], seq: 90, ack: 8, len: 0 } };
    expect(mirrorSeatEvent(m, arrived, 'client', correct).endpoint.irs).toBe(90);
  });
});
