/**
 * `npm run bench:engine`: how long `checkTrace` takes on a 10,000-event trace. The trace is a long
 * data transfer played by two bots over a lossy, duplicating, reordering network. Prints the
 * median of several runs (and min/max), after warm-up. Not a test: figures go into the notes.
 */
import { performance } from 'node:perf_hooks';
import { checkTrace, roundTrace, simulate, type Scenario } from '../shared/index';

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

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 30;
const trace = buildTrace();
const sample = checkTrace(trace);
if (!sample.valid || sample.summary.judged !== sample.summary.correct) {
  console.error('benchmark trace does not pass checkTrace', sample.issues.slice(0, 3));
  process.exit(1);
}
for (let i = 0; i < 5; i++) checkTrace(trace);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  checkTrace(trace);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const result = {
  check_trace_events: trace.events.length,
  judged: sample.summary.judged,
  runs,
  check_trace_10k_ms: Number(median.toFixed(2)),
  min_ms: Number(times[0]!.toFixed(2)),
  max_ms: Number(times[times.length - 1]!.toFixed(2)),
};
if (args.includes('--json')) console.log(JSON.stringify(result));
else console.log(`checkTrace on ${result.check_trace_events} events (${result.judged} judged): median ${result.check_trace_10k_ms} ms over ${runs} runs (min ${result.min_ms}, max ${result.max_ms})`);
