import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  isSeq,
  MAX_SEQ,
  SEQ_MODULO,
  seqAdd,
  seqDiff,
  seqGe,
  seqGt,
  seqInOpenClosed,
  seqLe,
  seqLt,
} from '../../../shared/tcp/seq';

/** Any sequence number. */
const uint32 = fc.integer({ min: 0, max: MAX_SEQ });
/** Offsets: small ones near the wrap, whole turns of the sequence space, and far beyond. */
const offset = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer({ min: -SEQ_MODULO, max: SEQ_MODULO }),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
);
/** A forward distance that serial-number comparison must order: 0 < n < 2^31. */
const forward = fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }));

/** n mod 2^32 in 0..2^32-1, computed independently of the code under test. */
function mod32(n: number): number {
  return Number(((BigInt(n) % 4294967296n) + 4294967296n) % 4294967296n);
}

describe('sequence-number arithmetic at the wrap', () => {
  it('follows 4294967295 with 0', () => {
    expect(seqAdd(4294967295, 1)).toBe(0);
    expect(seqAdd(4294967295, 2)).toBe(1);
    expect(seqAdd(4294967290, 58)).toBe(52);
  });

  it('steps back across the wrap for a negative offset', () => {
    expect(seqAdd(0, -1)).toBe(4294967295);
    expect(seqAdd(3, -10)).toBe(4294967289);
  });

  it('reduces offsets of whole turns of the sequence space to nothing', () => {
    expect(seqAdd(7, SEQ_MODULO)).toBe(7);
    expect(seqAdd(7, -SEQ_MODULO)).toBe(7);
    expect(seqAdd(7, 3 * SEQ_MODULO + 1)).toBe(8);
  });

  it('orders 4294967295 before 0 and 0 after 4294967295', () => {
    expect(seqLt(4294967295, 0)).toBe(true);
    expect(seqLe(4294967295, 0)).toBe(true);
    expect(seqGt(0, 4294967295)).toBe(true);
    expect(seqGe(0, 4294967295)).toBe(true);
    expect(seqLt(0, 4294967295)).toBe(false);
    expect(seqGt(4294967295, 0)).toBe(false);
  });

  it('orders numbers far apart by the shorter way round, not by plain <', () => {
    expect(seqLt(4000000000, 100)).toBe(true);
    expect(seqLt(100, 4000000000)).toBe(false);
    expect(seqLt(100, 2000000000)).toBe(true);
  });

  it('treats a number as neither less nor greater than itself', () => {
    expect(seqLt(4294967295, 4294967295)).toBe(false);
    expect(seqGt(0, 0)).toBe(false);
    expect(seqLe(0, 0)).toBe(true);
    expect(seqGe(4294967295, 4294967295)).toBe(true);
  });

  it('measures the forward distance across the wrap with seqDiff', () => {
    expect(seqDiff(0, 4294967295)).toBe(1);
    expect(seqDiff(52, 4294967290)).toBe(58);
    expect(seqDiff(5, 5)).toBe(0);
    // Backwards by one is almost a whole turn forwards.
    expect(seqDiff(4294967295, 0)).toBe(4294967295);
  });

  it('tells whether an ack lies in (SND.UNA, SND.NXT] across the wrap', () => {
    // A SYN with ISN 4294967295 is acknowledged by 0.
    expect(seqInOpenClosed(4294967295, 0, 0)).toBe(true);
    expect(seqInOpenClosed(4294967295, 4294967295, 0)).toBe(false);
    expect(seqInOpenClosed(4294967295, 1, 0)).toBe(false);
    expect(seqInOpenClosed(4294967290, 3, 5)).toBe(true);
    expect(seqInOpenClosed(4294967290, 4294967291, 5)).toBe(true);
    expect(seqInOpenClosed(4294967290, 5, 5)).toBe(true);
    expect(seqInOpenClosed(4294967290, 6, 5)).toBe(false);
    expect(seqInOpenClosed(4294967290, 4294967289, 5)).toBe(false);
  });

  it('accepts exactly the integers 0..4294967295 as sequence numbers', () => {
    expect(isSeq(0)).toBe(true);
    expect(isSeq(4294967295)).toBe(true);
    expect(isSeq(4294967296)).toBe(false);
    expect(isSeq(-1)).toBe(false);
    expect(isSeq(1.5)).toBe(false);
    expect(isSeq(Number.NaN)).toBe(false);
    expect(isSeq(Number.POSITIVE_INFINITY)).toBe(false);
    expect(isSeq('1')).toBe(false);
    expect(isSeq(null)).toBe(false);
    expect(isSeq(undefined)).toBe(false);
  });
});

describe('sequence-number arithmetic laws', () => {
  it('undoes seqAdd(a, n) with seqAdd(·, -n) for every a and n', () => {
    fc.assert(fc.property(uint32, offset, (a, n) => seqAdd(seqAdd(a, n), -n) === a));
  });

  it('computes seqAdd(a, n) as (a + n) mod 2^32', () => {
    fc.assert(fc.property(uint32, offset, (a, n) => seqAdd(a, n) === mod32(a + n)));
  });

  it('measures seqDiff(seqAdd(a, n), a) as n mod 2^32', () => {
    fc.assert(fc.property(uint32, offset, (a, n) => seqDiff(seqAdd(a, n), a) === mod32(n)));
  });

  it('orders a before a + n for every 0 < n < 2^31, even across the wrap', () => {
    fc.assert(
      fc.property(uint32, forward, (a, n) => {
        const b = seqAdd(a, n);
        return seqLt(a, b) && seqLe(a, b) && seqGt(b, a) && seqGe(b, a) && !seqLt(b, a) && !seqGt(a, b) && !seqLe(b, a);
      }),
    );
  });

  it('finds a + n in (a, a + n] and a itself outside it, for every 0 < n < 2^31', () => {
    fc.assert(
      fc.property(uint32, forward, (a, n) => {
        const b = seqAdd(a, n);
        return seqInOpenClosed(a, b, b) && !seqInOpenClosed(a, a, b) && !seqInOpenClosed(a, seqAdd(b, 1), b);
      }),
    );
  });

  it('makes seqLe exactly "seqLt or equal" and seqGe exactly "seqGt or equal"', () => {
    const pair = fc.oneof(
      fc.tuple(uint32, uint32),
      fc.tuple(uint32, fc.integer({ min: -3, max: 3 })).map(([a, d]) => [a, seqAdd(a, d)] as [number, number]),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => seqLe(a, b) === (seqLt(a, b) || a === b) && seqGe(a, b) === (seqGt(a, b) || a === b)),
    );
  });

  it('always yields integers in 0..2^32-1', () => {
    fc.assert(
      fc.property(uint32, uint32, offset, (a, b, n) => {
        const sum = seqAdd(a, n);
        const diff = seqDiff(a, b);
        const inRange = (x: number) => Number.isInteger(x) && x >= 0 && x <= 4294967295;
        return inRange(sum) && inRange(diff) && isSeq(sum) && isSeq(diff);
      }),
    );
  });
});
