import { randomInt } from 'node:crypto';
import type { Client, Room } from 'colyseus.js';
import {
  botSegment, countInputs, createEndpoint, findScenario, nextUint32, owedSends, seedRng, step,
  type Endpoint, type ErrorEvent, type Mode, type OwedSend, type RoundEnded, type RoundStarted, type Scenario,
  type SeatEvent, type Segment, type Side, type TcpState, type VerdictGiven, type Welcome,
} from '../../shared/index';
import { Inbox, type Received } from './inbox';

/**
 * A bot student that plays over the real network, as a browser would: it joins a class with a
 * nickname through colyseus.js and sees only what the server sends that seat. The server never
 * sends a student its own endpoint, so the bot keeps a mirror of it, stepped by the shared engine
 * with the events the seat sees (its app calls, its own segments that went onto the network,
 * segments delivered to it, its timers), and sends what `botSegment` says is owed.
 *
 * Timing. The server judges an answer against the endpoint as it is when the answer arrives,
 * after letting deliveries that fell due in the meantime happen (PairRunner.catchUp). An answer
 * that crosses a delivery the bot has not been shown yet is therefore judged against a state it
 * never saw. To keep its answers right the bot (1) waits, before sending, until the partner's
 * segments it has seen leave are delivered or lost (at most `settleMs`: a segment may be held),
 * and (2) declares a state it reached without sending only after `quietMs` without news.
 */

export interface RemoteBotOptions {
  nickname: string;
  /** Seed of the bot's own RNG (its ISNs). Without it, a random seed. */
  seed?: number;
  /** Think time before each move, ms, counted from when the move became due (a range draws uniformly). Default 0. */
  thinkMs?: number | [number, number];
  /** Also declare the states it moves through without sending, and declare the state on each send. */
  declareStates?: boolean;
  /** Play by itself (default true). With false, the test drives it with `send`/`declare`, or calls `resume`. */
  autoplay?: boolean;
  /** Deliberate mistakes: before each of its first N sends, first try a wrong segment (see `wrongVariant`). */
  mistakes?: number;
  /** Keep a journal of every message (with what was owed around it) and every state patch. */
  record?: boolean;
  /** Before sending, wait at most this long for the partner's segments in flight to land, ms. Default 150. */
  settleMs?: number;
  /** Declare a state reached without sending only after this long without a new seat event, ms. Default 100. */
  quietMs?: number;
  /** Wait after a refusal that says "not now" (prelude, paused, rate limit) before trying again, ms. Default 60. */
  retryMs?: number;
  log?: (line: string) => void;
}

/** An intent sent and not yet answered. */
export interface Outstanding {
  intent: 'sendSegment' | 'declareState';
  segment?: Segment;
  state?: TcpState;
  deliberate: boolean;
  round: number;
}

/** How the server answered an intent: a verdict, or an error (refused before judging). */
export interface Answer {
  ok: boolean;
  verdict?: VerdictGiven;
  error?: ErrorEvent;
}

/** One entry of the journal: a message, with the bot's situation around it. */
export interface JournalEntry extends Received {
  round: number;
  side: Side | null;
  /** What the mirror owed (with exact seq/ack) before this message was applied… */
  owedBefore: OwedSend[];
  /** …and right after. */
  owedAfter: OwedSend[];
  outstanding: Outstanding | null;
  /** How many `sendSegment` intents the bot had made by then (`RemoteBot.sent` is the list). */
  sentCount: number;
}

/** A segment the bot sent with `sendSegment` (whatever the answer). */
export interface SentIntent {
  round: number;
  segment: Segment;
  state?: TcpState;
  deliberate: boolean;
  answer?: Answer;
}

const UINT32 = 2 ** 32;

/**
 * A segment that is wrong whatever the endpoint owes, for deliberate mistakes: with ACK set, the
 * ack is one off (every option that carries ACK needs an exact ack); a SYN gains an ACK (no SYN
 * without ACK may carry one); a bare RST gets its seq one off.
 */
export function wrongVariant(seg: Segment): Segment {
  if (seg.flags.includes('ACK')) return { ...seg, flags: [...seg.flags], ack: (seg.ack + 1) % UINT32 };
  if (seg.flags.includes('SYN')) return { ...seg, flags: [...seg.flags, 'ACK'], ack: 0 };
  return { ...seg, flags: [...seg.flags], seq: (seg.seq + 1) % UINT32 };
}

type Pending = Outstanding & { settle: (a: Answer) => void; sentIndex?: number };

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
  /** The mirror of its own endpoint. */
  mirror: Endpoint = createEndpoint();
  /** Every seat event of the current round, in order. */
  seen: SeatEvent[] = [];
  verdicts: VerdictGiven[] = [];
  errors: ErrorEvent[] = [];
  sent: SentIntent[] = [];
  roundsEnded: RoundEnded[] = [];
  /** Score as last told by a verdict or the synced state. */
  score = 0;
  /** Refusals of answers it believed correct (a sign the mirror and the server disagree, or a race). */
  unexpected: { segment?: Segment; state?: TcpState; answer: Answer }[] = [];
  journal: JournalEntry[] = [];
  statePatches: string[] = [];
  connected = true;

  private readonly client: Client;
  private rng: number;
  private autoplay: boolean;
  private mistakesLeft: number;
  private lastDeclared: TcpState = 'CLOSED';
  private outstanding: Pending | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private strikes = 0;
  private token = '';
  /** The partner's segments seen leaving and not yet delivered or lost: id → when seen (wall ms). */
  private inFlight = new Map<string, number>();
  private lastNewsAt = 0;
  /** When the move now due became due, and how long to think about it. */
  private dueSince: number | null = null;
  private thinkFor = 0;
  private notBefore = 0;

  private constructor(client: Client, room: Room, private readonly opts: RemoteBotOptions) {
    this.client = client;
    this.room = room;
    this.nickname = opts.nickname;
    this.rng = seedRng(opts.seed ?? randomInt(0, 2 ** 31));
    this.autoplay = opts.autoplay ?? true;
    this.mistakesLeft = opts.mistakes ?? 0;
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

  /** Declare a state now (for tests that drive the bot by hand). */
  declare(state: TcpState, deliberate = true): Promise<Answer> {
    return this.intent({ intent: 'declareState', state, deliberate, round: this.round });
  }

  /** Any message, unchecked (malformed-message tests). */
  raw(type: string, payload: unknown): void {
    this.room.send(type, payload);
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
      const json = state.toJSON() as { players?: Record<string, { score?: number }> };
      if (this.opts.record) this.statePatches.push(JSON.stringify(json));
      const me = this.id ? json.players?.[this.id] : undefined;
      if (me?.score !== undefined) this.score = me.score;
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
    this.mirror = createEndpoint();
    this.seen = [];
    this.inFlight.clear();
    this.lastDeclared = 'CLOSED';
    this.strikes = 0;
    this.dueSince = null;
    this.lastNewsAt = Date.now();
    if (m.history) {
      // Back after a drop: rebuild the mirror from everything this seat was shown.
      for (const e of m.history) {
        this.apply(e);
        this.seen.push(e);
      }
      this.lastDeclared = this.mirror.state;
      this.log(`restored round ${m.round} as ${m.side} from ${m.history.length} events: ${this.mirror.state}`);
    } else {
      this.log(`round ${m.round}: ${m.scenario} as ${m.side} (${m.mode}) with ${m.partner}`);
    }
  }

  /** Step the mirror with one seat event, exactly as the server steps the real endpoint. */
  private apply(e: SeatEvent): void {
    const me = this.side;
    if (!me) return;
    this.lastNewsAt = Date.now();
    switch (e.kind) {
      case 'app':
        this.mirror = step(this.mirror, e.call === 'send' ? { type: 'app', call: 'send', bytes: e.bytes ?? 0 } : { type: 'app', call: e.call }).endpoint;
        break;
      case 'sent':
        if (e.side === me && e.origin !== 'network') this.mirror = step(this.mirror, { type: 'send', segment: e.segment }).endpoint;
        if (e.side !== me) this.inFlight.set(e.id, Date.now());
        break;
      case 'delivered':
        this.inFlight.delete(e.id);
        if (e.to === me) this.mirror = step(this.mirror, { type: 'deliver', segment: e.segment }).endpoint;
        break;
      case 'lost':
        this.inFlight.delete(e.id);
        break;
      case 'timer':
        this.mirror = step(this.mirror, { type: 'timeout', timer: e.timer }).endpoint;
        break;
      default:
        break;
    }
  }

  private onVerdict(v: VerdictGiven): void {
    this.verdicts.push(v);
    this.score = v.score;
    const o = this.outstanding;
    if (!o) return;
    this.outstanding = null;
    const answer: Answer = { ok: v.ok, verdict: v };
    if (o.sentIndex !== undefined) {
      const s = this.sent[o.sentIndex];
      if (s) s.answer = answer;
    }
    if (!v.ok && !o.deliberate) {
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
    if (!o || e.intent !== o.intent) return;
    this.outstanding = null;
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
    this.notBefore = Date.now() + (this.opts.retryMs ?? 60);
  }

  private intent(o: Outstanding): Promise<Answer> {
    if (this.outstanding) return Promise.reject(new Error('an intent is already waiting for its answer'));
    this.clearTimer();
    return new Promise<Answer>((resolve) => {
      const entry: Pending = { ...o, settle: resolve };
      if (o.intent === 'sendSegment' && o.segment) {
        this.sent.push({ round: o.round, segment: o.segment, ...(o.state ? { state: o.state } : {}), deliberate: o.deliberate });
        entry.sentIndex = this.sent.length - 1;
        this.outstanding = entry;
        this.room.send('sendSegment', { ...o.segment, ...(o.state ? { state: o.state } : {}), ...this.basis() });
      } else {
        this.outstanding = entry;
        this.room.send('declareState', { state: o.state, ...this.basis() });
      }
    });
  }

  /** What an answer says it was based on: the inputs to the endpoint seen (as a browser does). */
  private basis(): { seen?: number } {
    return this.side ? { seen: countInputs(this.seen, this.side) } : {};
  }

  /** The move due now, if any: a send (something is owed) or a declaration. */
  private dueMove(): 'send' | 'declare' | null {
    if (this.owed().length > 0) return 'send';
    if (this.opts.declareStates === true && this.mirror.state !== this.lastDeclared) return 'declare';
    return null;
  }

  /** Wall time at which the due move may be made. */
  private readyAt(move: 'send' | 'declare'): number {
    const now = Date.now();
    if (this.dueSince === null) {
      this.dueSince = now;
      this.thinkFor = this.thinkTime();
    }
    let at = Math.max(this.dueSince + this.thinkFor, this.notBefore);
    const settle = this.opts.settleMs ?? 150;
    for (const seenAt of this.inFlight.values()) at = Math.max(at, seenAt + settle);
    if (move === 'declare') at = Math.max(at, this.lastNewsAt + (this.opts.quietMs ?? 100));
    return at;
  }

  /** (Re)plan the next move after anything happened. */
  private kick(): void {
    this.clearTimer();
    if (!this.active || !this.autoplay || !this.connected || this.outstanding) return;
    const move = this.dueMove();
    if (!move) {
      this.dueSince = null;
      return;
    }
    const wait = this.readyAt(move) - Date.now();
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
    if (this.readyAt(move) > Date.now()) return this.kick();
    this.dueSince = null;
    const declare = this.opts.declareStates === true;
    if (move === 'send') {
      const seg = this.correctSegment();
      if (!seg) return;
      const state = declare ? this.mirror.state : undefined;
      if (this.mistakesLeft > 0) {
        this.mistakesLeft -= 1;
        void this.send(wrongVariant(seg), state, true);
        return;
      }
      if (state) this.lastDeclared = state;
      void this.send(seg, state, false);
      return;
    }
    this.lastDeclared = this.mirror.state;
    void this.declare(this.mirror.state, false);
  }

  private drawIsn(): number {
    const d = nextUint32(this.rng);
    this.rng = d.state;
    return d.value;
  }

  private thinkTime(): number {
    const t = this.opts.thinkMs ?? 0;
    if (typeof t === 'number') return t;
    return t[0] + Math.floor(Math.random() * (t[1] - t[0] + 1));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
