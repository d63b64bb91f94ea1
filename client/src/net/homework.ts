import {
  advance, botSend, createRound, declareState, DEFAULT_ROUND_CONFIG, ERROR_TEXT, findScenario, inPrelude, isFinished,
  nextDeadline, owedSends, scoreAnswer, sendSegment, startRound, viewFor,
  type ErrorCode, type FieldError, type Mode, type NetSettings, type Round, type Side, type StepOut, type TcpState,
} from '../../../shared/index';
import type { Bus } from '../bus';
import type { AppEvents } from './events';
import type { SegmentAnswer, StudentPort } from './port';

/** Time and timers, injected so that tests can run a round without waiting. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const BROWSER_CLOCK: Clock = {
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
  botDelayMs?: number;
  net?: NetSettings;
  seed?: number;
}

/** The homework pace presets: the classroom's, and a faster one for a student alone. */
export const HOMEWORK_PACE = {
  normal: { rtoMs: 20_000, mslMs: 15_000, net: DEFAULT_ROUND_CONFIG.net },
  fast: { rtoMs: 8_000, mslMs: 4_000, net: { ...DEFAULT_ROUND_CONFIG.net, delayMin: 400, delayMax: 900 } },
} as const;

/**
 * Homework mode: the shared round model runs in the page, the student plays one side and the
 * engine's bot the other. It answers on the bus with exactly the events the class server sends,
 * so the play screen cannot tell the difference.
 */
export class HomeworkRunner implements StudentPort {
  private round: Round;
  private readonly bot: Side;
  private startedAt = 0;
  private timer: unknown = null;
  private botTimer: unknown = null;
  private ended = false;
  private score = 0;
  private streak = 0;
  private declared: TcpState | null = null;
  private promptAt = 0;

  constructor(private readonly bus: Bus<AppEvents>, private readonly opts: HomeworkOptions, private readonly clock: Clock = BROWSER_CLOCK) {
    const scenario = findScenario(opts.scenario);
    if (!scenario) throw new Error(`unknown scenario ${opts.scenario}`);
    this.bot = opts.side === 'client' ? 'server' : 'client';
    const settings = { mode: opts.mode, net: opts.net ?? DEFAULT_ROUND_CONFIG.net, rtoMs: opts.rtoMs, mslMs: opts.mslMs };
    const seed = opts.seed ?? crypto.getRandomValues(new Uint32Array(1))[0]! % 2 ** 31;
    this.round = createRound(scenario, settings, seed, [opts.side]);
  }

  start(): void {
    this.startedAt = this.clock.now();
    const { side, mode, rtoMs, mslMs } = this.opts;
    this.bus.emit('roundStarted', { round: 1, scenario: this.round.scenario.id, mode, side, partner: 'bot', timing: { rtoMs, mslMs } });
    this.bus.emit('partnerStatus', { connected: true, bot: true });
    this.commit(startRound(this.round));
  }

  sendSegment(a: SegmentAnswer): void {
    if (!this.admit('sendSegment')) return;
    const side = this.opts.side;
    const owed = owedSends(this.round.eps[side]).length > 0;
    const segment = { flags: [...a.flags], seq: a.seq, ack: a.ack, len: a.len };
    const res = sendSegment(this.round, side, segment, a.state ? { declared: a.state } : {});
    const errors = res.verdict?.errors ?? [];
    if (a.state && errors.every((e) => e.field !== 'state')) this.declared = a.state;
    const scored = this.scoreIt(4 + (a.state ? 1 : 0), errors, owed);
    // The verdict goes out before the round can end (the server answers in the same order).
    this.commit(res, false);
    this.verdict(errors, scored);
  }

  declareState(state: TcpState): void {
    if (!this.admit('declareState')) return;
    const isNew = this.declared !== state;
    const res = declareState(this.round, this.opts.side, state);
    const errors = res.verdict?.errors ?? [];
    if (errors.length === 0) this.declared = state;
    const scored = this.scoreIt(1, errors, isNew);
    // The verdict goes out before the round can end (the server answers in the same order).
    this.commit(res, false);
    this.verdict(errors, scored);
  }

  leave(): void {
    this.ended = true;
    this.clearTimers();
  }

  private now(): number {
    return this.clock.now() - this.startedAt;
  }

  private admit(intent: string): boolean {
    const code: ErrorCode | null = this.ended ? 'no-round' : inPrelude(this.round) ? 'prelude' : null;
    if (code) {
      this.bus.emit('error', { code, message: { ...ERROR_TEXT[code] }, intent });
      return false;
    }
    this.catchUp();
    return true;
  }

  private scoreIt(fields: number, errors: FieldError[], owed: boolean): { points: number; streak: number } {
    const s = scoreAnswer({ fields, errors, owed, refusedCountsZero: this.opts.mode === 'practice', answeredInMs: this.now() - this.promptAt, timeBonus: false }, this.streak);
    this.score += s.points;
    this.streak = s.streak;
    return s;
  }

  private verdict(errors: FieldError[], scored: { points: number; streak: number }): void {
    const assessment = this.opts.mode === 'assessment';
    this.bus.emit('verdictGiven', { ok: errors.length === 0, recorded: assessment, errors: assessment ? [] : errors, points: scored.points, score: this.score, streak: scored.streak });
    this.maybeEnd();
  }

  private catchUp(): void {
    if (this.ended) return;
    const step = advance(this.round, this.now());
    if (step.out.length > 0) this.commit(step);
    else this.round = step.round;
  }

  private commit(step: StepOut, mayEnd = true): void {
    this.round = step.round;
    const seen = viewFor(step.out, this.opts.side, this.round);
    for (const e of seen) this.bus.emit('seatEvent', e);
    if (seen.length > 0 && owedSends(this.round.eps[this.opts.side]).length > 0) this.promptAt = this.now();
    this.schedule();
    if (mayEnd) this.maybeEnd();
  }

  /** Over when the scenario's end is reached and the student has said so (or sent nothing more is owed). */
  private maybeEnd(): void {
    if (this.ended || !isFinished(this.round)) return;
    if (this.declared !== this.round.eps[this.opts.side].state) return;
    this.ended = true;
    this.clearTimers();
    this.bus.emit('roundEnded', { round: 1, finished: true, score: this.score });
  }

  private schedule(): void {
    if (this.ended) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const at = nextDeadline(this.round);
    if (at !== null) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        if (!this.ended) this.commit(advance(this.round, this.now()));
      }, Math.max(0, at - this.now()));
    }
    if (this.botTimer === null && owedSends(this.round.eps[this.bot]).length > 0) {
      this.botTimer = this.clock.setTimeout(() => {
        this.botTimer = null;
        if (this.ended) return;
        this.catchUp();
        const res = botSend(this.round, this.bot);
        if (res) this.commit(res);
      }, this.opts.botDelayMs ?? 1200);
    }
  }

  private clearTimers(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    if (this.botTimer !== null) this.clock.clearTimeout(this.botTimer);
    this.timer = null;
    this.botTimer = null;
  }
}
