import { createEndpoint, type Endpoint } from '../tcp/endpoint';
import { step, type EndpointEvent } from '../tcp/step';
import { TIMERS, type Segment, type Side, type TimerName } from '../tcp/types';
import type { SeatEvent } from './view';
import { backedOffRto, nextExpiries } from './backoff';

/** One of the endpoint's timers as the engine ran it, in network time (the seat events' `t`). */
export interface MirroredTimer {
  /**
   * When the current run of the timer began (its last start or restart), or null when it is not
   * running and did not fire. Kept after the timer fires, so that a fired run can still be shown.
   */
  startedAt: number | null;
  /** The timer fired, and the engine has neither started nor stopped it since (for retransmit: nothing was sent again yet). */
  fired: boolean;
}

/**
 * A seat's own endpoint as far as that seat can know it: the seat's events folded through the
 * shared engine (`step`) exactly as the server steps the real endpoint, plus when the engine last
 * started each timer. Plain data, never mutated.
 */
export interface EndpointMirror {
  endpoint: Endpoint;
  timers: Record<TimerName, MirroredTimer>;
  /**
   * Retransmission-timer expiries since SND.UNA last advanced, counted as the round counts them
   * (shared/round/backoff.ts): with the class's RTO and backoff setting this gives the RTO the
   * endpoint's timer is armed with, which a real stack knows of itself. Absent: none.
   */
  rtoExpiries?: number;
}

const IDLE: MirroredTimer = { startedAt: null, fired: false };

/** The mirror of an endpoint that has done nothing yet (CLOSED, no timer ever started). */
export function createMirror(): EndpointMirror {
  return { endpoint: createEndpoint(), timers: { retransmit: IDLE, time_wait: IDLE }, rtoExpiries: 0 };
}

/**
 * What one seat event does to `side`'s own endpoint, as the engine sees it: its application's
 * calls, its own sends (never the network's injected copies), segments delivered to it, and its
 * timers firing. Everything else a seat is shown (the partner's sends, deliveries to the partner,
 * losses, declared states) changes nothing the endpoint knows, and gives null.
 *
 * `carried` stands for the seat's own send in `e`: in assessment mode the network carries the
 * correct segment on in place of a wrong answer, and the seat is shown only its answer; a caller
 * that knows the correct segment (a bot that erred on purpose) passes it here.
 */
export function seatEndpointEvent(e: SeatEvent, side: Side, carried?: Segment): EndpointEvent | null {
  switch (e.kind) {
    case 'app':
      if (e.call === 'send') return { type: 'app', call: 'send', bytes: e.bytes ?? 0 };
      if (e.call === 'listen') return { type: 'app', call: 'listen', ...(e.backlog !== undefined ? { backlog: e.backlog } : {}), ...(e.synAckRetries !== undefined ? { synAckRetries: e.synAckRetries } : {}) };
      return e.reuse ? { type: 'app', call: e.call, reuse: true } : { type: 'app', call: e.call };
    case 'sent':
      if (e.side !== side || e.origin === 'network') return null;
      return e.peer !== undefined ? { type: 'send', segment: carried ?? e.segment, peer: e.peer } : { type: 'send', segment: carried ?? e.segment };
    case 'delivered':
      if (e.to !== side) return null;
      return e.peer !== undefined ? { type: 'deliver', segment: e.segment, peer: e.peer } : { type: 'deliver', segment: e.segment };
    case 'timer':
      return e.peer !== undefined ? { type: 'timeout', timer: e.timer, peer: e.peer } : { type: 'timeout', timer: e.timer };
    default:
      return null;
  }
}

/**
 * Fold one of `side`'s seat events into the mirror of its endpoint (see `seatEndpointEvent` for
 * what counts and for `carried`). Timer starts and stops are the engine's own timer effects
 * (RFC 9293 §3.10.8, RFC 6298 §5), stamped with the event's network time `e.t`, as the round
 * stamps them when it sets the real timers. Returns `m` itself when the event changes nothing.
 */
export function mirrorSeatEvent(m: EndpointMirror, e: SeatEvent, side: Side, carried?: Segment): EndpointMirror {
  const ev = seatEndpointEvent(e, side, carried);
  if (!ev) return m;
  const res = step(m.endpoint, ev);
  // A half-open connection's timer and segments (listen-queue.ts) are not the endpoint's own timers.
  if ('peer' in ev && ev.peer !== undefined) return { ...m, endpoint: res.endpoint };
  const rtoExpiries = nextExpiries(m.rtoExpiries ?? 0, ev, m.endpoint.sndUna, res.endpoint.sndUna);
  const timers = { ...m.timers };
  // A timer that fires is over: the engine marks it stopped without an effect of its own.
  if (ev.type === 'timeout') timers[ev.timer] = { startedAt: timers[ev.timer].startedAt, fired: true };
  for (const fx of res.timers) timers[fx.timer] = fx.action === 'start' ? { startedAt: e.t, fired: false } : IDLE;
  return { endpoint: res.endpoint, timers, rtoExpiries };
}

/** `side`'s endpoint mirrored from a list of its seat events (a reconnecting seat's history, say). */
export function mirrorSeatEvents(events: readonly SeatEvent[], side: Side): EndpointMirror {
  let m = createMirror();
  for (const e of events) m = mirrorSeatEvent(m, e, side);
  return m;
}

/** The RTO the mirrored endpoint's retransmission timer is armed with, for the class's RTO and backoff setting. */
export function mirroredRto(m: EndpointMirror, rtoMs: number, backoff = true): number {
  return backedOffRto(rtoMs, m.rtoExpiries ?? 0, backoff);
}

/** The timers the mirrored endpoint is running now, each with the network time its run began. */
export function runningTimers(m: EndpointMirror): Partial<Record<TimerName, number>> {
  const out: Partial<Record<TimerName, number>> = {};
  for (const t of TIMERS) {
    const at = m.timers[t].startedAt;
    if (m.endpoint.timers[t] && at !== null) out[t] = at;
  }
  return out;
}
