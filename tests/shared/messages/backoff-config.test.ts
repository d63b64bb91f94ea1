/** Issue 16: the class setting `backoff` in the round configuration (on by default, old configurations read). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUND_CONFIG, ROUND_DEFAULTS, RoundConfigSchema, RoundStartedSchema } from '../../../shared/index';

describe('the backoff setting', () => {
  it('is on by default', () => {
    expect(ROUND_DEFAULTS.backoff).toBe(true);
    expect(DEFAULT_ROUND_CONFIG.backoff).toBe(true);
    expect(RoundConfigSchema.parse(DEFAULT_ROUND_CONFIG).backoff).toBe(true);
  });

  it('gives a configuration saved before it existed the default', () => {
    const { backoff: _, ...old } = DEFAULT_ROUND_CONFIG;
    expect('backoff' in old).toBe(false);
    const parsed = RoundConfigSchema.safeParse(old);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({ ...old, backoff: true });
  });

  it('can be turned off, and is a boolean', () => {
    expect(RoundConfigSchema.parse({ ...DEFAULT_ROUND_CONFIG, backoff: false }).backoff).toBe(false);
    expect(RoundConfigSchema.safeParse({ ...DEFAULT_ROUND_CONFIG, backoff: 'yes' }).success).toBe(false);
    expect(RoundConfigSchema.safeParse({ ...DEFAULT_ROUND_CONFIG, backoff: null }).success).toBe(false);
  });

  it('reaches the student with the round’s timers, and a round start without it is still read', () => {
    const started = { round: 1, scenario: 'lossy-lifecycle', mode: 'practice', side: 'client', partner: 'bot', timing: { rtoMs: 8000, mslMs: 6000 }, showLosses: false, textbook: true };
    expect(RoundStartedSchema.parse(started).timing.backoff).toBeUndefined();
    expect(RoundStartedSchema.parse({ ...started, timing: { ...started.timing, backoff: false } }).timing.backoff).toBe(false);
  });
});
