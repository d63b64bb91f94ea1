import { describe, expect, it } from 'vitest';
import { pairOutcome, rovingStep } from '../../../client/src/review/rounds-view';
import { scenarioBarText } from '../../../client/src/review/stats-view';

const scores = { client: 10, server: 10 };

describe('a pair’s outcome in the round list', () => {
  it('ticks a finished round whose lesson happened, or that was stored before lessons were', () => {
    expect(pairOutcome({ result: { finished: true, lesson: true, scores } }, 'en')).toEqual({ text: 'finished', ok: true, noLesson: false });
    expect(pairOutcome({ result: { finished: true, scores } }, 'en')).toEqual({ text: 'finished', ok: true, noLesson: false });
  });

  it('says the lesson did not happen instead of counting the round as finished, in both languages', () => {
    expect(pairOutcome({ result: { finished: true, lesson: false, scores } }, 'en')).toEqual({ text: 'finished · ⚠ the lesson did not happen', ok: false, noLesson: true });
    expect(pairOutcome({ result: { finished: true, lesson: false, scores } }, 'zh-CN').text).toBe('已完成 · ⚠ 教学环节没有发生');
    expect(pairOutcome({ result: { finished: false, lesson: false, scores } }, 'en').text).toBe('not finished · ⚠ the lesson did not happen');
  });

  it('marks a round stored before results had a lesson once its trace has been read', () => {
    expect(pairOutcome({ result: { finished: true, scores } }, 'en', false)).toMatchObject({ ok: false, noLesson: true });
    expect(pairOutcome({ result: { finished: true, scores } }, 'en', true)).toMatchObject({ ok: true, noLesson: false });
    // What the server stored wins over what the page read.
    expect(pairOutcome({ result: { finished: true, lesson: true, scores } }, 'en', false)).toMatchObject({ ok: true, noLesson: false });
  });

  it('tells a running round from one a crash cut short', () => {
    expect(pairOutcome({}, 'en')).toEqual({ text: 'still running', ok: false, noLesson: false });
    expect(pairOutcome({ interrupted: true }, 'en').text).toBe('cut short (the server stopped)');
  });
});

describe('a scenario’s bar in the statistics', () => {
  it('adds how many pairs missed the lesson, when any did', () => {
    const sc = { scenario: 'lost-final-ack', pairs: 4, finished: 3, lessons: 2, flawless: 1, share: 0.25 };
    expect(scenarioBarText(sc, 'en')).toBe('1 of 4 pairs · ⚠ no lesson in 2');
    expect(scenarioBarText(sc, 'zh-CN')).toBe('4 组中 1 组 · ⚠ 2 组没有教学环节');
    expect(scenarioBarText({ ...sc, lessons: 4 }, 'en')).toBe('1 of 4 pairs');
  });
});

describe('the round list’s one Tab stop', () => {
  it('moves with the arrows, Home and End, and stops at the ends', () => {
    expect([rovingStep('ArrowDown', 0, 3), rovingStep('ArrowRight', 2, 3), rovingStep('ArrowUp', 0, 3), rovingStep('ArrowLeft', 2, 3)]).toEqual([1, 2, 0, 1]);
    expect([rovingStep('Home', 2, 3), rovingStep('End', 0, 3)]).toEqual([0, 2]);
    expect(rovingStep('Enter', 1, 3)).toBeNull();
  });
});
