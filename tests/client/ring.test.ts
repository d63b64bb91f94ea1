import { describe, expect, it } from 'vitest';
import { remaining, ringArc, ringColor, secondsLeft, shareArc } from '../../client/src/view/ring';

describe('timer rings', () => {
  it('is full at the start, half gone halfway, empty when due and after', () => {
    expect(remaining(1000, 1000, 20_000)).toBe(1);
    expect(remaining(11_000, 1000, 20_000)).toBeCloseTo(0.5);
    expect(remaining(21_000, 1000, 20_000)).toBe(0);
    expect(remaining(99_000, 1000, 20_000)).toBe(0);
  });

  it('draws the remaining share clockwise from twelve o’clock', () => {
    const full = ringArc(0, 0, 1000);
    expect(full.from).toBeCloseTo(-Math.PI / 2);
    expect(full.to - full.from).toBeCloseTo(2 * Math.PI);
    const quarter = ringArc(750, 0, 1000);
    expect(quarter.to - quarter.from).toBeCloseTo(Math.PI / 2);
    expect(shareArc(2).to - shareArc(2).from).toBeCloseTo(2 * Math.PI);
    expect(shareArc(-1).to).toBe(shareArc(-1).from);
  });

  it('counts whole seconds down, showing 1 until the very end', () => {
    expect(secondsLeft(0, 0, 30_000)).toBe(30);
    expect(secondsLeft(29_001, 0, 30_000)).toBe(1);
    expect(secondsLeft(30_000, 0, 30_000)).toBe(0);
    expect(secondsLeft(40_000, 0, 30_000)).toBe(0);
  });

  it('warns in colour as the timer runs out', () => {
    expect(ringColor(0.9)).not.toBe(ringColor(0.3));
    expect(ringColor(0.3)).not.toBe(ringColor(0.1));
  });
});
