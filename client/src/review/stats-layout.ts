/**
 * Pure geometry and ordering for the statistics section: horizontal bar charts (longest bar = the
 * largest value, or a fixed maximum such as 1 for shares) and the sortable students table.
 */
export interface BarInput {
  key: string;
  value: number;
}

export interface Bar extends BarInput {
  y: number;
  /** Bar length in px (at least 2 for a non-zero value, so it stays visible). */
  w: number;
}

export interface BarChartGeometry {
  /** Space for the bar at its largest. */
  barMax: number;
  rowH: number;
  top: number;
  /** Scale maximum; default: the largest value. */
  max?: number;
}

export function barLayout(items: readonly BarInput[], g: BarChartGeometry): { bars: Bar[]; height: number } {
  const max = g.max ?? Math.max(0, ...items.map((i) => i.value));
  const bars = items.map((it, i) => {
    const raw = max > 0 ? (Math.max(0, it.value) / max) * g.barMax : 0;
    return { ...it, y: g.top + i * g.rowH, w: it.value > 0 ? Math.max(2, Math.min(g.barMax, raw)) : 0 };
  });
  return { bars, height: g.top + items.length * g.rowH };
}

export interface StudentStat {
  nickname: string;
  score: number;
  correct: number;
  total: number;
  accuracy: number;
  mistakes: number;
}

export type StudentColumn = 'nickname' | 'score' | 'accuracy' | 'answers' | 'mistakes';
export type SortDir = 'asc' | 'desc';

/** The natural first direction of a column: names A→Z, numbers largest first. */
export function defaultDir(col: StudentColumn): SortDir {
  return col === 'nickname' ? 'asc' : 'desc';
}

/** Students sorted by a column; ties broken by nickname, so the order is stable and total. */
export function sortStudents<T extends StudentStat>(rows: readonly T[], col: StudentColumn, dir: SortDir): T[] {
  const byName = (a: T, b: T) => a.nickname.localeCompare(b.nickname, undefined, { numeric: true, sensitivity: 'base' }) || (a.nickname < b.nickname ? -1 : a.nickname > b.nickname ? 1 : 0);
  const value = (r: T): number => (col === 'score' ? r.score : col === 'accuracy' ? r.accuracy : col === 'answers' ? r.correct : col === 'mistakes' ? r.mistakes : 0);
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (col === 'nickname') return sign * byName(a, b);
    const d = value(a) - value(b);
    if (d !== 0) return sign * d;
    if (col === 'answers' && a.total !== b.total) return sign * (a.total - b.total);
    return byName(a, b);
  });
}

/** Clicking a heading: the same column flips its direction; another column starts in its natural one. */
export function nextSort(current: { col: StudentColumn; dir: SortDir }, col: StudentColumn): { col: StudentColumn; dir: SortDir } {
  if (current.col === col) return { col, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { col, dir: defaultDir(col) };
}

/** `87 %`-style percentage of a share in [0, 1]. */
export function percent(share: number): string {
  return `${Math.round(Math.max(0, Math.min(1, share)) * 100)}%`;
}
