import { Bucket } from '../http/bucket';

/** Per-client message limits (Colyseus's own default is unlimited). Limits are per connection, never per address: a whole class shares one school address. */
export const LIMITS = {
  /** Steady messages per second a client may send. */
  ratePerSecond: 10,
  /** Burst allowance above the steady rate. */
  burst: 30,
  /** Refused messages within `floodWindowMs` after which the client is disconnected. */
  floodRefusals: 200,
  floodWindowMs: 10_000,
  /** Largest websocket message accepted, bytes. */
  maxPayloadBytes: 8 * 1024,
};

export type MessageLimits = Pick<typeof LIMITS, 'ratePerSecond' | 'burst' | 'floodRefusals' | 'floodWindowMs'>;

/** The server's token bucket (server/http/bucket.ts) with a flood detector. Time is a parameter (ms). */
export class RateLimiter {
  private readonly bucket: Bucket;
  private refusals: number[] = [];

  constructor(now: number, private readonly rules: MessageLimits = LIMITS) {
    this.bucket = new Bucket({ burst: rules.burst, perSecond: rules.ratePerSecond }, now);
  }

  /** 'ok' to handle the message, 'limited' to refuse it, 'flood' to disconnect the client. */
  take(now: number): 'ok' | 'limited' | 'flood' {
    if (this.bucket.take(now)) return 'ok';
    this.refusals.push(now);
    while (this.refusals.length > 0 && (this.refusals[0] as number) < now - this.rules.floodWindowMs) this.refusals.shift();
    return this.refusals.length >= this.rules.floodRefusals ? 'flood' : 'limited';
  }
}
