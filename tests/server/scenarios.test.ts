import { describe, expect } from 'vitest';
import { roundStats } from '../support/bots/trace-stats';
import type { Trace, TraceReport } from '../../shared/index';
import { closeClass, expectCleanTrace, openClass, playRound, serverTest } from './helpers';

const it = serverTest();


type Send = Extract<Trace['events'][number], { type: 'send' }>;
const sendsOf = (t: Trace): Send[] => t.events.filter((e): e is Send => e.type === 'send');

/** What each scenario must show beyond "every answer right, both ends where they should be". */
const SHOWS: Record<string, (t: Trace, r: TraceReport) => void> = {
  handshake: (t) => {
    expect(sendsOf(t).map((s) => [s.side, [...s.segment.flags].sort().join('+')])).toEqual([
      ['client', 'SYN'],
      ['server', 'ACK+SYN'],
      ['client', 'ACK'],
    ]);
  },
  lifecycle: (t) => {
    expect(t.events.some((e) => e.type === 'timeout' && e.side === 'client' && e.timer === 'time_wait')).toBe(true);
    expect(sendsOf(t).filter((s) => s.segment.len > 0).map((s) => [s.side, s.segment.len])).toEqual([['client', 100], ['server', 60]]);
  },
  'lossy-lifecycle': (t) => {
    const stats = roundStats(t);
    expect(stats.lost).toBeGreaterThanOrEqual(1);
    expect(stats.retransmissions).toBeGreaterThanOrEqual(1);
    expect(stats.timeouts.client).toBeGreaterThanOrEqual(1);
    // The plan drops the client's first data segment: it is sent again with the same seq.
    const data = sendsOf(t).filter((s) => s.side === 'client' && s.segment.len > 0);
    expect(data.length).toBeGreaterThanOrEqual(2);
    expect(data[1]?.segment.seq).toBe(data[0]?.segment.seq);
  },
  'lost-final-ack': (t, r) => {
    const sends = sendsOf(t);
    const drops = new Set(t.events.filter((e) => e.type === 'drop').map((e) => e.id));
    const inTimeWait = sends.filter((s) => s.side === 'client' && r.events[t.events.indexOf(s)]?.states.client === 'TIME_WAIT');
    expect(inTimeWait.length).toBeGreaterThanOrEqual(2);
    expect(drops.has(inTimeWait[0]!.id)).toBe(true);
    const fins = sends.filter((s) => s.side === 'server' && s.segment.flags.includes('FIN'));
    expect(fins.length).toBeGreaterThanOrEqual(2);
    expect(fins[1]?.segment.seq).toBe(fins[0]?.segment.seq);
  },
  'simultaneous-close': (_t, r) => {
    expect(r.events.some((e) => e.states.client === 'CLOSING')).toBe(true);
    expect(r.events.some((e) => e.states.server === 'CLOSING')).toBe(true);
  },
  'stale-syn': (t) => {
    const sends = sendsOf(t);
    expect(sends.filter((s) => s.origin === 'network').length).toBe(1);
    const rst = sends.find((s) => s.side === 'client' && s.segment.flags.includes('RST'));
    expect(rst?.origin ?? 'player').toBe('player');
  },
  incarnation: (t, r) => {
    const sends = sendsOf(t);
    const syns = sends.filter((s) => s.side === 'client' && s.segment.flags.join() === 'SYN');
    const [first, old, again] = syns;
    // The old duplicate is the network's copy of the client's first SYN; the new SYN is above the old numbers.
    expect(old?.origin).toBe('network');
    expect(old?.segment.seq).toBe(first?.segment.seq);
    expect(((again!.segment.seq - (first!.segment.seq + 2)) | 0) > 0).toBe(true);
    expect(t.events.some((e) => e.type === 'app' && e.call === 'connect' && e.reuse === true)).toBe(true);
    const serverRows = r.events.flatMap((e) => (e.rows?.side === 'server' ? e.rows.ids : []));
    expect(serverRows).toContain('time-wait-rcv-old-syn');
    expect(serverRows).toContain('time-wait-rcv-new-syn');
  },
};

describe('a pair of bot students over the real network', () => {
  const cases: { scenario: string; loss?: number }[] = [
    { scenario: 'handshake' },
    { scenario: 'lifecycle' },
    { scenario: 'lossy-lifecycle', loss: 0.2 },
    { scenario: 'lost-final-ack' },
    { scenario: 'simultaneous-close' },
    { scenario: 'stale-syn' },
    { scenario: 'incarnation' },
  ];

  it.concurrent.for(cases)('plays $scenario to the end, and its replay passes checkTrace with every answer right', async ({ scenario, loss }, { app }) => {
    const c = await openClass(app, 2, { declareStates: true });
    try {
      const played = await playRound(c.host, { scenario, ...(loss !== undefined ? { net: { loss } } : {}) });
      expect(played.finished.pairs).toHaveLength(1);
      const trace = played.traces.pair1 as Trace;
      expect(trace.judge).toEqual(['client', 'server']);
      const report = expectCleanTrace(trace, scenario);
      // Each bot's mirror ends where the server's endpoint ended.
      const last = report.events[report.events.length - 1]!;
      for (const b of c.bots) expect(b.mirror.state).toBe(last.states[b.side!]);
      expect(c.bots.flatMap((b) => b.unexpected)).toEqual([]);
      SHOWS[scenario]?.(trace, report);
    } finally {
      await closeClass(c);
    }
  });

  it('lets an odd student play against the server bot', async ({ app }) => {
    const c = await openClass(app, 1, { declareStates: true });
    try {
      const played = await playRound(c.host, { scenario: 'lifecycle' });
      const pair = played.started.pairs[0]!;
      expect(pair.client.name).toBe('bot-1');
      expect(pair.server.name).toBe('bot');
      const trace = played.traces.pair1 as Trace;
      expect(trace.judge).toEqual(['client']);
      expectCleanTrace(trace, 'lifecycle');
      const serverSends = sendsOf(trace).filter((s) => s.side === 'server');
      expect(serverSends.length).toBeGreaterThan(0);
      expect(serverSends.every((s) => s.origin === 'auto')).toBe(true);
      expect(c.bots[0]!.roundsEnded.at(-1)).toMatchObject({ round: 1, finished: true });
    } finally {
      await closeClass(c);
    }
  });
});
