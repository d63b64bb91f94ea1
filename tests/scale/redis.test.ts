/**
 * Scale-out (issue 6, item 7): two server processes share matchmaking through Colyseus's
 * RedisPresence and RedisDriver. A class lives on one process; its students reach it through
 * either. Real processes (`server/index.ts` as production runs it), a real Redis server, real
 * colyseus.js clients.
 *
 * Needs Redis: skipped, saying so, when REDIS_URL is unset (.ci/run sets it). With Debian's
 * redis-server installed the test starts a private one on a free loopback port (so no other
 * run's matchmaking entries are seen) and stops it; otherwise it uses REDIS_URL itself.
 */
import { Client } from 'colyseus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTrace, type Trace } from '../../shared/index';
import { wrongAnswers } from '../server/helpers';
import { RemoteBot } from '../support/bots/remote-bot';
import { RemoteHost } from '../support/bots/remote-host';
import { freePort, hasRedisServer, pingRedis, startGameServer, startPrivateRedis, type PrivateRedis, type Proc } from '../support/procs';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) {
  console.warn('tests/scale/redis.test.ts: SKIPPED — REDIS_URL is unset. Scale-out needs a Redis server: run `eval "$(bash .ci/services.sh)"` (or set REDIS_URL=redis://127.0.0.1:6390) and run again.');
}

const ROUND = {
  scenario: 'lifecycle',
  mode: 'practice' as const,
  rtoMs: 1000,
  mslMs: 1000,
  // At least 20 ms, as tests/server/helpers.ts FAST says: two answers crossing cannot overtake on a
  // loaded machine. The bots also think 40-80 ms (below): an instant bot could answer one delivery
  // while the next, 1 ms behind it, is already changing its state (a scripted close() fired by it),
  // a window no person can hit, and be judged wrong on its declared state. They declare a state
  // reached without sending after 20 ms of quiet, before any partner (thinking 40 ms) can answer.
  net: { loss: 0, delayMin: 20, delayMax: 40, duplicate: 0, reorder: 0 },
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.skipIf(!REDIS_URL)('scale-out: two processes sharing Redis', () => {
  let redis: PrivateRedis | null = null;
  let redisUrl = REDIS_URL as string;
  let servers: (Proc & { url: string })[] = [];
  const hosts: RemoteHost[] = [];
  const bots: RemoteBot[] = [];

  beforeAll(async () => {
    if (hasRedisServer()) {
      redis = await startPrivateRedis();
      redisUrl = redis.url;
    } else if (!(await pingRedis(redisUrl))) {
      throw new Error(`REDIS_URL=${redisUrl} does not answer PING and redis-server is not installed`);
    }
    const ports = [await freePort(), await freePort()];
    servers = await Promise.all(ports.map((port, i) => startGameServer({ port, redisUrl, name: `server${i + 1}` })));
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...bots, ...hosts].map((c) => c.leave().catch(() => undefined)));
    await Promise.all(servers.map((s) => s.stop()));
    await redis?.stop();
  }, 30_000);

  it('creates classes through one process, seats students through the other, and plays a round in each', async () => {
    const [a, b] = servers as [Proc & { url: string }, Proc & { url: string }];
    const via = { a: new Client(a.url), b: new Client(b.url) };

    // Class 1 is opened through process A, class 2 through process B. Their students join half
    // through A and half through B: whichever process a class lives on, some of its students
    // were seated through the other one.
    const h1 = await RemoteHost.create(via.a, a.url);
    hosts.push(h1);
    await sleep(300);
    const h2 = await RemoteHost.create(via.b, b.url);
    hosts.push(h2);
    const classBots: RemoteBot[][] = [[], []];
    for (const [k, host] of [h1, h2].entries()) {
      for (let i = 0; i < 4; i++) {
        const bot = await RemoteBot.join(i % 2 === 0 ? via.b : via.a, host.code, { nickname: `c${k + 1}s${i + 1}`, seed: 100 * k + i, declareStates: true, settleMs: 150, thinkMs: [40, 80], quietMs: 20 });
        classBots[k]?.push(bot);
        bots.push(bot);
      }
    }
    // The hosts see all four students in their class's synced state (patches come every 50 ms).
    for (const host of [h1, h2]) {
      const players = () => (host.room.state as { players?: { size: number } }).players?.size ?? 0;
      for (let i = 0; i < 100 && players() < 4; i++) await sleep(20);
      expect(players()).toBe(4);
    }

    // One round in each class, at the same time.
    const played = await Promise.all([h1, h2].map(async (host) => {
      await host.configureRound(ROUND);
      const started = await host.startRound();
      expect(started.pairs).toHaveLength(2);
      await host.waitAllFinished(started.round, 30_000);
      await host.endRound();
      return started;
    }));

    // Each class lives on exactly one process: its replays are there and not on the other.
    const owners: string[] = [];
    for (const [k, host] of [h1, h2].entries()) {
      const started = played[k]!;
      const found: { server: string; trace: Trace }[] = [];
      for (const [name, s] of [['A', a], ['B', b]] as const) {
        const res = await fetch(`${s.url}/api/classes/${host.code}/rounds/${started.round}/pairs/${started.pairs[0]!.id}/trace`, { headers: { authorization: `Bearer ${host.hostKey}` } });
        if (res.status === 200) found.push({ server: name, trace: (await res.json()) as Trace });
      }
      expect(found.map((f) => f.server)).toHaveLength(1);
      owners.push(found[0]!.server);
      const report = checkTrace(found[0]!.trace);
      expect(report.valid).toBe(true);
      expect(report.summary.judged).toBeGreaterThan(0);
      expect(report.summary.correct, wrongAnswers(found[0]!.trace, report).join('; ')).toBe(report.summary.judged);
      const last = report.events[report.events.length - 1];
      expect(last?.states).toEqual({ client: 'CLOSED', server: 'CLOSED' });
      for (const bot of classBots[k] ?? []) {
        expect(bot.roundsEnded.map((e) => e.round)).toContain(started.round);
        expect(bot.unexpected).toEqual([]);
      }
    }
    console.info(`tests/scale: class 1 (opened through A) lives on ${owners[0]}, class 2 (opened through B) lives on ${owners[1]}; students joined through both`);
  }, 60_000);
});
