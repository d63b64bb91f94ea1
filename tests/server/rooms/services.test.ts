import { describe, expect, it } from 'vitest';
import { IdleClock } from '../../../server/rooms/services';

describe('when an empty class goes', () => {
  it('goes after the unused time if no student ever joined, after the longer used time if one did', () => {
    const idle = new IdleClock(30 * 60_000, 2 * 60_000);
    expect(idle.due(0, true, false)).toBe(false);
    expect(idle.due(119_999, true, false)).toBe(false);
    expect(idle.due(120_000, true, false)).toBe(true);
    const used = new IdleClock(30 * 60_000, 2 * 60_000);
    expect(used.due(0, true, true)).toBe(false);
    expect(used.due(120_000, true, true)).toBe(false);
    expect(used.due(30 * 60_000, true, true)).toBe(true);
  });

  it('counts from the moment it was last seen empty: anyone in the class starts the count again', () => {
    const idle = new IdleClock(1000, 1000);
    expect(idle.due(0, true, true)).toBe(false);
    expect(idle.due(900, false, true)).toBe(false);
    expect(idle.due(1500, true, true)).toBe(false);
    expect(idle.due(2499, true, true)).toBe(false);
    idle.busy();
    expect(idle.due(2600, true, true)).toBe(false);
    expect(idle.due(3600, true, true)).toBe(true);
  });

  it('looks a quarter of the shorter time apart, at least every 100 ms and at most every 15 s', () => {
    expect(new IdleClock(30 * 60_000, 2 * 60_000).every).toBe(15_000);
    expect(new IdleClock(40_000, 20_000).every).toBe(5_000);
    expect(new IdleClock(100, 100).every).toBe(100);
  });
});
