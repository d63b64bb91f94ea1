import { canonicalFlags, hasFlag, type Segment } from '../../../shared/tcp/types';

/** The flags of a segment as printed on an envelope: `SYN+ACK`, or `—` for none. */
export function flagText(seg: Segment): string {
  return canonicalFlags(seg.flags).join('+') || '—';
}

/**
 * An envelope's label in short lines: flags (and the data length, when there is data), then seq
 * (and ack, when ACK is set, since ack means nothing without it). Narrow screens put ack on a third
 * line, so that ten-digit numbers still fit between the hosts.
 */
export function envelopeLines(seg: Segment, narrow = false): string[] {
  const top = seg.len > 0 ? `${flagText(seg)} len=${seg.len}` : flagText(seg);
  if (!hasFlag(seg, 'ACK')) return [top, `seq=${seg.seq}`];
  return narrow ? [top, `seq=${seg.seq}`, `ack=${seg.ack}`] : [top, `seq=${seg.seq} ack=${seg.ack}`];
}
