/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4): every sum wraps, and comparisons use
 * serial-number arithmetic (RFC 1982), so an ISN of 4294967295 is followed by 0. Also the space a
 * segment takes in that number line, and the receive window the game assumes.
 */
import { hasFlag, type Segment } from './types';

export const SEQ_MODULO = 0x1_0000_0000;
export const MAX_SEQ = 0xffff_ffff;

/** True for an integer in 0..2^32-1. */
export function isSeq(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_SEQ;
}

/** a + n mod 2^32 (n may be negative). */
export function seqAdd(a: number, n: number): number {
  return (((a + n) % SEQ_MODULO) + SEQ_MODULO) % SEQ_MODULO;
}

/** The distance from `from` forward to `to`, mod 2^32 (0..2^32-1). */
export function seqDiff(to: number, from: number): number {
  return seqAdd(to, -from);
}

/** Signed serial difference a - b in -2^31..2^31-1. */
function serial(a: number, b: number): number {
  return (a - b) | 0;
}

/** a < b in serial-number order. */
export function seqLt(a: number, b: number): boolean {
  return serial(a, b) < 0;
}
/** a ≤ b in serial-number order. */
export function seqLe(a: number, b: number): boolean {
  return serial(a, b) <= 0;
}
/** a > b in serial-number order. */
export function seqGt(a: number, b: number): boolean {
  return serial(a, b) > 0;
}
/** a ≥ b in serial-number order. */
export function seqGe(a: number, b: number): boolean {
  return serial(a, b) >= 0;
}
/** lo < x ≤ hi in serial-number order (the RFC's "SND.UNA < SEG.ACK =< SND.NXT"). */
export function seqInOpenClosed(lo: number, x: number, hi: number): boolean {
  return seqLt(lo, x) && seqLe(x, hi);
}

/**
 * The sequence space a segment occupies (RFC 9293 §3.4, SEG.LEN): its data octets, plus one for
 * a SYN and one for a FIN; 0 for a pure ACK or a RST. Takes a segment as composed (its flags) or
 * as an endpoint records one it sent (`syn`/`fin` marks).
 */
export function seqSpace(seg: Pick<Segment, 'flags' | 'len'> | { len: number; syn: boolean; fin: boolean }): number {
  if ('flags' in seg) return seg.len + (hasFlag(seg, 'SYN') ? 1 : 0) + (hasFlag(seg, 'FIN') ? 1 : 0);
  return seg.len + (seg.syn ? 1 : 0) + (seg.fin ? 1 : 0);
}

/**
 * The receive window the game assumes (RCV.WND): large enough for every scenario, finite so that
 * wildly wrong sequence numbers are unacceptable. A sender keeps no more than this in flight.
 */
export const RECEIVE_WINDOW = 65535;

/**
 * RFC 9293 §3.10.7.4, first check, as the game has it: a segment is acceptable when it reaches
 * RCV.NXT at least (its end, `seq + seqSpace`, is not before it) and starts before RCV.NXT + RCV.WND.
 */
export function inReceiveWindow(seg: Pick<Segment, 'flags' | 'seq' | 'len'>, rcvNxt: number): boolean {
  return seqGe(seqAdd(seg.seq, seqSpace(seg)), rcvNxt) && seqLt(seg.seq, seqAdd(rcvNxt, RECEIVE_WINDOW));
}
