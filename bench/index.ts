/**
 * `npm run bench [-- --quick] [-- --json]`: load, latency, capacity, join storm, client size and
 * engine benchmarks (issue 6). Not part of `npm test`. Method and figures: BENCHMARKS.md.
 *
 * Processes: this orchestrator; the game server(s) as production runs them (`server/index.ts`,
 * with a probe preloaded for event-loop delay); the raw `ws` relay (the reference); load
 * generators (bench/lib/loadgen.ts) holding real colyseus.js bot students; headless Chromium.
 * Everything listens on 127.0.0.1 only; every loop is bounded in count and time.
 */
import os from 'node:os';
import { CFG, cleanup, ensureRedis, HUMAN, LIMITS, LOADGEN_CPUS, log, note, notes, opt, QUICK, SERVER_CPU, settle, T0 } from './lib/run';
import { round } from './lib/stats';
import { clientSection } from './sections/client';
import { engineBench } from './sections/engine';
import { gameSection, type GameSection, type Step } from './sections/game';
import { humanSections, type HumanStep } from './sections/human';
import { memorySection } from './sections/memory';
import { relaySection } from './sections/relay';
import { stormSection } from './sections/storm';
import { traceScaleSection } from './sections/trace-scale';
import { describeScale, TRACE_LIMITS } from './trace-scale';

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
  if (CFG.sections.has('trace')) {
    log('trace: checkTrace on long traces of several shapes, 12.5k to 100k events');
    await settle('trace');
    const s = await traceScaleSection();
    if (s) {
      result.trace_100k_ms = s.trace_100k_ms;
      result.trace_doubling_max = s.trace_doubling_max;
      result.trace_scale = s;
      for (const l of describeScale(s)) log(l);
    }
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
    if (c.phone) {
      for (const k of ['phone_usable_ms', 'phone_seated_ms', 'phone_round_composer_ms', 'phone_round_scene_ms', 'phone_initial_js_bytes', 'phone_all_js_bytes'] as const) result[k] = c.phone[k];
      result.phone = c.phone;
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
    result.relay_cpu_ms_per_message = r.cpu_ms_per_message;
    result.relay = r;
  }

  if (CFG.sections.has('human')) {
    const runs = await humanSections();
    const h = runs.find((x) => x.processes === 1) ?? runs[0];
    const two = runs.find((x) => x.processes === 2);
    if (h) {
      result.capacity_students_human = h.capacity_students_human;
      result.bytes_per_student = h.bytes_per_student;
      result.heap_bytes_per_student = h.heap_bytes_per_student;
    }
    if (two) {
      result.capacity_students_human_2proc = two.capacity_students_human;
      result.human_2proc = two;
    }
    if (h) result.human = { ...h, config: { steps: HUMAN.steps, window_s: HUMAN.windowMs / 1000, settle_s: HUMAN.settleMs / 1000, relay_window_s: HUMAN.relayWindowMs / 1000, loadgens: HUMAN.loadgens, class_pairs: HUMAN.classPairs, students_decode_patches: HUMAN.decodePatches, think: 'log-normal, median 8 s, sigma 0.6, clipped to 2-40 s; each of a round\'s first 5 sends wrong first with chance 0.2', round: 'every scenario in turn, practice, class timers (RTO 8 s, MSL 6 s), no injected delay, autoEnd' } };
  }

  const one = perProcess['1'] ?? {};
  for (const k of ['game_p50_ms', 'game_p99_ms', 'capacity_pairs', 'capacity_pairs_lag_only', 'bytes_per_pair', 'heap_bytes_per_pair', 'replay_heap_bytes_per_pair_round', 'join_storm_p50_ms', 'join_storm_p99_ms', 'join_storm_seated', 'join_storm_all_seated_ms']) {
    if (k in one) result[k] = one[k];
  }
  // The server's CPU per segment at the lockstep step of CFG.gamePairs pairs (one process), beside the relay's per message.
  const at = game1?.game ?? null;
  if (at) {
    result.cpu_ms_per_segment = at.cpu_ms_per_segment;
    result.segments_per_s_per_core = at.segments_per_s_per_core;
  }
  result.game_pairs = CFG.gamePairs;
  result.processes = perProcess;
  result.targets = targets(result);
  result.config = { pinned: CFG.pin ? { server: SERVER_CPU, loadgens: LOADGEN_CPUS, two_processes: 'server i on CPU i-1, load generators on all' } : false, steps: CFG.steps, duration_s: CFG.durationMs / 1000, warmup_s: CFG.warmupMs / 1000, jit_warm_s: CFG.jitWarmMs / 1000, loadgens: CFG.loadgens, class_pairs: CFG.classPairs, round: 'lifecycle, practice, delay 0, loss 0, RTO 1000 ms, MSL 1000 ms', criteria: { delivery_p99_ms: LIMITS.deliveryP99Ms, lag_p99_ms: LIMITS.lagP99Ms } };
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
  const scene = num('phone_round_scene_ms');
  const trace100k = num('trace_100k_ms');
  const doubling = num('trace_doubling_max');
  const perSegment = num('cpu_ms_per_segment');
  const students = num('capacity_students_human');
  const both = <T>(a: number | null, b: number | null, f: (a: number, b: number) => T): T | null => (a === null || b === null ? null : f(a, b));
  return {
    delivery_vs_relay: { target: `game p99 ≤ relay p99 + ${LIMITS.relayMarginMs} ms at ${CFG.gamePairs} pairs`, value: both(game99, relay99, (g, x) => round(g - x)), met: both(game99, relay99, (g, x) => g <= x + LIMITS.relayMarginMs) },
    capacity: { target: `≥ ${LIMITS.capacityPairs} pairs per process (lockstep)`, value: cap, met: cap === null ? null : cap >= LIMITS.capacityPairs },
    cpu_per_segment: { target: `≤ ${LIMITS.cpuMsPerSegment} ms of server CPU per segment at ${CFG.gamePairs} pairs (the relay's per message beside it)`, value: { game: perSegment, relay_per_message: num('relay_cpu_ms_per_message') }, met: perSegment === null ? null : perSegment <= LIMITS.cpuMsPerSegment },
    capacity_students_human: { target: `≥ ${LIMITS.studentsHuman} students at classroom pace on one process`, value: students, met: students === null ? null : students >= LIMITS.studentsHuman },
    join_storm: { target: `${LIMITS.stormStudents} of ${LIMITS.stormStudents} seated within ${LIMITS.stormMs} ms`, value: { seated, all_seated_ms: storm }, met: both(seated, storm, (s, t) => s === LIMITS.stormStudents && t <= LIMITS.stormMs) },
    initial_js: { target: `initial JS ≤ ${LIMITS.initialJsBytes} B gzip apart from Phaser`, value: initial, met: initial === null ? null : initial <= LIMITS.initialJsBytes },
    phone_scene: { target: `round start → scene drawn on the throttled phone < ${LIMITS.phoneSceneMs} ms`, value: scene, met: scene === null ? null : scene < LIMITS.phoneSceneMs },
    memory_per_student: { target: `≤ ${LIMITS.bytesPerStudent / 1024} KB RSS per student at 10,000 students`, value: num('bytes_per_student'), met: num('bytes_per_student') === null ? null : (num('bytes_per_student') as number) <= LIMITS.bytesPerStudent },
    check_trace: { target: `checkTrace on 10,000 events < ${LIMITS.checkTraceMs} ms`, value: engine, met: engine === null ? null : engine < LIMITS.checkTraceMs },
    check_trace_100k: { target: `checkTrace on any 100,000-event shape < ${TRACE_LIMITS.ms100k} ms, each doubling ≤ ×${TRACE_LIMITS.doubling}`, value: { ms: trace100k, doubling }, met: both(trace100k, doubling, (t, d) => t < TRACE_LIMITS.ms100k && d <= TRACE_LIMITS.doubling) },
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
  if (r.phone) lines.push(`  phone (${String((r.phone as { network: string }).network)}, first visit): usable ${r.phone_usable_ms ?? '—'} ms, seated ${r.phone_seated_ms ?? '—'} ms; round start → composer ${r.phone_round_composer_ms ?? '—'} ms, → scene ${r.phone_round_scene_ms ?? '—'} ms; JS ${kb(r.phone_initial_js_bytes)} on the wire before usable, ${kb(r.phone_all_js_bytes)} in all`);
  if (r.chunks_gzip_bytes) for (const [k, v] of Object.entries(r.chunks_gzip_bytes as Record<string, number>)) lines.push(`    ${k.padEnd(24)} ${kb(v)}`);
  lines.push(`  engine: checkTrace on 10,000 events ${r.check_trace_10k_ms ?? '—'} ms`);
  const procs = r.processes as Record<string, Record<string, unknown>>;
  for (const [p, e] of Object.entries(procs)) {
    lines.push(`  ${p} process${p === '1' ? '' : 'es'}: ${e.skipped ? `skipped (${String(e.skipped)})` : `game p99 ${e.game_p99_ms ?? '—'} ms, capacity ${e.capacity_pairs ?? '—'} (lag only ${e.capacity_pairs_lag_only ?? '—'}), storm p99 ${e.join_storm_p99_ms ?? '—'} ms`}`);
    for (const s of (e.steps as Step[] | undefined) ?? []) lines.push(`    ${String(s.pairs).padStart(4)} pairs: delivery p50 ${s.delivery.p50} p99 ${s.delivery.p99} ms, lag p99 ${s.lag_p99_ms} ms, cpu ${s.server_cpu}, loadgen lag p99 ${s.loadgen_lag_p99_ms} ms, rss ${(s.rss_bytes / 2 ** 20).toFixed(0)} MB ${s.pass ? 'pass' : s.pass_lag ? '(latency over)' : 'FAIL'}`);
  }
  if (r.human) {
    const h = r.human as { steps: HumanStep[]; memory_students: number | null };
    lines.push(`  classroom pace: capacity ${r.capacity_students_human ?? '—'} students (delivery p99 < ${LIMITS.deliveryP99Ms} ms and lag p99 < ${LIMITS.lagP99Ms} ms); ${kb(r.bytes_per_student)} RSS (${kb(r.heap_bytes_per_student)} heap) per student at ${h.memory_students ?? '—'} students`);
    for (const s of h.steps) lines.push(`    ${String(s.students).padStart(6)} students: delivery p50 ${s.delivery.p50} p99 ${s.delivery.p99} ms, verdict p99 ${s.verdict.p99} ms, lag p99 ${s.lag_p99_ms} ms, cpu ${s.server_cpu}, rss ${(s.rss_bytes / 2 ** 20).toFixed(0)} MB, ${s.answers_per_s} answers/s; loadgens lag p99 ${s.loadgen_lag_p99_ms} ms cpu ${s.loadgen_cpu}; relay p50 ${s.relay?.delivery.p50 ?? '—'} p99 ${s.relay?.delivery.p99 ?? '—'} ms ${s.pass ? 'pass' : 'FAIL'}`);
  }
  if (r.human_2proc) {
    const h = r.human_2proc as { steps: HumanStep[] };
    lines.push(`  classroom pace, 2 processes over Redis (each class opened through one, its students joining through both): capacity ${r.capacity_students_human_2proc ?? '—'} students`);
    for (const s of h.steps) lines.push(`    ${String(s.students).padStart(6)} students: delivery p50 ${s.delivery.p50} p99 ${s.delivery.p99} ms, verdict p99 ${s.verdict.p99} ms, lag p99 (worse process) ${s.lag_p99_ms} ms, cpu ${s.server_cpu} (both), ${s.answers_per_s} answers/s, joined ${s.connected}/${s.students} ${s.pass ? 'pass' : 'FAIL'}`);
  }
  lines.push('  targets:');
  for (const [k, t] of Object.entries(r.targets as Record<string, { target: string; value: unknown; met: boolean | null }>)) lines.push(`    ${t.met === null ? '?' : t.met ? '✓' : '✗'} ${k}: ${t.target} — ${JSON.stringify(t.value)}`);
  for (const n of r.notes as string[]) lines.push(`  note: ${n}`);
  return lines.join('\n');
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
