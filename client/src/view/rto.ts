import type { SeatEvent } from '../../../shared/messages/index';
import { createMirror, mirrorSeatEvent, type EndpointMirror } from '../../../shared/round/mirror';
import { backedOffRto } from '../../../shared/round/backoff';
import type { Unacked as EngineUnacked } from '../../../shared/tcp/endpoint';
import { seqAdd, seqSpace } from '../../../shared/tcp/seq';
import type { Flag, Segment, Side } from '../../../shared/tcp/types';

/**
 * The player's own timers, as the engine runs them for the player's endpoint: the seat's events
 * are folded through the shared engine (shared/round/mirror.ts, as the server steps the real
 * endpoint), and the rings read the mirrored endpoint's retransmission queue and the engine's own
 * timer starts, restarts, stops and firings (RFC 9293 §3.10.8, RFC 6298 §5), the 2×MSL timer of
 * TIME_WAIT included. Times are network ms (each event's `t`): the pair's clock stands still while
 * people think, so the rings do too.
 */
export interface Unacked {
  seq: number;
  /** The sequence number after this segment: seq + len (+1 for SYN, +1 for FIN). */
  end: number;
  /** The segment as the player last sent it (the ring's label). */
  segment: Segment;
}

export interface PlayerTimers {
  /** The player's endpoint and its timers, as the engine steps them from the seat's events. */
  mirror: EndpointMirror;
  /** The endpoint's retransmission queue, first sent first. */
  unacked: Unacked[];
  /** When the retransmission timer (re)started; null when it is not running and has not fired. */
  rtoStart: number | null;
  /** The retransmission timer fired and nothing has been resent since. */
  rtoFired: boolean;
  /** When the 2×MSL timer (re)started; null when the endpoint is not in TIME_WAIT's wait. */
  timeWaitStart: number | null;
}

export const NO_TIMERS: PlayerTimers = { mirror: createMirror(), unacked: [], rtoStart: null, rtoFired: false, timeWaitStart: null };

/** Fold one seat event of the player on `me`'s side (at its network time `e.t`). */
export function applyTimerEvent(s: PlayerTimers, e: SeatEvent, me: Side): PlayerTimers {
  const mirror = mirrorSeatEvent(s.mirror, e, me);
  if (mirror === s.mirror) return s;
  const own = e.kind === 'sent' && e.side === me && e.origin !== 'network' ? e.segment : null;
  return timersOf(mirror, s.unacked, own);
}

/** What the rings show of a mirrored endpoint; `before` and `sent` give each ring the segment as the player sent it. */
function timersOf(mirror: EndpointMirror, before: readonly Unacked[], sent: Segment | null): PlayerTimers {
  const ep = mirror.endpoint;
  const unacked = ep.unacked.map((u): Unacked => {
    const segment = sent && sent.seq === u.seq && seqSpace(sent) === seqSpace(u) ? sent : before.find((b) => b.seq === u.seq)?.segment ?? segmentOf(u);
    return { seq: u.seq, end: seqAdd(u.seq, seqSpace(u)), segment };
  });
  const rto = mirror.timers.retransmit;
  const timeWait = mirror.timers.time_wait;
  return {
    mirror,
    unacked,
    // Nothing left to resend, no ring: whatever became of the timer's last run.
    rtoStart: unacked.length > 0 ? rto.startedAt : null,
    rtoFired: unacked.length > 0 && rto.fired,
    timeWaitStart: ep.timers.time_wait ? timeWait.startedAt : null,
  };
}

/** A segment in the queue with the flags it occupies sequence space with (a fallback label). */
function segmentOf(u: EngineUnacked): Segment {
  const flags: Flag[] = [];
  if (u.syn) flags.push('SYN');
  if (u.ack) flags.push('ACK');
  if (u.fin) flags.push('FIN');
  return { flags, seq: u.seq, ack: 0, len: u.len };
}

/**
 * How long the retransmission timer's run the ring shows lasts (network ms): the class's RTO
 * `rtoMs`, doubled for each expiry since the player's data was last acknowledged, up to the cap
 * (shared/round/backoff.ts), as the player's own stack knows it. A run that fired was armed before
 * that expiry counted.
 */
export function armedRto(t: PlayerTimers, rtoMs: number, backoff = true): number {
  const expiries = t.mirror.rtoExpiries ?? 0;
  return backedOffRto(rtoMs, t.rtoFired ? expiries - 1 : expiries, backoff);
}
