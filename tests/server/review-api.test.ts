import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTrace, type Welcome } from '../../shared/index';
import type { RunningApp } from '../../server/app';
import { Client } from 'colyseus.js';
import { RemoteBot } from '../../server/bots/remote-bot';
import { RemoteHost } from '../../server/bots/remote-host';
import { closeClass, playRound, startTestServer, type ClassSetup, type PlayedRound } from './helpers';

/*
 * After class: the statistics and the gradebook CSV of a known class, and who may read what.
 * Four students (two pairs) play one assessment round; the first makes one deliberate mistake.
 */

let app: RunningApp;
let cls: ClassSetup;
let played: PlayedRound;
beforeAll(async () => {
  app = await startTestServer();
  const client = new Client(app.url);
  const host = await RemoteHost.create(client, app.url);
  const bots: RemoteBot[] = [];
  for (const [i, nickname] of ['Ada', '小明', 'Bo', 'Li'].entries()) {
    bots.push(await RemoteBot.join(client, host.code, { nickname, seed: 50 + i, declareStates: true, mistakes: i === 0 ? 1 : 0 }));
  }
  cls = { client, host, bots };
  played = await playRound(cls.host, { scenario: 'handshake', mode: 'assessment' });
}, 60_000);
afterAll(async () => {
  await closeClass(cls);
  await app.close();
});

const get = (path: string, key: string | null) => fetch(`${app.url}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
const tokenOf = (i: number) => (cls.bots[i]!.inbox.all<Welcome>('welcome')[0]?.replayToken ?? '') as string;

describe('the class CSV', () => {
  it('has one row per student per round with role, scenario, mode, score, correct/total and mistakes by rule', async () => {
    const res = await get(`/api/classes/${cls.host.code}/export.csv`, cls.host.hostKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const [header, ...rows] = text.trim().split('\r\n');
    expect(header).toBe('nickname,role,round,pair,scenario,mode,score,correct,total,mistakes_by_rule');
    expect(rows).toHaveLength(4);
    const byName = new Map(rows.map((r) => [r.split(',')[0], r.split(',')]));
    expect([...byName.keys()].sort()).toEqual(['Ada', 'Bo', 'Li', '小明'].sort());
    for (const p of played.started.pairs) {
      const report = checkTrace(played.traces[p.id]);
      for (const side of ['client', 'server'] as const) {
        const row = byName.get(p[side].name)!;
        expect(row.slice(1, 6)).toEqual([side, '1', p.id, 'handshake', 'assessment']);
        const judged = report.events.filter((e) => e.verdict && (played.traces[p.id]!.events[e.index] as { side?: string }).side === side);
        expect(Number(row[7])).toBe(judged.filter((e) => e.verdict?.ok).length);
        expect(Number(row[8])).toBe(judged.length);
        const scoreBoard = cls.host.room.state.players;
        const info = [...scoreBoard.values()].find((x: { nickname: string }) => x.nickname === p[side].name) as { score: number };
        expect(Number(row[6])).toBe(info.score);
      }
    }
    // Ada's deliberate mistake is in her row, by rule; the others made none.
    expect(byName.get('Ada')![9]).toMatch(/^[a-z]+\.[a-z0-9-]+:1$/);
    expect(['Bo', 'Li', '小明'].map((n) => byName.get(n)![9])).toEqual(['', '', '']);
  });

  it('counts the same mistake in the class statistics', async () => {
    const res = await get(`/api/classes/${cls.host.code}/stats`, cls.host.hostKey);
    const stats = (await res.json()) as { mistakesByRule: { rule: string; count: number }[]; scenarios: { scenario: string; pairs: number; finished: number; flawless: number }[] };
    expect(stats.mistakesByRule).toHaveLength(1);
    expect(stats.mistakesByRule[0]?.count).toBe(1);
    expect(stats.scenarios).toEqual([{ scenario: 'handshake', pairs: 2, finished: 2, flawless: 1, share: 0.5 }]);
  });
});

describe('access to replays', () => {
  it('lets a student read the replays of their own rounds and nothing else', async () => {
    const ada = tokenOf(0);
    expect(ada.length).toBeGreaterThan(20);
    const mine = (await (await get('/api/my/rounds', ada)).json()) as { nickname: string; rounds: { pairId: string }[] };
    expect(mine.nickname).toBe('Ada');
    const adaPair = played.started.pairs.find((p) => p.client.name === 'Ada' || p.server.name === 'Ada')!.id;
    const otherPair = played.started.pairs.find((p) => p.id !== adaPair)!.id;
    expect(mine.rounds.map((r) => r.pairId)).toEqual([adaPair]);
    const own = await get(`/api/my/rounds/1/pairs/${adaPair}/trace`, ada);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { events: unknown[] }).events).toEqual(played.traces[adaPair]!.events);
    expect((await get(`/api/my/rounds/1/pairs/${otherPair}/trace`, ada)).status).toBe(403);
  });

  it('refuses the host routes to a student token and every route to no token or a wrong one', async () => {
    const ada = tokenOf(0);
    const code = cls.host.code;
    for (const path of [`/api/classes/${code}/rounds`, `/api/classes/${code}/stats`, `/api/classes/${code}/export.csv`, `/api/classes/${code}/rounds/1/pairs/pair1/trace`]) {
      expect((await get(path, ada)).status, path).toBe(403);
      expect((await get(path, null)).status, path).toBe(401);
      const body = await (await get(path, 'x'.repeat(32))).text();
      expect(body).not.toMatch(/pair1|handshake|Ada/);
    }
    expect((await get('/api/my/rounds', null)).status).toBe(401);
    expect((await get('/api/my/rounds', cls.host.hostKey)).status).toBe(403);
  });
});
