import { nextInt, seedRng } from '../net/rng';
import type { BankError } from './parse';
import type { Question } from './schema';

/**
 * A check as a class runs it (issue 17 item 2): 5–10 questions of a bank, the same set before
 * (`pre`) and after (`post`), each student's order shuffled from the check's seed. Pure: the seed
 * comes from the server.
 */

/** How many questions a check holds. */
export const CHECK_SIZE = { min: 5, max: 10 } as const;

/** The two checks of a class: before the first round and after a round. */
export const CHECK_STAGES = ['pre', 'post'] as const;
export type CheckStage = (typeof CHECK_STAGES)[number];

/** A Fisher–Yates shuffle of `items` driven by the seeded generator (a copy; `items` is left alone). */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seedRng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const d = nextInt(state, 0, i);
    state = d.state;
    const j = d.value;
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** `n` distinct questions of `bank` drawn with `seed`, in the bank's order. */
export function chooseQuestions(bank: readonly Question[], n: number, seed: number): Question[] {
  const picked = new Set(seededShuffle(bank.map((_, i) => i), seed).slice(0, Math.min(n, bank.length)));
  return bank.filter((_, i) => picked.has(i));
}

/** A 32-bit FNV-1a hash of a string (a player id into a seed). */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The order one student sees a check's questions in: shuffled from the check's seed and the student's id (the same on every reconnection). */
export function orderFor<T>(questions: readonly T[], seed: number, playerId: string): T[] {
  return seededShuffle(questions, (seed ^ hash32(playerId)) >>> 0);
}

/** Whether `answer` is a possible answer to `q` (an option's index, or an unsigned 32-bit integer); right or wrong does not matter. */
export function answerInRange(q: Question, answer: number): boolean {
  if (!Number.isInteger(answer) || answer < 0) return false;
  return q.kind === 'multiple-choice' ? answer < q.options.length : answer <= 0xffffffff;
}

/**
 * Why a bank (already valid as a file) cannot be a class's bank, in both languages; empty when it
 * can: a check draws `CHECK_SIZE.min` to `CHECK_SIZE.max` of its questions.
 */
export function classBankProblems(questions: readonly Question[]): BankError[] {
  if (questions.length >= CHECK_SIZE.min) return [];
  return [{
    path: 'questions',
    en: `A class check needs a bank of at least ${CHECK_SIZE.min} questions (this one has ${questions.length}).`,
    'zh-CN': `课堂小测的题库至少需要 ${CHECK_SIZE.min} 道题（这个题库只有 ${questions.length} 道）。`,
  }];
}

/** Why a class's bank can no longer be changed: a check has been opened with the questions it had. */
export const BANK_LOCKED: BankError = {
  path: '',
  en: 'A check has already been opened in this class: its questions stay the same before and after, so the bank can no longer change.',
  'zh-CN': '本班已经开始过小测：前测和后测的题目必须相同，所以不能再更换题库。',
};
