import type { Segment } from '../../../shared/index';

const UINT32 = 2 ** 32;

/**
 * A segment that is wrong whatever the endpoint owes, for deliberate mistakes: with ACK set, the
 * ack is one off (every option that carries ACK needs an exact ack); a SYN gains an ACK (no SYN
 * without ACK may carry one); a bare RST gets its seq one off.
 */
export function wrongVariant(seg: Segment): Segment {
  if (seg.flags.includes('ACK')) return { ...seg, flags: [...seg.flags], ack: (seg.ack + 1) % UINT32 };
  if (seg.flags.includes('SYN')) return { ...seg, flags: [...seg.flags, 'ACK'], ack: 0 };
  return { ...seg, flags: [...seg.flags], seq: (seg.seq + 1) % UINT32 };
}

/** Whether two segments are the same (flags in any order). */
export function sameSegment(a: Segment, b: Segment): boolean {
  return a.seq === b.seq && a.ack === b.ack && a.len === b.len && a.flags.length === b.flags.length && a.flags.every((f) => b.flags.includes(f));
}
