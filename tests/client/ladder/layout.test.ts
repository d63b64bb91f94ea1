import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTrace, DEFAULT_ROUND_CONFIG, findScenario, roundTrace, simulate, type Segment, type Trace } from '../../../shared/index';
import {
  boxesCollide, DEFAULT_GEOMETRY as G, labelText, ladderLayout, pathAt, retransmissions, rowPositions, segmentLabel, stepY, type LadderLayout,
} from '../../../client/src/ladder/layout';

const FIXTURES = new URL('../../fixtures/traces/', import.meta.url);
const fixture = (name: string): Trace => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Trace;
const lay = (trace: Trace): LadderLayout => ladderLayout(trace, checkTrace(trace));
const SYN: Segment = { flags: ['SYN'], seq: 4021, ack: 0, len: 0 };
const trace = (judge: ('client' | 'server')[], events: Trace['events']): Trace => ({ format: 'synack-trace', version: 1, judge, events });
const send = (t: number, side: 'client' | 'server', id: string, segment = SYN, extra: object = {}) => ({ t, type: 'send' as const, side, id, segment, ...extra });

describe('rowPositions', () => {
  it('gives every event its own row, growing with time', () => {
    const rows = rowPositions([0, 0, 10, 20, 20, 5000]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!).toBeGreaterThan(rows[i - 1]!);
  });

  it('spaces a long pause more than a short one, but caps it', () => {
    const rows = rowPositions([0, 10, 20, 30, 100, 110, 1_000_000], 2.5);
    const step = (i: number) => rows[i]! - rows[i - 1]!;
    expect(step(4)).toBeGreaterThan(step(2));
    expect(step(6)).toBeLessThanOrEqual(1 + 2.5);
    expect(step(6)).toBeGreaterThan(step(4));
  });
});

describe('ladderLayout', () => {
  it('draws a delivered segment from its send row on the sender’s line to its delivery row on the other line', () => {
    const L = lay(trace([], [{ t: 0, type: 'app', side: 'client', call: 'connect' }, send(1, 'client', 'c1'), { t: 50, type: 'deliver', id: 'c1' }]));
    const p = L.sends[0]!.paths[0]!;
    expect(p).toMatchObject({ x1: G.lines.client, y1: L.rowY[1], x2: G.lines.server, y2: L.rowY[2], end: 'arrow', endIndex: 2 });
    expect(G.lines.client).toBeLessThan(G.lines.server);
    expect(L.sends[0]!.label).toBe('SYN seq=4021');
  });

  it('ends a lost segment midway with a cross at the drop’s row', () => {
    const L = lay(trace([], [{ t: 0, type: 'app', side: 'client', call: 'connect' }, send(1, 'client', 'c1'), { t: 2, type: 'drop', id: 'c1' }]));
    expect(L.sends[0]!.paths).toEqual([expect.objectContaining({ end: 'lost', x2: (G.lines.client + G.lines.server) / 2, y2: L.rowY[2], endIndex: 2 })]);
  });

  it('slants a delayed segment more than a quick one', () => {
    const L = lay(fixture('09-stale-syn.json'));
    const c1 = L.sends.find((s) => s.id === 'c1')!.paths[0]!;
    const c2 = L.sends.find((s) => s.id === 'c2')!.paths[0]!;
    expect(c1.y2 - c1.y1).toBeGreaterThan(2 * (c2.y2 - c2.y1));
  });

  it('names the forged addresses of the SYN flood: their SYNs come from them, the SYN+ACKs to them never reach the client’s line', () => {
    const L = lay(fixture('13-syn-flood.json'));
    const spoof = L.sends.find((s) => s.id === 'spoof-a')!;
    expect(spoof.text).toBe('SYN seq=1697061320 ⇠ 198.51.100.7');
    expect(spoof.paths.map((p) => p.end)).toEqual(['arrow']);
    const s1 = L.sends.find((s) => s.id === 's1')!;
    expect(s1.text).toBe('SYN+ACK seq=918273645 ack=1697061321 ⇢ 198.51.100.7 ✓');
    // Drawn as gone off into the network, never arriving at the client's line.
    expect(s1.paths.map((p) => p.end)).toEqual(['open']);
    // The client's own SYN is drawn as ever, to the server's line.
    expect(L.sends.find((s) => s.id === 'c1')!.paths.map((p) => p.end)).toEqual(['arrow']);
  });

  it('draws a duplicate twice: one path per delivery', () => {
    const L = lay(fixture('06-lossy-lifecycle.json'));
    const c4 = L.sends.find((s) => s.id === 'c4')!;
    expect(c4.paths.map((p) => [p.end, p.copy])).toEqual([['arrow', 0], ['arrow', 1]]);
    expect(c4.paths[1]!.y2).toBeGreaterThan(c4.paths[0]!.y2);
  });

  it('marks retransmissions but not a data segment after a pure ACK with the same seq', () => {
    const t = fixture('06-lossy-lifecycle.json');
    const ids = [...retransmissions(t, checkTrace(t))].map((i) => (t.events[i] as { id: string }).id);
    expect(ids).toEqual(['c4']);
    const stale = fixture('09-stale-syn.json');
    expect([...retransmissions(stale, checkTrace(stale))].map((i) => (stale.events[i] as { id: string }).id)).toEqual(['c1-rto']);
  });

  it('does not call the SYN+ACK of a simultaneous open a retransmission of the SYN', () => {
    const t = fixture('10-simultaneous-open.json');
    expect(retransmissions(t, checkTrace(t)).size).toBe(0);
  });

  it('counts a resend after a refused wrong answer as a first send, not a retransmission', () => {
    const t = trace(['client'], [
      { t: 0, type: 'app', side: 'client', call: 'connect' },
      send(1, 'client', 'c1', { flags: ['SYN', 'ACK'], seq: 7, ack: 0, len: 0 }),
      send(1, 'client', 'c2', { flags: ['SYN'], seq: 7, ack: 0, len: 0 }, { origin: 'auto' }),
    ]);
    expect(retransmissions(t, checkTrace(t)).size).toBe(0);
  });

  it('draws a refused wrong answer as a stub from its sender, and an undelivered correct one as still travelling', () => {
    const t = trace(['client'], [
      { t: 0, type: 'app', side: 'client', call: 'connect' },
      send(1, 'client', 'c1', { flags: ['SYN', 'ACK'], seq: 7, ack: 0, len: 0 }),
      send(1, 'client', 'c2', { flags: ['SYN'], seq: 7, ack: 0, len: 0 }),
    ]);
    const L = lay(t);
    const [wrong, ok] = L.sends;
    expect(wrong).toMatchObject({ judged: 'wrong' });
    expect(wrong!.paths[0]!.end).toBe('refused');
    expect(wrong!.paths[0]!.x2 - G.lines.client).toBeGreaterThan(0);
    expect(wrong!.paths[0]!.x2).toBeLessThan((G.lines.client + G.lines.server) / 2);
    expect(ok).toMatchObject({ judged: 'ok' });
    expect(ok!.paths[0]).toMatchObject({ end: 'open', endIndex: null });
  });

  it('keeps a stale duplicate’s origin, unjudged, so it is drawn dashed', () => {
    const L = lay(fixture('09-stale-syn.json'));
    expect(L.sends.find((s) => s.id === 'stale')).toMatchObject({ origin: 'network', judged: null });
  });

  it('writes each side’s state, as the game names it, where it changes', () => {
    const t = fixture('01-handshake.json');
    const L = lay(t);
    const report = checkTrace(t);
    const client = L.states.filter((s) => s.side === 'client');
    expect(client[0]).toMatchObject({ index: -1, state: 'CLOSED' });
    for (const s of client.slice(1)) {
      expect(report.events[s.index]!.named.client).toBe(s.state);
      expect(report.events[s.index - 1]!.named.client).not.toBe(s.state);
    }
    expect(client.map((s) => s.state)).toEqual(['CLOSED', 'SYN_SENT', 'ESTABLISHED']);
    // SYN_SENT begins with the SYN, not with the connect() call before it.
    expect(t.events[client[1]!.index]).toMatchObject({ type: 'send', segment: { flags: ['SYN'] } });
    expect(client.every((s) => s.x < G.lines.client)).toBe(true);
    expect(L.states.filter((s) => s.side === 'server').every((s) => s.x > G.lines.server)).toBe(true);
  });

  it('keeps a side in its old state for a pure ACK after close(), and begins FIN_WAIT_1 with the FIN', () => {
    // The golden close trace, with a pure ACK of the client's between its close() and its FIN.
    const base = fixture('03-close.json');
    const close = base.events.findIndex((e) => e.type === 'app' && e.side === 'client' && e.call === 'close');
    const fin = base.events.findIndex((e, i) => i > close && e.type === 'send' && e.side === 'client');
    const finSend = base.events[fin] as Extract<Trace['events'][number], { type: 'send' }>;
    const ack = { t: finSend.t, type: 'send' as const, side: 'client' as const, id: 'c-ack', segment: { flags: ['ACK' as const], seq: finSend.segment.seq, ack: finSend.segment.ack, len: 0 }, state: 'ESTABLISHED' as const };
    const t: Trace = { ...base, events: [...base.events.slice(0, fin), ack, ...base.events.slice(fin)] };
    const report = checkTrace(t);
    expect(report.events[fin]!.verdict?.ok).toBe(true);
    expect(report.events[fin]!.states.client).toBe('FIN_WAIT_1');
    const client = lay(t).states.filter((s) => s.side === 'client');
    expect(client.find((s) => s.index === fin)).toBeUndefined();
    expect(client.find((s) => s.state === 'FIN_WAIT_1')?.index).toBe(fin + 1);
  });

  it('marks app calls, timer firings and declared states on their side’s line', () => {
    const L = lay(fixture('06-lossy-lifecycle.json'));
    expect(L.marks.filter((m) => m.kind === 'timer').map((m) => [m.side, m.timer])).toEqual([['client', 'retransmit'], ['client', 'time_wait']]);
    expect(L.marks.find((m) => m.kind === 'app' && m.call === 'send' && m.side === 'server')).toMatchObject({ bytes: 60 });
    expect(L.marks.filter((m) => m.kind === 'declare').every((m) => m.judged === 'ok')).toBe(true);
  });

  it('colours judged sends by their verdict and leaves unjudged sides without one', () => {
    const t = fixture('01-handshake.json');
    const L = ladderLayout({ ...t, judge: ['client'] }, checkTrace({ ...t, judge: ['client'] }));
    expect(L.sends.filter((s) => s.side === 'client').every((s) => s.judged === 'ok')).toBe(true);
    expect(L.sends.filter((s) => s.side === 'server').every((s) => s.judged === null)).toBe(true);
  });

  it('lays out every golden trace with finite coordinates, inside the diagram', () => {
    for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
      const L = lay(fixture(name));
      expect(L.total).toBeGreaterThan(0);
      for (const s of L.sends) {
        expect(s.paths.length).toBeGreaterThan(0);
        for (const p of s.paths) for (const v of [p.x1, p.y1, p.x2, p.y2]) expect(Number.isFinite(v)).toBe(true);
        for (const p of s.paths) expect(p.y2).toBeLessThan(L.height);
        expect(s.labelAt.x).toBeGreaterThan(G.lines.client - 1);
        expect(s.labelAt.x).toBeLessThan(G.lines.server + 1);
      }
    }
  });

  it('keeps the labels of crossing segments apart', () => {
    for (const name of ['08-simultaneous-close.json', '10-simultaneous-open.json', '09-stale-syn.json', '06-lossy-lifecycle.json']) {
      const L = lay(fixture(name));
      for (let i = 0; i < L.sends.length; i++) {
        for (let j = i + 1; j < L.sends.length; j++) expect(boxesCollide(L.sends[i]!.labelBox, L.sends[j]!.labelBox), `${name}: ${L.sends[i]!.id} / ${L.sends[j]!.id}`).toBe(false);
      }
    }
  });

  it('gives an invalid report an empty diagram', () => {
    const L = ladderLayout(fixture('01-handshake.json'), { valid: false, issues: [], events: [], summary: { judged: 0, correct: 0 } });
    expect(L).toMatchObject({ total: 0, sends: [], marks: [] });
  });
});

describe('labels', () => {
  it('print formatSegment without a zero length', () => {
    expect(segmentLabel({ flags: ['ACK', 'SYN'], seq: 1, ack: 2, len: 0 })).toBe('SYN+ACK seq=1 ack=2');
    expect(segmentLabel({ flags: ['ACK', 'PSH'], seq: 1, ack: 2, len: 100 })).toBe('ACK+PSH seq=1 ack=2 len=100');
  });

  it('carry ↻ for a retransmission and ✓ / ✗ for a verdict', () => {
    expect(labelText({ label: 'SYN seq=1', retransmit: true, judged: 'ok' })).toBe('↻ SYN seq=1 ✓');
    expect(labelText({ label: 'SYN seq=1', retransmit: false, judged: 'wrong' })).toBe('SYN seq=1 ✗');
    expect(labelText({ label: 'SYN seq=1', retransmit: false, judged: null })).toBe('SYN seq=1');
  });

  it('detects text boxes that overlap and passes ones that do not', () => {
    expect(boxesCollide({ cx: 0, cy: 0, angle: 0, halfLen: 50 }, { cx: 40, cy: 4, angle: 10, halfLen: 50 })).toBe(true);
    expect(boxesCollide({ cx: 0, cy: 0, angle: 0, halfLen: 50 }, { cx: 0, cy: 30, angle: 0, halfLen: 50 })).toBe(false);
    expect(boxesCollide({ cx: 0, cy: 0, angle: 0, halfLen: 50 }, { cx: 200, cy: 0, angle: 0, halfLen: 50 })).toBe(false);
  });
});

describe('the replay at a step', () => {
  const L = lay(fixture('06-lossy-lifecycle.json'));
  const c4 = L.sends.find((s) => s.id === 'c4')!;
  const [first, copy] = c4.paths;

  it('hides a segment before its send is shown', () => {
    expect(pathAt(L, c4, first!, c4.index)).toBeNull();
  });

  it('draws a segment in the network only down to the current row', () => {
    const v = pathAt(L, c4, first!, c4.index + 1)!;
    expect(v.end).toBe('partial');
    expect(v.y2).toBeCloseTo(Math.min(stepY(L, c4.index + 1), first!.y2));
    expect(v.y2).toBeLessThan(first!.y2);
    expect(v.x2).toBeGreaterThan(first!.x1);
    expect(v.x2).toBeLessThan(first!.x2);
  });

  it('draws it whole once it has arrived, and the duplicate copy only when that arrives', () => {
    expect(pathAt(L, c4, first!, first!.endIndex! + 1)).toMatchObject({ end: 'arrow', x2: first!.x2, y2: first!.y2 });
    expect(pathAt(L, c4, copy!, first!.endIndex! + 1)!.end).toBe('partial');
    expect(pathAt(L, c4, copy!, copy!.endIndex! + 1)!.end).toBe('arrow');
  });
});

describe('a backed-off wait on the ladder (issue 16)', () => {
  it('draws the doubled wait of the lossy lifecycle taller than the first, from the timeouts’ times alone', () => {
    const c = DEFAULT_ROUND_CONFIG;
    const sim = simulate(findScenario('lossy-lifecycle')!, { mode: 'practice', net: c.net, rtoMs: c.rtoMs, mslMs: c.mslMs, backoff: true }, 3);
    const t = roundTrace(sim.round);
    const L = lay(t);
    const timeouts = t.events.flatMap((e, i) => (e.type === 'timeout' && e.timer === 'retransmit' && e.side === 'client' ? [i] : []));
    expect(timeouts).toHaveLength(2);
    const gap = (i: number) => L.rowY[i]! - L.rowY[i - 1]!;
    expect(t.events[timeouts[1]!]!.t - t.events[timeouts[1]! - 1]!.t).toBeGreaterThan(t.events[timeouts[0]!]!.t - t.events[timeouts[0]! - 1]!.t);
    expect(gap(timeouts[1]!)).toBeGreaterThan(gap(timeouts[0]!));
  });
});
