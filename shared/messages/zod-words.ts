import type { z } from 'zod';

/**
 * A zod issue of a file a person wrote (a question bank, a scenario) in words, in English and
 * Chinese: what is wrong with the value at that path, read without trusting the input. The file's
 * own reader adds what only it can say (`special`: its id format, its unions) and the field's name.
 */

export type Words = { en: string; 'zh-CN': string };

const T = (en: string, zh: string): Words => ({ en, 'zh-CN': zh });

/** `questions[3].prompt.en` from a path of keys. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out;
}

/** The value at a path of the input, read without trusting it. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  }
  return v;
}

const TYPE_NAMES: Record<string, Words> = {
  string: T('text', '文本'),
  number: T('a number', '数字'),
  int: T('a whole number', '整数'),
  boolean: T('true or false', 'true 或 false'),
  object: T('an object { … }', '对象 { … }'),
  array: T('a list [ … ]', '列表 [ … ]'),
};

/**
 * What is wrong, without the path. `special` is asked first and may word an issue its own way
 * (the last key of the path is given); otherwise the wording is the same for every file.
 */
export function zodWords(root: unknown, issue: z.core.$ZodIssue, special?: (issue: z.core.$ZodIssue, last: PropertyKey | undefined) => Words | undefined): Words {
  const last = issue.path[issue.path.length - 1];
  const own = special?.(issue, last);
  if (own) return own;
  switch (issue.code) {
    case 'invalid_type': {
      if (valueAt(root, issue.path) === undefined) return T('is missing', '缺失');
      const name = TYPE_NAMES[issue.expected] ?? T(issue.expected, issue.expected);
      return T(`must be ${name.en}`, `应为${name['zh-CN']}`);
    }
    case 'too_big':
      if (issue.origin === 'string') return T(`is too long (at most ${issue.maximum} characters)`, `过长（最多 ${issue.maximum} 个字符）`);
      if (issue.origin === 'array') return T(`has too many entries (at most ${issue.maximum})`, `条目过多（最多 ${issue.maximum} 个）`);
      return T(`is too large (at most ${issue.maximum})`, `过大（最大为 ${issue.maximum}）`);
    case 'too_small':
      if (issue.origin === 'string') return T('is empty', '为空');
      if (issue.origin === 'array') return T(`has too few entries (at least ${issue.minimum})`, `条目过少（至少 ${issue.minimum} 个）`);
      return T(`is too small (at least ${issue.minimum})`, `过小（最小为 ${issue.minimum}）`);
    case 'invalid_value': {
      const list = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return T(`must be ${issue.values.length === 1 ? list : `one of ${list}`}`, `必须是 ${issue.values.length === 1 ? list : `以下之一：${list}`}`);
    }
    case 'unrecognized_keys': {
      const keys = issue.keys.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 40))).join(', ');
      return T(`has unknown fields: ${keys}`, `有未知字段：${keys}`);
    }
    case 'invalid_format':
      return T('has the wrong format', '格式不正确');
    case 'invalid_union':
      return T('is not any of the accepted forms', '不符合任何一种允许的格式');
    default:
      return T('is not valid', '无效');
  }
}
