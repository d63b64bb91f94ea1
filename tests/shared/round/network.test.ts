import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NetSettings } from '../../../shared/net/faults';
import { createNetwork, releaseHeld, route, takeDue, type NetworkState, type RouteContext } from '../../../shared/round/network';
import type { FaultRule } from '../../../shared/round/scenarios';
import type { Segment, Side } from '../../../shared/tcp/types';

/*
 * A path keeps its order: with no reordering set, the segments a side sends arrive in the order
 * sent, each after the one before, however the delays are drawn. Only the reorder rate, a delay
 * the host injects or a scenario's hold lets a later segment overtake.
 */

const ACK: Segment = { flags: ['ACK'], seq: 1, ack: 1, len: 0 };
const ctx = (now: number, settings: NetSettings, plan: FaultRule[] = [], released = false): RouteContext => ({ now, plan, settings, released: () => released });

/** Every delivery due, in the order the network hands them over: [id, time]. */
function drain(n: NetworkState): [string, number][] {
  const out: [string, number][] = [];
  for (let p = takeDue(n, Infinity); p; p = takeDue(n, Infinity)) if (p.kind === 'deliver') out.push([p.id, p.at]);
  return out;
}

const sends = fc.array(fc.record({ side: fc.constantFrom<Side>('client', 'server'), gap: fc.integer({ min: 0, max: 2_000 }) }), { minLength: 1, maxLength: 40 });
const delays = fc.integer({ min: 0, max: 3_000 }).chain((min) => fc.record({ delayMin: fc.constant(min), delayMax: fc.integer({ min, max: min + 3_000 }) }));

describe('the network keeps each side\'s order', () => {
  it('delivers what a side sends in the order sent, each strictly after the one before, when no reordering is set (property)', () => {
    fc.assert(fc.property(sends, delays, fc.integer(), fc.double({ min: 0, max: 0.9, noNaN: true }), (list, d, seed, duplicate) => {
      const settings: NetSettings = { loss: 0, duplicate, reorder: 0, ...d };
      const n = createNetwork(seed >>> 0, 0, 0);
      let now = 0;
      const sent: { id: string; side: Side; at: number }[] = [];
      list.forEach((s, i) => {
        now += s.gap;
        const id = `${s.side[0]}${i}`;
        route(n, ctx(now, settings), id, s.side, ACK, 'ESTABLISHED');
        sent.push({ id, side: s.side, at: now });
      });
      const arrived = drain(n);
      for (const side of ['client', 'server'] as const) {
        // Each segment's first arrival.
        const firsts = arrived.filter(([id], i) => id.startsWith(side[0]!) && arrived.findIndex(([x]) => x === id) === i);
        expect(firsts.map(([id]) => id)).toEqual(sent.filter((s) => s.side === side).map((s) => s.id));
        for (let i = 1; i < firsts.length; i++) expect(firsts[i]![1], JSON.stringify(arrived)).toBeGreaterThan(firsts[i - 1]![1]);
        // Every copy of the side's in order too (a duplicate after its original), never earlier than
        // its drawn delay allows, never later than the largest delay plus a millisecond per copy ahead.
        const copies = arrived.filter(([id]) => id.startsWith(side[0]!));
        for (const [k, [id, at]] of copies.entries()) {
          const s = sent.find((x) => x.id === id)!;
          if (k > 0) expect(at).toBeGreaterThan(copies[k - 1]![1]);
          expect(at).toBeGreaterThanOrEqual(s.at + settings.delayMin);
          expect(at).toBeLessThanOrEqual(s.at + settings.delayMax + k);
        }
      }
    }), { numRuns: 300 });
  });

  it('lets a later segment overtake with the reorder rate, and one the host delays be overtaken', () => {
    const jitter: NetSettings = { loss: 0, delayMin: 100, delayMax: 900, duplicate: 0, reorder: 0 };
    // The reorder rate: some segments are held back past the largest delay, and later ones pass them.
    const n = createNetwork(7, 0, 0);
    for (let i = 0; i < 50; i++) route(n, ctx(i * 10, { ...jitter, reorder: 0.5 }), `c${i}`, 'client', ACK, 'ESTABLISHED');
    const order = drain(n).map(([id]) => Number(id.slice(1)));
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    // The host's delay: the next segment waits 5 s, the one after it does not.
    const h = createNetwork(7, 0, 0);
    h.hostFaults.push({ injection: { kind: 'delay-next', ms: 5_000 }, status: 'armed' });
    route(h, ctx(0, jitter), 'c1', 'client', ACK, 'ESTABLISHED');
    route(h, ctx(10, jitter), 'c2', 'client', ACK, 'ESTABLISHED');
    expect(drain(h).map(([id]) => id)).toEqual(['c2', 'c1']);
  });

  it('puts a held segment, once released, behind what its side sent before the release, and ahead of what it sends after', () => {
    const jitter: NetSettings = { loss: 0, delayMin: 300, delayMax: 700, duplicate: 0, reorder: 0 };
    const plan: FaultRule[] = [{ side: 'client', flags: ['SYN'], action: 'hold', release: { side: 'server', sent: 'SYN' } }];
    for (let seed = 1; seed <= 200; seed++) {
      const n = createNetwork(seed, 1, 0);
      route(n, ctx(0, jitter, plan), 'c1', 'client', { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, 'SYN_SENT');
      expect(n.held).toEqual([{ id: 'c1', rule: 0 }]);
      route(n, ctx(100, jitter, plan), 'c2', 'client', ACK, 'SYN_SENT');
      releaseHeld(n, 200, 0, 'client', jitter);
      // Sent at once after the release (a clock that stands still while people think).
      route(n, ctx(200, jitter, plan, true), 'c3', 'client', ACK, 'SYN_RCVD');
      const got = drain(n);
      expect(got.map(([id]) => id)).toEqual(['c2', 'c1', 'c3']);
      expect(got[2]![1]).toBeGreaterThan(got[1]![1]);
    }
  });
});
