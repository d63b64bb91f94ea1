/**
 * The wire below colyseus.js, for tests that must send what no client would: matchmaking requests
 * with any body and headers, websocket connections with any Origin or session id, and frames of
 * any bytes. Loopback only; every wait is bounded.
 */
import { Packr, unpack } from '@colyseus/msgpackr';
import { decode, encode } from '@colyseus/schema';
import http from 'node:http';
import WebSocket from 'ws';

export const ROOM_DATA = 13;
export const ROOM_DATA_BYTES = 17;
export const JOIN_ROOM = 10;
export const LEAVE_ROOM = 12;
export const ERROR = 11;

const packr = new Packr();

/** A ROOM_DATA frame as colyseus.js builds it (type then msgpack payload); null when the payload cannot be packed. */
export function messageFrame(type: string | number, payload?: unknown, code = ROOM_DATA): Uint8Array | null {
  const head = Buffer.alloc(1024);
  head[0] = code;
  const it = { offset: 1 };
  if (typeof type === 'string') encode.string(head, type, it);
  else encode.number(head, type, it);
  if (payload === undefined && code === ROOM_DATA) return head.subarray(0, it.offset);
  let body: Uint8Array;
  try {
    body = code === ROOM_DATA ? packr.pack(payload) : (payload as Uint8Array);
  } catch {
    return null;
  }
  return Buffer.concat([head.subarray(0, it.offset), body]);
}

export interface MatchmakeReply {
  status: number;
  body: { room?: { roomId: string; processId: string }; sessionId?: string; code?: number; error?: string } & Record<string, unknown>;
  headers: Headers;
}

/** POST with node:http from another loopback address (127.0.0.2, …: a different school, as the server sees it). */
function postFrom(localAddress: string, url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', localAddress, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: 10_000 }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: new Headers(Object.entries(res.headers).map(([k, v]): [string, string] => [k, String(v)])) }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

/** POST /matchmake/<method>/<room> with any body and headers (optionally from another loopback address). */
export async function matchmake(baseUrl: string, method: string, room: string, body: unknown, headers: Record<string, string> = {}, from?: string): Promise<MatchmakeReply> {
  if (from) {
    const r = await postFrom(from, `${baseUrl}/matchmake/${method}/${room}`, { 'content-type': 'application/json', ...headers }, typeof body === 'string' ? body : JSON.stringify(body));
    let parsed: MatchmakeReply['body'] = {};
    try {
      parsed = r.text ? (JSON.parse(r.text) as MatchmakeReply['body']) : {};
    } catch {
      parsed = { raw: r.text };
    }
    return { status: r.status, body: parsed, headers: r.headers };
  }
  const res = await fetch(`${baseUrl}/matchmake/${method}/${room}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let parsed: MatchmakeReply['body'] = {};
  try {
    parsed = text ? (JSON.parse(text) as MatchmakeReply['body']) : {};
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** The refusal code inside a Colyseus `{ code, error }` answer whose error is our `{ code, en, zh-CN }` JSON. */
export function refusalCode(body: { error?: unknown }): string | undefined {
  try {
    return (JSON.parse(String(body.error)) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

export interface RawSeat {
  ws: WebSocket;
  /** Messages received: [type, payload] of ROOM_DATA frames; an ERROR frame's code and message; the protocol code of others. */
  received: { code: number; type?: string | number; message?: unknown }[];
  closed: Promise<{ code: number }>;
  isOpen(): boolean;
}

/** Open the websocket of a seat reservation (or any made-up session id), optionally as a page of `origin`. */
export function connectSeat(baseUrl: string, processId: string, roomId: string, sessionId: string, opts: { origin?: string; reconnectionToken?: string; headers?: Record<string, string>; silent?: boolean } = {}): Promise<RawSeat> {
  const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/${processId}/${roomId}?sessionId=${encodeURIComponent(sessionId)}${opts.reconnectionToken ? `&reconnectionToken=${encodeURIComponent(opts.reconnectionToken)}` : ''}`;
  const ws = new WebSocket(wsUrl, { ...(opts.origin ? { origin: opts.origin } : {}), headers: opts.headers ?? {}, handshakeTimeout: 5000 });
  const received: RawSeat['received'] = [];
  const closed = new Promise<{ code: number }>((resolve) => {
    ws.once('close', (code) => resolve({ code }));
    ws.once('unexpected-response', (req, res) => {
      resolve({ code: res.statusCode ?? 0 });
      req.destroy();
    });
    ws.once('error', () => resolve({ code: -1 }));
  });
  ws.on('message', (data: Buffer) => {
    const code = data[0] as number;
    if (code === ROOM_DATA) {
      received.push({ code, ...decodeRoomData(data) });
    } else if (code === ERROR) {
      const it = { offset: 1 };
      const type = decode.number(data, it);
      received.push({ code, type, message: decode.string(data, it) });
    } else {
      received.push({ code });
      // Acknowledge the join as colyseus.js does, so the room sends state and messages (unless told to stay silent).
      if (code === JOIN_ROOM && !opts.silent) ws.send(Uint8Array.of(JOIN_ROOM));
    }
  });
  return new Promise((resolve) => {
    const seat: RawSeat = { ws, received, closed, isOpen: () => ws.readyState === WebSocket.OPEN };
    ws.once('open', () => resolve(seat));
    void closed.then(() => resolve(seat));
  });
}

function decodeRoomData(data: Buffer): { type?: string | number; message?: unknown } {
  try {
    const it = { offset: 1 };
    const first = data[1] as number;
    let type: string | number;
    // A string type is msgpack-style: fixstr (0xa0–0xbf) or str8.
    if ((first & 0xe0) === 0xa0 || first === 0xd9) {
      const len = first === 0xd9 ? (data[2] as number) : first & 0x1f;
      const start = first === 0xd9 ? 3 : 2;
      type = data.subarray(start, start + len).toString('utf8');
      it.offset = start + len;
    } else {
      type = first;
      it.offset = 2;
    }
    const message = data.length > it.offset ? unpack(Buffer.from(data.subarray(it.offset))) : undefined;
    return { type, message };
  } catch {
    return {};
  }
}

/** Wait until `cond` holds, polling (bounded). */
export async function waitUntil(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The refusal code of an ERROR frame a seat received (our `{ code, en, zh-CN }` JSON), if any. */
export function seatRefusal(seat: RawSeat): string | undefined {
  const e = seat.received.find((r) => r.code === ERROR);
  return e ? (refusalCode({ error: e.message }) ?? String(e.message)) : undefined;
}

/** A client id cookie, as a browser gets it by opening the page. */
export async function browserCookie(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(5000) });
  await res.text();
  const set = res.headers.getSetCookie().find((c) => c.startsWith('synack_id='));
  if (!set) throw new Error('no client id cookie');
  return set.split(';')[0] as string;
}
