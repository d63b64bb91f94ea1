import { describe, expect, it } from 'vitest';
import { Bucket } from '../../../server/http/bucket';

describe('the token bucket', () => {
  it('lets a burst through at once, then one more per 1/perSecond seconds', () => {
    const b = new Bucket({ burst: 3, perSecond: 2 }, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(499)).toBe(false);
    expect(b.take(500)).toBe(true);
    expect(b.take(500)).toBe(false);
  });

  it('holds no more than its burst, however long it rested', () => {
    const b = new Bucket({ burst: 2, perSecond: 10 }, 0);
    expect(b.full(3_600_000)).toBe(true);
    expect([b.take(3_600_000), b.take(3_600_000), b.take(3_600_000)]).toEqual([true, true, false]);
  });

  it('goes into debt, at most a burst deep, when charged for a failure that already happened', () => {
    const b = new Bucket({ burst: 2, perSecond: 1 }, 0);
    for (let i = 0; i < 10; i++) b.charge(0);
    // From -2 tokens, one whole token is back after 3 s.
    expect(b.empty(0)).toBe(true);
    expect(b.retryAfter()).toBe(3);
    expect(b.empty(2_999)).toBe(true);
    expect(b.empty(3_000)).toBe(false);
    expect(b.full(3_999)).toBe(false);
    expect(b.full(4_000)).toBe(true);
  });

  it('says to wait at least a second, and how many seconds a slow refill takes', () => {
    const fast = new Bucket({ burst: 1, perSecond: 100 }, 0);
    fast.take(0);
    expect(fast.retryAfter()).toBe(1);
    const slow = new Bucket({ burst: 10, perSecond: 1 / 6 }, 0);
    for (let i = 0; i < 10; i++) expect(slow.take(0)).toBe(true);
    expect(slow.take(0)).toBe(false);
    expect(slow.retryAfter()).toBe(6);
    expect(slow.take(5_990)).toBe(false);
    // (6 s × 1/6 falls a hair short of 1 in floating point.)
    expect(slow.take(6_001)).toBe(true);
  });
});
