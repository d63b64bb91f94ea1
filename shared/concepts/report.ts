import type { CheckStage } from './run';
import type { LocalText, Question } from './schema';
import { classGain, type CheckAnswers } from './scoring';

/**
 * A class's checks as the review reads them back from the store (issue 17 items 3 and 5): the
 * questions each check was run with, every stored answer, and the report made from them with
 * `classGain` (pre and post scores, Hake's g of the class and of each student, the share right per
 * question before and after). Pure.
 */

/** One check of a class as stored: its questions (whole, so a teacher's own bank reads back too) and when it opened and closed. */
export interface StoredCheck {
  stage: CheckStage;
  questions: Question[];
  openedAt: string;
  /** null while it is open (or when the class ended with it open). */
  closedAt: string | null;
}

/** One stored answer: the first a student gave to a question of a check (answers are final). */
export interface StoredCheckAnswer {
  stage: CheckStage;
  playerId: string;
  /** The student's nickname as stored with the class (empty when unknown). */
  nickname: string;
  question: string;
  answer: number;
  answeredAt: string;
}

export interface ConceptStudent {
  playerId: string;
  nickname: string;
  /** Points right out of `max`; null when the student did not take that check (answered nothing in it). */
  pre: number | null;
  post: number | null;
  /** Hake's g of this student; null without both checks, or when pre = max. */
  g: number | null;
}

/** The review's section on the checks of one class. */
export interface ConceptReport {
  /** The check's question ids, in the bank's order. */
  questions: string[];
  /** Which checks ran, and whether each was closed. */
  checks: { stage: CheckStage; closed: boolean }[];
  max: number;
  /** Students who took both checks: the class's means and g are over them. */
  matched: number;
  preMean: number | null;
  postMean: number | null;
  /** Hake's g of the class (from the means), null when undefined. */
  g: number | null;
  students: ConceptStudent[];
  /**
   * Per question: the share right among those who took the check, before and after; its words and
   * the rules it relates to, as the check was run (a teacher's own bank reads back too).
   */
  shares: { id: string; pre: number | null; post: number | null; prompt: LocalText; rules: string[] }[];
  /** The questions (ids, in the check's order) about the rules the class got wrong most in play (`questionsOnMissedRules`). */
  missed: string[];
}

/** How many of the class's most frequent mistake rules count as "the rules it got wrong most". */
export const MOST_MISSED_RULES = 5;

/**
 * The ids of `questions` (in their order) that relate to one of the rules the class got wrong
 * most during play: the first `top` of `mistakesByRule`, which lists the most frequent first
 * (shared/review `statsOfSummaries`). One computation for the review page, its JSON and the CSV.
 */
export function questionsOnMissedRules(
  questions: readonly { id: string; rules?: readonly string[] | undefined }[],
  mistakesByRule: readonly { rule: string; count: number }[],
  top: number = MOST_MISSED_RULES,
): string[] {
  const missed = new Set(mistakesByRule.filter((m) => m.count > 0).slice(0, top).map((m) => m.rule));
  return questions.filter((q) => (q.rules ?? []).some((r) => missed.has(r))).map((q) => q.id);
}

/**
 * The report of a class's stored checks; null when the class ran none. `mistakesByRule` (the
 * class's mistakes in play, most frequent first) marks the questions about the rules it got wrong most.
 */
export function conceptReport(
  checks: readonly StoredCheck[],
  answers: readonly StoredCheckAnswer[],
  mistakesByRule: readonly { rule: string; count: number }[] = [],
): ConceptReport | null {
  const first = checks.find((c) => c.stage === 'pre') ?? checks[0];
  if (!first) return null;
  const questions = first.questions;
  const people = new Map<string, { nickname: string; pre?: Record<string, number>; post?: Record<string, number> }>();
  for (const a of answers) {
    let p = people.get(a.playerId);
    if (!p) people.set(a.playerId, (p = { nickname: a.nickname }));
    (p[a.stage] ??= {})[a.question] = a.answer;
  }
  const ids = [...people.keys()].sort((x, y) => (people.get(x)?.nickname ?? '').localeCompare(people.get(y)?.nickname ?? '') || x.localeCompare(y));
  const gain = classGain(questions, ids.map((id) => {
    const p = people.get(id);
    return { student: id, ...(p?.pre ? { pre: p.pre as CheckAnswers } : {}), ...(p?.post ? { post: p.post as CheckAnswers } : {}) };
  }));
  return {
    questions: questions.map((q) => q.id),
    checks: checks.map((c) => ({ stage: c.stage, closed: c.closedAt !== null })),
    max: gain.max,
    matched: gain.matched,
    preMean: gain.preMean,
    postMean: gain.postMean,
    g: gain.g,
    students: gain.students.map((s) => ({ playerId: s.student, nickname: people.get(s.student)?.nickname ?? '', pre: s.pre, post: s.post, g: s.g })),
    shares: gain.questions.map((sh) => {
      const q = questions.find((x) => x.id === sh.id);
      return { ...sh, prompt: q ? { ...q.prompt } : { en: sh.id, 'zh-CN': sh.id }, rules: [...(q?.rules ?? [])] };
    }),
    missed: questionsOnMissedRules(questions, mistakesByRule),
  };
}
