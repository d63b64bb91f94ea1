import { z } from 'zod';
import { SIDES, TCP_STATES } from '../tcp/types';

/**
 * Concept checks as data: a bank of "why" questions (multiple-choice and numeric) about TCP
 * connection management, each in English and Simplified Chinese, each tied to the rule ids and/or
 * the scenario it is about. This file is the shape of a bank file (version 1); `parseBank`
 * (parse.ts) adds the checks a schema cannot express (unique ids, known rules and scenarios,
 * exactly one correct option) and words every problem in both languages.
 */

/** Limits that make a huge or hostile file cheap to refuse. */
export const BANK_LIMITS = {
  /** Characters of the whole file, checked before it is parsed as JSON. */
  fileChars: 512 * 1024,
  questions: 200,
  /** A prompt or an explanation, per language. */
  textChars: 800,
  /** An option's text or the bank's title, per language. */
  shortChars: 200,
  rulesPerQuestion: 8,
  idChars: 64,
} as const;

/** A question id: lowercase letters, digits and hyphens, starting with a letter or digit. */
export const QUESTION_ID = /^[a-z0-9][a-z0-9-]*$/;

const textIn = (max: number) =>
  z.strictObject({
    en: z.string().trim().min(1).max(max),
    'zh-CN': z.string().trim().min(1).max(max),
  });

const Id = z.string().min(1).max(BANK_LIMITS.idChars).regex(QUESTION_ID);
/** A send id of a trace (TRACE.md: any string, unique per send). */
const SendId = z.string().min(1).max(BANK_LIMITS.idChars);
const SeqField = z.enum(['seq', 'ack']);

/** The event of a golden trace a question is about: a send (by its id) or the first delivery of it. */
export const TraceAtSchema = z.union([z.strictObject({ send: SendId }), z.strictObject({ deliver: SendId })]);

/** What a question relates to: table rows / judge rules by id, and/or a scenario by id. */
const relates = {
  rules: z.array(z.string().min(1).max(80)).max(BANK_LIMITS.rulesPerQuestion).optional(),
  scenario: z.string().min(1).max(BANK_LIMITS.idChars).optional(),
};

export const OptionSchema = z.strictObject({
  text: textIn(BANK_LIMITS.shortChars),
  /** The one correct option carries `correct: true`. */
  correct: z.boolean().optional(),
  /** The TCP state this option names, when it names one (then the engine can check it). */
  state: z.enum(TCP_STATES).optional(),
});

export const ChoiceQuestionSchema = z.strictObject({
  id: Id,
  kind: z.literal('multiple-choice'),
  prompt: textIn(BANK_LIMITS.textChars),
  options: z.array(OptionSchema).min(2).max(6),
  explanation: textIn(BANK_LIMITS.textChars),
  ...relates,
  /**
   * The correct option names the state `side` is in (RFC 9293's, as `checkTrace` reports it) right
   * after event `at` of the scenario's golden trace: the engine, not the author, decides it.
   */
  fromTrace: z.strictObject({ trace: z.string().min(1).max(BANK_LIMITS.idChars), at: TraceAtSchema, side: z.enum(SIDES) }).optional(),
});

export const NumericQuestionSchema = z.strictObject({
  id: Id,
  kind: z.literal('numeric'),
  prompt: textIn(BANK_LIMITS.textChars),
  /** The answer: an unsigned 32-bit integer (a seq or ack number, or a count). */
  answer: z.int().min(0).max(0xffffffff),
  explanation: textIn(BANK_LIMITS.textChars),
  ...relates,
  /**
   * The answer is the value the engine expects in `field` of send `send` in the scenario's golden
   * trace, minus (mod 2³²) `relativeTo`'s field of another send when given (a relative number).
   */
  fromTrace: z
    .strictObject({
      trace: z.string().min(1).max(BANK_LIMITS.idChars),
      send: SendId,
      field: SeqField,
      relativeTo: z.strictObject({ send: SendId, field: SeqField }).optional(),
    })
    .optional(),
});

export const QuestionSchema = z.discriminatedUnion('kind', [ChoiceQuestionSchema, NumericQuestionSchema]);

/** A bank file, version 1. */
export const BankSchema = z.strictObject({
  version: z.literal(1),
  title: textIn(BANK_LIMITS.shortChars),
  questions: z.array(QuestionSchema).min(1).max(BANK_LIMITS.questions),
});

export type LocalText = { en: string; 'zh-CN': string };
export type TraceAt = z.infer<typeof TraceAtSchema>;
export type ChoiceOption = z.infer<typeof OptionSchema>;
export type ChoiceQuestion = z.infer<typeof ChoiceQuestionSchema>;
export type NumericQuestion = z.infer<typeof NumericQuestionSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type Bank = z.infer<typeof BankSchema>;
/** A bank as written (before parsing; the same shape, the optional fields optional). */
export type BankInput = z.input<typeof BankSchema>;
