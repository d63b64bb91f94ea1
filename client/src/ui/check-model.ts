import type { CheckAnswered, CheckClosed, CheckOpened } from '../../../shared/index';

/**
 * A student's concept check as the page knows it (issue 17): the questions it was sent, those whose
 * answer the server has stored, and once the check has closed the student's own result. Pure: the
 * page folds the server's events into it (main.ts keeps the latest, so a screen mounted late has it).
 */
export interface StudentCheck {
  stage: CheckOpened['stage'];
  questions: CheckOpened['questions'];
  /** Question ids whose answer the server acknowledged. */
  answered: string[];
  /** Set once the check has closed (with a result when the student answered). */
  closed: CheckClosed | null;
}

export type CheckEvent = { type: 'checkOpened'; m: CheckOpened } | { type: 'checkAnswered'; m: CheckAnswered } | { type: 'checkClosed'; m: CheckClosed };

/** The student's check after one event (a new check replaces the last; events of another stage are ignored). */
export function foldCheck(s: StudentCheck | undefined, e: CheckEvent): StudentCheck | undefined {
  if (e.type === 'checkOpened') return { stage: e.m.stage, questions: e.m.questions, answered: [...e.m.answered], closed: null };
  if (!s || s.stage !== e.m.stage) {
    // A result the page had no check for (opened afresh, or back after the close): its questions come with it.
    if (e.type === 'checkClosed' && e.m.result && e.m.questions) {
      return { stage: e.m.stage, questions: e.m.questions, answered: e.m.result.questions.flatMap((q) => (q.answer === null ? [] : [q.id])), closed: e.m };
    }
    return s;
  }
  if (e.type === 'checkAnswered') return s.answered.includes(e.m.question) ? s : { ...s, answered: [...s.answered, e.m.question] };
  return { ...s, closed: e.m };
}
