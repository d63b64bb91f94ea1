import type { Clock } from '../../../shared/messages/index';

/**
 * The pair's network clock as this page knows it (GAME.md "Time, and what an endpoint can know"):
 * network time runs while segments fly and timers count, and stands still while a person owes an
 * answer or the round is paused. The server tells each seat when the clock changes pace; between
 * two messages the page extrapolates. Pure arithmetic, no DOM, so that it is tested without a page.
 */
export interface SeenClock extends Clock {
  /** Page time (ms, performance.now()) when this clock message arrived. */
  at: number;
}

/** What the clock is doing, as the player is told it. */
export type ClockStatus = 'running' | 'you' | 'partner' | 'both' | 'paused' | 'stopped';

/**
 * Network time (ms) at page time `pageNow`: `t` plus the page time passed since the message while
 * the clock runs, `t` while it stands still. Never earlier than `floor` (the latest network time an
 * event showed), so a ring never runs backwards when an event overtakes a slow clock message.
 * Without any clock message yet, `floor`.
 */
export function networkNow(clock: SeenClock | null, pageNow: number, floor = 0): number {
  if (!clock) return floor;
  const t = clock.running ? clock.t + Math.max(0, pageNow - clock.at) : clock.t;
  return Math.max(t, floor);
}

/** Whom the clock waits for, or whether it runs: what the status line and the scene say. */
export function clockStatus(clock: Clock | null): ClockStatus | null {
  if (!clock) return null;
  if (clock.paused) return 'paused';
  if (clock.running) return 'running';
  const you = clock.waiting.includes('you');
  const partner = clock.waiting.includes('partner');
  if (you && partner) return 'both';
  if (you) return 'you';
  if (partner) return 'partner';
  return 'stopped';
}

/** The status line's text key for a status (client/src/i18n/ui.ts). */
export const CLOCK_LINE = {
  running: 'clock.running',
  you: 'clock.you',
  partner: 'clock.partner',
  both: 'clock.both',
  paused: 'clock.paused',
  stopped: 'clock.stopped',
} as const satisfies Record<ClockStatus, string>;

/** The scene's short word under the network for a status, or null when the clock runs (nothing to say). */
export const CLOCK_WORD = {
  running: null,
  you: 'scene.clock.you',
  partner: 'scene.clock.partner',
  both: 'scene.clock.you',
  paused: 'scene.clock.paused',
  stopped: null,
} as const satisfies Record<ClockStatus, string | null>;
