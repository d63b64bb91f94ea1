import type { Question } from './schema';

/**
 * A student's answers to a check, by question id: for a multiple-choice question the index of the
 * chosen option in the bank's order (whatever order the student saw), for a numeric one the
 * number. A question not answered is absent (or undefined) and counts as not right.
 */
export type CheckAnswers = Readonly<Record<string, number | undefined>>;

/** The correct answer of a question: the index of its correct option, or its number. */
export function correctAnswer(q: Question): number {
  return q.kind === 'numeric' ? q.answer : q.options.findIndex((o) => o.correct === true);
}

/** Whether `answer` is right for `q`. Anything but the exact correct integer is wrong. */
export function isRight(q: Question, answer: unknown): boolean {
  return typeof answer === 'number' && answer === correctAnswer(q);
}

/** A student's score on a check: how many of `questions` they answered right (out of `questions.length`). */
export function scoreCheck(questions: readonly Question[], answers: CheckAnswers): number {
  let right = 0;
  for (const q of questions) if (isRight(q, answers[q.id])) right += 1;
  return right;
}

/**
 * Hake's normalised gain g = (post − pre) / (max − pre): the share of what was left to learn that
 * was learnt. `null` when it is undefined: pre = max (nothing was left to learn; a student who got
 * everything right before has no gain, neither good nor bad) or max ≤ 0. It may be negative.
 */
export function hakeGain(pre: number, post: number, max: number): number | null {
  if (!(max > 0) || pre >= max) return null;
  return (post - pre) / (max - pre);
}

/** One student's checks: `pre` / `post` absent when the student did not take that check. */
export interface StudentChecks {
  student: string;
  pre?: CheckAnswers;
  post?: CheckAnswers;
}

export interface StudentGain {
  student: string;
  /** Points right, or null when the student did not take the check. */
  pre: number | null;
  post: number | null;
  /** Hake's g of this student; null without both checks, or when pre = max. */
  g: number | null;
}

export interface QuestionShares {
  id: string;
  /** The share (0..1) of the students who took the check that got this question right; null when nobody took it. */
  pre: number | null;
  post: number | null;
}

/** A class's pre and post results on one check (the same questions before and after). */
export interface ClassGain {
  /** Points of a full score: the number of questions. */
  max: number;
  /** Students who took both checks: the class means and the class's g are over them. */
  matched: number;
  /** Mean points before and after over the matched students; null when none are matched. */
  preMean: number | null;
  postMean: number | null;
  /** Hake's g of the class, from the class means: (postMean − preMean) / (max − preMean); null when undefined. */
  g: number | null;
  students: StudentGain[];
  questions: QuestionShares[];
}

/**
 * Pre/post results of a class on a check of `questions`. The class means, and the class's gain
 * computed from them (Hake's g of the class, not the mean of the students' g), are over the
 * students who took both checks, so that a student who only came late does not move the gain.
 * Each student's own row and each question's shares use every check that student took.
 */
export function classGain(questions: readonly Question[], students: readonly StudentChecks[]): ClassGain {
  const max = questions.length;
  let matched = 0;
  let preSum = 0;
  let postSum = 0;
  const rows: StudentGain[] = students.map((s) => {
    const pre = s.pre ? scoreCheck(questions, s.pre) : null;
    const post = s.post ? scoreCheck(questions, s.post) : null;
    if (pre !== null && post !== null) {
      matched += 1;
      preSum += pre;
      postSum += post;
    }
    return { student: s.student, pre, post, g: pre !== null && post !== null ? hakeGain(pre, post, max) : null };
  });
  const preMean = matched > 0 ? preSum / matched : null;
  const postMean = matched > 0 ? postSum / matched : null;
  const g = preMean !== null && postMean !== null ? hakeGain(preMean, postMean, max) : null;
  const share = (q: Question, which: 'pre' | 'post'): number | null => {
    const took = students.filter((s) => s[which] !== undefined);
    if (took.length === 0) return null;
    return took.filter((s) => isRight(q, s[which]?.[q.id])).length / took.length;
  };
  return { max, matched, preMean, postMean, g, students: rows, questions: questions.map((q) => ({ id: q.id, pre: share(q, 'pre'), post: share(q, 'post') })) };
}

/** A question as a student may see it before answering: its text and options, nothing that tells the answer. */
export type StudentQuestion =
  | { id: string; kind: 'multiple-choice'; prompt: Question['prompt']; options: Question['prompt'][] }
  | { id: string; kind: 'numeric'; prompt: Question['prompt'] };

/**
 * What a seat may be sent of a question before the check has closed: no correct option, no
 * answer, no explanation, no state or trace (the server is the authority; GAME.md "What must
 * never happen"). Options keep the bank's order; shuffling per student is the caller's.
 */
export function studentQuestion(q: Question): StudentQuestion {
  if (q.kind === 'numeric') return { id: q.id, kind: 'numeric', prompt: { ...q.prompt } };
  return { id: q.id, kind: 'multiple-choice', prompt: { ...q.prompt }, options: q.options.map((o) => ({ ...o.text })) };
}
