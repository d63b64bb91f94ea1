import type { SeatEvent } from '../../../shared/messages/index';
import { seqAdd, seqLe, seqSpace } from '../../../shared/tcp/seq';
import { hasFlag, type Segment, type Side } from '../../../shared/tcp/types';

/**
 * The player's own timers, as far as the player can know them from what they saw: the
 * retransmission timer runs while anything they sent (SYN, FIN or data) is unacknowledged; it
 * starts with the first such send, restarts when an ACK takes some but not all of it and when
 * the first segment is sent again (RFC 6298 §5), and stops when everything is acknowledged. The
 * 2×MSL timer runs from the moment the player says it is in TIME_WAIT (with a send, or declared)
 * and starts again when it acknowledges a repeated FIN there. Times are network ms (each event's
 * `t`): the pair's clock stands still while people think, so the rings do too.
 */
export interface Unacked {
  seq: number;
  /** The sequence number after this segment: seq + len (+1 for SYN, +1 for FIN). */
  end: number;
  segment: Segment;
}

export interface PlayerTimers {
  unacked: Unacked[];
  /** When the retransmission timer (re)started; null when it is not running. */
  rtoStart: number | null;
  /** The retransmission timer fired and nothing has been resent since. */
  rtoFired: boolean;
  timeWaitStart: number | null;
}

export const NO_TIMERS: PlayerTimers = { unacked: [], rtoStart: null, rtoFired: false, timeWaitStart: null };

/** Fold one seat event of the player on `me`'s side (at its network time `e.t`). */
export function applyTimerEvent(s: PlayerTimers, e: SeatEvent, me: Side): PlayerTimers {
  const at = e.t;
  if (e.kind === 'sent' && e.side === me) {
    const seg = e.segment;
    if (hasFlag(seg, 'RST')) return { ...NO_TIMERS };
    let next = s;
    // Acknowledging again in TIME_WAIT (a retransmitted FIN arrived) restarts 2×MSL.
    if (s.timeWaitStart !== null && hasFlag(seg, 'ACK')) next = { ...next, timeWaitStart: at };
    // A state declared with the send: TIME_WAIT begins with this ACK.
    if (e.state) next = applyDeclared(next, e.state, at);
    if (seqSpace(seg) === 0) return next;
    if (next.unacked.some((u) => u.seq === seg.seq)) return { ...next, rtoStart: at, rtoFired: false };
    const unacked = [...next.unacked, { seq: seg.seq, end: seqAdd(seg.seq, seqSpace(seg)), segment: seg }];
    return { ...next, unacked, rtoStart: next.rtoStart ?? at };
  }
  if (e.kind === 'delivered' && e.to === me) {
    const seg = e.segment;
    if (hasFlag(seg, 'RST')) return { ...NO_TIMERS };
    if (!hasFlag(seg, 'ACK') || s.unacked.length === 0) return s;
    const unacked = s.unacked.filter((u) => !seqLe(u.end, seg.ack));
    if (unacked.length === s.unacked.length) return s;
    return { ...s, unacked, rtoStart: unacked.length > 0 ? at : null, rtoFired: false };
  }
  if (e.kind === 'declared' && e.side === me) return applyDeclared(s, e.state, at);
  if (e.kind === 'timer') {
    if (e.timer === 'retransmit') return { ...s, rtoFired: true };
    return { ...s, timeWaitStart: null };
  }
  return s;
}

/** The player is in `state` from network time `at`: TIME_WAIT starts the 2×MSL countdown, any other stops it. */
export function applyDeclared(s: PlayerTimers, state: string, at: number): PlayerTimers {
  if (state === 'TIME_WAIT') return s.timeWaitStart === null ? { ...s, timeWaitStart: at } : s;
  return s.timeWaitStart === null ? s : { ...s, timeWaitStart: null };
}
