import type { Endpoint } from './endpoint';
import { owedSends } from './allowed-sends';
import { seqAdd, seqGt } from './seq';
import type { Segment } from './types';

/**
 * The segment a correct stack sends next, or null when it owes nothing. `isn` is used only when
 * a fresh ISN must be chosen (the caller draws it from the round's seeded RNG).
 */
export function botSegment(ep: Endpoint, isn: number): Segment | null {
  const next = owedSends(ep)[0];
  if (!next) return null;
  const seg: Segment = { ...next.segment, flags: [...next.segment.flags], seq: next.segment.seq ?? freshIsn(isn, next.seqAbove) };
  if (seg.len > 0 && !seg.flags.includes('PSH')) seg.flags.push('PSH');
  return seg;
}

/**
 * `isn`, or, when the ISN must lie above `above` (a new connection on ports that had one) and
 * `isn` does not, a number a little above it, still drawn from `isn`: a real stack's clock-driven
 * ISN (RFC 6528) has moved on since the earlier connection.
 */
function freshIsn(isn: number, above: number | undefined): number {
  if (above === undefined || seqGt(isn, above)) return isn;
  return seqAdd(above, 1 + (isn % 500));
}
