import { describe, expect, it } from 'vitest';
import { ApiError, fetchCsv, fetchStats, fetchTrace, listRounds, roundsPath, tracePath, type Access } from '../../../client/src/review/api';

const HOST: Access = { kind: 'host', code: 'A7AVB3V', key: 'k'.repeat(32) };
const STUDENT: Access = { kind: 'student', code: 'A7AVB3V', token: 't'.repeat(32) };

function fakeFetch(status: number, body: unknown, seen: { url: string; auth: string | null }[] = []): typeof fetch {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), auth: new Headers(init?.headers).get('authorization') });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as typeof fetch;
}

const ROUND = { round: 1, pairId: 'pair1', scenario: 'handshake', mode: 'assessment', players: { client: 'alice', server: 'bot' }, result: { finished: true, scores: { client: 10, server: 0 } }, events: 9, seed: 5, playerIds: { client: 'p1', server: null } };

describe('the review API client', () => {
  it('sends the host key to the class routes and the replay token to the student routes', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    await listRounds(HOST, fakeFetch(200, { code: 'A7AVB3V', rounds: [ROUND] }, seen));
    await listRounds(STUDENT, fakeFetch(200, { code: 'A7AVB3V', nickname: 'alice', rounds: [] }, seen));
    expect(seen).toEqual([{ url: '/api/classes/A7AVB3V/rounds', auth: `Bearer ${'k'.repeat(32)}` }, { url: '/api/my/rounds', auth: `Bearer ${'t'.repeat(32)}` }]);
    expect(tracePath(HOST, 2, 'pair3')).toBe('/api/classes/A7AVB3V/rounds/2/pairs/pair3/trace');
    expect(tracePath(STUDENT, 2, 'pair3')).toBe('/api/my/rounds/2/pairs/pair3/trace');
    expect(roundsPath(STUDENT)).toBe('/api/my/rounds');
  });

  it('reads rounds with their extra fields', async () => {
    const res = await listRounds(HOST, fakeFetch(200, { code: 'A7AVB3V', rounds: [ROUND] }));
    expect(res.rounds[0]).toMatchObject({ round: 1, pairId: 'pair1', players: { client: 'alice', server: 'bot' }, events: 9 });
  });

  it('keeps a stored lesson on a round’s result, and reads an older result without one', async () => {
    const noLesson = { ...ROUND, pairId: 'pair2', result: { ...ROUND.result, lesson: false } };
    const res = await listRounds(HOST, fakeFetch(200, { code: 'A7AVB3V', rounds: [ROUND, noLesson] }));
    expect(res.rounds.map((r) => r.result?.lesson)).toEqual([undefined, false]);
  });

  it('reads per scenario how many pairs had the lesson', async () => {
    const stats = { code: 'A7AVB3V', mistakesByRule: [], students: [], scenarios: [{ scenario: 'lost-final-ack', pairs: 2, finished: 2, lessons: 1, flawless: 1, share: 0.5 }] };
    await expect(fetchStats({ ...HOST, kind: 'host' }, fakeFetch(200, stats))).resolves.toMatchObject({ scenarios: [{ lessons: 1, flawless: 1 }] });
  });

  it('turns 401 and 403 into an access error, 404 into not-found, other failures into http', async () => {
    for (const status of [401, 403]) await expect(listRounds(HOST, fakeFetch(status, { error: 'forbidden' }))).rejects.toMatchObject({ reason: 'auth', status });
    await expect(fetchTrace(HOST, 1, 'pair1', fakeFetch(404, { error: 'no such round' }))).rejects.toMatchObject({ reason: 'not-found' });
    await expect(fetchStats({ ...HOST, kind: 'host' }, fakeFetch(500, 'boom'))).rejects.toMatchObject({ reason: 'http', status: 500 });
  });

  it('says so when the server sends something else than it promised', async () => {
    await expect(listRounds(HOST, fakeFetch(200, { rounds: 'nope' }))).rejects.toBeInstanceOf(ApiError);
    await expect(listRounds(HOST, fakeFetch(200, '<html>'))).rejects.toMatchObject({ reason: 'data' });
  });

  it('reports a network failure as such', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(listRounds(HOST, down)).rejects.toMatchObject({ reason: 'network' });
  });

  it('downloads the CSV as a blob', async () => {
    const blob = await fetchCsv({ kind: 'host', code: 'A7AVB3V', key: 'k'.repeat(32) }, fakeFetch(200, 'nickname,role\r\n'));
    expect(await blob.text()).toBe('nickname,role\r\n');
  });
});
