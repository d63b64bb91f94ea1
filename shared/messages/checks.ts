import { z } from 'zod';
import { CHECK_SIZE, CHECK_STAGES } from '../concepts/run';
import { BANK_LIMITS, QUESTION_ID } from '../concepts/schema';

/**
 * The concept checks' messages (issue 17 item 2). The host configures a check (questions chosen
 * by id from the bank, or N drawn by the server), opens it as `pre` (in the lobby before the first
 * round) or `post` (in the lobby after a round), and closes it; a student answers one question at a
 * time. A student's first answer to a question is final: a second one is refused
 * (`check-already-answered`). Until the check has closed, nothing sent to a student tells an
 * answer, an explanation or a score; after it, each student who answered gets their own result,
 * with the right answer and the explanation of each question they answered.
 */

const Text = z.object({ en: z.string(), 'zh-CN': z.string() });
const RequestId = z.number().int().min(0).max(2_147_483_647);
const QuestionId = z.string().min(1).max(BANK_LIMITS.idChars).regex(QUESTION_ID, 'not a question id');
export const CheckStageSchema = z.enum(CHECK_STAGES);

/** Host: the questions of the class's check, by id (5–10, each once), or `random` of the bank's drawn by the server. Refused once a check has opened. */
export const ConfigureCheckSchema = z.union([
  z.object({
    questions: z.array(QuestionId).min(CHECK_SIZE.min).max(CHECK_SIZE.max).refine((ids) => new Set(ids).size === ids.length, 'a question is listed twice'),
  }).strict(),
  z.object({ random: z.number().int().min(CHECK_SIZE.min).max(CHECK_SIZE.max) }).strict(),
]);
/** Host: open the check as `pre` or `post`. */
export const OpenCheckSchema = z.object({ stage: CheckStageSchema });
/** Student: an answer to one question of the open check: an option's index in the bank's order (as sent), or the number. */
export const AnswerCheckSchema = z.object({
  question: QuestionId,
  answer: z.number().int().min(0).max(0xffffffff),
  rid: RequestId.optional(),
});

/** A question as a student sees it while the check is open (shared/concepts `studentQuestion`). */
export const StudentQuestionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ id: z.string(), kind: z.literal('multiple-choice'), prompt: Text, options: z.array(Text) }),
  z.strictObject({ id: z.string(), kind: z.literal('numeric'), prompt: Text }),
]);

/** To a student: a check is open; its questions in this student's order, and those it already answered (on a reconnection). */
export const CheckOpenedSchema = z.strictObject({
  stage: CheckStageSchema,
  questions: z.array(StudentQuestionSchema),
  answered: z.array(z.string()),
});
/** To the student who answered, once the answer is stored: it counts. Nothing about right or wrong. */
export const CheckAnsweredSchema = z.strictObject({ stage: CheckStageSchema, question: z.string(), rid: RequestId.optional() });

/** One question of a student's result: their answer; the right one and the explanation only when they answered it. */
export const CheckResultItemSchema = z.union([
  z.strictObject({ id: z.string(), answer: z.null() }),
  z.strictObject({ id: z.string(), answer: z.number(), right: z.boolean(), correct: z.number(), explanation: Text }),
]);
/** To every student: the check closed; `result` only to a student who answered at least one question (sent again when it comes back later). */
export const CheckClosedSchema = z.strictObject({
  stage: CheckStageSchema,
  /** With a result: the check's questions as this student was shown them (no answer in them), so a page opened afresh can word the result. */
  questions: z.array(StudentQuestionSchema).optional(),
  result: z.strictObject({ score: z.number().int(), max: z.number().int(), questions: z.array(CheckResultItemSchema) }).optional(),
});

/**
 * To the host seats (dashboard and projector): the check as configured (questions as students see
 * them, the bank's order), which one is open, which are done, and while one is open how many
 * answers it has — counts only, never what was answered.
 */
export const CheckStatusSchema = z.strictObject({
  questions: z.array(StudentQuestionSchema),
  open: CheckStageSchema.nullable(),
  closed: z.array(CheckStageSchema),
  /** Of the open check (else the last closed one): answers stored, students who answered one or more, students who answered all. */
  answers: z.number().int(),
  answering: z.number().int(),
  complete: z.number().int(),
  /** Students in the class now. */
  students: z.number().int(),
});

/** To the host seats after a check closed: per question, how many answered and were right, and (multiple choice) how many chose each option. */
export const CheckResultsSchema = z.strictObject({
  stage: CheckStageSchema,
  max: z.number().int(),
  /** Students who answered at least one question. */
  students: z.number().int(),
  questions: z.array(z.strictObject({
    id: z.string(),
    kind: z.enum(['multiple-choice', 'numeric']),
    correct: z.number(),
    answers: z.number().int(),
    right: z.number().int(),
    options: z.array(z.number().int()).optional(),
  })),
});

export type CheckOpened = z.infer<typeof CheckOpenedSchema>;
export type CheckAnswered = z.infer<typeof CheckAnsweredSchema>;
export type CheckClosed = z.infer<typeof CheckClosedSchema>;
export type CheckStatus = z.infer<typeof CheckStatusSchema>;
export type CheckResults = z.infer<typeof CheckResultsSchema>;
