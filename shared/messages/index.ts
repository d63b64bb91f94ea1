import { z } from 'zod';
import { SIDES, TCP_STATES, APP_CALLS, TIMERS } from '../tcp/types';
import { NetSettingsObject, NetSettingsSchema } from '../net/faults';
import { SegmentSchema, Uint32Schema } from '../trace/schema';
import { SCENARIO_IDS } from '../round/scenarios';

/**
 * The message protocol between browsers and the room, as zod schemas. Client→server messages are
 * intents (present tense); server→client events are past tense. Every handler parses its payload
 * with these schemas; a payload that fails gets an `error` reply and changes nothing.
 */

// ── Joining (options of colyseus.js create / joinById) ──

export const NICKNAME_MAX = 24;
export const CLASS_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CLASS_CODE_LENGTH = 7;

/** A class code as typed: case and separators are forgiven. */
export function normalizeClassCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '');
}

export const ClassCodeSchema = z
  .string()
  .max(32)
  .transform(normalizeClassCode)
  .refine((c) => c.length === CLASS_CODE_LENGTH && [...c].every((ch) => CLASS_CODE_ALPHABET.includes(ch)), 'not a class code');

export const HostKeySchema = z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, 'not a host key');

/** Options of `create('class', …)`: the host opens a class. */
export const CreateClassOptionsSchema = z.object({ lang: z.enum(['en', 'zh-CN']).optional() }).strip();

/** Options of `joinById(code, …)`: a student with a nickname, or the host with the host key. */
export const JoinOptionsSchema = z.union([
  z.object({ nickname: z.string().max(200) }).strip(),
  z.object({ hostKey: HostKeySchema }).strip(),
]);

// ── Client → server intents ──

/**
 * How many inputs to the player's endpoint (countInputs) the player had been shown when it
 * answered. When given and something newer has reached the endpoint, the answer is not judged:
 * error 'stale', and the player answers again having seen it.
 */
const SeenSchema = z.number().int().min(0).max(1_000_000);
export const SendSegmentSchema = z.object({
  flags: SegmentSchema.shape.flags,
  seq: Uint32Schema,
  ack: Uint32Schema,
  len: SegmentSchema.shape.len,
  /** The state the player says it is in after this send (judged when given). */
  state: z.enum(TCP_STATES).optional(),
  seen: SeenSchema.optional(),
});
export const DeclareStateSchema = z.object({ state: z.enum(TCP_STATES), seen: SeenSchema.optional() });

export const RoundConfigSchema = z.object({
  scenario: z.enum(SCENARIO_IDS as [string, ...string[]]),
  mode: z.enum(['practice', 'assessment']),
  net: NetSettingsSchema,
  rtoMs: z.number().int().min(1000).max(300_000),
  mslMs: z.number().int().min(1000).max(300_000),
  timeBonus: z.boolean(),
});
export type RoundConfig = z.infer<typeof RoundConfigSchema>;

export const DEFAULT_ROUND_CONFIG: RoundConfig = {
  scenario: 'handshake',
  mode: 'practice',
  net: { loss: 0, delayMin: 800, delayMax: 1500, duplicate: 0, reorder: 0 },
  rtoMs: 20_000,
  mslMs: 15_000,
  timeBonus: false,
};

export const ConfigureRoundSchema = RoundConfigSchema.omit({ net: true }).partial().extend({ net: NetSettingsObject.partial().optional() });
export const EmptySchema = z.object({}).strip().optional();
export const SetPairsSchema = z.object({
  /** Every student in exactly one pair; `b: null` pairs the student with the bot. */
  pairs: z.array(z.object({ a: z.string().min(1).max(32), b: z.string().min(1).max(32).nullable() })).max(500),
});
export const InjectFaultSchema = z.object({
  /** A pair id, or "all". */
  target: z.string().min(1).max(32),
  kind: z.enum(['drop-next', 'delay-next', 'stale-syn']),
  flag: z.enum(['SYN', 'ACK', 'FIN']).optional(),
  ms: z.number().int().min(1).max(120_000).optional(),
});
export const WatchPairSchema = z.object({ pairId: z.string().min(1).max(32).nullable() });

/** Every client→server message type and its schema; anything else is refused. */
export const INTENTS = {
  sendSegment: SendSegmentSchema,
  declareState: DeclareStateSchema,
  configureRound: ConfigureRoundSchema,
  startRound: EmptySchema,
  pauseRound: EmptySchema,
  resumeRound: EmptySchema,
  endRound: EmptySchema,
  endClass: EmptySchema,
  setPairs: SetPairsSchema,
  injectFault: InjectFaultSchema,
  watchPair: WatchPairSchema,
} as const;
export type IntentType = keyof typeof INTENTS;
export const HOST_INTENTS: readonly IntentType[] = ['configureRound', 'startRound', 'pauseRound', 'resumeRound', 'endRound', 'endClass', 'setPairs', 'injectFault', 'watchPair'];
export const STUDENT_INTENTS: readonly IntentType[] = ['sendSegment', 'declareState'];

// ── Server → client events ──

export const TextSchema = z.object({ en: z.string(), 'zh-CN': z.string() });

export const FieldErrorSchema = z.object({
  field: z.enum(['flags', 'seq', 'ack', 'len', 'state']),
  rule: z.string(),
  expected: z.unknown().optional(),
  got: z.unknown(),
});

export const WelcomeSchema = z.object({
  you: z.object({ id: z.string(), nickname: z.string(), role: z.enum(['student', 'host']) }),
  code: z.string(),
  /** Only to the host, only when the class is created. */
  hostKey: z.string().optional(),
  /** Only to a student, when first seated: opens their own replays after class. */
  replayToken: z.string().optional(),
});

export const ErrorEventSchema = z.object({
  code: z.string(),
  message: TextSchema,
  /** The intent that was refused, if any. */
  intent: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

const RoundTimingSchema = z.object({ rtoMs: z.number(), mslMs: z.number() });

/** To one student: a round begins and this is their part in it. */
export const RoundStartedSchema = z.object({
  round: z.number().int(),
  scenario: z.string(),
  mode: z.enum(['practice', 'assessment']),
  side: z.enum(SIDES),
  partner: z.string(),
  timing: RoundTimingSchema,
  /** Serialized view so far (on reconnection: everything already shown to this seat). */
  history: z.array(z.lazy(() => SeatEventSchema)).optional(),
});

/** One thing a seat may see, in the order it happened (t: ms since round start). */
export const SeatEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('app'), t: z.number(), call: z.enum(APP_CALLS), bytes: z.number().optional() }),
  z.object({ kind: z.literal('sent'), t: z.number(), id: z.string(), side: z.enum(SIDES), segment: SegmentSchema, origin: z.enum(['player', 'auto', 'network']), state: z.enum(TCP_STATES).optional() }),
  z.object({ kind: z.literal('delivered'), t: z.number(), id: z.string(), to: z.enum(SIDES), segment: SegmentSchema }),
  z.object({ kind: z.literal('lost'), t: z.number(), id: z.string() }),
  z.object({ kind: z.literal('timer'), t: z.number(), timer: z.enum(TIMERS), action: z.enum(['fired']) }),
  z.object({ kind: z.literal('declared'), t: z.number(), side: z.enum(SIDES), state: z.enum(TCP_STATES) }),
]);
export type SeatEvent = z.infer<typeof SeatEventSchema>;

export const VerdictGivenSchema = z.object({
  ok: z.boolean(),
  /** Assessment mode: the mistake is recorded silently (no errors sent). */
  recorded: z.boolean(),
  errors: z.array(FieldErrorSchema),
  points: z.number(),
  score: z.number(),
  streak: z.number(),
});

export const RoundEndedSchema = z.object({ round: z.number().int(), finished: z.boolean(), score: z.number() });
export const PartnerStatusSchema = z.object({ connected: z.boolean(), bot: z.boolean() });

export const PairSummarySchema = z.object({
  id: z.string(),
  client: z.object({ name: z.string(), state: z.enum(TCP_STATES), declared: z.enum(TCP_STATES).nullable(), connected: z.boolean() }),
  server: z.object({ name: z.string(), state: z.enum(TCP_STATES), declared: z.enum(TCP_STATES).nullable(), connected: z.boolean() }),
  progress: z.number(),
  finished: z.boolean(),
  score: z.number(),
  lastMistake: z.object({ side: z.enum(SIDES), rule: z.string() }).nullable(),
});
/** To the host only. */
export const DashboardSchema = z.object({ round: z.number().int(), pairs: z.array(PairSummarySchema) });
export const LadderEventSchema = z.object({ pairId: z.string(), events: z.array(SeatEventSchema), reset: z.boolean() });

export type Welcome = z.infer<typeof WelcomeSchema>;
export type ErrorEvent = z.infer<typeof ErrorEventSchema>;
export type RoundStarted = z.infer<typeof RoundStartedSchema>;
export type VerdictGiven = z.infer<typeof VerdictGivenSchema>;
export type RoundEnded = z.infer<typeof RoundEndedSchema>;
export type Dashboard = z.infer<typeof DashboardSchema>;
export type PairSummary = z.infer<typeof PairSummarySchema>;

/** Every server→client event type and its schema (the browser validates what it receives). */
export const EVENTS = {
  welcome: WelcomeSchema,
  error: ErrorEventSchema,
  roundStarted: RoundStartedSchema,
  seatEvent: SeatEventSchema,
  verdictGiven: VerdictGivenSchema,
  roundEnded: RoundEndedSchema,
  partnerStatus: PartnerStatusSchema,
  dashboard: DashboardSchema,
  ladder: LadderEventSchema,
  classEnded: z.object({ reason: z.enum(['host', 'shutdown']) }),
} as const;
export type EventType = keyof typeof EVENTS;

