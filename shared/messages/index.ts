import { z } from 'zod';
import { SIDES, TCP_STATES, APP_CALLS, TIMERS } from '../tcp/types';
import { NetSettingsObject, NetSettingsSchema } from '../net/faults';
import { SegmentSchema, Uint32Schema } from '../trace/schema';
import { findScenario, SCENARIO_IDS } from '../round/scenarios';
import { CUSTOM_SCENARIO_ID, SCENARIO_LIMITS, ScenarioFileSchema } from '../round/scenario-file';
import { ROUND_DEFAULTS } from '../round/defaults';
import { timingIssues } from '../round/timing';
import { SeatEventSchema, type SeatEvent } from '../round/view';
import {
  AnswerCheckSchema, CheckAnsweredSchema, CheckClosedSchema, CheckOpenedSchema, CheckResultsSchema, CheckStatusSchema, ConfigureCheckSchema, OpenCheckSchema,
} from './checks';

export * from './checks';

/**
 * The message protocol between browsers and the room, as zod schemas. Client→server messages are
 * intents (present tense); server→client events are past tense. Every handler parses its payload
 * with these schemas; a payload that fails gets an `error` reply and changes nothing.
 */

// ── Joining (options of colyseus.js create / joinById) ──

export const NICKNAME_MAX = 24;
/** The most students a class may seat (the host sets a smaller size: `maxStudents`). */
export const MAX_CLASS_SIZE = 240;
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
/**
 * A number the sender picks for an intent that is answered (an answer, a fault): the server's
 * answer to it — verdictGiven, error or faultInjected — carries it back, so a client matches
 * answers to what it sent instead of counting them.
 */
export const RequestIdSchema = z.number().int().min(0).max(2_147_483_647);
/** The request id of a raw payload, if it has a valid one (to echo even when the rest is refused). */
export function requestIdOf(payload: unknown): number | undefined {
  if (typeof payload !== 'object' || payload === null || !('rid' in payload)) return undefined;
  const r = RequestIdSchema.safeParse((payload as { rid: unknown }).rid);
  return r.success ? r.data : undefined;
}
export const SendSegmentSchema = z.object({
  flags: SegmentSchema.shape.flags,
  seq: Uint32Schema,
  ack: Uint32Schema,
  len: SegmentSchema.shape.len,
  /** The state the player says it is in after this send (judged when given). */
  state: z.enum(TCP_STATES).optional(),
  seen: SeenSchema.optional(),
  rid: RequestIdSchema.optional(),
  /** Sent to this other address (a half-open connection of the listen queue), not to the partner. */
  peer: z.string().min(1).max(64).optional(),
});
export const DeclareStateSchema = z.object({ state: z.enum(TCP_STATES), seen: SeenSchema.optional(), rid: RequestIdSchema.optional() });

/** The class's round settings, as the host sets them. */
const RoundConfigObject = z.object({
  /** A built-in scenario, or a custom one the class knows (`custom-…`, issue 16; the class checks it knows it). */
  scenario: z.union([z.enum(SCENARIO_IDS as [string, ...string[]]), z.string().max(SCENARIO_LIMITS.idChars).regex(CUSTOM_SCENARIO_ID)]),
  mode: z.enum(['practice', 'assessment']),
  net: NetSettingsSchema,
  /** Timers in network time (the clock stands still while people think). */
  rtoMs: z.number().int().min(1000).max(300_000),
  mslMs: z.number().int().min(1000).max(300_000),
  /**
   * Retransmission backoff (RFC 6298 §5.5, shared/round/backoff.ts): each expiry doubles the
   * endpoint's next RTO up to the cap. On by default; a configuration saved before it existed gets it.
   */
  backoff: z.boolean().default(ROUND_DEFAULTS.backoff),
  timeBonus: z.boolean(),
  /** ISNs the engine picks: 'textbook' below 1000, 'random' any uint32, 'auto' textbook in practice only. */
  numbers: z.enum(['auto', 'textbook', 'random']),
  /** Practice: show the number at the first mistake instead of a hint first. */
  answerAtOnce: z.boolean(),
  /** Let students see losses and the partner's segments in flight (younger classes). */
  showLosses: z.boolean(),
  /** A student who owes an answer this long (s) gets a hint; 0 never. */
  hintAfterS: z.number().int().min(0).max(3600),
  /** End the round by itself once every pair is done. */
  autoEnd: z.boolean(),
  /** The class's size: students beyond it are refused with 'class-full'. */
  maxStudents: z.number().int().min(1).max(MAX_CLASS_SIZE),
});

/**
 * Settings are refused unless the lessons can happen (shared/round/timing.ts): the RTO outlasts a
 * round trip (more where the scenario holds a segment back) and 2×MSL outlasts the RTO plus one.
 */
export const RoundConfigSchema = RoundConfigObject.superRefine((c, ctx) => {
  for (const issue of timingIssues(c, findScenario(c.scenario))) {
    ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message.en, params: { text: issue.message, minimum: issue.minimum } });
  }
});
export type RoundConfig = z.infer<typeof RoundConfigSchema>;

export const DEFAULT_ROUND_CONFIG: RoundConfig = {
  scenario: 'handshake',
  mode: 'practice',
  net: { ...ROUND_DEFAULTS.net },
  rtoMs: ROUND_DEFAULTS.rtoMs,
  mslMs: ROUND_DEFAULTS.mslMs,
  backoff: ROUND_DEFAULTS.backoff,
  timeBonus: false,
  numbers: 'auto',
  answerAtOnce: false,
  showLosses: false,
  hintAfterS: ROUND_DEFAULTS.hintAfterMs / 1000,
  autoEnd: true,
  maxStudents: 60,
};

/** Whether the engine's ISNs are textbook numbers under this configuration. */
export function textbookNumbers(c: Pick<RoundConfig, 'numbers' | 'mode'>): boolean {
  return c.numbers === 'textbook' || (c.numbers === 'auto' && c.mode === 'practice');
}

export const ConfigureRoundSchema = RoundConfigObject.omit({ net: true }).partial().extend({ net: NetSettingsObject.partial().optional() });
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
  rid: RequestIdSchema.optional(),
});
/**
 * Host: add a teacher's own scenario to this class (issue 16). The file's schema is checked here;
 * the class checks the rest (validateScenarioFile) and plays it (checkScenario) before adding it.
 */
export const AddScenarioSchema = z.object({ scenario: ScenarioFileSchema, rid: RequestIdSchema.optional() });
export const WatchPairSchema = z.object({ pairId: z.string().min(1).max(32).nullable() });
/** The bot plays this seat from now on (a student stuck, or gone). */
export const HandToBotSchema = z.object({ pairId: z.string().min(1).max(32), side: z.enum(SIDES) });
/** The host removes a student from the class (and, with `block`, keeps their device and nickname out). */
export const RemoveStudentSchema = z.object({ playerId: z.string().min(1).max(32), block: z.boolean().optional() });
/** The host renames a student (refused like a join: empty, unprintable, too long, taken). */
export const RenameStudentSchema = z.object({ playerId: z.string().min(1).max(32), nickname: z.string().max(200) });

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
  handToBot: HandToBotSchema,
  removeStudent: RemoveStudentSchema,
  renameStudent: RenameStudentSchema,
  configureCheck: ConfigureCheckSchema,
  openCheck: OpenCheckSchema,
  closeCheck: EmptySchema,
  answerCheck: AnswerCheckSchema,
  addScenario: AddScenarioSchema,
} as const;
export type IntentType = keyof typeof INTENTS;
export const HOST_INTENTS: readonly IntentType[] = ['configureRound', 'startRound', 'pauseRound', 'resumeRound', 'endRound', 'endClass', 'setPairs', 'injectFault', 'watchPair', 'handToBot', 'removeStudent', 'renameStudent', 'configureCheck', 'openCheck', 'closeCheck', 'addScenario'];
export const STUDENT_INTENTS: readonly IntentType[] = ['sendSegment', 'declareState', 'answerCheck'];

// ── Server → client events ──

export const TextSchema = z.object({ en: z.string(), 'zh-CN': z.string() });

export const FieldErrorSchema = z.object({
  field: z.enum(['flags', 'seq', 'ack', 'len', 'state']),
  rule: z.string(),
  expected: z.unknown().optional(),
  got: z.unknown(),
  /** The first mistake on this rule (practice): show the hint, which gives no answer. */
  hint: z.literal(true).optional(),
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
  issues: z.array(z.object({ path: z.string(), message: z.string(), text: TextSchema.optional() })).optional(),
  /** The refused intent's request id, when it had one. */
  rid: RequestIdSchema.optional(),
});

/** The class's timers; `backoff` absent (an older server): on, the default. */
const RoundTimingSchema = z.object({ rtoMs: z.number(), mslMs: z.number(), backoff: z.boolean().optional() });

/**
 * The pair's network clock, to its seats: network time `t` (ms) when sent, whether it runs, and
 * whom it waits for (it stands still while a person owes an answer). Timer rings and countdowns
 * run on it.
 */
export const ClockSchema = z.object({
  t: z.number(),
  running: z.boolean(),
  paused: z.boolean(),
  waiting: z.array(z.enum(['you', 'partner'])),
});
export type Clock = z.infer<typeof ClockSchema>;

/** A student has owed an answer for a long time: what kind (never which). */
export const HintSchema = z.object({ owes: z.enum(['send', 'declare']), waitedMs: z.number() });

/**
 * To one seat, one message per step of its pair's round (an answer, a delivery, a timer): the
 * events the seat may see, the clock if the step changed it, a hint if one came due. The page takes
 * it apart into `seatEvent`s, a `clock` and a `hint`, in that order, as if each had come alone; one
 * frame instead of one per event and one per clock is what a step costs the server to tell.
 */
export const SeatStepSchema = z.object({
  events: z.array(z.lazy(() => SeatEventSchema)).optional(),
  clock: ClockSchema.optional(),
  hint: HintSchema.optional(),
});
export type SeatStep = z.infer<typeof SeatStepSchema>;

/** A step's parts as the page hears them, in order: each event, then the clock, then the hint. */
export type SeatStepPart =
  | { type: 'seatEvent'; message: SeatEvent }
  | { type: 'clock'; message: Clock }
  | { type: 'hint'; message: z.infer<typeof HintSchema> };

export function stepParts(step: SeatStep): SeatStepPart[] {
  const parts: SeatStepPart[] = (step.events ?? []).map((message) => ({ type: 'seatEvent', message }));
  if (step.clock) parts.push({ type: 'clock', message: step.clock });
  if (step.hint) parts.push({ type: 'hint', message: step.hint });
  return parts;
}

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
  /** On reconnection: the clock now, the state last declared, the score so far (practice). */
  clock: ClockSchema.optional(),
  declared: z.enum(TCP_STATES).nullable().optional(),
  score: z.number().optional(),
  /** Losses and the partner's segments are shown (host setting). */
  showLosses: z.boolean().optional(),
  /** ISNs the engine picks are below 1000. */
  textbook: z.boolean().optional(),
  /** A custom scenario's title, summary and what the players achieve (a built-in one's are in the client). */
  about: z.object({ title: TextSchema, summary: TextSchema, achieved: TextSchema.optional() }).optional(),
});

// One thing a seat may see: its schema lives with the view that makes it (shared/round/view.ts).
export { SeatEventSchema, type SeatEvent } from '../round/view';

/**
 * The answer to a student's answer. Practice: right or wrong, each field at fault (at the first
 * mistake on a rule without the expected value), points, score and streak. Assessment: only that
 * it was recorded — no correctness, no score until the round ends.
 */
export const VerdictGivenSchema = z.discriminatedUnion('recorded', [
  z.object({ recorded: z.literal(true), rid: RequestIdSchema.optional() }),
  z.object({
    recorded: z.literal(false),
    /** The answer's request id, when it had one. */
    rid: RequestIdSchema.optional(),
    ok: z.boolean(),
    errors: z.array(FieldErrorSchema),
    points: z.number(),
    score: z.number(),
    streak: z.number(),
  }),
]);

/**
 * The round is over for this student: by itself (`done`, both ends at the goal), or the host ended
 * it. `lesson`: whether the scenario's lesson happened; `correct`/`answers`: this student's answers.
 */
export const RoundEndedSchema = z.object({
  round: z.number().int(),
  finished: z.boolean(),
  score: z.number(),
  done: z.boolean().optional(),
  lesson: z.boolean().optional(),
  correct: z.number().optional(),
  answers: z.number().optional(),
  /** The instructor let the bot finish this student's side. */
  handedToBot: z.boolean().optional(),
});
/**
 * To the host who asked: a fault is set on these pairs' networks (it takes the next segment that
 * matches). `pairs`: how many pairs it was set on.
 */
export const FaultInjectedSchema = z.object({
  target: z.string(),
  kind: z.enum(['drop-next', 'delay-next', 'stale-syn']),
  flag: z.enum(['SYN', 'ACK', 'FIN']).optional(),
  ms: z.number().optional(),
  pairs: z.number().int(),
  rid: RequestIdSchema.optional(),
});
export const PartnerStatusSchema = z.object({ connected: z.boolean(), bot: z.boolean() });

const SeatSummarySchema = z.object({
  name: z.string(),
  /** The state as the game names it (a state begins with the segment that makes it). */
  state: z.enum(TCP_STATES),
  declared: z.enum(TCP_STATES).nullable(),
  connected: z.boolean(),
  /** The bot plays this seat. */
  bot: z.boolean().optional(),
  /** What the seat owes now, and since how long (wall ms). */
  owes: z.enum(['send', 'declare']).nullable().optional(),
  owingMs: z.number().optional(),
  /** Who plays the seat (null: the bot from the start), and the seat's points this round (the projector's podium between rounds). */
  playerId: z.string().nullable().optional(),
  points: z.number().optional(),
});
export const PairSummarySchema = z.object({
  id: z.string(),
  client: SeatSummarySchema,
  server: SeatSummarySchema,
  progress: z.number(),
  finished: z.boolean(),
  /** The scenario's lesson happened (so far). */
  lesson: z.boolean().optional(),
  score: z.number(),
  lastMistake: z.object({ side: z.enum(SIDES), rule: z.string() }).nullable(),
  /**
   * The host's live faults on this pair this round, in the order set: waiting for their segment
   * (`armed`), spent on one (`used`), or never used before the round ended (`cancelled`).
   */
  faults: z.array(z.object({
    kind: z.enum(['drop-next', 'delay-next', 'stale-syn']),
    flag: z.enum(['SYN', 'ACK', 'FIN']).optional(),
    status: z.enum(['armed', 'used', 'cancelled']),
  })).optional(),
  /** Wall ms since the pair's round started (the dashboard's round timer). */
  elapsedMs: z.number().optional(),
});
/**
 * To the host seats only. `allDone`: every pair of the running round has finished. `totals`: each
 * student's class total and streak now. While a round runs the synced state keeps the totals of
 * the round's start (they change with every answer, and every seat of the class would be sent each
 * change); the hosts' screens take them from here, the students from their own verdicts.
 * `delta`: only the pairs and totals that changed since the dashboard before it, of the same round
 * (mergeDashboard, shared/messages/dashboard.ts, adds it to that one); without it, the whole class.
 */
export const DashboardSchema = z.object({
  round: z.number().int(),
  pairs: z.array(PairSummarySchema),
  allDone: z.boolean().optional(),
  totals: z.record(z.string(), z.object({ score: z.number(), streak: z.number() })).optional(),
  delta: z.literal(true).optional(),
});
/** The watched pair's ladder for the host seats: `reset` replaces it as a whole (a new round, another pair), else events add to it. */
export const LadderEventSchema = z.object({ pairId: z.string(), round: z.number().int().nonnegative(), events: z.array(SeatEventSchema), reset: z.boolean() });

export type Welcome = z.infer<typeof WelcomeSchema>;
export type ErrorEvent = z.infer<typeof ErrorEventSchema>;
export type RoundStarted = z.infer<typeof RoundStartedSchema>;
export type VerdictGiven = z.infer<typeof VerdictGivenSchema>;
export type FaultInjected = z.infer<typeof FaultInjectedSchema>;
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
  faultInjected: FaultInjectedSchema,
  roundEnded: RoundEndedSchema,
  partnerStatus: PartnerStatusSchema,
  dashboard: DashboardSchema,
  ladder: LadderEventSchema,
  clock: ClockSchema,
  hint: HintSchema,
  /** On the wire, a seat's `seatEvent`s, `clock` and `hint` of one step travel together in this. */
  step: SeatStepSchema,
  classEnded: z.object({ reason: z.enum(['host', 'shutdown', 'removed']) }),
  /** The round configuration, to hosts (on joining and after every change). */
  config: RoundConfigSchema,
  /** Concept checks (issue 17): to students, then to the host seats. */
  checkOpened: CheckOpenedSchema,
  checkAnswered: CheckAnsweredSchema,
  checkClosed: CheckClosedSchema,
  checkStatus: CheckStatusSchema,
  checkResults: CheckResultsSchema,
  /** To hosts: the custom scenarios this class may play (the school's and the class's own), as files. */
  scenarios: z.object({ list: z.array(ScenarioFileSchema) }),
  /** To the host who asked: the scenario passed the check (`runs` rounds all finished) and is listed. */
  scenarioAdded: z.object({ id: z.string(), runs: z.number().int(), rid: RequestIdSchema.optional() }),
} as const;
export type EventType = keyof typeof EVENTS;

