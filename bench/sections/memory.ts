/** Memory per pair: a fresh server, classes seated step by step, then one round for all. */
import { CFG, log, startLoadgens, startServers, stopAll } from '../lib/run';
import type { ServerProc } from '../lib/server-proc';
import { round, slope } from '../lib/stats';

// ── memory per pair ──

export interface MemorySection {
  points: { pairs: number; rss_bytes: number; heap_bytes: number }[];
  in_round: { pairs: number; rss_bytes: number; heap_bytes: number } | null;
  /** (RSS with N pairs all in a round − RSS of the empty server) / N. */
  bytes_per_pair: number | null;
  heap_bytes_per_pair: number | null;
  /** Slopes over the seated points (no round running). */
  seated_bytes_per_pair: number | null;
  seated_heap_bytes_per_pair: number | null;
}

/**
 * A fresh server: seat classes step by step without playing (RSS and heap after a full GC at each
 * step), then let every pair play one round and read memory again while the rounds are in progress
 * (in TIME_WAIT). Nothing is measured after many rounds, so what past rounds leave adds little.
 */
export async function memorySection(steps: number[]): Promise<MemorySection> {
  const lgs = startLoadgens();
  const servers = await startServers(1);
  const srv = servers[0] as ServerProc;
  const out: MemorySection = { points: [], in_round: null, bytes_per_pair: null, heap_bytes_per_pair: null, seated_bytes_per_pair: null, seated_heap_bytes_per_pair: null };
  try {
    await new Promise((r) => setTimeout(r, 1000));
    let pairsNow = 0;
    let classNo = 0;
    for (const target of [0, ...steps]) {
      const perLg: { pairs: number; createUrl: string; joinUrl: string }[][] = lgs.map(() => []);
      while (pairsNow < target) {
        const pairs = Math.min(CFG.classPairs, target - pairsNow);
        perLg[classNo++ % lgs.length]?.push({ pairs, createUrl: srv.url, joinUrl: srv.url });
        pairsNow += pairs;
      }
      await Promise.all(lgs.map((lg, i) => ((perLg[i]?.length ?? 0) > 0 ? lg.call('game.add', { classes: perLg[i] }, 300_000) : null)));
      await new Promise((r) => setTimeout(r, 500));
      const m = await srv.metrics({ gc: true, reset: true });
      out.points.push({ pairs: target, rss_bytes: srv.rss(), heap_bytes: m.heapUsed });
    }
    // One round for everyone; memory read while the rounds are in TIME_WAIT.
    const run = Promise.all(lgs.map((lg) => lg.call('game.run', { durationMs: 300, warmupMs: 0, staggerMs: 0 }, 90_000)));
    await new Promise((r) => setTimeout(r, 1500));
    const m = await srv.metrics({ gc: true, reset: true });
    out.in_round = { pairs: pairsNow, rss_bytes: srv.rss(), heap_bytes: m.heapUsed };
    await run;
    const seated = slope(out.points.map((p) => ({ x: p.pairs, y: p.rss_bytes })));
    const seatedHeap = slope(out.points.map((p) => ({ x: p.pairs, y: p.heap_bytes })));
    const zero = out.points[0];
    if (zero && pairsNow > 0) {
      // RSS grows in steps (heap pages, allocator arenas), so the headline figure is the whole
      // growth from an empty server to N pairs all in a round, divided by N; slopes are kept too.
      out.seated_bytes_per_pair = round(seated, 0);
      out.seated_heap_bytes_per_pair = round(seatedHeap, 0);
      out.bytes_per_pair = round((out.in_round.rss_bytes - zero.rss_bytes) / pairsNow, 0);
      out.heap_bytes_per_pair = round((out.in_round.heap_bytes - zero.heap_bytes) / pairsNow, 0);
    }
    log(`memory: ${out.points.map((p) => `${p.pairs} pairs ${(p.rss_bytes / 2 ** 20).toFixed(1)} MB`).join(', ')}; in a round ${(out.in_round.rss_bytes / 2 ** 20).toFixed(1)} MB → ${out.bytes_per_pair} B RSS (${out.heap_bytes_per_pair} B heap) per pair`);
    await Promise.all(lgs.map((lg) => lg.call('game.clear', {}, 60_000).catch(() => undefined)));
  } finally {
    await stopAll(servers);
  }
  return out;
}
