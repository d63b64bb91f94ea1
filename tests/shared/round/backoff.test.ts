/**
 * Issue 16: retransmission backoff (RFC 6298 §5.5) in the pure round. Each expiry of a side's
 * retransmission timer doubles its next RTO, up to the cap; an ACK of new data brings it back to
 * the class's RTO; with the class setting off the RTO never changes.
 */
import { describe, expect, it } from 'vitest';
import {
  backedOffRto, currentRto, DEFAULT_ROUND_CONFIG, findScenario, rtoCap, simulate,
  type Fate, type FateSource, type RoundSettings, type Side, type TraceEvent,
} from '../../../shared/index';

const RTO = 1_000;
const settings = (backoff?: boolean): RoundSettings => ({
  mode: 'practice', net: { loss: 0, delayMin: 100, delayMax: 100, duplicate: 0, reorder: 0 }, rtoMs: RTO, mslMs: 2_000,
  ...(backoff === undefined ? {} : { backoff }),
});
const DELIVER: Fate = { kind: 'deliver', delays: [100] };

/** The client's first data segment is lost `dataLosses` times, then its first FIN once; all else arrives after 100 ms. */
function lossy(dataLosses: number): FateSource {
  let data = 0;
  let fin = 0;
  return ({ side, segment }) => {
    if (side !== 'client') return DELIVER;
    if (segment.len > 0 && data++ < dataLosses) return { kind: 'drop', after: 50 };
    if (segment.flags.includes('FIN') && fin++ < 1) return { kind: 'drop', after: 50 };
    return DELIVER;
  };
}

/** For each retransmission timeout of `side`: how long after the send that armed it (its last send before) it fired. */
function waits(events: readonly TraceEvent[], side: Side): number[] {
  const out: number[] = [];
  let lastSend = NaN;
  for (const e of events) {
    if (e.type === 'send' && e.side === side) lastSend = e.t;
    if (e.type === 'timeout' && e.side === side && e.timer === 'retransmit') out.push(e.t - lastSend);
  }
  return out;
}

/**
 * The client's waits for its data: from the first data segment to the first timeout, then from
 * each resend of that data (the same seq) to the next timeout. (The client sends other segments
 * meanwhile, pure ACKs among them, so its last send is not always what armed the timer.)
 */
function dataWaits(events: readonly TraceEvent[]): number[] {
  const out: number[] = [];
  let armed = NaN;
  let dataSeq: number | null = null;
  for (const e of events) {
    if (e.type === 'send' && e.side === 'client' && e.segment.len > 0 && (dataSeq === null || e.segment.seq === dataSeq)) {
      dataSeq = e.segment.seq;
      armed = e.t;
    }
    if (e.type === 'timeout' && e.side === 'client' && e.timer === 'retransmit') out.push(e.t - armed);
  }
  return out;
}

describe('the cap', () => {
  it('is 4 × the class RTO or 60 s, whichever is smaller, and never below the class RTO', () => {
    expect(rtoCap(8_000)).toBe(32_000);
    expect(rtoCap(20_000)).toBe(60_000);
    expect(rtoCap(90_000)).toBe(90_000);
    expect([0, 1, 2, 3, 10, 1000].map((n) => backedOffRto(8_000, n))).toEqual([8_000, 16_000, 32_000, 32_000, 32_000, 32_000]);
    expect([0, 1, 2, 3].map((n) => backedOffRto(20_000, n))).toEqual([20_000, 40_000, 60_000, 60_000]);
    expect([0, 1, 5].map((n) => backedOffRto(8_000, n, false))).toEqual([8_000, 8_000, 8_000]);
  });
});

describe('retransmission backoff in a round', () => {
  const lifecycle = findScenario('lifecycle')!;

  it('doubles the wait on each loss of the same segment, up to the cap, and is back to the RTO once new data is acknowledged', () => {
    const res = simulate(lifecycle, settings(), 1, { fates: lossy(4) });
    expect(res.finished).toBe(true);
    // Four losses of the data: 1 s, 2 s, 4 s, then still 4 s (the cap); the data is then
    // acknowledged, and the FIN's loss is found after 1 s again. The lost data also carried the
    // ACK of the server's SYN+ACK, so the server backs off its SYN+ACK alike, and is back to 1 s
    // for its reply data (unacknowledged while the client's FIN is lost).
    expect(waits(res.round.events, 'client')).toEqual([RTO, 2 * RTO, 4 * RTO, 4 * RTO, RTO]);
    expect(waits(res.round.events, 'server')).toEqual([RTO, 2 * RTO, 4 * RTO, 4 * RTO, RTO]);
    expect(res.round.rtoExpiries).toEqual({ client: 0, server: 0 });
  });

  it('is on by default (a round whose settings do not say)', () => {
    const on = simulate(lifecycle, settings(true), 3, { fates: lossy(2) });
    const absent = simulate(lifecycle, settings(), 3, { fates: lossy(2) });
    expect(waits(on.round.events, 'client')).toEqual([RTO, 2 * RTO, RTO]);
    expect(absent.round.events).toEqual(on.round.events);
  });

  it('keeps the RTO constant when the class turns it off', () => {
    const res = simulate(lifecycle, settings(false), 1, { fates: lossy(4) });
    expect(res.finished).toBe(true);
    expect(waits(res.round.events, 'client')).toEqual([RTO, RTO, RTO, RTO, RTO]);
  });

  it('counts per side, and says which RTO each side has armed', () => {
    // The client's SYN is lost twice: only the client backs off (the server is still listening).
    const handshake = findScenario('handshake')!;
    const fates = (): FateSource => {
      let lost = 0;
      return ({ side, segment }) => (side === 'client' && segment.flags.includes('SYN') && lost++ < 2 ? { kind: 'drop', after: 50 } : DELIVER);
    };
    const res = simulate(handshake, settings(), 2, { fates: fates() });
    expect(res.finished).toBe(true);
    expect(waits(res.round.events, 'client')).toEqual([RTO, 2 * RTO]);
    expect(waits(res.round.events, 'server')).toEqual([]);
    // Stopped at the second expiry: the client's timer will be armed with 4 s, the server's with 1 s.
    const second = res.round.events.filter((e) => e.type === 'timeout')[1]!;
    const cut = simulate(handshake, settings(), 2, { fates: fates(), maxEvents: res.round.events.indexOf(second) + 1 });
    expect(cut.round.events.at(-1)).toEqual(second);
    expect(cut.round.rtoExpiries).toEqual({ client: 2, server: 0 });
    expect(currentRto(cut.round, 'client')).toBe(4 * RTO);
    expect(currentRto(cut.round, 'server')).toBe(RTO);
    // The SYN+ACK acknowledges the SYN: the client is back to the class's RTO.
    expect(res.round.rtoExpiries).toEqual({ client: 0, server: 0 });
  });

  it('is what the lossy lifecycle teaches: its data is lost twice, and the second wait is twice the class RTO', () => {
    const c = DEFAULT_ROUND_CONFIG;
    const lossyLifecycle = findScenario('lossy-lifecycle')!;
    for (const seed of [1, 2, 3, 4, 5]) {
      const on = simulate(lossyLifecycle, { mode: 'practice', net: c.net, rtoMs: c.rtoMs, mslMs: c.mslMs, backoff: c.backoff }, seed);
      expect(on.finished).toBe(true);
      expect(dataWaits(on.round.events)).toEqual([c.rtoMs, 2 * c.rtoMs]);
      const off = simulate(lossyLifecycle, { mode: 'practice', net: c.net, rtoMs: c.rtoMs, mslMs: c.mslMs, backoff: false }, seed);
      expect(off.finished).toBe(true);
      expect(dataWaits(off.round.events)).toEqual([c.rtoMs, c.rtoMs]);
    }
  });

  it('can outlast TIME_WAIT, as in real stacks: a FIN resent after a doubled RTO finds the peer CLOSED, is reset, and the round still ends', () => {
    // The server's FIN is lost, then the client's ACK of its resend: the server's next resend
    // comes 2 s later, after the client's 2×MSL (1.6 s, which outlasts one RTO as the settings
    // check asks) ended. The client, CLOSED, answers with RST (RFC 9293 §3.10.7.1).
    let fin = 0;
    let ack = 0;
    const fates: FateSource = ({ side, segment }) => {
      if (side === 'server' && segment.flags.includes('FIN') && fin++ < 1) return { kind: 'drop', after: 50 };
      if (side === 'client' && fin > 0 && segment.flags.join() === 'ACK' && ack++ < 1) return { kind: 'drop', after: 50 };
      return DELIVER;
    };
    const res = simulate(lifecycle, { ...settings(), mslMs: 800 }, 1, { fates });
    expect(res.finished).toBe(true);
    const ev = res.round.events;
    const finResends = ev.filter((e) => e.type === 'send' && e.side === 'server' && e.segment.flags.includes('FIN')).map((e) => e.t);
    const timeWaitEnd = ev.find((e) => e.type === 'timeout' && e.timer === 'time_wait')!.t;
    expect(finResends).toHaveLength(3);
    expect(finResends[2]! - finResends[1]!).toBe(2 * RTO);
    expect(finResends[2]!).toBeGreaterThan(timeWaitEnd);
    expect(ev.at(-2)).toMatchObject({ type: 'send', side: 'client', segment: { flags: ['RST'] } });
    expect(res.round.eps).toMatchObject({ client: { state: 'CLOSED' }, server: { state: 'CLOSED' } });
  });

  it('replays exactly: the same seed and losses give the same round', () => {
    const a = simulate(lifecycle, settings(), 7, { fates: lossy(3) });
    const b = simulate(lifecycle, settings(), 7, { fates: lossy(3) });
    expect(a.round.events).toEqual(b.round.events);
  });
});
