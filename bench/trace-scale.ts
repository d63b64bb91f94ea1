/**
 * `npx tsx --expose-gc bench/trace-scale.ts [--json] [--runs N] [--sizes 12500,25000,…] [--shapes a,b]`:
 * how `checkTrace`'s time grows with the trace (issue 15). For each shape of long trace
 * (tests/support/trace-shapes.ts) and each size, the median of N timings (default 3, after a
 * warm-up; a full GC before each when --expose-gc is given), the CPU time beside the wall time,
 * the ratio t(2n)/t(n) of each doubling (linear: about 2) and the 100,000-event figure.
 * `npm run -s bench -- --only trace` runs it as a section. Not a test: figures go into the notes.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { checkTrace } from '../shared/trace/check';
import { SHAPE_NAMES, shapeTrace, type ShapeName } from '../tests/support/trace-shapes';

export const TRACE_LIMITS = { ms100k: 1000, doubling: 2.2 };

export interface ShapePoint {
  events: number;
  judged: number;
  ms: number;
  cpu_ms: number;
  runs_ms: number[];
}

export interface TraceScale {
  sizes: number[];
  runs: number;
  gc_between_runs: boolean;
  /** Worst shape at the largest size (ms, median). */
  trace_100k_ms: number;
  trace_100k_worst_shape: string;
  /** Worst doubling ratio over every shape and size. */
  trace_doubling_max: number;
  shapes: Record<string, { points: ShapePoint[]; doubling_ratios: number[]; trace_100k_ms: number }>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const round = (x: number, d = 1) => Number(x.toFixed(d));
const gc = (globalThis as { gc?: () => void }).gc;

function timeOnce(trace: unknown): { ms: number; cpu: number } {
  gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  checkTrace(trace);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000 };
}

export function traceScale(sizes: number[], runs: number, shapes: readonly ShapeName[] = SHAPE_NAMES): TraceScale {
  // Warm-up: every path of the checker compiled before the first timing.
  for (const s of shapes) checkTrace(shapeTrace(s, 3000, 99));
  const out: TraceScale['shapes'] = {};
  for (const name of shapes) {
    const points: ShapePoint[] = [];
    for (const n of sizes) {
      const trace = shapeTrace(name, n, 7);
      const report = checkTrace(trace);
      if (!report.valid || report.summary.judged !== report.summary.correct) throw new Error(`${name} at ${n}: not a clean trace`);
      const times = Array.from({ length: runs }, () => timeOnce(trace));
      points.push({
        events: trace.events.length,
        judged: report.summary.judged,
        ms: round(median(times.map((t) => t.ms))),
        cpu_ms: round(median(times.map((t) => t.cpu))),
        runs_ms: times.map((t) => round(t.ms)),
      });
    }
    const doubling = points.slice(1).map((p, i) => round(p.ms / (points[i] as ShapePoint).ms, 2));
    out[name] = { points, doubling_ratios: doubling, trace_100k_ms: (points[points.length - 1] as ShapePoint).ms };
  }
  const worst = Object.entries(out).sort((a, b) => b[1].trace_100k_ms - a[1].trace_100k_ms)[0] as [string, { trace_100k_ms: number }];
  return {
    sizes,
    runs,
    gc_between_runs: gc !== undefined,
    trace_100k_ms: worst[1].trace_100k_ms,
    trace_100k_worst_shape: worst[0],
    trace_doubling_max: Math.max(...Object.values(out).flatMap((s) => s.doubling_ratios)),
    shapes: out,
  };
}

export function describeScale(r: TraceScale): string[] {
  const lines = [`checkTrace by trace length (median of ${r.runs}${r.gc_between_runs ? ', GC before each' : ''}), ms at ${r.sizes.join(' / ')} events; doubling ratios`];
  for (const [name, s] of Object.entries(r.shapes)) {
    lines.push(`  ${name.padEnd(11)} ${s.points.map((p) => String(p.ms).padStart(7)).join(' ')}   ×${s.doubling_ratios.join(' ×')}`);
  }
  lines.push(`  worst at ${r.sizes[r.sizes.length - 1]}: ${r.trace_100k_ms} ms (${r.trace_100k_worst_shape}); worst doubling ×${r.trace_doubling_max}`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, runs: { type: 'string' }, sizes: { type: 'string' }, shapes: { type: 'string' } } });
  const sizes = (values.sizes ?? '12500,25000,50000,100000').split(',').map(Number);
  const shapes = (values.shapes?.split(',') ?? SHAPE_NAMES) as ShapeName[];
  for (const s of shapes) if (!SHAPE_NAMES.includes(s)) throw new Error(`unknown shape ${s}; shapes: ${SHAPE_NAMES.join(', ')}`);
  const r = traceScale(sizes, Number(values.runs ?? 3), shapes);
  console.log(values.json ? JSON.stringify(r) : describeScale(r).join('\n'));
}
