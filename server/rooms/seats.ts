import { randomInt } from 'node:crypto';
import { CLASS_CODE_ALPHABET, CLASS_CODE_LENGTH, checkNickname, JoinOptionsSchema, type ErrorCode } from '../../shared/index';
import { hashKey, keyMatches } from '../http/key-hash';
import { nicknamesClash, nicknameSkeletons } from './nicknames';

/** The option the matchmaker writes into `create` (the creator's client key); clients cannot set it. */
export const CREATOR_OPTION = '__synackCreator';

/** A new class code: CLASS_CODE_LENGTH characters of CLASS_CODE_ALPHABET, drawn at random. */
export function newClassCode(): string {
  let code = '';
  for (let i = 0; i < CLASS_CODE_LENGTH; i++) code += CLASS_CODE_ALPHABET[randomInt(CLASS_CODE_ALPHABET.length)];
  return code;
}

/** Who a connection is: the host, or one student of the roster. */
export type Who = { role: 'host' } | { role: 'student'; playerId: string };

/** A join that gets in (a student with the nickname to enrol), or is refused with a code and HTTP status. */
export type Claim = { who: { role: 'host' } } | { who: { role: 'student'; playerId: string }; nickname: string } | { refused: ErrorCode; status: number };

/** Failed host-key attempts count against the asking client (server/http/guard.ts AccessGuard). */
export interface AttemptBudget {
  blocked(key: string): boolean;
  fail(key: string): void;
}

export interface ClaimContext {
  sessionId: string;
  /** The asking client as the matchmaker stamped it (`id:…` a browser, `addr:…` an address), or null. */
  asker: string | null;
  /** The class has ended: nobody joins. */
  ended: boolean;
  /** The host has connected once (the class is stored): students may join. */
  open: boolean;
  roster: ReadonlyMap<string, { nickname: string }>;
  maxStudents: number;
  guard?: AttemptBudget | undefined;
}

/**
 * Who is this: the seat claims of a class. The creator (the first seat reserved, claiming the
 * host with `{ host: true }`), a host presenting the host key, a student with a nickname, and the
 * connection each claim became. The server keeps only the host key's hash; the key itself is given
 * once, in the creator's welcome. Students the host blocked stay out by browser id and by
 * nickname skeleton. The roster itself is the class model's (lesson.ts).
 */
export class Seats {
  readonly hostKeyHash: string;
  private hostKey: string | null;
  private creatorSession: string | null = null;
  private hostClaimed = false;
  private counter = 0;
  /** Students the host blocked: by client id, and by nickname skeleton. */
  readonly blocked = { clients: new Set<string>(), names: new Set<string>() };
  /** The client key each student joined with (for blocking). */
  private readonly clientKeys = new Map<string, string>();
  private readonly sessions = new Map<string, Who>();

  /** `creatorKey`: who created the class (a browser's client id, or an address): classes are counted per creator. */
  constructor(hostKey: string, readonly creatorKey: string | null = null) {
    this.hostKeyHash = hashKey(hostKey);
    this.hostKey = hostKey;
  }

  /** A seat was reserved: the first one (not a reconnection) is the creator's. */
  reserved(sessionId: string, reconnection: boolean): void {
    if (!reconnection && this.creatorSession === null) this.creatorSession = sessionId;
  }

  /** The host key, once (the creator's first welcome); null ever after. */
  takeHostKey(): string | null {
    const key = this.hostKey;
    this.hostKey = null;
    return key;
  }

  /** Who may take a seat with these join options. */
  claim(options: unknown, ctx: ClaimContext): Claim {
    if (ctx.ended) return { refused: 'class-ended', status: 410 };
    const o = (options && typeof options === 'object' ? options : {}) as Record<string, unknown>;
    if (o.host === true && !this.hostClaimed && ctx.sessionId === this.creatorSession) {
      this.hostClaimed = true;
      return { who: { role: 'host' } };
    }
    const parsed = JoinOptionsSchema.safeParse(o);
    if (!parsed.success) {
      if ('hostKey' in o) return { refused: 'bad-host-key', status: 403 };
      if (o.host === true) return { refused: 'host-present', status: 409 };
      return { refused: typeof o.nickname === 'string' ? 'nickname-too-long' : 'nickname-empty', status: 400 };
    }
    if ('hostKey' in parsed.data) {
      const guard = ctx.asker !== null ? ctx.guard : undefined;
      if (guard?.blocked(ctx.asker as string)) return { refused: 'too-many-attempts', status: 429 };
      if (!keyMatches(parsed.data.hostKey, this.hostKeyHash)) {
        guard?.fail(ctx.asker as string);
        return { refused: 'bad-host-key', status: 403 };
      }
      return { who: { role: 'host' } };
    }
    // A class whose host has not connected yet is not open: to a guesser, it does not exist.
    if (!ctx.open) return { refused: 'bad-code', status: 404 };
    const nick = checkNickname(parsed.data.nickname);
    if (!nick.ok) return { refused: nick.code, status: 400 };
    const keys = nicknameSkeletons(nick.nickname);
    if ((ctx.asker && this.blocked.clients.has(ctx.asker)) || keys.some((k) => this.blocked.names.has(k))) return { refused: 'blocked', status: 403 };
    if (ctx.roster.size >= ctx.maxStudents) return { refused: 'class-full', status: 409 };
    // Two nicknames that look alike (UTS #39 skeletons: `аlice` with a Cyrillic а, `ALICE`) clash.
    for (const p of ctx.roster.values()) if (nicknamesClash(p.nickname, nick.nickname)) return { refused: 'nickname-taken', status: 409 };
    const playerId = `p${++this.counter}`;
    if (ctx.asker) this.clientKeys.set(playerId, ctx.asker);
    return { who: { role: 'student', playerId }, nickname: nick.nickname };
  }

  /** A connection joined (or came back) as `who`. */
  join(sessionId: string, who: Who): void {
    this.sessions.set(sessionId, who);
  }

  who(sessionId: string): Who | undefined {
    return this.sessions.get(sessionId);
  }

  /** A connection left: who it was. */
  leave(sessionId: string): Who | undefined {
    const who = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    return who;
  }

  /** Keep a removed student out: their browser's id (never an address: that is a whole school's) and their nickname. */
  block(playerId: string, nickname: string): void {
    const key = this.clientKeys.get(playerId);
    if (key?.startsWith('id:')) this.blocked.clients.add(key);
    for (const k of nicknameSkeletons(nickname)) this.blocked.names.add(k);
  }

  /** A student left the roster. */
  forget(playerId: string): void {
    this.clientKeys.delete(playerId);
  }
}
