import { findScenario, type LessonStep, type Scenario } from '../round/scenarios';
import { checkTrace, type TraceReport } from '../trace/check';
import type { Side } from '../tcp/types';

/**
 * Whether a recorded round's lesson happened (GAME.md "Rounds always finish"; issue 11): a round
 * can reach its goal without the thing it was played for (the SYNs never crossed, the repeated FIN
 * found the client already CLOSED), and the review must not count it as a success.
 */
export interface LessonOutcome {
  /** Every step of the scenario's lesson happened (true for a scenario without one). */
  happened: boolean;
  /** The steps that never fired in the trace ([] when the stored result decided it). */
  missing: LessonStep[];
  /** Who decided: the result the server stored at the end of the round, or the trace's table rows. */
  source: 'stored' | 'trace';
}

/** What `lessonOutcome` may be given beside the scenario and the trace. */
export interface LessonOptions {
  /** The round result's `lesson`, when the server stored one: it wins over the trace. */
  stored?: boolean | undefined;
  /** The trace's checkTrace report, when the caller already has it (saves judging it again). */
  report?: TraceReport;
}

/** The transition-table rows that fired on each side over the whole trace (checkTrace's `rows`). */
export function firedRows(report: TraceReport): Record<Side, Set<string>> {
  const out: Record<Side, Set<string>> = { client: new Set(), server: new Set() };
  for (const e of report.events) if (e.rows) for (const id of e.rows.ids) out[e.rows.side].add(id);
  return out;
}

/** The lesson steps of a scenario given as an object or by id ([] for an unknown id or none). */
function stepsOf(scenario: Scenario | string | undefined): readonly LessonStep[] {
  const sc = typeof scenario === 'string' ? findScenario(scenario) : scenario;
  return sc?.lesson ?? [];
}

/**
 * The lesson of one round and what it lacks. Pure. A stored `result.lesson` wins when present
 * (rounds stored before it existed have none); otherwise every lesson step (a table row on a side)
 * must have fired somewhere in the trace, in any order, as `lessonHappened` judges a live round.
 * An invalid trace fired nothing, so a scenario with a lesson did not have it.
 */
export function lessonOutcome(scenario: Scenario | string | undefined, trace: unknown, opts: LessonOptions = {}): LessonOutcome {
  if (opts.stored !== undefined) return { happened: opts.stored, missing: [], source: 'stored' };
  const steps = stepsOf(scenario);
  if (steps.length === 0) return { happened: true, missing: [], source: 'trace' };
  const fired = firedRows(opts.report ?? checkTrace(trace));
  const missing = steps.filter((s) => !fired[s.side].has(s.row)).map((s) => ({ ...s }));
  return { happened: missing.length === 0, missing, source: 'trace' };
}

/** Whether the round's lesson happened: `lessonOutcome(…).happened`. */
export function lessonOf(scenario: Scenario | string | undefined, trace: unknown, opts: LessonOptions = {}): boolean {
  return lessonOutcome(scenario, trace, opts).happened;
}
