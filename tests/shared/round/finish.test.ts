/**
 * A round is over only when nothing sent is still unacknowledged: in the `data` scenario both
 * ends are ESTABLISHED from the handshake on, so a round that counted only states, owed sends and
 * segments in flight ended as soon as the server's last data segment was lost, and it was never
 * resent.
 */
import { describe, expect, it } from 'vitest';
import { findScenario, simulate, type Fate, type FateSource, type RoundSettings } from '../../../shared/index';

const settings: RoundSettings = {
  mode: 'practice', net: { loss: 0, delayMin: 100, delayMax: 100, duplicate: 0, reorder: 0 }, rtoMs: 1_000, mslMs: 2_000,
};
const DELIVER: Fate = { kind: 'deliver', delays: [100] };

/** The `count` last data segments the server sends (by the octets they carry) are lost once each. */
function loseServerTail(lastOctets: number[]): FateSource {
  const lost = new Set<number>();
  return ({ side, segment }) => {
    if (side !== 'server' || segment.len === 0) return DELIVER;
    const i = lastOctets.indexOf(segment.len);
    if (i >= 0 && !lost.has(i)) {
      lost.add(i);
      return { kind: 'drop', after: 50 };
    }
    return DELIVER;
  };
}

describe('the end of a round', () => {
  const data = findScenario('data')!;

  it('waits for the lost last data segment to be resent and acknowledged', () => {
    // The server replies 9 + 9 + 28 + 11 octets; its last segment (11 octets) is lost once.
    const res = simulate(data, settings, 1, { fates: loseServerTail([11]) });
    expect(res.finished).toBe(true);
    const ep = res.round.eps;
    expect(ep.client.receivedBytes).toBe(ep.server.sentBytes);
    expect(ep.server.sentBytes).toBe(9 + 9 + 28 + 11);
    expect(ep.server.unacked).toEqual([]);
    const timeouts = res.round.events.filter((e) => e.type === 'timeout' && e.side === 'server' && e.timer === 'retransmit');
    expect(timeouts.length).toBeGreaterThanOrEqual(1);
  });

  it('is reached without a timer when nothing is lost', () => {
    const res = simulate(data, settings, 1, { fates: () => DELIVER });
    expect(res.finished).toBe(true);
    expect(res.round.events.some((e) => e.type === 'timeout')).toBe(false);
    expect(res.round.eps.client.receivedBytes).toBe(57);
  });
});
