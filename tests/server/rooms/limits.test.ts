import { describe, expect, it } from 'vitest';
import { LIMITS, RateLimiter } from '../../../server/rooms/limits';

describe("a connection's message limit", () => {
  it('lets the burst through, then the steady rate, and refuses what is over', () => {
    const r = new RateLimiter(0);
    for (let i = 0; i < LIMITS.burst; i++) expect(r.take(0)).toBe('ok');
    expect(r.take(0)).toBe('limited');
    // One message per 1/ratePerSecond s.
    expect(r.take(1000 / LIMITS.ratePerSecond - 1)).toBe('limited');
    expect(r.take(1000 / LIMITS.ratePerSecond)).toBe('ok');
  });

  it('calls it a flood at floodRefusals refusals within the window', () => {
    const r = new RateLimiter(0, { ratePerSecond: 10, burst: 5, floodRefusals: 3, floodWindowMs: 1000 });
    for (let i = 0; i < 5; i++) expect(r.take(0)).toBe('ok');
    expect([r.take(0), r.take(0), r.take(0)]).toEqual(['limited', 'limited', 'flood']);
  });

  it('forgets refusals older than the window', () => {
    const r = new RateLimiter(0, { ratePerSecond: 1, burst: 1, floodRefusals: 3, floodWindowMs: 1000 });
    expect(r.take(0)).toBe('ok');
    expect(r.take(0)).toBe('limited');
    expect(r.take(100)).toBe('limited');
    // Two refusals, then one more 1.5 s later: the first two have left the window.
    expect(r.take(1_200)).toBe('ok');
    expect(r.take(1_600)).toBe('limited');
    expect(r.take(1_601)).toBe('limited');
    expect(r.take(1_602)).toBe('flood');
  });
});
