/**
 * The bench run's shared context: options, configuration, targets, progress log and notes, and
 * the processes every section uses (server processes, load generators, a private Redis), stopped
 * by `cleanup` whatever happens. See bench/index.ts and BENCHMARKS.md.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { canPin, pin, waitQuiet } from './cpu';
import { Helper } from './ipc';
import { hasRedisServer, pingRedis, startPrivateRedis, type PrivateRedis } from '../../tests/support/procs';
import { freePort, ServerProc } from './server-proc';

const USAGE = `usage: npm run bench -- [--quick] [--json] [options]
  --quick              a short run (about 2-3 minutes): fewer steps, shorter windows, one repeat
  --json               print one JSON object on stdout (progress goes to stderr)
  --processes LIST     server process counts to measure, e.g. 1 or 1,2 (default 1,2; 2 needs redis-server or REDIS_URL)
  --steps LIST         capacity steps in pairs (default quick 50,100,200,300; full 50,100,150,200,250,300,400,
                       500,600,800, and with two processes 100,250,500,800)
  --duration S         seconds of play measured per step (default quick 8, full 20)
  --loadgens N         load generator processes (default 2)
  --class-pairs N      pairs per class (default 30: a class of 60 students)
  --only LIST          sections: engine,client,relay,game,storm,human (default all)
  --pace P             which capacity search runs: human (classroom pace, classes of 30 pairs thinking
                       like people; capacity_students_human), lockstep (the game section's bots answering
                       at once; capacity_pairs) or both (default)
  --human-steps LIST   classroom-pace steps in students (default quick 1000,2000; full 1000,2000,5000,
                       7500,10000,15000,20000; stepping stops at the first failed step)
  --human-window S     seconds measured per classroom-pace step (default quick 20, full 60)
  --human-settle S     seconds of play after a step's last join before its window (default quick 15, full 30)
  --human-loadgens N   load generator processes for the classroom pace (default 8)
  --human-processes L  server process counts for the classroom pace, e.g. 1 or 1,2 (default 1,2; with two,
                       each class is opened through one process and its students join through both,
                       matchmaking over Redis; skipped without Redis)
  --human-all-steps    go on to the next classroom-pace step after a failed one (capacity is still the last
                       step of the unbroken run of passes from the bottom)
  --human-decode       the classroom-pace students decode their class's state patches as a page does
                       (default: only the hosts do; the students never read the synced state)
  --phone-runs N       first visits on the throttled phone (default quick 1, full 3; 0: none)
  --phone-lobby S      seconds the phone's student waits in the lobby before the round starts (default 10)
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

export const { values: opt } = parseArgs({
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
    'phone-runs': { type: 'string' },
    'phone-lobby': { type: 'string' },
    'server-root': { type: 'string' },
    quiet: { type: 'boolean' },
    'wait-quiet': { type: 'string' },
    'no-pin': { type: 'boolean' },
    attempts: { type: 'string' },
    pace: { type: 'string' },
    'human-steps': { type: 'string' },
    'human-window': { type: 'string' },
    'human-settle': { type: 'string' },
    'human-loadgens': { type: 'string' },
    'human-processes': { type: 'string' },
    'human-decode': { type: 'boolean' },
    'human-all-steps': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (opt.help) {
  console.log(USAGE);
  process.exit(0);
}

export const QUICK = opt.quick === true;
const list = (s: string | undefined, dflt: number[]) => (s ? s.split(',').map((x) => Number(x.trim())).filter((x) => Number.isInteger(x) && x > 0) : dflt);
export const CFG = {
  steps: list(opt.steps, QUICK ? [50, 100, 200, 300] : [50, 100, 150, 200, 250, 300, 400, 500, 600, 800]),
  /** The step whose figures are "the game at 100 pairs" (always measured). */
  gamePairs: 100,
  durationMs: 1000 * Number(opt.duration ?? (QUICK ? 8 : 20)),
  warmupMs: QUICK ? 2000 : 3000,
  /**
   * Unmeasured play before a section's first step: a server that has just started runs code V8 has
   * not optimized yet, and a long-running server does not (measured at 100 pairs in lockstep, the
   * first step: delivery p99 40.1 and 62.4 ms cold, 27.2–41.1 ms warm in four runs).
   */
  jitWarmMs: QUICK ? 6000 : 10_000,
  loadgens: Math.min(8, Math.max(1, Number(opt.loadgens ?? 2))),
  classPairs: Math.min(124, Math.max(1, Number(opt['class-pairs'] ?? 30))),
  processes: list(opt.processes, [1, 2]).filter((p) => p === 1 || p === 2),
  stormRuns: QUICK ? 1 : 3,
  /** Seated pairs at which memory is read (fresh server, no play). */
  memorySteps: QUICK ? [100, 200] : [100, 200, 300, 400],
  /** Attempts per capacity step when a failure coincides with other work on the machine. */
  attempts: Math.min(5, Math.max(1, Number(opt.attempts ?? (QUICK ? 1 : 3)))),
  pageRuns: QUICK ? 2 : 5,
  /** First visits of the student page on the throttled phone (bench/lib/phone.ts). */
  phoneRuns: Math.min(10, Math.max(0, Math.floor(Number(opt['phone-runs'] ?? (QUICK ? 1 : 3))) || 0)),
  phoneLobbyMs: 1000 * Math.min(120, Math.max(0, Number(opt['phone-lobby'] ?? 10) || 0)),
  engineRuns: QUICK ? 10 : 30,
  /** Steps with two processes: --quick measures 100 pairs only. */
  scaleSteps: opt.steps ? null : QUICK ? [100] : [100, 250, 500, 800],
  /** Stop stepping up once the run has used this long (the rest is reported as not measured). */
  budgetMs: (QUICK ? 150 : 780) * 1000,
  sections: new Set((opt.only ?? 'engine,client,relay,game,storm,human').split(',').map((s) => s.trim())),
  build: opt['no-build'] !== true,
  pin: opt['no-pin'] !== true && canPin(),
  waitQuietMs: 1000 * Number(opt['wait-quiet'] ?? (QUICK ? 6 : 60)),
  /** All waits for quiet together stop after this long. */
  waitQuietTotalMs: (QUICK ? 20 : 180) * 1000,
  serverRoot: opt['server-root'],
};
/** The classroom-pace capacity search (bench/sections/human.ts, issue 15). */
export const PACE = (opt.pace ?? 'both') as 'human' | 'lockstep' | 'both';
if (!['human', 'lockstep', 'both'].includes(PACE)) {
  console.error(`--pace must be human, lockstep or both\n${USAGE}`);
  process.exit(2);
}
if (PACE === 'human') CFG.sections.delete('game');
if (PACE === 'lockstep') CFG.sections.delete('human');
export const HUMAN = {
  steps: list(opt['human-steps'], QUICK ? [1000, 2000] : [1000, 2000, 5000, 7500, 10_000, 15_000, 20_000]),
  windowMs: 1000 * Math.max(5, Number(opt['human-window'] ?? (QUICK ? 20 : 60)) || 60),
  settleMs: 1000 * Math.max(0, Number(opt['human-settle'] ?? (QUICK ? 15 : 30)) || 0),
  loadgens: Math.min(16, Math.max(1, Number(opt['human-loadgens'] ?? 8) || 8)),
  decodePatches: opt['human-decode'] === true,
  processes: list(opt['human-processes'], [1, 2]).filter((p) => p === 1 || p === 2),
  allSteps: opt['human-all-steps'] === true,
  /** Students per class: 30 pairs. */
  classPairs: 30,
  /** The student count at which memory per student is reported. */
  memoryStudents: 10_000,
  relayWindowMs: 1000 * (QUICK ? 10 : 20),
};
if (!CFG.steps.includes(CFG.gamePairs)) CFG.steps = [...CFG.steps, CFG.gamePairs].sort((a, b) => a - b);

/** The targets of issue 6 and the capacity criteria. */
export const LIMITS = { deliveryP99Ms: 50, lagP99Ms: 20, relayMarginMs: 5, capacityPairs: 500, cpuMsPerSegment: 0.15, studentsHuman: 10_000, stormMs: 3000, stormStudents: 60, initialJsBytes: 400 * 1024, checkTraceMs: 100, phoneSceneMs: 3000, bytesPerStudent: 40 * 1024 };

export const T0 = Date.now();
export const log = (line: string) => {
  if (!opt.quiet) process.stderr.write(`[bench +${((Date.now() - T0) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);
};
export const quietLog = (line: string) => {
  if (/error|Error|warn|fail/i.test(line) && !/npm warn Unknown user config/.test(line)) log(line);
};
export const notes: string[] = [];

/** Other work on this (shared) machine skews the figures: wait a little for it, and say so. */
let waitedTotal = 0;
export async function settle(what: string): Promise<void> {
  const budget = Math.min(CFG.waitQuietMs, CFG.waitQuietTotalMs - waitedTotal);
  if (budget <= 0) return;
  const q = await waitQuiet(budget);
  waitedTotal += q.waitedMs;
  if (q.coresBusy >= 0.5) note(`${what}: the machine was busy with other work (${q.coresBusy.toFixed(2)} cores) when measuring began, after waiting ${(q.waitedMs / 1000).toFixed(0)} s`);
  else if (q.waitedMs > 2500) log(`${what}: waited ${(q.waitedMs / 1000).toFixed(0)} s for the machine to be quiet`);
}
export const note = (s: string) => {
  notes.push(s);
  log(`note: ${s}`);
};


// ── servers and load generators ──

let redis: PrivateRedis | null = null;
let redisUrl: string | null = null;

export async function ensureRedis(): Promise<string | null> {
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
export const SERVER_CPU = '0';
export const LOADGEN_CPUS = NCPU > 2 ? `1-${NCPU - 1}` : '1';

export async function startServers(processes: number): Promise<ServerProc[]> {
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
export const live = new Set<ServerProc>();

/** One server: it alone on CPU 0, load generators on the others. Two: one server per CPU, load generators free. */
export function pinFor(processes: number, servers: ServerProc[]): void {
  if (!CFG.pin) return;
  if (processes === 1) {
    for (const s of servers) pin(s.pid, SERVER_CPU);
    for (const lg of loadgens) if (lg.proc.pid) pin(lg.proc.pid, LOADGEN_CPUS);
  } else {
    servers.forEach((s, i) => pin(s.pid, String(i % NCPU)));
    for (const lg of loadgens) if (lg.proc.pid) pin(lg.proc.pid, `0-${NCPU - 1}`);
  }
}

export async function stopAll(servers: ServerProc[]): Promise<void> {
  await Promise.all(servers.map((s) => s.stop()));
  for (const s of servers) live.delete(s);
}

let loadgens: Helper[] = [];
export function startLoadgens(): Helper[] {
  if (loadgens.length === 0) loadgens = Array.from({ length: CFG.loadgens }, (_, i) => Helper.start(`loadgen${i + 1}`, './loadgen.ts', {}, quietLog));
  return loadgens;
}


export async function cleanup(): Promise<void> {
  await stopAll([...live]);
  await Promise.all(loadgens.map((lg) => lg.stop()));
  loadgens = [];
  await redis?.stop();
  redis = null;
}

