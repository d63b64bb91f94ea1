/**
 * `npm run bench:hostile [-- --quick]`: what a stranger on the school's network can cost a class
 * (issue 12), measured against the server as `npm start` runs it (its own process, the embedded
 * SQLite store in a temporary folder, every default limit), on loopback only:
 *
 *  1. classes: how many classes one client creates in 60 s, as one anonymous script and as a
 *     script that takes a fresh browser cookie for every class; the process's RSS, CPU and store
 *     growth meanwhile, and once the unclaimed classes are gone.
 *  2. sockets: how long a socket that sends nothing, one that trickles a header byte a second, and
 *     one that stops halfway through its headers stay open.
 *  3. api: `/api/health` p50/p95 before and while one student hammers the review API (10 requests
 *     in flight, their own rounds and traces) in a 60-student class with 60 rounds in the store;
 *     the host's statistics, first and again.
 *  4. cookies: how long a fresh browser takes to get its cookie and a seat while a script on the
 *     same address floods page loads (each minting a cookie) and cookie-less joins.
 *
 * Medians and ratios from the same run; the machine is shared, so absolute figures vary.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'colyseus.js';
import { RemoteHost } from '../tests/support/bots/remote-host';
import { SqliteRecorder } from '../server/replay/sqlite';
import type { Trace } from '../shared/trace/schema';
import { ROOT } from './lib/ipc';
import { ServerProc } from './lib/server-proc';
import { median, quantile, round, sleep } from './lib/stats';

const { values: opt } = parseArgs({ options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, only: { type: 'string' } } });
const QUICK = opt.quick === true;
const ONLY = new Set((opt.only ?? 'classes,sockets,api,cookies').split(','));
const T0 = Date.now();
const log = (line: string) => console.error(`[${((Date.now() - T0) / 1000).toFixed(1)}s] ${line}`);
const MB = (b: number) => round(b / 2 ** 20, 1);

/** Bytes of the store's files (SQLite: the database, its WAL and shared memory). */
function storeBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir)) n += statSync(path.join(dir, f)).size;
  return n;
}

async function cookie(url: string): Promise<string> {
  const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  const set = res.headers.getSetCookie().find((c) => c.startsWith('synack_id='));
  if (!set) throw new Error('no client id cookie');
  return set.split(';')[0] as string;
}

async function createClass(url: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${url}/matchmake/create/class`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ host: true }), signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.status;
}

async function health(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  return performance.now() - t;
}

// ── 1. classes ──

async function classes(): Promise<Record<string, unknown>> {
  const seconds = QUICK ? 10 : 60;
  const out: Record<string, unknown> = { seconds };
  for (const how of ['anonymous', 'fresh-cookie-each'] as const) {
    const server = await ServerProc.startGame({ name: `classes-${how}` });
    try {
      const dir = server.dataDir as string;
      await sleep(1000);
      const before = { rss: server.rss(), store: storeBytes(dir) };
      await server.metrics({ reset: true });
      const codes = new Map<number, number>();
      let peakRss = before.rss;
      const end = Date.now() + seconds * 1000;
      while (Date.now() < end) {
        const headers: Record<string, string> = how === 'anonymous' ? {} : { cookie: await cookie(server.url) };
        const status = await createClass(server.url, headers).catch(() => 0);
        codes.set(status, (codes.get(status) ?? 0) + 1);
        if ((codes.get(status) ?? 0) % 50 === 0) peakRss = Math.max(peakRss, server.rss());
      }
      const during = await server.metrics({ reset: true });
      peakRss = Math.max(peakRss, server.rss());
      const afterFlood = { rss: server.rss(), store: storeBytes(dir) };
      // The classes nobody connected to are disposed within the creator's minute.
      await sleep(QUICK ? 5_000 : 10_000);
      const idle = await server.metrics({ reset: true });
      if (!QUICK) await sleep(60_000);
      const after = { rss: server.rss(), store: storeBytes(dir), metrics: await server.metrics({ reset: true, gc: true }) };
      const r = {
        created: codes.get(200) ?? 0,
        answers: Object.fromEntries([...codes].map(([k, v]) => [String(k), v])),
        rss_mb: { before: MB(before.rss), peak: MB(peakRss), after_flood: MB(afterFlood.rss), a_minute_later: QUICK ? null : MB(after.rss) },
        store_bytes: { before: before.store, after_flood: afterFlood.store, a_minute_later: QUICK ? null : after.store },
        cpu_share: { during_flood: round(during.cpuShare, 3), idle_with_the_classes_alive: round(idle.cpuShare, 3), a_minute_later: QUICK ? null : round(after.metrics.cpuShare, 3) },
      };
      log(`classes (${how}): ${r.created} created in ${seconds} s (${JSON.stringify(r.answers)}); RSS ${JSON.stringify(r.rss_mb)} MB; store ${JSON.stringify(r.store_bytes)} bytes; CPU ${JSON.stringify(r.cpu_share)}`);
      out[how] = r;
    } finally {
      await server.stop();
    }
  }
  return out;
}

// ── 2. sockets ──

/** Open a socket, write `script` (pieces with pauses), and time until the server closes it. */
function socketLifetime(port: number, script: (s: net.Socket) => void, capMs: number): Promise<{ ms: number; closedByServer: boolean; firstBytes: string }> {
  return new Promise((resolve) => {
    const t = performance.now();
    const s = net.connect(port, '127.0.0.1');
    let first = '';
    const cap = setTimeout(() => {
      s.destroy();
      resolve({ ms: performance.now() - t, closedByServer: false, firstBytes: first });
    }, capMs);
    s.on('data', (d: Buffer) => (first ||= d.toString('latin1').split('\r\n')[0] ?? ''));
    s.on('close', () => {
      clearTimeout(cap);
      resolve({ ms: performance.now() - t, closedByServer: true, firstBytes: first });
    });
    s.on('error', () => undefined);
    s.on('connect', () => script(s));
  });
}

async function sockets(): Promise<Record<string, unknown>> {
  const server = await ServerProc.startGame({ name: 'sockets' });
  try {
    const cap = 60_000;
    const trickle = (s: net.Socket) => {
      const bytes = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
      let i = 0;
      const timer = setInterval(() => {
        if (s.destroyed || i >= bytes.length) return clearInterval(timer);
        s.write(bytes.subarray(i, i + 1));
        i += 1;
      }, 1000);
      s.on('close', () => clearInterval(timer));
    };
    const [silent, trickling, half] = await Promise.all([
      socketLifetime(server.port, () => undefined, cap),
      socketLifetime(server.port, trickle, cap),
      socketLifetime(server.port, (s) => s.write('GET /api/health HTTP/1.1\r\nHost: x\r\n'), cap),
    ]);
    const r = Object.fromEntries(Object.entries({ silent, trickling, half }).map(([k, v]) => [k, { seconds: round(v.ms / 1000, 1), closed_by_server: v.closedByServer, answer: v.firstBytes }]));
    log(`sockets: ${JSON.stringify(r)}`);
    return r;
  } finally {
    await server.stop();
  }
}

// ── 3. the review API in a 60×60 class ──

/** A class of 60 students with 60 rounds (30 pairs each), every round a full lifecycle trace. */
function seedClass(dir: string, students: number, rounds: number): { code: string; hostKey: string; token: string } {
  const trace = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/traces/05-lifecycle.json'), 'utf8')) as Trace;
  const store = new SqliteRecorder(path.join(dir, 'synack.db'));
  const code = 'BNCHMRK';
  const hostKey = randomBytes(24).toString('base64url');
  const hash = (s: string) => createHash('sha256').update(s).digest('hex');
  store.createClass({ code, hostKeyHash: hash(hostKey), createdAt: new Date().toISOString() });
  const expiry = Math.floor(Date.now() / 1000 + 30 * 86_400).toString(36);
  const tokens: string[] = [];
  for (let i = 0; i < students; i++) {
    const token = `${randomBytes(24).toString('base64url')}.${expiry}`;
    tokens.push(token);
    store.addStudent({ code, playerId: `p${i}`, nickname: `student ${i}`, tokenHash: hash(token) });
  }
  const start = Date.now() - rounds * 5 * 60_000;
  for (let r = 1; r <= rounds; r++) {
    for (let k = 0; k < students / 2; k++) {
      const a = (2 * k + r) % students;
      const b = (2 * k + 1 + r) % students;
      const key = { code, round: r, pairId: `pair${k + 1}` };
      store.openRound({
        ...key, scenario: 'lifecycle', mode: 'practice', seed: r * 1000 + k, settings: {},
        players: { client: `student ${a}`, server: `student ${b}` }, playerIds: { client: `p${a}`, server: `p${b}` },
        judge: ['client', 'server'], startedAt: new Date(start + r * 5 * 60_000).toISOString(),
      });
      store.append(key, trace.events);
      store.closeRound(key, { finished: true, lesson: true, scores: { client: 40, server: 40 }, endedAt: new Date(start + r * 5 * 60_000 + 120_000).toISOString() });
    }
  }
  store.close();
  return { code, hostKey, token: tokens[0] as string };
}

async function api(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'synack-bench-api-'));
  const students = 60;
  const rounds = QUICK ? 20 : 60;
  const seeded = seedClass(dir, students, rounds);
  const server = await ServerProc.startGame({ name: 'api', env: { DATA_DIR: dir } });
  try {
    const host = { authorization: `Bearer ${seeded.hostKey}` };
    const timed = async (p: string, headers: Record<string, string>) => {
      const t = performance.now();
      const res = await fetch(`${server.url}${p}`, { headers });
      await res.arrayBuffer();
      return { ms: performance.now() - t, status: res.status };
    };
    const me = { authorization: `Bearer ${seeded.token}` };
    // The first statistics judge all the rounds again; the game's loop must stay free meanwhile.
    let judging = true;
    const whileJudging: number[] = [];
    const first = timed(`/api/classes/${seeded.code}/stats`, host).finally(() => (judging = false));
    while (judging) {
      whileJudging.push(await health(server.url));
      await sleep(5);
    }
    const statsFirst = await first;
    const statsAgain = await timed(`/api/classes/${seeded.code}/stats`, host);
    const before: number[] = [];
    for (let i = 0; i < 200; i++) {
      before.push(await health(server.url));
      await sleep(10);
    }
    await server.metrics({ reset: true });
    let stop = false;
    const codes = new Map<number, number>();
    // The student's own rounds (the list tells the pairs), then its list and traces, over and over.
    const mine = (await (await fetch(`${server.url}/api/my/rounds`, { headers: me })).json()) as { rounds: { round: number; pairId: string }[] };
    const own = mine.rounds.map((m) => `/api/my/rounds/${m.round}/pairs/${m.pairId}/trace`);
    if (own.length === 0) throw new Error('the seeded student has no rounds');
    await sleep(1000);
    const hammer = Promise.all(Array.from({ length: 10 }, async (_, lane) => {
      let i = lane;
      while (!stop) {
        const p = lane % 2 === 0 ? '/api/my/rounds' : (own[i++ % own.length] as string);
        const res = await fetch(`${server.url}${p}`, { headers: me }).catch(() => null);
        await res?.arrayBuffer();
        codes.set(res?.status ?? 0, (codes.get(res?.status ?? 0) ?? 0) + 1);
      }
    }));
    const during: number[] = [];
    const end = Date.now() + (QUICK ? 5_000 : 20_000);
    while (Date.now() < end) {
      during.push(await health(server.url));
      await sleep(10);
    }
    const loop = await server.metrics({ reset: true });
    stop = true;
    await hammer;
    const sent = [...codes.values()].reduce((a, b) => a + b, 0);
    const r = {
      class: `${students} students × ${rounds} rounds (${(students / 2) * rounds} pair rounds)`,
      stats_ms: { first: round(statsFirst.ms, 1), again: round(statsAgain.ms, 1) },
      health_ms_while_first_stats: { n: whileJudging.length, p50: round(median(whileJudging), 1), max: round(Math.max(...whileJudging), 1) },
      hammer: { requests: sent, answers: Object.fromEntries([...codes].map(([k, v]) => [String(k), v])) },
      health_ms: {
        before: { p50: round(median(before), 1), p95: round(quantile(before, 0.95), 1) },
        during: { p50: round(median(during), 1), p95: round(quantile(during, 0.95), 1) },
      },
      loop_lag_p99_ms_during: round(loop.lag.p99, 1),
      cpu_share_during: round(loop.cpuShare, 3),
    };
    log(`api: ${JSON.stringify(r)}`);
    return r;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ── 4. a fresh browser while a script floods cookies ──

async function cookies(): Promise<Record<string, unknown>> {
  const server = await ServerProc.startGame({ name: 'cookies' });
  try {
    const host = await RemoteHost.create(new Client(server.url, { headers: { cookie: await cookie(server.url) } }), server.url);
    let stop = false;
    let minted = 0;
    let anonymousJoins = 0;
    // The script: page loads without a cookie (each mints one), and cookie-less joins, in 20 lanes.
    const script = Promise.all(Array.from({ length: 20 }, async (_, lane) => {
      while (!stop) {
        if (lane < 16) {
          const r = await fetch(`${server.url}/`).catch(() => null);
          await r?.arrayBuffer();
          if (r?.headers.getSetCookie().some((c) => c.startsWith('synack_id='))) minted += 1;
        } else {
          const r = await fetch(`${server.url}/matchmake/joinById/${host.code}`, {
            method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ nickname: `script${lane}` }),
          }).catch(() => null);
          await r?.arrayBuffer();
          anonymousJoins += 1;
        }
      }
    }));
    await sleep(2000);
    const times: number[] = [];
    const n = QUICK ? 10 : 30;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const c = await cookie(server.url);
      const room = await new Client(server.url, { headers: { cookie: c } }).joinById(host.code, { nickname: `fresh ${i}` });
      times.push(performance.now() - t);
      await room.leave();
    }
    stop = true;
    await script;
    await host.leave();
    const r = {
      script: { cookies_minted: minted, cookieless_joins: anonymousJoins },
      fresh_browsers: n,
      joined: times.length,
      join_ms: { min: round(Math.min(...times), 0), p50: round(median(times), 0), p95: round(quantile(times, 0.95), 0), max: round(Math.max(...times), 0) },
    };
    log(`cookies: ${JSON.stringify(r)}`);
    return r;
  } finally {
    await server.stop();
  }
}

const result: Record<string, unknown> = { bench: 'hostile', quick: QUICK, date: new Date().toISOString(), cpus: os.cpus().length, node: process.version };
const sections: [string, () => Promise<Record<string, unknown>>][] = [['classes', classes], ['sockets', sockets], ['api', api], ['cookies', cookies]];
for (const [name, run] of sections) {
  if (!ONLY.has(name)) continue;
  log(`${name}…`);
  try {
    result[name] = await run();
  } catch (e) {
    log(`${name} failed: ${(e as Error).stack ?? String(e)}`);
    result[name] = { error: String((e as Error).message ?? e) };
  }
}
console.log(JSON.stringify(result, null, 2));
process.exit(0);
