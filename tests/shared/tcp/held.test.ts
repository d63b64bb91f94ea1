/**
 * HeldQueue (shared/tcp/held.ts), the out-of-order queue in sorted chunks, against the plain
 * sorted array it replaced: the same order (ties after earlier arrivals), the same first, the same
 * answers from the end, and a clone that shares nothing. Sizes reach several chunks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeldQueue, type Held } from '../../../shared/tcp/held';

type Op = { kind: 'insert'; seq: number; fin: boolean } | { kind: 'shift' };

const key = (x: Held) => x.seq;

function model(ops: Op[]): { queue: HeldQueue; array: Held[] } {
  const queue = new HeldQueue();
  const array: Held[] = [];
  for (const op of ops) {
    if (op.kind === 'shift') {
      expect(queue.shift()).toEqual(array.shift());
    } else {
      const h = { seq: op.seq, len: 1, fin: op.fin };
      queue.insert(h, key);
      let i = array.length;
      while (i > 0 && key(array[i - 1] as Held) > h.seq) i--;
      array.splice(i, 0, h);
    }
    expect(queue.length).toBe(array.length);
    expect(queue.first()).toEqual(array[0]);
  }
  return { queue, array };
}

const op = (maxSeq: number) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), seq: fc.integer({ min: 0, max: maxSeq }), fin: fc.boolean() }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'shift' as const }) },
  );

describe('HeldQueue', () => {
  it('keeps the order, the first and the answers from the end of a sorted array, through inserts anywhere and shifts', () => {
    fc.assert(
      fc.property(fc.array(op(400), { maxLength: 1200 }), (ops) => {
        const { queue, array } = model(ops);
        expect([...queue]).toEqual(array);
        expect(JSON.parse(JSON.stringify(queue))).toEqual(array);
        expect(queue.someFromEnd((h) => h.fin)).toBe(array.some((h) => h.fin));
      }),
      { numRuns: 150 },
    );
  });

  it('ties go after the segments already held with the same key', () => {
    const q = new HeldQueue();
    for (let i = 0; i < 600; i++) q.insert({ seq: i % 3, len: i, fin: false }, key);
    const held = [...q];
    expect(held.map((h) => h.seq)).toEqual([...Array(200).fill(0), ...Array(200).fill(1), ...Array(200).fill(2)]);
    for (const s of [0, 1, 2]) {
      const lens = held.filter((h) => h.seq === s).map((h) => h.len);
      expect(lens).toEqual([...lens].sort((a, b) => a - b));
    }
  });

  it('arrivals newest first, in order and drained: the same as the array, over several chunks', () => {
    const descending: Op[] = Array.from({ length: 1000 }, (_, i) => ({ kind: 'insert', seq: 1000 - i, fin: i === 0 }));
    const ascending: Op[] = Array.from({ length: 1000 }, (_, i) => ({ kind: 'insert', seq: 2000 + i, fin: false }));
    const drain: Op[] = Array.from({ length: 1500 }, () => ({ kind: 'shift' }));
    const { queue, array } = model([...descending, ...ascending, ...drain]);
    expect([...queue]).toEqual(array);
    expect(queue.length).toBe(500);
  });

  it('a clone shares nothing with its original', () => {
    const { queue } = model(Array.from({ length: 700 }, (_, i) => ({ kind: 'insert', seq: (i * 7919) % 1000, fin: false })));
    queue.shift();
    const copy = queue.clone();
    const before = JSON.stringify(copy);
    queue.insert({ seq: 5, len: 9, fin: true }, key);
    queue.shift();
    (queue.first() as Held).len = 99;
    expect(JSON.stringify(copy)).toBe(before);
    expect(copy.length).toBe(699);
  });
});
