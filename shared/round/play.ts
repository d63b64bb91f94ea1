import { namedState } from '../tcp/endpoint';
import type { FieldError } from '../tcp/judge';
import { owedPeerSends } from '../tcp/listen-queue';
import { otherSide, SIDES, type Segment, type Side, type TcpState } from '../tcp/types';
import {
  advance, botSend, createRound, declareState, injectFault as injectIntoRound, inPrelude, isFinished, lessonHappened, nextDeadline,
  sendSegment, setClock, startRound, type HostInjection, type Round, type RoundOutput, type RoundSettings, type StepOut,
} from './round';
import { ROUND_DEFAULTS } from './defaults';
import type { Scenario } from './scenarios';
import { owesSend } from './owes';
import { scoreAnswer } from './scoring';
import { historyFor, viewFor, type Audience, type SeatEvent, type ViewOptions } from './view';

/*
 * A round as people play it: the pure round (the network and both endpoints) plus each seat's
 * score, streak and declared state, and the pair's network clock. Everything a class room, the
 * homework page, the bots, the bench and the simulations do with a round goes through these pure
 * functions, so that one rule decides what time it is, what a player owes, what an answer earns
 * and what the player is told about it.
 *
 * Two clocks. Wall time is what the caller passes in (ms since the play began). Network time is
 * the round's own `now`: it runs while segments fly and timers count, and stands still while any
 * seat owes an answer — a person deciding what their TCP sends, or the bot "thinking" for show.
 * A real stack answers in microseconds; nobody's thinking is network time (GAME.md "Time, and
 * what an endpoint can know"). Pausing stops it too.
 */

export interface PlayOptions {
  /** Practice: show the full explanation (with the number) at the first mistake, not a hint. */
  answerAtOnce: boolean;
  /** Let the players see the whole network, losses included (younger classes). */
  showLosses: boolean;
  /** A small bonus for answering within a few seconds (off by default: an accessibility barrier). */
  timeBonus: boolean;
  /** A person who owes an answer this long (wall ms) gets a hint; 0: never. */
  hintAfterMs: number;
  /** How long the bot takes before it sends (wall ms; network time stands still meanwhile). */
  botDelayMs: number;
}

export const DEFAULT_PLAY_OPTIONS: PlayOptions = {
  answerAtOnce: false,
  showLosses: false,
  timeBonus: false,
  hintAfterMs: ROUND_DEFAULTS.hintAfterMs,
  botDelayMs: ROUND_DEFAULTS.botDelayMs,
};

export interface SeatPlay {
  /** A person plays this seat (judged); false: the bot. */
  human: boolean;
  score: number;
  streak: number;
  /** The state the player last declared (their badge), or null before any. */
  declared: TcpState | null;
  /** The player owes a declaration while the state the game names differs from this one. */
  settled: TcpState;
  /** Wall ms since when this seat has owed an answer, or null. */
  owingSince: number | null;
  /** The long-wait hint has been given in this owing period. */
  hinted: boolean;
  /** Rules hinted (first mistake, no number) since the last accepted answer or the last new input. */
  tried: string[];
  /** Inputs to the endpoint shown to this seat (countInputs): deliveries to it, its timers, its app calls. */
  inputs: number;
  /** Answers judged, and answers wholly correct. */
  answers: number;
  correct: number;
}

export interface PlayClock {
  /** Network time (the round's `now`) at wall time `wall`. */
  net: number;
  wall: number;
  /** Network time is passing. */
  running: boolean;
}

export interface Play {
  round: Round;
  seats: Record<Side, SeatPlay>;
  options: PlayOptions;
  clock: PlayClock;
  started: boolean;
  paused: boolean;
  pausedAt: number | null;
  /** The pair reached the goal, nobody owes anything: the round is over for them. */
  done: boolean;
  /** The seats the clock waits for now. */
  waiting: Side[];
  /** The clock as the seats were last told it (a clock notice goes out when it changes). */
  told: string;
  /** The end of the prelude has been handed to the players (their state set for them). */
  preludeSettled: boolean;
  lastMistake: { side: Side; rule: string } | null;
}

/** Something to tell people that is not a trace event. */
export type PlayNotice =
  /** The network clock started, stopped or now waits for other seats. */
  | { kind: 'clock'; net: number; running: boolean; paused: boolean; waiting: Side[] }
  /** A person has owed an answer for a long time. */
  | { kind: 'hint'; side: Side; owes: 'send' | 'declare'; waitedMs: number }
  /** Both ends reached the goal with nothing owed or in flight. */
  | { kind: 'done'; lesson: boolean };

export interface PlayStep {
  play: Play;
  /** Trace events (to record, then to show through viewFor). */
  out: RoundOutput[];
  notices: PlayNotice[];
}

/** A field at fault as the player is told it: at the first mistake on a rule, no expected value. */
export interface ToldError {
  field: FieldError['field'];
  rule: string;
  got: unknown;
  expected?: unknown;
  /** The first mistake on this rule: the hint text, without the answer. */
  hint?: true;
}

/** What the player who answered is told. Assessment mode tells nothing but "recorded". */
export type AnswerReply =
  | { kind: 'refused'; code: 'stale' | 'prelude' | 'round-paused' | 'no-round' }
  | { kind: 'verdict'; recorded: true }
  | { kind: 'verdict'; recorded: false; ok: boolean; errors: ToldError[]; points: number; score: number; streak: number };

export type PlayerAnswer =
  /** `peer`: sent to that other address, the SYN+ACK of its half-open connection (listen-queue.ts). */
  | { kind: 'send'; segment: Segment; state?: TcpState; seen?: number; peer?: string }
  | { kind: 'declare'; state: TcpState; seen?: number };

function newSeat(human: boolean): SeatPlay {
  return { human, score: 0, streak: 0, declared: null, settled: 'CLOSED', owingSince: null, hinted: false, tried: [], inputs: 0, answers: 0, correct: 0 };
}

/** A play not yet started: `humans` says which seats people play (the others, the bot). */
export function createPlay(scenario: Scenario, settings: RoundSettings, seed: number, humans: Record<Side, boolean>, options: Partial<PlayOptions> = {}): Play {
  const judged = SIDES.filter((s) => humans[s]);
  return {
    round: createRound(scenario, settings, seed, judged),
    seats: { client: newSeat(humans.client), server: newSeat(humans.server) },
    options: { ...DEFAULT_PLAY_OPTIONS, ...options },
    clock: { net: 0, wall: 0, running: false },
    started: false,
    paused: false,
    pausedAt: null,
    done: false,
    waiting: [],
    told: '',
    preludeSettled: !scenario.prelude,
    lastMistake: null,
  };
}

/** What a seat owes now: a segment to send, a state to declare, or nothing. */
export function seatOwes(play: Pick<Play, 'round' | 'seats' | 'preludeSettled'>, side: Side): 'send' | 'declare' | null {
  const ep = play.round.eps[side];
  if (owesSend(ep) || owedPeerSends(ep).length > 0) return 'send';
  const seat = play.seats[side];
  if (seat.human && play.preludeSettled && namedState(ep) !== seat.settled) return 'declare';
  return null;
}

/** Network time at wall time `wall`. */
export function netTimeAt(clock: PlayClock, wall: number): number {
  return clock.running ? clock.net + Math.max(0, wall - clock.wall) : clock.net;
}

/** What the seats see of this play beyond what their endpoint knows (view.ts). */
export function viewOptions(play: Play): ViewOptions {
  return { showLosses: play.options.showLosses, assessment: play.round.settings.mode === 'assessment' };
}

/** A step's events as `audience` may see them (the one filter point, view.ts). */
export function playView(play: Play, out: readonly RoundOutput[], audience: Audience): SeatEvent[] {
  return viewFor(out, audience, play.round, viewOptions(play));
}

/** Everything `audience` has been shown so far (a reconnecting player, a new projector). */
export function playHistory(play: Play, audience: Audience): SeatEvent[] {
  return historyFor(play.round, audience, viewOptions(play));
}

/** Start: the calls due at the start happen, and the clock begins. */
export function startPlay(play: Play, wall = 0): PlayStep {
  const p = copy(play);
  const acc = newAcc();
  p.started = true;
  p.clock = { net: 0, wall, running: false };
  p.round = setClock(p.round, 0, wall);
  take(p, acc, startRound(p.round));
  review(p, acc, wall);
  catchUp(p, acc, wall);
  return finish(p, acc);
}

/** Let wall time pass to `wall`: deliveries, losses and timers due in network time, the bot's moves, long-wait hints. */
export function tickPlay(play: Play, wall: number): PlayStep {
  const p = copy(play);
  const acc = newAcc();
  catchUp(p, acc, wall);
  return finish(p, acc);
}

/** The wall time of the next thing that will happen by itself, or null (nothing until someone acts). */
export function nextWakeup(play: Play): number | null {
  return nextAction(play)?.at ?? null;
}

/**
 * A person's answer: judged against what they have been shown, scored, and told back (redacted).
 * Practice: a wrong answer is refused and the first mistake on a rule gets a hint without the
 * number; assessment: it is recorded and carried on, and the player is told only "recorded".
 */
export function answer(play: Play, side: Side, a: PlayerAnswer, wall: number): PlayStep & { reply: AnswerReply } {
  const refused = refusal(play, side, a);
  if (refused) return { play, out: [], notices: [], reply: { kind: 'refused', code: refused } };
  const p = copy(play);
  const acc = newAcc();
  // The clock is held here: what fell due meanwhile (a timer that lagged) happens after the answer.
  syncTo(p, wall);
  const mode = p.round.settings.mode;
  const seat = p.seats[side];
  const ep = p.round.eps[side];
  const waited = seat.owingSince === null ? undefined : wall - seat.owingSince;
  let step: StepOut & { verdict?: { ok: boolean; errors: FieldError[] } };
  let fields: number;
  let owed: boolean;
  if (a.kind === 'send') {
    owed = a.peer !== undefined ? owedPeerSends(ep).some((o) => o.peer === a.peer) : owesSend(ep);
    step = sendSegment(p.round, side, a.segment, { ...(a.state ? { declared: a.state } : {}), ...(a.peer !== undefined ? { peer: a.peer } : {}) });
    fields = 4 + (a.state ? 1 : 0);
  } else {
    owed = namedState(ep) !== seat.settled;
    step = declareState(p.round, side, a.state);
    fields = 1;
  }
  const errors = step.verdict?.errors ?? [];
  const ok = errors.length === 0;
  take(p, acc, step);
  // The state declared with a send to a half-open connection is that connection's, not the player's badge.
  if (a.state !== undefined && !(a.kind === 'send' && a.peer !== undefined)) {
    if (ok) {
      seat.declared = a.state;
      seat.settled = a.state;
    } else if (mode === 'assessment') {
      // Answered: the declaration is recorded and the network carries on.
      seat.declared = a.state;
      seat.settled = namedState(p.round.eps[side]);
    }
  }
  const scored = scoreAnswer({ fields, errors, owed, refusedCountsZero: mode === 'practice', ...(waited !== undefined ? { answeredInMs: waited } : {}), timeBonus: p.options.timeBonus }, seat.streak);
  seat.score += scored.points;
  seat.streak = scored.streak;
  seat.answers += 1;
  if (ok) seat.correct += 1;
  const first = errors[0];
  if (first) p.lastMistake = { side, rule: first.rule };
  let reply: AnswerReply;
  if (mode === 'assessment') reply = { kind: 'verdict', recorded: true };
  else {
    const told = errors.map((e): ToldError => {
      if (p.options.answerAtOnce || seat.tried.includes(e.rule)) return { field: e.field, rule: e.rule, got: e.got, ...(e.expected !== undefined ? { expected: e.expected } : {}) };
      seat.tried = [...seat.tried, e.rule];
      return { field: e.field, rule: e.rule, got: e.got, hint: true };
    });
    if (ok) seat.tried = [];
    reply = { kind: 'verdict', recorded: false, ok, errors: told, points: scored.points, score: seat.score, streak: seat.streak };
  }
  review(p, acc, wall);
  catchUp(p, acc, wall);
  return { ...finish(p, acc), reply };
}

/** Why an answer cannot be taken now, if it cannot. */
function refusal(play: Play, side: Side, a: PlayerAnswer): 'stale' | 'prelude' | 'round-paused' | 'no-round' | null {
  if (!play.started || play.done || !play.seats[side].human) return 'no-round';
  if (play.paused) return 'round-paused';
  if (inPrelude(play.round)) return 'prelude';
  // Something reached the endpoint after the player's screen showed what the answer was based on.
  if (a.seen !== undefined && a.seen < play.seats[side].inputs) return 'stale';
  return null;
}

/** The host injects a fault into this pair (applied to the next matching segment). */
export function injectPlay(play: Play, injection: HostInjection, wall: number): PlayStep {
  const p = copy(play);
  const acc = newAcc();
  catchUp(p, acc, wall);
  take(p, acc, injectIntoRound(p.round, injection));
  review(p, acc, wall);
  catchUp(p, acc, wall);
  return finish(p, acc);
}

/** The bot plays `side` from now on (the host handed it over, or the player left for good). */
export function handToBot(play: Play, side: Side, wall: number): PlayStep {
  const p = copy(play);
  const acc = newAcc();
  catchUp(p, acc, wall);
  p.seats[side] = { ...p.seats[side], human: false, hinted: false };
  review(p, acc, wall);
  catchUp(p, acc, wall);
  return finish(p, acc);
}

export function pausePlay(play: Play, wall: number): PlayStep {
  if (play.paused || !play.started) return { play, out: [], notices: [] };
  const p = copy(play);
  const acc = newAcc();
  catchUp(p, acc, wall);
  p.paused = true;
  p.pausedAt = wall;
  review(p, acc, wall);
  return finish(p, acc);
}

export function resumePlay(play: Play, wall: number): PlayStep {
  if (!play.paused) return { play, out: [], notices: [] };
  const p = copy(play);
  const acc = newAcc();
  const away = wall - (p.pausedAt ?? wall);
  // A pause is nobody's thinking time: the bot's and the hint's waits resume where they were.
  for (const side of SIDES) {
    const seat = p.seats[side];
    if (seat.owingSince !== null) p.seats[side] = { ...seat, owingSince: seat.owingSince + away };
  }
  p.clock = { ...p.clock, wall };
  p.paused = false;
  p.pausedAt = null;
  review(p, acc, wall);
  catchUp(p, acc, wall);
  return finish(p, acc);
}

/** The clock as `audience` is told it: network time now, running or not, and whom it waits for. */
export function clockView(play: Play, wall: number): { net: number; running: boolean; paused: boolean; waiting: Side[] } {
  return { net: netTimeAt(play.clock, wall), running: play.clock.running, paused: play.paused, waiting: [...play.waiting] };
}

/** Whether the scenario's lesson has happened so far. */
export function playLesson(play: Play): boolean {
  return lessonHappened(play.round);
}

// ── internals ──

interface Acc {
  out: RoundOutput[];
  notices: PlayNotice[];
}

const newAcc = (): Acc => ({ out: [], notices: [] });

function finish(p: Play, acc: Acc): PlayStep {
  return { play: p, out: acc.out, notices: acc.notices };
}

function copy(play: Play): Play {
  return {
    ...play,
    seats: { client: { ...play.seats.client }, server: { ...play.seats.server } },
    clock: { ...play.clock },
    waiting: [...play.waiting],
  };
}

/** Move the clock to wall time `wall` (network time passes only while it runs). */
function syncTo(p: Play, wall: number): void {
  const at = Math.max(wall, p.clock.wall);
  const net = netTimeAt(p.clock, at);
  p.clock = { ...p.clock, net, wall: at };
  p.round = setClock(p.round, net, at);
}

/** Adopt a round step: its events, and the inputs they bring to each seat. */
function take(p: Play, acc: Acc, step: StepOut): void {
  p.round = step.round;
  for (const o of step.out) {
    acc.out.push(o);
    const e = o.event;
    let to: Side | null = null;
    if (e.type === 'app' || e.type === 'timeout') to = e.side;
    else if (e.type === 'deliver') {
      const s = p.round.sends[e.id];
      // A segment to another address reaches no seat.
      if (s && (s.peer === undefined || s.origin === 'network')) to = otherSide(s.side);
    }
    if (to) p.seats[to] = { ...p.seats[to], inputs: p.seats[to].inputs + 1, tried: [] };
  }
}

/** After anything happened: hand over the prelude's end, who owes since when, done, and the clock. */
function review(p: Play, acc: Acc, wall: number): void {
  if (!p.preludeSettled && p.round.preludeDone) {
    // The engine played the opening: the players are told the state it left them in.
    p.preludeSettled = true;
    for (const side of SIDES) {
      if (!p.seats[side].human) continue;
      const state = namedState(p.round.eps[side]);
      take(p, acc, declareState(p.round, side, state, 'auto'));
      p.seats[side] = { ...p.seats[side], declared: state, settled: state };
    }
  }
  const waiting: Side[] = [];
  for (const side of SIDES) {
    const owes = seatOwes(p, side);
    const seat = p.seats[side];
    if (owes) {
      waiting.push(side);
      if (seat.owingSince === null) p.seats[side] = { ...seat, owingSince: wall, hinted: false };
    } else if (seat.owingSince !== null) p.seats[side] = { ...seat, owingSince: null, hinted: false };
  }
  if (!p.done && p.started && waiting.length === 0 && isFinished(p.round)) {
    p.done = true;
    acc.notices.push({ kind: 'done', lesson: lessonHappened(p.round) });
  }
  const running = p.started && !p.paused && !p.done && waiting.length === 0;
  if (running !== p.clock.running) {
    // The clock changes pace at `wall`: settle the network time reached so far first.
    syncTo(p, wall);
    p.clock = { ...p.clock, running };
  }
  p.waiting = waiting;
  const told = `${running}|${p.paused}|${waiting.join()}`;
  if (told !== p.told) {
    p.told = told;
    acc.notices.push({ kind: 'clock', net: p.clock.net, running, paused: p.paused, waiting });
  }
}

type Action = { at: number; kind: 'net' } | { at: number; kind: 'bot'; side: Side } | { at: number; kind: 'hint'; side: Side };

/** The next thing that happens by itself, and its wall time. */
function nextAction(p: Play): Action | null {
  if (!p.started || p.done || p.paused) return null;
  let best: Action | null = null;
  const offer = (a: Action) => {
    if (!best || a.at < best.at) best = a;
  };
  if (p.clock.running) {
    const d = nextDeadline(p.round);
    if (d !== null) offer({ at: p.clock.wall + Math.max(0, d - p.clock.net), kind: 'net' });
  }
  for (const side of SIDES) {
    const seat = p.seats[side];
    if (seat.owingSince === null) continue;
    if (!seat.human && seatOwes(p, side) === 'send') offer({ at: seat.owingSince + p.options.botDelayMs, kind: 'bot', side });
    if (seat.human && !seat.hinted && p.options.hintAfterMs > 0) offer({ at: seat.owingSince + p.options.hintAfterMs, kind: 'hint', side });
  }
  return best;
}

/** Everything that happens by itself up to wall time `wall`, in order. */
function catchUp(p: Play, acc: Acc, wall: number): void {
  for (let guard = 0; guard < 100_000; guard++) {
    const next = nextAction(p);
    if (!next || next.at > wall) break;
    syncTo(p, next.at);
    if (next.kind === 'net') take(p, acc, advance(p.round, p.clock.net));
    else if (next.kind === 'bot') {
      const res = botSend(p.round, next.side);
      if (res) take(p, acc, res);
    } else {
      const seat = p.seats[next.side];
      p.seats[next.side] = { ...seat, hinted: true };
      acc.notices.push({ kind: 'hint', side: next.side, owes: seatOwes(p, next.side) ?? 'send', waitedMs: next.at - (seat.owingSince ?? next.at) });
    }
    review(p, acc, p.clock.wall);
  }
  syncTo(p, wall);
}
