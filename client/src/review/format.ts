import type { LessonOutcome } from '../../../shared/review/lesson';
import type { LessonStep } from '../../../shared/round/scenarios';
import { TEXT, textIn, type Lang, type Params, type Key } from '../i18n/ui';
import type { ImportIssue } from './trace-import';

/*
 * The review page's words that are more than a text: a lesson's steps, a player's name, times and
 * durations with their units, each in a language. The texts themselves are in the one table
 * (i18n/review-text.ts, read through i18n/ui.ts).
 */

/** One step of a scenario's lesson in words (`lesson.step.<row>`, else the row's id), for a side. */
export function lessonStepText(step: LessonStep, lang: Lang): string {
  const side = textIn(lang, `side.${step.side}`);
  const key = `review.lesson.step.${step.row}`;
  if (Object.hasOwn(TEXT, key)) return textIn(lang, key as Key, { side });
  return textIn(lang, 'review.lesson.step.other', { row: step.row, side });
}

/**
 * What the replay's header says about a lesson that did not happen (null when it happened): the
 * steps that never fired, when the trace tells them, else the plain fact.
 */
export function lessonNote(outcome: Pick<LessonOutcome, 'happened' | 'missing'>, lang: Lang): string | null {
  if (outcome.happened) return null;
  if (!outcome.missing.length) return textIn(lang, 'review.lesson.missed');
  const steps = outcome.missing.map((m) => lessonStepText(m, lang)).join(lang === 'zh-CN' ? '；' : '; ');
  return textIn(lang, 'review.lesson.missedSome', { steps });
}

/** A player's name as the page shows it: 'bot' is the engine; '' (an imported trace) stays ''. */
export function playerName(name: string | undefined, lang: Lang): string {
  if (name === undefined) return '?';
  return name === 'bot' ? textIn(lang, 'play.bot') : name;
}

/** The units of a duration in each language: `4.2 s` / `4.2 秒`, `1 min 05 s` / `1 分 05 秒`. */
const UNITS: Record<Lang, { ms: string; s: string; min: string }> = {
  en: { ms: 'ms', s: 's', min: 'min' },
  'zh-CN': { ms: '毫秒', s: '秒', min: '分' },
};

/** How long something took, in ms, as the page prints it: `9 ms` (a bot), `4.2 s`, `23 s`, `1 min 05 s`. */
export function formatDuration(ms: number, lang: Lang = 'en'): string {
  const u = UNITS[lang];
  const d = Math.max(0, ms);
  if (d < 999.5) return `${Math.round(d)} ${u.ms}`;
  if (d < 9_950) return `${(d / 1000).toFixed(1)} ${u.s}`;
  const total = Math.round(d / 1000);
  if (total < 60) return `${total} ${u.s}`;
  return `${Math.floor(total / 60)} ${u.min} ${String(total % 60).padStart(2, '0')} ${u.s}`;
}

/** A time in ms as the page prints it: `0.289 s`, `60.5 s`, `2 min 05 s` (`0.289 秒`, `2 分 05 秒`). */
export function formatTime(ms: number, lang: Lang = 'en'): string {
  const u = UNITS[lang];
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} ${u.s}`;
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m} ${u.min} ${String(s).padStart(2, '0')} ${u.s}`;
}

/** An import problem in `lang`: the page's own text for a file that is not a trace, else the checker's `message`. */
export function issueText(issue: ImportIssue, lang: Lang): string {
  return issue.text ? textIn(lang, issue.text.key, issue.text.params) : issue.message;
}

/** Something the page says, kept as a text and its parameters so that it is worded in the language of the moment. */
export interface Said {
  key: Key;
  params?: Params;
}
