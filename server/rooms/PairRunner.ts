import {
  advance, botSend, countInputs, createRound, setClock, declareState, historyFor, injectFault, inPrelude, isFinished, nextDeadline, owedSends,
  scoreAnswer, sendSegment, startRound, viewFor, SIDES,
  type FieldError, type HostInjection, type PairSummary, type Round, type RoundOutput, type RoundSettings, type Scenario,
  type SeatEvent, type Segment, type Side, type StepOut, type TcpState,
} from '../../shared/index';
import type { Recorder, RoundKey } from '../replay/recorder';

/** What a pair's runner needs from its room: a clock, a recorder, and ways to reach people. */
export interface PairHost {
  setTimeout(fn: () => void, ms: number): { clear(): void };
  recorder: Recorder;
  /** A human seat's player sees these events (already filtered by viewFor). */
  toSeat(pairId: string, side: Side, events: SeatEvent[]): void;
  /** The host sees these events of the pair (dashboard, projector ladder). */
  toHost(pairId: string, events: SeatEvent[]): void;
  /** Something changed that the public state or the dashboard shows. */
  changed(pairId: string): void;
  /** A bot's think time before it answers, ms. */
  botDelayMs: number;
  now(): number;
}

export interface Seat {
  /** The player in this seat, or null for the bot. */
  playerId: string | null;
  name: string;
}

export interface AnswerResult {
  ok: boolean;
  errors: FieldError[];
  points: number;
  streak: number;
}

/**
 * One pair's round on the server: owns the pure Round, runs its clock, lets bots play, and makes
 * every step recorded before anyone is told. Every operation goes through one queue, so the
 * recorded order is the order things happened.
 */
export class PairRunner {
  round: Round;
  readonly key: RoundKey;
  readonly seats: Record<Side, Seat>;
  scores: Record<Side, number> = { client: 0, server: 0 };
  streaks: Record<Side, number> = { client: 0, server: 0 };
  declared: Record<Side, TcpState | null> = { client: null, server: null };
  lastMistake: { side: Side; rule: string } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: { clear(): void } | null = null;
  private botTimers: Partial<Record<Side, { clear(): void }>> = {};
  private startedAt = 0;
  private pausedAt: number | null = null;
  private promptAt: Record<Side, number> = { client: 0, server: 0 };
  private ended = false;

  constructor(
    private readonly host: PairHost,
    key: RoundKey,
    scenario: Scenario,
    settings: RoundSettings & { timeBonus: boolean },
    seed: number,
    seats: Record<Side, Seat>,
  ) {
    this.key = key;
    this.seats = seats;
    const judged = SIDES.filter((s) => seats[s].playerId !== null);
    this.round = createRound(scenario, settings, seed, judged);
    this.timeBonus = settings.timeBonus;
  }
  private readonly timeBonus: boolean;

  /** Round time: ms since the start, frozen while paused. */
  now(): number {
    return (this.pausedAt ?? this.host.now()) - this.startedAt;
  }

  get finished(): boolean {
    return isFinished(this.round);
  }

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  /** Run `op` after everything queued before it; errors are returned, never thrown into the room. */
  private enqueue<T>(op: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  start(): Promise<void> {
    return this.enqueue(async () => {
      this.startedAt = this.host.now();
      await this.commit(startRound(this.round));
    });
  }

  /**
   * A player's segment: judged, scored, and (if it goes on) given a fate. 'stale' (and nothing
   * happens) when the player had seen fewer inputs to its endpoint than it has been shown.
   */
  playerSend(side: Side, segment: Segment, declared: TcpState | undefined, seen?: number): Promise<AnswerResult | 'stale'> {
    return this.enqueue(async () => {
      if (this.isStale(side, seen)) return 'stale';
      this.holdClock();
      const owed = owedSends(this.round.eps[side]).length > 0;
      const res = sendSegment(this.round, side, segment, declared ? { declared } : {});
      const errors = res.verdict?.errors ?? [];
      const scored = this.score(side, 4 + (declared ? 1 : 0), errors, owed);
      if (declared && errors.every((e) => e.field !== 'state')) this.declared[side] = declared;
      await this.commit(res);
      return { ok: errors.length === 0, errors, ...scored };
    });
  }

  /** A player declares a state change with no segment ('stale' as for a send). */
  playerDeclare(side: Side, state: TcpState, seen?: number): Promise<AnswerResult | 'stale'> {
    return this.enqueue(async () => {
      if (this.isStale(side, seen)) return 'stale';
      this.holdClock();
      const isNew = this.declared[side] !== state;
      const res = declareState(this.round, side, state);
      const errors = res.verdict?.errors ?? [];
      const scored = this.score(side, 1, errors, isNew);
      if (errors.length === 0) this.declared[side] = state;
      await this.commit(res);
      return { ok: errors.length === 0, errors, ...scored };
    });
  }

  inject(injection: HostInjection): Promise<void> {
    return this.enqueue(async () => {
      await this.catchUp();
      await this.commit(injectFault(this.round, injection));
    });
  }

  /** The bot plays this seat from now on (a seat abandoned past the reconnection window). */
  botTakeOver(side: Side): Promise<void> {
    return this.enqueue(async () => {
      this.seats[side] = { playerId: null, name: 'bot' };
      this.scheduleBots();
    });
  }

  pause(): void {
    if (this.pausedAt !== null || this.ended) return;
    this.pausedAt = this.host.now();
    this.clearTimers();
  }

  resume(): void {
    if (this.pausedAt === null || this.ended) return;
    this.startedAt += this.host.now() - this.pausedAt;
    this.pausedAt = null;
    this.schedule();
  }

  /** Stop the clock and close the replay. */
  end(): Promise<void> {
    return this.enqueue(async () => {
      if (this.ended) return;
      this.ended = true;
      this.clearTimers();
      await this.host.recorder.closeRound(this.key, { finished: this.finished, scores: { ...this.scores }, endedAt: new Date(this.host.now()).toISOString() });
    });
  }

  /** Whether sends from players must wait (the engine is playing the handshake prelude). */
  get inPrelude(): boolean {
    return inPrelude(this.round);
  }

  /** What a seat has seen so far (for a reconnecting player or a newly watching projector). */
  history(audience: Side | 'host'): SeatEvent[] {
    return historyFor(this.round, audience);
  }

  /** Scripted calls fired plus finishing, as a share of the scenario. */
  progress(): number {
    const total = SIDES.reduce((n, s) => n + this.round.scenario.calls[s].length, 0) + 1;
    const done = SIDES.reduce((n, s) => n + this.round.nextCall[s], 0) + (this.finished ? 1 : 0);
    return Math.round((done / total) * 100) / 100;
  }

  summary(connected: (playerId: string) => boolean): PairSummary {
    const side = (s: Side) => ({
      name: this.seats[s].name,
      state: this.round.eps[s].state,
      declared: this.declared[s],
      connected: this.seats[s].playerId === null || connected(this.seats[s].playerId as string),
    });
    return {
      id: this.key.pairId,
      client: side('client'),
      server: side('server'),
      progress: this.progress(),
      finished: this.finished,
      score: this.scores.client + this.scores.server,
      lastMistake: this.lastMistake,
    };
  }

  // ── internals ──

  /** The answer was made before the newest input to the endpoint reached the player's screen. */
  private isStale(side: Side, seen: number | undefined): boolean {
    return seen !== undefined && seen < countInputs(historyFor(this.round, side), side);
  }

  private score(side: Side, fields: number, errors: FieldError[], owed: boolean): { points: number; streak: number } {
    const s = scoreAnswer(
      { fields, errors, owed, refusedCountsZero: this.round.settings.mode === 'practice', answeredInMs: this.now() - this.promptAt[side], timeBonus: this.timeBonus },
      this.streaks[side],
    );
    this.scores[side] += s.points;
    this.streaks[side] = s.streak;
    const first = errors[0];
    if (first) this.lastMistake = { side, rule: first.rule };
    return s;
  }

  /** A player acts: time moves on, but what fell due (and was not yet shown) happens after the answer. */
  private holdClock(): void {
    if (this.pausedAt === null && !this.ended) this.round = setClock(this.round, this.now());
  }

  /** Let the network and timers catch up with the wall clock before acting (a timer may lag). */
  private async catchUp(): Promise<void> {
    if (this.pausedAt !== null || this.ended) return;
    const step = advance(this.round, this.now());
    if (step.out.length > 0) await this.commit(step);
    else this.round = step.round;
  }

  /** Record, then tell: the step's events go to the recorder before any player sees them. */
  private async commit(step: StepOut): Promise<void> {
    const outputs: RoundOutput[] = step.out;
    // The round moves on only once its events are stored: until then (an asynchronous store) the
    // host's ladder, a reconnection's history and the dashboard read the round as stored, and a
    // failed append leaves it as it was.
    if (outputs.length > 0) await this.host.recorder.append(this.key, outputs.map((o) => o.event));
    this.round = step.round;
    if (outputs.length > 0) {
      for (const side of SIDES) {
        if (this.seats[side].playerId === null) continue;
        const seen = viewFor(outputs, side, this.round);
        if (seen.length > 0) {
          this.host.toSeat(this.key.pairId, side, seen);
          if (owedSends(this.round.eps[side]).length > 0) this.promptAt[side] = this.now();
        }
      }
      this.host.toHost(this.key.pairId, viewFor(outputs, 'host', this.round));
      this.host.changed(this.key.pairId);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.ended || this.pausedAt !== null) return;
    this.timer?.clear();
    this.timer = null;
    const at = nextDeadline(this.round);
    if (at !== null) {
      this.timer = this.host.setTimeout(() => {
        this.timer = null;
        void this.enqueue(() => this.tick());
      }, Math.max(0, at - this.now()));
    }
    this.scheduleBots();
  }

  private async tick(): Promise<void> {
    if (this.ended || this.pausedAt !== null) return;
    await this.commit(advance(this.round, this.now()));
  }

  private scheduleBots(): void {
    for (const side of SIDES) {
      if (this.seats[side].playerId !== null || this.botTimers[side] || this.ended || this.pausedAt !== null) continue;
      if (owedSends(this.round.eps[side]).length === 0) continue;
      this.botTimers[side] = this.host.setTimeout(() => {
        delete this.botTimers[side];
        void this.enqueue(async () => {
          if (this.ended || this.pausedAt !== null) return;
          await this.catchUp();
          const res = botSend(this.round, side);
          if (res) await this.commit(res);
          else this.scheduleBots();
        });
      }, this.host.botDelayMs);
    }
  }

  private clearTimers(): void {
    this.timer?.clear();
    this.timer = null;
    for (const side of SIDES) this.botTimers[side]?.clear();
    this.botTimers = {};
  }
}
