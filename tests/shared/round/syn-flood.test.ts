import { describe, expect, it } from 'vitest';
import {
  answer, checkTrace, createPlay, findScenario, nextWakeup, owedPeerSends, playHistory, roundTrace, seatOwes, startPlay, tickPlay,
  type Play, type RoundSettings, type Scenario, type Side,
} from '../../../shared/index';

/*
 * Scenario 13, the SYN flood, played by two people through the answer pipeline a class uses
 * (shared/round/play.ts), at the pace of people in wall time (network time stands still while
 * anyone owes an answer).
 */

const NET = { loss: 0, delayMin: 1000, delayMax: 1000, duplicate: 0, reorder: 0 };
const settings: RoundSettings = { mode: 'practice', net: NET, rtoMs: 5000, mslMs: 4000, textbook: true };
const FLOOD = findScenario('syn-flood') as Scenario;
const A = '198.51.100.7';
const B = '203.0.113.40';

function started(mode: RoundSettings['mode'] = 'practice'): Play {
  return startPlay(createPlay(FLOOD, { ...settings, mode }, 3, { client: true, server: true }, { hintAfterMs: 0 }), 0).play;
}

/** Started, the server has declared LISTEN and the client sent its SYN: the clock runs, and the forged SYNs arrive at once. */
function opened(): Play {
  let p = started();
  expect(p.round.eps.server.queue?.entries).toEqual([]);
  p = answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 5_000).play;
  p = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 10_000).play;
  return p;
}

/** The SYN+ACK the server owes `peer` now, with ISN `isn` if none is chosen yet. */
function synAckTo(p: Play, peer: string, isn: number) {
  const o = owedPeerSends(p.round.eps.server).find((x) => x.peer === peer);
  if (!o) throw new Error(`nothing owed to ${peer}`);
  return { ...o.segment, flags: [...o.segment.flags], seq: o.segment.seq ?? isn };
}

describe('the SYN flood, played by people', () => {
  it('shows the server its queue filling with SYNs from forged addresses, and the client nothing of them', () => {
    const p = opened();
    expect(FLOOD.number).toBe(13);
    // The forged SYNs arrive at once: the server owes a SYN+ACK to each, the client its own SYN.
    expect(p.round.eps.server.queue?.entries.map((e) => e.peer)).toEqual([A, B]);
    expect(seatOwes(p, 'server')).toBe('send');
    const server = playHistory(p, 'server');
    expect(server.filter((e) => e.kind === 'delivered').map((e) => e.kind === 'delivered' && e.peer)).toEqual([A, B]);
    expect(server.find((e) => e.kind === 'app')).toMatchObject({ call: 'listen', backlog: 2, synAckRetries: 1 });
    const client = playHistory(p, 'client');
    expect(client.some((e) => (e.kind === 'delivered' || e.kind === 'sent') && 'peer' in e)).toBe(false);
    expect(client.filter((e) => e.kind === 'delivered')).toEqual([]);
  });

  it('judges the SYN+ACK to a forged address: a wrong ack is refused with its rule, and the state declared is the half-open connection’s', () => {
    let p = opened();
    const good = synAckTo(p, A, 500);
    const wrong = answer(p, 'server', { kind: 'send', segment: { ...good, ack: good.ack + 1 }, peer: A, state: 'SYN_RCVD' }, 20_000);
    expect(wrong.reply).toMatchObject({ kind: 'verdict', ok: false, errors: [{ field: 'ack', rule: 'ack.must-acknowledge-syn', hint: true }] });
    const listen = answer(wrong.play, 'server', { kind: 'send', segment: good, peer: A, state: 'LISTEN' }, 30_000);
    expect(listen.reply).toMatchObject({ kind: 'verdict', ok: false, errors: [{ field: 'state', rule: 'state.queue-rcv-syn' }] });
    const ok = answer(listen.play, 'server', { kind: 'send', segment: good, peer: A, state: 'SYN_RCVD' }, 40_000);
    expect(ok.reply).toMatchObject({ kind: 'verdict', ok: true });
    p = ok.play;
    // The listening socket's own badge is untouched: the half-open connection's SYN_RCVD is not the player's state.
    expect(p.seats.server.declared).not.toBe('SYN_RCVD');
    expect(owedPeerSends(p.round.eps.server).map((o) => o.peer)).toEqual([B]);
    // A SYN+ACK to an address that sent no SYN is nothing owed.
    const stranger = answer(p, 'server', { kind: 'send', segment: { ...good, ack: 7 }, peer: '192.0.2.1' }, 50_000);
    expect(stranger.reply).toMatchObject({ kind: 'verdict', ok: false, errors: [{ rule: 'flags.no-segment-owed' }] });
  });

  for (const mode of ['practice', 'assessment'] as const) {
    it(`(${mode}) drops the client’s SYN while the queue is full, and lets a retransmission in once a half-open connection expires`, () => {
      let p = started(mode);
      let wall = 0;
      const isn: Record<Side, number> = { client: 300, server: 700 };
      for (let i = 0; i < 200 && !p.done; i++) {
        wall += 15_000; // a person thinks 15 s per answer
        const side = (['server', 'client'] as const).find((s) => seatOwes(p, s) !== null);
        if (!side) {
          const at = nextWakeup(p);
          if (at === null) throw new Error('stuck');
          wall = Math.max(wall, at);
          p = tickPlay(p, wall).play;
          continue;
        }
        const ep = p.round.eps[side];
        const owed = seatOwes(p, side);
        if (owed === 'declare') {
          p = answer(p, side, { kind: 'declare', state: ep.pending?.name ?? ep.state }, wall).play;
          continue;
        }
        const [peer] = owedPeerSends(ep);
        if (peer && side === 'server' && ep.state === 'LISTEN') {
          p = answer(p, side, { kind: 'send', segment: synAckTo(p, peer.peer, isn.server), peer: peer.peer, state: 'SYN_RCVD' }, wall).play;
          continue;
        }
        const seg = side === 'client' && ep.state === 'SYN_SENT'
          ? { flags: ['SYN' as const], seq: ep.iss ?? isn.client, ack: 0, len: 0 }
          : ep.state === 'SYN_RCVD'
            ? { flags: ['SYN' as const, 'ACK' as const], seq: ep.iss ?? isn.server, ack: ep.rcvNxt, len: 0 }
            : { flags: ['ACK' as const], seq: ep.sndNxt, ack: ep.rcvNxt, len: 0 };
        const state = side === 'client' ? (ep.state === 'ESTABLISHED' ? 'ESTABLISHED' : 'SYN_SENT') : 'SYN_RCVD';
        p = answer(p, side, { kind: 'send', segment: seg, state }, wall).play;
      }
      expect(p.done).toBe(true);
      const fired = p.round.fired;
      expect(fired.server).toEqual(expect.arrayContaining(['queue-rcv-syn', 'listen-rcv-syn-queue-full', 'queue-synack-timeout', 'queue-synack-expired', 'syn-rcvd-rcv-ack']));
      expect(fired.client).toContain('retransmission-timeout');
      // The client's SYN went at least twice before it was answered.
      const clientSyns = p.round.events.filter((e) => e.type === 'send' && e.side === 'client' && e.segment.flags.includes('SYN'));
      expect(clientSyns.length).toBeGreaterThanOrEqual(2);
      // Every half-open connection resent its SYN+ACK once, then expired.
      const toPeers = p.round.events.filter((e) => e.type === 'send' && e.peer !== undefined && e.origin !== 'network');
      expect(toPeers.map((e) => e.type === 'send' && e.peer).sort()).toEqual([A, A, B, B]);
      // The round's own trace is judged all correct by the checker.
      const report = checkTrace(roundTrace(p.round));
      expect(report.valid).toBe(true);
      expect(report.summary.correct).toBe(report.summary.judged);
      expect(report.summary.judged).toBeGreaterThan(6);
    });
  }
});
