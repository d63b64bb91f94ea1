/**
 * `npm run simulate -- [--seeds N] [--think MIN-MAX] [--scenario ID | --file SCENARIO.json]`: the human-pace simulation
 * in virtual time (shared/round/people.ts), with the class's default settings: people answer after
 * MIN–MAX seconds (default 3–40), a quarter of answers wrong first. Prints the counts; exits
 * non-zero if any round did not end by itself, missed its lesson, or fired a timer without a loss.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  addPaceCounts, checkScenario, DEFAULT_ROUND_CONFIG, parseScenarioFile, describePace, emptyPaceCounts, findScenario, SCENARIOS, simulatePace, textbookNumbers,
  type Mode, type RoundSettings,
} from '../../shared/index';

function main(): number {
  const { values } = parseArgs({ options: { seeds: { type: 'string' }, think: { type: 'string' }, scenario: { type: 'string' }, file: { type: 'string' } }, strict: true });
  // A teacher's scenario file (issue 16): read, checked as a class would check it, then simulated.
  if (values.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.file, 'utf8');
    } catch (e) {
      console.error(`${values.file}: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
    const read = parseScenarioFile(text);
    if (!read.ok) {
      for (const e of read.errors) console.error(`${values.file}: ${e.en}`);
      return 1;
    }
    const check = checkScenario(read.scenario, Number(values.seeds ?? 50));
    console.log(`${read.scenario.id}: ${check.finished}/${check.runs} runs finished (a person in each seat against the bot), longest ${check.longestMinutes.toFixed(1)} min`);
    for (const r of check.reasons) console.log(`  ${r.en} (${r.runs} runs; first: the person as ${r.example.seat}, seed ${r.example.seed})`);
    if (!check.ok) return 1;
  }
  const seeds = Number(values.seeds ?? 50);
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(values.think ?? '3-40');
  const fromFile = values.file !== undefined ? parseScenarioFile(readFileSync(values.file, 'utf8')) : null;
  const scenarios = fromFile?.ok ? [fromFile.scenario] : values.scenario ? [findScenario(values.scenario)].filter((s) => s !== undefined) : [...SCENARIOS];
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > 10_000 || !m || Number(m[1]) > Number(m[2]) || scenarios.length === 0) {
    console.error('usage: npm run simulate -- [--seeds 1-10000] [--think MIN-MAX (seconds)] [--scenario ID | --file SCENARIO.json]');
    return 2;
  }
  const think: [number, number] = [Number(m[1]) * 1000, Number(m[2]) * 1000];
  const settingsFor = (mode: Mode): RoundSettings => {
    const c = { ...DEFAULT_ROUND_CONFIG, mode };
    return { mode, net: c.net, rtoMs: c.rtoMs, mslMs: c.mslMs, textbook: textbookNumbers(c) };
  };
  const total = emptyPaceCounts();
  for (const s of scenarios) {
    const c = simulatePace(s, settingsFor, seeds, think);
    console.log(`${s.id}: ${c.endedByThemselves}/${c.rounds} ended by themselves, lessons ${c.lessons}, timers without a loss ${c.spuriousTimers}, retransmission timers ${c.retransmissionTimers}`);
    addPaceCounts(total, c);
  }
  console.log(describePace(total, scenarios.length, seeds, think));
  for (const line of total.stuck.slice(0, 10)) console.log(`stuck: ${line}`);
  return total.endedByThemselves === total.rounds && total.lessons === total.rounds && total.spuriousTimers === 0 ? 0 : 1;
}

process.exit(main());
