import { writeFileSync } from 'node:fs';

/**
 * A timeline of event-loop stalls, for finding what a latency tail waited behind (`BENCH_TIMELINE`):
 * a 5 ms interval timer notes every turn it came late by `thresholdMs` or more, with the wall clock
 * (Date.now(), one clock for every process of the machine), so the server's stalls, the load
 * generators' stalls and the slow answers they measured can be laid side by side.
 */
export interface Stall {
  at: number;
  ms: number;
}

export function watchStalls(thresholdMs = 15, max = 5000): { take(): Stall[] } {
  let list: Stall[] = [];
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    const late = now - last - 5;
    last = now;
    if (late >= thresholdMs && list.length < max) list.push({ at: now - late, ms: late });
  }, 5);
  timer.unref();
  return {
    take: () => {
      const out = list;
      list = [];
      return out;
    },
  };
}

/** On only when the bench was asked for a timeline (the 5 ms timer is not free). */
export const TIMELINE = Boolean(process.env.BENCH_TIMELINE);

/** With BENCH_TIMELINE=<prefix>: one step's timeline written to `<prefix>.<name>.json`; the file, or null. */
export function writeTimeline(name: string, data: unknown): string | null {
  if (!TIMELINE) return null;
  const file = `${process.env.BENCH_TIMELINE}.${name}.json`;
  writeFileSync(file, JSON.stringify(data));
  return file;
}
