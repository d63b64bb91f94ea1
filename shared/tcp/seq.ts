/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4): every sum wraps, and comparisons use
 * serial-number arithmetic (RFC 1982), so an ISN of 4294967295 is followed by 0.
 */

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
