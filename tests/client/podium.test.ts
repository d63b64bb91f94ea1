import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../shared/index';
import { roundPodium } from '../../client/src/ui/projector';
import type { ClassSnapshot } from '../../client/src/net/events';

const seat = (name: string, playerId: string | null, points: number) => ({ name, state: 'CLOSED' as const, declared: null, connected: true, playerId, points });
const pair = (id: string, client: ReturnType<typeof seat>, server: ReturnType<typeof seat>): Dashboard['pairs'][number] => ({
  id, client, server, progress: 1, finished: true, score: client.points + server.points, lastMistake: null,
});
const player = (id: string, nickname: string, score: number) => ({ id, nickname, connected: true, score, streak: 0, pairId: '', side: '' as const });

const players: ClassSnapshot['players'] = {
  a: player('a', 'Ana', 300),
  b: player('b', 'Ben', 120),
  c: player('c', 'Cho', 90),
  d: player('d', 'Dan', 200),
};
const round2: Dashboard = {
  round: 2,
  pairs: [pair('pair1', seat('Ana', 'a', 10), seat('Ben', 'b', 60)), pair('pair2', seat('Cho', 'c', 60), seat('bot', null, 99)), pair('pair3', seat('Dan', 'd', 40), seat('bot', null, 99))],
};

describe('the podium between rounds', () => {
  it('ranks the points of the round just played, not the class totals, with each total beside', () => {
    expect(roundPodium({ players }, round2, 2)).toEqual([
      // Ben and Cho both scored 60 this round: the larger class total first.
      { id: 'b', nickname: 'Ben', points: 60, total: 120 },
      { id: 'c', nickname: 'Cho', points: 60, total: 90 },
      { id: 'd', nickname: 'Dan', points: 40, total: 200 },
    ]);
  });

  it('leaves the bot off the podium, and ties of points and totals go by nickname', () => {
    const same = { a: player('a', 'Zoe', 50), b: player('b', 'Amy', 50) };
    const d: Dashboard = { round: 1, pairs: [pair('pair1', seat('Zoe', 'a', 50), seat('Amy', 'b', 50)), pair('pair2', seat('bot', null, 500), seat('bot', null, 500))] };
    expect(roundPodium({ players: same }, d, 1).map((p) => p.nickname)).toEqual(['Amy', 'Zoe']);
  });

  it('shows nothing from the dashboard of another round', () => {
    expect(roundPodium({ players }, round2, 3)).toEqual([]);
    expect(roundPodium({ players }, undefined, 2)).toEqual([]);
  });
});
