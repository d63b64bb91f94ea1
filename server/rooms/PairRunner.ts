import {
  answer, createPlay, findScenario, handToBot, toScenarioFile, injectPlay, nextWakeup, pausePlay, playHistory, playLesson, playView, resumePlay, startPlay, tickPlay, SIDES,
  type AnswerReply, type Clock, type HostInjection, type Play, type PlayerAnswer, type PlayNotice, type PlayOptions,
  type PlayStep, type RoundSettings, type Scenario, type SeatEvent, type SeatStep, type Side,
} from '../../shared/index';
import type { Recorder, RoundKey } from '../replay/recorder';
import { clockAt, seatClock, type PairState, type Seat } from './pair-view';

export type { Seat } from './pair-view';

type ClockNotice = Extract<PlayNotice, { kind: 'clock' }>;

/**
 * What a runner tells one seat, one message per step: what it may see, the pair's clock (when it
 * changed pace or whom it waits for), a hint after a long wait.
 */
export interface SeatMessages {
  step: SeatStep;
}

/** What a pair's runner needs from its room: a clock, a recorder, and ways to reach people. */
export interface PairHost {
  setTimeout(fn: () => void, ms: number): { clear(): void };
  recorder: Recorder;
  /** A human seat's player is told these, already filtered: events of the play's view, the network clock, a hint. */
  toSeat<K extends keyof SeatMessages>(pairId: string, side: Side, type: K, messages: SeatMessages[K][]): void;
  /** The pair reached the goal by itself: each student is told, and the round is over for them. */
  pairDone(pairId: string): void;
  /** The host sees these events of the pair (dashboard, projector ladder). */
  toHost(pairId: string, events: SeatEvent[]): void;
  /** Something changed that the public state or the dashboard shows. */
  changed(pairId: string): void;
  now(): number;
}

/**
 * One pair's round on the server. The round itself — clock, judging, scoring, what each seat is
 * told — is the pure play (shared/round/play.ts); the runner keeps the queue, the one timer, the
 * recorder and the fan-out. Every operation goes through one queue, so the recorded order is the
 * order things happened, and every step is stored before anyone is told (record, then tell).
 * What the host and the students are shown of it is built in pair-view.ts.
 */
export class PairRunner implements PairState {
  play: Play;
  readonly key: RoundKey;
  readonly seats: Record<Side, Seat>;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: { clear(): void } | null = null;
  private startedAt = 0;
  private ended = false;
  private closed = false;

  constructor(
    private readonly host: PairHost,
    key: RoundKey,
    scenario: Scenario,
    private readonly settings: RoundSettings,
    private readonly seed: number,
    seats: Record<Side, Seat>,
    private readonly options: Partial<PlayOptions>,
  ) {
    this.key = key;
    this.seats = seats;
    this.play = createPlay(scenario, settings, seed, { client: seats.client.playerId !== null, server: seats.server.playerId !== null }, options);
  }

  /** Wall ms since the round started. */
  private wall(): number {
    return this.host.now() - this.startedAt;
  }

  /** Wall ms of the round now; once it ended, its last moment. */
  elapsed(): number {
    return this.ended ? this.play.clock.wall : this.wall();
  }

  get finished(): boolean {
    return this.play.done;
  }

  /** The round is over for this pair (ended by the host, or the class). */
  get over(): boolean {
    return this.ended;
  }

  /** Run `op` after everything queued before it; errors are returned, never thrown into the room. */
  private enqueue<T>(op: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The round enters the store (before anything of it happens). */
  open(startedAt: string): Promise<void> {
    return this.enqueue(async () => {
      const { key, seats, settings, options } = this;
      const scenario = this.play.round.scenario;
      // A custom scenario's definition is kept with the round (issue 16): the review shows it after a restart.
      const own = findScenario(scenario.id) ? {} : { scenarioFile: toScenarioFile(scenario) };
      await this.host.recorder.openRound({
        ...key, scenario: scenario.id, mode: settings.mode, seed: this.seed, settings: { ...settings, ...options, ...own },
        players: { client: seats.client.name, server: seats.server.name },
        playerIds: { client: seats.client.playerId, server: seats.server.playerId }, judge: [...this.play.round.judge], startedAt,
      });
    });
  }

  start(): Promise<void> {
    return this.enqueue(async () => {
      this.startedAt = this.host.now();
      await this.commit(startPlay(this.play, 0));
    });
  }

  /** A player's answer (a segment, or a declared state): judged, scored, and the redacted reply. */
  answer(side: Side, a: PlayerAnswer): Promise<AnswerReply> {
    return this.enqueue(async () => {
      if (this.ended) return { kind: 'refused', code: 'no-round' } as const;
      const step = answer(this.play, side, a, this.wall());
      await this.commit(step);
      return step.reply;
    });
  }

  inject(injection: HostInjection): Promise<void> {
    return this.enqueue(async () => {
      if (this.ended || this.play.done) return;
      await this.commit(injectPlay(this.play, injection, this.wall()));
    });
  }

  /** The bot plays this seat from now on (the host handed it over, or the player is gone). */
  botTakeOver(side: Side): Promise<void> {
    return this.enqueue(async () => {
      this.seats[side] = { playerId: null, name: 'bot' };
      if (this.ended || !this.play.seats[side].human) return;
      await this.commit(handToBot(this.play, side, this.wall()));
    });
  }

  pause(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.ended) await this.commit(pausePlay(this.play, this.wall()));
    });
  }

  resume(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.ended) await this.commit(resumePlay(this.play, this.wall()));
    });
  }

  /** Stop the clock and close the replay (once; a pair that finished by itself is closed already). */
  end(): Promise<void> {
    return this.enqueue(async () => {
      if (this.ended) return;
      this.ended = true;
      this.timer?.clear();
      this.timer = null;
      await this.close();
    });
  }

  /** What a seat has seen so far (for a reconnecting player or a newly watching projector). */
  history(audience: Side | 'host'): SeatEvent[] {
    return playHistory(this.play, audience);
  }

  /** The clock as `side` sees it now. */
  clockFor(side: Side): Clock {
    return clockAt(this.play, this.elapsed(), side);
  }

  // ── internals ──

  /** Record, then tell: the step's events go to the recorder before any player sees them. */
  private async commit(step: PlayStep): Promise<void> {
    // The play moves on only once its events are stored: until then (an asynchronous store) the
    // host's ladder, a reconnection's history and the dashboard read the round as stored, and a
    // failed append leaves it as it was.
    if (step.out.length > 0) await this.host.recorder.append(this.key, step.out.map((o) => o.event));
    this.play = step.play;
    const pairId = this.key.pairId;
    // A step's clock notices supersede one another (an answer stops the wait on one seat, what it
    // caused starts a wait on the other): each seat is told only the last.
    let clock: ClockNotice | undefined;
    for (const n of step.notices) if (n.kind === 'clock') clock = n;
    // Each seat is told the whole step in one message (its events, the clock, a hint): one frame
    // per seat and step, not one per event and one per clock.
    for (const side of SIDES) {
      if (this.seats[side].playerId === null) continue;
      const told: SeatStep = {};
      if (step.out.length > 0) {
        const seen = playView(this.play, step.out, side);
        if (seen.length > 0) told.events = seen;
      }
      if (clock) told.clock = seatClock(clock, side);
      for (const n of step.notices) if (n.kind === 'hint' && n.side === side) told.hint = { owes: n.owes, waitedMs: n.waitedMs };
      if (told.events || told.clock || told.hint) this.host.toSeat(pairId, side, 'step', [told]);
    }
    if (step.out.length > 0) this.host.toHost(pairId, playView(this.play, step.out, 'host'));
    if (step.out.length > 0 || step.notices.length > 0) this.host.changed(pairId);
    if (this.play.done && !this.closed) {
      await this.close();
      this.host.pairDone(pairId);
    }
    this.schedule();
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const scores = { client: this.play.seats.client.score, server: this.play.seats.server.score };
    await this.host.recorder.closeRound(this.key, { finished: this.finished, lesson: playLesson(this.play), scores, endedAt: new Date(this.host.now()).toISOString() });
  }

  private schedule(): void {
    this.timer?.clear();
    this.timer = null;
    if (this.ended || this.play.done) return;
    const at = nextWakeup(this.play);
    if (at === null) return;
    this.timer = this.host.setTimeout(() => {
      this.timer = null;
      void this.enqueue(async () => {
        if (!this.ended && !this.play.done) await this.commit(tickPlay(this.play, this.wall()));
      });
    }, Math.max(0, at - this.wall()));
  }
}
