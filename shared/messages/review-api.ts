import { z } from 'zod';
import { SIDES } from '../tcp/types';
import { StudentQuestionSchema } from './checks';

/**
 * The review API's answers (server/http/api.ts; README "HTTP API"), as zod schemas: the review
 * page checks what it receives with these, and the server's tests check what it sends. A round's
 * trace is TRACE.md's format (shared/trace/schema.ts).
 */
const Side = z.enum(SIDES);

export const RoundResultSchema = z.object({
  /** The pair reached the goal by itself. */
  finished: z.boolean(),
  /** The scenario's lesson happened (absent in rounds stored before it existed). */
  lesson: z.boolean().optional(),
  scores: z.record(z.string(), z.number()),
  endedAt: z.string().optional(),
});

/** One pair's round in a listing. */
export const RoundListingSchema = z.object({
  round: z.number().int(),
  pairId: z.string(),
  scenario: z.string(),
  mode: z.enum(['practice', 'assessment']),
  /** Kept from the players only while the round is played (it decides the network's coming fates). */
  seed: z.number().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  players: z.record(Side, z.string()),
  playerIds: z.record(Side, z.string().nullable()).optional(),
  judge: z.array(Side).optional(),
  startedAt: z.string().optional(),
  result: RoundResultSchema.optional(),
  /** No result, and the class is gone: a crash cut the round short. */
  interrupted: z.literal(true).optional(),
  /** How many events the round's trace holds. */
  events: z.number().int().min(0),
});
export type RoundListing = z.infer<typeof RoundListingSchema>;

/** `GET /api/classes/:code/rounds` (host) and `GET /api/my/rounds` (a student, with their nickname). */
export const RoundsResponseSchema = z.object({ code: z.string(), nickname: z.string().optional(), rounds: z.array(RoundListingSchema) });
export type RoundsResponse = z.infer<typeof RoundsResponseSchema>;

const Share = z.number().min(0).max(1).nullable();
/** The concept checks of a class: pre and post scores, Hake's g of the class and per student, the share right per question before and after. */
export const ConceptReportSchema = z.object({
  questions: z.array(z.string()),
  checks: z.array(z.object({ stage: z.enum(['pre', 'post']), closed: z.boolean() })),
  max: z.number().int(),
  matched: z.number().int(),
  preMean: z.number().nullable(),
  postMean: z.number().nullable(),
  g: z.number().nullable(),
  students: z.array(z.object({ playerId: z.string(), nickname: z.string(), pre: z.number().nullable(), post: z.number().nullable(), g: z.number().nullable() })),
  shares: z.array(z.object({ id: z.string(), pre: Share, post: Share, prompt: z.object({ en: z.string(), 'zh-CN': z.string() }), rules: z.array(z.string()) })),
  /** The questions about the rules the class got wrong most in play (shared/concepts `questionsOnMissedRules`). */
  missed: z.array(z.string()),
});

/** `GET /api/classes/:code/stats`. */
export const StatsResponseSchema = z.object({
  code: z.string(),
  rows: z.array(z.record(z.string(), z.unknown())).optional(),
  mistakesByRule: z.array(z.object({ rule: z.string(), count: z.number() })),
  students: z.array(z.object({ nickname: z.string(), score: z.number(), correct: z.number(), total: z.number(), accuracy: z.number(), mistakes: z.number() })),
  /** `lessons`: pairs whose lesson happened; `flawless`: finished, with the lesson, without error. */
  scenarios: z.array(z.object({ scenario: z.string(), pairs: z.number(), finished: z.number(), lessons: z.number(), flawless: z.number(), share: z.number() })),
  /** The class's concept checks (issue 17, shared/concepts/report.ts); null when it ran none. */
  concepts: ConceptReportSchema.nullable().optional(),
});
export type StatsResponse = z.infer<typeof StatsResponseSchema>;

/** Every refusal and failure: a short English reason, nothing else. */
export const ApiErrorSchema = z.strictObject({ error: z.string() });

/** `GET /api/health`. */
export const HealthSchema = z.strictObject({ ok: z.literal(true) });

/**
 * `GET /api/classes/:code/addresses` (host): every URL students can open the game at, best first
 * (server/http/addresses.ts): `public` is `PUBLIC_URL`, `lan` an address of the server's machine,
 * `loopback` (`localhost`) only when there is nothing else — phones cannot open it.
 */
export const JoinAddressSchema = z.strictObject({
  url: z.string().regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/),
  kind: z.enum(['public', 'lan', 'loopback']),
  loopback: z.boolean(),
});
export type JoinAddressInfo = z.infer<typeof JoinAddressSchema>;
export const AddressesResponseSchema = z.strictObject({ urls: z.array(JoinAddressSchema).min(1) });
export type AddressesResponse = z.infer<typeof AddressesResponseSchema>;

/** One problem of a bank file, in both languages (shared/concepts `BankError`). */
export const BankErrorSchema = z.strictObject({ path: z.string(), question: z.string().optional(), en: z.string(), 'zh-CN': z.string() });

/**
 * `GET` and `PUT /api/classes/:code/check-bank` (host, issue 17): the bank the class's checks draw
 * from — `own` when the teacher loaded one, else the first bank — with its questions as a student
 * would see them (for choosing them by hand).
 */
export const CheckBankResponseSchema = z.strictObject({
  own: z.boolean(),
  title: z.strictObject({ en: z.string(), 'zh-CN': z.string() }),
  questions: z.array(StudentQuestionSchema),
  loadedAt: z.string().optional(),
});
export type CheckBankResponse = z.infer<typeof CheckBankResponseSchema>;

/** A bank file refused (`PUT /api/classes/:code/check-bank`): a short English reason and every problem in both languages. Nothing was changed. */
export const BankRefusalSchema = z.strictObject({ error: z.string(), errors: z.array(BankErrorSchema).min(1) });
export type BankRefusal = z.infer<typeof BankRefusalSchema>;
