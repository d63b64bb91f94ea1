/**
 * When a bot student makes its next move, like a person at a browser: it thinks `thinkMs` from
 * the moment the move became due, lets the partner's segments already in flight land first
 * (`settleMs`), declares a state reached without sending only after `quietMs` without news, and
 * waits `retryMs` after a "not now" refusal. Wall time, passed in: the pair's network clock stands
 * still meanwhile, so a slow bot, like a slow student, makes no timer fire.
 */
export interface PacingOptions {
  /** Think time before each move, ms, counted from when the move became due (a range draws uniformly). Default 0. */
  thinkMs?: number | [number, number];
  /** Draws each think time, ms, in place of `thinkMs` (e.g. a person's log-normal pace, bench/lib/think.ts). */
  drawThinkMs?: () => number;
  /** Before sending, wait at most this long for the partner's segments in flight to land, ms. Default 150. */
  settleMs?: number;
  /** Declare a state reached without sending only after this long without a new seat event, ms. Default 100. */
  quietMs?: number;
  /** Wait after a refusal that says "not now" (prelude, paused, rate limit) before trying again, ms. Default 60. */
  retryMs?: number;
}

export type Move = 'send' | 'declare';

export class Pacing {
  /** The partner's segments seen leaving and not yet delivered or lost: id → when seen. */
  private readonly inFlight = new Map<string, number>();
  private lastNewsAt = 0;
  /** When the move now due became due, and how long to think about it. */
  private dueSince: number | null = null;
  private thinkFor = 0;
  private notBefore = 0;

  constructor(private readonly opts: PacingOptions, private readonly random: () => number = Math.random) {}

  /** A new round (or a restored one): nothing in flight, nothing due. */
  reset(now: number): void {
    this.inFlight.clear();
    this.dueSince = null;
    this.lastNewsAt = now;
  }

  /** A seat event arrived. */
  news(now: number): void {
    this.lastNewsAt = now;
  }

  /** The partner's segment `id` was seen leaving. */
  partnerSent(id: string, now: number): void {
    this.inFlight.set(id, now);
  }

  /** Segment `id` was delivered or lost. */
  landed(id: string): void {
    this.inFlight.delete(id);
  }

  /** The server said "not now": try again after `retryMs`. */
  notNow(now: number): void {
    this.notBefore = now + (this.opts.retryMs ?? 60);
  }

  /** Nothing is due any more (or the move was made). */
  done(): void {
    this.dueSince = null;
  }

  /** The wall time at which the due move may be made. */
  readyAt(move: Move, now: number): number {
    if (this.dueSince === null) {
      this.dueSince = now;
      this.thinkFor = this.thinkTime();
    }
    let at = Math.max(this.dueSince + this.thinkFor, this.notBefore);
    const settle = this.opts.settleMs ?? 150;
    for (const seenAt of this.inFlight.values()) at = Math.max(at, seenAt + settle);
    if (move === 'declare') at = Math.max(at, this.lastNewsAt + (this.opts.quietMs ?? 100));
    return at;
  }

  private thinkTime(): number {
    if (this.opts.drawThinkMs) return Math.max(0, this.opts.drawThinkMs());
    const t = this.opts.thinkMs ?? 0;
    if (typeof t === 'number') return t;
    return t[0] + Math.floor(this.random() * (t[1] - t[0] + 1));
  }
}
