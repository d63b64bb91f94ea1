import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POINTS, scoreAnswer, type Answer } from '../../../shared/round/scoring';
import type { FieldError } from '../../../shared/tcp/judge';

const right = (over: Partial<Answer> = {}): Answer => ({ fields: 4, errors: [], owed: true, refusedCountsZero: false, timeBonus: false, ...over });
const err = (field: FieldError['field']): FieldError => ({ field, rule: `${field}.x`, got: 0 });

describe('scoreAnswer (GAME.md points)', () => {
  it('pays each field of a right answer, and a streak bonus from the second right answer in a row, capped', () => {
    expect(scoreAnswer(right(), 0)).toEqual({ points: 4 * POINTS.perField, streak: 1 });
    expect(scoreAnswer(right(), 1)).toEqual({ points: 4 * POINTS.perField + POINTS.streakStep, streak: 2 });
    expect(scoreAnswer(right({ fields: 1 }), 50)).toEqual({ points: POINTS.perField + POINTS.streakStep * POINTS.streakCap, streak: 51 });
  });

  it('pays the right fields of a wrong answer in assessment, nothing for a refused one in practice, and ends the streak', () => {
    const wrong = right({ errors: [err('seq'), err('ack'), err('seq')] });
    expect(scoreAnswer(wrong, 3)).toEqual({ points: 2 * POINTS.perField, streak: 0 });
    expect(scoreAnswer({ ...wrong, refusedCountsZero: true }, 3)).toEqual({ points: 0, streak: 0 });
  });

  it('pays nothing for a right answer nobody owed (an extra ACK), and keeps the streak', () => {
    expect(scoreAnswer(right({ owed: false }), 2)).toEqual({ points: 0, streak: 2 });
  });

  it('gives the time bonus only when the host turned it on, and only within its window', () => {
    const base = scoreAnswer(right(), 0).points;
    expect(scoreAnswer(right({ answeredInMs: 1000 }), 0).points).toBe(base);
    expect(scoreAnswer(right({ timeBonus: true, answeredInMs: POINTS.timeBonusWithinMs }), 0).points).toBe(base + POINTS.timeBonus);
    expect(scoreAnswer(right({ timeBonus: true, answeredInMs: POINTS.timeBonusWithinMs + 1 }), 0).points).toBe(base);
    expect(scoreAnswer(right({ timeBonus: true }), 0).points).toBe(base);
  });

  it('never pays more for a wrong answer than for the right one, nor less than nothing', () => {
    const fields = fc.constantFrom<FieldError['field']>('flags', 'seq', 'ack', 'len', 'state');
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fields, { maxLength: 5 }), fc.nat(20), fc.boolean(), (n, bad, streak, refused) => {
      const wrong = scoreAnswer(right({ fields: n, errors: bad.map(err), refusedCountsZero: refused }), streak);
      const ok = scoreAnswer(right({ fields: n }), streak);
      expect(wrong.points).toBeGreaterThanOrEqual(0);
      if (bad.length > 0) expect(wrong.points).toBeLessThan(ok.points);
    }));
  });
});
