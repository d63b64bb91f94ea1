/** N pairs playing full lifecycles; capacity by stepping N up. */
import { coresBusy, cpuTimes } from '../lib/cpu';
import type { Helper } from '../lib/ipc';
import { CFG, LIMITS, log, note, settle, startLoadgens, startServers, stopAll, T0 } from '../lib/run';
import type { ServerProc } from '../lib/server-proc';
import { mean, median, round, slope, summarize, type Summary } from '../lib/stats';

// ── game: N pairs playing full lifecycles; capacity by stepping N up ──

export interface GameRunResult {
  delivery: number[];
  deliveryByKind: Record<string, number[]>;
  verdict: number[];
  segments: number;
  declares: number;
  /** Sent after the warm-up, and the time from the warm-up's end to the run's (the server's CPU is read over the same). */
  measuredSegments: number;
  measuredMs: number;
  unmatched: number;
  rounds: number;
  pairRounds: number;
  unfinished: number;
  roundMs: number[];
  failures: string[];
  unexpected: number;
  unexpectedSamples: string[];
  errorCodes: Record<string, number>;
  pairs: number;
  elapsedMs: number;
  upBytes: number[];
  downBytes: number[];
  loadgen: { lagP99: number; lagMax: number; cpuShare: number; gcMaxMs: number; gcTotalMs: number; heapBytes: number };
}

export interface Step {
  pairs: number;
  /** Delivery latency by segment kind (flags, +data): where the tail comes from. */
  delivery_by_kind?: Record<string, Summary>;
  /** Which attempt this is (a step failed while other work kept the machine busy is measured again). */
  attempt: number;
  delivery: Summary;
  verdict: Summary;
  /** Server event-loop delay p99 / max, ms (the worst process). */
  lag_p99_ms: number | null;
  lag_max_ms: number | null;
  /** Server CPU as a share of one core (summed over processes). */
  server_cpu: number | null;
  /** Load generators: worst event-loop delay p99, ms, and CPU share summed. */
  loadgen_lag_p99_ms: number | null;
  loadgen_cpu: number | null;
  /** Longest garbage-collection pause in the window, ms: server (worst process) and load generators. */
  server_gc_max_ms: number | null;
  loadgen_gc_max_ms: number | null;
  /** Cores busy machine-wide during the window, and how much of that was not the bench (other work on the machine). */
  machine_cores_busy: number | null;
  other_cores_busy: number | null;
  /** After the window (rounds over, classes in their lobby), after a full GC. */
  rss_bytes: number;
  heap_bytes: number;
  /** Before the window, everyone seated, after a full GC. */
  rss_seated_bytes: number;
  heap_seated_bytes: number;
  pair_rounds: number;
  rounds: number;
  unfinished: number;
  unexpected_refusals: number;
  unmatched_deliveries: number;
  error_codes: Record<string, number>;
  segments_per_s: number | null;
  /** Server CPU time (all processes) per segment sent, ms, and segments per second one core of it would carry. */
  cpu_ms_per_segment: number | null;
  segments_per_s_per_core: number | null;
  intents_per_pair_round: number | null;
  round_ms: number | null;
  up_bytes: number | null;
  down_bytes: number | null;
  pass: boolean;
  pass_lag: boolean;
  failures?: string[];
}

/** About one lockstep round with its start and end (round_ms ≈ 2.25 s, then the end and the next start). */
const STAGGER_MS = 2500;

/** Event-loop delay from the probe's histogram (resolution 10 ms: the timer's own period is taken off). */
export const lagMs = (x: number) => Math.max(0, x - 10);

export interface GameSection {
  steps: Step[];
  capacity_pairs: number;
  capacity_pairs_lag_only: number;
  bytes_per_pair: number | null;
  heap_bytes_per_pair: number | null;
  replay_heap_bytes_per_pair_round: number | null;
  baseline_rss_bytes: number;
  game: Step | null;
}

export async function gameSection(processes: number, steps: number[]): Promise<GameSection> {
  const lgs = startLoadgens();
  const servers = await startServers(processes);
  const urls = servers.map((s) => s.url);
  const out: GameSection = { steps: [], capacity_pairs: 0, capacity_pairs_lag_only: 0, bytes_per_pair: null, heap_bytes_per_pair: null, replay_heap_bytes_per_pair_round: null, baseline_rss_bytes: 0, game: null };
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const base = await Promise.all(servers.map((s) => s.metrics({ gc: true, reset: true })));
    out.baseline_rss_bytes = servers.reduce((n, s) => n + s.rss(), 0);
    log(`game (${processes} process${processes > 1 ? 'es' : ''}): servers up, rss ${(out.baseline_rss_bytes / 2 ** 20).toFixed(0)} MB, heap ${(base.reduce((n, b) => n + b.heapUsed, 0) / 2 ** 20).toFixed(0)} MB`);
    let pairsNow = 0;
    let classNo = 0;
    let okSoFar = true;
    let lagOkSoFar = true;
    for (const target of steps) {
      if (Date.now() - T0 > CFG.budgetMs && out.game) {
        note(`${processes}p: stopped stepping before ${target} pairs (time budget)`);
        break;
      }
      // Add classes (each on one load generator) until `target` pairs are seated.
      const perLg: { pairs: number; createUrl: string; joinUrl: string; slot: number }[][] = lgs.map(() => []);
      while (pairsNow < target) {
        const pairs = Math.min(CFG.classPairs, target - pairsNow);
        const i = classNo++;
        perLg[i % lgs.length]?.push({ pairs, createUrl: urls[i % urls.length] as string, joinUrl: urls[(i + 1) % urls.length] as string, slot: i });
        pairsNow += pairs;
      }
      const tj = Date.now();
      await Promise.all(lgs.map((lg, i) => ((perLg[i]?.length ?? 0) > 0 ? lg.call('game.add', { classes: perLg[i] }, 300_000) : null)));
      log(`${processes}p ${target} pairs: seated in ${((Date.now() - tj) / 1000).toFixed(1)} s; playing ${CFG.durationMs / 1000} s`);
      if (out.steps.length === 0 && CFG.jitWarmMs > 0) {
        // The servers' code warmed up before anything is measured (CFG.jitWarmMs).
        await Promise.all(lgs.map((lg) => lg.call('game.run', { durationMs: CFG.jitWarmMs, warmupMs: 0, staggerMs: STAGGER_MS, slots: classNo }, CFG.jitWarmMs + 90_000)));
        log(`${processes}p: servers warmed up with ${CFG.jitWarmMs / 1000} s of play (not measured)`);
      }
      let step: Step | null = null;
      for (let attempt = 1; attempt <= CFG.attempts; attempt++) {
        step = await measureStep(processes, target, servers, lgs, classNo);
        step.attempt = attempt;
        // A step that failed while other work kept the machine busy says little about the server: again.
        // (Only the event-loop criterion: a delivery p99 over the limit with a quiet event loop is the server's own.)
        if (step.pass_lag || (step.other_cores_busy ?? 0) < 0.5 || attempt === CFG.attempts || Date.now() - T0 > CFG.budgetMs) break;
        note(`${processes}p ${target} pairs: event-loop delay over the limit while other work used ${step.other_cores_busy} cores; measuring again`);
      }
      if (!step) break;
      if (step.pass && okSoFar) out.capacity_pairs = target;
      else okSoFar = false;
      if (step.pass_lag && lagOkSoFar) out.capacity_pairs_lag_only = target;
      else lagOkSoFar = false;
      out.steps.push(step);
      if (target === CFG.gamePairs) out.game = step;
      // Past the lag limit (or rounds no longer finishing) there is nothing more to learn by adding pairs.
      if (!step.pass_lag && target >= CFG.gamePairs) break;
    }
    // Memory per pair: the slope of memory (everyone seated, after a full GC) over pairs, less what
    // the rounds played before had left behind (finished runners, SQLite's page cache).
    let replayHeap = 0;
    let replayRss = 0;
    const livePts: { x: number; y: number }[] = [];
    const liveRss: { x: number; y: number }[] = [];
    const perRound: number[] = [];
    for (const st of out.steps) {
      livePts.push({ x: st.pairs, y: st.heap_seated_bytes - replayHeap });
      liveRss.push({ x: st.pairs, y: st.rss_seated_bytes - replayRss });
      replayHeap += Math.max(0, st.heap_bytes - st.heap_seated_bytes);
      replayRss += Math.max(0, st.rss_bytes - st.rss_seated_bytes);
      if (st.pair_rounds > 0) perRound.push((st.heap_bytes - st.heap_seated_bytes) / st.pair_rounds);
    }
    out.bytes_per_pair = round(slope(liveRss), 0);
    out.heap_bytes_per_pair = round(slope(livePts), 0);
    out.replay_heap_bytes_per_pair_round = round(median(perRound), 0);
    await Promise.all(lgs.map((lg) => lg.call('game.clear', {}, 60_000).catch(() => undefined)));
  } finally {
    await stopAll(servers);
  }
  return out;
}

/**
 * Play `target` pairs (already seated, in `classes` classes) for the measured window, and read the
 * servers and load generators. The classes' first rounds are spread evenly over a round's length
 * across all load generators (each class plays in step within itself, the worst case, but classes
 * are independent of one another, as the relay's groups are).
 */
export async function measureStep(processes: number, target: number, servers: ServerProc[], lgs: Helper[], classes: number): Promise<Step> {
  // Memory with everyone seated, after a full GC (before the quiet wait, so the GC pause is not measured).
  const seated = await Promise.all(servers.map((s) => s.metrics({ gc: true })));
  const rssSeated = servers.reduce((n, s) => n + s.rss(), 0);
  await settle(`${processes}p ${target} pairs`);
  await Promise.all(servers.map((s) => s.metrics({ reset: true })));
  let cpuA = cpuTimes();
  // The servers' CPU, event-loop delay and collections are read from the end of the warm-up on, as
  // the deliveries and the segments are: the first seconds of a step still count the rounds' first
  // starts, and the first step of a run played code V8 had not optimized yet (CFG.jitWarmMs).
  let warmed: Promise<unknown> = Promise.resolve();
  const warmTimer = setTimeout(() => {
    cpuA = cpuTimes();
    warmed = Promise.all(servers.map((s) => s.metrics({ reset: true })));
  }, CFG.warmupMs);
  const runs = await Promise.all(lgs.map((lg) => lg.call<GameRunResult>('game.run', { durationMs: CFG.durationMs, warmupMs: CFG.warmupMs, staggerMs: STAGGER_MS, slots: classes }, CFG.durationMs + 90_000)));
  clearTimeout(warmTimer);
  await warmed;
  const during = await Promise.all(servers.map((s) => s.metrics({ reset: true })));
  const busy = coresBusy(cpuA, cpuTimes());
  const ours = during.reduce((n, m) => n + m.cpuShare, 0) + runs.reduce((n, r) => n + r.loadgen.cpuShare, 0);
  const after = await Promise.all(servers.map((s) => s.metrics({ gc: true, reset: true })));
  const delivery = runs.flatMap((r) => r.delivery);
  const verdict = runs.flatMap((r) => r.verdict);
  const rounds = runs.reduce((n, r) => n + r.rounds, 0);
  const segments = runs.reduce((n, r) => n + r.segments, 0);
  const intents = segments + runs.reduce((n, r) => n + r.declares, 0);
  const measured = runs.reduce((n, r) => n + r.measuredSegments, 0);
  const measuredMs = Math.max(...runs.map((r) => r.measuredMs));
  const pairRounds = runs.reduce((n, r) => n + r.pairRounds, 0);
  const lagP99 = Math.max(...during.map((m) => lagMs(m.lag.p99)));
  const d = summarize(delivery);
  const step: Step = {
    attempt: 1,
    pairs: target,
    delivery: d,
    verdict: summarize(verdict),
    lag_p99_ms: round(lagP99),
    lag_max_ms: round(Math.max(...during.map((m) => lagMs(m.lag.max)))),
    server_cpu: round(during.reduce((n, m) => n + m.cpuShare, 0)),
    loadgen_lag_p99_ms: round(Math.max(...runs.map((r) => lagMs(r.loadgen.lagP99)))),
    loadgen_cpu: round(runs.reduce((n, r) => n + r.loadgen.cpuShare, 0)),
    server_gc_max_ms: round(Math.max(...during.map((m) => m.gcMaxMs))),
    loadgen_gc_max_ms: round(Math.max(...runs.map((r) => r.loadgen.gcMaxMs))),
    machine_cores_busy: round(busy),
    other_cores_busy: round(Math.max(0, busy - ours)),
    rss_bytes: servers.reduce((n, s) => n + s.rss(), 0),
    heap_bytes: after.reduce((n, m) => n + m.heapUsed, 0),
    rss_seated_bytes: rssSeated,
    heap_seated_bytes: seated.reduce((n, m) => n + m.heapUsed, 0),
    pair_rounds: pairRounds,
    rounds,
    unfinished: runs.reduce((n, r) => n + r.unfinished, 0),
    unexpected_refusals: runs.reduce((n, r) => n + r.unexpected, 0),
    unmatched_deliveries: runs.reduce((n, r) => n + r.unmatched, 0),
    error_codes: mergeCounts(runs.map((r) => r.errorCodes)),
    segments_per_s: round(measured / (measuredMs / 1000), 1),
    cpu_ms_per_segment: measured > 0 ? round(during.reduce((n, m) => n + m.cpuMs, 0) / measured, 3) : null,
    segments_per_s_per_core: measured > 0 ? round(measured / (during.reduce((n, m) => n + m.cpuMs, 0) / 1000), 0) : null,
    intents_per_pair_round: pairRounds > 0 ? round(intents / pairRounds, 2) : null,
    round_ms: round(median(runs.flatMap((r) => r.roundMs)), 0),
    up_bytes: round(mean(runs.flatMap((r) => r.upBytes)), 1),
    down_bytes: round(mean(runs.flatMap((r) => r.downBytes)), 1),
    pass: false,
    pass_lag: false,
  };
  const kinds: Record<string, number[]> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.deliveryByKind)) (kinds[k] ??= []).push(...v);
  step.delivery_by_kind = Object.fromEntries(Object.entries(kinds).sort().map(([k, v]) => [k, summarize(v)]));
  const failures = [...runs.flatMap((r) => r.failures), ...runs.flatMap((r) => r.unexpectedSamples.map((u) => `unexpected refusal ${u}`))];
  if (failures.length) step.failures = failures.slice(0, 5);
  const played = step.unfinished === 0 && rounds > 0 && delivery.length > 0;
  step.pass_lag = played && lagP99 < LIMITS.lagP99Ms;
  step.pass = step.pass_lag && (d.p99 ?? Infinity) < LIMITS.deliveryP99Ms;
  log(`${processes}p ${target} pairs: delivery p50 ${step.delivery.p50} / p99 ${step.delivery.p99} ms (n ${step.delivery.n}), verdict p99 ${step.verdict.p99} ms, lag p99 ${step.lag_p99_ms} ms, server cpu ${step.server_cpu} (${step.cpu_ms_per_segment} ms per segment, ${step.segments_per_s_per_core} segments/s per core, ${step.segments_per_s} segments/s), loadgen lag p99 ${step.loadgen_lag_p99_ms} ms cpu ${step.loadgen_cpu}, gc max server ${step.server_gc_max_ms} / loadgen ${step.loadgen_gc_max_ms} ms, other work on the machine ${step.other_cores_busy} cores, rss ${(step.rss_bytes / 2 ** 20).toFixed(0)} MB, rounds ${step.rounds} (${step.unfinished} unfinished) → ${step.pass ? 'pass' : step.pass_lag ? 'latency over' : 'FAIL'}`);
  return step;
}

export function mergeCounts(xs: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) for (const [k, v] of Object.entries(x)) out[k] = (out[k] ?? 0) + v;
  return out;
}
