import { z } from 'zod';
import { QUEUE_ROWS } from '../tcp/listen-queue';
import { TRANSITIONS } from '../tcp/table';
import { APP_CALLS, FLAGS, SIDES, TCP_STATES } from '../tcp/types';
import { MAX_BACKLOG, MAX_SYNACK_RETRIES } from '../trace/schema';
import { formatPath, zodWords } from '../messages/zod-words';
import { SCENARIO_IDS, type Scenario } from './scenarios';

/**
 * A teacher's own scenario as a file (issue 16): the same data as a built-in `Scenario`, in JSON,
 * version 1. `parseScenarioFile` reads one without ever throwing and words every problem in both
 * languages; whether the scenario can be played to its end is `checkScenario`'s question
 * (check-scenario.ts).
 */

/**
 * Limits that make a huge or hostile file cheap to refuse. The largest valid file, sent by a host as
 * one websocket message, stays under the server's 8 KB message limit (server/rooms/limits.ts).
 */
export const SCENARIO_LIMITS = {
  /** Characters of the whole file, checked before it is parsed as JSON. */
  fileChars: 32 * 1024,
  idChars: 48,
  titleChars: 60,
  summaryChars: 300,
  achievedChars: 400,
  callsPerSide: 12,
  faultRules: 8,
  injections: 4,
  lessonSteps: 8,
  /** Octets of one scripted send, and of a `received` trigger. */
  bytes: 2000,
  /** Segments one fault rule applies to. */
  count: 100,
} as const;

/** The format name a scenario file carries. */
export const SCENARIO_FORMAT = 'synack-scenario';

/**
 * A custom scenario's id: `custom-` then lowercase letters, digits and hyphens. No built-in
 * scenario's id starts with `custom-`, so a teacher's scenario can never stand in for one.
 */
export const CUSTOM_SCENARIO_ID = /^custom-[a-z0-9][a-z0-9-]*$/;

/** Whether an id names a custom scenario (it may still be unknown to a class). */
export function isCustomScenarioId(id: string): boolean {
  return id.length <= SCENARIO_LIMITS.idChars && CUSTOM_SCENARIO_ID.test(id);
}

/** Rows a lesson step or a release may name: the transition table's and the listen queue's. */
const ROW_IDS: ReadonlySet<string> = new Set([...TRANSITIONS.map((r) => r.id), ...QUEUE_ROWS.map((r) => r.id)]);

const text = (max: number) => z.strictObject({ en: z.string().trim().min(1).max(max), 'zh-CN': z.string().trim().min(1).max(max) });
const Side = z.enum(SIDES);
const State = z.enum(TCP_STATES);
const Row = z.string().min(1).max(64);

const TriggerSchema = z.union([
  z.strictObject({ at: z.literal('start') }),
  z.strictObject({ state: State }),
  z.strictObject({ received: z.int().min(1).max(SCENARIO_LIMITS.bytes * SCENARIO_LIMITS.callsPerSide) }),
  z.strictObject({ sentAll: z.literal(true) }),
  z.strictObject({ ackedAll: z.literal(true) }),
]);

const CallSchema = z.strictObject({
  call: z.enum(APP_CALLS),
  bytes: z.int().min(1).max(SCENARIO_LIMITS.bytes).optional(),
  when: TriggerSchema,
  /** connect only: on the ports of this side's earlier connection (a new incarnation). */
  reuse: z.literal(true).optional(),
  /** A fallback the round may end without; only a side's last calls. */
  optional: z.literal(true).optional(),
  /** listen only: the listen queue's room for half-open connections, and its SYN+ACK retries. */
  backlog: z.int().min(1).max(MAX_BACKLOG).optional(),
  synAckRetries: z.int().min(0).max(MAX_SYNACK_RETRIES).optional(),
});

const ReleaseSchema = z.union([
  z.strictObject({ side: Side, sent: z.enum(['SYN', 'FIN']) }),
  z.strictObject({ side: Side, row: Row }),
]);

const FaultRuleSchema = z.strictObject({
  side: Side,
  flags: z.array(z.enum(FLAGS)).max(FLAGS.length).optional(),
  withData: z.boolean().optional(),
  state: State.optional(),
  count: z.int().min(1).max(SCENARIO_LIMITS.count).optional(),
  action: z.enum(['drop', 'hold']),
  release: ReleaseSchema.optional(),
});

const InjectionSchema = z.strictObject({
  side: Side,
  /** The network injects old duplicate SYNs only. */
  flags: z.tuple([z.literal('SYN')]),
  when: z.union([z.strictObject({ side: Side, state: State }), z.strictObject({ side: Side, sent: z.enum(['SYN', 'FIN']) })]).optional(),
  arrives: z.literal('now').optional(),
  /** 'own-isn': an old copy of the side's own SYN of its connection now (default: an older connection's number). */
  seq: z.literal('own-isn').optional(),
  /** From this other address (a forged source; a SYN flood) instead of an old copy of the side's. */
  peer: z.string().min(1).max(64).regex(/^[0-9A-Za-z.:-]+$/).optional(),
});

export const ScenarioFileSchema = z.strictObject({
  format: z.literal(SCENARIO_FORMAT),
  version: z.literal(1),
  id: z.string().min(1).max(SCENARIO_LIMITS.idChars).regex(CUSTOM_SCENARIO_ID),
  title: text(SCENARIO_LIMITS.titleChars),
  summary: text(SCENARIO_LIMITS.summaryChars),
  achieved: text(SCENARIO_LIMITS.achievedChars).optional(),
  prelude: z.literal('handshake').optional(),
  calls: z.strictObject({
    client: z.array(CallSchema).max(SCENARIO_LIMITS.callsPerSide),
    server: z.array(CallSchema).max(SCENARIO_LIMITS.callsPerSide),
  }),
  faults: z.strictObject({
    plan: z.array(FaultRuleSchema).max(SCENARIO_LIMITS.faultRules).optional(),
    inject: z.array(InjectionSchema).max(SCENARIO_LIMITS.injections).optional(),
    suggestedLoss: z.number().min(0).max(0.5).optional(),
  }).optional(),
  end: z.strictObject({ client: State, server: State }),
  lesson: z.array(z.strictObject({ side: Side, row: Row })).max(SCENARIO_LIMITS.lessonSteps).optional(),
  rtoFlights: z.int().min(2).max(8).optional(),
});

export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;

export interface ScenarioText {
  en: string;
  'zh-CN': string;
}

/** One problem of a scenario file: where (a path into the file), in both languages. */
export interface ScenarioError extends ScenarioText {
  path: string;
}

export type ScenarioFileResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** At most this many errors are reported. */
export const MAX_SCENARIO_ERRORS = 20;

/**
 * Read a scenario file (JSON text). Never throws: a file too long is refused before it is parsed;
 * otherwise the result is the scenario, or its problems in English and Chinese.
 */
export function parseScenarioFile(input: unknown): ScenarioFileResult {
  if (typeof input !== 'string') return fail(T('The file is not text.', '文件不是文本。'));
  if (input.length > SCENARIO_LIMITS.fileChars) {
    const kb = Math.round(SCENARIO_LIMITS.fileChars / 1024);
    return fail(T(`The file is too large (at most ${kb} KB).`, `文件过大（最多 ${kb} KB）。`));
  }
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch {
    return fail(T('The file is not valid JSON.', '文件不是有效的 JSON。'));
  }
  return validateScenarioFile(value);
}

/** The same checks as `parseScenarioFile` on a value already read from JSON. Never throws. */
export function validateScenarioFile(value: unknown): ScenarioFileResult {
  try {
    const parsed = ScenarioFileSchema.safeParse(value);
    if (!parsed.success) return { ok: false, errors: parsed.error.issues.slice(0, MAX_SCENARIO_ERRORS).map((i) => fromZod(value, i)) };
    const errors = semanticErrors(parsed.data);
    if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_SCENARIO_ERRORS) };
    return { ok: true, scenario: toScenario(parsed.data) };
  } catch {
    return fail(T('The file could not be read.', '无法读取该文件。'));
  }
}

/** A valid file as the round's `Scenario` (custom scenarios have number 0: they are listed by title). */
export function toScenario(f: ScenarioFile): Scenario {
  const s: Scenario = {
    id: f.id,
    number: 0,
    title: { ...f.title },
    summary: { ...f.summary },
    calls: {
      client: f.calls.client.map((c) => ({ ...c, when: { ...c.when } })),
      server: f.calls.server.map((c) => ({ ...c, when: { ...c.when } })),
    },
    end: { ...f.end },
  };
  if (f.prelude) s.prelude = f.prelude;
  if (f.faults) {
    s.faults = {};
    if (f.faults.plan) s.faults.plan = f.faults.plan.map((r) => ({ ...r }));
    if (f.faults.inject) s.faults.inject = f.faults.inject.map((i) => ({ ...i, flags: ['SYN'] }));
    if (f.faults.suggestedLoss !== undefined) s.faults.suggestedLoss = f.faults.suggestedLoss;
  }
  if (f.lesson) s.lesson = f.lesson.map((l) => ({ ...l }));
  if (f.achieved) s.achieved = { ...f.achieved };
  if (f.rtoFlights !== undefined) s.rtoFlights = f.rtoFlights;
  return s;
}

/** A scenario as its file (what the editor downloads and the replay store keeps). */
export function toScenarioFile(s: Scenario): ScenarioFile {
  const f: ScenarioFile = {
    format: SCENARIO_FORMAT,
    version: 1,
    id: s.id,
    title: { ...s.title },
    summary: { ...s.summary },
    calls: { client: s.calls.client.map((c) => ({ ...c })), server: s.calls.server.map((c) => ({ ...c })) },
    end: { ...s.end },
  };
  if (s.achieved) f.achieved = { ...s.achieved };
  if (s.prelude) f.prelude = s.prelude;
  if (s.faults) {
    f.faults = {};
    if (s.faults.plan) f.faults.plan = s.faults.plan.map((r) => ({ ...r }));
    if (s.faults.inject) f.faults.inject = s.faults.inject.map((i) => ({ ...i, flags: ['SYN'] as ['SYN'] }));
    if (s.faults.suggestedLoss !== undefined) f.faults.suggestedLoss = s.faults.suggestedLoss;
  }
  if (s.lesson) f.lesson = s.lesson.map((l) => ({ ...l }));
  if (s.rtoFlights !== undefined) f.rtoFlights = s.rtoFlights;
  return f;
}

/** Checks the schema cannot express: known rows, bytes only with send, a release only with hold. */
function semanticErrors(f: ScenarioFile): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const at = (path: string, msg: ScenarioText) => errors.push({ path, en: `${path}: ${msg.en}`, 'zh-CN': `${path}：${msg['zh-CN']}` });
  if ((SCENARIO_IDS as readonly string[]).includes(f.id)) at('id', T('is the id of a built-in scenario', '是内置场景的编号'));
  if (f.calls.client.length + f.calls.server.length === 0) at('calls', T('needs at least one call', '至少需要一个调用'));
  for (const side of SIDES) {
    f.calls[side].forEach((c, i) => {
      if (c.call === 'send' && c.bytes === undefined) at(`calls.${side}[${i}].bytes`, T('a send needs the number of bytes', 'send 需要给出字节数'));
      if (c.call !== 'send' && c.bytes !== undefined) at(`calls.${side}[${i}].bytes`, T(`only a send carries bytes, not ${c.call}`, `只有 send 带字节数，${c.call} 不带`));
      if (c.reuse && c.call !== 'connect') at(`calls.${side}[${i}].reuse`, T('only a connect may reuse the ports of an earlier connection', '只有 connect 可以沿用之前连接的端口'));
      if ((c.backlog !== undefined || c.synAckRetries !== undefined) && c.call !== 'listen') {
        at(`calls.${side}[${i}].backlog`, T('only a listen has a listen queue (backlog, SYN+ACK retries)', '只有 listen 才有监听队列（容量、SYN+ACK 重试次数）'));
      }
      const later = f.calls[side].slice(i + 1);
      if (c.optional && later.some((x) => !x.optional)) at(`calls.${side}[${i}].optional`, T('only the last calls of a side may be optional', '只有一端最后的几个调用可以是可选的'));
    });
  }
  f.faults?.plan?.forEach((r, i) => {
    if (r.action === 'hold' && !r.release) at(`faults.plan[${i}].release`, T('a hold needs a release (when the segment may travel)', '扣留需要给出释放条件（报文段何时可以继续传输）'));
    if (r.action === 'drop' && r.release) at(`faults.plan[${i}].release`, T('only a hold has a release', '只有扣留才有释放条件'));
    if (r.release && 'row' in r.release && !ROW_IDS.has(r.release.row)) at(`faults.plan[${i}].release.row`, unknownRow(r.release.row));
  });
  f.lesson?.forEach((l, i) => {
    if (!ROW_IDS.has(l.row)) at(`lesson[${i}].row`, unknownRow(l.row));
  });
  return errors;
}

function unknownRow(row: string): ScenarioText {
  const shown = JSON.stringify(row.slice(0, 64));
  return T(`${shown} is not a row of the transition table`, `${shown} 不是状态转换表中的一行`);
}

function T(en: string, zh: string): ScenarioText {
  return { en, 'zh-CN': zh };
}

function fail(msg: ScenarioText): ScenarioFileResult {
  return { ok: false, errors: [{ path: '', ...msg }] };
}

function fromZod(root: unknown, issue: z.core.$ZodIssue): ScenarioError {
  const path = formatPath(issue.path);
  const msg = zodMessage(root, issue);
  return { path, en: `${path || 'The file'}: ${msg.en}`, 'zh-CN': `${path || '文件'}：${msg['zh-CN']}` };
}

/** A zod issue in words (zod-words.ts), with this file's own forms: its id, its triggers and releases. */
function zodMessage(root: unknown, issue: z.core.$ZodIssue): ScenarioText {
  return zodWords(root, issue, (i, last) => {
    if (i.code === 'invalid_format' && last === 'id') return T('must be "custom-" then lowercase letters, digits and hyphens (like "custom-late-fin")', '必须以 "custom-" 开头，后接小写字母、数字和连字符（例如 "custom-late-fin"）');
    if (i.code !== 'invalid_union') return undefined;
    if (last === 'when') return T('must be one trigger: { "at": "start" }, { "state": … }, { "received": n }, { "sentAll": true } or { "ackedAll": true }', '必须是一种触发条件：{ "at": "start" }、{ "state": … }、{ "received": n }、{ "sentAll": true } 或 { "ackedAll": true }');
    if (last === 'release') return T('must be { "side": …, "sent": "SYN" | "FIN" } or { "side": …, "row": … }', '应为 { "side": …, "sent": "SYN" | "FIN" } 或 { "side": …, "row": … }');
    return undefined;
  });
}
