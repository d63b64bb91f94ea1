import { describe, expect, it } from 'vitest';
import { withTotals } from '../../client/src/net/totals';
import type { ClassSnapshot } from '../../client/src/net/events';

const player = (id: string, score: number, streak = 0) => ({ id, nickname: id, connected: true, score, streak, pairId: 'pair1', side: 'client' as const });
const snap = (round: number, players: ReturnType<typeof player>[]): ClassSnapshot => ({
  code: 'ABC', phase: 'running', round, scenario: 'lifecycle', scenarioTitleEn: '', scenarioTitleZh: '', mode: 'practice', hostConnected: true, watched: '',
  players: Object.fromEntries(players.map((p) => [p.id, p])), pairs: {},
});

describe('withTotals: the hosts see live class totals while a round runs', () => {
  it('takes each total and streak from a dashboard of the same round', () => {
    const s = snap(2, [player('p1', 100), player('p2', 40)]);
    const out = withTotals(s, { round: 2, totals: { p1: { score: 150, streak: 3 }, p2: { score: 40, streak: 0 } } });
    expect(out?.players.p1).toMatchObject({ score: 150, streak: 3, nickname: 'p1' });
    expect(out?.players.p2).toBe(s.players.p2);
    expect(s.players.p1?.score).toBe(100); // the snapshot itself is not changed
  });

  it('leaves the snapshot as it is for another round\'s dashboard, one without totals, or none', () => {
    const s = snap(2, [player('p1', 100)]);
    expect(withTotals(s, { round: 1, totals: { p1: { score: 5, streak: 1 } } })).toBe(s);
    expect(withTotals(s, { round: 2 })).toBe(s);
    expect(withTotals(s, undefined)).toBe(s);
    expect(withTotals(undefined, { round: 2, totals: {} })).toBeUndefined();
  });

  it('ignores totals of students who are not in the snapshot', () => {
    const s = snap(1, [player('p1', 0)]);
    expect(withTotals(s, { round: 1, totals: { gone: { score: 9, streak: 1 } } })).toBe(s);
  });
});
