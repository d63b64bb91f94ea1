/**
 * `npm run bench [-- --quick] [-- --json]`: load, latency, capacity, join storm, client size and
 * engine benchmarks (issue 6). Not part of `npm test`. Method and figures: BENCHMARKS.md.
 *
 * Processes: this orchestrator; the game server(s) as production runs them (`server/index.ts`,
 * with a probe preloaded for event-loop delay); the raw `ws` relay (the reference); load
 * generators (bench/lib/loadgen.ts) holding real colyseus.js bot students; headless Chromium.
 * Everything listens on 127.0.0.1 only; every loop is bounded in count and time.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { canPin, coresBusy, cpuTimes, pin, waitQuiet } from './lib/cpu';
import { buildClient, clientSizes, pageTiming, type ClientSizes, type PageTiming } from './lib/client';
import { Helper, ROOT } from './lib/ipc';
import { hasRedisServer, pingRedis, startPrivateRedis, type PrivateRedis } from './lib/redis';
import { freePort, ServerProc } from './lib/server-proc';
import { mean, median, quantile, round, slope, summarize, type Summary } from './lib/stats';

const USAGE = `usage: npm run bench -- [--quick] [--json] [options]
  --quick              a short run (about 2-3 minutes): fewer steps, shorter windows, one repeat
  --json               print one JSON object on stdout (progress goes to stderr)
  --processes LIST     server process counts to measure, e.g. 1 or 1,2 (default 1,2; 2 needs redis-server or REDIS_URL)
  --steps LIST         capacity steps in pairs (default quick 50,100,200,300; full 50,100,150,200,250,300,400,
                       500,600,800, and with two processes 100,250,500,800)
  --duration S         seconds of play measured per step (default quick 8, full 20)
  --loadgens N         load generator processes (default 2)
  --class-pairs N      pairs per class (default 30: a class of 60 students)
  --only LIST          sections: engine,client,relay,game,storm (default all)
  --no-build           measure client/dist as it is instead of running npm run build first
  --server-root DIR    run server/index.ts from another checkout (to measure a proposed server change)
  --wait-quiet S       before each measured window, wait up to S seconds for other work on the machine
                       to settle (default quick 6, full 60; 0 to never wait)
  --attempts N         measure a failed capacity step again (up to N times in all) when other work
                       was busy on the machine (default quick 1, full 3)
  --no-pin             do not pin processes to CPUs (by default, with one server process, the server
                       and the relay run on CPU 0 and the load generators on the other CPUs; with two,
                       server i runs on CPU i-1 and the load generators anywhere)
  --quiet              no progress lines on stderr`;

const { values: opt } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
    processes: { type: 'string' },
    steps: { type: 'string' },
    duration: { type: 'string' },
    loadgens: { type: 'string' },
    'class-pairs': { type: 'string' },
    only: { type: 'string' },
    'no-build': { type: 'boolean' },
    'server-root': { type: 'string' },
    quiet: { type: 'boolean' },
    'wait-quiet': { type: 'string' },
    'no-pin': { type: 'boolean' },
    attempts: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (opt.help) {
  console.log(USAGE);
  process.exit(0);
}

const QUICK = opt.quick === true;
const list = (s: string | undefined, dflt: number[]) => (s ? s.split(',').map((x) => Number(x.trim())).filter((x) => Number.isInteger(x) && x > 0) : dflt);
const CFG = {
  steps: list(opt.steps, QUICK ? [50, 100, 200, 300] : [50, 100, 150, 200, 250, 300, 400, 500, 600, 800]),
  /** The step whose figures are "the game at 100 pairs" (always measured). */
  gamePairs: 100,
  durationMs: 1000 * Number(opt.duration ?? (QUICK ? 8 : 20)),
  warmupMs: QUICK ? 2000 : 3000,
  loadgens: Math.min(8, Math.max(1, Number(opt.loadgens ?? 2))),
  classPairs: Math.min(124, Math.max(1, Number(opt['class-pairs'] ?? 30))),
  processes: list(opt.processes, [1, 2]).filter((p) => p === 1 || p === 2),
  stormRuns: QUICK ? 1 : 3,
  /** Seated pairs at which memory is read (fresh server, no play). */
  memorySteps: QUICK ? [100, 200] : [100, 200, 300, 400],
  /** Attempts per capacity step when a failure coincides with other work on the machine. */
  attempts: Math.min(5, Math.max(1, Number(opt.attempts ?? (QUICK ? 1 : 3)))),
  pageRuns: QUICK ? 2 : 5,
  engineRuns: QUICK ? 10 : 30,
  /** Steps with two processes: --quick measures 100 pairs only. */
  scaleSteps: opt.steps ? null : QUICK ? [100] : [100, 250, 500, 800],
  /** Stop stepping up once the run has used this long (the rest is reported as not measured). */
  budgetMs: (QUICK ? 150 : 780) * 1000,
  sections: new Set((opt.only ?? 'engine,client,relay,game,storm').split(',').map((s) => s.trim())),
  build: opt['no-build'] !== true,
  pin: opt['no-pin'] !== true && canPin(),
  waitQuietMs: 1000 * Number(opt['wait-quiet'] ?? (QUICK ? 6 : 60)),
  /** All waits for quiet together stop after this long. */
  waitQuietTotalMs: (QUICK ? 20 : 180) * 1000,
  serverRoot: opt['server-root'],
};
if (!CFG.steps.includes(CFG.gamePairs)) CFG.steps = [...CFG.steps, CFG.gamePairs].sort((a, b) => a - b);

/** The targets of issue 6 and the capacity criteria. */
const LIMITS = { deliveryP99Ms: 50, lagP99Ms: 20, relayMarginMs: 5, capacityPairs: 250, stormMs: 3000, stormStudents: 60, initialJsBytes: 400 * 1024, checkTraceMs: 100 };

const T0 = Date.now();
const log = (line: string) => {
  if (!opt.quiet) process.stderr.write(`[bench +${((Date.now() - T0) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);
};
const quietLog = (line: string) => {
  if (/error|Error|warn|fail/i.test(line) && !/npm warn Unknown user config/.test(line)) log(line);
};
const notes: string[] = [];

/** Other work on this (shared) machine skews the figures: wait a little for it, and say so. */
let waitedTotal = 0;
async function settle(what: string): Promise<void> {
  const budget = Math.min(CFG.waitQuietMs, CFG.waitQuietTotalMs - waitedTotal);
  if (budget <= 0) return;
  const q = await waitQuiet(budget);
  waitedTotal += q.waitedMs;
  if (q.coresBusy >= 0.5) note(`${what}: the machine was busy with other work (${q.coresBusy.toFixed(2)} cores) when measuring began, after waiting ${(q.waitedMs / 1000).toFixed(0)} s`);
  else if (q.waitedMs > 2500) log(`${what}: waited ${(q.waitedMs / 1000).toFixed(0)} s for the machine to be quiet`);
}
const note = (s: string) => {
  notes.push(s);
  log(`note: ${s}`);
};

// ── engine ──

async function engineBench(): Promise<{ check_trace_10k_ms: number | null; detail?: unknown }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/engine.ts', '--json', '--runs', String(CFG.engineRuns)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => proc.pid && process.kill(proc.pid, 'SIGKILL'), 120_000);
    proc.on('exit', () => {
      clearTimeout(timer);
      const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      try {
        const r = JSON.parse(line ?? '') as { check_trace_10k_ms: number };
        resolve({ check_trace_10k_ms: r.check_trace_10k_ms, detail: r });
      } catch {
        note(`engine bench failed: ${out.slice(-500)}`);
        resolve({ check_trace_10k_ms: null });
      }
    });
  });
}

// ── servers and load generators ──

let redis: PrivateRedis | null = null;
let redisUrl: string | null = null;

async function ensureRedis(): Promise<string | null> {
  if (redisUrl) return redisUrl;
  if (hasRedisServer()) {
    redis = await startPrivateRedis();
    redisUrl = redis.url;
    log(`redis: a private redis-server on ${redisUrl}`);
  } else if (process.env.REDIS_URL && (await pingRedis(process.env.REDIS_URL))) {
    redisUrl = process.env.REDIS_URL;
    log(`redis: REDIS_URL ${redisUrl}`);
  }
  return redisUrl;
}

const NCPU = os.cpus().length;
/** CPU lists for pinning: the server's own CPU(s), and the rest for the load generators. */
const SERVER_CPU = '0';
const LOADGEN_CPUS = NCPU > 2 ? `1-${NCPU - 1}` : '1';

async function startServers(processes: number): Promise<ServerProc[]> {
  const root = CFG.serverRoot ? { root: CFG.serverRoot } : {};
  let servers: ServerProc[];
  if (processes === 1) {
    servers = [await ServerProc.startGame({ ...root, log: quietLog, name: 'server' })];
  } else {
    const url = await ensureRedis();
    if (!url) throw new Error('two processes need Redis: install redis-server or set REDIS_URL');
    const ports = [await freePort(), await freePort()];
    servers = await Promise.all(ports.map((port, i) => ServerProc.startGame({ ...root, port, redisUrl: url, publicAddress: `127.0.0.1:${port}`, log: quietLog, name: `server${i + 1}` })));
  }
  pinFor(processes, servers);
  for (const s of servers) live.add(s);
  return servers;
}

/** Every server process started and not yet stopped (stopped on the way out, whatever happens). */
const live = new Set<ServerProc>();

/** One server: it alone on CPU 0, load generators on the others. Two: one server per CPU, load generators free. */
function pinFor(processes: number, servers: ServerProc[]): void {
  if (!CFG.pin) return;
  if (processes === 1) {
    for (const s of servers) pin(s.pid, SERVER_CPU);
    for (const lg of loadgens) if (lg.proc.pid) pin(lg.proc.pid, LOADGEN_CPUS);
  } else {
    servers.forEach((s, i) => pin(s.pid, String(i % NCPU)));
    for (const lg of loadgens) if (lg.proc.pid) pin(lg.proc.pid, `0-${NCPU - 1}`);
  }
}

async function stopAll(servers: ServerProc[]): Promise<void> {
  await Promise.all(servers.map((s) => s.stop()));
  for (const s of servers) live.delete(s);
}

let loadgens: Helper[] = [];
function startLoadgens(): Helper[] {
  if (loadgens.length === 0) loadgens = Array.from({ length: CFG.loadgens }, (_, i) => Helper.start(`loadgen${i + 1}`, './loadgen.ts', {}, quietLog));
  return loadgens;
}

// ── game: N pairs playing full lifecycles; capacity by stepping N up ──

interface GameRunResult {
  delivery: number[];
  deliveryByKind: Record<string, number[]>;
  verdict: number[];
  segments: number;
  declares: number;
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
  intents_per_pair_round: number | null;
  round_ms: number | null;
  up_bytes: number | null;
  down_bytes: number | null;
  pass: boolean;
  pass_lag: boolean;
  failures?: string[];
}

/** Event-loop delay from the probe's histogram (resolution 10 ms: the timer's own period is taken off). */
const lagMs = (x: number) => Math.max(0, x - 10);

interface GameSection {
  steps: Step[];
  capacity_pairs: number;
  capacity_pairs_lag_only: number;
  bytes_per_pair: number | null;
  heap_bytes_per_pair: number | null;
  replay_heap_bytes_per_pair_round: number | null;
  baseline_rss_bytes: number;
  game: Step | null;
}

async function gameSection(processes: number, steps: number[]): Promise<GameSection> {
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
      const perLg: { pairs: number; createUrl: string; joinUrl: string }[][] = lgs.map(() => []);
      while (pairsNow < target) {
        const pairs = Math.min(CFG.classPairs, target - pairsNow);
        const i = classNo++;
        perLg[i % lgs.length]?.push({ pairs, createUrl: urls[i % urls.length] as string, joinUrl: urls[(i + 1) % urls.length] as string });
        pairsNow += pairs;
      }
      const tj = Date.now();
      await Promise.all(lgs.map((lg, i) => ((perLg[i]?.length ?? 0) > 0 ? lg.call('game.add', { classes: perLg[i] }, 300_000) : null)));
      log(`${processes}p ${target} pairs: seated in ${((Date.now() - tj) / 1000).toFixed(1)} s; playing ${CFG.durationMs / 1000} s`);
      let step: Step | null = null;
      for (let attempt = 1; attempt <= CFG.attempts; attempt++) {
        step = await measureStep(processes, target, servers, lgs);
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

/** Play `target` pairs (already seated) for the measured window, and read the servers and load generators. */
async function measureStep(processes: number, target: number, servers: ServerProc[], lgs: Helper[]): Promise<Step> {
  // Memory with everyone seated, after a full GC (before the quiet wait, so the GC pause is not measured).
  const seated = await Promise.all(servers.map((s) => s.metrics({ gc: true })));
  const rssSeated = servers.reduce((n, s) => n + s.rss(), 0);
  await settle(`${processes}p ${target} pairs`);
  await Promise.all(servers.map((s) => s.metrics({ reset: true })));
  const cpuA = cpuTimes();
  const runs = await Promise.all(lgs.map((lg) => lg.call<GameRunResult>('game.run', { durationMs: CFG.durationMs, warmupMs: CFG.warmupMs, staggerMs: 2500 }, CFG.durationMs + 90_000)));
  const during = await Promise.all(servers.map((s) => s.metrics({ reset: true })));
  const busy = coresBusy(cpuA, cpuTimes());
  const ours = during.reduce((n, m) => n + m.cpuShare, 0) + runs.reduce((n, r) => n + r.loadgen.cpuShare, 0);
  const after = await Promise.all(servers.map((s) => s.metrics({ gc: true, reset: true })));
  const delivery = runs.flatMap((r) => r.delivery);
  const verdict = runs.flatMap((r) => r.verdict);
  const rounds = runs.reduce((n, r) => n + r.rounds, 0);
  const segments = runs.reduce((n, r) => n + r.segments, 0);
  const intents = segments + runs.reduce((n, r) => n + r.declares, 0);
  const elapsed = Math.max(...runs.map((r) => r.elapsedMs));
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
    segments_per_s: round(segments / (elapsed / 1000), 1),
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
  log(`${processes}p ${target} pairs: delivery p50 ${step.delivery.p50} / p99 ${step.delivery.p99} ms (n ${step.delivery.n}), verdict p99 ${step.verdict.p99} ms, lag p99 ${step.lag_p99_ms} ms, server cpu ${step.server_cpu}, loadgen lag p99 ${step.loadgen_lag_p99_ms} ms cpu ${step.loadgen_cpu}, gc max server ${step.server_gc_max_ms} / loadgen ${step.loadgen_gc_max_ms} ms, other work on the machine ${step.other_cores_busy} cores, rss ${(step.rss_bytes / 2 ** 20).toFixed(0)} MB, rounds ${step.rounds} (${step.unfinished} unfinished) → ${step.pass ? 'pass' : step.pass_lag ? 'latency over' : 'FAIL'}`);
  return step;
}

function mergeCounts(xs: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) for (const [k, v] of Object.entries(x)) out[k] = (out[k] ?? 0) + v;
  return out;
}

// ── memory per pair ──

interface MemorySection {
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
async function memorySection(steps: number[]): Promise<MemorySection> {
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

// ── the raw ws relay reference ──

interface RelaySection {
  pairs: number;
  delivery: Summary;
  other_cores_busy: number | null;
  lag_p99_ms: number | null;
  server_cpu: number | null;
  loadgen_lag_p99_ms: number | null;
  up_bytes: number;
  down_bytes: number;
  chain: number;
  round_ms: number;
}

async function relaySection(pairs: number, like: Step | null): Promise<RelaySection> {
  // The same traffic as the game's pairs: message sizes, messages per pair per round, round length.
  const up = Math.round(like?.up_bytes ?? 69);
  const down = Math.round(like?.down_bytes ?? 97);
  const chain = Math.max(2, Math.round(like?.intents_per_pair_round ?? 10));
  const roundMs = Math.round(like?.round_ms ?? 2600);
  const lgs = startLoadgens();
  const relay = await ServerProc.startRelay({ log: quietLog });
  live.add(relay);
  pinFor(1, [relay]);
  try {
    const share = lgs.map((_, i) => Math.floor(pairs / lgs.length) + (i < pairs % lgs.length ? 1 : 0));
    await Promise.all(lgs.map((lg, i) => lg.call('relay.setup', { url: relay.url, pairs: share[i], downBytes: down, tag: `lg${i}` }, 120_000)));
    await settle('relay');
    await relay.metrics({ reset: true });
    const cpuA = cpuTimes();
    log(`relay: ${pairs} pairs in groups of ${CFG.classPairs} starting together, ${chain} messages per pair and round every ${roundMs} ms, ${up} B up / ${down} B down; playing ${CFG.durationMs / 1000} s`);
    const runs = await Promise.all(lgs.map((lg) => lg.call<{ delivery: number[]; loadgen: { lagP99: number; cpuShare: number } }>('relay.run', { durationMs: CFG.durationMs, warmupMs: CFG.warmupMs, upBytes: up, chain, roundMs, groupSize: CFG.classPairs }, CFG.durationMs + 60_000)));
    const m = await relay.metrics({ reset: true });
    const busy = coresBusy(cpuA, cpuTimes());
    const ours = m.cpuShare + runs.reduce((n, r) => n + r.loadgen.cpuShare, 0);
    const d = summarize(runs.flatMap((r) => r.delivery));
    log(`relay: delivery p50 ${d.p50} / p99 ${d.p99} ms (n ${d.n}), relay lag p99 ${round(lagMs(m.lag.p99))} ms`);
    await Promise.all(lgs.map((lg) => lg.call('relay.clear', {}, 30_000)));
    return {
      pairs,
      delivery: d,
      other_cores_busy: round(Math.max(0, busy - ours)),
      lag_p99_ms: round(lagMs(m.lag.p99)),
      server_cpu: round(m.cpuShare),
      loadgen_lag_p99_ms: round(Math.max(...runs.map((r) => lagMs(r.loadgen.lagP99)))),
      up_bytes: up,
      down_bytes: down,
      chain,
      round_ms: roundMs,
    };
  } finally {
    await stopAll([relay]);
  }
}

// ── join storm ──

interface StormRun {
  seated: number;
  p50: number | null;
  p99: number | null;
  /** First join started → last student seated, ms. */
  all_seated_ms: number | null;
  failures: string[];
}
interface StormSection {
  runs: StormRun[];
  join_storm_p50_ms: number | null;
  join_storm_p99_ms: number | null;
  join_storm_seated: number;
  join_storm_all_seated_ms: number | null;
}

async function stormSection(processes: number, runs: number): Promise<StormSection> {
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

// ── client ──

async function clientSection(): Promise<{ sizes: ClientSizes | { error: string }; page: PageTiming | null; build: { ok: boolean; ms: number } | null }> {
  let build: { ok: boolean; ms: number } | null = null;
  if (CFG.build) {
    log('client: npm run build');
    const b = await buildClient(log);
    build = { ok: b.ok, ms: b.ms };
    if (!b.ok) note(`client build failed, measuring client/dist as it was: ${b.output.split('\n').slice(-5).join(' | ')}`);
  }
  const sizes = clientSizes();
  if ('error' in sizes) {
    note(`client: ${sizes.error}`);
    return { sizes, page: null, build };
  }
  log(`client: initial JS ${(sizes.initial_js_gzip_bytes_excl_phaser / 1024).toFixed(1)} KB gzip apart from Phaser (${sizes.initial_files.join(', ')}), Phaser ${(((sizes.phaser_gzip_bytes ?? 0) as number) / 1024).toFixed(1)} KB`);
  const lgs = startLoadgens();
  const servers = await startServers(1);
  try {
    const { code } = await lgs[0]!.call<{ code: string }>('storm.create', { url: servers[0]!.url }, 30_000);
    await settle('page');
    const page = await pageTiming(servers[0]!.url, code, CFG.pageRuns, log);
    if (page.error) note(`page timing: ${page.error}`);
    log(`client: page usable ${page.page_usable_ms} ms, seated ${page.page_seated_ms} ms after submit (median of ${page.runs})`);
    await lgs[0]!.call('storm.clear', {}, 30_000);
    return { sizes, page, build };
  } finally {
    await stopAll(servers);
  }
}

// ── main ──

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? '?',
    mem_gb: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadavg_at_start: os.loadavg().map((x) => round(x, 2)),
  };
}

async function main(): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = { bench: 'synack', quick: QUICK, date: new Date().toISOString(), machine: machine() };
  const perProcess: Record<string, Record<string, unknown>> = {};
  if (CFG.serverRoot) note(`server from ${CFG.serverRoot} (not this checkout)`);

  if (CFG.sections.has('engine')) {
    log('engine: checkTrace on a 10,000-event trace');
    await settle('engine');
    const e = await engineBench();
    result.check_trace_10k_ms = e.check_trace_10k_ms;
    log(`engine: ${e.check_trace_10k_ms} ms`);
  }
  if (CFG.sections.has('client')) {
    const c = await clientSection();
    if (!('error' in c.sizes)) {
      result.chunks_gzip_bytes = c.sizes.chunks_gzip_bytes;
      result.initial_js_gzip_bytes = c.sizes.initial_js_gzip_bytes;
      result.initial_js_gzip_bytes_excl_phaser = c.sizes.initial_js_gzip_bytes_excl_phaser;
      result.student_js_gzip_bytes_excl_phaser = c.sizes.student_js_gzip_bytes_excl_phaser;
      result.phaser_gzip_bytes = c.sizes.phaser_gzip_bytes;
      result.client = { initial_files: c.sizes.initial_files, phaser_initial: c.sizes.phaser_initial, chunks_raw_bytes: c.sizes.chunks_raw_bytes, build: c.build };
    }
    if (c.page) {
      result.page_usable_ms = c.page.page_usable_ms;
      result.page_seated_ms = c.page.page_seated_ms;
      result.page = c.page;
    }
  }

  let game1: GameSection | null = null;
  for (const p of CFG.processes) {
    if (!CFG.sections.has('game') && !CFG.sections.has('storm')) break;
    const entry: Record<string, unknown> = {};
    perProcess[String(p)] = entry;
    if (p === 2 && !(await ensureRedis())) {
      note('2 processes: skipped (no redis-server installed and REDIS_URL unset or unreachable)');
      entry.skipped = 'no Redis';
      continue;
    }
    if (CFG.sections.has('game')) {
      if (p > 1 && Date.now() - T0 > CFG.budgetMs) {
        note(`${p} processes: game skipped (time budget)`);
      } else {
        const g = await gameSection(p, p > 1 && CFG.scaleSteps ? CFG.scaleSteps : CFG.steps);
        if (p === 1) game1 = g;
        const mem = p === 1 ? await memorySection(CFG.memorySteps) : null;
        Object.assign(entry, {
          game_p50_ms: g.game?.delivery.p50 ?? null,
          game_p99_ms: g.game?.delivery.p99 ?? null,
          capacity_pairs: g.capacity_pairs,
          capacity_pairs_lag_only: g.capacity_pairs_lag_only,
          capacity_steps_measured: g.steps.map((s) => s.pairs),
          bytes_per_pair: mem?.bytes_per_pair ?? g.bytes_per_pair,
          heap_bytes_per_pair: mem?.heap_bytes_per_pair ?? g.heap_bytes_per_pair,
          replay_heap_bytes_per_pair_round: g.replay_heap_bytes_per_pair_round,
          ...(mem ? { memory: mem } : {}),
          baseline_rss_bytes: g.baseline_rss_bytes,
          steps: g.steps,
        });
      }
    }
    if (CFG.sections.has('storm')) {
      const s = await stormSection(p, p > 1 && QUICK ? 1 : CFG.stormRuns);
      Object.assign(entry, {
        join_storm_p50_ms: s.join_storm_p50_ms,
        join_storm_p99_ms: s.join_storm_p99_ms,
        join_storm_seated: s.join_storm_seated,
        join_storm_all_seated_ms: s.join_storm_all_seated_ms,
        join_storm_runs: s.runs,
      });
    }
  }

  if (CFG.sections.has('relay')) {
    const r = await relaySection(CFG.gamePairs, game1?.game ?? null);
    result.relay_p50_ms = r.delivery.p50;
    result.relay_p99_ms = r.delivery.p99;
    result.relay = r;
  }

  const one = perProcess['1'] ?? {};
  for (const k of ['game_p50_ms', 'game_p99_ms', 'capacity_pairs', 'capacity_pairs_lag_only', 'bytes_per_pair', 'heap_bytes_per_pair', 'replay_heap_bytes_per_pair_round', 'join_storm_p50_ms', 'join_storm_p99_ms', 'join_storm_seated', 'join_storm_all_seated_ms']) {
    if (k in one) result[k] = one[k];
  }
  result.game_pairs = CFG.gamePairs;
  result.processes = perProcess;
  result.targets = targets(result);
  result.config = { pinned: CFG.pin ? { server: SERVER_CPU, loadgens: LOADGEN_CPUS, two_processes: 'server i on CPU i-1, load generators on all' } : false, steps: CFG.steps, duration_s: CFG.durationMs / 1000, warmup_s: CFG.warmupMs / 1000, loadgens: CFG.loadgens, class_pairs: CFG.classPairs, round: 'lifecycle, practice, delay 0, loss 0, RTO 1000 ms, MSL 1000 ms', criteria: { delivery_p99_ms: LIMITS.deliveryP99Ms, lag_p99_ms: LIMITS.lagP99Ms } };
  result.notes = notes;
  result.elapsed_s = round((Date.now() - T0) / 1000, 0);
  return result;
}

function targets(r: Record<string, unknown>): Record<string, { target: string; value: unknown; met: boolean | null }> {
  const num = (k: string) => (typeof r[k] === 'number' ? (r[k] as number) : null);
  const relay99 = num('relay_p99_ms');
  const game99 = num('game_p99_ms');
  const cap = num('capacity_pairs');
  const storm = num('join_storm_all_seated_ms');
  const seated = num('join_storm_seated');
  const initial = num('initial_js_gzip_bytes_excl_phaser');
  const engine = num('check_trace_10k_ms');
  const both = <T>(a: number | null, b: number | null, f: (a: number, b: number) => T): T | null => (a === null || b === null ? null : f(a, b));
  return {
    delivery_vs_relay: { target: `game p99 ≤ relay p99 + ${LIMITS.relayMarginMs} ms at ${CFG.gamePairs} pairs`, value: both(game99, relay99, (g, x) => round(g - x)), met: both(game99, relay99, (g, x) => g <= x + LIMITS.relayMarginMs) },
    capacity: { target: `≥ ${LIMITS.capacityPairs} pairs per process`, value: cap, met: cap === null ? null : cap >= LIMITS.capacityPairs },
    join_storm: { target: `${LIMITS.stormStudents} of ${LIMITS.stormStudents} seated within ${LIMITS.stormMs} ms`, value: { seated, all_seated_ms: storm }, met: both(seated, storm, (s, t) => s === LIMITS.stormStudents && t <= LIMITS.stormMs) },
    initial_js: { target: `initial JS ≤ ${LIMITS.initialJsBytes} B gzip apart from Phaser`, value: initial, met: initial === null ? null : initial <= LIMITS.initialJsBytes },
    check_trace: { target: `checkTrace on 10,000 events < ${LIMITS.checkTraceMs} ms`, value: engine, met: engine === null ? null : engine < LIMITS.checkTraceMs },
  };
}

function human(r: Record<string, unknown>): string {
  const lines: string[] = [];
  const kb = (b: unknown) => (typeof b === 'number' ? `${(b / 1024).toFixed(1)} KB` : '—');
  lines.push(`SYN/ACK bench (${QUICK ? 'quick' : 'full'}) on ${(r.machine as { cpus: number; cpu_model: string }).cpus} × ${(r.machine as { cpu_model: string }).cpu_model}, Node ${process.version}`);
  lines.push(`  delivery at ${CFG.gamePairs} pairs: game p50 ${r.game_p50_ms ?? '—'} / p99 ${r.game_p99_ms ?? '—'} ms; raw ws relay p50 ${r.relay_p50_ms ?? '—'} / p99 ${r.relay_p99_ms ?? '—'} ms`);
  lines.push(`  capacity: ${r.capacity_pairs ?? '—'} pairs (delivery p99 < ${LIMITS.deliveryP99Ms} ms and lag p99 < ${LIMITS.lagP99Ms} ms); ${r.capacity_pairs_lag_only ?? '—'} pairs by lag alone; ${typeof r.bytes_per_pair === 'number' ? `${(r.bytes_per_pair / 1024).toFixed(1)} KB` : '—'} RSS per pair`);
  lines.push(`  join storm: ${r.join_storm_seated ?? '—'}/60 seated, time-to-seat p50 ${r.join_storm_p50_ms ?? '—'} / p99 ${r.join_storm_p99_ms ?? '—'} ms, all seated after ${r.join_storm_all_seated_ms ?? '—'} ms`);
  lines.push(`  client: initial JS ${kb(r.initial_js_gzip_bytes_excl_phaser)} gzip apart from Phaser (Phaser ${kb(r.phaser_gzip_bytes)}); page usable ${r.page_usable_ms ?? '—'} ms, seated ${r.page_seated_ms ?? '—'} ms after submit`);
  if (r.chunks_gzip_bytes) for (const [k, v] of Object.entries(r.chunks_gzip_bytes as Record<string, number>)) lines.push(`    ${k.padEnd(24)} ${kb(v)}`);
  lines.push(`  engine: checkTrace on 10,000 events ${r.check_trace_10k_ms ?? '—'} ms`);
  const procs = r.processes as Record<string, Record<string, unknown>>;
  for (const [p, e] of Object.entries(procs)) {
    lines.push(`  ${p} process${p === '1' ? '' : 'es'}: ${e.skipped ? `skipped (${String(e.skipped)})` : `game p99 ${e.game_p99_ms ?? '—'} ms, capacity ${e.capacity_pairs ?? '—'} (lag only ${e.capacity_pairs_lag_only ?? '—'}), storm p99 ${e.join_storm_p99_ms ?? '—'} ms`}`);
    for (const s of (e.steps as Step[] | undefined) ?? []) lines.push(`    ${String(s.pairs).padStart(4)} pairs: delivery p50 ${s.delivery.p50} p99 ${s.delivery.p99} ms, lag p99 ${s.lag_p99_ms} ms, cpu ${s.server_cpu}, loadgen lag p99 ${s.loadgen_lag_p99_ms} ms, rss ${(s.rss_bytes / 2 ** 20).toFixed(0)} MB ${s.pass ? 'pass' : s.pass_lag ? '(latency over)' : 'FAIL'}`);
  }
  lines.push('  targets:');
  for (const [k, t] of Object.entries(r.targets as Record<string, { target: string; value: unknown; met: boolean | null }>)) lines.push(`    ${t.met === null ? '?' : t.met ? '✓' : '✗'} ${k}: ${t.target} — ${JSON.stringify(t.value)}`);
  for (const n of r.notes as string[]) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

async function cleanup(): Promise<void> {
  await stopAll([...live]);
  await Promise.all(loadgens.map((lg) => lg.stop()));
  loadgens = [];
  await redis?.stop();
  redis = null;
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${sig}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

main().then(
  async (r) => {
    await cleanup();
    if (opt.json) console.log(JSON.stringify(r));
    else console.log(human(r));
    process.exit(0);
  },
  async (e: unknown) => {
    log(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    await cleanup();
    process.exit(1);
  },
);
