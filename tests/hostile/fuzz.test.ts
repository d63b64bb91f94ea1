/**
 * Issue 7, item 1: fuzzing. Every client message type, the matchmaking endpoint, the review API,
 * the static files and the websocket upgrade get random and malformed input from fast-check
 * (seeded: a failure prints its seed). Throughout, the process must survive, every sender gets an
 * error or is dropped, another class's pairs play clean rounds, a replay stored before the fuzzing
 * is unchanged after it, and the log holds none of the planted input nor any token.
 *
 * The fuzz server raises the message and matchmaking limits (floods and limits have their own
 * tests: flood.test.ts, impostors.test.ts), so that tens of thousands of inputs reach the code
 * behind them in CI time. Replays go to a real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Packr, unpack } from '@colyseus/msgpackr';
import { Client, type Room } from 'colyseus.js';
import fc from 'fast-check';
import { afterAll, describe, expect } from 'vitest';
import { RemoteBot } from '../support/bots/remote-bot';
import { RemoteHost } from '../support/bots/remote-host';
import { LIMITS } from '../../server/rooms/limits';
import { SqliteRecorder } from '../../server/replay/sqlite';
import { checkTrace, INTENTS, type ErrorEvent, type IntentType, type Trace, type Welcome } from '../../shared/index';
import { closeClass, expectCleanTrace, FAST, openClass, playRound, sleep, serverTest, until, wrongAnswers, type ClassSetup } from '../server/helpers';
import { fuzzInput, hostileValue, isHostIntent, isStudentIntent, MARKER, type FuzzInput } from './lib/fuzz-arbs';
import { LEAVE_ROOM, matchmake, messageFrame, ROOM_DATA, ROOM_DATA_BYTES, waitUntil } from './lib/raw';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_121);
const WS_BATCHES = Number(process.env.FUZZ_BATCHES ?? 10);
const BATCH = 1000;

const logLines: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'synack-fuzz-'));
let victims: ClassSetup;
let stored: { round: number; pairs: Record<string, Trace> };
const secrets: string[] = [];
const counts: Record<string, number> = {};
const count = (what: string, n = 1) => (counts[what] = (counts[what] ?? 0) + n);
const packr = new Packr();

/** What the server decodes from what colyseus.js encodes. */
function roundTrip(payload: unknown): unknown {
  return payload === undefined ? undefined : unpack(packr.pack(payload));
}

/** The victim class plays round after round (all answers right, every round finished) until `stop`. */
async function keepPlaying(c: ClassSetup, stop: () => boolean): Promise<number> {
  let rounds = 0;
  while (!stop()) {
    // Without backoff, a round at 20% loss stays short (backoff has its own tests).
    const played = await playRound(c.host, { scenario: 'lossy-lifecycle', backoff: false, net: { loss: 0.2 } }, 30_000);
    for (const t of Object.values(played.traces)) expectCleanTrace(t, 'lossy-lifecycle');
    rounds += 1;
  }
  return rounds;
}

const it = serverTest({
  recorder: new SqliteRecorder(join(dir, 'synack.db')),
  log: (l) => logLines.push(l),
  reconnectSeconds: 5,
  idleDisposeMs: 5000,
  messageLimits: { ratePerSecond: 1e6, burst: 1e6, floodRefusals: 1e9 },
  httpLimits: { anonymous: { requests: { burst: 1e6, perSecond: 1e6 }, failures: { burst: 1e6, perSecond: 1e6 } } },
});

it.beforeAll(async ({ app }) => {
  victims = await openClass(app, 4, { declareStates: true, thinkMs: [40, 80], quietMs: 20 });
  const first = await playRound(victims.host, { scenario: 'lifecycle' });
  stored = { round: first.round, pairs: first.traces };
  secrets.push(victims.host.hostKey, ...victims.bots.map((b) => b.inbox.all<Welcome>('welcome')[0]?.replayToken ?? ''), ...victims.bots.map((b) => b.room.reconnectionToken));
}, 60_000);

afterAll(async () => {
  await closeClass(victims).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  console.log(`fuzz (seed ${SEED}): ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}; ${Object.values(counts).reduce((a, b) => a + b, 0)} inputs in all`);
});

/** What a student's input must be answered with. */
function expectedForStudent(input: FuzzInput): 'host-only' | 'unknown-message' | 'bad-message' | 'judged' {
  const { type } = input;
  if (isHostIntent(type)) return 'host-only';
  if (!isStudentIntent(type)) return 'unknown-message';
  return INTENTS[type as IntentType].safeParse(roundTrip(input.payload)).success ? 'judged' : 'bad-message';
}

/** Inputs that fit in one websocket message (bigger ones are for the drop test). */
function fits(input: FuzzInput): boolean {
  const f = messageFrame(input.type, input.payload);
  if (f === null || f.length > LIMITS.maxPayloadBytes - 16) return false;
  try {
    roundTrip(input.payload);
    return true;
  } catch {
    return false; // the server cannot decode it either: the sender is dropped (the raw-frame test sends such frames)
  }
}

describe('fuzzing (issue 7 item 1)', () => {
  it('answers every malformed message with an error, in every phase, while another class plays on and a stored replay stays as it was', async ({ app }) => {
    const fuzzClass = await openClass(app, 6, { autoplay: false, thinkMs: [40, 80], quietMs: 20 }, ['f1', 'p1', 'f2', 'p2', 'h1', 'h2']);
    // Pairs: (f1, p1), (f2, p2) with fuzzers f1 and f2 (their partners play), and an honest pair (h1, h2).
    const [f1, p1, f2, p2, h1, h2] = fuzzClass.bots as [RemoteBot, RemoteBot, RemoteBot, RemoteBot, RemoteBot, RemoteBot];
    for (const b of [p1, p2, h1, h2]) b.resume();
    // The host of a third class fuzzes the host-only intents.
    const hostClass = await openClass(app, 2, { declareStates: true, thinkMs: [40, 80], quietMs: 20 });
    let done = false;
    const victimRounds = keepPlaying(victims, () => done);
    try {
      const host = fuzzClass.host;
      await host.configureRound({ ...FAST, scenario: 'lifecycle' });
      const phases = ['lobby', 'running', 'paused', 'running', 'lobby'] as const;
      let rounds: number[] = [];
      for (let batch = 0; batch < WS_BATCHES; batch++) {
        // Move the class to the next phase: messages arrive in the lobby, mid-round, paused, after a round.
        const phase = phases[batch % phases.length] as (typeof phases)[number];
        const now = (host.room.state as { phase: string }).phase;
        if (phase === 'running' && now === 'lobby') rounds.push((await host.startRound()).round);
        else if (phase === 'running' && now === 'paused') host.room.send('resumeRound', {});
        else if (phase === 'paused') host.room.send('pauseRound', {});
        else if (phase === 'lobby' && now !== 'lobby') await host.endRound();
        await host.waitPhase(phase);

        const inputs = fc.sample(fuzzInput, { numRuns: BATCH * 2, seed: SEED + batch }).filter(fits).slice(0, BATCH);
        await Promise.all(
          [f1, f2].map(async (fz, k) => {
            const mine = inputs.filter((_, i) => i % 2 === k);
            const want = { 'host-only': 0, 'unknown-message': 0, 'bad-message': 0, judged: 0 };
            const mark = fz.inbox.mark();
            for (const input of mine) {
              want[expectedForStudent(input)] += 1;
              fz.raw(input.type as string, input.payload);
            }
            count('websocket messages', mine.length);
            const replies = () => fz.inbox.all('error', mark).length + fz.inbox.all('verdictGiven', mark).length;
            await waitUntil(() => replies() >= mine.length || !fz.connected, `${mine.length} replies to ${fz.nickname} (batch ${batch}, ${phase})`, 20_000);
            expect(fz.connected, `${fz.nickname} was dropped (batch ${batch})`).toBe(true);
            await sleep(50);
            const errors = fz.inbox.all<ErrorEvent>('error', mark);
            const verdicts = fz.inbox.all('verdictGiven', mark).length;
            const by = (code: string) => errors.filter((e) => e.code === code).length;
            expect({ batch, phase, hostOnly: by('host-only'), unknown: by('unknown-message'), total: errors.length + verdicts }).toEqual({
              batch, phase, hostOnly: want['host-only'], unknown: want['unknown-message'], total: mine.length,
            });
            // Every payload that fails its schema is a 'bad-message' (a judged one may be one too, if its handler failed: none do).
            expect(by('bad-message'), `batch ${batch} (${phase})`).toBe(want['bad-message']);
            const judgedReplies = verdicts + by('no-round') + by('prelude') + by('round-paused') + by('stale');
            expect(judgedReplies, `batch ${batch} (${phase})`).toBe(want.judged);
            for (const e of errors) expect(JSON.stringify(e).length).toBeLessThan(2000);
          }),
        );
        // The host of the third class: host intents broken every way (an intact endClass would end the test's class).
        const hostInputs = fc
          .sample(fuzzInput, { numRuns: BATCH, seed: SEED + 1000 + batch })
          .filter(fits)
          .filter((x) => !(x.type === 'endClass' && INTENTS.endClass.safeParse(roundTrip(x.payload)).success));
        const hc = hostClass.host;
        const hmark = hc.inbox.mark();
        let studentsOnly = 0;
        let schemaFails = 0;
        for (const x of hostInputs) {
          if (isStudentIntent(x.type)) studentsOnly += 1;
          else if (isHostIntent(x.type) && !INTENTS[x.type as IntentType].safeParse(roundTrip(x.payload)).success) schemaFails += 1;
          hc.room.send(x.type as string, x.payload);
        }
        count('websocket messages', hostInputs.length);
        hc.room.send('fuzz-sentinel', {});
        // Its reply comes after every reply to what was sent before it (one socket, in order).
        await hc.inbox.waitFor<ErrorEvent>('error', (e) => e.intent === 'fuzz-sentinel', { since: hmark, timeoutMs: 20_000 });
        const herrors = hc.inbox.all<ErrorEvent>('error', hmark);
        expect(herrors.filter((e) => e.code === 'students-only').length).toBe(studentsOnly);
        expect(herrors.filter((e) => e.code === 'bad-message').length).toBeGreaterThanOrEqual(schemaFails);
      }
      if ((host.room.state as { phase: string }).phase !== 'lobby') await host.endRound();
      // Whole scenario files among them reached the class's check: listed, or refused while another was checked.
      const checked = hostClass.host.inbox.all('scenarioAdded').length + hostClass.host.inbox.all<ErrorEvent>('error').filter((e) => e.code === 'scenario-check-busy' || e.code === 'scenario-cannot-finish').length;
      expect(checked).toBeGreaterThan(0);
      rounds = [...new Set(rounds)];
      // The fuzzed class's replays are whole traces; the honest pair answered everything right.
      for (const round of rounds) {
        for (const pairId of ['pair1', 'pair2', 'pair3']) {
          const trace = await host.fetchTrace(round, pairId);
          expect(checkTrace(trace).valid, `round ${round} ${pairId}`).toBe(true);
          if (pairId === 'pair3') expect(wrongAnswers(trace)).toEqual([]);
        }
      }
      for (const b of [p1, p2, h1, h2]) expect(b.unexpected, b.nickname).toEqual([]);
    } finally {
      done = true;
      const played = await victimRounds;
      expect(played).toBeGreaterThan(0);
      console.log(`fuzz: the other class played ${played} clean round(s) meanwhile`);
      await closeClass(fuzzClass);
      await closeClass(hostClass);
    }
    // The replay stored before the fuzzing is exactly as it was.
    for (const [pairId, trace] of Object.entries(stored.pairs)) expect(await victims.host.fetchTrace(stored.round, pairId)).toEqual(trace);
  }, 150_000);

  it('answers or drops the sender of every bad frame (truncated, random, oversized, undecodable), and the room plays on', async ({ app }) => {
    const c = await openClass(app, 2, { declareStates: true, thinkMs: [40, 80], quietMs: 20 });
    const stats = { replied: 0, dropped: 0, ignoredThenProbed: 0 };
    try {
      await c.host.configureRound({ ...FAST, backoff: false, scenario: 'lossy-lifecycle', net: { ...FAST.net, loss: 0.2 } });
      const started = await c.host.startRound();
      const frames = fc.sample(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc.tuple(fc.constantFrom(ROOM_DATA, ROOM_DATA_BYTES), fc.uint8Array({ maxLength: 64 })).map(([code, rest]) => Uint8Array.of(code, ...rest)),
          fc.tuple(fc.constantFrom<string | number>('sendSegment', 'declareState', 'startRound', '*', 1), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([t, rest]) => {
            const head = messageFrame(t, undefined) as Uint8Array;
            return Uint8Array.of(...head, ...rest);
          }),
          fc.tuple(fc.constantFrom<string | number>('sendSegment', 'declareState'), hostileValue, fc.nat()).map(([t, v, cut]) => {
            const f = messageFrame(t, v) ?? Uint8Array.of(ROOM_DATA);
            return f.subarray(0, 1 + (cut % f.length));
          }),
          fc.tuple(fc.constantFrom('sendSegment', 'declareState'), fc.uint8Array({ maxLength: 64 })).map(([t, raw]) => messageFrame(t, raw, ROOM_DATA_BYTES) as Uint8Array),
        ),
        { numRuns: 1500, seed: SEED + 7 },
      );
      // Oversized: one over the limit, and a 1 MB string.
      frames.push(new Uint8Array(LIMITS.maxPayloadBytes + 1).fill(ROOM_DATA, 0, 1), messageFrame('sendSegment', { flags: ['SYN'], seq: 1, ack: 0, len: 0, state: `${MARKER}${'x'.repeat(1 << 20)}` }) as Uint8Array);
      let room: Room | null = null;
      const client = new Client(app.url);
      let n = 0;
      const messages: { type: string; message: unknown }[] = [];
      const listen = (r: Room) => r.onMessage('*', (type, message) => messages.push({ type: String(type), message }));
      const probed = (from: number) => messages.slice(from).some((m) => m.type === 'error' && (m.message as ErrorEvent).intent === 'probe');
      for (const frame of frames) {
        if (!room || !room.connection.isOpen) {
          // Back into the held seat when the drop kept one; a new seat after a leave.
          const token: string | undefined = (room as Room | null)?.reconnectionToken;
          room = null;
          // The server may not have seen the drop yet when the client has: try again shortly.
          for (let attempt = 0; token && !room && attempt < 5; attempt++) room = await client.reconnect(token).catch(async () => (await sleep(20), null));
          room ??= await client.joinById(c.host.code, { nickname: `raw${n++}` });
          listen(room);
          const r0 = room;
          const mark = messages.length;
          r0.send('probe', {});
          await waitUntil(() => probed(mark), 'the seat answers');
        }
        const r = room;
        const before = messages.length;
        r.connection.send(frame as never);
        // A probe after it: answered if the connection is still there.
        if (frame[0] !== LEAVE_ROOM) r.send('probe', {});
        await waitUntil(() => probed(before) || !r.connection.isOpen, 'an answer to the probe, or a drop', 5000);
        if (!r.connection.isOpen) stats.dropped += 1;
        else if (messages.slice(before).filter((m) => m.type === 'error').length >= 2) stats.replied += 1;
        else stats.ignoredThenProbed += 1;
      }
      if (room?.connection.isOpen) await Promise.race([room.leave().catch(() => undefined), sleep(2000)]);
      count('raw frames', frames.length);
      console.log(`fuzz: raw frames: ${stats.replied} answered with an error, ${stats.dropped} dropped the sender, ${stats.ignoredThenProbed} ignored (not a message; the probe after it was answered)`);
      expect(stats.dropped).toBeGreaterThan(0);
      expect(stats.replied).toBeGreaterThan(0);
      await c.host.waitAllFinished(started.round, 30_000);
      await c.host.endRound();
      expectCleanTrace(await c.host.fetchTrace(started.round, 'pair1'), 'lossy-lifecycle');
    } finally {
      await closeClass(c);
    }
  }, 90_000);

  it('answers random matchmaking, API, static and upgrade requests without a 5xx, and stays up', async ({ app }) => {
    const code = victims.host.code;
    const statuses: Record<number, number> = {};
    const methods = fc.constantFrom('create', 'joinById', 'reconnect', 'join', 'joinOrCreate', 'query', '__proto__', 'constructor', '');
    const rooms = fc.oneof(fc.constantFrom('class', code, code.toLowerCase(), 'ZZZZZZZ', '..', '%00', 'a'.repeat(300)), fc.string({ maxLength: 20 }).map(encodeURIComponent));
    const bodies = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      hostileValue.map((v) => { try { return JSON.stringify(v) ?? 'undefined'; } catch { return '{'; } }),
      fc.constantFrom('', '{', 'null', '[]', '"x"', '{"__proto__":{"polluted":true},"nickname":"p"}', '{"constructor":{"prototype":{"polluted":true}}}', `{"nickname":"${MARKER}"}`, '{"host":true}', '{"hostKey":"AAAAAAAAAAAAAAAAAAAAAAAA"}', '{"reconnectionToken":"x:y"}'),
      fc.string({ unit: 'binary', maxLength: 300 }),
    );
    const inputs = fc.sample(fc.tuple(methods, rooms, bodies), { numRuns: 2500, seed: SEED + 11 });
    const record = (s: number) => (statuses[s] = (statuses[s] ?? 0) + 1);
    const pool = async <T>(items: T[], width: number, fn: (x: T) => Promise<void>) => {
      let i = 0;
      await Promise.all(Array.from({ length: width }, async () => {
        while (i < items.length) await fn(items[i++] as T);
      }));
    };
    await pool(inputs, 16, async ([m, r, b]) => {
      const res = await matchmake(app.url, m, r, b);
      record(res.status);
      expect(res.status, `${m}/${r} ${b.slice(0, 80)}`).toBeLessThan(500);
      // Never a seat in a class without its code.
      if (res.body.room && m !== 'create') expect(res.body.room.roomId).toBe(code);
    });
    count('matchmaking requests', inputs.length);
    // Over the body limit.
    const huge = await matchmake(app.url, 'joinById', code, `{"nickname":"${'x'.repeat(1 << 20)}"}`).catch(() => ({ status: 413 }));
    expect(huge.status).toBe(413);
    count('matchmaking requests');

    const paths = fc.oneof(
      fc.constantFrom('/api/health', `/api/classes/${code}/rounds`, `/api/classes/${code}/stats`, `/api/classes/${code}/check-bank`, `/api/classes/${code}/export.csv`, '/api/my/rounds', `/api/classes/${code}/rounds/1/pairs/pair1/trace`, '/api/my/rounds/1/pairs/pair1/trace', '/', '/index.html'),
      fc.tuple(fc.constantFrom('/api/classes/', '/api/my/rounds/', '/api/', '/', '/assets/'), fc.string({ maxLength: 40 })).map(([p, s]) => p + encodeURIComponent(s)),
      fc.constantFrom('/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/api/classes/%ZZ/rounds', '/api/classes/%00/rounds', `/api/classes/${code}/rounds/1e400/pairs/pair1/trace`, `/api/classes/${code}/rounds/-1/pairs/__proto__/trace`, '/api/classes/constructor/rounds'),
    );
    const wrongKey = `${victims.host.hostKey.slice(0, -1)}${victims.host.hostKey.endsWith('A') ? 'B' : 'A'}`;
    const auth = fc.oneof(fc.constant(undefined), fc.constantFrom(`Bearer ${wrongKey}`, 'Bearer ', 'Basic abc', `Bearer ${'A'.repeat(5000)}`), fc.string({ maxLength: 80 }).map((s) => `Bearer ${s}`));
    const apiInputs = fc.sample(fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'), paths, auth), { numRuns: 1500, seed: SEED + 13 });
    await pool(apiInputs, 16, async ([method, path, authorization]) => {
      let status = 0;
      let text = '';
      try {
        const res = await fetch(`${app.url}${path}`, { method, headers: authorization && /^[\x20-\x7e]*$/.test(authorization) ? { authorization } : {}, signal: AbortSignal.timeout(10_000) });
        status = res.status;
        text = method === 'HEAD' ? '' : await res.text();
      } catch (e) {
        // fetch itself refuses some URLs (not the server's doing); anything else is a failure.
        if (!(e instanceof TypeError)) throw e;
        return;
      }
      record(status);
      expect(status, `${method} ${path}`).toBeLessThan(500);
      expect(text).not.toContain('"name": "synack"');
      if (status === 200 && path.startsWith('/api/classes')) throw new Error(`${method} ${path} answered 200 with a wrong key`);
    });
    count('API and static requests', apiInputs.length);

    // Raw HTTP garbage and websocket upgrades to made-up rooms and sessions.
    const port = new URL(app.url).port;
    const garbage = fc.sample(fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }).map((s) => `${s}\r\n\r\n`),
      fc.constantFrom('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 'POST /matchmake/joinById/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n', `GET /${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
      fc.tuple(fc.string({ maxLength: 30 }).map(encodeURIComponent), fc.string({ maxLength: 30 }).map(encodeURIComponent)).map(([p, s]) => `GET /${p}/${s}?sessionId=${s} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`),
    ), { numRuns: 300, seed: SEED + 17 });
    await pool(garbage, 8, (g) => new Promise<void>((resolve) => {
      const s = net.connect(Number(port), '127.0.0.1', () => s.end(g));
      s.setTimeout(3000, () => s.destroy());
      s.on('data', () => undefined);
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    }));
    count('raw HTTP and upgrade requests', garbage.length);
    console.log(`fuzz: HTTP statuses ${JSON.stringify(statuses)}`);

    // Still up, and the classes are still there.
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    expect(victims.bots.every((b) => b.connected)).toBe(true);
    await until(() => victims.host.room.connection.isOpen, 'the victim host is connected');
  }, 90_000);

  it('logged nothing a client sent and no token', () => {
    const text = logLines.join('\n');
    expect(text).not.toContain(MARKER);
    for (const s of secrets.filter((x) => x.length > 8)) expect(text).not.toContain(s);
    expect(logLines.length).toBeLessThan(500);
  });
});
