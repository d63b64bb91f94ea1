import type { z } from 'zod';
import { SCENARIO_IDS } from '../round/scenarios';
import { formatPath, valueAt, zodWords } from '../messages/zod-words';
import { RULES } from '../tcp/rules';
import { BANK_LIMITS, BankSchema, QUESTION_ID, type Bank, type LocalText } from './schema';

/** One problem of a bank file, in both languages, naming the question (when in one) and the field. */
export interface BankError {
  /** Where, as a path into the file: `questions[3].options[1].text.zh-CN`. */
  path: string;
  /** The id of the question at fault, when it has a readable one. */
  question?: string;
  en: string;
  'zh-CN': string;
}

export type BankResult = { ok: true; bank: Bank } | { ok: false; errors: BankError[] };

/** At most this many errors are reported: a file with thousands of mistakes gets the first ones. */
export const MAX_BANK_ERRORS = 50;

const KNOWN_RULES: ReadonlySet<string> = new Set(RULES);
const KNOWN_SCENARIOS: ReadonlySet<string> = new Set(SCENARIO_IDS);

/**
 * Read a concept-check bank file (JSON text). Never throws, whatever it is given: a file that is
 * too long is refused before it is parsed; otherwise the result is the bank, or every problem
 * found (at most `MAX_BANK_ERRORS`) worded in English and Chinese, each naming the question and
 * the field.
 */
export function parseBank(text: unknown): BankResult {
  if (typeof text !== 'string') return fail(T('The file is not text.', '文件不是文本。'));
  if (text.length > BANK_LIMITS.fileChars) return { ok: false, errors: [bankTooLarge()] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(T('The file is not valid JSON.', '文件不是有效的 JSON。'));
  }
  return validateBank(value);
}

/** The same checks as `parseBank`, on a value already read from JSON. Never throws. */
export function validateBank(value: unknown): BankResult {
  try {
    const parsed = BankSchema.safeParse(value);
    if (!parsed.success) return { ok: false, errors: parsed.error.issues.slice(0, MAX_BANK_ERRORS).map((i) => fromZod(value, i)) };
    const errors = semanticErrors(parsed.data);
    return errors.length > 0 ? { ok: false, errors: errors.slice(0, MAX_BANK_ERRORS) } : { ok: true, bank: parsed.data };
  } catch {
    // Not expected (the schema holds no code that throws); a bank is refused rather than crash a room.
    return fail(T('The file could not be read.', '无法读取该文件。'));
  }
}

/** Checks a schema cannot express: unique ids, one correct option, known rules and scenarios. */
function semanticErrors(bank: Bank): BankError[] {
  const errors: BankError[] = [];
  const seen = new Map<string, number>();
  bank.questions.forEach((q, i) => {
    const at = (field: string, msg: LocalText) => errors.push(err(`questions[${i}].${field}`, i, q.id, field, msg));
    const first = seen.get(q.id);
    if (first !== undefined) at('id', T(`the id "${q.id}" is already used by question ${first + 1}`, `编号 "${q.id}" 已被第 ${first + 1} 题使用`));
    else seen.set(q.id, i);
    if (!q.rules?.length && q.scenario === undefined) {
      at('rules', T('name at least one rule id or a scenario the question relates to', '请至少给出一个相关的规则编号或场景'));
    }
    q.rules?.forEach((r, j) => {
      if (!KNOWN_RULES.has(r)) at(`rules[${j}]`, T(`"${r}" is not a rule id of the engine`, `"${r}" 不是规则引擎中的规则编号`));
    });
    if (q.scenario !== undefined && !KNOWN_SCENARIOS.has(q.scenario)) at('scenario', unknownScenario(q.scenario));
    if (q.fromTrace && !KNOWN_SCENARIOS.has(q.fromTrace.trace)) at('fromTrace.trace', unknownScenario(q.fromTrace.trace));
    if (q.kind === 'multiple-choice') {
      const correct = q.options.filter((o) => o.correct === true).length;
      if (correct !== 1) at('options', T(`exactly one option must be correct (found ${correct})`, `必须恰好有一个正确选项（现在有 ${correct} 个）`));
      const texts = new Map<string, number>();
      q.options.forEach((o, j) => {
        for (const lang of ['en', 'zh-CN'] as const) {
          const k = texts.get(`${lang}:${o.text[lang]}`);
          if (k !== undefined) at(`options[${j}].text.${lang}`, T(`is the same as option ${k + 1}`, `与第 ${k + 1} 个选项相同`));
          else texts.set(`${lang}:${o.text[lang]}`, j);
        }
      });
      if (q.fromTrace) {
        const right = q.options.find((o) => o.correct === true);
        if (right && right.state === undefined) {
          at('fromTrace', T('the correct option must name a state (`state`) for the engine to check it', '正确选项必须给出状态（`state`），引擎才能核对'));
        }
        const states = q.options.map((o) => o.state).filter((s) => s !== undefined);
        if (new Set(states).size !== states.length) at('options', T('two options name the same state', '有两个选项给出了相同的状态'));
      }
    }
  });
  return errors;
}

function unknownScenario(id: string): LocalText {
  return T(`"${id}" is not a scenario (one of: ${SCENARIO_IDS.join(', ')})`, `"${id}" 不是已有的场景（可选：${SCENARIO_IDS.join(', ')}）`);
}

function T(en: string, zh: string): LocalText {
  return { en, 'zh-CN': zh };
}

/** The error of a file over `BANK_LIMITS.fileChars` (also what the server says of a body over its byte limit). */
export function bankTooLarge(): BankError {
  const kb = Math.round(BANK_LIMITS.fileChars / 1024);
  return { path: '', en: `The file is too large (at most ${kb} KB).`, 'zh-CN': `文件过大（最多 ${kb} KB）。` };
}

/** A problem with the file as a whole (not JSON, too large, not text). */
function fail(msg: LocalText): BankResult {
  return { ok: false, errors: [{ path: '', en: msg.en, 'zh-CN': msg['zh-CN'] }] };
}

/** An error inside question `index` (0-based), or at the top of the file when index is undefined. */
function err(path: string, index: number | undefined, id: string | undefined, field: string, msg: LocalText): BankError {
  if (index === undefined) return { path, en: `${path || 'The file'}: ${msg.en}`, 'zh-CN': `${path || '文件'}：${msg['zh-CN']}` };
  const named = id !== undefined;
  const en = `Question ${index + 1}${named ? ` ("${id}")` : ''}, ${field || 'the question'}: ${msg.en}`;
  const zh = `第 ${index + 1} 题${named ? `（"${id}"）` : ''}的 ${field || '题目'}：${msg['zh-CN']}`;
  return named ? { path, question: id, en, 'zh-CN': zh } : { path, en, 'zh-CN': zh };
}

/** A zod issue as a bank error in both languages. */
function fromZod(root: unknown, issue: z.core.$ZodIssue): BankError {
  const path = issue.path;
  const inQuestion = path[0] === 'questions' && typeof path[1] === 'number';
  const index = inQuestion ? (path[1] as number) : undefined;
  const rawId = inQuestion ? valueAt(root, ['questions', index as number, 'id']) : undefined;
  const id = typeof rawId === 'string' && rawId.length <= BANK_LIMITS.idChars && QUESTION_ID.test(rawId) ? rawId : undefined;
  const field = formatPath(inQuestion ? path.slice(2) : path);
  return err(formatPath(path), index, id, field, zodMessage(root, issue));
}

/** A zod issue in words (zod-words.ts), with this file's own forms: a question's id, its kind, its `at`. */
function zodMessage(root: unknown, issue: z.core.$ZodIssue): LocalText {
  return zodWords(root, issue, (i, last) => {
    if (i.code === 'invalid_format' && last === 'id') return T('must be lowercase letters, digits and hyphens (like "why-three")', '只能由小写字母、数字和连字符组成（例如 "why-three"）');
    if (i.code !== 'invalid_union') return undefined;
    if (last === 'kind' || ('note' in i && i.note === 'No matching discriminator')) return T('"kind" must be "multiple-choice" or "numeric"', '"kind" 必须是 "multiple-choice" 或 "numeric"');
    if (last === 'at') return T('must be { "send": id } or { "deliver": id }', '应为 { "send": id } 或 { "deliver": id }');
    return undefined;
  });
}
