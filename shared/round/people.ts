import { botSegment } from '../tcp/bot';
import { namedState } from '../tcp/endpoint';
import { expectedAfterSend } from '../tcp/judge';
import { seqAdd } from '../tcp/seq';
import { SIDES, TCP_STATES, type Segment, type Side, type TcpState } from '../tcp/types';
import { nextFloat, nextInt, nextUint32, seedRng } from '../net/rng';
import {
  answer, createPlay, nextWakeup, seatOwes, startPlay, tickPlay,
  type Play, type PlayerAnswer, type PlayNotice, type PlayOptions,
} from './play';
import type { RoundSettings } from './round';
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
    const seg = botSegment(ep, isn()) as Segment;
    return { kind: 'send', segment: seg, state: expectedAfterSend(ep, seg).state, seen };
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
