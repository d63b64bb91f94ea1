import type { Lang } from '../../../shared/i18n/index';

const RULES = new Map<Lang, Intl.PluralRules>();

/** The plural category of `n` in `lang` (Intl.PluralRules: English one / other; Chinese only other). */
export function pluralCategory(lang: Lang, n: number): Intl.LDMLPluralRule {
  let rules = RULES.get(lang);
  if (!rules) RULES.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(n);
}

/**
 * The key of a counted text for `n`: `key.<category>` when the table has that form (e.g.
 * `proj.waiting.one`: "1 student has joined"), else `key` itself (the `other` form). Works on any
 * text table (the game's, the review's), so that a plural is one more entry beside its text.
 */
export function pluralKey<K extends string>(table: Readonly<Record<K, unknown>>, key: K, lang: Lang, n: number): K {
  const form = `${key}.${pluralCategory(lang, n)}`;
  return Object.hasOwn(table, form) ? (form as K) : key;
}

/**
 * A pair as people read it: `pair3` is "第 3 组" in Chinese; in English the id stays as the
 * dashboard, the review and the replay links print it.
 */
export function pairName(pairId: string, lang: Lang): string {
  const n = /^pair(\d+)$/.exec(pairId)?.[1];
  if (!n || lang === 'en') return pairId;
  return `第 ${n} 组`;
}
