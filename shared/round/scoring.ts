import type { FieldError } from '../tcp/judge';

/**
 * Points (GAME.md): per correct field of a send (flags, seq, ack, len) and per correct declared
 * state, a streak bonus for answers in a row that are wholly right, and, only when the host turns
 * it on, a small bonus for answering within a few seconds (speed points are an accessibility
 * barrier, so they are off by default).
 */
export const POINTS = {
  perField: 10,
  streakStep: 5,
  streakCap: 5,
  timeBonus: 5,
  timeBonusWithinMs: 10_000,
} as const;

export interface Answer {
  /** The fields this answer was judged on: a send has four (five with a declared state), a declaration one. */
  fields: number;
  errors: readonly FieldError[];
  /** Whether the answer did something the endpoint owed (a redundant extra ACK earns nothing). */
  owed: boolean;
  /** Practice mode: a refused attempt earns nothing (the student tries again). */
  refusedCountsZero: boolean;
  /** How long the player took since the prompt, when the time bonus is on. */
  answeredInMs?: number;
  timeBonus: boolean;
}

export interface Scored {
  points: number;
  streak: number;
}

/** The points an answer earns and the streak after it. Pure. */
export function scoreAnswer(answer: Answer, streak: number): Scored {
  const ok = answer.errors.length === 0;
  if (!ok) {
    const wrongFields = new Set(answer.errors.map((e) => e.field)).size;
    const points = answer.refusedCountsZero ? 0 : Math.max(0, answer.fields - wrongFields) * POINTS.perField;
    return { points, streak: 0 };
  }
  if (!answer.owed) return { points: 0, streak };
  const next = streak + 1;
  let points = answer.fields * POINTS.perField + POINTS.streakStep * Math.min(next - 1, POINTS.streakCap);
  if (answer.timeBonus && answer.answeredInMs !== undefined && answer.answeredInMs <= POINTS.timeBonusWithinMs) points += POINTS.timeBonus;
  return { points, streak: next };
}
