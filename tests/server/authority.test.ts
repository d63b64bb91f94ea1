import { Client } from 'colyseus.js';
import { afterAll, describe, expect } from 'vitest';
import { RemoteBot } from '../support/bots/remote-bot';
import { RefusedError, RemoteHost, type RoundConfigPatch } from '../support/bots/remote-host';
import type { ErrorEvent, Welcome } from '../../shared/index';
import { closeClass, expectCleanTrace, FAST, joinRefusal, openClass, quietRefusedJoins, sleep, serverTest, until } from './helpers';

let restoreWarnings: () => void;
const it = serverTest({ reconnectSeconds: 20 });

it.beforeAll(async ({ app }) => {
  restoreWarnings = quietRefusedJoins();
});
afterAll(async () => {
  restoreWarnings();
});

describe('only the host can run the class', () => {
  it.concurrent("refuses a student's host-only messages with 'host-only' and changes nothing", async ({ app }) => {
    const c = await openClass(app, 2, { declareStates: true });
    const [s1] = c.bots as [RemoteBot];
    try {
      const configsBefore = c.host.inbox.all('config').length;
      const hostMark = c.host.inbox.mark();
      const attempts: [string, unknown][] = [
        ['startRound', {}],
        ['configureRound', { scenario: 'lifecycle', mode: 'assessment' }],
        ['setPairs', { pairs: [{ a: s1.id, b: null }] }],
        ['endClass', {}],
      ];
      let mark = s1.inbox.mark();
      for (const [type, payload] of attempts) s1.raw(type, payload);
      const errors = await Promise.all(attempts.map(([type]) => s1.inbox.waitFor<ErrorEvent>('error', (e) => e.intent === type, { since: mark })));
      for (const e of errors) expect(e).toMatchObject({ code: 'host-only', message: { en: expect.any(String), 'zh-CN': expect.any(String) } });
      await sleep(150);
      const state = s1.room.state as { phase: string; round: number; scenario: string; mode: string; pairs: Map<string, unknown> };
      expect(state.phase).toBe('lobby');
      expect(state.round).toBe(0);
      expect(state.scenario).toBe('handshake');
      expect(state.mode).toBe('practice');
      expect(c.host.inbox.all('config').length).toBe(configsBefore);
      expect(c.host.inbox.all('dashboard', hostMark)).toEqual([]);

      // During a round: a student can neither drop segments, pause nor end it. The round does not
      // end by itself either (autoEnd off), so only the host's endRound can end it.
      await c.host.configureRound({ ...FAST, scenario: 'lifecycle', autoEnd: false });
      const started = await c.host.startRound();
      mark = s1.inbox.mark();
      for (const type of ['injectFault', 'pauseRound', 'endRound', 'watchPair']) {
        s1.raw(type, type === 'injectFault' ? { target: 'all', kind: 'drop-next' } : type === 'watchPair' ? { pairId: 'pair1' } : {});
      }
      const during = await Promise.all(['injectFault', 'pauseRound', 'endRound', 'watchPair'].map((t) => s1.inbox.waitFor<ErrorEvent>('error', (e) => e.intent === t, { since: mark })));
      expect(during.map((e) => e.code)).toEqual(['host-only', 'host-only', 'host-only', 'host-only']);
      await c.host.waitAllFinished(started.round, 15_000);
      expect((s1.room.state as { phase: string }).phase).toBe('running');
      await c.host.endRound();
      const trace = await c.host.fetchTrace(started.round, 'pair1');
      expectCleanTrace(trace, 'lifecycle');
      expect(trace.events.filter((e) => e.type === 'drop')).toEqual([]);
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent("refuses the host's student intents with 'students-only'", async ({ app }) => {
    const c = await openClass(app, 0);
    try {
      const mark = c.host.inbox.mark();
      c.host.room.send('sendSegment', { flags: ['SYN'], seq: 1, ack: 0, len: 0 });
      const e = await c.host.inbox.waitFor<ErrorEvent>('error', () => true, { since: mark });
      expect(e).toMatchObject({ code: 'students-only', intent: 'sendSegment' });
    } finally {
      await closeClass(c);
    }
  });
});

describe('malformed messages', () => {
  it.concurrent("each get an 'error' reply, change nothing, and the room keeps running", async ({ app }) => {
    const c = await openClass(app, 2, { autoplay: false });
    const [student, partner] = c.bots as [RemoteBot, RemoteBot];
    try {
      await c.host.configureRound({ ...FAST, scenario: 'handshake' });
      const started = await c.host.startRound();
      await until(() => student.side === 'client' && student.owed().length > 0, 'the client owes its SYN');
      const good = { flags: ['SYN'], seq: 123_456, ack: 0, len: 0 };
      const bad: [string, unknown, string][] = [
        ['sendSegment', { ...good, seq: '123456' }, 'bad-message'], // wrong type
        ['sendSegment', { flags: 'SYN', seq: 1, ack: 0, len: 0 }, 'bad-message'], // flags not a list
        ['sendSegment', { flags: ['SYN'], ack: 0, len: 0 }, 'bad-message'], // seq missing
        ['sendSegment', { flags: ['SYN'], seq: 1 }, 'bad-message'], // ack and len missing
        ['sendSegment', { ...good, seq: 2 ** 32 }, 'bad-message'], // seq out of uint32
        ['sendSegment', { ...good, seq: -1 }, 'bad-message'],
        ['sendSegment', { ...good, seq: 1.5 }, 'bad-message'],
        ['sendSegment', { ...good, len: -1 }, 'bad-message'], // negative len
        ['sendSegment', { ...good, flags: ['SYN', 'URG'] }, 'bad-message'], // unknown flag
        ['sendSegment', { ...good, state: 'HALF_OPEN' }, 'bad-message'], // unknown state
        ['sendSegment', 42, 'bad-message'], // not an object
        ['sendSegment', null, 'bad-message'],
        ['declareState', {}, 'bad-message'],
        ['declareState', { state: 'X'.repeat(6000) }, 'bad-message'], // huge string
        ['sendSegment', { ...good, flags: ['S'.repeat(6000)] }, 'bad-message'],
        ['hackTheServer', { please: true }, 'unknown-message'], // unknown type
        ['__proto__', {}, 'unknown-message'],
      ];
      const mark = student.inbox.mark();
      for (const [type, payload] of bad) student.raw(type, payload);
      await until(() => student.inbox.all('error', mark).length >= bad.length, `${bad.length} error replies`);
      const errors = student.inbox.all<ErrorEvent>('error', mark);
      expect(errors.map((e) => e.code)).toEqual(bad.map(([, , code]) => code));
      expect(errors.map((e) => e.intent)).toEqual(bad.map(([type]) => type.slice(0, 40)));
      for (const e of errors) expect(JSON.stringify(e).length).toBeLessThan(2000);
      // Nothing changed: no verdict, nothing sent, nothing recorded, the score is as it was.
      await sleep(150);
      expect(student.inbox.all('verdictGiven', mark)).toEqual([]);
      expect(student.seen.filter((e) => e.kind === 'sent')).toEqual([]);
      expect(partner.seen.filter((e) => e.kind !== 'app')).toEqual([]);
      const mid = await c.host.fetchTrace(started.round, 'pair1');
      expect(mid.events.filter((e) => e.type !== 'app')).toEqual([]);
      expect(student.score).toBe(0);
      expect(student.connected).toBe(true);
      // The room keeps running: the same students play the round to the end.
      student.resume();
      partner.resume();
      await c.host.waitAllFinished(started.round, 10_000);
      await c.host.endRound();
      expectCleanTrace(await c.host.fetchTrace(started.round, 'pair1'), 'handshake');
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent('refuses a round configuration out of range from the host', async ({ app }) => {
    const c = await openClass(app, 0);
    try {
      for (const patch of [{ rtoMs: 999 }, { mslMs: 10 ** 9 }, { scenario: 'no-such-scenario' }, { net: { loss: 2 } }, { net: { delayMin: 50, delayMax: 10 } }, { mode: 'exam' }]) {
        await expect(c.host.configureRound(patch as never)).rejects.toBeInstanceOf(RefusedError);
      }
      const ok = await c.host.configureRound({ rtoMs: 1000, mslMs: 1000, net: { delayMin: 20, delayMax: 40 } });
      expect(ok).toMatchObject({ rtoMs: 1000, mslMs: 1000, scenario: 'handshake' });
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent('refuses timers that would break the lesson, and says why in both languages', async ({ app }) => {
    const c = await openClass(app, 0);
    try {
      const refusal = async (patch: RoundConfigPatch) => {
        try {
          await c.host.configureRound(patch);
        } catch (e) {
          expect(e).toBeInstanceOf(RefusedError);
          return (e as RefusedError).event;
        }
        throw new Error(`accepted ${JSON.stringify(patch)}`);
      };
      // Delay up to 1.5 s: a round trip is 3 s, so an RTO of 3 s fires with nothing lost.
      const rto = await refusal({ net: { delayMin: 800, delayMax: 1500 }, rtoMs: 3000, mslMs: 6000 });
      expect(rto.code).toBe('bad-timers');
      expect(rto.issues?.[0]).toMatchObject({ path: 'rtoMs' });
      expect(rto.issues?.[0]?.text?.en).toMatch(/3\.0?01? s|round trip/);
      expect(rto.issues?.[0]?.text?.['zh-CN']).toMatch(/往返/);
      // 2×MSL must outlast the RTO plus a round trip (8 + 3 s).
      const msl = await refusal({ net: { delayMin: 800, delayMax: 1500 }, rtoMs: 8000, mslMs: 5500 });
      expect(msl.issues?.map((i) => i.path)).toEqual(['mslMs']);
      // Reordering holds a segment a whole delay range longer: the longest delay is 3 s.
      const reorder = await refusal({ net: { delayMin: 800, delayMax: 1500, reorder: 0.1 }, rtoMs: 5000, mslMs: 9000 });
      expect(reorder.issues?.map((i) => i.path)).toEqual(['rtoMs']);
      // The stale SYN holds the client's SYN for four flights: 6 s of delay needs an RTO over 6 s.
      const stale = await refusal({ scenario: 'stale-syn', net: { delayMin: 800, delayMax: 1500, reorder: 0 }, rtoMs: 5000, mslMs: 9000 });
      expect(stale.issues?.[0]?.text?.en).toContain('Stale SYN');
      // Nothing of the refused settings stuck; the defaults are fine.
      const now = await c.host.configureRound({ scenario: 'stale-syn', rtoMs: 8000, mslMs: 6000 });
      expect(now).toMatchObject({ scenario: 'stale-syn', rtoMs: 8000, mslMs: 6000, net: { delayMax: 1500, reorder: 0 } });
    } finally {
      await closeClass(c);
    }
  });
});

describe('nicknames', () => {
  it.concurrent('refuses empty, too long, unprintable and taken nicknames with the right code', async ({ app }) => {
    const c = await openClass(app, 0);
    const client = new Client(app.url);
    try {
      const first = await RemoteBot.join(client, c.host.code, { nickname: 'Alice' });
      c.bots.push(first);
      const cases: [string, string][] = [
        ['', 'nickname-empty'],
        ['   ', 'nickname-empty'],
        ['x'.repeat(25), 'nickname-too-long'],
        ['汉'.repeat(25), 'nickname-too-long'],
        ['a\u0007b', 'nickname-invalid'],
        ['tab\tbed\u0000', 'nickname-invalid'],
        ['zero\u200Bwidth', 'nickname-invalid'],
        ['\u202Eevil', 'nickname-invalid'],
        ['ALICE', 'nickname-taken'],
        ['alice', 'nickname-taken'],
        ['ＡＬＩＣＥ', 'nickname-taken'], // full-width letters read the same
      ];
      for (const [nickname, code] of cases) {
        const r = await joinRefusal(client.joinById(c.host.code, { nickname }));
        expect({ nickname, code: r.code }).toEqual({ nickname, code });
        expect(r.status).toBeGreaterThanOrEqual(400);
      }
      const names = (c.bots[0]!.room.state as { players: Map<string, { nickname: string }> }).players;
      expect([...names.values()].map((p) => p.nickname)).toEqual(['Alice']);
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent("calls a very long nickname 'too long', not 'empty'", async ({ app }) => {
    const c = await openClass(app, 0);
    try {
      const r = await joinRefusal(new Client(app.url).joinById(c.host.code, { nickname: 'x'.repeat(300) }));
      expect(r.code).toBe('nickname-too-long');
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent('accepts exactly 24 characters and Chinese nicknames', async ({ app }) => {
    const c = await openClass(app, 0);
    const client = new Client(app.url);
    try {
      for (const nickname of ['x'.repeat(24), '小明', '汉'.repeat(24), '王小明 Wang']) {
        const bot = await RemoteBot.join(client, c.host.code, { nickname });
        c.bots.push(bot);
        const welcome = bot.inbox.all<Welcome>('welcome')[0];
        expect(welcome?.you).toMatchObject({ role: 'student', nickname });
      }
      await until(() => (c.bots[0]!.room.state as { players: Map<string, unknown> }).players.size === 4, 'four players in the state');
    } finally {
      await closeClass(c);
    }
  });
});

describe('the host key', () => {
  it.concurrent('reclaims the host seat after a drop, and a wrong key is refused', async ({ app }) => {
    const client = new Client(app.url);
    const host = await RemoteHost.create(client, app.url);
    const student = await RemoteBot.join(client, host.code, { nickname: 'Sam' });
    let back: RemoteHost | null = null;
    try {
      expect(host.hostKey).toMatch(/^[A-Za-z0-9_-]{20,64}$/);
      await host.dropConnection();
      await until(() => (student.room.state as { hostConnected: boolean }).hostConnected === false, 'the host shows as gone');
      // A wrong key (well-formed, or not) and a second "host: true" do not get the seat.
      expect(await joinRefusal(client.joinById(host.code, { hostKey: 'A'.repeat(32) }))).toEqual({ status: 403, code: 'bad-host-key' });
      expect((await joinRefusal(client.joinById(host.code, { hostKey: 'short' }))).code).not.toBe('joined');
      expect((await joinRefusal(client.joinById(host.code, { host: true }))).code).not.toBe('joined');
      // The right key brings the host back: no new key is handed out, the class goes on.
      back = await RemoteHost.reclaim(client, app.url, host.code, host.hostKey);
      const welcome = back.inbox.all<Welcome>('welcome')[0];
      expect(welcome).toMatchObject({ you: { role: 'host' }, code: host.code });
      expect(welcome?.hostKey).toBeUndefined();
      expect(back.config).not.toBeNull();
      await until(() => (student.room.state as { hostConnected: boolean }).hostConnected === true, 'the host shows as back');
      await back.configureRound({ ...FAST, scenario: 'handshake' });
      const started = await back.startRound();
      await back.waitAllFinished(started.round, 10_000);
      await back.endRound();
      expectCleanTrace(await back.fetchTrace(started.round, 'pair1'), 'handshake');
    } finally {
      await student.leave();
      await back?.leave();
    }
  });

  it.concurrent("calls a malformed host key (e.g. cut short when pasted) 'bad-host-key', not 'nickname-empty'", async ({ app }) => {
    const c = await openClass(app, 0);
    try {
      const r = await joinRefusal(new Client(app.url).joinById(c.host.code, { hostKey: c.host.hostKey.slice(0, 10) }));
      expect(r).toEqual({ status: 403, code: 'bad-host-key' });
    } finally {
      await closeClass(c);
    }
  });
});

describe('the HTTP API', () => {
  it.concurrent('answers 401 without a key and 403 with a wrong one', async ({ app }) => {
    const c = await openClass(app, 0);
    const other = await openClass(app, 0);
    try {
      const paths = [`/classes/${c.host.code}/rounds`, `/classes/${c.host.code}/rounds/1/pairs/pair1/trace`];
      for (const p of paths) {
        expect((await c.host.api(p, null)).status).toBe(401);
        expect((await c.host.api(p, 'not a key!')).status).toBe(401);
        expect((await c.host.api(p, 'B'.repeat(32))).status).toBe(403);
        expect((await c.host.api(p, other.host.hostKey)).status).toBe(403);
      }
      expect((await c.host.api('/classes/ZZZZZZZ/rounds', c.host.hostKey)).status).toBe(403);
      const ok = await c.host.api(paths[0]!);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ code: c.host.code, rounds: [] });
      expect((await c.host.api(paths[1]!)).status).toBe(404);
      const body = await (await c.host.api(paths[0]!, null)).text();
      expect(body).not.toContain(c.host.code);
    } finally {
      await closeClass(c);
      await closeClass(other);
    }
  });
});
