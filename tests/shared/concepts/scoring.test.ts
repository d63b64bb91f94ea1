import { describe, expect, it } from 'vitest';
import { classGain, conceptReport, correctAnswer, FIRST_BANK, hakeGain, isRight, MOST_MISSED_RULES, questionsOnMissedRules, scoreCheck, studentQuestion, validateBank, type Question, type StudentChecks } from '../../../shared/concepts/index';

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const mc = (id: string, right: number) => ({
  id,
  kind: 'multiple-choice' as const,
  prompt: L(`Question ${id}?`, `问题 ${id}？`),
  options: [0, 1, 2].map((i) => (i === right ? { text: L(`o${i}`, `选${i}`), correct: true } : { text: L(`o${i}`, `选${i}`) })),
  explanation: L('Because.', '因为。'),
  scenario: 'handshake',
});
const num = (id: string, answer: number) => ({ id, kind: 'numeric' as const, prompt: L('How many?', '多少？'), answer, explanation: L('So.', '所以。'), rules: ['seq.syn-takes-one'] });

/** A check of four questions: a (option 0), b (option 2), c (= 1), d (= 58). */
function check(): Question[] {
  const r = validateBank({ version: 1, title: L('Check', '小测'), questions: [mc('a', 0), mc('b', 2), num('c', 1), num('d', 58)] });
  if (!r.ok) throw new Error(r.errors[0]?.en);
  return r.bank.questions;
}

describe('scoring a concept check', () => {
  it('knows the correct answer of each kind and takes nothing else for it', () => {
    const [a, b, c] = check();
    expect([a, b, c].map((q) => correctAnswer(q!))).toEqual([0, 2, 1]);
    expect(isRight(b!, 2)).toBe(true);
    expect(isRight(b!, 0)).toBe(false);
    expect(isRight(b!, '2')).toBe(false);
    expect(isRight(c!, 1)).toBe(true);
    expect(isRight(c!, 1.0000001)).toBe(false);
    expect(isRight(c!, undefined)).toBe(false);
  });

  it('scores one student as the number of right answers; unanswered counts as wrong', () => {
    const qs = check();
    expect(scoreCheck(qs, { a: 0, b: 2, c: 1, d: 58 })).toBe(4);
    expect(scoreCheck(qs, { a: 0, b: 1, d: 57 })).toBe(1);
    expect(scoreCheck(qs, {})).toBe(0);
    // An answer to a question not in the check does not count.
    expect(scoreCheck(qs, { z: 1, c: 1 })).toBe(1);
  });

  it("computes Hake's g, and none when the pre score is full", () => {
    expect(hakeGain(50, 80, 100)).toBeCloseTo(0.6, 3);
    expect(hakeGain(1, 3, 4)).toBeCloseTo(0.667, 3);
    expect(hakeGain(2, 1, 4)).toBeCloseTo(-0.5, 3);
    expect(hakeGain(1.75, 3, 4)).toBeCloseTo(0.556, 3);
    expect(hakeGain(4, 4, 4)).toBeNull();
    expect(hakeGain(4, 3, 4)).toBeNull();
    expect(hakeGain(0, 0, 0)).toBeNull();
  });

  it("gives a class's means, g and per-question shares as computed by hand", () => {
    const students: StudentChecks[] = [
      { student: 'A', pre: { a: 0, b: 1, c: 2 }, post: { a: 0, b: 2, c: 1, d: 58 } }, // 1 → 4
      { student: 'B', pre: { a: 0, b: 2, c: 5 }, post: { a: 0, b: 1, c: 1, d: 7 } }, // 2 → 2
      { student: 'C', pre: { a: 0, b: 2, c: 1, d: 58 }, post: { a: 0, b: 2, c: 1 } }, // 4 → 3
      { student: 'D', pre: {}, post: { a: 0, c: 1, d: 58 } }, // 0 → 3
      { student: 'E', pre: { a: 0 } }, // 1, no post
      { student: 'F', post: { a: 0, b: 2 } }, // no pre, 2
    ];
    const r = classGain(check(), students);
    expect(r.max).toBe(4);
    expect(r.matched).toBe(4);
    // Means over A–D: pre (1 + 2 + 4 + 0) / 4 = 1.75, post (4 + 2 + 3 + 3) / 4 = 3.
    expect(r.preMean).toBeCloseTo(1.75, 3);
    expect(r.postMean).toBeCloseTo(3, 3);
    // g = (3 − 1.75) / (4 − 1.75) = 1.25 / 2.25 = 0.556: from the means, not the mean of the
    // students' g (A 1, B 0, D 0.75: 0.583).
    expect(r.g).toBeCloseTo(0.556, 3);
    expect(r.students.map((s) => [s.student, s.pre, s.post])).toEqual([
      ['A', 1, 4],
      ['B', 2, 2],
      ['C', 4, 3],
      ['D', 0, 3],
      ['E', 1, null],
      ['F', null, 2],
    ]);
    const g = Object.fromEntries(r.students.map((s) => [s.student, s.g]));
    expect(g.A).toBeCloseTo(1, 3);
    expect(g.B).toBeCloseTo(0, 3);
    expect(g.C).toBeNull(); // full marks before: nothing left to gain
    expect(g.D).toBeCloseTo(0.75, 3);
    expect(g.E).toBeNull();
    expect(g.F).toBeNull();
    // Shares among the five who took each check (pre: A–E, post: A–D and F).
    const shares = Object.fromEntries(r.questions.map((q) => [q.id, [q.pre, q.post]]));
    expect(shares.a![0]).toBeCloseTo(0.8, 3);
    expect(shares.a![1]).toBeCloseTo(1, 3);
    expect(shares.b![0]).toBeCloseTo(0.4, 3);
    expect(shares.b![1]).toBeCloseTo(0.6, 3);
    expect(shares.c![0]).toBeCloseTo(0.2, 3);
    expect(shares.c![1]).toBeCloseTo(0.8, 3);
    expect(shares.d![0]).toBeCloseTo(0.2, 3);
    expect(shares.d![1]).toBeCloseTo(0.4, 3);
  });

  it('gives no means, gain or shares for a class in which nobody took a check', () => {
    const r = classGain(check(), [{ student: 'A' }]);
    expect(r).toMatchObject({ matched: 0, preMean: null, postMean: null, g: null });
    expect(r.questions.every((q) => q.pre === null && q.post === null)).toBe(true);
  });

  it('gives no class gain when every matched student had full marks before', () => {
    const full = { a: 0, b: 2, c: 1, d: 58 };
    const r = classGain(check(), [
      { student: 'A', pre: full, post: full },
      { student: 'B', pre: full, post: { a: 0 } },
    ]);
    expect(r.preMean).toBe(4);
    expect(r.postMean).toBeCloseTo(2.5, 3);
    expect(r.g).toBeNull();
  });

  it('sends a student no correct option, answer, explanation, state or trace of any question of the first bank', () => {
    const r = validateBank(FIRST_BANK);
    if (!r.ok) throw new Error('the first bank does not validate');
    for (const q of r.bank.questions) {
      const seen = studentQuestion(q);
      const json = JSON.stringify(seen);
      for (const secret of ['correct', 'answer', 'explanation', 'state', 'fromTrace', 'rules']) expect(json, q.id).not.toContain(`"${secret}"`);
      // (A numeric answer may equal a number the prompt quotes, like the RST's seq = the ack it answers.)
      expect(Object.keys(seen).sort(), q.id).toEqual(q.kind === 'numeric' ? ['id', 'kind', 'prompt'] : ['id', 'kind', 'options', 'prompt']);
      if (q.kind === 'multiple-choice' && seen.kind === 'multiple-choice') expect(seen.options).toEqual(q.options.map((o) => o.text));
    }
  });
});

describe('the questions about the rules a class got wrong most (issue 17 item 3)', () => {
  const q = (id: string, rules?: string[]) => ({ id, ...(rules ? { rules } : {}) });
  const mistakes = (...rules: [string, number][]) => rules.map(([rule, count]) => ({ rule, count }));

  it('marks a question when one of its rules is among the first five of the mistakes, most frequent first', () => {
    const questions = [q('a', ['r1']), q('b', ['r6', 'r2']), q('c', ['r6']), q('d'), q('e', ['r5'])];
    const byRule = mistakes(['r1', 9], ['r2', 7], ['r3', 5], ['r4', 3], ['r5', 2], ['r6', 1]);
    // r6 is sixth: c is not about a rule got wrong most; b is, through r2.
    expect(questionsOnMissedRules(questions, byRule)).toEqual(['a', 'b', 'e']);
    expect(questionsOnMissedRules(questions, byRule, 1)).toEqual(['a']);
    expect(MOST_MISSED_RULES).toBe(5);
  });

  it('marks nothing when the class made no mistake (or only counts of zero)', () => {
    expect(questionsOnMissedRules([q('a', ['r1'])], [])).toEqual([]);
    expect(questionsOnMissedRules([q('a', ['r1'])], mistakes(['r1', 0]))).toEqual([]);
  });

  it('is in the class report, with each question’s words and rules as the check was run', () => {
    const questions = check();
    const at = '2026-12-01T10:00:00.000Z';
    const report = conceptReport(
      [{ stage: 'pre', questions, openedAt: at, closedAt: at }],
      [{ stage: 'pre', playerId: 'p1', nickname: 'Ada', question: 'a', answer: 0, answeredAt: at }],
      mistakes(['seq.syn-takes-one', 4]),
    );
    // c and d relate to seq.syn-takes-one; a and b only to a scenario.
    expect(report?.missed).toEqual(['c', 'd']);
    expect(report?.shares.map((s) => [s.id, s.prompt.en, s.rules])).toEqual([
      ['a', 'Question a?', []], ['b', 'Question b?', []], ['c', 'How many?', ['seq.syn-takes-one']], ['d', 'How many?', ['seq.syn-takes-one']],
    ]);
    expect(report?.shares[0]?.pre).toBe(1);
    expect(conceptReport([{ stage: 'pre', questions, openedAt: at, closedAt: at }], [])?.missed).toEqual([]);
  });
});
