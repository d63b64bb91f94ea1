import { describe, expect, it } from 'vitest';
import type { SeatEvent, Segment } from '../../../shared/index';
import { checkTrace } from '../../../shared/index';
import { LIVE_GEOMETRY, liveLayout, liveTrace } from '../../../client/src/ladder/live';

const SYN: Segment = { flags: ['SYN'], seq: 4021, ack: 0, len: 0 };
const SYNACK: Segment = { flags: ['SYN', 'ACK'], seq: 900, ack: 4022, len: 0 };
const ACK: Segment = { flags: ['ACK'], seq: 4022, ack: 901, len: 0 };
const ev = {
  sent: (id: string, segment: Segment, side: 'client' | 'server' = 'client', t = 0): SeatEvent => ({ kind: 'sent', t, id, side, segment, origin: 'player' }),
  delivered: (id: string, segment: Segment, to: 'client' | 'server' = 'server', t = 0): SeatEvent => ({ kind: 'delivered', t, id, to, segment }),
  lost: (id: string, t = 0): SeatEvent => ({ kind: 'lost', t, id }),
  declared: (side: 'client' | 'server', state: 'LISTEN' | 'SYN_SENT' | 'SYN_RCVD' | 'ESTABLISHED', t = 0): SeatEvent => ({ kind: 'declared', t, side, state }),
};

/** A handshake as the host sees it (the app calls carry no side and are not drawn). */
const HANDSHAKE: SeatEvent[] = [
  { kind: 'app', t: 0, call: 'listen' },
  ev.declared('server', 'LISTEN', 0),
  ev.sent('c1', SYN, 'client', 100),
  ev.declared('client', 'SYN_SENT', 100),
  ev.delivered('c1', SYN, 'server', 400),
  ev.sent('s1', SYNACK, 'server', 900),
  ev.declared('server', 'SYN_RCVD', 900),
  ev.delivered('s1', SYNACK, 'client', 1200),
  ev.sent('c2', ACK, 'client', 1500),
  ev.declared('client', 'ESTABLISHED', 1500),
  ev.delivered('c2', ACK, 'server', 1800),
  ev.declared('server', 'ESTABLISHED', 1900),
];

describe('the live ladder (the projector, through the review’s layout)', () => {
  it('reads the host’s events as a trace the checker accepts', () => {
    const { trace } = liveTrace(HANDSHAKE);
    expect(trace.events.map((e) => e.type)).toEqual(['state', 'send', 'state', 'deliver', 'send', 'state', 'deliver', 'send', 'state', 'deliver', 'state']);
    expect(checkTrace(trace).issues).toEqual([]);
  });

  it('draws each delivered segment as an arrow from its sender’s line to the other one, later down', () => {
    const L = liveLayout(HANDSHAKE);
    expect(L.sends.map((s) => [s.label, s.paths.map((p) => p.end)])).toEqual([['SYN seq=4021', ['arrow']], ['SYN+ACK seq=900 ack=4022', ['arrow']], ['ACK seq=4022 ack=901', ['arrow']]]);
    const syn = L.sends[0]!.paths[0]!;
    expect(syn.x1).toBe(LIVE_GEOMETRY.lines.client);
    expect(syn.x2).toBe(LIVE_GEOMETRY.lines.server);
    expect(syn.y2).toBeGreaterThan(syn.y1);
    // Nothing is judged live: no verdict is drawn.
    expect(L.sends.every((s) => s.judged === null)).toBe(true);
  });

  it('writes the states the players declared beside their lines, each where it begins', () => {
    const L = liveLayout(HANDSHAKE);
    const states = (side: 'client' | 'server') => L.states.filter((s) => s.side === side).map((s) => s.state);
    expect(states('client')).toEqual(['CLOSED', 'SYN_SENT', 'ESTABLISHED']);
    expect(states('server')).toEqual(['CLOSED', 'LISTEN', 'SYN_RCVD', 'ESTABLISHED']);
  });

  it('ends a lost segment in the middle, and one still in the network open below the last row', () => {
    const L = liveLayout([ev.sent('c1', SYN), ev.lost('c1', 50), ev.sent('c2', SYN, 'client', 3000)]);
    const mid = (LIVE_GEOMETRY.lines.client + LIVE_GEOMETRY.lines.server) / 2;
    expect(L.sends[0]!.paths).toEqual([expect.objectContaining({ end: 'lost', x2: mid })]);
    const open = L.sends[1]!.paths[0]!;
    expect(open).toMatchObject({ end: 'open', x2: mid });
    expect(open.y2).toBeGreaterThan(open.y1);
  });

  it('draws a stale copy the network delivered without a send as the network’s, from the other side', () => {
    const L = liveLayout([ev.declared('server', 'LISTEN'), ev.delivered('x9', SYN, 'server', 10)]);
    expect(L.sends).toEqual([expect.objectContaining({ side: 'client', origin: 'network', paths: [expect.objectContaining({ end: 'arrow' })] })]);
  });

  it('keeps time from running backwards', () => {
    const { trace } = liveTrace([ev.sent('c1', SYN, 'client', 500), ev.delivered('c1', SYN, 'server', 400)]);
    expect(trace.events.map((e) => e.t)).toEqual([500, 500]);
  });
});

describe('the live ladder of a SYN flood', () => {
  it('labels a forged source’s SYN with its address and keeps the server’s line in LISTEN while it answers one', () => {
    const peer = '198.51.100.7';
    const forged: Segment = { flags: ['SYN'], seq: 555, ack: 0, len: 0 };
    const answer: Segment = { flags: ['SYN', 'ACK'], seq: 700, ack: 556, len: 0 };
    const events: SeatEvent[] = [
      ev.declared('server', 'LISTEN', 0),
      { kind: 'sent', t: 0, id: 'c1', side: 'client', segment: forged, origin: 'network', peer },
      { kind: 'delivered', t: 0, id: 'c1', to: 'server', segment: forged, peer },
      { kind: 'sent', t: 10, id: 's2', side: 'server', segment: answer, origin: 'player', state: 'SYN_RCVD', peer },
    ];
    const { trace, report } = liveTrace(events);
    expect(report.events.at(-1)?.named.server).toBe('LISTEN');
    const L = liveLayout(events);
    expect(L.sends.map((s) => s.text)).toEqual([`SYN seq=555 ⇠ ${peer}`, `SYN+ACK seq=700 ack=556 ⇢ ${peer}`]);
    expect(trace.events.filter((e) => e.type === 'send').every((e) => e.type === 'send' && e.peer === peer)).toBe(true);
  });
});
