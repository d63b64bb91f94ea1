import { describe, expect, it } from 'vitest';
import { CLASSROOM_PACE, Thinker } from '../../bench/lib/think';

describe('the classroom-pace think time (bench/lib/think.ts)', () => {
  const draws = (seed: number, n: number) => {
    const t = new Thinker(seed);
    return Array.from({ length: n }, () => t.thinkMs());
  };

  it('replays from its seed', () => {
    expect(draws(7, 50)).toEqual(draws(7, 50));
    expect(draws(7, 50)).not.toEqual(draws(8, 50));
  });

  it('is a log-normal of median 8 s clipped to 2–40 s', () => {
    const xs = draws(1, 20_000).sort((a, b) => a - b);
    expect(xs[0]).toBeGreaterThanOrEqual(CLASSROOM_PACE.minMs);
    expect(xs[xs.length - 1]).toBeLessThanOrEqual(CLASSROOM_PACE.maxMs);
    const median = xs[Math.floor(xs.length / 2)] as number;
    expect(median).toBeGreaterThan(7600);
    expect(median).toBeLessThan(8400);
    // σ = 0.6: about 5% of draws below 3 s and above 21.5 s.
    const below = xs.filter((x) => x < 8000 * Math.exp(-0.6 * 1.645)).length / xs.length;
    const above = xs.filter((x) => x > 8000 * Math.exp(0.6 * 1.645)).length / xs.length;
    expect(below).toBeGreaterThan(0.04);
    expect(below).toBeLessThan(0.06);
    expect(above).toBeGreaterThan(0.04);
    expect(above).toBeLessThan(0.06);
  });

  it('makes about wrongRate × wrongTries mistakes a round', () => {
    const t = new Thinker(3);
    let n = 0;
    for (let i = 0; i < 10_000; i++) n += t.mistakes();
    expect(n / 10_000).toBeGreaterThan(0.9);
    expect(n / 10_000).toBeLessThan(1.1);
  });
});
