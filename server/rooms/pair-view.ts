import {
  clockView, namedState, playLesson, seatOwes, SIDES,
  type Clock, type PairSummary, type Play, type RoundEnded, type RoundStarted, type SeatEvent, type Side,
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

/** Scripted calls fired, plus finishing, as a share of the scenario. */
export function pairProgress(play: Play): number {
  const round = play.round;
  const total = SIDES.reduce((n, s) => n + round.scenario.calls[s].length, 0) + 1;
  const done = SIDES.reduce((n, s) => n + round.nextCall[s], 0) + (play.done ? 1 : 0);
  return Math.round((done / total) * 100) / 100;
}

/** A pair on the host's dashboard at `wall`. */
export function pairSummary(pair: PairState, wall: number, connected: (playerId: string) => boolean): PairSummary {
  const { play, seats } = pair;
  const side = (s: Side) => {
    const seat = play.seats[s];
    const owes = seatOwes(play, s);
    const playerId = seats[s].playerId;
    return {
      name: seats[s].name,
      state: namedState(play.round.eps[s]),
      declared: seat.declared,
      connected: playerId === null || connected(playerId),
      bot: !seat.human,
      owes,
      ...(owes && seat.owingSince !== null ? { owingMs: Math.max(0, wall - seat.owingSince) } : {}),
    };
  };
  return {
    id: pair.key.pairId,
    client: side('client'),
    server: side('server'),
    progress: pairProgress(play),
    finished: play.done,
    lesson: playLesson(play),
    score: play.seats.client.score + play.seats.server.score,
    lastMistake: play.lastMistake,
  };
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
    timing: { rtoMs: round.settings.rtoMs, mslMs: round.settings.mslMs },
    showLosses: pair.play.options.showLosses,
    textbook: round.settings.textbook === true,
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
