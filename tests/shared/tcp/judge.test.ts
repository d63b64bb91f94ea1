import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEndpoint, type Endpoint } from '../../../shared/tcp/endpoint';
import { judgePeer } from '../../../shared/tcp/listen-queue';
import { judge, judgeState, type FieldError, type Verdict } from '../../../shared/tcp/judge';
import { namedState } from '../../../shared/tcp/endpoint';
import { owedSends } from '../../../shared/tcp/allowed-sends';
import { botSegment } from '../../../shared/tcp/bot';
import { SEGMENT_RULES, STATE_RULES } from '../../../shared/tcp/rules';
import { step, type EndpointEvent } from '../../../shared/tcp/step';
import { FLAGS, TCP_STATES, type Flag, type Segment, type TcpState } from '../../../shared/tcp/types';
import { playRandomly } from './conversations';

// ── building endpoints from real events ──

/** Client ISN and server ISN of the hand-written conversations below. */
const X = 1000;
const Y = 5000;
const MOD = 0x1_0000_0000;
const add = (a: number, n: number) => (((a + n) % MOD) + MOD) % MOD;

const seg = (flags: Flag[], seq: number, ack: number, len = 0): Segment => ({ flags, seq, ack, len });

const connect: EndpointEvent = { type: 'app', call: 'connect' };
const listen: EndpointEvent = { type: 'app', call: 'listen' };
const close: EndpointEvent = { type: 'app', call: 'close' };
const abort: EndpointEvent = { type: 'app', call: 'abort' };
const appSend = (bytes: number): EndpointEvent => ({ type: 'app', call: 'send', bytes });
const send = (s: Segment): EndpointEvent => ({ type: 'send', segment: s });
const deliver = (s: Segment): EndpointEvent => ({ type: 'deliver', segment: s });
const rto: EndpointEvent = { type: 'timeout', timer: 'retransmit' };
const twoMsl: EndpointEvent = { type: 'timeout', timer: 'time_wait' };

/** Fold `step` over the events, starting from a fresh CLOSED endpoint. */
function walk(...events: EndpointEvent[]): Endpoint {
  return events.reduce((ep, ev) => step(ep, ev).endpoint, createEndpoint());
}

// The client side of a conversation (ISN X), one stage after the other.
const C_SYN_OWED = [connect];
const C_SYN_SENT = [...C_SYN_OWED, send(seg(['SYN'], X, 0))];
const C_ACK_OWED = [...C_SYN_SENT, deliver(seg(['SYN', 'ACK'], Y, X + 1))];
const C_ESTABLISHED = [...C_ACK_OWED, send(seg(['ACK'], X + 1, Y + 1))];
const C_FIN_WAIT_1 = [...C_ESTABLISHED, close, send(seg(['ACK', 'FIN'], X + 1, Y + 1))];
const C_FIN_WAIT_2 = [...C_FIN_WAIT_1, deliver(seg(['ACK'], Y + 1, X + 2))];
const C_TIME_WAIT = [...C_FIN_WAIT_2, deliver(seg(['ACK', 'FIN'], Y + 1, X + 2))];
/** Simultaneous close: the server's FIN crosses ours and does not acknowledge it. */
const C_CLOSING = [...C_FIN_WAIT_1, deliver(seg(['ACK', 'FIN'], Y + 1, X + 1))];

// The server side (ISN Y).
const S_LISTEN = [listen];
const S_SYN_ACK_OWED = [...S_LISTEN, deliver(seg(['SYN'], X, 0))];
const S_SYN_RCVD = [...S_SYN_ACK_OWED, send(seg(['SYN', 'ACK'], Y, X + 1))];
const S_ESTABLISHED = [...S_SYN_RCVD, deliver(seg(['ACK'], X + 1, Y + 1))];
/** The client closed first: the server is in CLOSE_WAIT and owes the ACK of the FIN. */
const S_CLOSE_WAIT = [...S_ESTABLISHED, deliver(seg(['ACK', 'FIN'], X + 1, Y + 1))];
const S_LAST_ACK = [...S_CLOSE_WAIT, send(seg(['ACK'], Y + 1, X + 2)), close, send(seg(['ACK', 'FIN'], Y + 1, X + 2))];

/** The verdict is wrong with exactly this one error. */
function expectOnly(v: Verdict, error: FieldError): void {
  expect(v.ok).toBe(false);
  expect(v.errors).toEqual([error]);
}

function expectAccepted(v: Verdict): void {
  expect(v.errors).toEqual([]);
  expect(v.ok).toBe(true);
}

/** A wrong segment and the one error it must get: the mistake the rule names, alone. */
interface SegmentCase {
  name: string;
  events: EndpointEvent[];
  segment: Segment;
  error: FieldError;
}

/**
 * The server closed first: the client went CLOSE_WAIT → LAST_ACK → CLOSED (its SND.NXT is X + 2),
 * then connects again on the same ports (`reuse`), while the server may still be in TIME_WAIT.
 */
const C_RECONNECT: EndpointEvent[] = [
  ...C_ESTABLISHED,
  deliver(seg(['ACK', 'FIN'], Y + 1, X + 1)), send(seg(['ACK'], X + 1, Y + 2)),
  close, send(seg(['ACK', 'FIN'], X + 1, Y + 2)), deliver(seg(['ACK'], Y + 2, X + 2)),
  { type: 'app', call: 'connect', reuse: true },
];

const SEGMENT_CASES: SegmentCase[] = [
  {
    name: 'rejects a SYN+ACK from a listening server that has received no SYN (flags.no-segment-owed)',
    events: S_LISTEN,
    segment: seg(['SYN', 'ACK'], Y, X + 1),
    error: { field: 'flags', rule: 'flags.no-segment-owed', expected: null, got: ['SYN', 'ACK'] },
  },
  {
    name: 'rejects a bare ACK where a SYN to a closed port must be refused with RST+ACK (flags.rst-required)',
    events: [deliver(seg(['SYN'], X, 0))],
    segment: seg(['ACK'], 0, X + 1),
    error: { field: 'flags', rule: 'flags.rst-required', expected: ['ACK', 'RST'], got: ['ACK'] },
  },
  {
    name: 'rejects a RST sent in answer to a valid SYN+ACK (flags.rst-not-expected)',
    events: C_ACK_OWED,
    segment: seg(['ACK', 'RST'], X + 1, Y + 1),
    error: { field: 'flags', rule: 'flags.rst-not-expected', expected: ['ACK'], got: ['ACK', 'RST'] },
  },
  {
    name: 'rejects an ACK sent first after connect instead of a SYN (flags.syn-opens)',
    events: C_SYN_OWED,
    segment: seg(['ACK'], X, 0),
    error: { field: 'flags', rule: 'flags.syn-opens', expected: ['SYN'], got: ['ACK'] },
  },
  {
    name: 'rejects an ACK flag on the very first SYN (flags.first-syn-no-ack)',
    events: C_SYN_OWED,
    segment: seg(['SYN', 'ACK'], X, 0),
    error: { field: 'flags', rule: 'flags.first-syn-no-ack', expected: ['SYN'], got: ['SYN', 'ACK'] },
  },
  {
    name: 'rejects a server answering a SYN with a SYN that lacks the ACK flag (flags.syn-ack-answers-syn)',
    events: S_SYN_ACK_OWED,
    segment: seg(['SYN'], Y, X + 1),
    error: { field: 'flags', rule: 'flags.syn-ack-answers-syn', expected: ['SYN', 'ACK'], got: ['SYN'] },
  },
  {
    name: 'rejects a SYN+ACK as the third segment of the handshake (flags.syn-outside-handshake)',
    events: C_ACK_OWED,
    segment: seg(['SYN', 'ACK'], X + 1, Y + 1),
    error: { field: 'flags', rule: 'flags.syn-outside-handshake', expected: ['ACK'], got: ['SYN', 'ACK'] },
  },
  {
    name: 'rejects a FIN without ACK once the connection is synchronized (flags.ack-required)',
    events: [...C_ESTABLISHED, close],
    segment: seg(['FIN'], X + 1, Y + 1),
    error: { field: 'flags', rule: 'flags.ack-required', expected: ['ACK', 'FIN'], got: ['FIN'] },
  },
  {
    name: 'rejects a FIN merged into the ACK of the peer\'s FIN before the app has closed (flags.fin-before-close)',
    events: S_CLOSE_WAIT,
    segment: seg(['ACK', 'FIN'], Y + 1, X + 2),
    error: { field: 'flags', rule: 'flags.fin-before-close', expected: ['ACK'], got: ['ACK', 'FIN'] },
  },
  {
    name: 'rejects answering the peer\'s FIN in TIME_WAIT with a second FIN (flags.fin-already-sent)',
    events: C_TIME_WAIT,
    segment: seg(['ACK', 'FIN'], X + 2, Y + 2),
    error: { field: 'flags', rule: 'flags.fin-already-sent', expected: ['ACK'], got: ['ACK', 'FIN'] },
  },
  {
    name: 'rejects a FIN on a segment that leaves queued data unsent (flags.fin-after-data)',
    events: [...S_CLOSE_WAIT, send(seg(['ACK'], Y + 1, X + 2)), appSend(20), close],
    segment: seg(['ACK', 'FIN', 'PSH'], Y + 1, X + 2, 10),
    error: { field: 'flags', rule: 'flags.fin-after-data', expected: ['ACK'], got: ['ACK', 'FIN', 'PSH'] },
  },
  {
    name: 'rejects a retransmitted FIN that lost its FIN flag (flags.retransmit-same-flags)',
    events: [...C_FIN_WAIT_1, rto],
    segment: seg(['ACK'], X + 1, Y + 1),
    error: { field: 'flags', rule: 'flags.retransmit-same-flags', expected: ['ACK', 'FIN'], got: ['ACK'] },
  },
  {
    name: 'rejects PSH on a segment that carries no data (flags.psh-without-data)',
    events: C_ACK_OWED,
    segment: seg(['ACK', 'PSH'], X + 1, Y + 1),
    error: { field: 'flags', rule: 'flags.psh-without-data', expected: ['ACK'], got: ['ACK', 'PSH'] },
  },
  {
    name: 'rejects a RST to a stale SYN+ACK whose seq is not that SYN+ACK\'s ack (seq.rst-equals-ack)',
    events: [...C_SYN_SENT, deliver(seg(['SYN', 'ACK'], Y, 777))],
    segment: seg(['RST'], X + 1, 0),
    error: { field: 'seq', rule: 'seq.rst-equals-ack', expected: 777, got: X + 1 },
  },
  {
    name: 'rejects a RST+ACK to a SYN on a closed port that echoes the SYN\'s seq instead of 0 (seq.rst-zero)',
    events: [deliver(seg(['SYN'], X, 0))],
    segment: seg(['RST', 'ACK'], X, X + 1),
    error: { field: 'seq', rule: 'seq.rst-zero', expected: 0, got: X },
  },
  {
    name: 'rejects a retransmitted SYN with a new ISN (seq.retransmit-same-seq)',
    events: [...C_SYN_SENT, rto],
    segment: seg(['SYN'], X + 1, 0),
    error: { field: 'seq', rule: 'seq.retransmit-same-seq', expected: X, got: X + 1 },
  },
  {
    name: 'rejects a SYN+ACK in a simultaneous open with an ISN other than its own SYN\'s (seq.same-isn-simultaneous)',
    events: [...C_SYN_SENT, deliver(seg(['SYN'], Y, 0))],
    segment: seg(['SYN', 'ACK'], 2000, Y + 1),
    error: { field: 'seq', rule: 'seq.same-isn-simultaneous', expected: X, got: 2000 },
  },
  {
    name: 'rejects a third handshake segment that reuses the ISN (seq.syn-takes-one)',
    events: C_ACK_OWED,
    segment: seg(['ACK'], X, Y + 1),
    error: { field: 'seq', rule: 'seq.syn-takes-one', expected: X + 1, got: X },
  },
  {
    name: 'rejects a final ACK whose seq forgets that the FIN took one (seq.fin-takes-one)',
    events: C_TIME_WAIT,
    segment: seg(['ACK'], X + 1, Y + 2),
    error: { field: 'seq', rule: 'seq.fin-takes-one', expected: X + 2, got: X + 1 },
  },
  {
    name: 'rejects an ACK whose seq forgets the 100 bytes already sent (seq.next-unsent-byte)',
    events: [...C_ESTABLISHED, appSend(100), send(seg(['ACK', 'PSH'], X + 1, Y + 1, 100)), deliver(seg(['ACK', 'PSH'], Y + 1, X + 101, 50))],
    segment: seg(['ACK'], X + 1, Y + 51),
    error: { field: 'seq', rule: 'seq.next-unsent-byte', expected: X + 101, got: X + 1 },
  },
  {
    name: 'rejects new data while a timed-out segment waits to be retransmitted (seq.retransmit-first)',
    events: [...C_ESTABLISHED, appSend(150), send(seg(['ACK', 'PSH'], X + 1, Y + 1, 100)), rto],
    segment: seg(['ACK', 'PSH'], X + 101, Y + 1, 50),
    error: { field: 'seq', rule: 'seq.retransmit-first', expected: X + 1, got: X + 101 },
  },
  {
    name: 'rejects a RST+ACK whose ack forgets that the SYN took one (ack.rst-acknowledges-segment)',
    events: [deliver(seg(['SYN'], X, 0))],
    segment: seg(['RST', 'ACK'], 0, X),
    error: { field: 'ack', rule: 'ack.rst-acknowledges-segment', expected: X + 1, got: X },
  },
  {
    name: 'rejects a SYN+ACK that acknowledges the SYN\'s seq rather than seq + 1 (ack.must-acknowledge-syn)',
    events: S_SYN_ACK_OWED,
    segment: seg(['SYN', 'ACK'], Y, X),
    error: { field: 'ack', rule: 'ack.must-acknowledge-syn', expected: X + 1, got: X },
  },
  {
    name: 'rejects an ACK of a FIN that forgets the FIN took one (ack.fin-takes-one)',
    events: S_CLOSE_WAIT,
    segment: seg(['ACK'], Y + 1, X + 1),
    error: { field: 'ack', rule: 'ack.fin-takes-one', expected: X + 2, got: X + 1 },
  },
  {
    name: 'rejects an ACK of 100 bytes that acknowledges the last byte instead of the next one (ack.next-expected-byte)',
    events: [...S_ESTABLISHED, deliver(seg(['ACK', 'PSH'], X + 1, Y + 1, 100))],
    segment: seg(['ACK'], Y + 1, X + 100),
    error: { field: 'ack', rule: 'ack.next-expected-byte', expected: X + 101, got: X + 100 },
  },
  // The client sent 50 bytes at X+1 and 50 at X+51; the second overtook the first.
  {
    name: 'rejects acknowledging data that arrived beyond a gap (ack.no-skipping-gaps)',
    events: [...S_ESTABLISHED, deliver(seg(['ACK', 'PSH'], X + 51, Y + 1, 50))],
    segment: seg(['ACK'], Y + 1, X + 101),
    error: { field: 'ack', rule: 'ack.no-skipping-gaps', expected: X + 1, got: X + 101 },
  },
  {
    name: 'rejects a RST that claims to carry a byte (len.rst-carries-no-data)',
    events: [deliver(seg(['SYN'], X, 0))],
    segment: seg(['RST', 'ACK'], 0, X + 1, 1),
    error: { field: 'len', rule: 'len.rst-carries-no-data', expected: 0, got: 1 },
  },
  {
    name: 'rejects the app\'s queued bytes put on the first SYN (len.syn-carries-no-data)',
    events: [...C_SYN_OWED, appSend(100)],
    segment: seg(['SYN'], X, 0, 100),
    error: { field: 'len', rule: 'len.syn-carries-no-data', expected: 0, got: 100 },
  },
  {
    name: 'rejects a retransmission that resends only part of the lost segment (len.retransmit-same-bytes)',
    events: [...C_ESTABLISHED, appSend(100), send(seg(['ACK', 'PSH'], X + 1, Y + 1, 100)), rto],
    segment: seg(['ACK', 'PSH'], X + 1, Y + 1, 60),
    error: { field: 'len', rule: 'len.retransmit-same-bytes', expected: 100, got: 60 },
  },
  {
    name: 'rejects a data segment longer than what the app queued (len.more-than-queued)',
    events: [...C_ESTABLISHED, appSend(100)],
    segment: seg(['ACK', 'PSH'], X + 1, Y + 1, 101),
    error: { field: 'len', rule: 'len.more-than-queued', expected: { min: 1, max: 100 }, got: 101 },
  },
  {
    name: 'rejects a FIN sent while 20 queued bytes are still unsent (len.fin-after-all-data)',
    events: [...S_CLOSE_WAIT, send(seg(['ACK'], Y + 1, X + 2)), appSend(20), close],
    segment: seg(['ACK', 'FIN'], Y + 1, X + 2, 0),
    error: { field: 'len', rule: 'len.fin-after-all-data', expected: 20, got: 0 },
  },
  {
    name: 'rejects data sent after our own FIN (len.data-after-fin)',
    events: C_FIN_WAIT_2,
    segment: seg(['ACK'], X + 2, Y + 1, 10),
    error: { field: 'len', rule: 'len.data-after-fin', expected: 0, got: 10 },
  },
  {
    name: 'rejects data when everything the app gave was already sent and acknowledged (len.all-data-sent)',
    events: [...C_ESTABLISHED, appSend(50), send(seg(['ACK', 'PSH'], X + 1, Y + 1, 50)), deliver(seg(['ACK'], Y + 1, X + 51))],
    segment: seg(['ACK', 'PSH'], X + 51, Y + 1, 50),
    error: { field: 'len', rule: 'len.all-data-sent', expected: 0, got: 50 },
  },
  {
    name: 'rejects an ACK that copies the received data length into its own len (len.nothing-queued)',
    events: [...C_ESTABLISHED, deliver(seg(['ACK', 'PSH'], Y + 1, X + 1, 50))],
    segment: seg(['ACK'], X + 1, Y + 51, 50),
    error: { field: 'len', rule: 'len.nothing-queued', expected: 0, got: 50 },
  },
  {
    name: 'rejects a FIN where the application aborted and a reset is owed (flags.abort-sends-rst)',
    events: [...C_ESTABLISHED, abort],
    segment: seg(['ACK', 'FIN'], X + 1, Y + 1),
    error: { field: 'flags', rule: 'flags.abort-sends-rst', expected: ['RST'], got: ['ACK', 'FIN'] },
  },
  {
    name: 'rejects an abort\'s reset at the seq of the last byte sent instead of SND.NXT (seq.abort-rst-next-unsent)',
    events: [...C_ESTABLISHED, appSend(10), send(seg(['ACK', 'PSH'], X + 1, Y + 1, 10)), abort],
    segment: seg(['RST'], X + 10, 0),
    error: { field: 'seq', rule: 'seq.abort-rst-next-unsent', expected: X + 11, got: X + 10 },
  },
  {
    name: 'rejects a new SYN on the ports of an earlier connection whose ISN is not above where it ended (seq.isn-above-last-connection)',
    events: C_RECONNECT,
    segment: seg(['SYN'], X + 2, 0),
    error: { field: 'seq', rule: 'seq.isn-above-last-connection', expected: X + 3, got: X + 2 },
  },
];

describe('judge: each segment rule catches the mistake it names', () => {
  for (const c of SEGMENT_CASES) it(c.name, () => expectOnly(judge(walk(...c.events), c.segment), c.error));
});

/**
 * A wrong declared state. Where the endpoint has something to send, the correct segment is sent
 * with the wrong state (judge); where it has nothing to send, the player declares the state alone
 * (a TRACE.md `state` event, judgeState). The rule is the situation's: `state.<row>` of the arc
 * that set the state when the player missed that arc, `state.still-<state>` when the player jumped
 * to a state the endpoint has not reached yet, and the two "a state begins with its segment" rules.
 */
interface StateCase {
  name: string;
  events: EndpointEvent[];
  /** The correct segment to send, or none (a declared state change alone). */
  segment?: Segment;
  declared: TcpState;
  rule: string;
  real: TcpState;
}

function checkStateCase(c: StateCase): void {
  const ep = walk(...c.events);
  const error: FieldError = { field: 'state', rule: c.rule, expected: c.real, got: c.declared };
  if (c.segment) {
    expectOnly(judge(ep, c.segment, c.declared), error);
    // The same segment with the true state is fine: the state was the only mistake.
    expectAccepted(judge(ep, c.segment, c.real));
  } else {
    expect(judgeState(ep, c.declared)).toEqual([error]);
    expect(judgeState(ep, c.real)).toEqual([]);
  }
}

const STATE_FAMILIES: Record<string, StateCase[]> = {
  'missing the arc that set the state': [
    { name: 'after listen the server is in LISTEN, not CLOSED', events: S_LISTEN, declared: 'CLOSED', rule: 'state.closed-listen', real: 'LISTEN' },
    { name: 'the first SYN puts the client in SYN_SENT, not CLOSED', events: C_SYN_OWED, segment: seg(['SYN'], X, 0), declared: 'CLOSED', rule: 'state.closed-connect', real: 'SYN_SENT' },
    { name: 'a listening socket that connects sends its SYN in SYN_SENT, not LISTEN', events: [listen, connect], segment: seg(['SYN'], X, 0), declared: 'LISTEN', rule: 'state.listen-connect', real: 'SYN_SENT' },
    { name: 'the SYN+ACK is sent in SYN_RCVD, not LISTEN', events: S_SYN_ACK_OWED, segment: seg(['SYN', 'ACK'], Y, X + 1), declared: 'LISTEN', rule: 'state.listen-rcv-syn', real: 'SYN_RCVD' },
    { name: 'in a simultaneous open the SYN+ACK is sent in SYN_RCVD, not SYN_SENT', events: [...C_SYN_SENT, deliver(seg(['SYN'], Y, 0))], segment: seg(['SYN', 'ACK'], X, Y + 1), declared: 'SYN_SENT', rule: 'state.syn-sent-rcv-syn', real: 'SYN_RCVD' },
    { name: 'the third handshake segment is sent in ESTABLISHED, not SYN_SENT', events: C_ACK_OWED, segment: seg(['ACK'], X + 1, Y + 1), declared: 'SYN_SENT', rule: 'state.syn-sent-rcv-syn-ack', real: 'ESTABLISHED' },
    { name: 'the server ACKs data in ESTABLISHED once the handshake ACK arrived, not SYN_RCVD', events: [...S_ESTABLISHED, deliver(seg(['ACK', 'PSH'], X + 1, Y + 1, 10))], segment: seg(['ACK'], Y + 1, X + 11), declared: 'SYN_RCVD', rule: 'state.syn-rcvd-rcv-ack', real: 'ESTABLISHED' },
    { name: 'closing a listening socket leaves it CLOSED', events: [listen, close], declared: 'LISTEN', rule: 'state.listen-close', real: 'CLOSED' },
    { name: 'closing during SYN_SENT leaves the client CLOSED', events: [...C_SYN_SENT, close], declared: 'SYN_SENT', rule: 'state.syn-sent-close', real: 'CLOSED' },
    { name: 'the FIN sent after closing in SYN_RCVD starts FIN_WAIT_1', events: [...S_SYN_RCVD, close], segment: seg(['ACK', 'FIN'], Y + 1, X + 1), declared: 'SYN_RCVD', rule: 'state.syn-rcvd-close', real: 'FIN_WAIT_1' },
    { name: 'the first FIN is sent in FIN_WAIT_1, not ESTABLISHED', events: [...C_ESTABLISHED, close], segment: seg(['ACK', 'FIN'], X + 1, Y + 1), declared: 'ESTABLISHED', rule: 'state.established-close', real: 'FIN_WAIT_1' },
    { name: 'the ACK of the peer\'s FIN is sent in CLOSE_WAIT, not ESTABLISHED', events: S_CLOSE_WAIT, segment: seg(['ACK'], Y + 1, X + 2), declared: 'ESTABLISHED', rule: 'state.established-rcv-fin', real: 'CLOSE_WAIT' },
    { name: 'the ACK of our FIN moves FIN_WAIT_1 to FIN_WAIT_2', events: C_FIN_WAIT_2, declared: 'FIN_WAIT_1', rule: 'state.fin-wait-1-rcv-ack-of-fin', real: 'FIN_WAIT_2' },
    { name: 'a crossing FIN is ACKed in CLOSING, not FIN_WAIT_1', events: C_CLOSING, segment: seg(['ACK'], X + 2, Y + 2), declared: 'FIN_WAIT_1', rule: 'state.fin-wait-1-rcv-fin', real: 'CLOSING' },
    { name: 'the final ACK is sent in TIME_WAIT, not FIN_WAIT_2', events: C_TIME_WAIT, segment: seg(['ACK'], X + 2, Y + 2), declared: 'FIN_WAIT_2', rule: 'state.fin-wait-2-rcv-fin', real: 'TIME_WAIT' },
    { name: 'the ACK of our FIN moves CLOSING to TIME_WAIT', events: [...C_CLOSING, send(seg(['ACK'], X + 2, Y + 2)), deliver(seg(['ACK'], Y + 2, X + 2))], declared: 'CLOSING', rule: 'state.closing-rcv-ack-of-fin', real: 'TIME_WAIT' },
    { name: 'the second FIN is sent in LAST_ACK, not CLOSE_WAIT', events: [...S_CLOSE_WAIT, send(seg(['ACK'], Y + 1, X + 2)), close], segment: seg(['ACK', 'FIN'], Y + 1, X + 2), declared: 'CLOSE_WAIT', rule: 'state.close-wait-close', real: 'LAST_ACK' },
    { name: 'the final ACK moves LAST_ACK to CLOSED, with no TIME_WAIT', events: [...S_LAST_ACK, deliver(seg(['ACK'], X + 2, Y + 2))], declared: 'TIME_WAIT', rule: 'state.last-ack-rcv-ack-of-fin', real: 'CLOSED' },
    { name: 'TIME_WAIT ends in CLOSED after 2×MSL', events: [...C_TIME_WAIT, send(seg(['ACK'], X + 2, Y + 2)), twoMsl], declared: 'TIME_WAIT', rule: 'state.time-wait-timeout', real: 'CLOSED' },
    { name: 'a RST in SYN_RCVD reached from LISTEN returns to LISTEN', events: [...S_SYN_RCVD, deliver(seg(['RST'], X + 1, 0))], declared: 'SYN_RCVD', rule: 'state.syn-rcvd-rcv-rst-passive', real: 'LISTEN' },
    { name: 'a RST in SYN_RCVD of a simultaneous open closes', events: [...C_SYN_SENT, deliver(seg(['SYN'], Y, 0)), send(seg(['SYN', 'ACK'], X, Y + 1)), deliver(seg(['RST'], Y + 1, 0))], declared: 'LISTEN', rule: 'state.syn-rcvd-rcv-rst-active', real: 'CLOSED' },
    { name: 'a refused connection (RST+ACK in SYN_SENT) is CLOSED', events: [...C_SYN_SENT, deliver(seg(['RST', 'ACK'], 0, X + 1))], declared: 'LISTEN', rule: 'state.syn-sent-rcv-rst', real: 'CLOSED' },
    { name: 'an abort\'s reset is sent in CLOSED, not ESTABLISHED', events: [...C_ESTABLISHED, abort], segment: seg(['RST'], X + 1, 0), declared: 'ESTABLISHED', rule: 'state.abort-reset', real: 'CLOSED' },
    { name: 'an abort in LISTEN leaves the server CLOSED with nothing to send', events: [listen, abort], declared: 'LISTEN', rule: 'state.abort-quietly', real: 'CLOSED' },
    { name: 'a SYN above RCV.NXT in TIME_WAIT opens a new connection: its SYN+ACK is sent in SYN_RCVD, not TIME_WAIT', events: [...C_TIME_WAIT, send(seg(['ACK'], X + 2, Y + 2)), deliver(seg(['SYN'], Y + 1000, 0))], segment: seg(['SYN', 'ACK'], 77, Y + 1001), declared: 'TIME_WAIT', rule: 'state.time-wait-rcv-new-syn', real: 'SYN_RCVD' },
    { name: 'a RST with the expected seq closes an established connection', events: [...C_ESTABLISHED, deliver(seg(['RST'], Y + 1, 0))], declared: 'ESTABLISHED', rule: 'state.synchronized-rcv-rst', real: 'CLOSED' },
  ],
  'declaring a state the endpoint has not reached yet': [
    { name: 'a closed port answering a SYN with RST+ACK is still CLOSED, not LISTEN', events: [deliver(seg(['SYN'], X, 0))], segment: seg(['RST', 'ACK'], 0, X + 1), declared: 'LISTEN', rule: 'state.initial', real: 'CLOSED' },
    { name: 'a listening server with no SYN yet is still in LISTEN, not SYN_RCVD', events: S_LISTEN, declared: 'SYN_RCVD', rule: 'state.still-listen', real: 'LISTEN' },
    { name: 'a RST that drops a half-open connection leaves LISTEN, not CLOSED', events: [...S_SYN_RCVD, deliver(seg(['RST'], X + 1, 0))], declared: 'CLOSED', rule: 'state.still-listen', real: 'LISTEN' },
    { name: 'the first SYN is sent in SYN_SENT, not ESTABLISHED', events: C_SYN_OWED, segment: seg(['SYN'], X, 0), declared: 'ESTABLISHED', rule: 'state.still-syn-sent', real: 'SYN_SENT' },
    { name: 'a stale SYN+ACK answered with RST leaves the client in SYN_SENT, not ESTABLISHED', events: [...C_SYN_SENT, deliver(seg(['SYN', 'ACK'], Y, X + 77))], segment: seg(['RST'], X + 77, 0), declared: 'ESTABLISHED', rule: 'state.still-syn-sent', real: 'SYN_SENT' },
    { name: 'the SYN+ACK is sent in SYN_RCVD, not ESTABLISHED', events: S_SYN_ACK_OWED, segment: seg(['SYN', 'ACK'], Y, X + 1), declared: 'ESTABLISHED', rule: 'state.still-syn-rcvd', real: 'SYN_RCVD' },
    { name: 'an ESTABLISHED endpoint whose app has not closed is not in FIN_WAIT_1', events: [...C_ESTABLISHED, deliver(seg(['ACK', 'PSH'], Y + 1, X + 1, 10))], segment: seg(['ACK'], X + 1, Y + 11), declared: 'FIN_WAIT_1', rule: 'state.still-established', real: 'ESTABLISHED' },
    { name: 'the first FIN is sent in FIN_WAIT_1, not FIN_WAIT_2', events: [...C_ESTABLISHED, close], segment: seg(['ACK', 'FIN'], X + 1, Y + 1), declared: 'FIN_WAIT_2', rule: 'state.still-fin-wait-1', real: 'FIN_WAIT_1' },
    { name: 'FIN_WAIT_2 waits for the peer\'s FIN before TIME_WAIT', events: C_FIN_WAIT_2, declared: 'TIME_WAIT', rule: 'state.still-fin-wait-2', real: 'FIN_WAIT_2' },
    { name: 'a crossing FIN is ACKed in CLOSING, not TIME_WAIT', events: C_CLOSING, segment: seg(['ACK'], X + 2, Y + 2), declared: 'TIME_WAIT', rule: 'state.still-closing', real: 'CLOSING' },
    { name: 'the final ACK is sent in TIME_WAIT, not CLOSED (2×MSL has not passed)', events: C_TIME_WAIT, segment: seg(['ACK'], X + 2, Y + 2), declared: 'CLOSED', rule: 'state.still-time-wait', real: 'TIME_WAIT' },
    { name: 'the ACK of the peer\'s FIN is sent in CLOSE_WAIT, not LAST_ACK (the app has not closed)', events: S_CLOSE_WAIT, segment: seg(['ACK'], Y + 1, X + 2), declared: 'LAST_ACK', rule: 'state.still-close-wait', real: 'CLOSE_WAIT' },
    { name: 'the FIN of the passive closer is sent in LAST_ACK, not CLOSED', events: [...S_CLOSE_WAIT, send(seg(['ACK'], Y + 1, X + 2)), close], segment: seg(['ACK', 'FIN'], Y + 1, X + 2), declared: 'CLOSED', rule: 'state.still-last-ack', real: 'LAST_ACK' },
  ],
  'a state begins with the segment that makes it': [
    { name: 'after connect, nothing sent yet: still CLOSED, not SYN_SENT', events: C_SYN_OWED, declared: 'SYN_SENT', rule: 'state.connect-waits-for-syn', real: 'CLOSED' },
    { name: 'after close in ESTABLISHED, before the FIN: still ESTABLISHED, not FIN_WAIT_1', events: [...C_ESTABLISHED, close], declared: 'FIN_WAIT_1', rule: 'state.close-waits-for-fin', real: 'ESTABLISHED' },
    { name: 'after close in CLOSE_WAIT, a pure ACK keeps CLOSE_WAIT: declaring LAST_ACK on it is wrong', events: [...S_CLOSE_WAIT, close], segment: seg(['ACK'], Y + 1, X + 2), declared: 'LAST_ACK', rule: 'state.close-waits-for-fin', real: 'CLOSE_WAIT' },
    { name: 'after close with data queued, the data segment keeps ESTABLISHED', events: [...C_ESTABLISHED, appSend(30), close], segment: seg(['ACK', 'PSH'], X + 1, Y + 1, 30), declared: 'FIN_WAIT_1', rule: 'state.close-waits-for-fin', real: 'ESTABLISHED' },
    { name: 'after an abort in ESTABLISHED, before the RST: still ESTABLISHED, not CLOSED', events: [...C_ESTABLISHED, abort], declared: 'CLOSED', rule: 'state.abort-waits-for-rst', real: 'ESTABLISHED' },
    { name: 'after close in SYN_RCVD (SYN acknowledged), before the FIN: still ESTABLISHED', events: [...S_SYN_RCVD, close, deliver(seg(['ACK'], X + 1, Y + 1))], declared: 'FIN_WAIT_1', rule: 'state.close-waits-for-fin', real: 'ESTABLISHED' },
  ],
};

describe('judge: a wrong declared state cites the rule of its situation', () => {
  for (const [family, cases] of Object.entries(STATE_FAMILIES)) {
    describe(family, () => {
      for (const c of cases) it(`says so when ${c.name}`, () => checkStateCase(c));
    });
  }

  it('follows the state the game names through close(), data and the FIN', () => {
    // ESTABLISHED, the app queues 30 bytes and closes: the data goes in ESTABLISHED, the FIN starts FIN_WAIT_1.
    let ep = walk(...C_ESTABLISHED, appSend(30), close);
    expect(ep.state).toBe('FIN_WAIT_1'); // RFC 9293 §3.10.4: the call moves the connection
    expect(namedState(ep)).toBe('ESTABLISHED');
    expectAccepted(judge(ep, seg(['ACK', 'PSH'], X + 1, Y + 1, 30), 'ESTABLISHED'));
    ep = step(ep, send(seg(['ACK', 'PSH'], X + 1, Y + 1, 30))).endpoint;
    expect(namedState(ep)).toBe('ESTABLISHED');
    expectAccepted(judge(ep, seg(['ACK', 'FIN'], X + 31, Y + 1), 'FIN_WAIT_1'));
    ep = step(ep, send(seg(['ACK', 'FIN'], X + 31, Y + 1))).endpoint;
    expect(namedState(ep)).toBe('FIN_WAIT_1');
    expect(judgeState(ep, 'FIN_WAIT_1')).toEqual([]);
  });

  it('names a FIN that carries the last data as the start of FIN_WAIT_1', () => {
    const ep = walk(...C_ESTABLISHED, appSend(30), close);
    expectAccepted(judge(ep, seg(['ACK', 'FIN', 'PSH'], X + 1, Y + 1, 30), 'FIN_WAIT_1'));
  });

  it('keeps the player in CLOSE_WAIT when the peer\'s FIN arrives while its own close() waits for the FIN', () => {
    // RFC: FIN_WAIT_1 + FIN → CLOSING. The player, who has not sent a FIN, received the peer's: CLOSE_WAIT.
    let ep = walk(...C_ESTABLISHED, appSend(30), close, deliver(seg(['ACK', 'FIN'], Y + 1, X + 1)));
    expect(ep.state).toBe('CLOSING');
    expect(namedState(ep)).toBe('CLOSE_WAIT');
    ep = step(ep, send(seg(['ACK', 'FIN', 'PSH'], X + 1, Y + 2, 30))).endpoint;
    expect(namedState(ep)).toBe('CLOSING');
  });
});

describe('judge: a repeated SYN in SYN_RCVD', () => {
  const dup = [...S_SYN_RCVD, deliver(seg(['SYN'], X, 0))];
  it('accepts the SYN+ACK sent again (what Linux does)', () => {
    const ep = walk(...dup);
    expectAccepted(judge(ep, seg(['SYN', 'ACK'], Y, X + 1), 'SYN_RCVD'));
    expect(owedAfter(ep, seg(['SYN', 'ACK'], Y, X + 1))).toEqual(0);
  });
  it('accepts a bare ACK (RFC 9293 §3.10.7.4: an unacceptable segment is acknowledged)', () => {
    const ep = walk(...dup);
    expectAccepted(judge(ep, seg(['ACK'], Y + 1, X + 1), 'SYN_RCVD'));
    expect(owedAfter(ep, seg(['ACK'], Y + 1, X + 1))).toEqual(0);
  });
  it('still owes the SYN+ACK before anything was sent (the first one is no retransmission)', () => {
    const ep = walk(...S_SYN_ACK_OWED, deliver(seg(['SYN'], X, 0)));
    expect(judge(ep, seg(['ACK'], Y + 1, X + 1)).ok).toBe(false);
  });
});

function owedAfter(ep: Endpoint, s: Segment): number {
  return owedSends(step(ep, send(s)).endpoint).length;
}

describe('judge: what a real stack may send is accepted', () => {
  const synchronized: { state: TcpState; events: EndpointEvent[]; ack: Segment }[] = [
    { state: 'ESTABLISHED', events: C_ESTABLISHED, ack: seg(['ACK'], X + 1, Y + 1) },
    { state: 'FIN_WAIT_1', events: C_FIN_WAIT_1, ack: seg(['ACK'], X + 2, Y + 1) },
    { state: 'FIN_WAIT_2', events: C_FIN_WAIT_2, ack: seg(['ACK'], X + 2, Y + 1) },
    { state: 'CLOSING', events: C_CLOSING, ack: seg(['ACK'], X + 2, Y + 2) },
    { state: 'TIME_WAIT', events: C_TIME_WAIT, ack: seg(['ACK'], X + 2, Y + 2) },
    { state: 'CLOSE_WAIT', events: S_CLOSE_WAIT, ack: seg(['ACK'], Y + 1, X + 2) },
    { state: 'LAST_ACK', events: S_LAST_ACK, ack: seg(['ACK'], Y + 2, X + 2) },
  ];
  for (const c of synchronized) {
    it(`accepts a pure ACK with the current seq and ack in ${c.state}`, () => {
      const ep = walk(...c.events);
      expect(ep.state).toBe(c.state);
      expectAccepted(judge(ep, c.ack, c.state));
    });
  }

  it('accepts an ACK piggybacked on the reply data, with or without PSH', () => {
    const ep = walk(...S_ESTABLISHED, deliver(seg(['ACK', 'PSH'], X + 1, Y + 1, 100)), appSend(60));
    expectAccepted(judge(ep, seg(['ACK', 'PSH'], Y + 1, X + 101, 60)));
    expectAccepted(judge(ep, seg(['ACK'], Y + 1, X + 101, 60)));
    // The piggybacked ACK settles the ACK that was owed.
    const after = step(ep, send(seg(['ACK', 'PSH'], Y + 1, X + 101, 60))).endpoint;
    expect(after.owe.ack).toBe(false);
  });

  it('accepts one cumulative ACK for two data segments', () => {
    const ep = walk(
      ...S_ESTABLISHED,
      deliver(seg(['ACK', 'PSH'], X + 1, Y + 1, 50)),
      deliver(seg(['ACK', 'PSH'], X + 51, Y + 1, 50)),
    );
    expectAccepted(judge(ep, seg(['ACK'], Y + 1, X + 101)));
  });

  it('accepts one ACK for everything once a gap is filled', () => {
    const ep = walk(
      ...S_ESTABLISHED,
      deliver(seg(['ACK', 'PSH'], X + 51, Y + 1, 50)),
      deliver(seg(['ACK', 'PSH'], X + 1, Y + 1, 50)),
    );
    expectAccepted(judge(ep, seg(['ACK'], Y + 1, X + 101)));
  });

  it('accepts a FIN+ACK that merges the second and third wave, and the closer goes to TIME_WAIT', () => {
    const server = walk(...S_CLOSE_WAIT, close);
    expectAccepted(judge(server, seg(['ACK', 'FIN'], Y + 1, X + 2), 'LAST_ACK'));
    const client = walk(...C_FIN_WAIT_1, deliver(seg(['ACK', 'FIN'], Y + 1, X + 2)));
    expect(client.state).toBe('TIME_WAIT');
    expectAccepted(judge(client, seg(['ACK'], X + 2, Y + 2), 'TIME_WAIT'));
  });

  it('accepts data on the third segment of the handshake', () => {
    const client = walk(connect, appSend(100), send(seg(['SYN'], X, 0)), deliver(seg(['SYN', 'ACK'], Y, X + 1)));
    expectAccepted(judge(client, seg(['ACK', 'PSH'], X + 1, Y + 1, 100), 'ESTABLISHED'));
    const server = walk(...S_SYN_RCVD, deliver(seg(['ACK', 'PSH'], X + 1, Y + 1, 100)));
    expect(server.state).toBe('ESTABLISHED');
    expectAccepted(judge(server, seg(['ACK'], Y + 1, X + 101), 'ESTABLISHED'));
  });

  it('accepts any ISN on either side, with seq and ack wrapping modulo 2^32', () => {
    const isn = fc.oneof(fc.constantFrom(0, 1, 0xfffffffe, 0xffffffff), fc.integer({ min: 0, max: 0xffffffff }));
    fc.assert(
      fc.property(isn, isn, (x, y) => {
        let client = walk(connect);
        let server = walk(listen);
        const synSeg = seg(['SYN'], x, 0);
        expectAccepted(judge(client, synSeg, 'SYN_SENT'));
        client = step(client, send(synSeg)).endpoint;
        server = step(server, deliver(synSeg)).endpoint;
        const synAck = seg(['SYN', 'ACK'], y, add(x, 1));
        expectAccepted(judge(server, synAck, 'SYN_RCVD'));
        server = step(server, send(synAck)).endpoint;
        client = step(client, deliver(synAck)).endpoint;
        client = step(client, appSend(100)).endpoint;
        const third = seg(['ACK', 'PSH'], add(x, 1), add(y, 1), 100);
        expectAccepted(judge(client, third, 'ESTABLISHED'));
        server = step(server, deliver(third)).endpoint;
        expectAccepted(judge(server, seg(['ACK'], add(y, 1), add(x, 101)), 'ESTABLISHED'));
        // The same ACK one short of the wrapped value is still wrong.
        expect(judge(server, seg(['ACK'], add(y, 1), add(x, 100))).ok).toBe(false);
      }),
    );
  });

  it('accepts every data length from 1 to the queued bytes, with or without PSH, and rejects one more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.nat(), fc.boolean(), (queued, pick, psh) => {
        const ep = walk(...C_ESTABLISHED, appSend(queued));
        const len = 1 + (pick % queued);
        const flags: Flag[] = psh ? ['ACK', 'PSH'] : ['ACK'];
        expectAccepted(judge(ep, seg(flags, X + 1, Y + 1, len)));
        expectOnly(judge(ep, seg(flags, X + 1, Y + 1, queued + 1)), {
          // A single possible length is reported as a number, a range as { min, max }.
          field: 'len', rule: 'len.more-than-queued', expected: queued === 1 ? 1 : { min: 1, max: queued }, got: queued + 1,
        });
      }),
    );
  });

  it('accepts a retransmission that repeats any unacknowledged segment\'s seq', () => {
    const ep = walk(
      ...C_ESTABLISHED, appSend(150),
      send(seg(['ACK', 'PSH'], X + 1, Y + 1, 100)),
      send(seg(['ACK', 'PSH'], X + 101, Y + 1, 50)),
      rto,
    );
    expectAccepted(judge(ep, seg(['ACK', 'PSH'], X + 1, Y + 1, 100)));
    expectAccepted(judge(ep, seg(['ACK'], X + 1, Y + 1, 100)));
    expectAccepted(judge(ep, seg(['ACK', 'PSH'], X + 101, Y + 1, 50)));
  });

  it('accepts a retransmitted SYN, SYN+ACK and FIN with their original seq', () => {
    expectAccepted(judge(walk(...C_SYN_SENT, rto), seg(['SYN'], X, 0)));
    expectAccepted(judge(walk(...S_SYN_RCVD, rto), seg(['SYN', 'ACK'], Y, X + 1)));
    expectAccepted(judge(walk(...C_FIN_WAIT_1, rto), seg(['ACK', 'FIN'], X + 1, Y + 1)));
  });

  it('rejects a retransmission of data that is already acknowledged', () => {
    const ep = walk(
      ...C_ESTABLISHED, appSend(200),
      send(seg(['ACK', 'PSH'], X + 1, Y + 1, 100)),
      send(seg(['ACK', 'PSH'], X + 101, Y + 1, 100)),
      deliver(seg(['ACK'], Y + 1, X + 101)),
    );
    expectOnly(judge(ep, seg(['ACK', 'PSH'], X + 1, Y + 1, 100)), {
      field: 'seq', rule: 'seq.retransmit-same-seq', expected: X + 101, got: X + 1,
    });
  });
});

const CITED_CASES: { name: string; events: EndpointEvent[]; segment: Segment; lenRule: string }[] = [
  { name: 'after our own FIN', events: C_FIN_WAIT_2, segment: seg(['ACK', 'PSH'], X + 2, Y + 1, 10), lenRule: 'len.data-after-fin' },
  { name: 'when the app queued nothing', events: C_ESTABLISHED, segment: seg(['ACK', 'PSH'], X + 1, Y + 1, 10), lenRule: 'len.nothing-queued' },
];

describe('judge: the cited rule matches the segment', () => {
  // Data with PSH where no data may be sent: PSH itself is normal on data, the length is the
  // mistake. A segment without RST must not be explained as "RST not expected".
  for (const c of CITED_CASES) {
    it(`blames the length, not a RST, for data with PSH sent ${c.name}`, () => {
      const v = judge(walk(...c.events), c.segment);
      expect(v.ok).toBe(false);
      const rules = v.errors.map((e) => e.rule);
      expect(rules).toContain(c.lenRule);
      expect(rules).not.toContain('flags.rst-not-expected');
    });
  }
});

/** The rules the cases of this file raise, judged again here (each coverage test stands alone). */
function rulesOfCases(): Set<string> {
  const out = new Set<string>();
  const add = (errors: FieldError[]) => errors.forEach((e) => out.add(e.rule));
  for (const c of SEGMENT_CASES) add(judge(walk(...c.events), c.segment).errors);
  for (const c of Object.values(STATE_FAMILIES).flat()) {
    const ep = walk(...c.events);
    add(c.segment ? judge(ep, c.segment, c.declared).errors : judgeState(ep, c.declared));
  }
  for (const c of CITED_CASES) add(judge(walk(...c.events), c.segment).errors);
  // A half-open connection from another address, answered with a SYN+ACK but declared in LISTEN.
  const queued = walk({ type: 'app', call: 'listen', backlog: 2 }, { type: 'deliver', segment: seg(['SYN'], 500, 0), peer: '198.51.100.4' });
  add(judgePeer(queued, '198.51.100.4', seg(['SYN', 'ACK'], 9000, 501), 'LISTEN').errors);
  return out;
}

/**
 * The rules raised by wrong answers at every moment of random conversations: the bot's segment
 * (or a pure ACK) with one field off or a flag too many or too few, and declared states in turn.
 */
function rulesOfRandomAnswers(): Set<string> {
  const out = new Set<string>();
  let turn = 0;
  const visit = (ep: Endpoint) => {
    const right = botSegment(ep, X) ?? seg(['ACK'], ep.sndNxt, ep.rcvNxt);
    const wrong: Segment[] = [
      { ...right, seq: add(right.seq, 1) },
      { ...right, ack: add(right.ack, -1) },
      { ...right, len: right.len + 1 },
      { ...right, flags: right.flags.filter((f) => f !== 'ACK') },
      { ...right, flags: [...right.flags, FLAGS[turn % FLAGS.length] as Flag] },
    ];
    for (const w of wrong) for (const e of judge(ep, w, TCP_STATES[turn++ % TCP_STATES.length]).errors) out.add(e.rule);
    for (const e of judgeState(ep, TCP_STATES[turn++ % TCP_STATES.length] as TcpState)) out.add(e.rule);
  };
  playRandomly({ seed: 31, conversations: 150, length: 60, visit });
  return out;
}

describe('judge: rule coverage', () => {
  it('raises every segment rule id in one of the cases above', () => {
    const produced = rulesOfCases();
    expect(SEGMENT_RULES.filter((r) => !produced.has(r))).toEqual([]);
  });

  it('raises every state rule id in one of the cases above', () => {
    const produced = rulesOfCases();
    expect(STATE_RULES.filter((r) => !produced.has(r))).toEqual([]);
  });

  it('raises no rule id outside the published rule lists, in the cases above or for wrong answers in random conversations', () => {
    const known = new Set<string>([...SEGMENT_RULES, ...STATE_RULES]);
    const produced = new Set([...rulesOfCases(), ...rulesOfRandomAnswers()]);
    expect(produced.size).toBeGreaterThan(known.size / 2);
    expect([...produced].filter((r) => !known.has(r))).toEqual([]);
  });
});

describe('judge: the ISN of a new connection on the ports of an earlier one (reuse)', () => {
  it('accepts any ISN above the SND.NXT the earlier connection ended with, and refuses every one at or below it', () => {
    const ep = walk(...C_RECONNECT);
    expect(ep.lastSndNxt).toBe(X + 2);
    expectAccepted(judge(ep, seg(['SYN'], X + 3, 0), 'SYN_SENT'));
    expectAccepted(judge(ep, seg(['SYN'], add(X + 2, 0x7fff_ffff), 0)));
    for (const below of [X + 2, X, X - 1000, add(X + 2, 0x8000_0000)]) {
      expect(judge(ep, seg(['SYN'], below, 0)).errors.map((e) => e.rule)).toEqual(['seq.isn-above-last-connection']);
    }
  });

  it('keeps "any ISN" for a connect that does not say reuse, as every trace before it', () => {
    const plain = walk(...C_RECONNECT.slice(0, -1), connect);
    expect(plain.lastSndNxt).toBeNull();
    expectAccepted(judge(plain, seg(['SYN'], X, 0), 'SYN_SENT'));
  });

  it('asks nothing of the ISN on ports that never had a connection, and nothing of a retransmitted SYN but its own ISN', () => {
    expectAccepted(judge(walk({ type: 'app', call: 'connect', reuse: true }), seg(['SYN'], 5, 0)));
    const sent = walk(...C_RECONNECT, send(seg(['SYN'], X + 500, 0)), rto);
    expectOnly(judge(sent, seg(['SYN'], X + 501, 0)), { field: 'seq', rule: 'seq.retransmit-same-seq', expected: X + 500, got: X + 501 });
  });

  it('has the bot pick an ISN above the earlier connection even when its draw is at or below it', () => {
    const ep = walk(...C_RECONNECT);
    expect(owedSends(ep)[0]).toMatchObject({ kind: 'syn', seqAbove: X + 2 });
    for (const draw of [0, X, X + 2, X + 3, 4294967295]) {
      const s = botSegment(ep, draw) as Segment;
      expectAccepted(judge(ep, s, 'SYN_SENT'));
    }
  });
});
