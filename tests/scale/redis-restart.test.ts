/**
 * Issue 7, "Hostile and faulty conditions": in scale-out mode, Redis restarts during a class.
 *
 * Two server processes (`server/index.ts` as production runs it) share matchmaking through a
 * private redis-server of this test (no persistence: restarted, it has forgotten everything).
 * A class is opened through process A; its students join half through the process that hosts it
 * and half through the other. Twice, mid-round, Redis is killed (SIGKILL) and started again,
 * empty, on the same port: once after 1.5 s (a restart), once after 12 s (longer than ioredis's
 * 20 retries per command, about 10 s). While it is away a student's network drops and another
 * student leaves. What must hold each time:
 *  - the round goes on (answers are judged during the outage: students are connected to the
 *    class's process itself) and finishes; neither process dies;
 *  - the hosting process lists its class in the new Redis again (server/scale-health.ts): the
 *    dropped student comes back with its reconnection token through the OTHER process, the leave
 *    completes, and a NEW student joins by code through the OTHER process;
 *  - the stored replays (HTTP API of the hosting process) are complete and pass checkTrace with
 *    no wrong answer.
 *
 * Needs Redis: skipped, saying so, when REDIS_URL is unset (.ci/run sets it) or when redis-server
 * is not installed (a shared Redis cannot be restarted by a test). Loopback only; every wait is
 * bounded.
 */
import { Client } from 'colyseus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard, Trace } from '../../shared/index';
import { RemoteBot, type RemoteBotOptions } from '../support/bots/remote-bot';
import { RemoteHost } from '../support/bots/remote-host';
import { expectCleanTrace, FAST } from '../server/helpers';
import { freePort, hasRedisServer, sleep, startGameServer, startRedis, type Proc } from '../support/procs';

const REDIS_URL = process.env.REDIS_URL;
const SKIP = !REDIS_URL || !hasRedisServer();
if (SKIP) {
  console.warn(`tests/scale/redis-restart.test.ts: SKIPPED — ${!REDIS_URL ? 'REDIS_URL is unset' : 'redis-server is not installed'}. Scale-out needs a Redis server this test can restart: run \`eval "$(bash .ci/services.sh)"\` and run again.`);
}

type GameProc = Proc & { port: number; url: string };
const ROUND = { ...FAST, scenario: 'lifecycle', mode: 'practice' as const };

/** `p`, or a failure naming `what` after `ms`. */
async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** How many times `re` matches in `text`. */
const count = (text: string, re: RegExp) => (text.match(new RegExp(re.source, 'g')) ?? []).length;

describe.skipIf(SKIP)('scale-out: Redis restarts during a class', () => {
  let redisPort = 0;
  let redis: Proc | null = null;
  let servers: GameProc[] = [];
  const people: { leave(): Promise<void> }[] = [];
  const redises: Proc[] = [];
  let closing = false;
  /** Redis on the test's port; never once the teardown began (a test that timed out may still be running). */
  const startOurRedis = async (): Promise<Proc> => {
    if (closing) throw new Error('the test is over');
    const r = await startRedis(redisPort);
    redises.push(r);
    if (closing) r.signalIt('SIGKILL');
    return r;
  };

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startOurRedis();
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    servers = await Promise.all(['A', 'B'].map((name) => startGameServer({ redisUrl, name })));
  }, 60_000);

  afterAll(async () => {
    closing = true;
    // A client of a process that died would wait for its close forever: at most 3 s each.
    await Promise.all(people.map((p) => Promise.race([p.leave().catch(() => undefined), sleep(3000)])));
    await Promise.all(servers.map((s) => s.stop()));
    await Promise.all(redises.map((r) => r.stop()));
  }, 30_000);

  it('rounds in progress finish, their replays are kept, and the class is reachable through both processes again', async () => {
    const t0 = Date.now();
    const [a, b] = servers as [GameProc, GameProc];
    const host = await RemoteHost.create(new Client(a.url), a.url);
    people.push(host);

    // Which process hosts the class (Colyseus creates it on the least loaded one): its replays are there.
    const api = (s: GameProc, path: string) => fetch(`${s.url}/api/classes/${host.code}${path}`, { headers: { authorization: `Bearer ${host.hostKey}` }, signal: AbortSignal.timeout(5000) });
    const owner = (await api(a, '/rounds')).status === 200 ? a : b;
    const other = owner === a ? b : a;
    expect((await api(other, '/rounds')).status).toBe(403);

    const players = () => [...((host.room.state as { players?: Map<string, { connected: boolean }> }).players?.values() ?? [])].filter((p) => p.connected).length;
    const waitPlayers = async (n: number) => {
      for (let i = 0; i < 150 && players() !== n; i++) await sleep(20);
      expect(players()).toBe(n);
    };
    const bots: RemoteBot[] = [];
    /** A bot student joining through `via` (fixed seeds: reproducible ISNs). */
    const join = async (n: number, via: GameProc): Promise<RemoteBot> => {
      const opts: RemoteBotOptions = { nickname: `s${n}`, seed: 500 + n, declareStates: true, settleMs: 150, thinkMs: [60, 140] };
      const bot = await within(10_000, `s${n} joining through ${via === owner ? 'the class process' : 'the other process'}`, RemoteBot.join(new Client(via.url), host.code, opts));
      people.push(bot);
      return bot;
    };
    const verdicts = () => bots.reduce((n, x) => n + x.verdicts.length, 0);

    /**
     * Start a round; once answers are judged, kill Redis; while it is away `dropper` drops and
     * `leaver` leaves; after `downMs` start Redis again, empty; wait until both processes have
     * reconnected; bring `dropper` back through the other process; finish the round and check its
     * replays. Returns figures for the report.
     */
    const roundWithOutage = async (downMs: number, dropper: RemoteBot, leaver: RemoteBot) => {
      const backBefore = count(owner.output, /redis: back/);
      const leaverAnswered = leaver.verdicts.length;
      const started: Dashboard = await host.startRound();
      // The leaver too has had an answer judged (else its pair's replay could hold none of its own).
      for (let i = 0; i < 250 && (verdicts() < 2 || leaver.verdicts.length === leaverAnswered); i++) await sleep(20);
      expect(verdicts()).toBeGreaterThanOrEqual(2);

      const tDown = Date.now();
      redis?.signalIt('SIGKILL');
      await redis?.exit(5000);
      const atDown = verdicts();
      await owner.waitFor(/redis: connection lost/, 5000);
      await within(5000, 'the drop', dropper.dropConnection());
      // Colyseus closes a leaving student's socket after its bookkeeping in Redis: awaited below.
      const leaving = leaver.leave();
      await sleep(Math.max(0, downMs - (Date.now() - tDown)));
      const atUp = verdicts();
      for (const s of servers) expect(s.running, `${s.name} survived the outage`).toBe(true);
      redis = await startOurRedis();
      const down = Date.now() - tDown;

      // Both processes reconnect; the class's process lists its class again.
      const back = (s: GameProc, re: RegExp) => s.waitFor(new RegExp(`(?:[^]*${re.source}){${backBefore + 1}}`), 15_000);
      await back(owner, /redis: back; 1 class\(es\) of this process listed again/);
      await back(other, /redis: back; 0 class\(es\) of this process listed again/);
      const relisted = Date.now() - tDown;
      await within(5000, 'the leave', leaving);

      // The dropped student comes back through the other process (reconnecting is matchmaking too).
      const mark = dropper.inbox.mark();
      await within(10_000, 'the reconnection', dropper.reconnect());
      await dropper.inbox.waitFor('welcome', () => true, { since: mark, timeoutMs: 5000 });
      if (!dropper.roundsEnded.some((e) => e.round === started.round)) {
        const restored = await dropper.inbox.waitFor<{ round: number }>('roundStarted', () => true, { since: mark, timeoutMs: 5000 });
        expect(restored.round).toBe(started.round);
      }

      // The round finishes and is ended; its replays are complete and every answer in them right.
      await host.waitAllFinished(started.round, 30_000).catch((e: Error) => {
        throw new Error(`${e.message}\n${bots.map((x) => x.describe()).join('\n')}`);
      });
      await host.endRound();
      const stored = (await (await api(owner, '/rounds')).json()) as { rounds: { round: number; pairId: string; events: number; result?: { finished: boolean } }[] };
      let events = 0;
      for (const p of started.pairs) {
        const meta = stored.rounds.find((r) => r.round === started.round && r.pairId === p.id);
        expect(meta?.result?.finished).toBe(true);
        const res = await api(owner, `/rounds/${started.round}/pairs/${p.id}/trace`);
        expect(res.status).toBe(200);
        const trace = (await res.json()) as Trace;
        expect(trace.events.length).toBe(meta?.events);
        expectCleanTrace(trace, ROUND.scenario);
        events += trace.events.length;
      }
      for (const bot of bots.filter((x) => x !== leaver)) expect(bot.roundsEnded.map((e) => e.round)).toContain(started.round);
      expect(bots.flatMap((x) => x.unexpected)).toEqual([]);
      expect(atUp - atDown, 'answers judged while Redis was away').toBeGreaterThan(0);
      return `Redis down ${down} ms, class listed again ${relisted} ms after the kill, ${atUp - atDown} answers judged meanwhile, round ${started.round} (${started.pairs.length} pairs, ${events} events) clean`;
    };

    // s1, s3 through the class's process, s2, s4, s5 through the other: pairs (s1, s2), (s3, s4), (s5, bot).
    for (let i = 1; i <= 5; i++) bots.push(await join(i, i % 2 === 1 && i < 5 ? owner : other));
    await waitPlayers(5);
    await host.configureRound(ROUND);

    // A restart: s2 drops, s5 leaves (its seat goes to the engine bot).
    const first = await roundWithOutage(1500, bots[1]!, bots[4]!);
    bots.splice(4, 1);
    bots.push(await join(6, other));
    await waitPlayers(5);

    // Longer than ioredis retries a command: s4 drops, s1 leaves.
    const second = await roundWithOutage(12_000, bots[3]!, bots[0]!);
    bots.splice(0, 1);
    bots.push(await join(7, other));
    await waitPlayers(5);

    // Neither process died or printed a stack trace.
    for (const s of servers) {
      expect(s.running).toBe(true);
      expect(s.output).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(s.output).not.toMatch(/MaxRetriesPerRequest|shutting/i);
    }
    console.log(
      `redis-restart: class on ${owner === a ? 'A' : 'B'} (opened through A). Restart: ${first}. Long outage: ${second}. `
      + `Each time a student who dropped during the outage reconnected through the other process, a leave made during it completed, `
      + `and a new student joined through the other process; ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  }, 120_000);
});
