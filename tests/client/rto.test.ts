import { describe, expect, it } from 'vitest';
import { judge, namedState, type AppCall, type SeatEvent, type Segment, type TcpState } from '../../shared/index';
import { seqSpace as occupies } from '../../shared/tcp/seq';
import { applyTimerEvent, armedRto, NO_TIMERS, type PlayerTimers } from '../../client/src/view/rto';

const seg = (flags: Segment['flags'], seq: number, ack = 0, len = 0): Segment => ({ flags, seq, ack, len });
/** Events carry network time `t`: the fold reads nothing else. */
const call = (c: AppCall, t: number, bytes?: number): SeatEvent => ({ kind: 'app', t, call: c, ...(bytes !== undefined ? { bytes } : {}) });
const sent = (s: Segment, t: number, side: 'client' | 'server' = 'client', state?: TcpState): SeatEvent =>
  ({ kind: 'sent', t, id: `x${s.seq}`, side, segment: s, origin: 'player', ...(state ? { state } : {}) });
const arrived = (s: Segment, t: number, to: 'client' | 'server' = 'client'): SeatEvent => ({ kind: 'delivered', t, id: 'y', to, segment: s });
const declared = (state: TcpState, t: number, side: 'client' | 'server' = 'client'): SeatEvent => ({ kind: 'declared', t, side, state });
const timer = (kind: 'retransmit' | 'time_wait', t: number): SeatEvent => ({ kind: 'timer', t, timer: kind, action: 'fired' });
const fold = (s: PlayerTimers, ...events: SeatEvent[]): PlayerTimers => events.reduce((acc, e) => applyTimerEvent(acc, e, 'client'), s);
const run = (...events: SeatEvent[]): PlayerTimers => fold(NO_TIMERS, ...events);
/** What the rings show (the mirrored endpoint behind them aside). */
const shown = ({ unacked, rtoStart, rtoFired, timeWaitStart }: PlayerTimers) => ({ unacked, rtoStart, rtoFired, timeWaitStart });
const NOTHING = shown(NO_TIMERS);

// Real conversations of the client (ISN 0) with a server (ISN 0), as the client's seat sees them.
/** connect(), SYN, the SYN+ACK arrives at 50 and is acknowledged: ESTABLISHED. */
const HANDSHAKE = [call('connect', 0), sent(seg(['SYN'], 0), 0), arrived(seg(['SYN', 'ACK'], 0, 1), 50), sent(seg(['ACK'], 1, 1), 50, 'client', 'ESTABLISHED')];
/** …then close(): the FIN goes out at 100 and is acknowledged at 300: FIN_WAIT_2. */
const FIN_WAIT_2 = [...HANDSHAKE, call('close', 100), sent(seg(['FIN', 'ACK'], 1, 1), 100, 'client', 'FIN_WAIT_1'), arrived(seg(['ACK'], 1, 2), 300), declared('FIN_WAIT_2', 300)];
/** …then the server's FIN arrives at 3000 and is acknowledged: TIME_WAIT. */
const TIME_WAIT = [...FIN_WAIT_2, arrived(seg(['FIN', 'ACK'], 1, 2), 3000), sent(seg(['ACK'], 2, 2), 3000, 'client', 'TIME_WAIT')];
/** Simultaneous close: the FINs cross (CLOSING); the ACK of ours arrives at 3000: TIME_WAIT with nothing to send. */
const CLOSING = [
  ...HANDSHAKE, call('close', 100), sent(seg(['FIN', 'ACK'], 1, 1), 100, 'client', 'FIN_WAIT_1'),
  arrived(seg(['FIN', 'ACK'], 1, 1), 200), sent(seg(['ACK'], 2, 2), 200, 'client', 'CLOSING'),
];

describe('the conversations these tests feed', () => {
  it('are real: the judge accepts every send of the player, and every state declared is the one the engine names', () => {
    const conversations = [
      HANDSHAKE,
      [...HANDSHAKE, call('send', 60, 100), sent(seg(['ACK', 'PSH'], 1, 1, 50), 100), sent(seg(['ACK', 'PSH'], 51, 1, 50), 200), arrived(seg(['ACK'], 1, 51), 700)],
      [call('connect', 0), sent(seg(['SYN'], 10), 0), timer('retransmit', 8000), sent(seg(['SYN'], 10), 8000)],
      TIME_WAIT,
      [...TIME_WAIT, arrived(seg(['FIN', 'ACK'], 1, 2), 8000), sent(seg(['ACK'], 2, 2), 8000, 'client', 'TIME_WAIT')],
      [...CLOSING, arrived(seg(['ACK'], 2, 2), 3000), declared('TIME_WAIT', 3000), timer('time_wait', 15_000), declared('CLOSED', 15_000)],
    ];
    for (const events of conversations) {
      let s = NO_TIMERS;
      for (const e of events) {
        if (e.kind === 'sent') expect(judge(s.mirror.endpoint, e.segment, e.state).ok, JSON.stringify(e)).toBe(true);
        s = applyTimerEvent(s, e, 'client');
        if (e.kind === 'declared') expect(namedState(s.mirror.endpoint), JSON.stringify(e)).toBe(e.state);
      }
    }
  });
});

describe('the player’s retransmission timer', () => {
  it('counts SYN and FIN as one sequence number each, plus the data', () => {
    expect(occupies(seg(['SYN'], 1))).toBe(1);
    expect(occupies(seg(['FIN', 'ACK'], 1, 1, 20))).toBe(21);
    expect(occupies(seg(['ACK'], 1, 1))).toBe(0);
  });

  it('starts at the network time of the first SYN and runs while it is unacknowledged', () => {
    const s = run(call('connect', 0), sent(seg(['SYN'], 4021), 100));
    expect(s.rtoStart).toBe(100);
    expect(s.unacked.map((u) => [u.seq, u.end])).toEqual([[4021, 4022]]);
    expect(s.unacked[0]?.segment).toEqual(seg(['SYN'], 4021));
  });

  it('counts in network time, not in the page’s: a student thinking for a minute moves nothing', () => {
    // The clock stood still while the partner thought: the SYN+ACK arrives at network time 1800,
    // however long that took on the wall clock, and stops the timer started at 100.
    const s = run(call('connect', 0), sent(seg(['SYN'], 4021), 100), arrived(seg(['SYN', 'ACK'], 9000, 4022), 1800));
    expect(s.rtoStart).toBeNull();
  });

  it('does not start for a pure ACK', () => {
    const beforeAck = run(...HANDSHAKE.slice(0, 3));
    expect(shown(beforeAck)).toEqual(NOTHING);
    expect(shown(fold(beforeAck, HANDSHAKE[3]!))).toEqual(NOTHING);
  });

  it('stops when an ACK covers everything sent', () => {
    const s = run(call('connect', 0), sent(seg(['SYN'], 4021), 100), arrived(seg(['SYN', 'ACK'], 9000, 4022), 900));
    expect(s.unacked).toEqual([]);
    expect(s.rtoStart).toBeNull();
  });

  it('restarts when an ACK takes some but not all of it', () => {
    const s = run(
      ...HANDSHAKE,
      call('send', 60, 100),
      sent(seg(['ACK', 'PSH'], 1, 1, 50), 100),
      sent(seg(['ACK', 'PSH'], 51, 1, 50), 200),
      arrived(seg(['ACK'], 1, 51), 700),
    );
    expect(s.unacked.map((u) => u.seq)).toEqual([51]);
    expect(s.unacked[0]?.segment).toEqual(seg(['ACK', 'PSH'], 51, 1, 50));
    expect(s.rtoStart).toBe(700);
  });

  it('works across the 2^32 wrap of sequence numbers', () => {
    const s = run(call('connect', 0), sent(seg(['SYN'], 4294967295), 0), arrived(seg(['SYN', 'ACK'], 7, 0), 500));
    expect(s.unacked).toEqual([]);
  });

  it('shows that it fired, and restarts when the segment is sent again', () => {
    const fired = run(call('connect', 0), sent(seg(['SYN'], 10), 0), timer('retransmit', 8000));
    expect(fired.rtoFired).toBe(true);
    const again = applyTimerEvent(fired, sent(seg(['SYN'], 10), 8000), 'client');
    expect(again).toMatchObject({ rtoFired: false, rtoStart: 8000 });
    expect(again.unacked).toHaveLength(1);
  });

  it('ignores the partner’s sends and what arrives at the partner', () => {
    // With "show losses" a seat sees its SYN arrive and the partner's SYN+ACK leave: neither is its own.
    const own = run(call('connect', 0), sent(seg(['SYN'], 100), 0));
    const s = fold(own, arrived(seg(['SYN'], 100), 5, 'server'), sent(seg(['SYN', 'ACK'], 10, 101), 5, 'server'));
    expect(shown(s)).toEqual(shown(own));
    expect(s.rtoStart).toBe(0);
  });

  it('clears everything on a reset', () => {
    // Nobody listens: the server's host answers the SYN with RST+ACK.
    const s = run(call('connect', 0), sent(seg(['SYN'], 10), 0), arrived(seg(['RST', 'ACK'], 0, 11), 5));
    expect(shown(s)).toEqual(NOTHING);
  });
});

describe('the 2×MSL countdown', () => {
  it('starts at the network time of the ACK sent declaring TIME_WAIT, and ends when its timer fires', () => {
    expect(run(...FIN_WAIT_2).timeWaitStart).toBeNull();
    const s = run(...TIME_WAIT);
    expect(s.timeWaitStart).toBe(3000);
    expect(applyTimerEvent(s, timer('time_wait', 15_000), 'client').timeWaitStart).toBeNull();
  });

  it('starts when the player declares TIME_WAIT on its own', () => {
    expect(run(...CLOSING).timeWaitStart).toBeNull();
    expect(run(...CLOSING, arrived(seg(['ACK'], 2, 2), 3000), declared('TIME_WAIT', 3000)).timeWaitStart).toBe(3000);
    // A declaration alone starts nothing (assessment records a wrong one: the endpoint is in FIN_WAIT_1).
    expect(run(...CLOSING.slice(0, 6), declared('TIME_WAIT', 150)).timeWaitStart).toBeNull();
  });

  it('restarts when the player ACKs a retransmitted FIN in TIME_WAIT', () => {
    // The ACK sent at 3000 was lost: the server's FIN comes again after its RTO.
    const s = run(...TIME_WAIT, arrived(seg(['FIN', 'ACK'], 1, 2), 8000));
    expect(applyTimerEvent(s, sent(seg(['ACK'], 2, 2), 8000), 'client').timeWaitStart).toBe(8000);
    expect(applyTimerEvent(s, sent(seg(['ACK'], 2, 2), 8000, 'client', 'TIME_WAIT'), 'client').timeWaitStart).toBe(8000);
  });

  it('is not restarted by declaring TIME_WAIT twice, and stops on another state', () => {
    const s = run(...TIME_WAIT, declared('TIME_WAIT', 3000), declared('TIME_WAIT', 4000));
    expect(s.timeWaitStart).toBe(3000);
    expect(fold(s, timer('time_wait', 15_000), declared('CLOSED', 15_000)).timeWaitStart).toBeNull();
  });
});

describe('the player’s retransmission timeout, backed off (issue 16)', () => {
  const RTO = 8_000;
  /** The SYN is lost twice (the seat never learns it; its timer fires), then the SYN+ACK arrives. */
  const SYN = seg(['SYN'], 10);
  const lostTwice = [call('connect', 0), sent(SYN, 0), timer('retransmit', 8_000), sent(SYN, 8_000), timer('retransmit', 24_000), sent(SYN, 24_000)];

  it('is the class RTO until the timer fires, then doubles on each retry, up to 4 × the RTO', () => {
    expect(armedRto(run(call('connect', 0), sent(SYN, 0)), RTO)).toBe(RTO);
    // The run that fired lasted the RTO; the ring shows it fired until the SYN goes again.
    expect(armedRto(run(call('connect', 0), sent(SYN, 0), timer('retransmit', 8_000)), RTO)).toBe(RTO);
    expect(armedRto(run(...lostTwice.slice(0, 4)), RTO)).toBe(2 * RTO);
    expect(armedRto(run(...lostTwice), RTO)).toBe(4 * RTO);
    expect(armedRto(run(...lostTwice, timer('retransmit', 56_000), sent(SYN, 56_000)), RTO)).toBe(4 * RTO);
  });

  it('is back to the class RTO once what was sent is acknowledged', () => {
    const s = run(...lostTwice, arrived(seg(['SYN', 'ACK'], 0, 11), 24_050), sent(seg(['ACK'], 11, 1), 24_050, 'client', 'ESTABLISHED'),
      call('send', 24_100, 10), sent(seg(['ACK', 'PSH'], 11, 1, 10), 24_100));
    expect(s.rtoStart).toBe(24_100);
    expect(armedRto(s, RTO)).toBe(RTO);
  });

  it('stays the class RTO when the class turned backoff off', () => {
    expect(armedRto(run(...lostTwice), RTO, false)).toBe(RTO);
  });
});
