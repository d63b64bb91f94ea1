import { z } from 'zod';
import { BANK_LIMITS, FIRST_BANK, QUESTION_ID, validateBank, type Question } from '../../../shared/index';

/**
 * The homework's "why" debrief (issue 17), its pure part: which questions of the bank follow a
 * scenario, and the record this browser keeps of the questions the student has got right. No
 * page, no storage: the component (debrief.tsx) reads and writes localStorage through these.
 */

/** At most this many questions after a scenario, and at least this many when the bank has them. */
export const DEBRIEF_MAX = 4;
export const DEBRIEF_MIN = 2;

/** The localStorage key of the record; a new shape gets a new version (and a new key). */
export const CONCEPTS_KEY = 'synack.concepts.v1';

/** Ids remembered at most: far more than a bank holds, small enough for any storage. */
export const RECORD_MAX_IDS = 1000;

/** What this browser remembers: the ids of the questions the student has answered right (sorted, unique). */
export const ConceptRecordSchema = z.strictObject({
  version: z.literal(1),
  right: z.array(z.string().min(1).max(BANK_LIMITS.idChars).regex(QUESTION_ID)).max(RECORD_MAX_IDS),
});
export type ConceptRecord = z.infer<typeof ConceptRecordSchema>;

export const EMPTY_RECORD: ConceptRecord = { version: 1, right: [] };

/** The stored text read back: the record, or an empty one when it is absent, not JSON or not this shape. Never throws. */
export function readRecord(raw: string | null | undefined): ConceptRecord {
  if (typeof raw !== 'string') return EMPTY_RECORD;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return EMPTY_RECORD;
  }
  const parsed = ConceptRecordSchema.safeParse(value);
  return parsed.success ? { version: 1, right: [...new Set(parsed.data.right)].sort() } : EMPTY_RECORD;
}

/**
 * `record` with `id` added when `right` (a wrong answer later never forgets an earlier right one).
 * The ids stay sorted and unique; past the cap, the new id is not added rather than an old one lost.
 */
export function withAnswer(record: ConceptRecord, id: string, right: boolean): ConceptRecord {
  if (!right || record.right.includes(id) || !QUESTION_ID.test(id) || id.length > BANK_LIMITS.idChars) return record;
  if (record.right.length >= RECORD_MAX_IDS) return record;
  return { version: 1, right: [...record.right, id].sort() };
}

/** Two records as one (another tab may have written meanwhile): every id right in either. */
export function mergeRecords(a: ConceptRecord, b: ConceptRecord): ConceptRecord {
  return { version: 1, right: [...new Set([...a.right, ...b.right])].sort().slice(0, RECORD_MAX_IDS) };
}

/** The record as stored. */
export function writeRecord(record: ConceptRecord): string {
  return JSON.stringify(record);
}

/** One question of the debrief, and whether the student had got it right before this debrief. */
export interface DebriefItem {
  question: Question;
  rightBefore: boolean;
}

/**
 * The debrief after `scenario`: the bank's questions about that scenario, the ones not yet right
 * first (in the bank's order); when fewer than `DEBRIEF_MIN` of those are left, general questions
 * (those tied to no scenario) not yet right fill up. One question already right before comes last
 * as a reminder (more when needed to reach the minimum). At most `DEBRIEF_MAX`.
 */
export function chooseDebrief(questions: readonly Question[], scenario: string, record: ConceptRecord): DebriefItem[] {
  const right = new Set(record.right);
  const related = questions.filter((q) => q.scenario === scenario);
  const fresh = related.filter((q) => !right.has(q.id));
  const known = related.filter((q) => right.has(q.id));
  if (fresh.length < DEBRIEF_MIN) {
    fresh.push(...questions.filter((q) => q.scenario === undefined && !right.has(q.id)).slice(0, DEBRIEF_MIN - fresh.length));
  }
  const chosen = fresh.slice(0, known.length > 0 ? DEBRIEF_MAX - 1 : DEBRIEF_MAX).map((question) => ({ question, rightBefore: false }));
  const reminders = known.slice(0, Math.max(1, DEBRIEF_MIN - chosen.length));
  return [...chosen, ...reminders.map((question) => ({ question, rightBefore: true }))].slice(0, DEBRIEF_MAX);
}

let firstBank: readonly Question[] | null = null;

/** The first bank's questions, validated once (a broken bank gives none rather than a broken page). */
export function firstBankQuestions(): readonly Question[] {
  if (firstBank === null) {
    const result = validateBank(FIRST_BANK);
    firstBank = result.ok ? result.bank.questions : [];
  }
  return firstBank;
}
