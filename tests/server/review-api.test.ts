import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { RunningApp } from '../../server/app';
import { checkTrace, type Trace, type Welcome } from '../../shared/index';
import { Client } from 'colyseus.js';
import { RemoteBot } from '../support/bots/remote-bot';
import { RemoteHost } from '../support/bots/remote-host';
import { closeClass, playRound, serverTest, type ClassSetup, type PlayedRound } from './helpers';
import { fixture, lostFinalAckDelivered } from '../shared/review/mutations';

/*
 * After class: the statistics and the gradebook CSV of a known class, and who may read what.
 * Four students (two pairs) play one assessment round; the first makes one deliberate mistake.
 */

const it = serverTest();
/** The file's server (the fixture), for the helpers below. */
let app: RunningApp;
let cls: ClassSetup;
let played: PlayedRound;

it.beforeAll(async ({ app: started }) => {
  app = started;
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
});

const get = (path: string, key: string | null) => fetch(`${app.url}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
const tokenOf = (i: number) => (cls.bots[i]!.inbox.all<Welcome>('welcome')[0]?.replayToken ?? '') as string;

describe('the class CSV', () => {
  it('has one row per student per round with role, scenario, mode, score, correct/total, mistakes by rule, finished and lesson', async ({ app }) => {
    const res = await get(`/api/classes/${cls.host.code}/export.csv`, cls.host.hostKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const [header, ...rows] = text.trim().split('\r\n');
    expect(header).toBe('nickname,role,round,pair,scenario,mode,score,correct,total,mistakes_by_rule,finished,lesson');
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
    // Both pairs finished the handshake by themselves, and its lesson happened.
    expect([...byName.values()].map((r) => r.slice(10).join(','))).toEqual(['yes,yes', 'yes,yes', 'yes,yes', 'yes,yes']);
  });

  it('counts the same mistake in the class statistics', async ({ app }) => {
    const res = await get(`/api/classes/${cls.host.code}/stats`, cls.host.hostKey);
    const stats = (await res.json()) as { mistakesByRule: { rule: string; count: number }[]; scenarios: { scenario: string; pairs: number; finished: number; flawless: number }[] };
    expect(stats.mistakesByRule).toHaveLength(1);
    expect(stats.mistakesByRule[0]?.count).toBe(1);
    expect(stats.scenarios).toEqual([{ scenario: 'handshake', pairs: 2, finished: 2, lessons: 2, flawless: 1, share: 0.5 }]);
  });

  it('stored the lesson with each round’s result', async ({ app }) => {
    const rounds = await app.recorder.listRounds(cls.host.code);
    expect(rounds.map((r) => r.result?.lesson)).toEqual([true, true]);
  });
});

describe('access to replays', () => {
  it('lets a student read the replays of their own rounds and nothing else', async ({ app }) => {
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

  it('refuses the host routes to a student token and every route to no token or a wrong one', async ({ app }) => {
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

describe('rounds whose lesson did not happen', () => {
  const KEY = 'r'.repeat(32);
  const CODE = 'REVW72X';
  const store = async (pairId: string, scenario: string, trace: Trace, result: { finished: boolean; lesson?: boolean }) => {
    const key = { code: CODE, round: 1, pairId };
    await app.recorder.openRound({
      ...key, scenario, mode: 'practice', seed: 1, settings: {}, players: { client: `${pairId}-c`, server: `${pairId}-s` },
      playerIds: { client: `${pairId}-c`, server: `${pairId}-s` }, judge: ['client', 'server'], startedAt: '2026-01-01T00:00:00Z',
    });
    await app.recorder.append(key, trace.events);
    await app.recorder.closeRound(key, { ...result, scores: { client: 10, server: 10 }, endedAt: '2026-01-01T00:10:00Z' });
  };

  beforeAll(async () => {
    await app.recorder.createClass({ code: CODE, hostKeyHash: createHash('sha256').update(KEY).digest('hex'), createdAt: '2026-01-01T00:00:00Z' });
    // pair1: stored with its lesson; pair2: stored as not having had it; pair3: stored before results
    // had a lesson, its trace without the re-ACK in TIME_WAIT.
    await store('pair1', 'lost-final-ack', fixture('07-lost-final-ack.json'), { finished: true, lesson: true });
    await store('pair2', 'lost-final-ack', fixture('07-lost-final-ack.json'), { finished: true, lesson: false });
    await store('pair3', 'lost-final-ack', lostFinalAckDelivered(), { finished: true });
  });

  it('counts them in the statistics: finished, but neither with the lesson nor flawless', async ({ app }) => {
    const stats = (await (await get(`/api/classes/${CODE}/stats`, KEY)).json()) as { scenarios: unknown[]; rows: { pairId: string; lesson: boolean; finished: boolean }[] };
    expect(stats.scenarios).toEqual([{ scenario: 'lost-final-ack', pairs: 3, finished: 3, lessons: 1, flawless: 1, share: 0.333 }]);
    expect(stats.rows.map((r) => [r.pairId, r.finished, r.lesson])).toEqual([
      ['pair1', true, true], ['pair1', true, true], ['pair2', true, false], ['pair2', true, false], ['pair3', true, false], ['pair3', true, false],
    ]);
  });

  it('marks them in the gradebook CSV', async ({ app }) => {
    const text = (await (await get(`/api/classes/${CODE}/export.csv`, KEY)).text()).replace(/^\uFEFF/, '');
    const rows = text.trim().split('\r\n').slice(1).map((r) => r.split(','));
    expect(rows.map((r) => [r[3], r[10], r[11]])).toEqual([
      ['pair1', 'yes', 'yes'], ['pair1', 'yes', 'yes'], ['pair2', 'yes', 'no'], ['pair2', 'yes', 'no'], ['pair3', 'yes', 'no'], ['pair3', 'yes', 'no'],
    ]);
  });

  it('lists the stored lesson with each round, for the review page', async ({ app }) => {
    const list = (await (await get(`/api/classes/${CODE}/rounds`, KEY)).json()) as { rounds: { pairId: string; result?: { lesson?: boolean } }[] };
    expect(list.rounds.map((r) => [r.pairId, r.result?.lesson])).toEqual([['pair1', true], ['pair2', false], ['pair3', undefined]]);
  });
});
