import type { Endpoint } from './endpoint';
import { owedSends } from './allowed-sends';
import type { Segment } from './types';

/**
 * The segment a correct stack sends next, or null when it owes nothing. `isn` is used only when
 * a fresh ISN must be chosen (the caller draws it from the round's seeded RNG).
 */
export function botSegment(ep: Endpoint, isn: number): Segment | null {
  const next = owedSends(ep)[0];
  if (!next) return null;
  const seg: Segment = { ...next.segment, flags: [...next.segment.flags], seq: next.segment.seq ?? isn };
  if (seg.len > 0 && !seg.flags.includes('PSH')) seg.flags.push('PSH');
  return seg;
}
