import { botSegment } from '../tcp/bot';
import { owedPeerSends } from '../tcp/listen-queue';

type OwedPeer = ReturnType<typeof owedPeerSends>[number]['segment'];
import { namedState } from '../tcp/endpoint';
import { expectedAfterSend } from '../tcp/judge';
import { seqAdd } from '../tcp/seq';
import { SIDES, TCP_STATES, type Segment, type Side, type TcpState } from '../tcp/types';
import { nextFloat, nextInt, nextUint32, seedRng } from '../net/rng';
import {
  answer, createPlay, nextWakeup, seatOwes, startPlay, tickPlay,
  type Play, type PlayerAnswer, type PlayNotice, type PlayOptions,
} from './play';
import { lessonHappened, type RoundSettings } from './round';
import type { Scenario } from './scenarios';

/*
 * People at the pace of people, in virtual time: each seat a person plays answers only after a
 * random think time of seconds, sometimes wrong first, exactly through the answer pipeline a class
 * uses (play.ts). Pure and seeded: the same arguments replay the same round. Used by the
 * human-pace tests and simulations; the bots of the browser tests think in real seconds instead.
 */

export interface PeopleOptions {
  /** Which seats people play (the others: the in-round bot). */
  humans: Record<Side, boolean>;
  /** Think time before each answer, wall ms, drawn uniformly. */
  thinkMs: [number, number];
  /** Chance that an answer is first given wrong (one field off, or a wrong state). */
  wrongRate: number;
  /** Seed of the people (think times, mistakes, their ISNs); the network has the round's seed. */
  seed: number;
  /** Give up after this much wall time (ms). */
  maxWallMs?: number;
  play?: Partial<PlayOptions>;
}

export interface PeopleResult {
  play: Play;
  /** The round ended by itself (both ends at the goal, nothing owed or in flight). */
  done: boolean;
  /** Wall ms when it ended (or when the simulation gave up). */
  wallMs: number;
  answers: number;
  /** Answers given wrong on purpose. */
  wrong: number;
  /** Answers given back as stale (an input crossed them). */
  stale: number;
  notices: PlayNotice[];
}

interface Person {
  /** When the person answers (wall ms), or null while they owe nothing. */
  at: number | null;
  /** The inputs they had seen when they began to think (what the answer is based on). */
  seen: number;
  /** The next answer is the wrong-first one. */
  wrongFirst: boolean;
}

/** Play `scenario` with people in the seats `opts.humans` names, in virtual time. */
export function simulatePeople(scenario: Scenario, settings: RoundSettings, roundSeed: number, opts: PeopleOptions): PeopleResult {
  let rng = seedRng(opts.seed);
  const draw = (min: number, max: number) => {
    const d = nextInt(rng, min, max);
    rng = d.state;
    return d.value;
  };
  const chance = (p: number) => {
    const d = nextFloat(rng);
    rng = d.state;
    return d.value < p;
  };
  const isn = () => {
    const d = settings.textbook ? nextInt(rng, 100, 999) : nextUint32(rng);
    rng = d.state;
    return d.value;
  };
  const maxWall = opts.maxWallMs ?? 6 * 60 * 60_000;
  let play = createPlay(scenario, settings, roundSeed, opts.humans, opts.play);
  const people: Record<Side, Person> = { client: { at: null, seen: 0, wrongFirst: false }, server: { at: null, seen: 0, wrongFirst: false } };
  const notices: PlayNotice[] = [];
  let wall = 0;
  let answers = 0;
  let wrong = 0;
  let stale = 0;
  const adopt = (step: { play: Play; notices: PlayNotice[] }) => {
    play = step.play;
    notices.push(...step.notices);
    for (const side of SIDES) {
      if (!opts.humans[side] || !play.seats[side].human) continue;
      const p = people[side];
      if (seatOwes(play, side) && p.at === null) {
        p.at = wall + draw(opts.thinkMs[0], opts.thinkMs[1]);
        p.seen = play.seats[side].inputs;
        p.wrongFirst = chance(opts.wrongRate);
      } else if (!seatOwes(play, side)) p.at = null;
    }
  };
  adopt(startPlay(play, 0));
  for (let guard = 0; guard < 10_000 && !play.done && wall <= maxWall; guard++) {
    const times = SIDES.map((s) => people[s].at).filter((t): t is number => t !== null);
    const wake = nextWakeup(play);
    const next = Math.min(...times, wake ?? Infinity);
    if (!Number.isFinite(next)) break; // nothing will ever happen: stuck
    wall = Math.max(wall, next);
    const side = SIDES.find((s) => people[s].at !== null && (people[s].at as number) <= wall);
    if (side === undefined) {
      adopt(tickPlay(play, wall));
      continue;
    }
    const person = people[side];
    const a = compose(play, side, person, isn);
    const mistaken = person.wrongFirst;
    person.wrongFirst = false;
    const res = answer(play, side, mistaken ? spoil(a, play.round.eps[side].state) : a, wall);
    answers += 1;
    if (mistaken) wrong += 1;
    person.at = null;
    if (res.reply.kind === 'refused' && res.reply.code === 'stale') stale += 1;
    adopt(res);
    // Still owing (a refused answer, or more to do): think again, a little.
    if (seatOwes(play, side) && person.at === null) {
      person.at = wall + draw(Math.min(3000, opts.thinkMs[0]), Math.max(3000, Math.round(opts.thinkMs[1] / 3)));
      person.seen = play.seats[side].inputs;
    }
  }
  return { play, done: play.done, wallMs: wall, answers, wrong, stale, notices };
}

/** What a person who knows TCP answers now: the segment owed (with the state after it), or the state. */
function compose(play: Play, side: Side, person: Person, isn: () => number): PlayerAnswer {
  const ep = play.round.eps[side];
  const seen = person.seen;
  if (seatOwes(play, side) === 'send') {
    const main = botSegment(ep, isn());
    if (main) return { kind: 'send', segment: main, state: expectedAfterSend(ep, main).state, seen };
    // Nothing owed on the connection: a half-open connection's SYN+ACK is (listen-queue.ts).
    const [owed] = owedPeerSends(ep);
    const s = owed?.segment as OwedPeer;
    return { kind: 'send', segment: { ...s, flags: [...s.flags], seq: s.seq ?? isn() }, state: 'SYN_RCVD', seen, peer: owed?.peer as string };
  }
  return { kind: 'declare', state: namedState(ep), seen };
}

/** The same answer with one mistake in it. */
function spoil(a: PlayerAnswer, rfcState: TcpState): PlayerAnswer {
  if (a.kind === 'declare') {
    const wrongState = a.state === rfcState ? TCP_STATES[(TCP_STATES.indexOf(a.state) + 3) % TCP_STATES.length] as TcpState : rfcState;
    return { ...a, state: wrongState };
  }
  const s = a.segment;
  if (s.flags.includes('ACK')) return { ...a, segment: { ...s, flags: [...s.flags], ack: seqAdd(s.ack, 1) } };
  if (s.flags.includes('SYN')) return { ...a, segment: { ...s, flags: [...s.flags, 'ACK'], ack: 0 } };
  return { ...a, segment: { ...s, flags: [...s.flags], seq: seqAdd(s.seq, 1) } };
}

/** What the human-pace simulation of one scenario counted (issue 11's "Show it"). */
export interface PaceCounts {
  rounds: number;
  endedByThemselves: number;
  lessons: number;
  /** Rounds where a retransmission timer fired although nothing was dropped. */
  spuriousTimers: number;
  /**
   * Rounds where a segment reached the other side before, or in the same instant as, one its
   * sender had sent earlier, with no reordering set (the settings' reorder rate is 0).
   */
  overtaken: number;
  retransmissionTimers: number;
  answers: number;
  wrongFirst: number;
  stale: number;
  hints: number;
  lostFinalAck: { rounds: number; reAckInTimeWait: number };
  simultaneousOpen: { rounds: number; crossed: number };
  /** Wall minutes of every round. */
  wallMinutes: number[];
  /** Rounds that did not end, in words. */
  stuck: string[];
}

export function emptyPaceCounts(): PaceCounts {
  return {
    rounds: 0, endedByThemselves: 0, lessons: 0, spuriousTimers: 0, overtaken: 0, retransmissionTimers: 0, answers: 0, wrongFirst: 0, stale: 0, hints: 0,
    lostFinalAck: { rounds: 0, reAckInTimeWait: 0 }, simultaneousOpen: { rounds: 0, crossed: 0 }, wallMinutes: [], stuck: [],
  };
}

/**
 * The human-pace simulation of one scenario: both seats × {a person partner, the bot} × both
 * modes × `seeds`, people answering after `thinkMs`, `wrongRate` of answers wrong first.
 * `settingsFor(mode)` gives the round's settings (the class defaults, usually).
 */
export function simulatePace(scenario: Scenario, settingsFor: (mode: 'practice' | 'assessment') => RoundSettings, seeds: number, thinkMs: [number, number], wrongRate = 0.25): PaceCounts {
  const c = emptyPaceCounts();
  for (const mode of ['practice', 'assessment'] as const) {
    for (const studied of SIDES) {
      for (const partner of ['human', 'bot'] as const) {
        for (let seed = 1; seed <= seeds; seed++) {
          const humans: Record<Side, boolean> = { client: studied === 'client' || partner === 'human', server: studied === 'server' || partner === 'human' };
          const r = simulatePeople(scenario, settingsFor(mode), seed * 7919 + (studied === 'server' ? 1 : 0), {
            humans, thinkMs, wrongRate, seed: seed * 31 + (partner === 'bot' ? 7 : 0),
          });
          const { round } = r.play;
          // A half-open connection's timer (listen-queue.ts) runs out because its address never answers, by design.
          const rtos = round.events.filter((e) => e.type === 'timeout' && e.timer === 'retransmit' && e.peer === undefined).length;
          c.rounds += 1;
          if (r.done) c.endedByThemselves += 1;
          else c.stuck.push(`${scenario.id} ${mode} ${studied} with a ${partner} partner, seed ${seed}: waiting for ${r.play.waiting.join(', ') || 'nobody'}, ${round.eps.client.state}/${round.eps.server.state}`);
          if (lessonHappened(round)) c.lessons += 1;
          c.retransmissionTimers += rtos;
          // A SYN a full listen queue turned away is lost as surely as one the network dropped.
          const lost = round.events.some((e) => e.type === 'drop') || round.fired.server.includes('listen-rcv-syn-queue-full') || round.fired.client.includes('listen-rcv-syn-queue-full');
          if (rtos > 0 && !lost) c.spuriousTimers += 1;
          if (round.settings.net.reorder === 0 && overtook(round)) c.overtaken += 1;
          c.answers += r.answers;
          c.wrongFirst += r.wrong;
          c.stale += r.stale;
          c.hints += r.notices.filter((n) => n.kind === 'hint').length;
          c.wallMinutes.push(r.wallMs / 60_000);
          if (scenario.id === 'lost-final-ack') {
            c.lostFinalAck.rounds += 1;
            if (reAckedInTimeWait(r)) c.lostFinalAck.reAckInTimeWait += 1;
          }
          if (scenario.id === 'simultaneous-open') {
            c.simultaneousOpen.rounds += 1;
            // Each side went from SYN_SENT to SYN_RCVD and answered with a SYN+ACK (not an ACK: its
            // peer's SYN+ACK had not reached it before it answered the SYN).
            const wrong = new Set(round.wrong);
            const synAcked = (s: Side) => round.events.some((e, i) => e.type === 'send' && e.side === s && !wrong.has(i) && e.segment.flags.includes('SYN') && e.segment.flags.includes('ACK'));
            if (SIDES.every((s) => round.fired[s].includes('syn-sent-rcv-syn') && synAcked(s))) c.simultaneousOpen.crossed += 1;
          }
        }
      }
    }
  }
  return c;
}

/**
 * Whether a segment of the connection reached the other side before, or in the same instant as,
 * one its sender had sent earlier (each segment's first arrival; a duplicate's second copy and
 * segments from other addresses do not count, nor those the scenario's plan may hold back: a
 * hold lets later segments overtake on purpose, as the stale SYN's does).
 */
export function overtook(round: Play['round']): boolean {
  const holds = (round.scenario.faults?.plan ?? []).filter((rule) => rule.action === 'hold');
  const mayBeHeld = (side: Side, seg: Segment) => holds.some((rule) => rule.side === side && (rule.flags ?? []).every((f) => seg.flags.includes(f)));
  const sentAt = new Map<string, number>();
  const last: Record<Side, { order: number; t: number } | null> = { client: null, server: null };
  for (const [i, e] of round.events.entries()) {
    if (e.type === 'send') sentAt.set(e.id, i);
    if (e.type !== 'deliver') continue;
    const s = round.sends[e.id];
    const order = sentAt.get(e.id);
    if (!s || s.peer !== undefined || s.origin === 'network' || order === undefined || mayBeHeld(s.side, s.segment)) continue;
    sentAt.delete(e.id);
    const prev = last[s.side];
    if (prev && (order < prev.order || e.t <= prev.t)) return true;
    last[s.side] = { order, t: e.t };
  }
  return false;
}

/** The client ACKed the server's repeated FIN while in TIME_WAIT: an accepted client ACK after that arrival. */
function reAckedInTimeWait(r: PeopleResult): boolean {
  const { round } = r.play;
  if (!round.fired.client.includes('time-wait-rcv-fin')) return false;
  const wrong = new Set(round.wrong);
  let fins = 0;
  for (const [i, e] of round.events.entries()) {
    if (e.type === 'deliver' && round.sends[e.id]?.side === 'server' && round.sends[e.id]?.segment.flags.includes('FIN')) fins += 1;
    // After the server's FIN reached the client a second time: an accepted ACK of the client's.
    if (fins >= 2 && e.type === 'send' && e.side === 'client' && !wrong.has(i) && e.segment.flags.includes('ACK')) return true;
  }
  return false;
}

/** Add one scenario's counts into a total. */
export function addPaceCounts(total: PaceCounts, c: PaceCounts): void {
  for (const k of ['rounds', 'endedByThemselves', 'lessons', 'spuriousTimers', 'overtaken', 'retransmissionTimers', 'answers', 'wrongFirst', 'stale', 'hints'] as const) total[k] += c[k];
  total.lostFinalAck.rounds += c.lostFinalAck.rounds;
  total.lostFinalAck.reAckInTimeWait += c.lostFinalAck.reAckInTimeWait;
  total.simultaneousOpen.rounds += c.simultaneousOpen.rounds;
  total.simultaneousOpen.crossed += c.simultaneousOpen.crossed;
  total.wallMinutes.push(...c.wallMinutes);
  total.stuck.push(...c.stuck);
}

/** The counts in one sentence, as the test and `npm run simulate` print them. */
export function describePace(t: PaceCounts, scenarios: number, seeds: number, think: [number, number]): string {
  const minutes = [...t.wallMinutes].sort((a, b) => a - b);
  const median = minutes[Math.floor(minutes.length / 2)] ?? 0;
  return `human-pace simulation: ${t.rounds} rounds (${scenarios} scenarios × 2 seats × {pair, bot} × {practice, assessment} × ${seeds} seeds, think ${think[0] / 1000}–${think[1] / 1000} s); ` +
    `ended by themselves ${t.endedByThemselves}, lesson happened ${t.lessons}, retransmission timers without a loss ${t.spuriousTimers} ` +
    `(timers in the lossy scenarios ${t.retransmissionTimers}); lost final ACK re-ACKed in TIME_WAIT ${t.lostFinalAck.reAckInTimeWait}/${t.lostFinalAck.rounds}; ` +
    `simultaneous open crossed ${t.simultaneousOpen.crossed}/${t.simultaneousOpen.rounds}; rounds where a segment overtook an earlier one of its side ${t.overtaken}; answers ${t.answers}, wrong first ${t.wrongFirst}, ` +
    `stale ${t.stale}, long-wait hints ${t.hints}; median round ${median.toFixed(1)} min of wall time`;
}
