import { RULE_HINT } from './hints';
import { RULE_TEXT } from './rules';
import { RULE_SHORT } from './short';
import { RULE_SUMMARY } from './summary';

export { RULE_HINT, RULE_SHORT, RULE_SUMMARY, RULE_TEXT };

/** The languages the game speaks, the first being the default. */
export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

/** Values the judge reports (`FieldError.expected` / `got`), as a student reads them. */
export interface RuleParams {
  expected?: unknown;
  got?: unknown;
}

const NOTHING: Record<Lang, string> = { en: 'nothing', 'zh-CN': '无' };

/**
 * A value as the explanation prints it: flags joined with '+' (`SYN+ACK`), a length range
 * `{min, max}` as `min–max`, null or no flags as "nothing"; a missing value as '?', so a gap in
 * the caller's data shows instead of vanishing.
 */
export function formatValue(value: unknown, lang: Lang): string {
  if (value === undefined) return '?';
  if (value === null) return NOTHING[lang];
  if (Array.isArray(value)) return value.length === 0 ? NOTHING[lang] : value.map((v) => formatValue(v, lang)).join('+');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.min === 'number' && typeof o.max === 'number') return o.min === o.max ? String(o.min) : `${o.min}–${o.max}`;
    return JSON.stringify(value);
  }
  return String(value);
}

const UNKNOWN_RULE: Record<Lang, (rule: string) => string> = {
  en: (rule) => `This breaks rule "${rule}", which has no explanation yet.`,
  'zh-CN': (rule) => `违反了规则“${rule}”，该规则暂无说明。`,
};

/** The hint for a rule that has none of its own: a nudge to look again, never empty. */
const GENERIC_HINT: Record<Lang, string> = {
  en: 'Something in this answer breaks a rule of TCP. Look again at each field: what does the connection need from you right now?',
  'zh-CN': '这个答案中有一处违反了 TCP 的规则。再逐个检查一下各个字段：连接此刻需要你做什么？',
};

export interface ExplainOptions {
  /**
   * The hint a practising student sees at their first mistake on the rule (`RULE_HINT`): the
   * field and the principle, without the expected value. Default: the full explanation.
   */
  hint?: boolean;
}

/**
 * The explanation of a rule the judge cited (shared/tcp/rules.ts), in `lang`, with `{expected}`
 * and `{got}` filled in from the judge's `FieldError`. An id without a text gets a generic
 * sentence naming it, never an empty string. With `opts.hint`, the rule's hint instead (only
 * `{got}` is filled in; an id without a hint gets a generic hint sentence).
 */
export function explainRule(rule: string, lang: Lang, params: RuleParams = {}, opts: ExplainOptions = {}): string {
  if (opts.hint) {
    const hint = Object.hasOwn(RULE_HINT, rule) ? RULE_HINT[rule]?.[lang] : undefined;
    if (!hint) return GENERIC_HINT[lang];
    return fill(hint, { got: params.got }, lang);
  }
  const text = Object.hasOwn(RULE_TEXT, rule) ? RULE_TEXT[rule]?.[lang] : undefined;
  if (!text) return UNKNOWN_RULE[lang](rule);
  return fill(text, params, lang);
}

function fill(text: string, params: RuleParams, lang: Lang): string {
  return text.replace(/\{(expected|got)\}/g, (_, key: 'expected' | 'got') => formatValue(params[key], lang));
}

const UNKNOWN_SHORT: Record<Lang, string> = { en: 'broke a rule', 'zh-CN': '违反了一条规则' };

/**
 * A rule the judge cited, in a few words of `lang` (`RULE_SHORT`), for a place with no room for
 * its explanation; an id without a short text gets a generic phrase, never the id itself.
 */
export function shortRule(rule: string, lang: Lang): string {
  return (Object.hasOwn(RULE_SHORT, rule) ? RULE_SHORT[rule]?.[lang] : undefined) ?? UNKNOWN_SHORT[lang];
}

/**
 * What a rule asks, in one line (`RULE_SUMMARY`), for a chart with no room for the explanation; a
 * rule without one gets the first clause of its full explanation, so a rule added later still
 * reads as something, and an unknown id is named as such.
 */
export function summarizeRule(rule: string, lang: Lang): string {
  const own = Object.hasOwn(RULE_SUMMARY, rule) ? RULE_SUMMARY[rule]?.[lang] : undefined;
  if (own) return own;
  if (!Object.hasOwn(RULE_TEXT, rule)) return explainRule(rule, lang);
  const full = explainRule(rule, lang, { expected: '…', got: '…' });
  const clause = full.split(/[:：]/)[0] ?? full;
  return clause.length > 90 ? `${clause.slice(0, 89)}…` : clause;
}
