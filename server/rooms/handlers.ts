import { randomInt } from 'node:crypto';
import type { Client } from 'colyseus';
import {
  RoundConfigSchema, sidesFor, SIDES, textbookNumbers, validPairing,
  type AnswerReply, type HostInjection, type IntentType, type PlayerAnswer, type RoundEnded, type Side, type TcpState, type Segment, type SeatEvent,
} from '../../shared/index';
import type { ClassRoom } from './ClassRoom';
import { PairRunner } from './PairRunner';

/** The host's intents: configure, pair, start/pause/end, inject faults, watch a pair. */
export class HostHandlers {
  constructor(private readonly room: ClassRoom) {}

  /** A host (new or back) gets the current configuration, dashboard and watched ladder. */
  greet(client: Client): void {
    client.send('config', this.room.config);
    this.sendDashboard(client);
    const runner = this.room.watched ? this.room.runners.get(this.room.watched) : undefined;
    if (runner) client.send('ladder', { pairId: runner.key.pairId, events: runner.history('host'), reset: true });
  }

  sendDashboard(only?: Client): void {
    const r = this.room;
    const connected = (id: string) => r.state.players.get(id)?.connected ?? false;
    const runners = [...r.runners.values()];
    const running = r.state.phase === 'running' || r.state.phase === 'paused';
    const message = {
      round: r.state.round,
      pairs: runners.map((p) => p.summary(connected)),
      ...(running && runners.length > 0 ? { allDone: runners.every((p) => p.finished) } : {}),
    };
    if (only) only.send('dashboard', message);
    else r.toHosts('dashboard', message);
  }

  async handle(client: Client, type: IntentType, data: unknown): Promise<void> {
    const r = this.room;
    switch (type) {
      case 'configureRound': {
        const merged = RoundConfigSchema.safeParse({ ...r.config, ...(data as object), net: { ...r.config.net, ...((data as { net?: object }).net ?? {}) } });
        if (!merged.success) {
          // Timers that would break the lesson get their own code and the reason in both languages.
          const issues = merged.error.issues.slice(0, 5).map((i) => {
            const text = (i as { params?: { text?: { en: string; 'zh-CN': string } } }).params?.text;
            return { path: i.path.join('.'), message: i.message, ...(text ? { text } : {}) };
          });
          return r.reply(client, issues.some((i) => i.text) ? 'bad-timers' : 'bad-message', type, issues);
        }
        r.config = merged.data;
        r.state.scenario = r.config.scenario;
        r.state.mode = r.config.mode;
        r.toHosts('config', r.config);
        return;
      }
      case 'setPairs': {
        const pairs = (data as { pairs: { a: string; b: string | null }[] }).pairs;
        if (!validPairing(pairs, r.presentStudents())) return r.reply(client, 'bad-pairs', type);
        if (r.state.phase === 'running' || r.state.phase === 'paused') return r.reply(client, 'round-running', type);
        r.manualPairs = pairs;
        r.publishPairs(pairs, r.state.round + 1);
        return;
      }
      case 'startRound':
        return this.start(client);
      case 'pauseRound':
        if (r.state.phase !== 'running') return r.reply(client, 'no-round', type);
        r.state.phase = 'paused';
        await Promise.all([...r.runners.values()].map((p) => p.pause()));
        return;
      case 'resumeRound':
        if (r.state.phase !== 'paused') return r.reply(client, 'no-round', type);
        r.state.phase = 'running';
        await Promise.all([...r.runners.values()].map((p) => p.resume()));
        return;
      case 'handToBot': {
        const d = data as { pairId: string; side: Side };
        const runner = r.runners.get(d.pairId);
        if (!runner || (r.state.phase !== 'running' && r.state.phase !== 'paused')) return r.reply(client, 'unknown-pair', type);
        const playerId = runner.seats[d.side].playerId;
        if (playerId === null) return;
        await runner.botTakeOver(d.side);
        // The student whose seat it was is told the bot finishes it; the partner, that the bot plays.
        r.clientsOfPlayer.get(playerId)?.send('roundEnded', this.ended(runner, d.side, { handedToBot: true }));
        const partner = runner.seats[d.side === 'client' ? 'server' : 'client'].playerId;
        if (partner) r.clientsOfPlayer.get(partner)?.send('partnerStatus', { connected: true, bot: true });
        this.told.add(`${runner.key.pairId}/${d.side}`);
        this.sendDashboard();
        return;
      }
      case 'endRound':
        if (r.state.phase !== 'running' && r.state.phase !== 'paused') return r.reply(client, 'no-round', type);
        return this.endRound();
      case 'endClass':
        if (r.state.phase === 'running' || r.state.phase === 'paused') await this.endRound();
        r.state.phase = 'ended';
        r.broadcast('classEnded', { reason: 'host' });
        await r.lock();
        r.clock.setTimeout(() => void r.disconnect(), 2000);
        return;
      case 'injectFault': {
        const d = data as { target: string; kind: HostInjection['kind']; flag?: 'SYN' | 'ACK' | 'FIN'; ms?: number };
        const targets = d.target === 'all' ? [...r.runners.values()] : [r.runners.get(d.target)].filter((x) => x !== undefined);
        if (targets.length === 0) return r.reply(client, d.target === 'all' ? 'no-round' : 'unknown-pair', type);
        const injection: HostInjection = d.kind === 'delay-next' ? { kind: 'delay-next', ms: d.ms ?? 5000 } : d.kind === 'stale-syn' ? { kind: 'stale-syn' } : { kind: 'drop-next', ...(d.flag ? { flag: d.flag } : {}) };
        await Promise.all(targets.map((t) => t.inject(injection)));
        return;
      }
      case 'removeStudent': {
        const d = data as { playerId: string; block?: boolean };
        if (!r.removeStudent(d.playerId, d.block === true)) return r.reply(client, 'unknown-student', type);
        this.sendDashboard();
        return;
      }
      case 'renameStudent': {
        const d = data as { playerId: string; nickname: string };
        const refused = r.renameStudent(d.playerId, d.nickname);
        if (refused) return r.reply(client, refused, type);
        this.sendDashboard();
        return;
      }
      case 'watchPair': {
        const id = (data as { pairId: string | null }).pairId;
        const runner = id ? r.runners.get(id) : undefined;
        if (id && !runner) return r.reply(client, 'unknown-pair', type);
        r.watched = id;
        r.toHosts('ladder', { pairId: id ?? '', events: runner ? runner.history('host') : [], reset: true });
        return;
      }
      default:
        return r.reply(client, 'unknown-message', type);
    }
  }

  private async start(client: Client): Promise<void> {
    const r = this.room;
    if (r.state.phase === 'running' || r.state.phase === 'paused') return r.reply(client, 'round-running', 'startRound');
    if (r.state.phase === 'ended') return r.reply(client, 'class-ended', 'startRound');
    const scenario = r.scenarioOf();
    const pairs = r.pairsForNextRound();
    if (!scenario || pairs.length === 0) return r.reply(client, 'not-enough-players', 'startRound');
    const round = r.state.round + 1;
    r.state.round = round;
    r.publishPairs(pairs, round);
    r.runners = new Map();
    r.watched = null;
    this.told = new Set();
    const seed = randomInt(0, 2 ** 31);
    const { recorder, now } = r.services;
    const c = r.config;
    const settings = { mode: c.mode, net: c.net, rtoMs: c.rtoMs, mslMs: c.mslMs, textbook: textbookNumbers(c) };
    const options = { answerAtOnce: c.answerAtOnce, showLosses: c.showLosses, timeBonus: c.timeBonus, hintAfterMs: c.hintAfterS * 1000, botDelayMs: r.services.botDelayMs };
    const startedAt = new Date(now()).toISOString();
    const runners: PairRunner[] = [];
    let i = 0;
    for (const pair of pairs) {
      i += 1;
      const pairId = `pair${i}`;
      const sides = sidesFor(pair, round);
      const seat = (s: Side) => {
        const id = sides[s];
        return { playerId: id, name: id ? (r.state.players.get(id)?.nickname ?? id) : 'bot' };
      };
      const runner = new PairRunner(this.hostPort(), { code: r.roomId, round, pairId }, scenario, settings, seed + i, { client: seat('client'), server: seat('server') }, options);
      await recorder.openRound({
        code: r.roomId, round, pairId, scenario: scenario.id, mode: r.config.mode, seed: seed + i, settings: { ...settings, ...options },
        players: { client: runner.seats.client.name, server: runner.seats.server.name },
        playerIds: { client: runner.seats.client.playerId, server: runner.seats.server.playerId }, judge: [...runner.play.round.judge], startedAt,
      });
      r.runners.set(pairId, runner);
      runners.push(runner);
    }
    r.state.phase = 'running';
    for (const runner of runners) {
      for (const s of SIDES) {
        const id = runner.seats[s].playerId;
        const c = id ? r.clientsOfPlayer.get(id) : undefined;
        if (c) c.send('roundStarted', this.roundStarted(runner, s));
      }
    }
    await Promise.all(runners.map((x) => x.start()));
    this.sendDashboard();
  }

  roundStarted(runner: PairRunner, side: Side, history?: SeatEvent[]) {
    const other = side === 'client' ? 'server' : 'client';
    const round = runner.play.round;
    const seat = runner.play.seats[side];
    return {
      round: runner.key.round,
      scenario: round.scenario.id,
      mode: round.settings.mode,
      side,
      partner: runner.seats[other].name,
      timing: { rtoMs: round.settings.rtoMs, mslMs: round.settings.mslMs },
      showLosses: runner.play.options.showLosses,
      textbook: round.settings.textbook === true,
      ...(history ? { history, clock: runner.clockFor(side), declared: seat.declared, ...(round.settings.mode === 'practice' ? { score: seat.score } : {}) } : {}),
    };
  }

  /** Seats already told their round is over (the pair finished by itself, or the bot took it over). */
  private told = new Set<string>();

  /** What a student is told when the round is over for them. */
  private ended(runner: PairRunner, side: Side, extra: Partial<RoundEnded> = {}): RoundEnded {
    const seat = runner.play.seats[side];
    return {
      round: runner.key.round,
      finished: runner.finished,
      score: seat.score,
      done: runner.finished,
      lesson: runner.summary(() => true).lesson ?? false,
      correct: seat.correct,
      answers: seat.answers,
      ...extra,
    };
  }

  /** Assessment scores reach the synced state (and so the leaderboard) only once a pair's round is over. */
  private revealScores(runner: PairRunner): void {
    if (runner.play.round.settings.mode !== 'assessment') return;
    for (const s of SIDES) {
      const id = runner.seats[s].playerId;
      const info = id ? this.room.state.players.get(id) : undefined;
      if (info && !this.revealed.has(`${runner.key.pairId}/${s}`)) {
        this.revealed.add(`${runner.key.pairId}/${s}`);
        info.score += runner.play.seats[s].score;
      }
    }
  }
  private revealed = new Set<string>();

  /** A pair reached the goal by itself: its students are told they are done, and what they achieved. */
  pairDone(pairId: string): void {
    const r = this.room;
    const runner = r.runners.get(pairId);
    if (!runner) return;
    this.revealScores(runner);
    for (const s of SIDES) {
      const id = runner.seats[s].playerId;
      const key = `${pairId}/${s}`;
      if (!id || this.told.has(key)) continue;
      this.told.add(key);
      r.clientsOfPlayer.get(id)?.send('roundEnded', this.ended(runner, s));
    }
    this.sendDashboard();
    const runners = [...r.runners.values()];
    // Every pair done: the host is told (dashboard allDone) and, if the host chose so, the round ends.
    if (r.config.autoEnd && runners.length > 0 && runners.every((x) => x.finished) && r.state.phase === 'running') {
      void this.endRound().catch((e: unknown) => r.services.log(`auto end failed: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  async endRound(): Promise<void> {
    const r = this.room;
    if (this.ending) return this.ending;
    this.ending = (async () => {
      const runners = [...r.runners.values()];
      await Promise.all(runners.map((x) => x.end()));
      for (const runner of runners) {
        this.revealScores(runner);
        for (const s of SIDES) {
          const id = runner.seats[s].playerId;
          const c = id ? r.clientsOfPlayer.get(id) : undefined;
          if (c && !this.told.has(`${runner.key.pairId}/${s}`)) c.send('roundEnded', this.ended(runner, s));
        }
      }
      r.state.phase = 'lobby';
      this.revealed = new Set();
      // Students who left during the round leave the roster now (their seat was the bot's).
      r.forgetGone();
      // The lobby shows the coming round: its pairs and the roles (they swap every round).
      r.publishPairs(r.pairsForNextRound(), r.state.round + 1);
      this.sendDashboard();
    })();
    try {
      await this.ending;
    } finally {
      this.ending = null;
    }
  }
  private ending: Promise<void> | null = null;

  private seatClient(pairId: string, side: Side): Client | undefined {
    const id = this.room.runners.get(pairId)?.seats[side].playerId;
    return id ? this.room.clientsOfPlayer.get(id) : undefined;
  }

  /** What a runner needs from the room: clock, recorder, and the filtered ways to reach people. */
  private hostPort() {
    const r = this.room;
    return {
      // Node timers, not the room clock: the clock only ticks with each state patch (every
      // 50 ms), which would hold every delivery and bot move until the next patch.
      setTimeout: (fn: () => void, ms: number) => {
        const t = setTimeout(() => {
          try {
            fn();
          } catch (e) {
            r.services.log(`pair timer failed: ${e instanceof Error ? e.message : String(e)}`);
          }
        }, ms);
        return { clear: () => clearTimeout(t) };
      },
      recorder: r.services.recorder,
      now: () => r.services.now(),
      toSeat: (pairId: string, side: Side, events: SeatEvent[]) => {
        const c = this.seatClient(pairId, side);
        for (const e of events) c?.send('seatEvent', e);
      },
      clockToSeat: (pairId: string, side: Side, clock: unknown) => this.seatClient(pairId, side)?.send('clock', clock),
      hintToSeat: (pairId: string, side: Side, hint: unknown) => this.seatClient(pairId, side)?.send('hint', hint),
      pairDone: (pairId: string) => this.pairDone(pairId),
      toHost: (pairId: string, events: SeatEvent[]) => {
        if (r.watched === pairId && events.length > 0) r.toHosts('ladder', { pairId, events, reset: false });
      },
      changed: (pairId: string) => {
        const runner = r.runners.get(pairId);
        const info = r.state.pairs.get(pairId);
        if (runner && info) {
          info.finished = runner.finished;
          info.progress = runner.progress();
        }
        r.dashboardSoon();
      },
    };
  }
}

/** The students' intents (send a segment, declare a state) and their seat's lifecycle. */
export class StudentHandlers {
  constructor(private readonly room: ClassRoom) {}

  private seatOf(playerId: string): { runner: PairRunner; side: Side } | undefined {
    for (const runner of this.room.runners.values()) {
      for (const side of SIDES) if (runner.seats[side].playerId === playerId) return { runner, side };
    }
    return undefined;
  }

  async handle(client: Client, playerId: string, type: IntentType, data: unknown): Promise<void> {
    const r = this.room;
    const seat = this.seatOf(playerId);
    if (!seat || (r.state.phase !== 'running' && r.state.phase !== 'paused')) return r.reply(client, 'no-round', type);
    const { state, seen } = data as { state?: TcpState; seen?: number };
    const a: PlayerAnswer = type === 'sendSegment'
      ? { kind: 'send', segment: segmentOf(data), ...(state ? { state } : {}), ...(seen !== undefined ? { seen } : {}) }
      : { kind: 'declare', state: state as TcpState, ...(seen !== undefined ? { seen } : {}) };
    const reply: AnswerReply = await seat.runner.answer(seat.side, a);
    // Refused before judging (crossed an input, prelude, paused): nothing recorded, it answers again.
    if (reply.kind === 'refused') return r.reply(client, reply.code, type);
    // Assessment: recorded, nothing more (no correctness, no score until the round ends).
    if (reply.recorded) return client.send('verdictGiven', { recorded: true });
    const info = r.state.players.get(playerId);
    if (info) {
      info.score += reply.points;
      info.streak = reply.streak;
    }
    client.send('verdictGiven', { recorded: false, ok: reply.ok, errors: reply.errors, points: reply.points, score: info?.score ?? reply.score, streak: reply.streak });
  }

  /** Tell the partner whether this player is here (or the bot plays for them). */
  partnerStatus(playerId: string): void {
    const seat = this.seatOf(playerId);
    if (!seat) return;
    const other: Side = seat.side === 'client' ? 'server' : 'client';
    const partnerId = seat.runner.seats[other].playerId;
    const c = partnerId ? this.room.clientsOfPlayer.get(partnerId) : undefined;
    const here = this.room.state.players.get(playerId)?.connected ?? false;
    c?.send('partnerStatus', { connected: here, bot: seat.runner.seats[seat.side].playerId === null });
  }

  /** A player back within the window: the same seat, with everything it had seen. */
  restore(playerId: string, client: Client): void {
    const info = this.room.state.players.get(playerId);
    client.send('welcome', { you: { id: playerId, nickname: info?.nickname ?? '', role: 'student' }, code: this.room.roomId });
    const seat = this.seatOf(playerId);
    if (!seat || (this.room.state.phase !== 'running' && this.room.state.phase !== 'paused')) return;
    client.send('roundStarted', new HostHandlers(this.room).roundStarted(seat.runner, seat.side, seat.runner.history(seat.side)));
    const other: Side = seat.side === 'client' ? 'server' : 'client';
    const partnerId = seat.runner.seats[other].playerId;
    client.send('partnerStatus', { connected: partnerId === null || (this.room.state.players.get(partnerId)?.connected ?? false), bot: partnerId === null });
  }

  /** A seat left for good: the bot plays it to the end of the round, and the partner is told so. */
  async abandon(playerId: string): Promise<void> {
    const seat = this.seatOf(playerId);
    if (!seat) return;
    // After the takeover the seat is the bot's and no longer found by the player's id: look up the partner first.
    const partnerId = seat.runner.seats[seat.side === 'client' ? 'server' : 'client'].playerId;
    await seat.runner.botTakeOver(seat.side);
    const c = partnerId ? this.room.clientsOfPlayer.get(partnerId) : undefined;
    c?.send('partnerStatus', { connected: true, bot: true });
  }
}

function segmentOf(d: unknown): Segment {
  const s = d as Segment;
  return { flags: [...s.flags], seq: s.seq, ack: s.ack, len: s.len };
}
