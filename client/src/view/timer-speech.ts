import { secondsLeft } from './ring';
import type { PlayerTimers } from './rto';

/**
 * When a screen reader is told about the player's timers (the rings of the scene, in words): when
 * a timer starts (or restarts), when half of its time is gone, and when the retransmission timer
 * stops because everything is acknowledged — never every second. That a timer fired comes with
 * its seat event (ui/timer-status.ts). Pure: times are network ms, as the rings use them.
 */
export type TimerName = 'rto' | 'msl';
export type TimerStep = 'started' | 'half' | 'stopped';

export interface TimerNews {
  timer: TimerName;
  step: TimerStep;
  /** Whole seconds of network time left (0 for 'stopped'). */
  seconds: number;
}

interface Run {
  start: number;
  step: 'started' | 'half';
}

/** What has been said about each timer's current run (null: not running). */
export interface SpeechState {
  rto: Run | null;
  msl: Run | null;
}

export const QUIET: SpeechState = { rto: null, msl: null };

/** The news of one timer: its run now (`start` null: not running) against what was said. */
function one(timer: TimerName, said: Run | null, start: number | null, fired: boolean, now: number, total: number): { run: Run | null; news: TimerNews | null } {
  if (start === null || fired) {
    // The retransmission timer stopped without firing: what was sent is acknowledged. (A fired
    // one, and the end of TIME_WAIT, are told by their own event.)
    const stopped = timer === 'rto' && said !== null && start === null && !fired;
    return { run: null, news: stopped ? { timer, step: 'stopped', seconds: 0 } : null };
  }
  const step = now - start >= total / 2 ? 'half' : 'started';
  const run: Run = { start, step };
  if (said === null || said.start !== start) return { run, news: { timer, step, seconds: secondsLeft(now, start, total) } };
  if (said.step === 'started' && step === 'half') return { run, news: { timer, step, seconds: secondsLeft(now, start, total) } };
  return { run: said, news: null };
}

/** What to say at network time `now` about the timers `t`, given what was said before (`said`). */
export function timerNews(said: SpeechState, t: PlayerTimers, now: number, rtoMs: number, mslMs: number): { state: SpeechState; news: TimerNews[] } {
  const rto = one('rto', said.rto, t.rtoStart, t.rtoFired, now, rtoMs);
  const msl = one('msl', said.msl, t.timeWaitStart, false, now, 2 * mslMs);
  return { state: { rto: rto.run, msl: msl.run }, news: [rto.news, msl.news].filter((n): n is TimerNews => n !== null) };
}
