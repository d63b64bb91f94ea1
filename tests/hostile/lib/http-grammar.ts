/**
 * Raw HTTP requests from a grammar that makes what a parser chokes on: malformed percent escapes
 * (`%`, `%G1`, a truncated multi-byte `%E0%A4%A`), escapes of bad UTF-8 (lone continuation bytes,
 * overlong forms, surrogates), raw bytes over 0x7f, huge and repeated parameters, in every path
 * segment, query parameter, header and cookie, as plain requests and as websocket upgrades. Sent
 * byte for byte over a socket (no client library normalises them), each answer read with a bound.
 */
import net from 'node:net';
import fc from 'fast-check';

/** Percent escapes that do not decode, or decode to bytes that are not UTF-8. */
export const BAD_ESCAPES = ['%', '%%', '%G1', '%1', '%E0%A4%A', '%E0%A4', '%FF', '%C0%AF', '%ED%A0%80', '%F8%88%80%80%80', '%80', '%C3', '%u0041', '%00', '%2', '%%41'];

/** One piece of a URL component: ordinary text, a bad escape, a good escape, or a raw high byte. */
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.~-]{0,12}$/) },
  { weight: 4, arbitrary: fc.constantFrom(...BAD_ESCAPES) },
  { weight: 1, arbitrary: fc.constantFrom('%41', '%2F', '%3F', '%26', '%3D', '%20', '%E4%B8%AD') },
  { weight: 1, arbitrary: fc.constantFrom('\u00ff', '\u00e9', '\u0080') },
);
export const component = fc.array(piece, { minLength: 0, maxLength: 5 }).map((xs) => xs.join(''));

/** A path: known routes of the game with hostile segments, or hostile segments alone. */
const path = fc.oneof(
  component.map((a) => `/api/classes/${a}/rounds`),
  fc.tuple(component, component, component).map(([a, b, c]) => `/api/classes/${a}/rounds/${b}/pairs/${c}/trace`),
  component.map((a) => `/api/classes/${a}/stats`),
  component.map((a) => `/api/classes/${a}/export.csv`),
  fc.tuple(component, component).map(([a, b]) => `/api/my/rounds/${a}/pairs/${b}/trace`),
  component.map((a) => `/matchmake/joinById/${a}`),
  component.map((a) => `/matchmake/${a}/class`),
  component.map((a) => `/assets/${a}`),
  fc.tuple(component, component).map(([a, b]) => `/${a}/${b}`),
  fc.array(component, { maxLength: 6 }).map((xs) => `/${xs.join('/')}`),
);

/** A query: parameters the server reads (sessionId, reconnectionToken, _authToken) and others, repeated or huge. */
const param = fc.tuple(fc.constantFrom('sessionId', 'reconnectionToken', '_authToken', 'mine', 'x', '', '%', 'sessionId%'), component).map(([k, v]) => `${k}=${v}`);
const query = fc.oneof(
  fc.array(param, { minLength: 0, maxLength: 6 }).map((ps) => (ps.length ? `?${ps.join('&')}` : '')),
  fc.constant(`?${Array.from({ length: 800 }, (_, i) => `sessionId=${BAD_ESCAPES[i % BAD_ESCAPES.length]}`).join('&')}`),
  fc.constant(`?sessionId=${'%E0%A4%A'.repeat(900)}`),
  fc.constant(`?${'a=1&'.repeat(2000)}`),
);

/** Headers a client may write, filled with the same hostile pieces. */
const header = fc.oneof(
  component.map((v) => `Cookie: synack_id=${v}`),
  component.map((v) => `Cookie: ${v}=${v}; synack_id=${v}.${v}`),
  component.map((v) => `Authorization: Bearer ${v}`),
  component.map((v) => `Origin: http://${v || 'x'}`),
  component.map((v) => `X-Forwarded-For: ${v}`),
  component.map((v) => `Accept-Language: ${v}`),
  component.map((v) => `x-synack-client: ${v}`),
  fc.constant(`Cookie: ${'synack_id=%E0%A4%A; '.repeat(300)}`),
);

export interface RawRequest {
  method: string;
  target: string;
  headers: string[];
  upgrade: boolean;
  body: string;
}

export const rawRequest: fc.Arbitrary<RawRequest> = fc.record({
  method: fc.constantFrom('GET', 'GET', 'POST', 'OPTIONS', 'HEAD', 'PUT'),
  target: fc.tuple(path, query).map(([p, q]) => p + q),
  headers: fc.array(header, { maxLength: 4 }),
  upgrade: fc.boolean(),
  body: fc.oneof(fc.constant(''), component, fc.constant('{"nickname":"%E0%A4%A"}')),
});

/** The request as bytes: latin1, so a character 0x80–0xff is that very byte on the wire. */
export function requestBytes(r: RawRequest, host: string): Buffer {
  const lines = [`${r.method} ${r.target} HTTP/1.1`, `Host: ${host}`, ...r.headers];
  if (r.upgrade) lines.push('Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');
  else lines.push('Connection: close');
  if (r.body) lines.push('Content-Type: application/json', `Content-Length: ${Buffer.byteLength(r.body, 'latin1')}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${r.body}`, 'latin1');
}

export interface RawAnswer {
  /** The status of the first line, or null when the server closed without a status line. */
  status: number | null;
  /** The server closed the connection (or answered) within the bound. */
  answered: boolean;
  head: string;
}

/** Send the bytes and read until the status line (or close), at most `timeoutMs`. */
export function sendRaw(port: number, bytes: Buffer, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    let done = false;
    const finish = (answered: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      resolve({ status: m ? Number(m[1]) : null, answered, head: data.slice(0, 300) });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (d) => {
      data += d.toString('latin1');
      if (/\r\n\r\n/.test(data)) finish(true);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}
