import { randomInt } from 'node:crypto';
import type { Client, Room } from 'colyseus.js';
import {
  botSegment, countInputs, createMirror, expectedAfterSend, findScenario, mirrorSeatEvent, namedState, nextInt, nextUint32, owedPeerSends, owedSends, seedRng,
  type Endpoint, type EndpointMirror, type ErrorEvent, type Mode, type OwedSend, type RoundEnded, type RoundStarted, type Scenario,
  type SeatEvent, type Segment, type Side, type TcpState, type VerdictGiven, type Welcome,
} from '../../../shared/index';
import { Inbox, type Received } from './inbox';
import type { Answer, JournalEntry, Outstanding, SentIntent } from './journal';
import { sameSegment, wrongVariant } from './mistakes';
import { Pacing, type Move, type PacingOptions } from './pacing';

/**
 * A bot student that plays over the real network, as a browser would: it joins a class with a
 * nickname through colyseus.js and sees only what the server sends that seat. The server never
 * sends a student its own endpoint, so the bot keeps a mirror of it, stepped by the shared engine
 * with the events the seat sees (its app calls, its own segments that went onto the network,
 * segments delivered to it, its timers), and sends what `botSegment` says is owed.
 *
 * It plays as a person at a browser does: it declares the state the game names after each send
 * and every state it reaches without sending (the pair's network clock waits for a seat that owes
 * a declaration), and thinks `thinkMs` before each move — network time stands still meanwhile, so
 * a slow bot, like a slow student, makes no timer fire. An answer that crosses an input it has not
 * been shown comes back 'stale' and is made again. A state reached without sending is declared
 * only after `quietMs` without news. In assessment mode a deliberately wrong segment is recorded
 * and the network carries the correct one on; the bot's mirror follows the correct one.
 */

export interface RemoteBotOptions extends PacingOptions {
  nickname: string;
  /** Seed of the bot's own RNG (its ISNs). Without it, a random seed. */
  seed?: number;
  /**
   * Declare the state on each send and the states it moves through without sending (default
   * true; without it the pair's clock waits for the declarations for ever).
   */
  declareStates?: boolean;
  /** Textbook ISNs (below 1000) instead of any uint32. Default: as the round says (roundStarted.textbook). */
  textbook?: boolean;
  /** Play by itself (default true). With false, the test drives it with `send`/`declare`, or calls `resume`. */
  autoplay?: boolean;
  /** Deliberate mistakes: before each of its first N sends, first try a wrong segment (see `wrongVariant`). */
  mistakes?: number;
  /** Keep a journal of every message (with what was owed around it) and every state patch. */
  record?: boolean;
  log?: (line: string) => void;
}

/** An intent waiting for its answer, which carries `rid` back. */
type Pending = Outstanding & { settle: (a: Answer) => void; sentIndex?: number; rid: number };

export class RemoteBot {
  readonly inbox = new Inbox();
  readonly nickname: string;
  room: Room;
  /** Player id and class code from the server's welcome. */
  id = '';
  code = '';
  // The round this bot plays now.
  round = 0;
  side: Side | null = null;
  scenario: Scenario | undefined;
  mode: Mode = 'practice';
  partner = '';
  /** In a round (between roundStarted and roundEnded). */
  active = false;
  /** Its own endpoint as far as the seat can know it (shared/round/mirror.ts). */
  private seat: EndpointMirror = createMirror();
  /** The mirrored endpoint. */
  get mirror(): Endpoint {
    return this.seat.endpoint;
  }
  /** Every seat event of the current round, in order. */
  seen: SeatEvent[] = [];
  verdicts: VerdictGiven[] = [];
  /** The clock as last told, and hints received. */
  clock: { t: number; running: boolean; waiting: string[] } | null = null;
  hints: { owes: string; waitedMs: number }[] = [];
  /** The round uses textbook numbers. */
  textbook = false;
  errors: ErrorEvent[] = [];
  sent: SentIntent[] = [];
  roundsEnded: RoundEnded[] = [];
  /** Score as last told by a verdict or the synced state. */
  score = 0;
  /** Refusals of answers it believed correct (a sign the mirror and the server disagree, or a race). */
  unexpected: { segment?: Segment; state?: TcpState; answer: Answer }[] = [];
  journal: JournalEntry[] = [];
  statePatches: string[] = [];
  /** For each state patch, how many journal entries (messages) had arrived before it. */
  patchMarks: number[] = [];
  connected = true;

  private readonly client: Client;
  private rng: number;
  private autoplay: boolean;
  private mistakesLeft: number;
  private lastDeclared: TcpState = 'CLOSED';
  private outstanding: Pending | null = null;
  /** The request id of the next answer (the server echoes it in the verdict or error). */
  private nextRid = 1;
  /** Assessment: the correct segment the network carries on in place of a deliberate wrong one. */
  private carry: { wrong: Segment; correct: Segment } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private strikes = 0;
  private token = '';
  private readonly pacing: Pacing;

  private constructor(client: Client, room: Room, private readonly opts: RemoteBotOptions) {
    this.client = client;
    this.room = room;
    this.nickname = opts.nickname;
    this.rng = seedRng(opts.seed ?? randomInt(0, 2 ** 31));
    this.autoplay = opts.autoplay ?? true;
    this.mistakesLeft = opts.mistakes ?? 0;
    this.pacing = new Pacing(opts);
    this.inbox.onMessage((r) => this.onMessage(r));
    this.attach(room);
  }

  /** Join class `code` as a student. Resolves once the server has welcomed it. */
  static async join(client: Client, code: string, opts: RemoteBotOptions): Promise<RemoteBot> {
    const room = await client.joinById(code, { nickname: opts.nickname });
    const bot = new RemoteBot(client, room, opts);
    await bot.inbox.waitFor<Welcome>('welcome', () => true, { since: 0 });
    return bot;
  }

  // ── playing ──

  pause(): void {
    this.autoplay = false;
    this.clearTimer();
  }

  resume(): void {
    this.autoplay = true;
    this.kick();
  }

  /** What the mirror owes now (exact seq/ack; seq null where a fresh ISN is to be chosen). */
  owed(): OwedSend[] {
    return owedSends(this.mirror);
  }

  /** The segment a correct stack sends now (draws an ISN from the bot's RNG when one is needed). */
  correctSegment(): Segment | null {
    const owed = this.owed()[0];
    if (!owed) return null;
    return botSegment(this.mirror, owed.segment.seq === null ? this.drawIsn() : 0);
  }

  /** Send a segment now (for tests that drive the bot by hand). */
  send(segment: Segment, state?: TcpState, deliberate = true): Promise<Answer> {
    return this.intent({ intent: 'sendSegment', segment, ...(state ? { state } : {}), deliberate, round: this.round });
  }

  /** Send the segment a correct stack sends now, declaring the state it starts (for tests that drive the bot by hand). */
  sendCorrect(): Promise<Answer> {
    const seg = this.correctSegment();
    if (!seg) return Promise.reject(new Error(`the bot owes nothing in ${this.mirror.state}`));
    return this.send(seg, expectedAfterSend(this.mirror, seg).state, false);
  }

  /** The state this bot last declared (as the server confirmed it, or as it is about to). */
  get lastDeclaredState(): TcpState {
    return this.lastDeclared;
  }

  /** The state the game names for the bot's endpoint now (what a correct declaration says). */
  get namedState(): TcpState {
    return namedState(this.mirror);
  }

  /** Declare a state now (for tests that drive the bot by hand). */
  declare(state: TcpState, deliberate = true): Promise<Answer> {
    return this.intent({ intent: 'declareState', state, deliberate, round: this.round });
  }

  /** Any message, unchecked (malformed-message tests). */
  raw(type: string, payload: unknown): void {
    this.room.send(type, payload);
  }

  /** Make `n` more deliberate mistakes: each of the next `n` sends is first tried wrong (see `mistakes`). */
  addMistakes(n: number): void {
    this.mistakesLeft += Math.max(0, Math.floor(n));
  }

  /** One line on where the bot stands (for a test's failure message). */
  describe(): string {
    const o = this.outstanding;
    return `${this.nickname}: ${this.connected ? 'connected' : 'disconnected'}, ${this.active ? `round ${this.round} as ${this.side}` : 'not in a round'}, mirror ${this.mirror.state}, declared ${this.lastDeclared}, owes ${this.owed().length}, ${o ? `awaiting ${o.intent}` : 'nothing awaited'}, ${this.timer ? 'timer set' : 'no timer'}, clock ${JSON.stringify(this.clock)}, last messages ${this.inbox.messages.slice(-4).map((r) => r.type).join(' ')}`;
  }

  /** Nothing owed, nothing unanswered, nothing scheduled. */
  get idle(): boolean {
    return !this.outstanding && !this.timer && (this.owed().length === 0 || !this.active);
  }

  // ── connection ──

  /** Simulate a network drop (the server keeps the seat for its reconnection window). */
  async dropConnection(): Promise<void> {
    this.token = this.room.reconnectionToken;
    this.clearTimer();
    this.connected = false;
    this.outstanding?.settle({ ok: false });
    this.outstanding = null;
    await this.room.leave(false);
  }

  /** Come back within the window with the reconnection token; the server restores the seat. */
  async reconnect(): Promise<void> {
    const room = await this.client.reconnect(this.token);
    this.room = room;
    this.connected = true;
    this.attach(room);
  }

  async leave(): Promise<void> {
    this.clearTimer();
    this.active = false;
    if (this.connected) {
      this.connected = false;
      await this.room.leave(true).catch(() => undefined);
    }
  }

  waitRoundEnded(timeoutMs = 30_000): Promise<RoundEnded> {
    return this.inbox.waitFor<RoundEnded>('roundEnded', (m) => m.round === this.round, { since: 0, timeoutMs });
  }

  // ── internals ──

  private attach(room: Room): void {
    this.inbox.attach(room);
    room.onLeave(() => {
      if (room === this.room) this.connected = false;
    });
    room.onStateChange((state: { toJSON(): unknown }) => {
      const json = state.toJSON() as { phase?: string; players?: Record<string, { score?: number }> };
      if (this.opts.record) {
        this.statePatches.push(JSON.stringify(json));
        this.patchMarks.push(this.journal.length);
      }
      const me = this.id ? json.players?.[this.id] : undefined;
      // While a round runs the state keeps the totals of its start; the verdicts carry the news.
      const live = json.phase === 'running' || json.phase === 'paused';
      if (me?.score !== undefined && !live) this.score = me.score;
    });
  }

  private log(line: string): void {
    this.opts.log?.(`[${this.nickname}] ${line}`);
  }

  private onMessage(r: Received): void {
    let entry: JournalEntry | undefined;
    if (this.opts.record) {
      const o = this.outstanding;
      entry = {
        ...r,
        round: this.round,
        side: this.side,
        owedBefore: this.active ? this.owed() : [],
        owedAfter: [],
        sentCount: this.sent.length,
        outstanding: o ? { intent: o.intent, deliberate: o.deliberate, round: o.round, ...(o.segment ? { segment: o.segment } : {}), ...(o.state ? { state: o.state } : {}) } : null,
      };
      this.journal.push(entry);
    }
    switch (r.type) {
      case 'welcome': {
        const w = r.message as Welcome;
        this.id = w.you.id;
        this.code = w.code;
        break;
      }
      case 'roundStarted':
        this.startRound(r.message as RoundStarted);
        break;
      case 'seatEvent':
        this.apply(r.message as SeatEvent);
        this.seen.push(r.message as SeatEvent);
        break;
      case 'verdictGiven':
        this.onVerdict(r.message as VerdictGiven);
        break;
      case 'error':
        this.onError(r.message as ErrorEvent);
        break;
      case 'roundEnded': {
        const e = r.message as RoundEnded;
        this.roundsEnded.push(e);
        if (e.round === this.round) {
          this.active = false;
          this.clearTimer();
        }
        break;
      }
      case 'classEnded':
        this.active = false;
        this.clearTimer();
        break;
      case 'clock':
        this.clock = r.message as { t: number; running: boolean; waiting: string[] };
        break;
      case 'hint':
        this.hints.push(r.message as { owes: string; waitedMs: number });
        break;
    }
    if (entry) entry.owedAfter = this.active ? this.owed() : [];
    this.kick();
  }

  private startRound(m: RoundStarted): void {
    this.round = m.round;
    this.side = m.side;
    this.mode = m.mode;
    this.partner = m.partner;
    this.scenario = findScenario(m.scenario);
    this.active = true;
    this.seat = createMirror();
    this.seen = [];
    this.pacing.reset(Date.now());
    this.lastDeclared = 'CLOSED';
    this.textbook = m.textbook === true;
    this.carry = null;
    this.strikes = 0;
    if (m.history) {
      // Back after a drop: rebuild the mirror from everything this seat was shown.
      for (const e of m.history) {
        this.apply(e);
        this.seen.push(e);
      }
      // `declared: null` is "nothing declared yet" (CLOSED, still owed); only a server that
      // says nothing of it leaves the bot to assume the state the history names.
      this.lastDeclared = m.declared === undefined ? namedState(this.mirror) : (m.declared ?? 'CLOSED');
      this.log(`restored round ${m.round} as ${m.side} from ${m.history.length} events: ${this.mirror.state}`);
    } else {
      this.log(`round ${m.round}: ${m.scenario} as ${m.side} (${m.mode}) with ${m.partner}`);
    }
  }

  /** Fold one seat event into the mirror (as the server steps the real endpoint) and the bot's own bookkeeping. */
  private apply(e: SeatEvent): void {
    const me = this.side;
    if (!me) return;
    this.pacing.news(Date.now());
    switch (e.kind) {
      case 'app':
        this.seat = mirrorSeatEvent(this.seat, e, me);
        break;
      case 'sent': {
        if (e.side === me && e.origin !== 'network') {
          // Assessment: the network carried the correct segment on in place of our deliberate wrong one.
          const c = this.carry;
          const segment = c && sameSegment(c.wrong, e.segment) ? c.correct : e.segment;
          if (c && segment === c.correct) this.carry = null;
          this.seat = mirrorSeatEvent(this.seat, e, me, segment);
        }
        if (e.side !== me) this.pacing.partnerSent(e.id, Date.now());
        break;
      }
      case 'declared':
        if (e.side === me) this.lastDeclared = e.state;
        break;
      case 'delivered':
        this.pacing.landed(e.id);
        this.seat = mirrorSeatEvent(this.seat, e, me);
        break;
      case 'lost':
        this.pacing.landed(e.id);
        break;
      case 'timer':
        this.seat = mirrorSeatEvent(this.seat, e, me);
        break;
      default:
        break;
    }
  }

  private onVerdict(v: VerdictGiven): void {
    this.verdicts.push(v);
    if (!v.recorded) this.score = v.score;
    const o = this.outstanding;
    if (!o || v.rid !== o.rid) return;
    this.outstanding = null;
    // Assessment tells nothing: an answer the bot believed right is taken as right.
    const ok = v.recorded ? !o.deliberate : v.ok;
    const answer: Answer = { ok, verdict: v };
    if (o.sentIndex !== undefined) {
      const s = this.sent[o.sentIndex];
      if (s) s.answer = answer;
    }
    if (!v.recorded && !v.ok && !o.deliberate) {
      this.unexpected.push({ ...(o.segment ? { segment: o.segment } : {}), ...(o.state ? { state: o.state } : {}), answer });
      this.log(`unexpected refusal of ${o.intent} ${JSON.stringify(o.segment ?? o.state)}: ${JSON.stringify(v.errors)}`);
      // A mirror that keeps disagreeing with the server would loop: stop after a few.
      if (++this.strikes >= 5) {
        this.log('giving up: the mirror and the server disagree');
        this.autoplay = false;
      }
    }
    o.settle(answer);
  }

  private onError(e: ErrorEvent): void {
    this.errors.push(e);
    const o = this.outstanding;
    if (!o || e.intent !== o.intent || e.rid !== o.rid) return;
    this.outstanding = null;
    // Not judged (paused, prelude, stale, too fast): the declaration did not happen.
    if (o.prevDeclared !== undefined) this.lastDeclared = o.prevDeclared;
    if (o.sentIndex !== undefined) {
      const s = this.sent[o.sentIndex];
      if (s) s.answer = { ok: false, error: e };
    }
    o.settle({ ok: false, error: e });
    if (e.code === 'no-round') {
      this.active = false;
      return;
    }
    // "Not now" (the prelude is being played, the round is paused, too fast, something new
    // arrived first: 'stale'): try again later, with the mirror as it is then.
    this.pacing.notNow(Date.now());
  }

  private intent(o: Outstanding): Promise<Answer> {
    if (this.outstanding) return Promise.reject(new Error('an intent is already waiting for its answer'));
    this.clearTimer();
    return new Promise<Answer>((resolve) => {
      const entry: Pending = { ...o, settle: resolve, rid: this.nextRid++ };
      if (o.intent === 'sendSegment' && o.segment) {
        this.sent.push({ round: o.round, segment: o.segment, ...(o.state ? { state: o.state } : {}), deliberate: o.deliberate });
        entry.sentIndex = this.sent.length - 1;
        this.outstanding = entry;
        this.room.send('sendSegment', { ...o.segment, ...(o.state ? { state: o.state } : {}), ...(o.peer !== undefined ? { peer: o.peer } : {}), ...this.basis(), rid: entry.rid });
      } else {
        this.outstanding = entry;
        this.room.send('declareState', { state: o.state, ...this.basis(), rid: entry.rid });
      }
    });
  }

  /** What an answer says it was based on: the inputs to the endpoint seen (as a browser does). */
  private basis(): { seen?: number } {
    return this.side ? { seen: countInputs(this.seen, this.side) } : {};
  }

  /** The move due now, if any: a send (something is owed) or a declaration. */
  private dueMove(): Move | null {
    if (this.owed().length > 0 || owedPeerSends(this.mirror).length > 0) return 'send';
    if (this.opts.declareStates !== false && namedState(this.mirror) !== this.lastDeclared) return 'declare';
    return null;
  }

  /** (Re)plan the next move after anything happened. */
  private kick(): void {
    this.clearTimer();
    if (!this.active || !this.autoplay || !this.connected || this.outstanding) return;
    const move = this.dueMove();
    if (!move) {
      this.pacing.done();
      return;
    }
    const wait = this.pacing.readyAt(move, Date.now()) - Date.now();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.act();
    }, Math.max(0, wait));
  }

  /** Make the move due now with the mirror as it is now, or plan again if it is not time yet. */
  private act(): void {
    if (!this.active || !this.autoplay || !this.connected || this.outstanding) return;
    const move = this.dueMove();
    if (!move) return;
    if (this.pacing.readyAt(move, Date.now()) > Date.now()) return this.kick();
    this.pacing.done();
    const declare = this.opts.declareStates !== false;
    if (move === 'send') {
      const toPeer = this.owed().length === 0 ? owedPeerSends(this.mirror)[0] : undefined;
      if (toPeer) {
        // A half-open connection of the listen queue (the SYN flood) owes its SYN+ACK: sent to its
        // address, declaring that connection's state; the player's own badge stays as it is.
        const seg = { ...toPeer.segment, flags: [...toPeer.segment.flags], seq: toPeer.segment.seq ?? this.drawIsn() };
        void this.intent({ intent: 'sendSegment', segment: seg, ...(declare ? { state: 'SYN_RCVD' as const } : {}), deliberate: false, round: this.round, peer: toPeer.peer });
        return;
      }
      const seg = this.correctSegment();
      if (!seg) return;
      // The state the game names once this segment is out (a SYN or FIN owed by connect/close starts it).
      const state = declare ? expectedAfterSend(this.mirror, seg).state : undefined;
      if (this.mistakesLeft > 0) {
        this.mistakesLeft -= 1;
        const wrong = wrongVariant(seg);
        const prev = this.lastDeclared;
        if (this.mode === 'assessment') this.carry = { wrong, correct: seg };
        if (state && this.mode === 'assessment') this.lastDeclared = state;
        void this.intent({ intent: 'sendSegment', segment: wrong, ...(state ? { state } : {}), deliberate: true, round: this.round, prevDeclared: prev });
        return;
      }
      const prev = this.lastDeclared;
      if (state) this.lastDeclared = state;
      void this.intent({ intent: 'sendSegment', segment: seg, ...(state ? { state } : {}), deliberate: false, round: this.round, prevDeclared: prev });
      return;
    }
    const state = namedState(this.mirror);
    const prev = this.lastDeclared;
    this.lastDeclared = state;
    void this.intent({ intent: 'declareState', state, deliberate: false, round: this.round, prevDeclared: prev });
  }

  private drawIsn(): number {
    const d = (this.opts.textbook ?? this.textbook) ? nextInt(this.rng, 100, 999) : nextUint32(this.rng);
    this.rng = d.state;
    return d.value;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
