import { describe, expect, it } from 'vitest';
import { DashboardSchema, mergeDashboard, type Dashboard, type PairSummary } from '../../../shared/index';

const seat = (name: string, owes: 'send' | 'declare' | null, owingMs?: number): PairSummary['client'] => ({
  name, state: 'ESTABLISHED', declared: 'ESTABLISHED', connected: true, owes, ...(owingMs !== undefined ? { owingMs } : {}),
});
const pair = (id: string, progress: number, owingMs?: number): PairSummary => ({
  id, client: seat(`${id}c`, owingMs !== undefined ? 'send' : null, owingMs), server: seat(`${id}s`, null),
  progress, finished: false, score: 0, lastMistake: null, elapsedMs: 10_000,
});
const whole: Dashboard = { round: 2, pairs: [pair('pair1', 0.1, 4000), pair('pair2', 0.2), pair('pair3', 0.3)], totals: { a: { score: 1, streak: 1 }, b: { score: 2, streak: 0 } }, allDone: false };

describe('a dashboard of what changed, added to the one a host holds', () => {
  it('replaces the pairs it names in place, keeps the others with their times counted on, and adds the totals it has', () => {
    const next: Dashboard = { round: 2, pairs: [pair('pair2', 0.5, 0)], totals: { b: { score: 5, streak: 1 } }, allDone: false, delta: true };
    expect(DashboardSchema.strict().safeParse(next).success).toBe(true);
    const merged = mergeDashboard(whole, next, 1500);
    expect(merged.delta).toBeUndefined();
    expect(merged.pairs.map((p) => [p.id, p.progress])).toEqual([['pair1', 0.1], ['pair2', 0.5], ['pair3', 0.3]]);
    // The pair it names is as sent; the others 1.5 s on: the round timer, and the wait of a seat that owes.
    expect(merged.pairs[1]).toEqual(next.pairs[0]);
    expect(merged.pairs[0]!.elapsedMs).toBe(11_500);
    expect(merged.pairs[0]!.client.owingMs).toBe(5500);
    expect(merged.pairs[0]!.server).toEqual(whole.pairs[0]!.server);
    expect(merged.pairs[2]!.elapsedMs).toBe(11_500);
    expect(merged.totals).toEqual({ a: { score: 1, streak: 1 }, b: { score: 5, streak: 1 } });
    expect(merged.allDone).toBe(false);
    // What it was added to is unchanged.
    expect(whole.pairs[0]!.elapsedMs).toBe(10_000);
  });

  it('counts nothing on while the round stood still (0 ms), and adds a pair it does not hold', () => {
    const merged = mergeDashboard(whole, { round: 2, pairs: [pair('pair4', 0)], allDone: true, delta: true }, 0);
    expect(merged.pairs.slice(0, 3)).toEqual(whole.pairs);
    expect(merged.pairs.map((p) => p.id)).toEqual(['pair1', 'pair2', 'pair3', 'pair4']);
    expect(merged.allDone).toBe(true);
    expect(merged.totals).toEqual(whole.totals);
  });

  it('takes a whole dashboard as it is, and a delta of another round (or with nothing before it) alone', () => {
    const next: Dashboard = { round: 3, pairs: [pair('pair1', 0)], totals: {} };
    expect(mergeDashboard(whole, next, 500)).toBe(next);
    const other: Dashboard = { round: 3, pairs: [pair('pair1', 0)], delta: true };
    expect(mergeDashboard(whole, other, 500)).toBe(other);
    expect(mergeDashboard(undefined, other, 500)).toBe(other);
  });
});
