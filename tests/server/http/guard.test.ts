import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AccessGuard, addressOf, CLIENT_COOKIE, HTTP_LIMITS, parseOrigin } from '../../../server/http/guard';

/** A request as the guard reads it: its headers and its socket's address. */
const request = (headers: Record<string, string> = {}, address = '10.0.0.7'): IncomingMessage => ({ headers, socket: { remoteAddress: address } }) as unknown as IncomingMessage;

/** A browser's cookie, minted by `guard`. */
function mint(guard: AccessGuard): string {
  const set: string[] = [];
  guard.mintCookie(request(), { appendHeader: (_: string, v: string) => set.push(v) } as unknown as ServerResponse);
  expect(set).toHaveLength(1);
  expect(set[0]).toMatch(new RegExp(`^${CLIENT_COOKIE}=[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{22}; Path=/; HttpOnly; SameSite=Lax`));
  return (set[0] as string).split(';')[0] as string;
}

/** A guard on a clock the test moves. */
function guardAt(opts: ConstructorParameters<typeof AccessGuard>[0] = {}) {
  const clock = { now: 1_000_000 };
  const lines: string[] = [];
  const guard = new AccessGuard({ now: () => clock.now, log: (l) => lines.push(l), secret: 'test-secret', ...opts });
  return { guard, clock, lines };
}

describe('who is asking', () => {
  it('knows a browser by the cookie it minted, and nothing else by a cookie', () => {
    const { guard } = guardAt();
    const cookie = mint(guard);
    const id = cookie.split('=')[1]?.split('.')[0];
    expect(guard.clientId(request({ cookie: `other=1; ${cookie}` }))).toBe(id);
    expect(guard.keyOf(request({ cookie }))).toBe(`id:${id}`);
    // A forged signature, another server's cookie, or garbage: anonymous, counted by address.
    const forged = `${cookie.split('.')[0]}.${'A'.repeat(22)}`;
    expect(guard.clientId(request({ cookie: forged }))).toBeNull();
    expect(new AccessGuard({ secret: 'another' }).clientId(request({ cookie }))).toBeNull();
    expect(guard.keyOf(request({ cookie: `${CLIENT_COOKIE}=nonsense` }, '::ffff:192.0.2.1'))).toBe('addr:192.0.2.1');
    // A browser that has an id keeps it.
    const set: string[] = [];
    guard.mintCookie(request({ cookie }), { appendHeader: (_: string, v: string) => set.push(v) } as unknown as ServerResponse);
    expect(set).toEqual([]);
  });

  it('reads the address from the socket, never from a forwarded-for header', () => {
    expect(addressOf(request({ 'x-forwarded-for': '1.2.3.4' }, '::ffff:10.1.1.1'))).toBe('10.1.1.1');
  });

  it('lets any page in without a list, and only listed origins with one (no Origin: not a browser page)', () => {
    expect(guardAt().guard.originAllowed('https://evil.example')).toBe(true);
    const { guard } = guardAt({ allowedOrigins: ['https://Synack.example.edu/', 'http://10.0.0.5:2567'] });
    expect(guard.allowlist).toEqual(['https://synack.example.edu', 'http://10.0.0.5:2567']);
    expect(guard.originAllowed('https://synack.example.edu')).toBe(true);
    expect(guard.originAllowed('HTTPS://SYNACK.EXAMPLE.EDU')).toBe(true);
    expect(guard.originAllowed('https://synack.example.edu.evil.example')).toBe(false);
    expect(guard.originAllowed(undefined)).toBe(true);
    expect(() => parseOrigin('ftp://files.example')).toThrow();
  });
});

describe('the matchmaking budgets', () => {
  it('gives a browser 30 requests at once, then 1 per second, and logs it once a minute', () => {
    const { guard, clock, lines } = guardAt();
    const key = 'id:browser-1';
    for (let i = 0; i < HTTP_LIMITS.client.requests.burst; i++) expect(guard.request(key)).toBe(true);
    expect(guard.request(key)).toBe(false);
    expect(guard.request(key)).toBe(false);
    clock.now += 1000;
    expect(guard.request(key)).toBe(true);
    expect(guard.request(key)).toBe(false);
    expect(lines).toEqual(['limit: too many matchmaking requests from a browser client']);
    clock.now += 60_000;
    for (let i = 0; i < 31; i++) guard.request(key);
    expect(lines).toHaveLength(2);
    // Another browser has its own budget.
    expect(guard.request('id:browser-2')).toBe(true);
  });

  it('blocks a client after its failed attempts, says when to come back, and lets it in then', () => {
    const { guard, clock, lines } = guardAt();
    const key = 'id:guesser';
    expect(guard.blocked(key)).toBe(false);
    for (let i = 0; i < HTTP_LIMITS.client.failures.burst; i++) guard.fail(key);
    expect(guard.blocked(key)).toBe(true);
    expect(guard.retryAfter(key)).toBe(6);
    expect(lines).toEqual(['limit: too many failed attempts from a browser client']);
    clock.now += 5_000;
    expect(guard.blocked(key)).toBe(true);
    clock.now += 1_100;
    expect(guard.blocked(key)).toBe(false);
    // Anonymous clients share their address's larger budget, and the log names the address.
    for (let i = 0; i < HTTP_LIMITS.anonymous.failures.burst - 1; i++) guard.fail('addr:198.51.100.9');
    expect(guard.blocked('addr:198.51.100.9')).toBe(false);
    guard.fail('addr:198.51.100.9');
    expect(guard.blocked('addr:198.51.100.9')).toBe(true);
    expect(lines.at(-1)).toBe('limit: too many failed attempts from anonymous clients at 198.51.100.9');
  });

  it('lets a browser hold 3 unused seat reservations, frees one when its websocket comes or it expires', () => {
    const { guard, clock } = guardAt();
    const key = 'id:holder';
    for (const s of ['s1', 's2', 's3']) {
      expect(guard.maySeat(key)).toBe(true);
      guard.seated(key, s);
    }
    expect(guard.maySeat(key)).toBe(false);
    expect(guard.unusedSeats).toBe(3);
    guard.used('s2');
    expect(guard.maySeat(key)).toBe(true);
    guard.seated(key, 's4');
    expect(guard.maySeat(key)).toBe(false);
    clock.now += 16_000;
    expect(guard.maySeat(key)).toBe(true);
    expect(guard.unusedSeats).toBe(0);
  });

  it('forgets clients whose budgets are full again, and never tracks more than maxTracked', () => {
    const { guard, clock } = guardAt({ limits: { maxTracked: 3 } });
    for (const k of ['id:a', 'id:b', 'id:c', 'id:d']) guard.request(k);
    expect(guard.tracked).toBe(3);
    guard.fail('id:d');
    clock.now += 1_500;
    guard.sweep();
    // The requests refilled; the failure of 'd' (1 per 6 s) has not.
    expect(guard.tracked).toBe(1);
    clock.now += 6_000;
    guard.sweep();
    expect(guard.tracked).toBe(0);
  });
});
