/**
 * `npm run bench:engine [-- --runs N] [-- --json]`: how long `checkTrace` takes.
 *  - `check_trace_10k_ms`: a 10,000-event trace of a long data transfer between two bots over a
 *    lossy, duplicating, reordering network (the figure BENCHMARKS.md has tracked from the start);
 *  - per shape (few large writes / many tiny writes with heavy loss and reordering, which once made
 *    the checker quadratic), the time at 25k, 50k and 100k events and the ratio of each doubling:
 *    linear means about 2. Medians of several runs after warm-up. Not a test: figures go into the notes.
 */
import { performance } from 'node:perf_hooks';
import { checkTrace, roundTrace, simulate, type Scenario } from '../shared/index';
import { longTrace, type TraceShape } from '../tests/support/trace-gen';

const TARGET_EVENTS = 10_000;

const BULK: Scenario = {
  id: 'bulk',
  number: 0,
  title: { en: 'Bulk transfer', 'zh-CN': '大量数据传输' },
  summary: { en: 'A long data transfer for the benchmark.', 'zh-CN': '用于基准测试的长数据传输。' },
  calls: {
    client: [
      { call: 'connect', when: { at: 'start' } },
      { call: 'send', bytes: 5_000_000, when: { state: 'ESTABLISHED' } },
      { call: 'close', when: { ackedAll: true } },
    ],
    server: [
      { call: 'listen', when: { at: 'start' } },
      { call: 'close', when: { state: 'CLOSE_WAIT' } },
    ],
  },
  end: { client: 'CLOSED', server: 'CLOSED' },
};

function buildTrace(): ReturnType<typeof roundTrace> {
  const sim = simulate(BULK, { mode: 'practice', net: { loss: 0.02, delayMin: 5, delayMax: 40, duplicate: 0.02, reorder: 0.02 }, rtoMs: 500, mslMs: 500 }, 42, { maxEvents: TARGET_EVENTS });
  const trace = roundTrace(sim.round);
  trace.events = trace.events.slice(0, TARGET_EVENTS);
  return trace;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function time(trace: unknown, runs: number): { median: number; min: number; max: number } {
  for (let i = 0; i < 2; i++) checkTrace(trace);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    checkTrace(trace);
    times.push(performance.now() - t0);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 30;
const trace = buildTrace();
const sample = checkTrace(trace);
if (!sample.valid || sample.summary.judged !== sample.summary.correct) {
  console.error('benchmark trace does not pass checkTrace', sample.issues.slice(0, 3));
  process.exit(1);
}
const base = time(trace, runs);

const SHAPES: Record<string, Omit<TraceShape, 'events' | 'seed'>> = {
  'large writes, light faults': { loss: 0.02, duplicate: 0.02, reorder: 0.02, writeBytes: 1000 },
  'tiny writes, heavy loss and reordering': { loss: 0.1, duplicate: 0.05, reorder: 0.3, writeBytes: 10 },
};
const shapes: Record<string, { events: number; ms: number; judged: number }[]> = {};
for (const [name, shape] of Object.entries(SHAPES)) {
  shapes[name] = [];
  for (const events of [25_000, 50_000, 100_000]) {
    const t = longTrace({ ...shape, events, seed: 7 });
    const r = checkTrace(t);
    if (!r.valid || r.summary.judged !== r.summary.correct) throw new Error(`${name} ${events}: not a clean trace`);
    shapes[name].push({ events: t.events.length, ms: Number(time(t, Math.max(3, Math.round(runs / 6))).median.toFixed(1)), judged: r.summary.judged });
  }
}
const result = {
  check_trace_events: trace.events.length,
  judged: sample.summary.judged,
  runs,
  check_trace_10k_ms: Number(base.median.toFixed(2)),
  min_ms: Number(base.min.toFixed(2)),
  max_ms: Number(base.max.toFixed(2)),
  shapes: Object.fromEntries(Object.entries(shapes).map(([name, xs]) => [name, {
    points: xs,
    doubling_ratios: xs.slice(1).map((x, i) => Number((x.ms / (xs[i] as { ms: number }).ms).toFixed(2))),
  }])),
  check_trace_100k_max_ms: Math.max(...Object.values(shapes).map((xs) => (xs[xs.length - 1] as { ms: number }).ms)),
};
if (args.includes('--json')) console.log(JSON.stringify(result));
else {
  console.log(`checkTrace on ${result.check_trace_events} events (${result.judged} judged): median ${result.check_trace_10k_ms} ms over ${runs} runs (min ${result.min_ms}, max ${result.max_ms})`);
  for (const [name, s] of Object.entries(result.shapes)) {
    console.log(`  ${name}: ${s.points.map((p) => `${p.events} events ${p.ms} ms`).join(', ')}; each doubling ×${s.doubling_ratios.join(', ×')}`);
  }
}
