/** Join storm: 60 students joining one class within one second. */
import { LIMITS, log, settle, startLoadgens, startServers, stopAll } from '../lib/run';
import { median, quantile, round } from '../lib/stats';

// ── join storm ──

export interface StormRun {
  seated: number;
  p50: number | null;
  p99: number | null;
  /** First join started → last student seated, ms. */
  all_seated_ms: number | null;
  failures: string[];
}
export interface StormSection {
  runs: StormRun[];
  join_storm_p50_ms: number | null;
  join_storm_p99_ms: number | null;
  join_storm_seated: number;
  join_storm_all_seated_ms: number | null;
}

export async function stormSection(processes: number, runs: number): Promise<StormSection> {
  const lgs = startLoadgens();
  const servers = await startServers(processes);
  const urls = servers.map((s) => s.url);
  const out: StormRun[] = [];
  try {
    await new Promise((r) => setTimeout(r, 500));
    for (let k = 0; k < runs; k++) {
      const { code } = await lgs[0]!.call<{ code: string }>('storm.create', { url: urls[0] }, 30_000);
      await settle(`storm ${processes}p`);
      const total = LIMITS.stormStudents;
      const startAt = Date.now() + 300;
      // Students split over the load generators; with two processes they join through the other one.
      const results = (await Promise.all(lgs.map((lg, i) => lg.call<{ results: { i: number; ok: boolean; ms: number; startedAt: number; seatedAt: number; error?: string }[] }>('storm.join', {
        url: urls[(i + 1) % urls.length], code, total, spreadMs: 1000, startAt, prefix: `st${k + 1}-`,
        indices: Array.from({ length: total }, (_, j) => j).filter((j) => j % lgs.length === i),
      }, 60_000)))).flatMap((r) => r.results);
      await new Promise((r) => setTimeout(r, 300));
      const seen = await lgs[0]!.call<{ players: number; connected: number }>('storm.seated', {}, 10_000);
      const ok = results.filter((r) => r.ok);
      const ms = ok.map((r) => r.ms);
      const run: StormRun = {
        seated: Math.min(ok.length, seen.connected),
        p50: round(quantile(ms, 0.5)),
        p99: round(quantile(ms, 0.99)),
        all_seated_ms: ok.length ? round(Math.max(...ok.map((r) => r.seatedAt)) - Math.min(...results.map((r) => r.startedAt)), 0) : null,
        failures: results.filter((r) => !r.ok).map((r) => r.error ?? '?').slice(0, 3),
      };
      out.push(run);
      log(`storm ${processes}p run ${k + 1}: ${run.seated}/${total} seated (host sees ${seen.connected}), time-to-seat p50 ${run.p50} / p99 ${run.p99} ms, all seated ${run.all_seated_ms} ms after the first join`);
      await Promise.all(lgs.map((lg) => lg.call('storm.clear', {}, 30_000)));
    }
  } finally {
    await stopAll(servers);
  }
  const med = (f: (r: StormRun) => number | null) => {
    const xs = out.map(f).filter((x): x is number => x !== null);
    return xs.length ? round(median(xs)) : null;
  };
  return {
    runs: out,
    join_storm_p50_ms: med((r) => r.p50),
    join_storm_p99_ms: med((r) => r.p99),
    join_storm_seated: out.length ? Math.min(...out.map((r) => r.seated)) : 0,
    join_storm_all_seated_ms: med((r) => r.all_seated_ms),
  };
}
