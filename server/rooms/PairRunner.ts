import {
  answer, clockView, createPlay, handToBot, injectPlay, namedState, nextWakeup, pausePlay, playHistory, playLesson, playView,
  resumePlay, seatOwes, startPlay, tickPlay, SIDES,
  type AnswerReply, type Clock, type HostInjection, type PairSummary, type Play, type PlayerAnswer, type PlayNotice, type PlayOptions,
  type PlayStep, type RoundSettings, type Scenario, type SeatEvent, type Side,
} from '../../shared/index';
import type { Recorder, RoundKey } from '../replay/recorder';

/** What a pair's runner needs from its room: a clock, a recorder, and ways to reach people. */
export interface PairHost {
  setTimeout(fn: () => void, ms: number): { clear(): void };
  recorder: Recorder;
  /** A human seat's player sees these events (already filtered by the play's view). */
  toSeat(pairId: string, side: Side, events: SeatEvent[]): void;
  /** A seat is told the pair's network clock (it changed pace, or whom it waits for). */
  clockToSeat(pairId: string, side: Side, clock: Clock): void;
  /** A seat has owed an answer for long: it gets a hint of what kind. */
  hintToSeat(pairId: string, side: Side, hint: { owes: 'send' | 'declare'; waitedMs: number }): void;
  /** The pair reached the goal by itself: each student is told, and the round is over for them. */
  pairDone(pairId: string): void;
  /** The host sees these events of the pair (dashboard, projector ladder). */
  toHost(pairId: string, events: SeatEvent[]): void;
  /** Something changed that the public state or the dashboard shows. */
  changed(pairId: string): void;
  now(): number;
}

export interface Seat {
  /** The player in this seat, or null for the bot. */
  playerId: string | null;
  name: string;
}

/**
 * One pair's round on the server. The round itself — clock, judging, scoring, what each seat is
 * told — is the pure play (shared/round/play.ts); the runner keeps the queue, the one timer, the
 * recorder and the fan-out. Every operation goes through one queue, so the recorded order is the
 * order things happened, and every step is stored before anyone is told (record, then tell).
 */
export class PairRunner {
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
    settings: RoundSettings,
    seed: number,
    seats: Record<Side, Seat>,
    options: Partial<PlayOptions>,
  ) {
    this.key = key;
    this.seats = seats;
    this.play = createPlay(scenario, settings, seed, { client: seats.client.playerId !== null, server: seats.server.playerId !== null }, options);
  }

  /** Wall ms since the round started. */
  private wall(): number {
    return this.host.now() - this.startedAt;
  }

  get finished(): boolean {
    return this.play.done;
  }

  get paused(): boolean {
    return this.play.paused;
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

  /** Whether sends from players must wait (the engine is playing the handshake prelude). */
  get inPrelude(): boolean {
    return !this.play.preludeSettled;
  }

  /** What a seat has seen so far (for a reconnecting player or a newly watching projector). */
  history(audience: Side | 'host'): SeatEvent[] {
    return playHistory(this.play, audience);
  }

  /** The clock as `side` sees it now. */
  clockFor(side: Side): Clock {
    return seatClock(clockView(this.play, this.ended ? this.play.clock.wall : this.wall()), side);
  }

  /** Scripted calls fired, plus finishing, as a share of the scenario. */
  progress(): number {
    const round = this.play.round;
    const total = SIDES.reduce((n, s) => n + round.scenario.calls[s].length, 0) + 1;
    const done = SIDES.reduce((n, s) => n + round.nextCall[s], 0) + (this.finished ? 1 : 0);
    return Math.round((done / total) * 100) / 100;
  }

  summary(connected: (playerId: string) => boolean): PairSummary {
    const wall = this.ended ? this.play.clock.wall : this.wall();
    const side = (s: Side) => {
      const seat = this.play.seats[s];
      const owes = seatOwes(this.play, s);
      return {
        name: this.seats[s].name,
        state: namedState(this.play.round.eps[s]),
        declared: seat.declared,
        connected: this.seats[s].playerId === null || connected(this.seats[s].playerId as string),
        bot: !seat.human,
        owes,
        ...(owes && seat.owingSince !== null ? { owingMs: Math.max(0, wall - seat.owingSince) } : {}),
      };
    };
    return {
      id: this.key.pairId,
      client: side('client'),
      server: side('server'),
      progress: this.progress(),
      finished: this.finished,
      lesson: playLesson(this.play),
      score: this.play.seats.client.score + this.play.seats.server.score,
      lastMistake: this.play.lastMistake,
    };
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
    if (step.out.length > 0) {
      for (const side of SIDES) {
        if (this.seats[side].playerId === null) continue;
        const seen = playView(this.play, step.out, side);
        if (seen.length > 0) this.host.toSeat(pairId, side, seen);
      }
      this.host.toHost(pairId, playView(this.play, step.out, 'host'));
    }
    for (const n of step.notices) this.notify(n);
    if (step.out.length > 0 || step.notices.length > 0) this.host.changed(pairId);
    if (this.play.done && !this.closed) {
      await this.close();
      this.host.pairDone(pairId);
    }
    this.schedule();
  }

  private notify(n: PlayNotice): void {
    const pairId = this.key.pairId;
    if (n.kind === 'clock') {
      for (const side of SIDES) if (this.seats[side].playerId !== null) this.host.clockToSeat(pairId, side, seatClock(n, side));
    } else if (n.kind === 'hint') {
      if (this.seats[n.side].playerId !== null) this.host.hintToSeat(pairId, n.side, { owes: n.owes, waitedMs: n.waitedMs });
    }
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

/** The clock as one seat is told it: whom it waits for, as "you" and "your partner". */
function seatClock(c: { net: number; running: boolean; paused: boolean; waiting: Side[] }, side: Side): Clock {
  return {
    t: Math.round(c.net),
    running: c.running,
    paused: c.paused,
    waiting: c.waiting.map((s) => (s === side ? 'you' : 'partner')),
  };
}
