import {
  answer, clockView, createPlay, DEFAULT_ROUND_CONFIG, ROUND_DEFAULTS, ERROR_TEXT, findScenario, nextWakeup, otherSide, playView, startPlay, tickPlay,
  type AnswerReply, type Clock, type Mode, type NetSettings, type Play, type PlayerAnswer, type PlayStep, type Side, type TcpState,
} from '../../../shared/index';
import type { Bus } from '../bus';
import type { AppEvents } from './events';
import type { SegmentAnswer, StudentPort } from './port';

/** Time and timers, injected so that tests can run a round without waiting. */
export interface Clock2 {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
export type { Clock2 as WallClock };

export const BROWSER_CLOCK: Clock2 = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (h) => window.clearTimeout(h as number),
};

export interface HomeworkOptions {
  scenario: string;
  side: Side;
  mode: Mode;
  rtoMs: number;
  mslMs: number;
  /** Retransmission backoff (shared/round/backoff.ts); on unless false. */
  backoff?: boolean;
  botDelayMs?: number;
  net?: NetSettings;
  seed?: number;
  /** ISNs below 1000 (default: in practice). */
  textbook?: boolean;
}

/**
 * The homework pace presets: the classroom's, and a faster one for a student alone. Both keep the
 * lessons possible (shared/round/timing.ts): RTO > 4 × the largest delay (the stale SYN's wait),
 * 2×MSL > RTO + a round trip. Times are network time: nothing runs while the student thinks.
 */
export const HOMEWORK_PACE = {
  normal: { rtoMs: DEFAULT_ROUND_CONFIG.rtoMs, mslMs: DEFAULT_ROUND_CONFIG.mslMs, net: DEFAULT_ROUND_CONFIG.net },
  fast: { rtoMs: 4_000, mslMs: 3_000, net: { ...DEFAULT_ROUND_CONFIG.net, delayMin: 300, delayMax: 700 } },
} as const;

/**
 * Homework mode: the student plays one side against the engine's bot, with no server. The round is
 * the very play a class runs (shared/round/play.ts: network clock, judging, scoring, hints, what
 * the seat may see), stepped in the page; it answers on the bus with exactly the events the class
 * server sends, so the play screen cannot tell the difference.
 */
export class HomeworkRunner implements StudentPort {
  private play: Play;
  private startedAt = 0;
  private timer: unknown = null;
  private ended = false;

  constructor(private readonly bus: Bus<AppEvents>, private readonly opts: HomeworkOptions, private readonly clock: Clock2 = BROWSER_CLOCK) {
    const scenario = findScenario(opts.scenario);
    if (!scenario) throw new Error(`unknown scenario ${opts.scenario}`);
    const settings = {
      mode: opts.mode, net: opts.net ?? DEFAULT_ROUND_CONFIG.net, rtoMs: opts.rtoMs, mslMs: opts.mslMs,
      backoff: opts.backoff ?? ROUND_DEFAULTS.backoff, textbook: opts.textbook ?? opts.mode === 'practice',
    };
    const seed = opts.seed ?? crypto.getRandomValues(new Uint32Array(1))[0]! % 2 ** 31;
    const bot = otherSide(opts.side);
    this.play = createPlay(scenario, settings, seed, { [opts.side]: true, [bot]: false } as Record<Side, boolean>, { botDelayMs: opts.botDelayMs ?? ROUND_DEFAULTS.botDelayMs });
  }

  /** The play as it stands (tests). */
  get state(): Play {
    return this.play;
  }

  start(): void {
    this.startedAt = this.clock.now();
    const { side, mode, rtoMs, mslMs } = this.opts;
    const round = this.play.round;
    this.bus.emit('roundStarted', { round: 1, scenario: round.scenario.id, mode, side, partner: 'bot', timing: { rtoMs, mslMs, backoff: round.settings.backoff ?? ROUND_DEFAULTS.backoff }, textbook: round.settings.textbook === true, showLosses: false });
    this.bus.emit('partnerStatus', { connected: true, bot: true });
    this.commit(startPlay(this.play, 0));
  }

  sendSegment(a: SegmentAnswer): void {
    const segment = { flags: [...a.flags], seq: a.seq, ack: a.ack, len: a.len };
    this.answer('sendSegment', { kind: 'send', segment, ...(a.state ? { state: a.state } : {}), ...(a.seen !== undefined ? { seen: a.seen } : {}), ...(a.peer !== undefined ? { peer: a.peer } : {}) }, a.rid);
  }

  declareState(state: TcpState, seen?: number, rid?: number): void {
    this.answer('declareState', { kind: 'declare', state, ...(seen !== undefined ? { seen } : {}) }, rid);
  }

  leave(): void {
    this.ended = true;
    this.clearTimer();
  }

  private wall(): number {
    return this.clock.now() - this.startedAt;
  }

  private answer(intent: 'sendSegment' | 'declareState', a: PlayerAnswer, rid?: number): void {
    if (this.ended) return this.refuse(intent, { kind: 'refused', code: 'no-round' }, rid);
    const step = answer(this.play, this.opts.side, a, this.wall());
    if (step.reply.kind === 'refused') return this.refuse(intent, step.reply, rid);
    const echo = rid !== undefined ? { rid } : {};
    // The answer's own events first, then the verdict, then (if it ended the round) the end: the
    // order the class server uses.
    this.commit(step, () => {
      const r = step.reply;
      if (r.kind !== 'verdict') return;
      this.bus.emit('verdictGiven', r.recorded ? { recorded: true, ...echo } : { recorded: false, ok: r.ok, errors: r.errors, points: r.points, score: r.score, streak: r.streak, ...echo });
    });
  }

  private refuse(intent: string, r: Extract<AnswerReply, { kind: 'refused' }>, rid?: number): void {
    this.bus.emit('error', { code: r.code, message: { ...ERROR_TEXT[r.code] }, intent, ...(rid !== undefined ? { rid } : {}) });
  }

  private commit(step: PlayStep, beforeEnd?: () => void): void {
    this.play = step.play;
    const side = this.opts.side;
    for (const e of playView(this.play, step.out, side)) this.bus.emit('seatEvent', e);
    for (const n of step.notices) {
      if (n.kind === 'clock') this.bus.emit('clock', seatClock(n, side));
      else if (n.kind === 'hint' && n.side === side) this.bus.emit('hint', { owes: n.owes, waitedMs: n.waitedMs });
    }
    beforeEnd?.();
    if (this.play.done && !this.ended) {
      this.ended = true;
      this.clearTimer();
      const seat = this.play.seats[side];
      this.bus.emit('roundEnded', { round: 1, finished: true, done: true, lesson: step.notices.some((n) => n.kind === 'done' && n.lesson) || playLessonOf(this.play), score: seat.score, correct: seat.correct, answers: seat.answers });
      return;
    }
    this.schedule();
  }

  private schedule(): void {
    this.clearTimer();
    if (this.ended) return;
    const at = nextWakeup(this.play);
    if (at === null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (!this.ended) this.commit(tickPlay(this.play, this.wall()));
    }, Math.max(0, at - this.wall()));
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** The clock as the seat sees it now (tests). */
  clockNow(): Clock {
    return seatClock(clockView(this.play, this.wall()), this.opts.side);
  }
}

function playLessonOf(play: Play): boolean {
  return (play.round.scenario.lesson ?? []).every((l) => play.round.fired[l.side].includes(l.row));
}

function seatClock(c: { net: number; running: boolean; paused: boolean; waiting: Side[] }, side: Side): Clock {
  return { t: Math.round(c.net), running: c.running, paused: c.paused, waiting: c.waiting.map((s) => (s === side ? 'you' : 'partner')) };
}
