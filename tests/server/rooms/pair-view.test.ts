import { describe, expect, it } from 'vitest';
import {
  answer, botSegment, createPlay, findScenario, injectPlay, namedState, nextWakeup, owedPeerSends, owedSends, seatOwes, startPlay, tickPlay, SCENARIOS, SIDES,
  type Play, type RoundSettings, type Scenario, type Side,
} from '../../../shared/index';
import { pairFaults, pairProgress, pairSummary, seatState, type PairState } from '../../../server/rooms/pair-view';

/*
 * What the host's dashboard says of a pair (server/rooms/pair-view.ts), from real plays: people
 * answering through the pure play (shared/round/play.ts) and the bot, never a made-up Play.
 */

const NET = { loss: 0, delayMin: 500, delayMax: 800, duplicate: 0, reorder: 0 };
const settings = (over: Partial<RoundSettings> = {}): RoundSettings => ({ mode: 'practice', net: NET, rtoMs: 5000, mslMs: 4000, textbook: true, ...over });
const scenario = (id: string): Scenario => findScenario(id) as Scenario;
const BOTH = { client: true, server: true };

function started(id: string, humans: Record<Side, boolean> = BOTH, over: Partial<RoundSettings> = {}): Play {
  return startPlay(createPlay(scenario(id), settings(over), 7, humans), 0).play;
}

/** One person's move, correct, 3 s after `wall`; or null when no person owes anything. */
function move(p: Play, wall: number): Play | null {
  for (const side of SIDES) {
    if (!p.seats[side].human) continue;
    const owes = seatOwes(p, side);
    if (owes === 'send') {
      const ep = p.round.eps[side];
      if (owedSends(ep).length === 0) {
        // A half-open connection's SYN+ACK (the SYN flood): the state it declares is that connection's.
        const [o] = owedPeerSends(ep);
        const segment = { ...o!.segment, flags: [...o!.segment.flags], seq: o!.segment.seq ?? 900 };
        return answer(p, side, { kind: 'send', segment, peer: o!.peer, state: 'SYN_RCVD' }, wall).play;
      }
      const segment = botSegment(ep, side === 'client' ? 300 : 700)!;
      // The state the segment leads to is what the engine names after it (a copy tells).
      const probe = answer(p, side, { kind: 'send', segment }, wall).play;
      return answer(p, side, { kind: 'send', segment, state: namedState(probe.round.eps[side]) }, wall).play;
    }
    if (owes === 'declare') return answer(p, side, { kind: 'declare', state: namedState(p.round.eps[side]) }, wall).play;
  }
  return null;
}

/** Play to the end at human pace, calling `see` after every step with the wall time. */
function playOut(p0: Play, see: (p: Play, wall: number) => void = () => undefined): Play {
  let p = p0;
  let wall = 0;
  for (let i = 0; i < 500 && !p.done; i++) {
    wall += 3000;
    const next = move(p, wall);
    if (next) p = next;
    else {
      const at = nextWakeup(p);
      if (at === null) throw new Error('stuck');
      wall = Math.max(wall, at);
      p = tickPlay(p, wall).play;
    }
    see(p, wall);
  }
  expect(p.done).toBe(true);
  return p;
}

const view = (play: Play, over = false): PairState => ({
  play, over, key: { code: 'ABCDEFG', round: 1, pairId: 'pair1' }, seats: { client: { playerId: 'a', name: 'Ada' }, server: { playerId: 'b', name: 'Bo' } },
});

describe('progress', () => {
  it.each(SCENARIOS.map((s) => s.id))('is 0 before anyone acts, never goes back, and is 1 only when %s is done', (id) => {
    const p0 = started(id);
    expect(pairProgress(p0)).toBe(0);
    const seen: number[] = [];
    const end = playOut(p0, (p) => seen.push(pairProgress(p)));
    expect(seen.slice(0, -1).every((x) => x < 1)).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(pairProgress(end)).toBe(1);
    // Halfway there is somewhere between (the pair's own sends count, not the script's calls).
    expect(seen.some((x) => x > 0.2 && x < 0.9)).toBe(true);
  });

  it('does not count an answer the judge refused', () => {
    let p = started('handshake');
    p = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN', 'ACK'], seq: 300, ack: 1, len: 0 } }, 1000).play;
    expect(p.round.wrong.length).toBe(1);
    expect(pairProgress(p)).toBe(0);
    p = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 2000).play;
    expect(pairProgress(p)).toBeGreaterThan(0);
  });

  it('is 0 while the engine plays an opening (a prelude) for the pair', () => {
    const p = started('close');
    expect(p.round.events.some((e) => e.type === 'send')).toBe(true);
    expect(pairProgress(p)).toBe(0);
    expect(pairProgress(tickPlay(p, 20_000).play)).toBe(0);
  });
});

describe('the states shown', () => {
  it('names a seat by what it entered: the client is CLOSED until its SYN is out, then SYN_SENT', () => {
    let p = started('handshake');
    // connect() was called (RFC 9293 says SYN_SENT already); nothing was sent.
    expect(p.round.eps.client.state).toBe('SYN_SENT');
    expect(seatState(p, 'client')).toBe('CLOSED');
    expect(pairSummary(view(p), 0, () => true).client.state).toBe('CLOSED');
    p = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 } }, 3000).play;
    expect(pairSummary(view(p), 3000, () => true).client.state).toBe('SYN_SENT');
  });

  it('shows CLOSED while the engine plays the opening, then the state it hands over', () => {
    let p = started('close');
    expect(p.round.eps.client.state).toBe('SYN_SENT');
    expect(SIDES.map((s) => pairSummary(view(p), 0, () => true)[s].state)).toEqual(['CLOSED', 'CLOSED']);
    p = tickPlay(p, 30_000).play;
    expect(p.preludeSettled).toBe(true);
    expect(SIDES.map((s) => seatState(p, s))).toEqual(['ESTABLISHED', 'ESTABLISHED']);
  });
});

describe('faults on the dashboard', () => {
  it('a dropped segment: armed when set, used when the next segment is lost', () => {
    let p = started('handshake', { client: true, server: false });
    p = injectPlay(p, { kind: 'drop-next' }, 1000).play;
    expect(pairSummary(view(p), 1000, () => true).faults).toEqual([{ kind: 'drop-next', status: 'armed' }]);
    p = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 2000).play;
    expect(pairFaults(p, false)).toEqual([{ kind: 'drop-next', status: 'used' }]);
    p = tickPlay(p, 4000).play;
    expect(p.round.events.some((e) => e.type === 'drop')).toBe(true);
  });

  it('a flagged drop waits for its flag; one never used is cancelled when the round ends; a stale SYN is used at once', () => {
    let p = started('handshake', { client: true, server: false });
    p = injectPlay(p, { kind: 'drop-next', flag: 'FIN' }, 500).play;
    p = injectPlay(p, { kind: 'stale-syn' }, 600).play;
    p = injectPlay(p, { kind: 'delay-next', ms: 2000 }, 700).play;
    expect(pairFaults(p, false)).toEqual([
      { kind: 'drop-next', flag: 'FIN', status: 'armed' }, { kind: 'stale-syn', status: 'used' }, { kind: 'delay-next', status: 'armed' },
    ]);
    const end = playOut(p);
    // The handshake has no FIN: the drop is still armed when the pair is done, so it is cancelled.
    expect(pairFaults(end, false)).toEqual([
      { kind: 'drop-next', flag: 'FIN', status: 'cancelled' }, { kind: 'stale-syn', status: 'used' }, { kind: 'delay-next', status: 'used' },
    ]);
    // The host ended the round before the drop found its segment.
    const cut = injectPlay(started('handshake'), { kind: 'drop-next' }, 100).play;
    expect(pairSummary(view(cut, true), 200, () => true).faults).toEqual([{ kind: 'drop-next', status: 'cancelled' }]);
  });

  it('a fault set on one play leaves an earlier copy of it unchanged (plays are values)', () => {
    const p = injectPlay(started('handshake', { client: true, server: false }), { kind: 'drop-next' }, 100).play;
    const q = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 } }, 200).play;
    expect(pairFaults(q, false)[0]?.status).toBe('used');
    expect(pairFaults(p, false)[0]?.status).toBe('armed');
  });
});

describe('the round timer', () => {
  it('gives the wall time since the pair began, once it has', () => {
    const before = createPlay(scenario('handshake'), settings(), 7, BOTH);
    expect(pairSummary(view(before), 0, () => true).elapsedMs).toBeUndefined();
    expect(pairSummary(view(started('handshake')), 12_345.6, () => true).elapsedMs).toBe(12_346);
  });
});

describe("each seat's points of the round on the dashboard (the projector's podium between rounds)", () => {
  it('names who plays each seat and the points that seat scored in this round, which add up to the pair\'s score', () => {
    const p = playOut(started('handshake'));
    const s = pairSummary(view(p), 60_000, () => true);
    expect(s.client.playerId).toBe('a');
    expect(s.server.playerId).toBe('b');
    expect(s.client.points).toBe(p.seats.client.score);
    expect(s.server.points).toBe(p.seats.server.score);
    expect(s.client.points! + s.server.points!).toBe(s.score);
    expect(s.client.points).toBeGreaterThan(0);
  });
});
