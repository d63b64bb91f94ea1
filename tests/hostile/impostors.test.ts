/**
 * Issue 7, item 3: impostors. A student sending the instructor's messages; a forged role or host
 * flag at join; joining a class without its code; reusing another student's session id or
 * reconnection token (also while the real student is away, who can still come back); wrong host
 * keys and guessed class codes (limited per client, with a message the page can show, while a
 * class of 60 behind one school address is never limited); pages from a foreign Origin (refused
 * when ALLOWED_ORIGINS is set); one client reserving seats it never uses.
 *
 * One server per file (Colyseus's matchmaker is one per process): this one has an allowlist;
 * limits.test.ts has a server with the defaults.
 */
import { randomBytes } from 'node:crypto';
import { matchMaker } from 'colyseus';
import { Client } from 'colyseus.js';
import { afterAll, describe, expect } from 'vitest';
import { RemoteBot } from '../support/bots/remote-bot';
import { RemoteHost } from '../support/bots/remote-host';
import { parseJoinError } from '../../client/src/net/join-error';
import { CLASS_CODE_ALPHABET, ERROR_TEXT, type ErrorEvent, type Welcome } from '../../shared/index';
import { closeClass, expectCleanTrace, FAST, joinRefusal, openClass, quietRefusedJoins, sleep, serverTest, until } from '../server/helpers';
import { browserCookie, connectSeat, matchmake, refusalCode, seatRefusal, waitUntil } from './lib/raw';

const GOOD = 'http://good.example';
const EVIL = 'http://evil.example';
const logLines: string[] = [];
const secrets: string[] = [];
let restoreWarnings: () => void;
const it = serverTest({ reconnectSeconds: 10, allowedOrigins: [GOOD], log: (l) => logLines.push(l) });

it.beforeAll(async ({ app }) => {
  restoreWarnings = quietRefusedJoins();
});
afterAll(async () => {
  restoreWarnings();
});

const randomCode = () => Array.from(randomBytes(7), (b) => CLASS_CODE_ALPHABET[b % CLASS_CODE_ALPHABET.length]).join('');
const randomKey = () => randomBytes(24).toString('base64url');

describe('impostors (issue 7 item 3)', () => {
  it.concurrent("refuses every instructor message from a student, in the lobby, mid-round and paused, and nothing changes", async ({ app }) => {
    const c = await openClass(app, 2, { declareStates: true, thinkMs: [100, 200] });
    const [s] = c.bots as [RemoteBot];
    try {
      const attempts: [string, unknown][] = [
        ['configureRound', { scenario: 'lifecycle', mode: 'assessment' }], ['startRound', {}], ['pauseRound', {}], ['resumeRound', {}],
        ['endRound', {}], ['endClass', {}], ['setPairs', { pairs: [{ a: s.id, b: null }] }], ['injectFault', { target: 'all', kind: 'drop-next' }], ['watchPair', { pairId: 'pair1' }],
        ['handToBot', { pairId: 'pair1', side: 'server' }],
      ];
      const state = () => { const st = s.room.state as { phase: string; round: number; scenario: string; mode: string }; return [st.phase, st.round, st.scenario, st.mode].join('/'); };
      const tryAll = async (phase: string) => {
        await until(() => state().startsWith(`${phase}/`), `the student sees the class ${phase}`);
        const mark = s.inbox.mark();
        const configs = c.host.inbox.all('config').length;
        const before = state();
        for (const [type, payload] of attempts) s.raw(type, payload);
        const errors = await Promise.all(attempts.map(([type]) => s.inbox.waitFor<ErrorEvent>('error', (e) => e.intent === type, { since: mark })));
        expect(errors.map((e) => e.code), phase).toEqual(attempts.map(() => 'host-only'));
        await sleep(100);
        expect(state(), phase).toBe(before);
        expect(c.host.inbox.all('config').length, phase).toBe(configs);
      };
      await tryAll('lobby');
      await c.host.configureRound({ ...FAST, scenario: 'lifecycle' });
      const started = await c.host.startRound();
      await tryAll('running');
      c.host.room.send('pauseRound', {});
      await c.host.waitPhase('paused');
      await tryAll('paused');
      c.host.room.send('resumeRound', {});
      await c.host.waitAllFinished(started.round, 20_000);
      await c.host.endRound();
      const trace = await c.host.fetchTrace(started.round, 'pair1');
      expectCleanTrace(trace, 'lifecycle');
      expect(trace.events.filter((e) => e.type === 'drop')).toEqual([]);
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent('gives the instructor seat only to the class creator or the host key: forged flags and roles join as a student or are refused', async ({ app }) => {
    const c = await openClass(app, 0);
    const client = new Client(app.url);
    try {
      const code = c.host.code;
      expect(await joinRefusal(client.joinById(code, { host: true }))).toEqual({ status: 409, code: 'host-present' });
      expect(await joinRefusal(client.joinById(code, { host: true, hostKey: 'not-a-key' }))).toMatchObject({ code: 'bad-host-key' });
      // A forged role next to a nickname: a student, whatever it says.
      const mallory = await RemoteBot.join(client, code, { nickname: 'Mallory', autoplay: false });
      expect(mallory.inbox.all<Welcome>('welcome')[0]?.you.role).toBe('student');
      const badJoin = await client.joinById(code, JSON.parse('{"nickname":"Eve","role":"host","host":true,"isHost":true,"__proto__":{"host":true}}') as object);
      const eve = await new Promise<Welcome>((resolve) => badJoin.onMessage('welcome', resolve));
      expect(eve.you.role).toBe('student');
      expect(eve.hostKey).toBeUndefined();
      mallory.raw('startRound', {});
      expect((await mallory.inbox.waitFor<ErrorEvent>('error', (e) => e.intent === 'startRound')).code).toBe('host-only');
      await badJoin.leave();
      await mallory.leave();

      // The host drops: while its seat is held, and after, a forged flag does not take the class.
      await c.host.dropConnection();
      expect(await joinRefusal(client.joinById(code, { host: true }))).toEqual({ status: 409, code: 'host-present' });
      expect(await joinRefusal(client.joinById(code, { hostKey: randomKey() }))).toEqual({ status: 403, code: 'bad-host-key' });

      // A class whose creator has not connected yet: someone who learnt the code first is not its host.
      const created = await matchmake(app.url, 'create', 'class', { host: true });
      const fresh = created.body.room!.roomId;
      expect(await joinRefusal(client.joinById(fresh, { host: true }))).toEqual({ status: 409, code: 'host-present' });
      const creator = await connectSeat(app.url, created.body.room!.processId, fresh, created.body.sessionId!);
      await waitUntil(() => creator.received.some((r) => r.type === 'welcome'), 'the creator is welcomed');
      const welcome = creator.received.find((r) => r.type === 'welcome')?.message as Welcome;
      expect(welcome.you.role).toBe('host');
      expect(welcome.hostKey).toMatch(/^[A-Za-z0-9_-]{20,64}$/);
      secrets.push(welcome.hostKey as string, c.host.hostKey);
      creator.ws.close();
    } finally {
      // The dropped host's room is gone already: bounded.
      await Promise.race([closeClass(c), sleep(2000)]);
    }
  });

  it.concurrent('finds no class without its code: join and joinOrCreate by name are refused', async ({ app }) => {
    const c = await openClass(app, 1);
    try {
      for (const m of ['join', 'joinOrCreate'] as const) {
        const r = await joinRefusal(new Client(app.url)[m]('class', { nickname: `intruder-${m}` }));
        expect(r.code, m).not.toBe('joined');
        const raw = await matchmake(app.url, m, 'class', { nickname: `raw-${m}` });
        expect(raw.status, m).toBe(404);
        expect(raw.body.room).toBeUndefined();
      }
      const players = (c.host.room.state as { players: Map<string, { nickname: string }> }).players;
      // The host's synced roster follows by patch (every 50 ms): let it show bot-1, then any intruder.
      await until(() => players.size > 0, "the host's roster shows the class's student");
      await sleep(150);
      expect([...players.values()].map((p) => p.nickname)).toEqual(['bot-1']);
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent("refuses another student's session id and reconnection tokens, old and made up, even while that student is away; the student comes back", async ({ app }) => {
    const c = await openClass(app, 2, { declareStates: true, thinkMs: [80, 160] });
    const [a, b] = c.bots as [RemoteBot, RemoteBot];
    const client = new Client(app.url);
    const seatOf = (bot: RemoteBot) => (c.host.room.state as { players: Map<string, { connected: boolean }> }).players.get(bot.id);
    try {
      await c.host.configureRound({ ...FAST, scenario: 'lifecycle' });
      const started = await c.host.startRound();
      await until(() => a.verdicts.some((v) => !v.recorded && v.ok) && a.idle, 'A has answered');
      const oldToken = a.room.reconnectionToken;
      const sessionA = a.room.sessionId;
      await a.dropConnection();
      await until(() => seatOf(a)?.connected === false, 'the class sees A gone');
      await a.reconnect();
      expect(a.room.reconnectionToken).not.toBe(oldToken);
      await until(() => a.idle, 'A is idle again');
      await a.dropConnection(); // A is away now; its seat is held
      await until(() => seatOf(a)?.connected === false, 'the class sees A away');
      secrets.push(oldToken, a.room.reconnectionToken, b.room.reconnectionToken);

      // Through the matchmaker: the old token, a made-up one, B's.
      for (const token of [oldToken, `${c.host.code}:${randomBytes(6).toString('base64url')}`, b.room.reconnectionToken]) {
        expect((await joinRefusal(client.reconnect(token))).code).not.toBe('joined');
      }
      // Straight to the websocket with A's session id: no token, a made-up one, the old one.
      for (const reconnectionToken of [undefined, 'made-up', oldToken.split(':')[1]]) {
        const seat = await connectSeat(app.url, matchMaker.processId, c.host.code, sessionA, reconnectionToken ? { reconnectionToken } : {});
        await seat.closed;
        expect(seat.received.some((r) => r.type === 'welcome' || r.type === 'roundStarted')).toBe(false);
      }
      // B's session id, while B is connected.
      const seatB = await connectSeat(app.url, matchMaker.processId, c.host.code, b.room.sessionId);
      await seatB.closed;
      expect(seatB.received.some((r) => r.type === 'welcome')).toBe(false);
      expect(b.connected).toBe(true);
      // A's nickname is A's.
      expect((await joinRefusal(client.joinById(c.host.code, { nickname: a.nickname }))).code).toBe('nickname-taken');

      // The real A comes back, into its own seat.
      const mark = a.inbox.mark();
      await a.reconnect();
      const back = await a.inbox.waitFor<Welcome>('welcome', () => true, { since: mark });
      expect(back.you.id).toBe(a.id);
      await c.host.waitAllFinished(started.round, 20_000);
      await c.host.endRound();
      expectCleanTrace(await c.host.fetchTrace(started.round, 'pair1'), 'lifecycle');
      expect(a.unexpected).toEqual([]);
      expect(b.unexpected).toEqual([]);
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent('refuses wrong host keys, and after ten from one client refuses that client for a while (other clients on the same address are not)', async ({ app }) => {
    const c = await openClass(app, 0);
    try {
      const guesser = new Client(app.url, { headers: { cookie: await browserCookie(app.url) } });
      for (let i = 0; i < 10; i++) expect(await joinRefusal(guesser.joinById(c.host.code, { hostKey: randomKey() }))).toEqual({ status: 403, code: 'bad-host-key' });
      // Now even the right key is refused for this client: guessing cannot go on.
      expect(await joinRefusal(guesser.joinById(c.host.code, { hostKey: c.host.hostKey }))).toEqual({ status: 429, code: 'too-many-attempts' });
      // Another browser behind the same address, and a client without a cookie, are not affected.
      const other = await RemoteHost.reclaim(new Client(app.url, { headers: { cookie: await browserCookie(app.url) } }), app.url, c.host.code, c.host.hostKey);
      await other.leave();
      const anonymous = await RemoteHost.reclaim(new Client(app.url), app.url, c.host.code, c.host.hostKey);
      await anonymous.leave();
      expect(logLines.some((l) => l.includes('too many failed attempts from a browser client'))).toBe(true);
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent('limits class-code guessing per client with a clear message, while a class of 60 behind one address joins', async ({ app }) => {
    const c = await openClass(app, 0);
    const rooms: { leave(): Promise<unknown> }[] = [];
    try {
      const cookie = await browserCookie(app.url);
      const guesser = new Client(app.url, { headers: { cookie } });
      for (let i = 0; i < 10; i++) expect((await joinRefusal(guesser.joinById(randomCode(), { nickname: 'guess' }))).code).toBe('bad-code');
      const blocked = await joinRefusal(guesser.joinById(randomCode(), { nickname: 'guess' }));
      expect(blocked).toEqual({ status: 429, code: 'too-many-attempts' });
      // …even with the right code, and the page can show why, in both languages.
      let err: unknown;
      await guesser.joinById(c.host.code, { nickname: 'guess' }).catch((e: unknown) => (err = e));
      expect(parseJoinError(err)).toEqual({ code: 'too-many-attempts', text: ERROR_TEXT['too-many-attempts'] });
      const raw = await matchmake(app.url, 'joinById', c.host.code, { nickname: 'guess' }, { cookie });
      expect(raw.status).toBe(429);
      expect(refusalCode(raw.body)).toBe('too-many-attempts');
      expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

      // Sixty browsers and sixty scripts on the same address, each mistyping first, all join (in a class the host made that big).
      await c.host.configureRound({ maxStudents: 120 });
      const joins = Array.from({ length: 60 }, async (_, i) => {
        const browser = new Client(app.url, { headers: { cookie: await browserCookie(app.url) } });
        for (let k = 0; k < 2; k++) expect((await joinRefusal(browser.joinById(randomCode(), { nickname: 'typo' }))).code).toBe('bad-code');
        rooms.push(await browser.joinById(c.host.code, { nickname: `browser-${i}` }));
        const script = new Client(app.url);
        expect((await joinRefusal(script.joinById(randomCode(), { nickname: 'typo' }))).code).toBe('bad-code');
        rooms.push(await script.joinById(c.host.code, { nickname: `script-${i}` }));
      });
      await Promise.all(joins);
      await until(() => (c.host.room.state as { players: Map<string, unknown> }).players.size === 120, 'all 120 seated');
    } finally {
      await Promise.all(rooms.map((r) => r.leave().catch(() => undefined)));
      await closeClass(c);
    }
  }, 60_000);

  it.concurrent('refuses pages from a foreign Origin when ALLOWED_ORIGINS is set: websocket, matchmaking and API', async ({ app }) => {
    const c = await openClass(app, 0);
    try {
      const code = c.host.code;
      expect(await joinRefusal(new Client(app.url, { headers: { origin: EVIL } }).joinById(code, { nickname: 'evil' }))).toEqual({ status: 403, code: 'forbidden-origin' });
      const good = await new Client(app.url, { headers: { origin: GOOD } }).joinById(code, { nickname: 'good' });
      await good.leave();
      // Preflight and CORS headers.
      const pre = (origin: string) => fetch(`${app.url}/matchmake/joinById/${code}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      const evilPre = await pre(EVIL);
      expect(evilPre.status).toBe(403);
      expect(evilPre.headers.get('access-control-allow-origin')).toBeNull();
      const goodPre = await pre(GOOD);
      expect(goodPre.status).toBe(204);
      expect(goodPre.headers.get('access-control-allow-origin')).toBe(GOOD);
      // A seat reserved without an Origin: its websocket from the foreign page is refused (403) and leaves the seat unused…
      const res = await matchmake(app.url, 'joinById', code, { nickname: 'seat' });
      const { roomId, processId } = res.body.room!;
      const evilSeat = await connectSeat(app.url, processId, roomId, res.body.sessionId!, { origin: EVIL });
      expect((await evilSeat.closed).code).toBe(403);
      // …for the allowed page to take.
      const goodSeat = await connectSeat(app.url, processId, roomId, res.body.sessionId!, { origin: GOOD });
      await waitUntil(() => goodSeat.received.some((r) => r.type === 'welcome'), 'the allowed page is seated');
      goodSeat.ws.close();
      // The API and the page.
      expect((await fetch(`${app.url}/api/health`, { headers: { origin: EVIL } })).status).toBe(403);
      expect((await fetch(`${app.url}/`, { headers: { origin: EVIL } })).status).toBe(403);
      expect((await fetch(`${app.url}/api/health`, { headers: { origin: GOOD } })).status).toBe(200);
      expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent('lets a browser hold at most 3 unused seat reservations, so seats reserved and never used cannot fill a class', async ({ app }) => {
    const c = await openClass(app, 0);
    try {
      const cookie = await browserCookie(app.url);
      const replies = [];
      for (let i = 0; i < 6; i++) replies.push(await matchmake(app.url, 'joinById', c.host.code, { nickname: `hoard-${i}` }, { cookie }));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429, 429, 429]);
      expect(refusalCode(replies[3]!.body)).toBe('too-many-requests');
      // Using one of its seats frees room for one more.
      const first = replies[0]!.body;
      const seat = await connectSeat(app.url, first.room!.processId, first.room!.roomId, first.sessionId!, { headers: { cookie } });
      await waitUntil(() => seat.received.some((r) => r.type === 'welcome'), 'the seat is used');
      expect((await matchmake(app.url, 'joinById', c.host.code, { nickname: 'hoard-again' }, { cookie })).status).toBe(200);
      seat.ws.close();
      // Everyone else joins as usual.
      const student = await RemoteBot.join(new Client(app.url, { headers: { cookie: await browserCookie(app.url) } }), c.host.code, { nickname: 'real-student' });
      expect(student.id).toMatch(/^p\d+$/);
      await student.leave();
    } finally {
      await closeClass(c);
    }
  });

  it('logged no host key and no reconnection token', () => {
    const text = logLines.join('\n');
    for (const s of secrets.filter((x) => x.length > 8)) {
      expect(text).not.toContain(s);
      expect(text).not.toContain(s.split(':')[1] ?? s);
    }
  });
});
