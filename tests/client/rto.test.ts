import { describe, expect, it } from 'vitest';
import type { SeatEvent, Segment, TcpState } from '../../shared/index';
import { seqSpace as occupies } from '../../shared/tcp/seq';
import { applyDeclared, applyTimerEvent, NO_TIMERS, type PlayerTimers } from '../../client/src/view/rto';

const seg = (flags: Segment['flags'], seq: number, ack = 0, len = 0): Segment => ({ flags, seq, ack, len });
/** Events carry network time `t`: the fold reads nothing else. */
const sent = (s: Segment, t: number, side: 'client' | 'server' = 'client', state?: TcpState): SeatEvent =>
  ({ kind: 'sent', t, id: `x${s.seq}`, side, segment: s, origin: 'player', ...(state ? { state } : {}) });
const arrived = (s: Segment, t: number, to: 'client' | 'server' = 'client'): SeatEvent => ({ kind: 'delivered', t, id: 'y', to, segment: s });
const declared = (state: TcpState, t: number, side: 'client' | 'server' = 'client'): SeatEvent => ({ kind: 'declared', t, side, state });
const timer = (kind: 'retransmit' | 'time_wait', t: number): SeatEvent => ({ kind: 'timer', t, timer: kind, action: 'fired' });
const run = (...events: SeatEvent[]): PlayerTimers => events.reduce((s, e) => applyTimerEvent(s, e, 'client'), NO_TIMERS);

describe('the player’s retransmission timer', () => {
  it('counts SYN and FIN as one sequence number each, plus the data', () => {
    expect(occupies(seg(['SYN'], 1))).toBe(1);
    expect(occupies(seg(['FIN', 'ACK'], 1, 1, 20))).toBe(21);
    expect(occupies(seg(['ACK'], 1, 1))).toBe(0);
  });

  it('starts at the network time of the first SYN and runs while it is unacknowledged', () => {
    const s = run(sent(seg(['SYN'], 4021), 100));
    expect(s.rtoStart).toBe(100);
    expect(s.unacked.map((u) => [u.seq, u.end])).toEqual([[4021, 4022]]);
  });

  it('counts in network time, not in the page’s: a student thinking for a minute moves nothing', () => {
    // The clock stood still while the partner thought: the SYN+ACK arrives at network time 1800,
    // however long that took on the wall clock, and stops the timer started at 100.
    const s = run(sent(seg(['SYN'], 4021), 100), arrived(seg(['SYN', 'ACK'], 9000, 4022), 1800));
    expect(s.rtoStart).toBeNull();
  });

  it('does not start for a pure ACK', () => {
    expect(run(sent(seg(['ACK'], 1, 5), 100))).toEqual(NO_TIMERS);
  });

  it('stops when an ACK covers everything sent', () => {
    const s = run(sent(seg(['SYN'], 4021), 100), arrived(seg(['SYN', 'ACK'], 9000, 4022), 900));
    expect(s.unacked).toEqual([]);
    expect(s.rtoStart).toBeNull();
  });

  it('restarts when an ACK takes some but not all of it', () => {
    const s = run(
      sent(seg(['ACK', 'PSH'], 1, 1, 50), 100),
      sent(seg(['ACK', 'PSH'], 51, 1, 50), 200),
      arrived(seg(['ACK'], 1, 51), 700),
    );
    expect(s.unacked.map((u) => u.seq)).toEqual([51]);
    expect(s.rtoStart).toBe(700);
  });

  it('works across the 2^32 wrap of sequence numbers', () => {
    const s = run(sent(seg(['SYN'], 4294967295), 0), arrived(seg(['SYN', 'ACK'], 7, 0), 500));
    expect(s.unacked).toEqual([]);
  });

  it('shows that it fired, and restarts when the segment is sent again', () => {
    const fired = run(sent(seg(['SYN'], 10), 0), timer('retransmit', 8000));
    expect(fired.rtoFired).toBe(true);
    const again = applyTimerEvent(fired, sent(seg(['SYN'], 10), 8000), 'client');
    expect(again).toMatchObject({ rtoFired: false, rtoStart: 8000 });
    expect(again.unacked).toHaveLength(1);
  });

  it('ignores the partner’s sends and what arrives at the partner', () => {
    const s = run(sent(seg(['SYN'], 10), 0, 'server'), arrived(seg(['ACK'], 1, 11), 5, 'server'));
    expect(s).toEqual(NO_TIMERS);
  });

  it('clears everything on a reset', () => {
    const s = run(sent(seg(['SYN'], 10), 0), arrived(seg(['RST'], 0), 5));
    expect(s).toEqual(NO_TIMERS);
  });
});

describe('the 2×MSL countdown', () => {
  it('starts at the network time of the ACK sent declaring TIME_WAIT, and ends when its timer fires', () => {
    const s = run(sent(seg(['ACK'], 5, 9), 3000, 'client', 'TIME_WAIT'));
    expect(s.timeWaitStart).toBe(3000);
    expect(applyTimerEvent(s, timer('time_wait', 15_000), 'client').timeWaitStart).toBeNull();
  });

  it('starts when the player declares TIME_WAIT on its own', () => {
    expect(run(declared('TIME_WAIT', 3000)).timeWaitStart).toBe(3000);
    expect(run(declared('TIME_WAIT', 3000, 'server')).timeWaitStart).toBeNull();
  });

  it('restarts when the player ACKs a retransmitted FIN in TIME_WAIT', () => {
    const s = run(declared('TIME_WAIT', 3000));
    expect(applyTimerEvent(s, sent(seg(['ACK'], 5, 9), 8000), 'client').timeWaitStart).toBe(8000);
    expect(applyTimerEvent(s, sent(seg(['ACK'], 5, 9), 8000, 'client', 'TIME_WAIT'), 'client').timeWaitStart).toBe(8000);
  });

  it('is not restarted by declaring TIME_WAIT twice, and stops on another state', () => {
    const s = run(declared('TIME_WAIT', 3000), declared('TIME_WAIT', 4000));
    expect(s.timeWaitStart).toBe(3000);
    expect(applyTimerEvent(s, declared('CLOSED', 5000), 'client').timeWaitStart).toBeNull();
    expect(applyDeclared(s, 'CLOSED', 5000).timeWaitStart).toBeNull();
  });
});
