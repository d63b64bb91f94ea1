import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Bucket, type BucketRule } from './bucket';

/**
 * Who is asking, before there is a session: the HTTP matchmaker and the websocket upgrade see no
 * room yet, so "per client" needs a notion of client of its own.
 *
 * - A browser that opened the page carries a client id the server minted in a cookie
 *   (`synack_id`, HttpOnly, SameSite=Lax, HMAC-signed so that it cannot be made up). Its limits are
 *   its own: one student's script does not slow down the rest of the class.
 * - Anything else (no cookie, a forged or foreign one: scripts, bots, a page served from another
 *   origin) is "anonymous" and shares a generous per-address budget. A class of 60 behind one
 *   school address never reaches it; a guessing script does.
 * - Client ids are handed out to every page load, without a per-address limit: a script on the
 *   school's address that asks for ids by the thousand must not leave the next real browser without
 *   one (it once did, and that browser then shared the script's exhausted anonymous budget). Minting
 *   keeps no state; an id's budget exists once it is used, and is forgotten when full again.
 *   SECURITY.md weighs what a script gains by minting ids (budgets for guessing codes).
 *
 * Limits are per process (several processes behind Redis each keep their own).
 */

export interface HttpLimits {
  /** A client with its own id: matchmaking requests, and failed attempts (unknown class code, wrong host key, bad reconnection token). */
  client: { requests: BucketRule; failures: BucketRule };
  /** Everything without an id, per address. */
  anonymous: { requests: BucketRule; failures: BucketRule };
  /** Seats reserved and not (yet) used that one client may hold at once (a reservation lasts 15 s). */
  pendingSeats: { client: number; anonymous: number };
  /** Largest matchmaking request body, bytes. */
  maxBodyBytes: number;
  /** Most clients and addresses remembered at once (the oldest are forgotten first). */
  maxTracked: number;
}

export const HTTP_LIMITS: HttpLimits = {
  client: { requests: { burst: 30, perSecond: 1 }, failures: { burst: 10, perSecond: 1 / 6 } },
  anonymous: { requests: { burst: 1000, perSecond: 50 }, failures: { burst: 100, perSecond: 1 } },
  pendingSeats: { client: 3, anonymous: 120 },
  maxBodyBytes: 16 * 1024,
  maxTracked: 50_000,
};

export const CLIENT_COOKIE = 'synack_id';
/** Set by the server on every matchmaking request and websocket upgrade (any value a client sent is replaced). */
export const CLIENT_HEADER = 'x-synack-client';

interface Entry {
  requests: Bucket;
  failures: Bucket;
}

export interface GuardOptions {
  /** Exact origins (scheme://host[:port]) allowed to use the game; null: any. */
  allowedOrigins?: readonly string[] | null;
  /** Key of the client-id signature; share it between processes behind one address. Default: random per process. */
  secret?: string;
  limits?: Partial<HttpLimits>;
  now?: () => number;
  log?: (line: string) => void;
}

/** Normalize an allowlist entry to an origin; throws on something that is not one. */
export function parseOrigin(raw: string): string {
  const u = new URL(raw.trim());
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`not an http(s) origin: ${raw}`);
  return u.origin;
}

/** The connecting socket's address (never a forwarded-for header, which any client can write). */
export function addressOf(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}

export class AccessGuard {
  readonly limits: HttpLimits;
  private readonly origins: Set<string> | null;
  private readonly secret: Buffer;
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly logged = new Map<string, number>();
  /** Seat reservations handed out and not used yet: session id → who asked and until when. */
  private readonly pending = new Map<string, { key: string; until: number }>();
  private readonly pendingByKey = new Map<string, number>();

  constructor(opts: GuardOptions = {}) {
    this.limits = { ...HTTP_LIMITS, ...opts.limits };
    this.origins = opts.allowedOrigins && opts.allowedOrigins.length > 0 ? new Set(opts.allowedOrigins.map(parseOrigin)) : null;
    this.secret = opts.secret ? Buffer.from(opts.secret) : randomBytes(32);
    this.now = opts.now ?? (() => Date.now());
    this.log = opts.log ?? (() => undefined);
  }

  get allowlist(): string[] | null {
    return this.origins ? [...this.origins] : null;
  }

  /** No Origin header (not a browser page) is allowed; a page's Origin must be listed when a list is set. */
  originAllowed(origin: string | undefined): boolean {
    if (!this.origins || origin === undefined) return true;
    return this.origins.has(origin.toLowerCase());
  }

  private sign(id: string): string {
    return createHmac('sha256', this.secret).update(id).digest('base64url').slice(0, 22);
  }

  /** The client id of a valid cookie, or null. */
  clientId(req: IncomingMessage): string | null {
    const header = req.headers.cookie;
    if (typeof header !== 'string' || header.length > 8192) return null;
    for (const part of header.split(';')) {
      const [name, value] = part.trim().split('=', 2);
      if (name !== CLIENT_COOKIE || !value) continue;
      const m = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/.exec(value);
      if (!m) return null;
      const given = Buffer.from(m[2] as string);
      const want = Buffer.from(this.sign(m[1] as string));
      return given.length === want.length && timingSafeEqual(given, want) ? (m[1] as string) : null;
    }
    return null;
  }

  /** The key limits are counted under: `id:<client id>` or `addr:<address>`. */
  keyOf(req: IncomingMessage): string {
    const id = this.clientId(req);
    return id ? `id:${id}` : `addr:${addressOf(req)}`;
  }

  /** Give a browser without a valid id a new one (always: nothing on its address can use up ids). */
  mintCookie(req: IncomingMessage, res: ServerResponse): void {
    if (this.clientId(req)) return;
    const id = randomBytes(16).toString('base64url');
    res.appendHeader('Set-Cookie', `${CLIENT_COOKIE}=${id}.${this.sign(id)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=604800`);
  }

  /** Count one matchmaking request; false when the client is over its budget. */
  request(key: string): boolean {
    const ok = this.entry(key).requests.take(this.now());
    if (!ok) this.note(key, 'too many matchmaking requests');
    return ok;
  }

  /** Whether the client has used up its failed attempts (then it may not try a code or key now). */
  blocked(key: string): boolean {
    const e = this.entries.get(key);
    return e !== undefined && e.failures.empty(this.now());
  }

  /** A failed attempt: an unknown class code, a wrong host key, a bad reconnection token. */
  fail(key: string): void {
    const e = this.entry(key);
    e.failures.charge(this.now());
    if (e.failures.empty(this.now())) this.note(key, 'too many failed attempts');
  }

  /** Seconds until the client may try again. */
  retryAfter(key: string): number {
    const e = this.entries.get(key);
    return e ? Math.max(e.failures.empty(this.now()) ? e.failures.retryAfter() : 1, 1) : 1;
  }

  /** Whether the client may be given one more seat reservation now. */
  maySeat(key: string): boolean {
    this.expireSeats();
    const max = key.startsWith('id:') ? this.limits.pendingSeats.client : this.limits.pendingSeats.anonymous;
    const ok = (this.pendingByKey.get(key) ?? 0) < max;
    if (!ok) this.note(key, 'too many unused seat reservations');
    return ok;
  }

  /** A seat reservation was handed out to the client. */
  seated(key: string, sessionId: string, ttlMs = 16_000): void {
    if (this.pending.has(sessionId)) return;
    this.pending.set(sessionId, { key, until: this.now() + ttlMs });
    this.pendingByKey.set(key, (this.pendingByKey.get(key) ?? 0) + 1);
  }

  /** A websocket came for the session: its reservation is being used. */
  used(sessionId: string): void {
    const p = this.pending.get(sessionId);
    if (!p) return;
    this.pending.delete(sessionId);
    const n = (this.pendingByKey.get(p.key) ?? 1) - 1;
    if (n > 0) this.pendingByKey.set(p.key, n);
    else this.pendingByKey.delete(p.key);
  }

  private expireSeats(): void {
    const now = this.now();
    // Insertion order is expiry order (one fixed lifetime).
    for (const [sessionId, p] of this.pending) {
      if (p.until > now) break;
      this.used(sessionId);
    }
  }

  /** Forget clients whose budgets are full again (nothing to remember). */
  sweep(): void {
    const now = this.now();
    this.expireSeats();
    for (const [k, e] of this.entries) {
      if (e.requests.full(now) && e.failures.full(now)) this.entries.delete(k);
    }
    for (const [k, at] of this.logged) if (now - at > 60_000) this.logged.delete(k);
  }

  get tracked(): number {
    return this.entries.size;
  }

  /** Seat reservations handed out and neither used nor expired yet (all clients). */
  get unusedSeats(): number {
    return this.pending.size;
  }

  private entry(key: string): Entry {
    let e = this.entries.get(key);
    if (!e) {
      const rules = key.startsWith('id:') ? this.limits.client : this.limits.anonymous;
      const now = this.now();
      e = { requests: new Bucket(rules.requests, now), failures: new Bucket(rules.failures, now) };
      this.entries.set(key, e);
      if (this.entries.size > this.limits.maxTracked) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return e;
  }

  /** One log line per client and minute; a client id is never written, only that there was one. */
  private note(key: string, what: string): void {
    const now = this.now();
    const last = this.logged.get(key);
    if (last !== undefined && now - last < 60_000) return;
    this.logged.set(key, now);
    this.log(`limit: ${what} from ${key.startsWith('id:') ? 'a browser client' : `anonymous clients at ${key.slice(5)}`}`);
  }
}
