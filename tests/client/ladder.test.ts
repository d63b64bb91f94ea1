import { describe, expect, it } from 'vitest';
import type { SeatEvent } from '../../shared/index';
import { ladderLayout, ladderX, rowY, type LadderGeometry } from '../../client/src/view/ladder';

const G: LadderGeometry = { width: 600, top: 50, rowH: 20, gutter: 100 };
const SYN = { flags: ['SYN' as const], seq: 4021, ack: 0, len: 0 };
const ev = {
  sent: (id: string, side: 'client' | 'server' = 'client', origin: 'player' | 'network' = 'player'): SeatEvent => ({ kind: 'sent', t: 0, id, side, segment: SYN, origin }),
  delivered: (id: string, to: 'client' | 'server' = 'server'): SeatEvent => ({ kind: 'delivered', t: 0, id, to, segment: SYN }),
  lost: (id: string): SeatEvent => ({ kind: 'lost', t: 0, id }),
  declared: (side: 'client' | 'server'): SeatEvent => ({ kind: 'declared', t: 0, side, state: 'LISTEN' }),
};

describe('ladder layout', () => {
  it('draws the client’s line on the left and the server’s on the right', () => {
    expect(ladderX(G)).toEqual({ client: 100, server: 500 });
  });

  it('runs an arrow from the row it was sent in to the row it arrived in', () => {
    const L = ladderLayout([ev.sent('c1'), ev.delivered('c1')], G);
    expect(L.arrows).toEqual([expect.objectContaining({ x1: 100, y1: rowY(G, 1), x2: 500, y2: rowY(G, 2), end: 'arrow', label: 'SYN seq=4021' })]);
  });

  it('slants a segment more when other things happened while it was in the network', () => {
    const quick = ladderLayout([ev.sent('c1'), ev.delivered('c1')], G).arrows[0]!;
    const slow = ladderLayout([ev.sent('c1'), ev.declared('server'), ev.declared('client'), ev.delivered('c1')], G).arrows[0]!;
    expect(slow.y2 - slow.y1).toBeGreaterThan(quick.y2 - quick.y1);
  });

  it('slants a segment more when it waited longer in the network', () => {
    const at = (e: SeatEvent, t: number): SeatEvent => ({ ...e, t });
    const quick = ladderLayout([at(ev.sent('c1'), 0), at(ev.delivered('c1'), 1200)], G).arrows[0]!;
    const held = ladderLayout([at(ev.sent('c1'), 0), at(ev.delivered('c1'), 6200)], G).arrows[0]!;
    expect(held.y2 - held.y1).toBeGreaterThan(quick.y2 - quick.y1);
    const forever = ladderLayout([at(ev.sent('c1'), 0), at(ev.delivered('c1'), 600_000)], G).arrows[0]!;
    expect(forever.y2 - forever.y1).toBeLessThanOrEqual(4 * G.rowH);
  });

  it('ends a lost segment in the middle with a cross', () => {
    const L = ladderLayout([ev.sent('c1'), ev.lost('c1')], G);
    expect(L.arrows[0]).toMatchObject({ end: 'lost', x2: 300, y2: rowY(G, 2) });
  });

  it('draws a segment still in the air dashed to the middle, below the last row', () => {
    const L = ladderLayout([ev.sent('c1')], G);
    expect(L.arrows[0]).toMatchObject({ end: 'flight', x2: 300, y2: rowY(G, 2) });
  });

  it('draws both copies of a duplicate', () => {
    const L = ladderLayout([ev.sent('c1'), ev.delivered('c1'), ev.delivered('c1')], G);
    expect(L.arrows.map((a) => a.key)).toEqual(['c1#0', 'c1#1']);
  });

  it('marks stale duplicates and writes declared states beside their line', () => {
    const L = ladderLayout([ev.sent('n1', 'client', 'network'), ev.delivered('n1'), ev.declared('server')], G);
    expect(L.arrows[0]?.stale).toBe(true);
    expect(L.marks).toEqual([expect.objectContaining({ side: 'server', x: 500, y: rowY(G, 3), state: 'LISTEN' })]);
    expect(L.height).toBeGreaterThan(rowY(G, 3));
  });
});
