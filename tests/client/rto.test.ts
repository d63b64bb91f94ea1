import { describe, expect, it } from 'vitest';
import type { SeatEvent, Segment } from '../../shared/index';
import { applyDeclared, applyTimerEvent, NO_TIMERS, occupies, type PlayerTimers } from '../../client/src/view/rto';

const seg = (flags: Segment['flags'], seq: number, ack = 0, len = 0): Segment => ({ flags, seq, ack, len });
const sent = (s: Segment, side: 'client' | 'server' = 'client'): SeatEvent => ({ kind: 'sent', t: 0, id: `x${s.seq}`, side, segment: s, origin: 'player' });
const arrived = (s: Segment, to: 'client' | 'server' = 'client'): SeatEvent => ({ kind: 'delivered', t: 0, id: 'y', to, segment: s });
const run = (...steps: [SeatEvent, number][]): PlayerTimers => steps.reduce((s, [e, at]) => applyTimerEvent(s, e, at, 'client'), NO_TIMERS);

describe('the player’s retransmission timer', () => {
  it('counts SYN and FIN as one sequence number each, plus the data', () => {
    expect(occupies(seg(['SYN'], 1))).toBe(1);
    expect(occupies(seg(['FIN', 'ACK'], 1, 1, 20))).toBe(21);
    expect(occupies(seg(['ACK'], 1, 1))).toBe(0);
  });

  it('starts with the first SYN and runs while it is unacknowledged', () => {
    const s = run([sent(seg(['SYN'], 4021)), 100]);
    expect(s.rtoStart).toBe(100);
    expect(s.unacked.map((u) => [u.seq, u.end])).toEqual([[4021, 4022]]);
  });

  it('does not start for a pure ACK', () => {
    expect(run([sent(seg(['ACK'], 1, 5)), 100])).toEqual(NO_TIMERS);
  });

  it('stops when an ACK covers everything sent', () => {
    const s = run([sent(seg(['SYN'], 4021)), 100], [arrived(seg(['SYN', 'ACK'], 9000, 4022)), 900]);
    expect(s.unacked).toEqual([]);
    expect(s.rtoStart).toBeNull();
  });

  it('restarts when an ACK takes some but not all of it', () => {
    const s = run(
      [sent(seg(['ACK', 'PSH'], 1, 1, 50)), 100],
      [sent(seg(['ACK', 'PSH'], 51, 1, 50)), 200],
      [arrived(seg(['ACK'], 1, 51)), 700],
    );
    expect(s.unacked.map((u) => u.seq)).toEqual([51]);
    expect(s.rtoStart).toBe(700);
  });

  it('works across the 2^32 wrap of sequence numbers', () => {
    const s = run([sent(seg(['SYN'], 4294967295)), 0], [arrived(seg(['SYN', 'ACK'], 7, 0)), 500]);
    expect(s.unacked).toEqual([]);
  });

  it('shows that it fired, and restarts when the segment is sent again', () => {
    const fired = run([sent(seg(['SYN'], 10)), 0], [{ kind: 'timer', t: 0, timer: 'retransmit', action: 'fired' }, 20_000]);
    expect(fired.rtoFired).toBe(true);
    const again = applyTimerEvent(fired, sent(seg(['SYN'], 10)), 21_000, 'client');
    expect(again).toMatchObject({ rtoFired: false, rtoStart: 21_000 });
    expect(again.unacked).toHaveLength(1);
  });

  it('ignores the partner’s sends and what arrives at the partner', () => {
    const s = run([sent(seg(['SYN'], 10), 'server'), 0], [arrived(seg(['ACK'], 1, 11), 'server'), 5]);
    expect(s).toEqual(NO_TIMERS);
  });

  it('clears everything on a reset', () => {
    const s = run([sent(seg(['SYN'], 10)), 0], [arrived(seg(['RST'], 0)), 5]);
    expect(s).toEqual(NO_TIMERS);
  });
});

describe('the 2×MSL countdown', () => {
  it('starts when the player declares TIME_WAIT and ends when its timer fires', () => {
    const s = applyDeclared(NO_TIMERS, 'TIME_WAIT', 3000);
    expect(s.timeWaitStart).toBe(3000);
    expect(applyTimerEvent(s, { kind: 'timer', t: 0, timer: 'time_wait', action: 'fired' }, 33_000, 'client').timeWaitStart).toBeNull();
  });

  it('restarts when the player ACKs a retransmitted FIN in TIME_WAIT', () => {
    const s = applyDeclared(NO_TIMERS, 'TIME_WAIT', 3000);
    expect(applyTimerEvent(s, sent(seg(['ACK'], 5, 9)), 8000, 'client').timeWaitStart).toBe(8000);
  });

  it('is not restarted by declaring TIME_WAIT twice, and stops on another state', () => {
    const s = applyDeclared(applyDeclared(NO_TIMERS, 'TIME_WAIT', 3000), 'TIME_WAIT', 4000);
    expect(s.timeWaitStart).toBe(3000);
    expect(applyDeclared(s, 'CLOSED', 5000).timeWaitStart).toBeNull();
  });
});
