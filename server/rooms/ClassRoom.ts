import { randomBytes, randomInt } from 'node:crypto';
import type { AuthContext, Client } from 'colyseus';
import type { z } from 'zod';
import { INTENTS, MAX_CLASS_SIZE, newReplayToken, requestIdOf, type IntentType } from '../../shared/index';
import { CLIENT_HEADER } from '../http/guard';
import { hashKey } from '../http/key-hash';
import { ClassState } from './ClassState';
import { GuardedRoom, joinError } from './edge';
import { PATCH, type Effect } from './effects';
import { answerOf, roleOf } from './intents';
import { Lesson } from './lesson';
import { Outbox } from './outbox';
import type { PairHost } from './PairRunner';
import { CREATOR_OPTION, newClassCode, Seats, type Who } from './seats';
import { IdleClock, type ClassServices } from './services';

/** Patches every 50 ms while anyone is in the class (Colyseus's default). */
const PATCH_MS = 50;
/** A seat claimed and never used frees its nickname after this long, ms. */
const CLAIM_MS = 20_000;

type Transition<K extends IntentType> = (data: z.output<(typeof INTENTS)[K]>, playerId: string) => Effect[] | Promise<Effect[]>;

/**
 * One class, as a router (ARCHITECTURE.md principle 2): who is asking (seats.ts), whether they may
 * (role, schema, phase), then the class model's transition (lesson.ts), whose effects the outbox
 * carries out (outbox.ts). Rules, scoring and faults are the shared play's, through the runners.
 */
export class ClassRoom extends GuardedRoom<ClassState> {
  static services: ClassServices;
  /** Seats in all: students (at most the host's class size, ≤ MAX_CLASS_SIZE) plus host and projectors. */
  override maxClients = MAX_CLASS_SIZE + 10;
  seats!: Seats;
  lesson!: Lesson;
  /** The class is in the store (its host connected at least once). */
  stored = false;
  private outbox!: Outbox;
  private readonly idle = new IdleClock(this.services.idleDisposeMs ?? 30 * 60_000, this.services.unusedDisposeMs ?? 2 * 60_000);
  private shuttingDown = false;

  override get services(): ClassServices {
    return (this.constructor as typeof ClassRoom).services;
  }

  /**
   * Every intent and its transition. Its schema is INTENTS[type] and who may send it HOST_INTENTS
   * or STUDENT_INTENTS (shared/messages, `roleOf`); the phases that allow it are intents.ts's PHASES.
   */
  private readonly intents: { [K in IntentType]: Transition<K> } = {
    configureRound: (d) => this.lesson.configure(d),
    setPairs: (d) => this.lesson.setPairs(d.pairs),
    startRound: () => this.lesson.startRound(randomInt(0, 2 ** 31), this.services.now()),
    pauseRound: () => this.lesson.pause(),
    resumeRound: () => this.lesson.resume(),
    endRound: () => this.lesson.endRound(),
    endClass: () => this.lesson.endClass(),
    handToBot: (d) => this.lesson.handToBot(d.pairId, d.side),
    injectFault: (d) => this.lesson.injectFault(d),
    watchPair: (d) => this.lesson.watch(d.pairId),
    removeStudent: (d) => this.lesson.remove(d.playerId, d.block === true),
    renameStudent: (d) => this.lesson.rename(d.playerId, d.nickname),
    sendSegment: (d, playerId) => this.lesson.answer(playerId, 'sendSegment', answerOf(d)),
    declareState: (d, playerId) => this.lesson.answer(playerId, 'declareState', answerOf(d)),
    // Concept checks (issue 17, checks.ts): the server draws the random questions and each student's order.
    configureCheck: (d) => this.lesson.checks.configure(d, randomInt(0, 2 ** 31)),
    openCheck: (d) => this.lesson.checks.openCheck(d.stage, this.lesson.round),
    closeCheck: () => this.lesson.checks.close(),
    answerCheck: (d, playerId) => this.lesson.checks.answer(playerId, d),
    // Teachers' own scenarios (issue 16): checked by playing them before the class lists them.
    addScenario: (d) => this.lesson.addScenario(d.scenario),
  };

  /** What a pair's runner needs of the room: Node timers, the store, and the model's routes to people. */
  private readonly runnerHost: PairHost = {
    // Node timers, not the room clock: the clock only ticks with each state patch (every
    // 50 ms), which would hold every delivery and bot move until the next patch.
    setTimeout: (fn, ms) => {
      const t = setTimeout(this.guarded(fn, 'pair timer'), ms);
      return { clear: () => clearTimeout(t) };
    },
    recorder: this.services.recorder,
    now: () => this.services.now(),
    toSeat: (pairId, side, type, messages) => void this.outbox.carry(this.lesson.toSeat(pairId, side, type, messages)),
    toHost: (pairId, events) => void this.outbox.carry(this.lesson.ladder(pairId, events)),
    changed: (pairId) => void this.outbox.carry(this.lesson.pairChanged(pairId)),
    pairDone: (pairId) => void this.outbox.carry(this.lesson.pairDone(pairId)),
  };

  override async onCreate(options: unknown): Promise<void> {
    this.roomId = newClassCode();
    this.autoDispose = false;
    // Written by the matchmaker (server/http/matchmake.ts), never by the client.
    const creator = (options as Record<string, unknown> | undefined)?.[CREATOR_OPTION];
    this.seats = new Seats(randomBytes(24).toString('base64url'), typeof creator === 'string' ? creator : null);
    this.lesson = new Lesson(this.roomId, this.runnerHost, this.services.botDelayMs, this.services.scenarios ?? [], this.services.scenarioCheckMs);
    this.setState(new ClassState());
    this.outbox = new Outbox(this, this.seats, this.lesson, (line) => this.services.log(line));
    void this.outbox.carry([PATCH]);
    // Reachable by its code only: `join`/`joinOrCreate` by name never find a class.
    await this.setPrivate(true);
    this.services.rooms?.add(this);
    // Nobody is here yet: an empty room sends no patches (and costs no CPU) until someone joins.
    this.setPatchRate(null);
    // The class reaches the store only when its creator connects; one whose creator never does goes.
    this.later(() => !this.stored && void this.disconnect(), this.services.creatorTimeoutMs ?? 60_000);
    this.route(Object.keys(INTENTS), (client, type, payload) => this.dispatch(client, type as IntentType, payload));
    // An empty class is kept for a while (a host may be refreshing), then disposed. A Node timer,
    // not the room clock: the clock ticks only with patches, which stop while the room is empty.
    this.later(() => this.idle.due(this.services.now(), this.clients.length === 0, this.lesson.used) && void this.disconnect(), this.idle.every, true);
  }

  override onAuth(client: Client, options: unknown, context?: AuthContext): Who {
    const asker = context?.headers?.[CLIENT_HEADER];
    const claim = this.seats.claim(options, {
      sessionId: client.sessionId, asker: typeof asker === 'string' ? asker : null, ended: this.lesson.phase === 'ended', open: this.stored,
      roster: this.lesson.students, maxStudents: this.lesson.config.maxStudents, guard: this.services.guard,
    });
    if ('refused' in claim) throw joinError(claim.refused, claim.status);
    if ('nickname' in claim) {
      const id = claim.who.playerId;
      // Claimed now: two joins racing for one nickname cannot both pass. Unused, it is free again.
      void this.outbox.carry(this.lesson.enrol(id, claim.nickname));
      this.later(() => void this.outbox.carry(this.lesson.expire(id)), CLAIM_MS);
    }
    return claim.who;
  }

  override async onJoin(client: Client, _options: unknown, who: Who): Promise<void> {
    this.seats.join(client.sessionId, who);
    this.admission.open(client.sessionId);
    this.idle.busy();
    if (this.patchRate === null) this.setPatchRate(PATCH_MS);
    this.dropIfSilent(client, this.services.joinAckTimeoutMs ?? 15_000);
    const { recorder, now } = this.services;
    if (who.role === 'host') {
      if (!this.stored) {
        // The creator is here: now the class exists for the store (and for the review API).
        this.stored = true;
        await recorder.createClass({ code: this.roomId, hostKeyHash: this.seats.hostKeyHash, createdAt: new Date(now()).toISOString() });
      }
      return void this.outbox.carry(this.lesson.hostArrived(this.seats.takeHostKey()), client);
    }
    const arrived = this.lesson.arrive(who.playerId);
    if (!arrived) return;
    this.outbox.seat(who.playerId, client);
    void this.outbox.carry(arrived);
    // The token that later opens this student's own replays (and nothing else), for a while.
    const replayToken = newReplayToken(randomBytes(24).toString('base64url'), now(), this.services.replayTokenDays ?? 30);
    const nickname = this.lesson.students.get(who.playerId)?.nickname ?? '';
    await recorder.addStudent({ code: this.roomId, playerId: who.playerId, nickname, tokenHash: hashKey(replayToken) });
    // An open concept check reaches the student after its welcome.
    void this.outbox.carry([this.lesson.welcome(who.playerId, replayToken), ...this.lesson.checks.forStudent(who.playerId)]);
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
    const who = this.seats.leave(client.sessionId);
    // A client disconnected for flooding gets no reconnection window: the bot plays its seat.
    if (this.admission.close(client.sessionId)) consented = true;
    if (!who) return;
    const id = who.role === 'student' ? who.playerId : null;
    if (id === null) void this.outbox.carry(this.lesson.hostPresent(this.outbox.hostClients().length > 0));
    else {
      void this.outbox.carry(this.lesson.left(id, this.shuttingDown));
      if (this.shuttingDown) return;
      this.outbox.unseat(id);
    }
    if (!consented && this.lesson.phase !== 'ended') {
      try {
        const back = await this.allowReconnection(client, this.services.reconnectSeconds);
        this.seats.join(back.sessionId, who);
        this.admission.open(back.sessionId);
        if (id === null) return void this.outbox.carry(this.lesson.hostArrived(null), back);
        this.outbox.seat(id, back);
        return void this.outbox.carry(this.lesson.back(id));
      } catch {
        /* not back in time (a host may come back later with the host key) */
      }
    }
    if (id === null) return;
    await this.outbox.carry(await this.lesson.abandon(id));
    void this.outbox.carry(this.lesson.forget(id));
  }

  /** SIGTERM: tell everyone, close every replay, then let Colyseus disconnect and dispose. */
  override onBeforeShutdown(): void {
    this.shuttingDown = true;
    void this.outbox.carry(this.lesson.shutdown()).finally(() => void this.disconnect());
  }

  override async onDispose(): Promise<void> {
    this.clearTimers();
    this.services.rooms?.delete(this);
    await Promise.all([...this.lesson.runners.values()].map((r) => r.end()));
    // A class nobody used leaves nothing behind: its row goes from the store.
    if (this.stored && !this.lesson.used) await this.services.recorder.deleteClass?.(this.roomId);
  }

  /** Who, then role, then schema, then phase; only then the transition (the rate limit came first, in _onMessage). */
  private dispatch(client: Client, type: IntentType, payload: unknown): void {
    const who = this.seats.who(client.sessionId);
    if (!who) return;
    // Every answer carries the intent's request id back, refusals too.
    const rid = requestIdOf(payload);
    const role = roleOf(type);
    if (who.role !== role) return this.reply(client, role === 'host' ? 'host-only' : 'students-only', type, undefined, rid);
    const parsed = INTENTS[type].safeParse(payload);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.map(String).join('.') || '(message)', message: i.message }));
      return this.reply(client, 'bad-message', type, issues, rid);
    }
    const notNow = this.lesson.refusal(type);
    if (notNow) return this.reply(client, notNow, type, undefined, rid);
    const transition = this.intents[type] as Transition<IntentType>;
    const run = async () => this.outbox.carry(await transition(parsed.data as never, who.role === 'student' ? who.playerId : ''), client, rid);
    run().catch((e: unknown) => {
      this.services.log(`handler ${type} failed: ${e instanceof Error ? e.message : String(e)}`);
      this.reply(client, 'bad-message', type, undefined, rid);
    });
  }

  /** The synced state is brought in line with the class model just before each patch (outbox.ts)… */
  override onBeforePatch(): void {
    this.outbox.beforePatch(this.services.now());
  }

  /** …and whole before it is sent to a client that joins or comes back. */
  protected override sendFullState(client: Client): void {
    this.outbox.beforePatch(this.services.now(), true);
    super.sendFullState(client);
  }

  /** The first seat reserved is the creator's. */
  protected override _reserveSeat(sessionId: string, joinOptions?: unknown, authData?: unknown, seconds?: number, allowReconnection = false, devMode?: boolean): Promise<boolean> {
    this.seats.reserved(sessionId, allowReconnection);
    return super._reserveSeat(sessionId, joinOptions, authData, seconds, allowReconnection, devMode);
  }
}
