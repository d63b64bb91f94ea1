import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANK_LIMITS, FIRST_BANK, MAX_BANK_ERRORS, parseBank, validateBank, type BankError, type BankInput } from '../../../shared/concepts/index';

type QIn = BankInput['questions'][number];
const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

const choice = (id: string, extra: Record<string, unknown> = {}): QIn =>
  ({
    id,
    kind: 'multiple-choice',
    prompt: L('Which state?', '哪个状态？'),
    options: [{ text: L('LISTEN', 'LISTEN'), correct: true }, { text: L('CLOSED', 'CLOSED') }],
    explanation: L('Because.', '因为。'),
    scenario: 'handshake',
    ...extra,
  }) as QIn;
const numeric = (id: string, extra: Record<string, unknown> = {}): QIn =>
  ({ id, kind: 'numeric', prompt: L('How many?', '多少？'), answer: 1, explanation: L('One.', '一个。'), rules: ['seq.syn-takes-one'], ...extra }) as QIn;
const file = (questions: unknown[], top: Record<string, unknown> = {}) =>
  JSON.stringify({ version: 1, title: L('A check', '一次小测'), questions, ...top });

/** The errors of a file that must be refused. */
function errorsOf(text: unknown): BankError[] {
  const r = parseBank(text);
  if (r.ok) throw new Error('the file was accepted');
  return r.errors;
}

describe('parseBank', () => {
  it('accepts a small valid bank and the first bank as a file', () => {
    const r = parseBank(file([choice('a'), numeric('b')]));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.bank.questions.map((q) => q.id)).toEqual(['a', 'b']);
    expect(parseBank(JSON.stringify(FIRST_BANK)).ok).toBe(true);
  });

  it('gives every error in English and in Chinese', () => {
    const errors = errorsOf(file([choice('a', { prompt: L('x', '') }), numeric('a')]));
    for (const e of errors) {
      expect(e.en.length).toBeGreaterThan(0);
      expect(e['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('refuses text that is not JSON, and a value that is not text', () => {
    expect(errorsOf('{ "version": 1, ')[0]).toMatchObject({ path: '', en: 'The file is not valid JSON.', 'zh-CN': '文件不是有效的 JSON。' });
    expect(errorsOf(42)[0]?.en).toBe('The file is not text.');
    expect(errorsOf('null')[0]?.en).toMatch(/is missing|must be/);
  });

  it('refuses a file over the size limit before reading it', () => {
    const huge = ' '.repeat(BANK_LIMITS.fileChars) + file([choice('a')]);
    const errors = errorsOf(huge);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.en).toBe('The file is too large (at most 512 KB).');
    expect(errors[0]?.['zh-CN']).toBe('文件过大（最多 512 KB）。');
  });

  it('refuses more questions than the limit', () => {
    const many = Array.from({ length: BANK_LIMITS.questions + 1 }, (_, i) => numeric(`q${i}`));
    expect(errorsOf(file(many))[0]).toMatchObject({ path: 'questions', en: `questions: has too many entries (at most ${BANK_LIMITS.questions})` });
  });

  it('refuses a text longer than the limit, naming the question and the field', () => {
    const long = 'x'.repeat(BANK_LIMITS.textChars + 1);
    const [e] = errorsOf(file([numeric('ok'), numeric('wordy', { explanation: L('fine', long) })]));
    expect(e).toEqual({
      path: 'questions[1].explanation.zh-CN',
      question: 'wordy',
      en: `Question 2 ("wordy"), explanation.zh-CN: is too long (at most ${BANK_LIMITS.textChars} characters)`,
      'zh-CN': `第 2 题（"wordy"）的 explanation.zh-CN：过长（最多 ${BANK_LIMITS.textChars} 个字符）`,
    });
  });

  it('refuses duplicate ids, naming the first use', () => {
    const [e] = errorsOf(file([numeric('same'), choice('other'), choice('same')]));
    expect(e).toMatchObject({ path: 'questions[2].id', question: 'same' });
    expect(e?.en).toBe('Question 3 ("same"), id: the id "same" is already used by question 1');
    expect(e?.['zh-CN']).toBe('第 3 题（"same"）的 id：编号 "same" 已被第 1 题使用');
  });

  it('refuses a rule id or a scenario the engine does not have', () => {
    const errors = errorsOf(file([numeric('r', { rules: ['seq.syn-takes-one', 'seq.made-up'] }), choice('s', { scenario: 'teleport' })]));
    expect(errors.map((e) => e.path)).toEqual(['questions[0].rules[1]', 'questions[1].scenario']);
    expect(errors[0]?.en).toContain('"seq.made-up" is not a rule id of the engine');
    expect(errors[1]?.en).toContain('"teleport" is not a scenario');
    expect(errorsOf(file([numeric('t', { fromTrace: { trace: 'nowhere', send: 'c1', field: 'ack' } })]))[0]?.path).toBe('questions[0].fromTrace.trace');
  });

  it('refuses a question related to nothing', () => {
    expect(errorsOf(file([numeric('n', { rules: [] })]))[0]?.path).toBe('questions[0].rules');
  });

  it('refuses a multiple-choice question without exactly one correct option', () => {
    const none = choice('none', { options: [{ text: L('a', '甲') }, { text: L('b', '乙') }] });
    const two = choice('two', { options: [{ text: L('a', '甲'), correct: true }, { text: L('b', '乙'), correct: true }] });
    const errors = errorsOf(file([none, two]));
    expect(errors.map((e) => [e.path, e.en])).toEqual([
      ['questions[0].options', 'Question 1 ("none"), options: exactly one option must be correct (found 0)'],
      ['questions[1].options', 'Question 2 ("two"), options: exactly one option must be correct (found 2)'],
    ]);
  });

  it('refuses fewer than 2 or more than 6 options, and two options with the same text', () => {
    const opt = (i: number) => ({ text: L(`o${i}`, `选${i}`), ...(i === 0 ? { correct: true } : {}) });
    expect(errorsOf(file([choice('one', { options: [opt(0)] })]))[0]?.en).toBe('Question 1 ("one"), options: has too few entries (at least 2)');
    expect(errorsOf(file([choice('seven', { options: [0, 1, 2, 3, 4, 5, 6].map(opt) })]))[0]?.en).toBe('Question 1 ("seven"), options: has too many entries (at most 6)');
    const same = errorsOf(file([choice('same', { options: [opt(0), opt(1), { text: L('o1', '选9') }] })]));
    expect(same[0]).toMatchObject({ path: 'questions[0].options[2].text.en' });
  });

  it('refuses a choice question checked by the engine whose correct option names no state', () => {
    const q = choice('c', { fromTrace: { trace: 'handshake', at: { send: 'c1' }, side: 'client' } });
    expect(errorsOf(file([q]))[0]?.path).toBe('questions[0].fromTrace');
  });

  it('refuses a missing translation, a wrong kind, an unknown field and a bad answer with clear words', () => {
    const errors = errorsOf(
      file([
        choice('a', { prompt: { en: 'Only English' } }),
        choice('b', { kind: 'essay' }),
        numeric('c', { hint: 'psst' }),
        numeric('d', { answer: 1.5 }),
        numeric('e', { answer: -1 }),
        numeric('Bad Id'),
      ]),
    );
    expect(errors.map((e) => e.en)).toEqual([
      'Question 1 ("a"), prompt.zh-CN: is missing',
      'Question 2 ("b"), kind: "kind" must be "multiple-choice" or "numeric"',
      'Question 3 ("c"), the question: has unknown fields: "hint"',
      'Question 4 ("d"), answer: must be a whole number',
      'Question 5 ("e"), answer: is too small (at least 0)',
      'Question 6, id: must be lowercase letters, digits and hyphens (like "why-three")',
    ]);
    expect(errors[0]?.['zh-CN']).toBe('第 1 题（"a"）的 prompt.zh-CN：缺失');
  });

  it('refuses another version', () => {
    expect(errorsOf(file([numeric('a')], { version: 2 }))[0]).toMatchObject({ path: 'version', en: 'version: must be 1' });
  });

  it('reports at most a bounded number of errors', () => {
    const bad = Array.from({ length: BANK_LIMITS.questions }, (_, i) => numeric(`q${i}`, { answer: -1, prompt: {} }));
    expect(errorsOf(file(bad))).toHaveLength(MAX_BANK_ERRORS);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const r = parseBank(text);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON, or on a bank with arbitrary parts', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        expect(typeof parseBank(text).ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    const valid = JSON.parse(file([choice('a'), numeric('b')])) as Record<string, unknown>;
    const part = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(fc.constantFrom('version', 'title', 'questions'), fc.nat(1), fc.constantFrom('id', 'kind', 'prompt', 'options', 'answer', 'rules', 'scenario', 'fromTrace'), part, (top, qi, key, value) => {
        const copy = structuredClone(valid);
        (copy.questions as Record<string, unknown>[])[qi]![key] = value;
        copy[top === 'questions' ? 'other' : top] = value;
        const r = validateBank(copy);
        expect(typeof r.ok).toBe('boolean');
        expect(typeof parseBank(JSON.stringify(copy)).ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on values JSON cannot hold', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof validateBank(value).ok).toBe('boolean');
      }),
      { numRuns: 200 },
    );
  });
});
