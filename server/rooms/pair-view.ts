import {
  clockView, findScenario, namedState, playLesson, seatOwes, simulate, PERFECT_NETWORK, ROUND_DEFAULTS, SIDES,
  type Clock, type PairSummary, type Play, type RoundEnded, type RoundStarted, type Scenario, type SeatEvent, type Side, type TcpState,
} from '../../shared/index';
import { otherSide } from '../../shared/tcp/types';
import type { RoundKey } from '../replay/recorder';

/**
 * What the host and each student are shown of a pair's round, as pure functions of its play (the
 * wall time is a parameter). The runner (PairRunner.ts) keeps the round; the class model
 * (lesson.ts) builds its messages with these.
 */

export interface Seat {
  /** The player in this seat, or null for the bot. */
  playerId: string | null;
  name: string;
}

/** A pair's round as these views read it. */
export interface PairState {
  readonly play: Play;
  readonly key: RoundKey;
  readonly seats: Readonly<Record<Side, Seat>>;
  /** The round is over for this pair (the host ended it): a fault still armed will never be used. */
  readonly over?: boolean;
}

/** The clock as one seat is told it: whom it waits for, as "you" and "your partner". */
export function seatClock(c: { net: number; running: boolean; paused: boolean; waiting: Side[] }, side: Side): Clock {
  return {
    t: Math.round(c.net),
    running: c.running,
    paused: c.paused,
    waiting: c.waiting.map((s) => (s === side ? 'you' : 'partner')),
  };
}

/** The clock as `side` sees it at `wall` (ms since the round began). */
export function clockAt(play: Play, wall: number, side: Side): Clock {
  return seatClock(clockView(play, wall), side);
}

/** Sends a correct pair makes in a scenario on a network that loses nothing (by scenario, computed once). */
const REFERENCE = new WeakMap<Scenario, number>();

function referenceSends(play: Play): number {
  const scenario = play.round.scenario;
  let n = REFERENCE.get(scenario);
  if (n === undefined) {
    n = simulate(scenario, { ...play.round.settings, net: PERFECT_NETWORK }, 1).sends;
    REFERENCE.set(scenario, n);
  }
  return n;
}

/**
 * Segments the pair has put on the wire itself, correct ones only: not the engine's opening (a
 * prelude), not a stale duplicate the network made, not an answer the judge refused.
 */
export function pairSends(play: Play): number {
  const round = play.round;
  if (!play.preludeSettled) return 0;
  const wrong = new Set(round.wrong);
  const events = round.events;
  // A prelude ends where the players were told the state it left them in (the 'auto' declarations).
  const from = round.scenario.prelude ? events.findIndex((e) => e.type === 'state' && e.origin === 'auto') + 1 : 0;
  let n = 0;
  for (let i = from; i < events.length; i++) {
    const e = events[i]!;
    if (e.type === 'send' && e.origin !== 'network' && !wrong.has(i)) n += 1;
  }
  return n;
}

/**
 * What the pair has done, as a share of the round (0..1): its correct sends against those of a
 * correct pair on a perfect network, short of 1 until the round is done. 0 before anyone acts:
 * the application calls that start a round are the scenario's, not the pair's.
 */
export function pairProgress(play: Play): number {
  if (play.done) return 1;
  const total = referenceSends(play);
  const done = Math.min(pairSends(play) / Math.max(1, total), 0.95);
  return Math.round(done * 100) / 100;
}

/**
 * The state a seat has entered by what it did: the state the game names (a state begins with the
 * segment that makes it), except that an opening the engine plays (a prelude) is not the seat's
 * doing — until it is handed over, the seat is still CLOSED.
 */
export function seatState(play: Play, side: Side): TcpState {
  if (!play.preludeSettled) return 'CLOSED';
  return namedState(play.round.eps[side]);
}

/** The host's faults on this pair and where each is: armed, used, or cancelled once the round is over unused. */
export function pairFaults(play: Play, over: boolean): NonNullable<PairSummary['faults']> {
  const ended = over || play.done;
  return play.round.net.hostFaults.map(({ injection, status }) => ({
    kind: injection.kind,
    ...(injection.kind === 'drop-next' && injection.flag ? { flag: injection.flag } : {}),
    status: status === 'armed' && ended ? 'cancelled' : status,
  }));
}

/** What a pair's dashboard entry takes from its play alone (not the wall time, the seats' names or who is here). */
interface PlayPart {
  seats: Record<Side, { state: TcpState; declared: Play['seats'][Side]['declared']; owes: 'send' | 'declare' | null; points: number }>;
  progress: number;
  lesson: boolean;
  score: number;
}

/**
 * The part of each pair's play already summed up, kept with the pair (its latest play and what it
 * came to). A play is never changed once made (every step makes a new one), so a pair whose round
 * did not move since the last dashboard costs a lookup: the class's dashboard goes out after every
 * few answers, and working out what each of 30 pairs owes and how far it got, every time, was the
 * largest single cost at classroom pace. Keyed by the pair, not by the play: a table with an entry
 * for every play ever made, each dying with its play, is what V8 walks again and again in a full
 * collection (ephemerons).
 */
const PAIR_PARTS = new WeakMap<object, { play: Play; part: PlayPart }>();

function partOf(play: Play): PlayPart {
  const seat = (s: Side) => ({ state: seatState(play, s), declared: play.seats[s].declared, owes: seatOwes(play, s), points: play.seats[s].score });
  return {
    seats: { client: seat('client'), server: seat('server') },
    progress: pairProgress(play),
    lesson: playLesson(play),
    score: play.seats.client.score + play.seats.server.score,
  };
}

/** `pair`'s play summed up (once per play of the pair). */
function playPart(pair: Pick<PairState, 'play'>): PlayPart {
  const kept = PAIR_PARTS.get(pair);
  if (kept?.play === pair.play) return kept.part;
  const part = partOf(pair.play);
  PAIR_PARTS.set(pair, { play: pair.play, part });
  return part;
}

/** The pair's progress (pairProgress), worked out once per play of the pair. */
export function progressOf(pair: Pick<PairState, 'play'>): number {
  return playPart(pair).progress;
}

/** No host faults: one empty list for every pair that has none (most pairs, most of the time). */
const NO_FAULTS: NonNullable<PairSummary['faults']> = [];

/**
 * A pair on the host's dashboard at `wall`. Built for every pair of a class each time its dashboard
 * goes out (at most every DASHBOARD_MS while people answer): written without spreads, which make a
 * throwaway object each, and with one shared empty fault list. It was the server's largest
 * allocation at classroom pace.
 */
export function pairSummary(pair: PairState, wall: number, connected: (playerId: string) => boolean): PairSummary {
  const { play } = pair;
  const part = playPart(pair);
  const summary: PairSummary = {
    id: pair.key.pairId,
    client: seatSummary(pair, part, 'client', wall, connected),
    server: seatSummary(pair, part, 'server', wall, connected),
    progress: part.progress,
    finished: play.done,
    lesson: part.lesson,
    score: part.score,
    lastMistake: play.lastMistake,
    faults: play.round.net.hostFaults.length === 0 ? NO_FAULTS : pairFaults(play, pair.over === true),
  };
  if (play.started) summary.elapsedMs = Math.max(0, Math.round(wall));
  return summary;
}

function seatSummary(pair: PairState, part: PlayPart, s: Side, wall: number, connected: (playerId: string) => boolean): PairSummary['client'] {
  const seat = pair.play.seats[s];
  const { state, declared, owes, points } = part.seats[s];
  const playerId = pair.seats[s].playerId;
  const out: PairSummary['client'] = {
    name: pair.seats[s].name,
    state,
    declared,
    connected: playerId === null || connected(playerId),
    bot: !seat.human,
    owes,
    playerId,
    points,
  };
  if (owes && seat.owingSince !== null) out.owingMs = Math.max(0, wall - seat.owingSince);
  return out;
}

/** To one student: the round begins and this is their part; on reconnection, with what they had seen. */
export function roundStartedFor(pair: PairState, side: Side, resume?: { history: SeatEvent[]; clock: Clock }): RoundStarted {
  const round = pair.play.round;
  const seat = pair.play.seats[side];
  return {
    round: pair.key.round,
    scenario: round.scenario.id,
    mode: round.settings.mode,
    side,
    partner: pair.seats[otherSide(side)].name,
    timing: { rtoMs: round.settings.rtoMs, mslMs: round.settings.mslMs, backoff: round.settings.backoff ?? ROUND_DEFAULTS.backoff },
    showLosses: pair.play.options.showLosses,
    textbook: round.settings.textbook === true,
    // A custom scenario is not in the client's list: its texts come with the round (issue 16).
    ...(findScenario(round.scenario.id) ? {} : { about: { title: round.scenario.title, summary: round.scenario.summary, ...(round.scenario.achieved ? { achieved: round.scenario.achieved } : {}) } }),
    ...(resume ? { history: resume.history, clock: resume.clock, declared: seat.declared, ...(round.settings.mode === 'practice' ? { score: seat.score } : {}) } : {}),
  };
}

/** To one student: the round is over for them, and what they achieved. */
export function roundEndedFor(pair: PairState, side: Side, extra: Partial<RoundEnded> = {}): RoundEnded {
  const seat = pair.play.seats[side];
  return {
    round: pair.key.round,
    finished: pair.play.done,
    score: seat.score,
    done: pair.play.done,
    lesson: playLesson(pair.play),
    correct: seat.correct,
    answers: seat.answers,
    ...extra,
  };
}
