/**
 * Issue 7, item 4: secrets. The automated check of issue 3 (tests/server/secrets-check.ts: no
 * answer, no coming fate, no partner's refused attempt reaches a student before it is due) run
 * where tests/server/secrets.test.ts does not: every scenario in assessment mode too, and a drop
 * and reconnection of either side in every scenario, in both modes. Then the review API: while a
 * round is played, a student's replay token opens neither its trace nor its seed (which decides
 * the network's coming fates); after it, only the student's own rounds.
 */
import { describe, expect } from 'vitest';
import type { RemoteBot } from '../support/bots/remote-bot';
import { SCENARIO_IDS, type Mode, type Welcome } from '../../shared/index';
import { closeClass, FAST, openClass, sleep, serverTest } from '../server/helpers';
import { playAndCheckSecrets, type SecretRun } from '../server/secrets-check';

/** What tests/server/secrets.test.ts runs (kept in step with it): live practice for every scenario, four in assessment, lifecycle with the server side dropping. */
const COVERED = new Set([
  ...SCENARIO_IDS.map((s) => `${s}/practice/live`),
  'lifecycle/assessment/live', 'lossy-lifecycle/assessment/live', 'stale-syn/assessment/live', 'simultaneous-close/assessment/live',
  'lifecycle/practice/server', 'lifecycle/assessment/server',
]);

const runs: SecretRun[] = [];
for (const [i, scenario] of SCENARIO_IDS.entries()) {
  for (const mode of ['practice', 'assessment'] as Mode[]) {
    if (!COVERED.has(`${scenario}/${mode}/live`)) runs.push({ scenario, mode, how: 'live' });
  }
  // A drop and a reconnection in every scenario: sides and modes alternate.
  const drop = i % 2 === 0 ? 'client' : 'server';
  const mode: Mode = i % 4 < 2 ? 'practice' : 'assessment';
  if (!COVERED.has(`${scenario}/${mode}/${drop}`)) runs.push({ scenario, mode, drop, how: `after the ${drop} side reconnects` });
}

const it = serverTest();

describe('secrets (issue 7 item 4)', () => {
  it('covers every scenario in both modes, with a reconnection in each', () => {
    const all = new Set([...COVERED, ...runs.map((r) => `${r.scenario}/${r.mode}/${r.drop ?? 'live'}`)]);
    for (const s of SCENARIO_IDS) for (const m of ['practice', 'assessment']) expect(all.has(`${s}/${m}/live`), `${s} ${m}`).toBe(true);
    for (const s of SCENARIO_IDS) expect([...all].some((k) => k.startsWith(`${s}/`) && !k.endsWith('/live')), `${s} reconnection`).toBe(true);
    expect(new Set([...all].filter((k) => !k.endsWith('/live')).map((k) => k.split('/')[2]))).toEqual(new Set(['client', 'server']));
  });

  it.concurrent.for(runs)('never reveals an answer before it is due: $scenario in $mode mode, $how', { timeout: 60_000 }, async (run, { app }) => {
    await playAndCheckSecrets(app, run);
  });

  it('opens a student neither the trace nor the seed of a round still played, and after it only their own rounds', async ({ app }) => {
    const c = await openClass(app, 4, { declareStates: true, thinkMs: [100, 200] });
    const other = await openClass(app, 2);
    const tokenOf = (b: RemoteBot) => b.inbox.all<Welcome>('welcome')[0]?.replayToken as string;
    const get = (path: string, key: string) => fetch(`${app.url}/api${path}`, { headers: { authorization: `Bearer ${key}` } });
    try {
      const [s1] = c.bots as [RemoteBot];
      const mine = tokenOf(s1);
      // A lossy round keeps the round going while the API is asked; without backoff its length stays
      // a few seconds at 30% loss (backoff has its own tests: tests/server/backoff.test.ts).
      await c.host.configureRound({ ...FAST, backoff: false, scenario: 'lossy-lifecycle', net: { ...FAST.net, loss: 0.3 } });
      const started = await c.host.startRound();
      const myPair = started.pairs.find((p) => p.client.name === s1.nickname || p.server.name === s1.nickname)?.id as string;
      const otherPair = started.pairs.find((p) => p.id !== myPair)?.id as string;

      // While it is played.
      const listing = (await (await get('/my/rounds', mine)).json()) as { rounds: Record<string, unknown>[] };
      expect(listing.rounds.map((r) => r.pairId)).toEqual([myPair]);
      expect(listing.rounds[0]).not.toHaveProperty('seed');
      expect(JSON.stringify(listing)).not.toContain('"seed"');
      expect((await get(`/my/rounds/${started.round}/pairs/${myPair}/trace`, mine)).status).toBe(409);
      expect((await get(`/my/rounds/${started.round}/pairs/${otherPair}/trace`, mine)).status).toBe(403);
      // The host may watch.
      expect((await c.host.api(`/classes/${c.host.code}/rounds/${started.round}/pairs/${myPair}/trace`)).status).toBe(200);
      // A replay token opens no instructor route, of this class or another.
      for (const code of [c.host.code, other.host.code]) {
        for (const path of [`/classes/${code}/rounds`, `/classes/${code}/stats`, `/classes/${code}/export.csv`, `/classes/${code}/rounds/${started.round}/pairs/${myPair}/trace`]) {
          expect((await get(path, mine)).status, path).toBe(403);
        }
      }

      await c.host.waitAllFinished(started.round, 30_000);
      await c.host.endRound();
      // After it: the student's own replay, whole, with its seed; never the other pair's.
      const after = (await (await get('/my/rounds', mine)).json()) as { rounds: { pairId: string; seed?: number }[] };
      expect(after.rounds.map((r) => r.pairId)).toEqual([myPair]);
      expect(typeof after.rounds[0]?.seed).toBe('number');
      const own = await get(`/my/rounds/${started.round}/pairs/${myPair}/trace`, mine);
      expect(own.status).toBe(200);
      expect(await own.json()).toEqual(await c.host.fetchTrace(started.round, myPair));
      expect((await get(`/my/rounds/${started.round}/pairs/${otherPair}/trace`, mine)).status).toBe(403);
      // A student of another class sees nothing of this one.
      const stranger = tokenOf(other.bots[0] as RemoteBot);
      expect((await get(`/my/rounds/${started.round}/pairs/${myPair}/trace`, stranger)).status).toBe(403);
      expect(((await (await get('/my/rounds', stranger)).json()) as { code: string }).code).toBe(other.host.code);
    } finally {
      await closeClass(c);
      await closeClass(other);
    }
  }, 60_000);
});
