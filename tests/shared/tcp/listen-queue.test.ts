import { describe, expect, it } from 'vitest';
import { createEndpoint, type Endpoint } from '../../../shared/tcp/endpoint';
import { judge } from '../../../shared/tcp/judge';
import { judgePeer, owedPeerSends, queueFull, QUEUE_ROWS } from '../../../shared/tcp/listen-queue';
import { owedSends } from '../../../shared/tcp/allowed-sends';
import { step, type EndpointEvent, type StepResult } from '../../../shared/tcp/step';
import type { Flag, Segment } from '../../../shared/tcp/types';

const seg = (flags: Flag[], seq: number, ack = 0): Segment => ({ flags, seq, ack, len: 0 });
const A = '198.51.100.7';
const B = '203.0.113.40';
const C = '192.0.2.99';

function drive(ep: Endpoint, ...events: EndpointEvent[]): StepResult {
  let res: StepResult = { endpoint: ep, rows: [], timers: [], peerTimers: [] };
  for (const e of events) res = step(res.endpoint, e);
  return res;
}
const listen = (backlog?: number, synAckRetries?: number): EndpointEvent => ({
  type: 'app',
  call: 'listen',
  ...(backlog !== undefined ? { backlog } : {}),
  ...(synAckRetries !== undefined ? { synAckRetries } : {}),
});
const fromPeer = (peer: string, s: Segment): EndpointEvent => ({ type: 'deliver', segment: s, peer });
const toPeer = (peer: string, s: Segment): EndpointEvent => ({ type: 'send', segment: s, peer });
const peerTimeout = (peer: string): EndpointEvent => ({ type: 'timeout', timer: 'retransmit', peer });

/** A server listening with room for two, both slots taken by spoofed SYNs it has answered. */
function flooded(retries = 1): Endpoint {
  return drive(
    createEndpoint(),
    listen(2, retries),
    fromPeer(A, seg(['SYN'], 1000)),
    toPeer(A, seg(['SYN', 'ACK'], 5000, 1001)),
    fromPeer(B, seg(['SYN'], 2000)),
    toPeer(B, seg(['SYN', 'ACK'], 6000, 2001)),
  ).endpoint;
}

describe('the listen queue', () => {
  it('is opened by listen() with its backlog, and is unbounded without one', () => {
    expect(drive(createEndpoint(), listen(3, 2)).endpoint.queue).toEqual({ backlog: 3, synAckRetries: 2, entries: [] });
    const open = drive(createEndpoint(), listen()).endpoint;
    expect(open.queue?.backlog).toBeNull();
    // Without a backlog no SYN is ever turned away.
    let ep = open;
    for (let i = 0; i < 50; i++) ep = step(ep, fromPeer(`10.0.0.${i}`, seg(['SYN'], i))).endpoint;
    expect(ep.queue?.entries).toHaveLength(50);
    expect(queueFull(ep)).toBe(false);
    expect(step(ep, { type: 'deliver', segment: seg(['SYN'], 77) }).endpoint.state).toBe('SYN_RCVD');
  });

  it('takes a spoofed SYN into a half-open entry that owes a SYN+ACK acknowledging it, while the endpoint stays in LISTEN', () => {
    const r = drive(createEndpoint(), listen(2), fromPeer(A, seg(['SYN'], 4294967295)));
    expect(r.rows).toEqual(['queue-rcv-syn']);
    expect(r.endpoint.state).toBe('LISTEN');
    expect(owedSends(r.endpoint)).toEqual([]); // the main connection owes nothing
    expect(owedPeerSends(r.endpoint)).toEqual([{ peer: A, segment: { flags: ['SYN', 'ACK'], seq: null, ack: 0, len: 0 } }]);
  });

  it('judges the SYN+ACK to a peer: any ISN first, then the same one; ack = their ISN + 1; the entry is in SYN_RCVD', () => {
    const ep = drive(createEndpoint(), listen(2), fromPeer(A, seg(['SYN'], 1000))).endpoint;
    expect(judgePeer(ep, A, seg(['SYN', 'ACK'], 123456, 1001), 'SYN_RCVD')).toEqual({ ok: true, errors: [], kind: 'syn-ack' });
    expect(judgePeer(ep, A, seg(['SYN', 'ACK'], 1, 1000)).errors).toEqual([{ field: 'ack', rule: 'ack.must-acknowledge-syn', expected: 1001, got: 1000 }]);
    expect(judgePeer(ep, A, seg(['ACK'], 1, 1001)).errors.map((e) => e.rule)).toEqual(['flags.syn-ack-answers-syn']);
    expect(judgePeer(ep, A, seg(['RST'], 1001)).errors[0]?.rule).toBe('flags.rst-not-expected');
    expect(judgePeer(ep, A, seg(['SYN', 'ACK'], 1, 1001), 'LISTEN').errors).toEqual([{ field: 'state', rule: 'state.queue-rcv-syn', expected: 'SYN_RCVD', got: 'LISTEN' }]);
    // Nobody else is half-open: nothing is owed to another address.
    expect(judgePeer(ep, C, seg(['SYN', 'ACK'], 1, 1001)).errors.map((e) => e.rule)).toEqual(['flags.no-segment-owed']);
    const sent = step(ep, toPeer(A, seg(['SYN', 'ACK'], 77, 1001)));
    expect(sent.peerTimers).toEqual([{ peer: A, action: 'start' }]);
    expect(owedPeerSends(sent.endpoint)).toEqual([]);
    expect(judgePeer(sent.endpoint, A, seg(['SYN', 'ACK'], 78, 1001)).errors).toEqual([{ field: 'seq', rule: 'seq.retransmit-same-seq', expected: 77, got: 78 }]);
  });

  it('drops a SYN unanswered while every slot is taken: a new peer’s, and the real client’s', () => {
    const ep = flooded();
    expect(queueFull(ep)).toBe(true);
    const spoof = step(ep, fromPeer(C, seg(['SYN'], 3000)));
    expect(spoof.rows).toEqual(['queue-full-drop-syn']);
    expect(spoof.endpoint.queue?.entries.map((e) => e.peer)).toEqual([A, B]);
    expect(owedPeerSends(spoof.endpoint)).toEqual([]);
    const real = step(ep, { type: 'deliver', segment: seg(['SYN'], 9000) });
    expect(real.rows).toEqual(['listen-rcv-syn-queue-full']);
    expect(real.endpoint.state).toBe('LISTEN');
    expect(owedSends(real.endpoint)).toEqual([]);
    // The judge agrees: the listener may send nothing to the client.
    expect(judge(real.endpoint, seg(['SYN', 'ACK'], 1, 9001)).errors[0]?.rule).toBe('flags.no-segment-owed');
  });

  it('resends a half-open SYN+ACK on its timer until the retries are spent, then drops the entry and frees its slot', () => {
    let r = step(flooded(1), peerTimeout(A));
    expect(r.rows).toEqual(['queue-synack-timeout']);
    expect(owedPeerSends(r.endpoint)).toEqual([{ peer: A, segment: { flags: ['SYN', 'ACK'], seq: 5000, ack: 1001, len: 0 } }]);
    r = step(r.endpoint, toPeer(A, seg(['SYN', 'ACK'], 5000, 1001)));
    expect(r.peerTimers).toEqual([{ peer: A, action: 'start' }]);
    r = step(r.endpoint, peerTimeout(A));
    expect(r.rows).toEqual(['queue-synack-expired']);
    expect(r.endpoint.queue?.entries.map((e) => e.peer)).toEqual([B]);
    expect(queueFull(r.endpoint)).toBe(false);
    // Now the real client's retransmitted SYN opens its connection.
    const real = step(r.endpoint, { type: 'deliver', segment: seg(['SYN'], 9000) });
    expect(real.rows).toEqual(['listen-rcv-syn']);
    expect(real.endpoint.state).toBe('SYN_RCVD');
    // ...and takes the slot: the queue is full again (B and the client's half-open connection).
    expect(queueFull(real.endpoint)).toBe(true);
    expect(step(real.endpoint, fromPeer(C, seg(['SYN'], 1))).rows).toEqual(['queue-full-drop-syn']);
  });

  it('with no retries, drops the entry at its first timeout', () => {
    expect(step(flooded(0), peerTimeout(B)).rows).toEqual(['queue-synack-expired']);
  });

  it('answers a repeated SYN again, takes an exact RST or the completing ACK out of the queue, and ignores anything else', () => {
    const ep = flooded();
    const dup = step(ep, fromPeer(A, seg(['SYN'], 1000)));
    expect(dup.rows).toEqual(['queue-rcv-dup-syn']);
    expect(owedPeerSends(dup.endpoint).map((o) => o.segment.seq)).toEqual([5000]);
    expect(step(ep, fromPeer(A, seg(['RST'], 999))).rows).toEqual([]);
    const rst = step(ep, fromPeer(A, seg(['RST'], 1001)));
    expect(rst.rows).toEqual(['queue-rcv-rst']);
    expect(rst.peerTimers).toEqual([{ peer: A, action: 'stop' }]);
    expect(step(ep, fromPeer(B, seg(['ACK'], 2001, 6001))).rows).toEqual(['queue-rcv-ack']);
    expect(step(ep, fromPeer(B, seg(['ACK'], 2001, 6002))).rows).toEqual([]);
    expect(step(ep, fromPeer(C, seg(['ACK'], 1, 1))).rows).toEqual([]);
  });

  it('closes with the listening socket, stopping the timers of its entries', () => {
    const r = step(flooded(), { type: 'app', call: 'close' });
    expect(r.endpoint.state).toBe('CLOSED');
    expect(r.endpoint.queue).toBeNull();
    expect(r.peerTimers).toEqual([{ peer: A, action: 'stop' }, { peer: B, action: 'stop' }]);
  });

  it('takes no notice of peers at an endpoint that is not listening', () => {
    const r = step(createEndpoint(), fromPeer(A, seg(['SYN'], 1)));
    expect(r.rows).toEqual([]);
    expect(r.endpoint.queue).toBeUndefined();
  });

  it('has unique row ids that are not table rows', () => {
    const ids = QUEUE_ROWS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
