import { randomInt } from 'node:crypto';
import type { Client } from 'colyseus';
import {
  RoundConfigSchema, sidesFor, SIDES, validPairing,
  type HostInjection, type IntentType, type Side, type TcpState, type Segment, type SeatEvent,
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
    const message = { round: r.state.round, pairs: [...r.runners.values()].map((p) => p.summary(connected)) };
    if (only) only.send('dashboard', message);
    else r.toHosts('dashboard', message);
  }

  async handle(client: Client, type: IntentType, data: unknown): Promise<void> {
    const r = this.room;
    switch (type) {
      case 'configureRound': {
        const merged = RoundConfigSchema.safeParse({ ...r.config, ...(data as object), net: { ...r.config.net, ...((data as { net?: object }).net ?? {}) } });
        if (!merged.success) return r.reply(client, 'bad-message', type, merged.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })));
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
        for (const p of r.runners.values()) p.pause();
        r.state.phase = 'paused';
        return;
      case 'resumeRound':
        if (r.state.phase !== 'paused') return r.reply(client, 'no-round', type);
        for (const p of r.runners.values()) p.resume();
        r.state.phase = 'running';
        return;
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
    const seed = randomInt(0, 2 ** 31);
    const { recorder, now } = r.services;
    const settings = { mode: r.config.mode, net: r.config.net, rtoMs: r.config.rtoMs, mslMs: r.config.mslMs, timeBonus: r.config.timeBonus };
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
      const runner = new PairRunner(this.hostPort(), { code: r.roomId, round, pairId }, scenario, settings, seed + i, { client: seat('client'), server: seat('server') });
      await recorder.openRound({
        code: r.roomId, round, pairId, scenario: scenario.id, mode: r.config.mode, seed: seed + i, settings: { ...settings },
        players: { client: runner.seats.client.name, server: runner.seats.server.name },
        playerIds: { client: runner.seats.client.playerId, server: runner.seats.server.playerId }, judge: [...runner.round.judge], startedAt,
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
    return {
      round: runner.key.round,
      scenario: runner.round.scenario.id,
      mode: runner.round.settings.mode,
      side,
      partner: runner.seats[other].name,
      timing: { rtoMs: runner.round.settings.rtoMs, mslMs: runner.round.settings.mslMs },
      ...(history ? { history } : {}),
    };
  }

  async endRound(): Promise<void> {
    const r = this.room;
    const runners = [...r.runners.values()];
    await Promise.all(runners.map((x) => x.end()));
    for (const runner of runners) {
      for (const s of SIDES) {
        const id = runner.seats[s].playerId;
        const c = id ? r.clientsOfPlayer.get(id) : undefined;
        if (c) c.send('roundEnded', { round: runner.key.round, finished: runner.finished, score: runner.scores[s] });
      }
    }
    r.state.phase = 'lobby';
    this.sendDashboard();
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
      botDelayMs: r.services.botDelayMs,
      now: () => r.services.now(),
      toSeat: (pairId: string, side: Side, events: SeatEvent[]) => {
        const id = r.runners.get(pairId)?.seats[side].playerId;
        const c = id ? r.clientsOfPlayer.get(id) : undefined;
        for (const e of events) c?.send('seatEvent', e);
      },
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
    if (r.state.phase === 'paused') return r.reply(client, 'round-paused', type);
    if (seat.runner.inPrelude) return r.reply(client, 'prelude', type);
    const { state, seen } = data as { state?: TcpState; seen?: number };
    const result = type === 'sendSegment'
      ? await seat.runner.playerSend(seat.side, segmentOf(data), state, seen)
      : await seat.runner.playerDeclare(seat.side, state as TcpState, seen);
    // Crossed an input it had not seen yet: not judged, nothing recorded; it answers again.
    if (result === 'stale') return r.reply(client, 'stale', type);
    const info = r.state.players.get(playerId);
    if (info) {
      info.score += result.points;
      info.streak = result.streak;
    }
    const assessment = seat.runner.round.settings.mode === 'assessment';
    // Assessment mode records a mistake silently: no explanation, the round goes on.
    client.send('verdictGiven', {
      ok: result.ok,
      recorded: assessment,
      errors: assessment ? [] : result.errors,
      points: result.points,
      score: info?.score ?? 0,
      streak: result.streak,
    });
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
