import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { ClientState, Protocol, Room, ServerError, type AuthContext, type Client, type ClientPrivate } from 'colyseus';
import {
  autoPairs, checkNickname, CLASS_CODE_ALPHABET, CLASS_CODE_LENGTH, DEFAULT_ROUND_CONFIG, ERROR_TEXT, findScenario,
  HOST_INTENTS, INTENTS, JoinOptionsSchema, MAX_CLASS_SIZE, sidesFor, SIDES, STUDENT_INTENTS, validPairing,
  type ErrorCode, type IntentType, type Pairing, type RoundConfig,
} from '../../shared/index';
import type { Recorder } from '../replay/recorder';
import { CLIENT_HEADER, type AccessGuard } from '../http/guard';
import { newReplayToken } from '../http/api';
import { Admission, inspectFrame } from './admission';
import { ClassState, PairInfo, PlayerInfo } from './ClassState';
import { LIMITS, type MessageLimits } from './limits';
import { PairRunner } from './PairRunner';
import { nicknamesClash, nicknameSkeletons } from './nicknames';

/** The option the matchmaker writes into `create` (the creator's client key); clients cannot set it. */
export const CREATOR_OPTION = '__synackCreator';
/** Patches every 50 ms while anyone is in the class (Colyseus's default). */
const PATCH_MS = 50;
import { HostHandlers, StudentHandlers } from './handlers';

export interface ClassServices {
  recorder: Recorder;
  /** Seconds a dropped player's seat is kept (GAME.md: 60). */
  reconnectSeconds: number;
  botDelayMs: number;
  now(): number;
  log(line: string): void;
  /** Failed host-key attempts count against the asking client (server/http/guard.ts). */
  guard?: AccessGuard;
  /** An empty class that was used (a student joined) is disposed after this long, ms (default 30 minutes). */
  idleDisposeMs?: number;
  /** A class whose creator does not connect within this long is disposed, ms (default 60 s). */
  creatorTimeoutMs?: number;
  /** An empty class nobody ever used (no student joined) is disposed after this long, and forgotten by the store, ms (default 2 minutes). */
  unusedDisposeMs?: number;
  /** A socket that takes a seat and never acknowledges the join is dropped after this long, ms (default 15 s). */
  joinAckTimeoutMs?: number;
  /** Days a student's replay token opens their replays (default 30). */
  replayTokenDays?: number;
  /** The classes alive in this process (to list them again after a Redis restart). */
  rooms?: Set<ClassRoom>;
  /** Per-connection message limits (LIMITS), for tests. */
  messageLimits?: Partial<MessageLimits>;
}

type Who = { role: 'host' } | { role: 'student'; playerId: string };

/** A refusal at join time, carrying its code and text in both languages. */
export function joinError(code: ErrorCode, status = 400): ServerError {
  return new ServerError(status, JSON.stringify({ code, ...ERROR_TEXT[code] }));
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < CLASS_CODE_LENGTH; i++) code += CLASS_CODE_ALPHABET[randomInt(CLASS_CODE_ALPHABET.length)];
  return code;
}

/**
 * One class: the host, its students, and a PairRunner per pair while a round runs. Thin: it
 * answers who is asking, validates with the shared schemas, and hands the work to shared code
 * through the runners (ARCHITECTURE.md principle 2). The handlers live in handlers.ts.
 */
export class ClassRoom extends Room<ClassState> {
  static services: ClassServices;
  /** Seats in all: students (at most the host's class size, ≤ MAX_CLASS_SIZE) plus host and projectors. */
  override maxClients = MAX_CLASS_SIZE + 10;
  /** Who created the class (a browser's client id, or an anonymous address): classes are counted per creator. */
  creatorKey: string | null = null;
  /** The class is in the store (its host connected at least once). */
  stored = false;
  /** A student has joined: the class is worth keeping (with its replays) after everyone left. */
  used = false;
  /** Students the host blocked: by client id (or address), and by nickname skeleton. */
  readonly blocked = { clients: new Set<string>(), names: new Set<string>() };
  /** The client key each student joined with (for blocking). */
  private readonly clientKeys = new Map<string, string>();
  /** Students gone for good while a round held their seat: removed from the roster when it ends. */
  private readonly gone = new Set<string>();
  hostKeyHash = '';
  hostClaimed = false;
  config: RoundConfig = structuredClone(DEFAULT_ROUND_CONFIG);
  manualPairs: Pairing[] | null = null;
  runners = new Map<string, PairRunner>();
  watched: string | null = null;
  who = new Map<string, Who>();
  clientsOfPlayer = new Map<string, Client>();
  /** The session of the first seat reserved: the creator, the only one `{ host: true }` makes the host. */
  creatorSession: string | null = null;
  private admission = new Admission(this);
  private dashboardTimer: { clear(): void } | null = null;
  private hostHandlers = new HostHandlers(this);
  private studentHandlers = new StudentHandlers(this);

  get services(): ClassServices {
    return (this.constructor as typeof ClassRoom).services;
  }

  override async onCreate(options: unknown): Promise<void> {
    this.roomId = newCode();
    this.autoDispose = false;
    // Reachable by its code only: `join`/`joinOrCreate` by name never find a class.
    await this.setPrivate(true);
    this.services.rooms?.add(this);
    this.setState(new ClassState());
    this.state.code = this.roomId;
    // Written by the matchmaker (server/http/matchmake.ts), never by the client.
    const creator = (options as Record<string, unknown> | undefined)?.[CREATOR_OPTION];
    this.creatorKey = typeof creator === 'string' ? creator : null;
    const hostKey = randomBytes(24).toString('base64url');
    this.hostKeyHash = hashKey(hostKey);
    this.pendingHostKey = hostKey;
    // Nobody is here yet: an empty room sends no patches (and costs no CPU) until someone joins.
    this.setPatchRate(null);
    // The class reaches the store only when its creator connects; one whose creator never does goes.
    this.creatorTimer = setTimeout(() => {
      if (!this.stored) void this.disconnect();
    }, this.services.creatorTimeoutMs ?? 60_000);
    this.creatorTimer.unref();
    for (const type of Object.keys(INTENTS) as IntentType[]) {
      this.onMessage(type, (client, payload: unknown) => this.dispatch(client, type, payload));
    }
    // Colyseus calls this with the client's type, or with the payload when the type is "*" itself.
    this.onMessage('*', (client, type: unknown) => {
      this.reply(client, 'unknown-message', typeof type === 'string' ? type.slice(0, 40) : typeof type === 'number' ? String(type) : undefined);
    });
    // A client naming Colyseus's fallback as its type would be dropped, its payload logged.
    this.onMessage('__no_message_handler', (client) => this.reply(client, 'unknown-message', '__no_message_handler'));
    // An empty class is kept for a while (a host may be refreshing), then disposed. A Node timer,
    // not the room clock: the clock ticks only with patches, which stop while the room is empty.
    this.idleCheck = setInterval(() => this.disposeIfIdle(), Math.min(15_000, Math.max(100, Math.min(this.idleMs, this.unusedMs) / 4)));
    this.idleCheck.unref();
  }
  private pendingHostKey: string | null = null;
  private idleCheck: ReturnType<typeof setInterval> | null = null;
  private creatorTimer: ReturnType<typeof setTimeout> | null = null;
  private idleSince: number | null = null;

  override onAuth(client: Client, options: unknown, context?: AuthContext): Who {
    if (this.state.phase === 'ended') throw joinError('class-ended', 410);
    const o = (options && typeof options === 'object' ? options : {}) as Record<string, unknown>;
    if (o.host === true && !this.hostClaimed && client.sessionId === this.creatorSession) {
      this.hostClaimed = true;
      return { role: 'host' };
    }
    const parsed = JoinOptionsSchema.safeParse(o);
    if (!parsed.success) {
      if ('hostKey' in o) throw joinError('bad-host-key', 403);
      if (o.host === true) throw joinError('host-present', 409);
      throw joinError(typeof o.nickname === 'string' ? 'nickname-too-long' : 'nickname-empty');
    }
    if ('hostKey' in parsed.data) {
      const asker = context?.headers?.[CLIENT_HEADER];
      const guard = typeof asker === 'string' ? this.services.guard : undefined;
      if (guard?.blocked(asker as string)) throw joinError('too-many-attempts', 429);
      const given = Buffer.from(hashKey(parsed.data.hostKey), 'hex');
      if (!timingSafeEqual(given, Buffer.from(this.hostKeyHash, 'hex'))) {
        guard?.fail(asker as string);
        throw joinError('bad-host-key', 403);
      }
      return { role: 'host' };
    }
    // A class whose host has not connected yet is not open: to a guesser, it does not exist.
    if (!this.stored) throw joinError('bad-code', 404);
    const nick = checkNickname(parsed.data.nickname);
    if (!nick.ok) throw joinError(nick.code);
    const keys = nicknameSkeletons(nick.nickname);
    const asker = context?.headers?.[CLIENT_HEADER];
    const clientKey = typeof asker === 'string' ? asker : null;
    if ((clientKey && this.blocked.clients.has(clientKey)) || keys.some((k) => this.blocked.names.has(k))) throw joinError('blocked', 403);
    if (this.state.players.size >= this.config.maxStudents) throw joinError('class-full', 409);
    // Two nicknames that look alike (UTS #39 skeletons: `аlice` with a Cyrillic а, `ALICE`) clash.
    for (const p of this.state.players.values()) if (nicknamesClash(p.nickname, nick.nickname)) throw joinError('nickname-taken', 409);
    // Claim the nickname now: two joins racing for it cannot both pass.
    const id = `p${++this.playerCounter}`;
    const info = new PlayerInfo();
    info.id = id;
    info.nickname = nick.nickname;
    info.connected = false;
    this.state.players.set(id, info);
    if (clientKey) this.clientKeys.set(id, clientKey);
    // A seat reserved and never used frees its nickname again (a Node timer: the room may be empty).
    const t = setTimeout(() => {
      this.unclaimed.delete(id);
      this.state.players.delete(id);
      this.clientKeys.delete(id);
    }, 20_000);
    t.unref();
    this.unclaimed.set(id, { clear: () => clearTimeout(t) });
    return { role: 'student', playerId: id };
  }

  override async onJoin(client: Client, _options: unknown, auth: Who): Promise<void> {
    this.who.set(client.sessionId, auth);
    this.admission.open(client.sessionId);
    this.idleSince = null;
    if (this.patchRate === null) this.setPatchRate(PATCH_MS);
    this.dropIfSilent(client);
    if (auth.role === 'host') {
      if (!this.stored) {
        // The creator is here: now the class exists for the store (and for the review API).
        this.stored = true;
        if (this.creatorTimer) clearTimeout(this.creatorTimer);
        await this.services.recorder.createClass({ code: this.roomId, hostKeyHash: this.hostKeyHash, createdAt: new Date(this.services.now()).toISOString() });
      }
      this.state.hostConnected = true;
      client.send('welcome', { you: { id: 'host', nickname: 'host', role: 'host' }, code: this.roomId, ...(this.pendingHostKey ? { hostKey: this.pendingHostKey } : {}) });
      this.pendingHostKey = null;
      this.hostHandlers.greet(client);
      return;
    }
    this.unclaimed.get(auth.playerId)?.clear();
    this.unclaimed.delete(auth.playerId);
    const info = this.state.players.get(auth.playerId);
    if (!info) return;
    info.connected = true;
    this.used = true;
    this.clientsOfPlayer.set(auth.playerId, client);
    // The token that later opens this student's own replays (and nothing else), for a while.
    const replayToken = newReplayToken(randomBytes(24).toString('base64url'), this.services.now(), this.services.replayTokenDays ?? 30);
    await this.services.recorder.addStudent({ code: this.roomId, playerId: auth.playerId, nickname: info.nickname, tokenHash: hashKey(replayToken) });
    client.send('welcome', { you: { id: auth.playerId, nickname: info.nickname, role: 'student' }, code: this.roomId, replayToken });
    this.manualPairs = null;
    this.previewPairs();
  }

  /** In the lobby, the synced pairs show the coming round: who plays with whom, and which side. */
  previewPairs(): void {
    if (this.state.phase !== 'lobby') return;
    this.publishPairs(this.pairsForNextRound(), this.state.round + 1);
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    try {
      await this.leaving(client, consented);
    } finally {
      // Nobody left: no patches (and no CPU) until someone joins again.
      if (this.clients.length === 0) this.setPatchRate(null);
    }
  }

  private async leaving(client: Client, consented: boolean): Promise<void> {
    const who = this.who.get(client.sessionId);
    this.who.delete(client.sessionId);
    // A client disconnected for flooding gets no reconnection window: the bot plays its seat.
    const kicked = this.admission.close(client.sessionId);
    if (kicked) consented = true;
    if (!who) return;
    if (who.role === 'host') {
      this.state.hostConnected = this.hostClients().length > 0;
      if (!consented && this.state.phase !== 'ended') {
        try {
          const back = await this.allowReconnection(client, this.services.reconnectSeconds);
          this.who.set(back.sessionId, who);
          this.admission.open(back.sessionId);
          this.state.hostConnected = true;
          back.send('welcome', { you: { id: 'host', nickname: 'host', role: 'host' }, code: this.roomId });
          this.hostHandlers.greet(back);
        } catch {
          /* the host may come back later with the host key */
        }
      }
      return;
    }
    const info = this.state.players.get(who.playerId);
    if (info) info.connected = false;
    if (this.shuttingDown) return;
    this.clientsOfPlayer.delete(who.playerId);
    this.studentHandlers.partnerStatus(who.playerId);
    this.previewPairs();
    if (!consented && this.state.phase !== 'ended') {
      try {
        const back = await this.allowReconnection(client, this.services.reconnectSeconds);
        this.who.set(back.sessionId, who);
        this.admission.open(back.sessionId);
        this.clientsOfPlayer.set(who.playerId, back);
        if (info) info.connected = true;
        this.previewPairs();
        this.studentHandlers.restore(who.playerId, back);
        this.studentHandlers.partnerStatus(who.playerId);
        return;
      } catch {
        /* the seat was not reclaimed in time */
      }
    }
    await this.studentHandlers.abandon(who.playerId);
    this.forget(who.playerId);
  }

  /**
   * A student gone for good leaves the roster: at once in the lobby (no ghosts), or, if a round
   * holds their seat (the bot plays it), when that round ends.
   */
  forget(playerId: string): void {
    if (this.state.players.get(playerId)?.connected) return;
    const seated = [...this.runners.values()].some((r) => SIDES.some((s) => r.seats[s].playerId === playerId));
    if (seated || this.state.phase === 'running' || this.state.phase === 'paused') {
      this.gone.add(playerId);
      return;
    }
    this.state.players.delete(playerId);
    this.clientsOfPlayer.delete(playerId);
    this.clientKeys.delete(playerId);
    this.previewPairs();
  }

  /** At a round's end: the students who left during it leave the roster now. */
  forgetGone(): void {
    const gone = [...this.gone];
    this.gone.clear();
    for (const id of gone) {
      if (this.state.players.get(id)?.connected) continue;
      this.state.players.delete(id);
      this.clientsOfPlayer.delete(id);
      this.clientKeys.delete(id);
    }
  }

  /** The host removes a student (and, with `block`, keeps their device and nickname out). */
  removeStudent(playerId: string, block: boolean): boolean {
    const info = this.state.players.get(playerId);
    if (!info) return false;
    if (block) {
      // A browser's own id only: an address is a whole school's, never blocked for one student.
      const key = this.clientKeys.get(playerId);
      if (key?.startsWith('id:')) this.blocked.clients.add(key);
      for (const k of nicknameSkeletons(info.nickname)) this.blocked.names.add(k);
    }
    const client = this.clientsOfPlayer.get(playerId);
    info.connected = false;
    this.unclaimed.get(playerId)?.clear();
    this.unclaimed.delete(playerId);
    if (client) {
      client.send('classEnded', { reason: 'removed' });
      // A consented leave: no reconnection window; the bot plays a seat the student held.
      client.leave(Protocol.WS_CLOSE_CONSENTED);
    } else {
      void this.studentHandlers.abandon(playerId).then(() => this.forget(playerId));
    }
    return true;
  }

  /** The host renames a student: refused like a join would be (empty, invalid, taken). */
  renameStudent(playerId: string, raw: string): ErrorCode | null {
    const info = this.state.players.get(playerId);
    if (!info) return 'unknown-student';
    const nick = checkNickname(raw);
    if (!nick.ok) return nick.code;
    for (const p of this.state.players.values()) if (p.id !== playerId && nicknamesClash(p.nickname, nick.nickname)) return 'nickname-taken';
    info.nickname = nick.nickname;
    for (const r of this.runners.values()) for (const s of SIDES) if (r.seats[s].playerId === playerId) r.seats[s] = { ...r.seats[s], name: nick.nickname };
    return null;
  }

  /** A socket that took a seat and never acknowledged the join (a script holding seats) is dropped. */
  private dropIfSilent(client: Client): void {
    const t = setTimeout(() => {
      if (client.state === ClientState.JOINING) client.leave(Protocol.WS_CLOSE_WITH_ERROR);
    }, this.services.joinAckTimeoutMs ?? 15_000);
    t.unref();
  }

  /** SIGTERM: tell everyone, close every replay, then let Colyseus disconnect and dispose. */
  override onBeforeShutdown(): void {
    this.shuttingDown = true;
    this.broadcast('classEnded', { reason: 'shutdown' });
    void Promise.all([...this.runners.values()].map((r) => r.end())).finally(() => {
      this.state.phase = 'ended';
      void this.disconnect();
    });
  }
  shuttingDown = false;

  override async onDispose(): Promise<void> {
    if (this.idleCheck) clearInterval(this.idleCheck);
    if (this.creatorTimer) clearTimeout(this.creatorTimer);
    for (const u of this.unclaimed.values()) u.clear();
    this.services.rooms?.delete(this);
    await Promise.all([...this.runners.values()].map((r) => r.end()));
    // A class nobody used leaves nothing behind: its row goes from the store.
    if (this.stored && !this.used) await this.services.recorder.deleteClass?.(this.roomId);
  }

  // ── helpers used by the handlers ──

  hostClients(): Client[] {
    return this.clients.filter((c) => this.who.get(c.sessionId)?.role === 'host');
  }

  toHosts(type: string, message: unknown): void {
    for (const c of this.hostClients()) c.send(type, message);
  }

  /** Reply with an error the client can show in its language; nothing else changes. */
  reply(client: Client, code: ErrorCode, intent?: string, issues?: { path: string; message: string }[]): void {
    client.send('error', { code, message: ERROR_TEXT[code], ...(intent ? { intent } : {}), ...(issues ? { issues } : {}) });
  }

  /** Students in join order who are here now. */
  presentStudents(): string[] {
    return [...this.state.players.values()].filter((p) => p.connected).map((p) => p.id);
  }

  /** Pairs for the next round: the host's if still valid, else automatic. */
  pairsForNextRound(): Pairing[] {
    const present = this.presentStudents();
    if (this.manualPairs && validPairing(this.manualPairs, present)) return this.manualPairs;
    return autoPairs(present);
  }

  /** Publish the pairs (and sides for round `round`) in the synced state. */
  publishPairs(pairs: Pairing[], round: number): void {
    this.state.pairs.clear();
    for (const p of this.state.players.values()) {
      p.pairId = '';
      p.side = '';
    }
    pairs.forEach((pair, i) => {
      const id = `pair${i + 1}`;
      const sides = sidesFor(pair, Math.max(1, round));
      const info = new PairInfo();
      info.id = id;
      info.client = sides.client ?? 'bot';
      info.server = sides.server ?? 'bot';
      this.state.pairs.set(id, info);
      for (const s of SIDES) {
        const pid = sides[s];
        const pl = pid ? this.state.players.get(pid) : undefined;
        if (pl) {
          pl.pairId = id;
          pl.side = s;
        }
      }
    });
  }

  /** The dashboard, at most every 200 ms. */
  dashboardSoon(): void {
    if (this.dashboardTimer) return;
    this.dashboardTimer = this.clock.setTimeout(() => {
      this.dashboardTimer = null;
      this.hostHandlers.sendDashboard();
    }, 200);
  }

  scenarioOf(): ReturnType<typeof findScenario> {
    return findScenario(this.config.scenario);
  }

  /** Role, then schema; only then the handler (the rate limit came first, in _onMessage). */
  private dispatch(client: Client, type: IntentType, payload: unknown): void {
    const who = this.who.get(client.sessionId);
    if (!who) return;
    if (HOST_INTENTS.includes(type) && who.role !== 'host') return this.reply(client, 'host-only', type);
    if (STUDENT_INTENTS.includes(type) && who.role !== 'student') return this.reply(client, 'students-only', type);
    const parsed = INTENTS[type].safeParse(payload);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.map(String).join('.') || '(message)', message: i.message }));
      return this.reply(client, 'bad-message', type, issues);
    }
    const run = who.role === 'host'
      ? this.hostHandlers.handle(client, type, parsed.data)
      : this.studentHandlers.handle(client, who.playerId, type, parsed.data);
    Promise.resolve(run).catch((e: unknown) => {
      this.services.log(`handler ${type} failed: ${e instanceof Error ? e.message : String(e)}`);
      this.reply(client, 'bad-message', type);
    });
  }

  private playerCounter = 0;
  private unclaimed = new Map<string, { clear(): void }>();

  private get idleMs(): number {
    return this.services.idleDisposeMs ?? 30 * 60_000;
  }

  private get unusedMs(): number {
    return this.services.unusedDisposeMs ?? 2 * 60_000;
  }

  private disposeIfIdle(): void {
    if (this.clients.length > 0) {
      this.idleSince = null;
      return;
    }
    this.idleSince ??= this.services.now();
    // A class nobody used goes within minutes; a used one is kept longer (a host may come back).
    if (this.services.now() - this.idleSince >= (this.used ? this.idleMs : this.unusedMs)) void this.disconnect();
  }

  // ── the hostile edge (Colyseus internals, see SECURITY.md) ──

  /** Every frame passes the per-connection limit before Colyseus decodes it; nothing a client sends may throw out of the room. */
  protected override _onMessage(client: Client & ClientPrivate, buffer: Buffer): void {
    if (!this.admission.admit(client, buffer)) return;
    const frame = inspectFrame(buffer);
    if (frame === 'bad-type') return this.reply(client, 'unknown-message');
    if (frame === 'bad-payload') {
      this.services.log(`room ${this.roomId}: a client sent a frame that is not MessagePack; disconnected`);
      client.leave(Protocol.WS_CLOSE_WITH_ERROR);
      return;
    }
    try {
      super._onMessage(client, buffer);
    } catch (e) {
      this.services.log(`room ${this.roomId}: a frame could not be handled (${e instanceof Error ? e.name : 'error'})`);
    }
  }

  /** The first seat reserved is the creator's. */
  protected override _reserveSeat(sessionId: string, joinOptions?: unknown, authData?: unknown, seconds?: number, allowReconnection = false, devMode?: boolean): Promise<boolean> {
    if (!allowReconnection && this.creatorSession === null) this.creatorSession = sessionId;
    return super._reserveSeat(sessionId, joinOptions, authData, seconds, allowReconnection, devMode);
  }

  /** Colyseus's safety net around handlers, timers and lifecycle calls: log what failed (never what was sent), keep the room. */
  override onUncaughtException(error: Error & { cause?: unknown }, methodName: string): void {
    if (error.cause instanceof ServerError) return; // a refused join, already answered
    const cause = error.cause instanceof Error ? error.cause : error;
    this.services.log(`room ${this.roomId}: ${methodName} failed: ${cause.name}: ${String(cause.message).split('\n')[0]?.slice(0, 160)}`);
  }
}

export { LIMITS };
