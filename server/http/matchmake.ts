import type http from 'node:http';
import { ErrorCode, getBearerToken, matchMaker } from 'colyseus';
import { ERROR_TEXT, type ErrorCode as AppErrorCode } from '../../shared/index';
import { z } from 'zod';
import { addressOf, type AccessGuard, CLIENT_HEADER } from './guard';
import { CREATOR_OPTION } from '../rooms/seats';
import { setSecurityHeaders } from './headers';

/**
 * The matchmaking endpoint (`POST /matchmake/<method>/<room>`), in front of Colyseus's own.
 * Colyseus 0.16 answers any Origin, reads a body of any size, and exposes `join`/`joinOrCreate`,
 * which seat a caller in *some* class without its code. Here:
 *  - only `create`, `joinById` and `reconnect` exist;
 *  - a page from an Origin outside the allowlist (when one is set) gets 403;
 *  - a body over the limit gets 413, a body that is not a JSON object 400;
 *  - every request counts against the client's budget (429 `too-many-requests`), and a client
 *    whose failed attempts (unknown class code, bad reconnection token) are used up gets 429
 *    `too-many-attempts` before its request is looked at.
 * Refusals carry `{ code, error }` like Colyseus's own, `error` being the JSON `{ code, en, zh-CN }`
 * the browser shows (client/src/net/join-error.ts).
 */

const METHODS = new Set(['create', 'joinById', 'reconnect']);

/** What `create` may carry: the host flag and the page's language, nothing else (no nesting). */
const CreateOptions = z.object({ host: z.literal(true).optional(), lang: z.enum(['en', 'zh-CN']).optional() }).strict();

/** Who may create one more class: null when it may, or why not (too many for this creator, or for the process). */
export type CreationGate = (creatorKey: string) => 'too-many-classes' | 'server-busy' | null;
const ROUTE = /^\/matchmake\/([A-Za-z]+)\/([A-Za-z0-9_-]{1,64})\/?(?:\?.*)?$/;

function refusal(code: AppErrorCode): string {
  return JSON.stringify({ code, ...ERROR_TEXT[code] });
}

function corsHeaders(guard: AccessGuard, req: http.IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  const headers: Record<string, string> = { ...matchMaker.controller.DEFAULT_CORS_HEADERS, Vary: 'Origin' };
  if (origin && guard.originAllowed(origin)) headers['Access-Control-Allow-Origin'] = origin;
  else delete headers['Access-Control-Allow-Origin'];
  return headers;
}

function send(res: http.ServerResponse, status: number, headers: Record<string, string>, body?: unknown): void {
  if (res.headersSent) return;
  setSecurityHeaders(res.req, res);
  res.writeHead(status, body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** Read at most `max` bytes of the body; null when it is larger (the request is then cut off). */
function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Buffer | null) => {
      if (!done) {
        done = true;
        resolve(v);
      }
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.pause();
        finish(null);
      } else chunks.push(c);
    });
    req.on('end', () => finish(Buffer.concat(chunks)));
    req.on('error', () => finish(null));
    req.on('close', () => finish(null));
  });
}

async function handle(guard: AccessGuard, req: http.IncomingMessage, res: http.ServerResponse, mayCreate: CreationGate): Promise<void> {
  const cors = corsHeaders(guard, req);
  if (!guard.originAllowed(req.headers.origin)) return send(res, 403, cors, { code: 403, error: refusal('forbidden-origin') });
  if (matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN) return send(res, 503, cors);
  if (req.method === 'OPTIONS') return send(res, 204, cors);
  const m = ROUTE.exec(req.url ?? '');
  const method = m?.[1] ?? '';
  if (req.method !== 'POST' || !m || !METHODS.has(method)) return send(res, 404, cors, { code: ErrorCode.MATCHMAKE_NO_HANDLER, error: 'no such matchmaking request' });
  const key = guard.keyOf(req);
  if (!guard.request(key)) {
    return send(res, 429, { ...cors, 'Retry-After': '2' }, { code: 429, error: refusal('too-many-requests') });
  }
  if (method !== 'create' && guard.blocked(key)) {
    return send(res, 429, { ...cors, 'Retry-After': String(guard.retryAfter(key)) }, { code: 429, error: refusal('too-many-attempts') });
  }
  // Seats reserved and never used would fill a class (a reservation holds a seat for 15 s).
  if (method !== 'reconnect' && !guard.maySeat(key)) {
    return send(res, 429, { ...cors, 'Retry-After': '15' }, { code: 429, error: refusal('too-many-requests') });
  }
  const body = await readBody(req, guard.limits.maxBodyBytes);
  if (body === null) {
    send(res, 413, { ...cors, Connection: 'close' }, { code: 413, error: 'request too large' });
    req.socket.destroySoon();
    return;
  }
  let options: unknown;
  try {
    options = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    options = undefined;
  }
  if (!options || typeof options !== 'object' || Array.isArray(options)) return send(res, 400, cors, { code: 400, error: 'options must be a JSON object' });
  if (method === 'create') {
    // Checked before a room exists: a class is never created for a request that cannot seat its creator.
    const parsed = CreateOptions.safeParse(options);
    if (!parsed.success) return send(res, 400, cors, { code: 400, error: 'create takes { host: true, lang? } only' });
    const refused = mayCreate(key);
    if (refused) return send(res, refused === 'server-busy' ? 503 : 429, { ...cors, 'Retry-After': '60' }, { code: refused === 'server-busy' ? 503 : 429, error: refusal(refused) });
    options = { ...parsed.data, [CREATOR_OPTION]: key };
  } else if (CREATOR_OPTION in (options as object)) {
    return send(res, 400, cors, { code: 400, error: 'unknown option' });
  }
  // Who is asking, as the room's onAuth sees it (whatever a client wrote in this header is replaced).
  req.headers[CLIENT_HEADER] = key;
  try {
    const response = await matchMaker.controller.invokeMethod(method, m[2] as string, options, {
      token: getBearerToken(req.headers.authorization ?? '') ?? '',
      headers: req.headers,
      ip: addressOf(req),
      req,
    } as never);
    const sessionId = (response as { sessionId?: unknown }).sessionId;
    if (method !== 'reconnect' && typeof sessionId === 'string') guard.seated(key, sessionId);
    send(res, 200, cors, response);
  } catch (e) {
    const err = e as { code?: number; message?: string };
    // An unknown or ended class, or a reconnection token that opens nothing: a guess that failed.
    if (err.code === ErrorCode.MATCHMAKE_INVALID_ROOM_ID || (method === 'reconnect' && err.code === ErrorCode.MATCHMAKE_EXPIRED)) guard.fail(key);
    send(res, 200, cors, { code: err.code, error: String(err.message ?? 'matchmaking failed').slice(0, 500) });
  }
}

/**
 * Put the guarded handler in front of every matchmaking request. Colyseus hands a request whose
 * URL merely *contains* `/matchmake` to its own handler (core/build/Server.js,
 * attachMatchMakingRoutes), so the same test is used here and Colyseus's handler is never reached.
 * Other requests: a foreign Origin gets 403, the rest go to the listeners as before (express).
 */
export function guardHttp(server: http.Server, guard: AccessGuard, log: (line: string) => void, mayCreate: CreationGate = () => null): void {
  const listeners = server.listeners('request').slice(0) as ((req: http.IncomingMessage, res: http.ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if ((req.url ?? '').includes('/matchmake')) {
      handle(guard, req, res, mayCreate).catch((e: unknown) => {
        log(`matchmake: ${e instanceof Error ? e.name : 'error'}`);
        send(res, 500, {}, { code: 500, error: 'matchmaking failed' });
      });
      return;
    }
    if (!guard.originAllowed(req.headers.origin)) return send(res, 403, {}, { error: 'forbidden origin' });
    for (const l of listeners) l.call(server, req, res);
  });
}

/**
 * The websocket upgrade check (ws `verifyClient`): a page from a foreign Origin is refused with
 * 403 when an allowlist is set; otherwise the request is stamped with who is asking, and the
 * forwarded-for headers (which any client can write) are dropped, so the room sees the socket's
 * address.
 */
export function verifyUpgrade(guard: AccessGuard, log: (line: string) => void = () => undefined) {
  return (info: { origin: string; req: http.IncomingMessage }, cb: (ok: boolean, code?: number, message?: string) => void): void => {
    // Nothing a client wrote may throw out of here: ws calls this outside any handler of ours, and
    // an exception would end the process (a malformed escape in sessionId once did).
    try {
      const origin = info.req.headers.origin;
      if (!guard.originAllowed(origin)) return cb(false, 403, 'Forbidden origin');
      delete info.req.headers['x-real-ip'];
      delete info.req.headers['x-forwarded-for'];
      info.req.headers[CLIENT_HEADER] = guard.keyOf(info.req);
      const sessionId = queryParam(info.req.url ?? '', 'sessionId');
      if (sessionId) guard.used(sessionId);
      cb(true);
    } catch (e) {
      log(`upgrade refused: ${e instanceof Error ? e.name : 'error'}`);
      cb(false, 400, 'Bad request');
    }
  };
}

/**
 * A query parameter of a request target, decoded the way the ws transport reads it (WHATWG URL:
 * a malformed escape stays as it is, never an exception); the first when it repeats.
 */
export function queryParam(target: string, name: string): string | null {
  try {
    return new URL(target, 'http://x').searchParams.get(name);
  } catch {
    return null;
  }
}
