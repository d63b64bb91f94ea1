/**
 * `npm run bench:play [-- --against <checkout>] [-- --json]`: what the pure play costs per answer,
 * in one process with no server around it — the share of a segment's CPU that is the game's own
 * rules. Every scenario is played by two people who answer correctly 700 ms after they come to owe
 * something (`simulatePeople`, the pipeline of the human-pace sweeps: answers, declarations and the
 * clock's ticks through shared/round/play.ts). Medians of 9 runs after warm-up.
 *
 * `--against <checkout>`: the same play from another checkout's `shared/` alternately in the same
 * process (before/after a change to the engine, measured side by side on a noisy machine).
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as here from '../shared/index';

type Shared = typeof here;

const { values: opt } = parseArgs({ options: { against: { type: 'string' }, json: { type: 'boolean' }, runs: { type: 'string' }, seeds: { type: 'string' } } });
const RUNS = Number(opt.runs ?? 9);
const SEEDS = Number(opt.seeds ?? 30);

const SETTINGS = { mode: 'practice', rtoMs: 8000, mslMs: 6000, textbook: true, net: { loss: 0, delayMin: 0, delayMax: 0, duplicate: 0, reorder: 0 } } as const;

/** Every scenario, `seeds` plays each; the number of answers given. */
function playAll(M: Shared, seeds: number): number {
  let answers = 0;
  for (const scenario of M.SCENARIOS) {
    for (let seed = 0; seed < seeds; seed++) {
      answers += M.simulatePeople(scenario, SETTINGS, seed, { humans: { client: true, server: true }, thinkMs: [700, 700], wrongRate: 0, seed }).answers;
    }
  }
  return answers;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

const lines: [string, Shared][] = [['this checkout', here]];
if (opt.against) lines.unshift(['against', (await import(pathToFileURL(path.resolve(opt.against, 'shared/index.ts')).href)) as Shared]);
for (let i = 0; i < 2; i++) for (const [, M] of lines) playAll(M, Math.max(1, SEEDS >> 2));
const times = new Map<string, number[]>(lines.map(([k]) => [k, []]));
let answers = 0;
for (let i = 0; i < RUNS; i++) {
  for (const [k, M] of lines) {
    const t0 = performance.now();
    answers = playAll(M, SEEDS);
    times.get(k)!.push(performance.now() - t0);
  }
}
const us = (k: string) => Math.round((1000 * median(times.get(k)!)) / answers * 10) / 10;
const result: Record<string, unknown> = { answers_per_run: answers, runs: RUNS, play_us_per_answer: us('this checkout') };
if (opt.against) {
  result.against_us_per_answer = us('against');
  result.ratio = Math.round((us('this checkout') / us('against')) * 1000) / 1000;
}
if (opt.json) console.log(JSON.stringify(result));
else {
  console.log(`pure play: ${result.play_us_per_answer} µs per answer (median of ${RUNS} runs of ${answers} answers: every scenario, two people answering, the clock's ticks)`);
  if (opt.against) console.log(`  against ${opt.against}: ${result.against_us_per_answer} µs per answer; this / that ${result.ratio}`);
}
