import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';

/** Machine-wide CPU time from /proc/stat: busy and total jiffies over all cores. */
export function cpuTimes(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

/** Cores busy (0..ncpu) between two readings. */
export function coresBusy(a: { busy: number; total: number }, b: { busy: number; total: number }): number {
  const dt = b.total - a.total;
  return dt > 0 ? ((b.busy - a.busy) / dt) * os.cpus().length : Number.NaN;
}

/**
 * Wait (at most `maxMs`) until the machine is quiet: fewer than `cores` cores busy over a 2 s
 * window. This machine is shared, and other work on it skews every figure. Resolves with how
 * long it waited and how busy the last window was.
 */
export async function waitQuiet(maxMs: number, cores = 0.5): Promise<{ waitedMs: number; coresBusy: number }> {
  const t0 = Date.now();
  let busy = Number.NaN;
  for (let i = 0; i < 1000; i++) {
    const a = cpuTimes();
    await new Promise((r) => setTimeout(r, 2000));
    busy = coresBusy(a, cpuTimes());
    if (!(busy >= cores) || Date.now() - t0 + 2000 > maxMs) break;
  }
  return { waitedMs: Date.now() - t0, coresBusy: busy };
}

/** Whether processes can be pinned to CPUs here (util-linux taskset, two CPUs or more). */
export function canPin(): boolean {
  return os.cpus().length >= 2 && spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** Pin every thread of process `pid` to the CPUs in `list` (taskset syntax, e.g. "0" or "1-3"). */
export function pin(pid: number, list: string): boolean {
  return spawnSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'ignore' }).status === 0;
}
