import { Subscriptions, type Bus } from '../bus';
import { onLang, t, type Params, type TextKey } from '../i18n/ui';
import type { AppEvents } from '../net/events';
import type { Side } from '../../../shared/index';
import { networkNow, type SeenClock } from '../view/clock';
import { applyTimerEvent, NO_TIMERS, type PlayerTimers } from '../view/rto';
import { QUIET, timerNews, type SpeechState, type TimerNews } from '../view/timer-speech';
import { h } from './dom';

const KEYS: Record<TimerNews['timer'], Record<TimerNews['step'], TextKey>> = {
  rto: { started: 'timer.rtoStarted', half: 'timer.rtoHalf', stopped: 'timer.rtoStopped' },
  msl: { started: 'timer.mslStarted', half: 'timer.mslHalf', stopped: 'timer.mslFired' },
};

/** How often the timers are looked at (page ms): often enough for "half", and nothing is said unless it changed. */
const LOOK_MS = 500;

/**
 * The player's timers for a screen reader (the scene draws them as rings only): a polite live
 * region, visually hidden, that says when the retransmission or 2×MSL timer starts, when half its
 * time is gone, when it fires and when the retransmission timer stops (view/timer-speech.ts).
 * It follows the round's events on the bus, as the scene does.
 */
export class TimerStatus {
  readonly el = h('p', { class: 'visually-hidden', 'aria-live': 'polite', 'data-testid': 'timer-status' });
  private readonly subs = new Subscriptions();
  private side: Side | null = null;
  private rtoMs = 0;
  private mslMs = 0;
  private timers: PlayerTimers = NO_TIMERS;
  private said: SpeechState = QUIET;
  private clock: SeenClock | null = null;
  /** The latest network time an event showed. */
  private floor = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lines: { key: TextKey; params?: Params }[] = [];

  constructor(bus: Bus<AppEvents>) {
    this.subs.add(bus.on('roundStarted', (rs) => {
      this.side = rs.side;
      this.rtoMs = rs.timing.rtoMs;
      this.mslMs = rs.timing.mslMs;
      this.timers = NO_TIMERS;
      this.floor = 0;
      for (const e of rs.history ?? []) {
        this.timers = applyTimerEvent(this.timers, e, rs.side);
        this.floor = Math.max(this.floor, e.t);
      }
      this.clock = rs.clock ? { ...rs.clock, at: performance.now() } : null;
      this.said = QUIET;
      this.show([]);
      this.look();
      this.stop();
      this.timer = setInterval(() => this.look(), LOOK_MS);
    }));
    this.subs.add(bus.on('seatEvent', (e) => {
      if (!this.side) return;
      this.timers = applyTimerEvent(this.timers, e, this.side);
      this.floor = Math.max(this.floor, e.t);
      if (e.kind === 'timer') {
        const key: TextKey = e.timer === 'retransmit' ? 'timer.rtoFired' : 'timer.mslFired';
        this.said = e.timer === 'retransmit' ? { ...this.said, rto: null } : { ...this.said, msl: null };
        return this.show([{ key }]);
      }
      this.look();
    }));
    this.subs.add(bus.on('clock', (c) => {
      this.clock = { ...c, at: performance.now() };
    }));
    this.subs.add(bus.on('roundEnded', () => {
      this.stop();
      this.side = null;
      this.show([]);
    }));
    this.subs.add(onLang(() => this.render()));
  }

  dispose(): void {
    this.stop();
    this.subs.dispose();
  }

  private stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private look(): void {
    if (!this.side) return;
    const now = networkNow(this.clock, performance.now(), this.floor);
    const { state, news } = timerNews(this.said, this.timers, now, this.rtoMs, this.mslMs);
    this.said = state;
    if (news.length) this.show(news.map((n) => ({ key: KEYS[n.timer][n.step], params: { s: n.seconds } })));
  }

  private show(lines: { key: TextKey; params?: Params }[]): void {
    this.lines = lines;
    this.render();
  }

  private render(): void {
    this.el.textContent = this.lines.map((l) => t(l.key, l.params)).join(' ');
  }
}
