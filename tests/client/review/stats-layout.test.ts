import { describe, expect, it } from 'vitest';
import { barLayout, nextSort, percent, sortStudents, type StudentStat } from '../../../client/src/review/stats-layout';

const student = (nickname: string, score: number, correct: number, total: number, mistakes: number): StudentStat => ({ nickname, score, correct, total, accuracy: total ? correct / total : 0, mistakes });
const ROWS = [student('bob', 300, 9, 10, 1), student('alice', 300, 5, 10, 5), student('小明', 500, 10, 10, 0), student('dora', 100, 2, 4, 2)];

describe('barLayout', () => {
  it('gives the largest value the whole length and the others their share', () => {
    const { bars, height } = barLayout([{ key: 'a', value: 4 }, { key: 'b', value: 2 }, { key: 'c', value: 0 }], { barMax: 200, rowH: 30, top: 10 });
    expect(bars.map((b) => [b.key, b.w, b.y])).toEqual([['a', 200, 10], ['b', 100, 40], ['c', 0, 70]]);
    expect(height).toBe(100);
  });

  it('scales to a fixed maximum (shares out of 1) and keeps a tiny value visible', () => {
    const { bars } = barLayout([{ key: 'a', value: 0.5 }, { key: 'b', value: 0.001 }, { key: 'c', value: 1.5 }], { barMax: 300, rowH: 20, top: 0, max: 1 });
    expect(bars.map((b) => b.w)).toEqual([150, 2, 300]);
  });

  it('draws nothing for an empty list or all zeros', () => {
    expect(barLayout([], { barMax: 100, rowH: 10, top: 0 }).bars).toEqual([]);
    expect(barLayout([{ key: 'a', value: 0 }], { barMax: 100, rowH: 10, top: 0 }).bars[0]!.w).toBe(0);
  });
});

describe('sortStudents', () => {
  const names = (rows: StudentStat[]) => rows.map((r) => r.nickname);

  it('sorts by score, ties by nickname', () => {
    expect(names(sortStudents(ROWS, 'score', 'desc'))).toEqual(['小明', 'alice', 'bob', 'dora']);
    expect(names(sortStudents(ROWS, 'score', 'asc'))).toEqual(['dora', 'alice', 'bob', '小明']);
  });

  it('sorts by accuracy, answers and mistakes', () => {
    expect(names(sortStudents(ROWS, 'accuracy', 'desc'))).toEqual(['小明', 'bob', 'alice', 'dora']);
    expect(names(sortStudents(ROWS, 'answers', 'desc'))).toEqual(['小明', 'bob', 'alice', 'dora']);
    expect(names(sortStudents(ROWS, 'mistakes', 'desc'))).toEqual(['alice', 'dora', 'bob', '小明']);
  });

  it('sorts by nickname both ways without touching the input', () => {
    const before = names(ROWS);
    const asc = names(sortStudents(ROWS, 'nickname', 'asc'));
    expect(asc.slice(0, 3)).toEqual(['alice', 'bob', 'dora']);
    expect(names(sortStudents(ROWS, 'nickname', 'desc'))).toEqual([...asc].reverse());
    expect(names(ROWS)).toEqual(before);
  });

  it('flips the direction on the same column and starts a new one in its natural order', () => {
    expect(nextSort({ col: 'score', dir: 'desc' }, 'score')).toEqual({ col: 'score', dir: 'asc' });
    expect(nextSort({ col: 'score', dir: 'asc' }, 'nickname')).toEqual({ col: 'nickname', dir: 'asc' });
    expect(nextSort({ col: 'nickname', dir: 'asc' }, 'mistakes')).toEqual({ col: 'mistakes', dir: 'desc' });
  });

  it('prints shares as whole percentages', () => {
    expect([percent(0), percent(0.875), percent(1), percent(2)]).toEqual(['0%', '88%', '100%', '100%']);
  });
});
