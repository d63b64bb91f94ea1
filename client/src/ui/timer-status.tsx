import { Fragment, render } from 'preact';
import { Subscriptions, type Bus } from '../bus';
import { t, type Params, type TextKey } from '../i18n/ui';
import type { AppEvents } from '../net/events';
import type { Side } from '../../../shared/index';
import { networkNow, type SeenClock } from '../view/clock';
import { applyTimerEvent, armedRto, NO_TIMERS, type PlayerTimers } from '../view/rto';
import { QUIET, timerNews, type SpeechState, type TimerNews } from '../view/timer-speech';

const KEYS: Record<TimerNews['timer'], Record<TimerNews['step'], TextKey>> = {
  rto: { started: 'timer.rtoStarted', half: 'timer.rtoHalf', stopped: 'timer.rtoStopped' },
  msl: { started: 'timer.mslStarted', half: 'timer.mslHalf', stopped: 'timer.mslFired' },
};

type Said = { key: TextKey; params?: Params }[];

/**
 * The words, in the page's language. Keyed by `n`, the news's number: the same words again are a
 * new text node (announced again), while a language switch rewrites the same news in place.
 */
function TimerWords({ lines, n }: { lines: Said; n: number }) {
  return <Fragment key={n}>{lines.map((l) => t(l.key, l.params)).join(' ')}</Fragment>;
}

/** How often the timers are looked at (page ms): often enough for "half", and nothing is said unless it changed. */
const LOOK_MS = 500;

/**
 * The player's timers for a screen reader (the scene draws them as rings only): a polite live
 * region, visually hidden, that says when the retransmission or 2×MSL timer starts, when half its
 * time is gone, when it fires and when the retransmission timer stops (view/timer-speech.ts).
 * It follows the round's events on the bus, as the scene does. A Preact panel drawn into `el` (the
 * live region itself, which stays put) when there is news.
 */
export class TimerStatus {
  readonly el = document.createElement('p');
  private readonly subs = new Subscriptions();
  private side: Side | null = null;
  private rtoMs = 0;
  private mslMs = 0;
  private backoff = true;
  private timers: PlayerTimers = NO_TIMERS;
  private said: SpeechState = QUIET;
  private clock: SeenClock | null = null;
  /** The latest network time an event showed. */
  private floor = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** How many times there was news. */
  private n = 0;

  constructor(bus: Bus<AppEvents>) {
    this.el.className = 'visually-hidden';
    this.el.setAttribute('aria-live', 'polite');
    this.el.dataset.testid = 'timer-status';
    this.subs.add(bus.on('roundStarted', (rs) => {
      this.side = rs.side;
      this.rtoMs = rs.timing.rtoMs;
      this.mslMs = rs.timing.mslMs;
      this.backoff = rs.timing.backoff ?? true;
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
  }

  dispose(): void {
    this.stop();
    this.subs.dispose();
    render(null, this.el);
  }

  private stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private look(): void {
    if (!this.side) return;
    const now = networkNow(this.clock, performance.now(), this.floor);
    const rto = armedRto(this.timers, this.rtoMs, this.backoff);
    const { state, news } = timerNews(this.said, this.timers, now, rto, this.mslMs);
    this.said = state;
    // A backed-off retransmission timer says so when it starts: its timeout doubled since the last.
    const key = (n: TimerNews): TextKey => (n.timer === 'rto' && n.step === 'started' && rto > this.rtoMs ? 'timer.rtoStartedBackedOff' : KEYS[n.timer][n.step]);
    if (news.length) this.show(news.map((n) => ({ key: key(n), params: { s: n.seconds, n: Math.round(rto / this.rtoMs) } })));
  }

  private show(lines: Said): void {
    this.n += 1;
    render(<TimerWords lines={lines} n={this.n} />, this.el);
  }
}
