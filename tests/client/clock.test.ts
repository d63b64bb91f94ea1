import { describe, expect, it } from 'vitest';
import type { Clock } from '../../shared/index';
import { UI_TEXT } from '../../client/src/i18n/ui';
import { CLOCK_LINE, CLOCK_WORD, clockStatus, networkNow, type SeenClock } from '../../client/src/view/clock';

const clock = (c: Partial<Clock> & { at?: number }): SeenClock => ({ t: 0, running: true, paused: false, waiting: [], at: 0, ...c });

describe('the network clock as the page knows it', () => {
  it('runs on from the time it was told while it runs', () => {
    expect(networkNow(clock({ t: 5000, at: 1000 }), 3500)).toBe(7500);
  });

  it('stands still while it waits for someone, however long the page waits', () => {
    const waiting = clock({ t: 5000, running: false, waiting: ['you'], at: 1000 });
    expect(networkNow(waiting, 1000)).toBe(5000);
    expect(networkNow(waiting, 601_000)).toBe(5000);
  });

  it('never runs behind the latest event the page has seen, nor before the message arrived', () => {
    expect(networkNow(clock({ t: 5000, running: false, waiting: ['partner'], at: 0 }), 10, 6200)).toBe(6200);
    expect(networkNow(clock({ t: 5000, at: 1000 }), 900)).toBe(5000);
  });

  it('is the latest event’s time before any clock message', () => {
    expect(networkNow(null, 99_999, 1234)).toBe(1234);
    expect(networkNow(null, 99_999)).toBe(0);
  });
});

describe('what the status line says', () => {
  it('names whom the clock waits for', () => {
    expect(clockStatus(clock({}))).toBe('running');
    expect(clockStatus(clock({ running: false, waiting: ['you'] }))).toBe('you');
    expect(clockStatus(clock({ running: false, waiting: ['partner'] }))).toBe('partner');
    expect(clockStatus(clock({ running: false, waiting: ['you', 'partner'] }))).toBe('both');
  });

  it('says paused before anything else, and stopped when nobody owes anything', () => {
    expect(clockStatus(clock({ running: false, paused: true, waiting: ['you'] }))).toBe('paused');
    expect(clockStatus(clock({ running: false }))).toBe('stopped');
    expect(clockStatus(null)).toBeNull();
  });

  it('has a line for every status, and a word in the scene whenever the clock stands still for a reason', () => {
    for (const key of Object.values(CLOCK_LINE)) expect(UI_TEXT[key].en).toMatch(/Network clock/);
    expect(UI_TEXT[CLOCK_LINE.you].en).toContain('waiting for you');
    expect(UI_TEXT[CLOCK_LINE.partner].en).toContain('waiting for your partner');
    expect(CLOCK_WORD.running).toBeNull();
    for (const s of ['you', 'partner', 'both', 'paused'] as const) expect(CLOCK_WORD[s]).not.toBeNull();
  });
});
