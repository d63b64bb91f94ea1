/** What every role of a load generator shares: its own event-loop, CPU and GC figures, and a bounded worker pool. */
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { TIMELINE, watchStalls, type Stall } from './stalls';

const stalls = TIMELINE ? watchStalls() : null;

const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
let cpu0 = process.cpuUsage();
let t0 = performance.now();
let gcMax = 0;
let gcTotal = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMax = Math.max(gcMax, e.duration);
    gcTotal += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

export function loadgenReport(reset: boolean): { lagP99: number; lagMax: number; cpuShare: number; gcMaxMs: number; gcTotalMs: number; heapBytes: number; stalls?: Stall[] } {
  const cpu = process.cpuUsage(cpu0);
  const now = performance.now();
  const r = { lagP99: lag.percentile(99) / 1e6, lagMax: lag.max / 1e6, cpuShare: (cpu.user + cpu.system) / 1000 / Math.max(1, now - t0), gcMaxMs: gcMax, gcTotalMs: gcTotal, heapBytes: process.memoryUsage().heapUsed, ...(stalls && reset ? { stalls: stalls.take() } : {}) };
  if (reset) {
    lag.reset();
    cpu0 = process.cpuUsage();
    t0 = now;
    gcMax = 0;
    gcTotal = 0;
  }
  return r;
}


export async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
