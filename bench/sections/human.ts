/**
 * Capacity at classroom pace (issue 15): classes of 30 pairs whose students think like people
 * before each answer, stepped up in students until a step fails; the relay reference at the same
 * message rate afterwards, in the same run; memory per student at 10,000 students.
 *
 * One server process (as `npm start` runs it, pinned to CPU 0 when pinning is on), several load
 * generator processes (bench/lib/human-loadgen.ts) on the other CPUs. The server is started with
 * the per-address socket limit off and room for the classes: every student here comes from
 * 127.0.0.1, as a whole school behind one address would (SECURITY.md says to lift the limit there).
 * Each student and host carries a client-id cookie of its own, as a browser does.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { coresBusy, cpuTimes, pin } from '../lib/cpu';
import { Helper } from '../lib/ipc';
import { CFG, ensureRedis, HUMAN, LIMITS, live, LOADGEN_CPUS, log, note, quietLog, SERVER_CPU, settle, stopAll } from '../lib/run';
import type { ProbeReport } from '../lib/probe';
import { combineReports, freePort, ServerProc } from '../lib/server-proc';
import { writeTimeline } from '../lib/stalls';
import { round, sleep, summarize, type Summary } from '../lib/stats';
import { lagMs } from './game';

/**
 * The load generators' young generation as large as the server's: each holds thousands of students
 * whose bots allocate at every message, and their own collections (100 ms at 2,500 students each
 * with V8's default) were measured as the server's latency.
 */
const LOADGEN_NODE_FLAGS = ['--max-semi-space-size=64'];

interface LoadgenRead {
  elapsedMs: number;
  delivery: number[];
  deliveryRaw: number[];
  held: number;
  verdict: number[];
  slow?: { at: number; ms: number; kind: string }[];
  segments: number;
  declares: number;
  wrong: number;
  rounds: number;
  unfinished: number;
  upBytes: number | null;
  downBytes: number | null;
  students: number;
  connected: number;
  joinFailures: number;
  joinRetries: number;
  failures: string[];
  loadgen: { lagP99: number; lagMax: number; cpuShare: number; gcMaxMs: number; heapBytes: number; rss: number };
}

export interface HumanStep {
  students: number;
  /** Which measurement of the step this is (a step failed while other work kept the machine busy is measured again). */
  attempt?: number;
  /** Students seated and connected when the window closed. */
  connected: number;
  join_failures: number;
  /** Joins that failed and were tried again (and then succeeded or not). */
  join_retries: number;
  /** Seconds the step's joins took (the ramp). */
  ramp_s: number | null;
  /** Became due (send, or the answer that set the pair's clock going again) → partner's `delivered`. */
  delivery: Summary;
  /** Send → partner's `delivered`, including the waits for a person (the clock standing still). */
  delivery_incl_held: Summary;
  /** Deliveries that waited for a person's answer. */
  held: number;
  verdict: Summary;
  lag_p99_ms: number | null;
  lag_max_ms: number | null;
  server_cpu: number | null;
  server_gc_max_ms: number | null;
  rss_bytes: number;
  heap_bytes: number;
  /** Load generators: worst event-loop delay p99 and max, CPU summed (cores), RSS summed. */
  loadgen_lag_p99_ms: number | null;
  loadgen_lag_max_ms: number | null;
  loadgen_cpu: number | null;
  loadgen_rss_bytes: number;
  /** The load generators were near their limit (lag p99 ≥ 50 ms, or their CPU ≥ 90% of the cores they may use). */
  loadgen_limited: boolean;
  machine_cores_busy: number | null;
  other_cores_busy: number | null;
  /** Share of the window during which some runnable task waited for a CPU (Linux PSI "some"): 1 means the machine never had a CPU free. */
  cpu_pressure?: number | null;
  answers_per_s: number | null;
  segments_per_s: number | null;
  wrong_per_s: number | null;
  rounds_finished: number;
  rounds_unfinished: number;
  up_bytes: number | null;
  down_bytes: number | null;
  relay?: { delivery: Summary; lag_p99_ms: number | null; server_cpu: number | null; loadgen_lag_p99_ms: number | null; loadgen_cpu: number | null; messages_per_s: number | null };
  pass: boolean;
  failures?: string[];
}

export interface HumanSection {
  /** Server processes (2: over Redis, each class opened through one and its students joining through both). */
  processes: number;
  capacity_students_human: number;
  bytes_per_student: number | null;
  heap_bytes_per_student: number | null;
  memory_students: number | null;
  baseline_rss_bytes: number;
  baseline_heap_bytes: number;
  fd_limit: number | null;
  steps: HumanStep[];
}

/** Microseconds during which some runnable task waited for a CPU (Linux PSI), or null. */
function cpuStallUs(): number | null {
  try {
    const m = /some .*total=(\d+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** The open-files limit the bench's children inherit. */
function fdLimit(): number | null {
  const r = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** The servers of one classroom-pace run: one process, or two sharing matchmaking over Redis. */
async function startHumanServers(processes: number): Promise<ServerProc[]> {
  const env = { MAX_CONNECTIONS_PER_ADDRESS: '0', MAX_CLASSES: '2000' };
  // --server-root: the server of another checkout, as the lockstep search runs it.
  const root = CFG.serverRoot ? { root: CFG.serverRoot } : {};
  if (processes === 1) return [await ServerProc.startGame({ ...root, log: quietLog, name: 'server-human', env })];
  const redisUrl = await ensureRedis();
  if (!redisUrl) throw new Error('two processes need Redis');
  const ports = [await freePort(), await freePort()];
  return Promise.all(ports.map((port, i) => ServerProc.startGame({ ...root, port, redisUrl, publicAddress: `127.0.0.1:${port}`, log: quietLog, name: `server-human${i + 1}`, env })));
}

/** The classroom-pace search for each process count asked for (two only with Redis). */
export async function humanSections(): Promise<HumanSection[]> {
  const out: HumanSection[] = [];
  for (const p of HUMAN.processes) {
    if (p === 2 && !(await ensureRedis())) {
      note('classroom pace with 2 processes: skipped (no redis-server installed and REDIS_URL unset or unreachable)');
      continue;
    }
    out.push(await humanSection(p));
  }
  return out;
}

export async function humanSection(processes = 1): Promise<HumanSection> {
  const fds = fdLimit();
  const out: HumanSection = { processes, capacity_students_human: 0, bytes_per_student: null, heap_bytes_per_student: null, memory_students: null, baseline_rss_bytes: 0, baseline_heap_bytes: 0, fd_limit: fds, steps: [] };
  // The server holds one socket per student (and a few files of its own): a step past the limit cannot be seated.
  const steps = HUMAN.steps.filter((s) => {
    if (fds !== null && s + 1000 > fds) {
      note(`classroom pace: ${s} students skipped: the open-files limit is ${fds} (ulimit -n; raise it to measure more)`);
      return false;
    }
    return true;
  });
  const lgs = Array.from({ length: HUMAN.loadgens }, (_, i) => Helper.start(`hlg${i + 1}`, './human-loadgen.ts', {}, quietLog, LOADGEN_NODE_FLAGS));
  const servers = await startHumanServers(processes);
  for (const s of servers) live.add(s);
  const server = servers[0] as ServerProc;
  const ncpu = availableParallelism();
  if (CFG.pin && processes === 1) {
    pin(server.pid, SERVER_CPU);
    for (const lg of lgs) if (lg.proc.pid) pin(lg.proc.pid, LOADGEN_CPUS);
  } else if (CFG.pin) {
    // Two: one server per CPU, the load generators anywhere (as the lockstep run with two does).
    servers.forEach((s, i) => pin(s.pid, String(i % ncpu)));
    for (const lg of lgs) if (lg.proc.pid) pin(lg.proc.pid, `0-${ncpu - 1}`);
  }
  const metrics = async (opts: { reset?: boolean; gc?: boolean }) => combineReports(await Promise.all(servers.map((s) => s.metrics(opts))));
  const rssAll = () => servers.reduce((n, s) => n + s.rss(), 0);
  const urls = servers.map((s) => s.url);
  const lgCores = processes > 1 ? ncpu : CFG.pin ? LOADGEN_CPUS.split(',').reduce((n, part) => {
    const [a, b] = part.split('-').map(Number);
    return n + (b === undefined ? 1 : (b as number) - (a as number) + 1);
  }, 0) : 2;
  const rates: { students: number; perStudentPerS: number; up: number; down: number }[] = [];
  try {
    await measure();
    // The reference at the same message rate, same students, same message sizes.
    if (processes === 1) await relayAtPace(out.steps, rates, lgs, lgCores);
  } finally {
    await Promise.all(lgs.map((lg) => lg.stop()));
  }
  return out;

  async function measure(): Promise<void> {
  try {
    await sleep(1000);
    const base = await metrics({ gc: true, reset: true });
    out.baseline_rss_bytes = rssAll();
    out.baseline_heap_bytes = base.heapUsed;
    log(`human: ${processes} server process${processes > 1 ? 'es (over Redis)' : ''} up, rss ${(out.baseline_rss_bytes / 2 ** 20).toFixed(0)} MB; ${lgs.length} load generators; steps ${steps.join(', ')} students; window ${HUMAN.windowMs / 1000} s after ${HUMAN.settleMs / 1000} s of play`);
    let students = 0;
    let classNo = 0;
    let okSoFar = true;
    for (const target of steps) {
      const perLg: number[][] = lgs.map(() => []);
      while (students < target) {
        const pairs = Math.min(HUMAN.classPairs, Math.ceil((target - students) / 2));
        perLg[classNo++ % lgs.length]?.push(pairs);
        students += 2 * pairs;
      }
      const tj = Date.now();
      const added = await Promise.all(lgs.map((lg, i) => ((perLg[i]?.length ?? 0) > 0 ? lg.call<{ joinFailures: number; joinErrors: string[] }>('human.add', { url: server.url, urls, classes: perLg[i], decodePatches: HUMAN.decodePatches, classConcurrency: 2 }, 30 * 60_000) : null)));
      const rampS = (Date.now() - tj) / 1000;
      const joinErrors = [...new Set(added.flatMap((a) => a?.joinErrors ?? []))];
      if (joinErrors.length) log(`human ${target} students: joins failed: ${joinErrors.slice(0, 3).join(' | ')}`);
      log(`human ${target} students: seated in ${rampS.toFixed(0)} s (join failures so far ${added.reduce((n, a) => n + (a?.joinFailures ?? 0), 0)}); playing ${HUMAN.settleMs / 1000} s before the window`);
      await sleep(HUMAN.settleMs);
      let step: HumanStep | null = null;
      let reads: LoadgenRead[] = [];
      let rss = 0;
      let mem: ProbeReport | null = null;
      for (let attempt = 1; attempt <= CFG.attempts; attempt++) {
        await settle(`human ${target} students`);
        await metrics({ reset: true });
        const cpuA = cpuTimes();
        const stallA = cpuStallUs();
        const tA = Date.now();
        await Promise.all(lgs.map((lg) => lg.call('human.window', {}, 30_000)));
        await sleep(HUMAN.windowMs);
        reads = await Promise.all(lgs.map((lg) => lg.call<LoadgenRead>('human.read', {}, 60_000)));
        const m = await metrics({ reset: true });
        const busy = coresBusy(cpuA, cpuTimes());
        rss = rssAll();
        mem = await metrics({ gc: true, reset: true });
        step = stepOf(target, reads, m, mem.heapUsed, rss, busy, lgCores, rampS);
        const timeline = writeTimeline(`${target}.${processes}p.${attempt}`, { students: target, server: m.stalls ?? [], gcs: m.gcs ?? [], clock: m.clock ?? null, loadgens: reads.map((r) => (r.loadgen as { stalls?: unknown }).stalls ?? []), slow: reads.map((r) => r.slow ?? []) });
        if (timeline) log(`human ${target} students: timeline in ${timeline}`);
        step.attempt = attempt;
        const stallB = cpuStallUs();
        step.cpu_pressure = stallA === null || stallB === null ? null : round((stallB - stallA) / 1000 / Math.max(1, Date.now() - tA), 2);
        // A failure while other work kept the machine busy says little about the server: measure again.
        if (step.pass || (step.other_cores_busy ?? 0) < 0.5 || attempt === CFG.attempts) break;
        note(`human ${target} students: failed while other work used ${step.other_cores_busy} cores; measuring again`);
      }
      if (!step || !mem) break;
      out.steps.push(step);
      const elapsedS = Math.max(...reads.map((r) => r.elapsedMs)) / 1000;
      rates.push({ students: step.connected, perStudentPerS: step.answers_per_s !== null && step.connected > 0 ? step.answers_per_s / step.connected : 0, up: step.up_bytes ?? 70, down: step.down_bytes ?? 100 });
      log(`human ${target} students (${step.connected} connected): delivery p50 ${step.delivery.p50} / p99 ${step.delivery.p99} ms (n ${step.delivery.n}), verdict p99 ${step.verdict.p99} ms, lag p99 ${step.lag_p99_ms} ms, server cpu ${step.server_cpu}, rss ${(rss / 2 ** 20).toFixed(0)} MB heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB, ${step.answers_per_s} answers/s over ${elapsedS.toFixed(0)} s; loadgens lag p99 ${step.loadgen_lag_p99_ms} ms cpu ${step.loadgen_cpu}${step.loadgen_limited ? ' (near their limit)' : ''}; other work ${step.other_cores_busy} cores, cpu pressure ${step.cpu_pressure ?? '—'} → ${step.pass ? 'pass' : 'FAIL'}`);
      // Memory per student is read with one process (two hold the class on one and sockets on both).
      if (processes === 1 && target <= HUMAN.memoryStudents && step.connected > 0) {
        out.memory_students = step.connected;
        out.bytes_per_student = round((rss - out.baseline_rss_bytes) / step.connected, 0);
        out.heap_bytes_per_student = round((mem.heapUsed - out.baseline_heap_bytes) / step.connected, 0);
      }
      if (step.pass && okSoFar) out.capacity_students_human = target;
      else okSoFar = false;
      if (!step.pass) {
        if (step.loadgen_limited) {
          const own = (step.loadgen_cpu ?? 0) >= 0.5 * lgCores;
          note(own
            ? `human ${target} students failed while the load generators were near their limit (lag p99 ${step.loadgen_lag_p99_ms} ms, cpu ${step.loadgen_cpu} of ${lgCores} cores): the bench, not only the server, may be what failed`
            : `human ${target} students failed while every process waited for a CPU (pressure ${step.cpu_pressure ?? '?'}, other work ${step.other_cores_busy} cores): the load generators lagged ${step.loadgen_lag_p99_ms} ms at p99 using only ${step.loadgen_cpu} cores, so the machine, not the bench's own load, set these figures`);
        }
        const hopeless = step.connected < 0.9 * target;
        if (!HUMAN.allSteps || hopeless) break;
      }
    }
    if (processes === 1 && out.memory_students !== null && out.memory_students < HUMAN.memoryStudents) note(`human: memory per student read at ${out.memory_students} students (10,000 not reached)`);
    await Promise.all(lgs.map((lg) => lg.call('human.clear', {}, 5 * 60_000).catch(() => undefined)));
  } finally {
    await stopAll(servers);
  }
  }
}

function stepOf(target: number, reads: LoadgenRead[], m: ProbeReport, heap: number, rss: number, busy: number, lgCores: number, rampS: number): HumanStep {
  const elapsedS = Math.max(...reads.map((r) => r.elapsedMs)) / 1000;
  const sum = (f: (r: LoadgenRead) => number) => reads.reduce((n, r) => n + f(r), 0);
  const delivery = summarize(reads.flatMap((r) => r.delivery));
  const lgCpu = sum((r) => r.loadgen.cpuShare);
  const lgLag = Math.max(...reads.map((r) => lagMs(r.loadgen.lagP99)));
  const lag = lagMs(m.lag.p99);
  const wavg = (f: (r: LoadgenRead) => number | null) => {
    const xs = reads.filter((r) => f(r) !== null);
    return xs.length ? round(xs.reduce((n, r) => n + (f(r) as number), 0) / xs.length, 1) : null;
  };
  const step: HumanStep = {
    students: target,
    connected: sum((r) => r.connected),
    join_failures: sum((r) => r.joinFailures),
    join_retries: sum((r) => r.joinRetries),
    ramp_s: round(rampS, 0),
    delivery,
    delivery_incl_held: summarize(reads.flatMap((r) => r.deliveryRaw)),
    held: sum((r) => r.held),
    verdict: summarize(reads.flatMap((r) => r.verdict)),
    lag_p99_ms: round(lag),
    lag_max_ms: round(lagMs(m.lag.max)),
    server_cpu: round(m.cpuShare),
    server_gc_max_ms: round(m.gcMaxMs),
    rss_bytes: rss,
    heap_bytes: heap,
    loadgen_lag_p99_ms: round(lgLag),
    loadgen_lag_max_ms: round(Math.max(...reads.map((r) => lagMs(r.loadgen.lagMax)))),
    loadgen_cpu: round(lgCpu),
    loadgen_rss_bytes: sum((r) => r.loadgen.rss),
    loadgen_limited: lgLag >= 50 || lgCpu >= 0.9 * lgCores,
    machine_cores_busy: round(busy),
    other_cores_busy: round(Math.max(0, busy - m.cpuShare - lgCpu)),
    answers_per_s: round(sum((r) => r.segments + r.declares) / elapsedS, 1),
    segments_per_s: round(sum((r) => r.segments) / elapsedS, 1),
    wrong_per_s: round(sum((r) => r.wrong) / elapsedS, 2),
    rounds_finished: sum((r) => r.rounds),
    rounds_unfinished: sum((r) => r.unfinished),
    up_bytes: wavg((r) => r.upBytes),
    down_bytes: wavg((r) => r.downBytes),
    pass: false,
  };
  const failures = reads.flatMap((r) => r.failures);
  if (failures.length) step.failures = failures.slice(0, 5);
  step.pass = delivery.n > 0 && step.join_failures === 0 && step.connected === target && (delivery.p99 ?? Infinity) < LIMITS.deliveryP99Ms && lag < LIMITS.lagP99Ms;
  return step;
}

/** For each measured step: the relay with as many pairs, each student sending at the step's rate. */
async function relayAtPace(steps: HumanStep[], rates: { students: number; perStudentPerS: number; up: number; down: number }[], lgs: Helper[], lgCores: number): Promise<void> {
  if (steps.length === 0) return;
  const relay = await ServerProc.startRelay({ log: quietLog });
  live.add(relay);
  if (CFG.pin) {
    pin(relay.pid, SERVER_CPU);
    for (const lg of lgs) if (lg.proc.pid) pin(lg.proc.pid, LOADGEN_CPUS);
  }
  try {
    for (const [i, step] of steps.entries()) {
      const r = rates[i];
      if (!r || r.students === 0 || r.perStudentPerS <= 0) continue;
      const pairs = Math.floor(r.students / 2);
      const share = lgs.map((_, k) => Math.floor(pairs / lgs.length) + (k < pairs % lgs.length ? 1 : 0));
      await Promise.all(lgs.map((lg, k) => lg.call('hrelay.setup', { url: relay.url, pairs: share[k], downBytes: Math.round(r.down), tag: `h${k}` }, 10 * 60_000)));
      await settle(`human relay ${step.students}`);
      await relay.metrics({ reset: true });
      const runs = await Promise.all(lgs.map((lg) => lg.call<{ delivery: number[]; messages: number; loadgen: { lagP99: number; cpuShare: number } }>('hrelay.run', { durationMs: HUMAN.relayWindowMs, perStudentPerS: r.perStudentPerS, upBytes: r.up }, HUMAN.relayWindowMs + 60_000)));
      const m = await relay.metrics({ reset: true });
      const d = summarize(runs.flatMap((x) => x.delivery));
      const lgCpu = runs.reduce((n, x) => n + x.loadgen.cpuShare, 0);
      step.relay = {
        delivery: d,
        lag_p99_ms: round(lagMs(m.lag.p99)),
        server_cpu: round(m.cpuShare),
        loadgen_lag_p99_ms: round(Math.max(...runs.map((x) => lagMs(x.loadgen.lagP99)))),
        loadgen_cpu: round(lgCpu),
        messages_per_s: round(runs.reduce((n, x) => n + x.messages, 0) / (HUMAN.relayWindowMs / 1000), 1),
      };
      log(`human relay ${2 * pairs} students at ${round(r.perStudentPerS, 3)} msg/s each: delivery p50 ${d.p50} / p99 ${d.p99} ms (n ${d.n}), relay lag p99 ${step.relay.lag_p99_ms} ms, cpu ${step.relay.server_cpu}; loadgens cpu ${step.relay.loadgen_cpu} of ${lgCores}`);
    }
    await Promise.all(lgs.map((lg) => lg.call('hrelay.clear', {}, 60_000).catch(() => undefined)));
  } finally {
    await stopAll([relay]);
  }
}
