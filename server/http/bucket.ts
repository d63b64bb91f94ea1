/** How a token bucket fills: `burst` tokens at most, refilled at `perSecond`. */
export interface BucketRule {
  burst: number;
  perSecond: number;
}

/**
 * The server's one token bucket: matchmaking and failed attempts (server/http/guard.ts), the review
 * API (server/http/api.ts) and every websocket frame (server/rooms/limits.ts) count with it. Time is
 * a parameter (ms), so it is tested without waiting.
 */
export class Bucket {
  private tokens: number;
  constructor(private readonly rule: BucketRule, private last: number) {
    this.tokens = rule.burst;
  }
  private refill(now: number): void {
    this.tokens = Math.min(this.rule.burst, this.tokens + ((now - this.last) / 1000) * this.rule.perSecond);
    this.last = now;
  }
  /** Take one token if there is one. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
  /** Take one token even if it leaves the bucket in debt (a failure already happened). */
  charge(now: number): void {
    this.refill(now);
    this.tokens = Math.max(-this.rule.burst, this.tokens - 1);
  }
  empty(now: number): boolean {
    this.refill(now);
    return this.tokens < 1;
  }
  full(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.rule.burst;
  }
  /** Seconds until one token is back. */
  retryAfter(): number {
    return Math.max(1, Math.ceil((1 - this.tokens) / this.rule.perSecond));
  }
}
