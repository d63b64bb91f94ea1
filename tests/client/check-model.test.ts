import { describe, expect, it } from 'vitest';
import type { CheckClosed, CheckOpened } from '../../shared/index';
import { foldCheck } from '../../client/src/ui/check-model';

const Q = (id: string) => ({ id, kind: 'numeric' as const, prompt: { en: `Q ${id}`, 'zh-CN': `题 ${id}` } });
const opened: CheckOpened = { stage: 'pre', questions: [Q('a'), Q('b')], answered: [] };
const closed: CheckClosed = {
  stage: 'pre',
  questions: [Q('b'), Q('a')],
  result: { score: 1, max: 2, questions: [{ id: 'b', answer: 3, right: true, correct: 3, explanation: { en: 'why', 'zh-CN': '为什么' } }, { id: 'a', answer: null }] },
};

describe('the student check as the page folds it (issue 17)', () => {
  it('keeps the questions it was sent and the answers stored, then the result', () => {
    let s = foldCheck(undefined, { type: 'checkOpened', m: opened });
    s = foldCheck(s, { type: 'checkAnswered', m: { stage: 'pre', question: 'b' } });
    s = foldCheck(s, { type: 'checkAnswered', m: { stage: 'pre', question: 'b' } });
    expect(s?.answered).toEqual(['b']);
    s = foldCheck(s, { type: 'checkClosed', m: closed });
    expect(s?.questions.map((q) => q.id)).toEqual(['a', 'b']);
    expect(s?.closed?.result?.score).toBe(1);
  });

  it('a result sent again to a page that had no check (opened afresh after the close) makes one from the questions that come with it', () => {
    const s = foldCheck(undefined, { type: 'checkClosed', m: closed });
    expect(s).toMatchObject({ stage: 'pre', answered: ['b'], closed });
    expect(s?.questions.map((q) => q.id)).toEqual(['b', 'a']);
    // A post result replaces a pre check the page still holds.
    const pre = foldCheck(undefined, { type: 'checkOpened', m: opened });
    expect(foldCheck(pre, { type: 'checkClosed', m: { ...closed, stage: 'post' } })?.stage).toBe('post');
  });

  it('ignores a close without a result for a check it does not have, and events of another stage', () => {
    expect(foldCheck(undefined, { type: 'checkClosed', m: { stage: 'post' } })).toBeUndefined();
    const s = foldCheck(undefined, { type: 'checkOpened', m: opened });
    expect(foldCheck(s, { type: 'checkAnswered', m: { stage: 'post', question: 'a' } })).toBe(s);
  });
});
