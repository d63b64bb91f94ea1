import { describe, it, expect } from 'vitest';
import { createEndpoint, namedState, type Endpoint } from '../../../shared/tcp/endpoint';
import { judge, judgeState } from '../../../shared/tcp/judge';
import { owedSends } from '../../../shared/tcp/allowed-sends';
import { seqAdd } from '../../../shared/tcp/seq';
import { step, type EndpointEvent, type StepResult, type TimerEffect } from '../../../shared/tcp/step';
import { TRANSITIONS, type TransitionRow } from '../../../shared/tcp/table';
import { canonicalFlags, type Flag, type Segment, type TcpState } from '../../../shared/tcp/types';

// ── Stepping ─────────────────────────────────────────────────────────────────────────────────

function run(ep: Endpoint, event: EndpointEvent): StepResult {
  return step(ep, event);
}

function drive(ep: Endpoint, ...events: EndpointEvent[]): Endpoint {
  return events.reduce((cur, e) => run(cur, e).endpoint, ep);
}

// ── Events and segments ──────────────────────────────────────────────────────────────────────

const WRAP = 4294967295;

const listen: EndpointEvent = { type: 'app', call: 'listen' };
const connect: EndpointEvent = { type: 'app', call: 'connect' };
const close: EndpointEvent = { type: 'app', call: 'close' };
const abort: EndpointEvent = { type: 'app', call: 'abort' };
const appSend = (bytes: number): EndpointEvent => ({ type: 'app', call: 'send', bytes });
const rto: EndpointEvent = { type: 'timeout', timer: 'retransmit' };
const twoMsl: EndpointEvent = { type: 'timeout', timer: 'time_wait' };
const deliver = (segment: Segment): EndpointEvent => ({ type: 'deliver', segment });
const send = (segment: Segment): EndpointEvent => ({ type: 'send', segment });
const seg = (flags: Flag[], seq: number, ack = 0, len = 0): Segment => ({ flags, seq, ack, len });
/** a + n mod 2^32, short. */
const p = (a: number, n: number): number => seqAdd(a, n);

/** What the endpoint owes, as plain segments with flags in canonical order. */
function owed(ep: Endpoint): { flags: Flag[]; seq: number | null; ack: number; len: number }[] {
  return owedSends(ep).map((o) => ({ ...o.segment, flags: canonicalFlags(o.segment.flags) }));
}
function owes(flags: Flag[], seq: number | null, ack: number, len = 0) {
  return { flags: canonicalFlags(flags), seq, ack, len };
}

function row(id: string): TransitionRow {
  const r = TRANSITIONS.find((t) => t.id === id);
  if (!r) throw new Error(`no row ${id} in TRANSITIONS`);
  return r;
}

/** Apply `event` and check that row `id` fired and moved `before` to the row's target. */
function fireRow(before: Endpoint, event: EndpointEvent, id: string): StepResult {
  const r = row(id);
  expect(r.from).toContain(before.state);
  const result = run(before, event);
  expect(result.rows).toContain(id);
  expect(result.endpoint.state).toBe(r.to === 'same' ? before.state : r.to);
  return result;
}

const stop = (timer: TimerEffect['timer']): TimerEffect => ({ timer, action: 'stop' });
const start = (timer: TimerEffect['timer']): TimerEffect => ({ timer, action: 'start' });

// ── Endpoints driven to each state with real events ──────────────────────────────────────────
// `iss` is this endpoint's ISN, `irs` the peer's. Each builder checks where it lands and that
// nothing is owed there, so that what a test finds owed afterwards came from the event under test.

function settled(ep: Endpoint, state: TcpState): Endpoint {
  expect(ep.state).toBe(state);
  expect(owed(ep)).toEqual([]);
  return ep;
}

const closed = () => settled(createEndpoint(), 'CLOSED');
const listening = () => settled(drive(createEndpoint(), listen), 'LISTEN');
const synSent = (iss: number) => settled(drive(createEndpoint(), connect, send(seg(['SYN'], iss))), 'SYN_SENT');
/** SYN_RCVD reached from LISTEN (passive open). */
const synRcvdPassive = (iss: number, irs: number) =>
  settled(drive(listening(), deliver(seg(['SYN'], irs)), send(seg(['SYN', 'ACK'], iss, p(irs, 1)))), 'SYN_RCVD');
/** SYN_RCVD reached from SYN_SENT (simultaneous open). */
const synRcvdActive = (iss: number, irs: number) =>
  settled(drive(synSent(iss), deliver(seg(['SYN'], irs)), send(seg(['SYN', 'ACK'], iss, p(irs, 1)))), 'SYN_RCVD');
const established = (iss: number, irs: number) =>
  settled(
    drive(synSent(iss), deliver(seg(['SYN', 'ACK'], irs, p(iss, 1))), send(seg(['ACK'], p(iss, 1), p(irs, 1)))),
    'ESTABLISHED',
  );
/** Our FIN (seq iss+1) sent, not yet acknowledged. */
const finWait1 = (iss: number, irs: number) =>
  settled(drive(established(iss, irs), close, send(seg(['FIN', 'ACK'], p(iss, 1), p(irs, 1)))), 'FIN_WAIT_1');
const finWait2 = (iss: number, irs: number) =>
  settled(drive(finWait1(iss, irs), deliver(seg(['ACK'], p(irs, 1), p(iss, 2)))), 'FIN_WAIT_2');
/** Simultaneous close: the peer's FIN (seq irs+1) arrived before the ACK of ours, and we acknowledged it. */
const closing = (iss: number, irs: number) =>
  settled(
    drive(finWait1(iss, irs), deliver(seg(['FIN', 'ACK'], p(irs, 1), p(iss, 1))), send(seg(['ACK'], p(iss, 2), p(irs, 2)))),
    'CLOSING',
  );
const timeWait = (iss: number, irs: number) =>
  settled(
    drive(finWait2(iss, irs), deliver(seg(['FIN', 'ACK'], p(irs, 1), p(iss, 2))), send(seg(['ACK'], p(iss, 2), p(irs, 2)))),
    'TIME_WAIT',
  );
/** The peer's FIN (seq irs+1) arrived and was acknowledged. */
const closeWait = (iss: number, irs: number) =>
  settled(
    drive(established(iss, irs), deliver(seg(['FIN', 'ACK'], p(irs, 1), p(iss, 1))), send(seg(['ACK'], p(iss, 1), p(irs, 2)))),
    'CLOSE_WAIT',
  );
/** Our FIN (seq iss+1) sent after the peer's FIN. */
const lastAck = (iss: number, irs: number) =>
  settled(drive(closeWait(iss, irs), close, send(seg(['FIN', 'ACK'], p(iss, 1), p(irs, 2)))), 'LAST_ACK');

// ── One test (at least) per row ──────────────────────────────────────────────────────────────

describe('Figure 5, opening', () => {
  it('closed-listen: a listen call moves CLOSED to LISTEN and owes nothing', () => {
    const r = fireRow(closed(), listen, 'closed-listen');
    expect(owed(r.endpoint)).toEqual([]);
    expect(r.timers).toEqual([]);
  });

  it('closed-connect: a connect call moves CLOSED to SYN_SENT and owes a SYN whose ISN the player picks', () => {
    const r = fireRow(closed(), connect, 'closed-connect');
    expect(owed(r.endpoint)).toEqual([owes(['SYN'], null, 0)]);
  });

  it('listen-connect: a connect call on a listening endpoint moves it to SYN_SENT and owes a SYN', () => {
    const r = fireRow(listening(), connect, 'listen-connect');
    expect(owed(r.endpoint)).toEqual([owes(['SYN'], null, 0)]);
  });

  it('listen-close: a close call in LISTEN moves back to CLOSED and owes nothing', () => {
    const r = fireRow(listening(), close, 'listen-close');
    expect(owed(r.endpoint)).toEqual([]);
  });

  it('listen-rcv-syn: acknowledges a SYN with its seq + 1, here across the wrap (seq 4294967295 → ack 0)', () => {
    const r = fireRow(listening(), deliver(seg(['SYN'], WRAP)), 'listen-rcv-syn');
    expect(owed(r.endpoint)).toEqual([owes(['SYN', 'ACK'], null, 0)]);
    expect(r.endpoint.passive).toBe(true);
  });

  it('syn-sent-rcv-syn: answers a crossing SYN with SYN+ACK carrying its own ISN again (simultaneous open)', () => {
    const r = fireRow(synSent(WRAP), deliver(seg(['SYN'], 500)), 'syn-sent-rcv-syn');
    expect(owed(r.endpoint)).toEqual([owes(['SYN', 'ACK'], WRAP, 501)]);
  });

  it('syn-sent-rcv-syn-ack: acknowledges the SYN+ACK with ACK seq=x+1 ack=y+1 and stops the retransmission timer', () => {
    const r = fireRow(synSent(WRAP), deliver(seg(['SYN', 'ACK'], 7000, 0)), 'syn-sent-rcv-syn-ack');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 0, 7001)]);
    expect(r.timers).toEqual([stop('retransmit')]);
  });

  it('syn-sent-close: a close call in SYN_SENT abandons the attempt, owes nothing and stops the timer', () => {
    const r = fireRow(synSent(1000), close, 'syn-sent-close');
    expect(owed(r.endpoint)).toEqual([]);
    expect(r.timers).toEqual([stop('retransmit')]);
  });

  it('syn-rcvd-rcv-ack: the ACK of its SYN establishes the server, which then owes nothing', () => {
    const r = fireRow(synRcvdPassive(WRAP, 3000), deliver(seg(['ACK'], 3001, 0)), 'syn-rcvd-rcv-ack');
    expect(owed(r.endpoint)).toEqual([]);
    expect(r.timers).toEqual([stop('retransmit')]);
  });

  it('syn-rcvd-rcv-ack: a third handshake segment that carries data establishes and owes the ACK of that data', () => {
    const r = fireRow(synRcvdPassive(WRAP, 3000), deliver(seg(['ACK', 'PSH'], 3001, 0, 40)), 'syn-rcvd-rcv-ack');
    expect(r.rows).toEqual(['syn-rcvd-rcv-ack', 'rcv-data']);
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 0, 3041)]);
  });

  it('syn-rcvd-close: a close call in SYN_RCVD moves to FIN_WAIT_1 and owes FIN+ACK seq=y+1 ack=x+1', () => {
    const r = fireRow(synRcvdPassive(WRAP, 3000), close, 'syn-rcvd-close');
    expect(owed(r.endpoint)).toEqual([owes(['FIN', 'ACK'], 0, 3001)]);
  });

  it('syn-rcvd-close: a close before the SYN+ACK went out still owes the SYN+ACK first, never a FIN without an ISN', () => {
    // RFC 9293 §3.10.4: the FIN follows our SYN in sequence space (seq = ISN + 1), so the SYN+ACK
    // owed on arrival of the SYN must go out before it; a FIN with seq 0 and no ISN is no segment TCP sends.
    const before = drive(listening(), deliver(seg(['SYN'], 3000)));
    expect(before.state).toBe('SYN_RCVD');
    expect(owed(before)).toEqual([owes(['SYN', 'ACK'], null, 3001)]);
    const r = fireRow(before, close, 'syn-rcvd-close');
    expect(owed(r.endpoint)[0]).toEqual(owes(['SYN', 'ACK'], null, 3001));
    expect(judge(r.endpoint, seg(['SYN', 'ACK'], 9000, 3001)).ok).toBe(true);
  });

  it('syn-rcvd-rcv-rst-passive: a RST in SYN_RCVD reached from LISTEN returns to LISTEN and forgets the half-open connection', () => {
    const r = fireRow(synRcvdPassive(9000, WRAP), deliver(seg(['RST'], 0)), 'syn-rcvd-rcv-rst-passive');
    expect(owed(r.endpoint)).toEqual([]);
    expect(r.timers).toEqual([stop('retransmit')]);
    // A new SYN is answered afresh.
    const again = run(r.endpoint, deliver(seg(['SYN'], 42)));
    expect(again.rows).toEqual(['listen-rcv-syn']);
    expect(owed(again.endpoint)).toEqual([owes(['SYN', 'ACK'], null, 43)]);
  });
});

describe('Figure 5, closing', () => {
  it('established-close: a close call moves ESTABLISHED to FIN_WAIT_1 and owes FIN+ACK seq=u ack=v', () => {
    const r = fireRow(established(WRAP, 100), close, 'established-close');
    expect(owed(r.endpoint)).toEqual([owes(['FIN', 'ACK'], 0, 101)]);
  });

  it('established-rcv-fin: a FIN moves ESTABLISHED to CLOSE_WAIT and owes ACK seq=v ack=u+1', () => {
    const r = fireRow(established(100, WRAP), deliver(seg(['FIN', 'ACK'], 0, 101)), 'established-rcv-fin');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 101, 1)]);
  });

  it('established-rcv-fin: a FIN+ACK in SYN_RCVD acknowledges the SYN first, then closes to CLOSE_WAIT', () => {
    const before = synRcvdPassive(WRAP, 3000);
    const r = run(before, deliver(seg(['FIN', 'ACK'], 3001, 0)));
    expect(r.rows).toEqual(['syn-rcvd-rcv-ack', 'established-rcv-fin']);
    expect(r.endpoint.state).toBe('CLOSE_WAIT');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 0, 3002)]);
  });

  it('fin-wait-1-rcv-ack-of-fin: the ACK of its FIN moves FIN_WAIT_1 to FIN_WAIT_2, owing nothing', () => {
    const r = fireRow(finWait1(WRAP - 1, 100), deliver(seg(['ACK'], 101, 0)), 'fin-wait-1-rcv-ack-of-fin');
    expect(owed(r.endpoint)).toEqual([]);
    expect(r.timers).toEqual([stop('retransmit')]);
  });

  it('fin-wait-1-rcv-fin: a FIN that does not acknowledge its own FIN moves FIN_WAIT_1 to CLOSING and owes ACK', () => {
    // Our FIN took WRAP (seq iss+1), so the ACK we owe has seq 0.
    const r = fireRow(finWait1(WRAP - 1, 100), deliver(seg(['FIN', 'ACK'], 101, WRAP)), 'fin-wait-1-rcv-fin');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 0, 102)]);
    expect(r.timers).toEqual([]);
  });

  it('fin-wait-2-rcv-fin: the peer FIN moves FIN_WAIT_2 to TIME_WAIT, owes ACK seq=u+1 ack=w+1 and starts 2MSL', () => {
    const r = fireRow(finWait2(100, WRAP - 1), deliver(seg(['FIN', 'ACK'], WRAP, 102)), 'fin-wait-2-rcv-fin');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 102, 0)]);
    expect(r.timers).toEqual([start('time_wait')]);
  });

  it('closing-rcv-ack-of-fin: the ACK of its FIN moves CLOSING to TIME_WAIT and starts 2MSL', () => {
    const r = fireRow(closing(WRAP, 100), deliver(seg(['ACK'], 102, 1)), 'closing-rcv-ack-of-fin');
    expect(owed(r.endpoint)).toEqual([]);
    expect(r.timers).toEqual([stop('retransmit'), start('time_wait')]);
  });

  it('time-wait-timeout: 2MSL expiring moves TIME_WAIT to CLOSED', () => {
    const r = fireRow(timeWait(WRAP, 100), twoMsl, 'time-wait-timeout');
    expect(owed(r.endpoint)).toEqual([]);
  });

  it('close-wait-close: a close call in CLOSE_WAIT moves to LAST_ACK and owes FIN+ACK seq=w ack=u+1', () => {
    const r = fireRow(closeWait(WRAP, 100), close, 'close-wait-close');
    expect(owed(r.endpoint)).toEqual([owes(['FIN', 'ACK'], 0, 102)]);
  });

  it('last-ack-rcv-ack-of-fin: the final ACK moves LAST_ACK to CLOSED and stops the timer', () => {
    const r = fireRow(lastAck(WRAP, 100), deliver(seg(['ACK'], 102, 1)), 'last-ack-rcv-ack-of-fin');
    expect(owed(r.endpoint)).toEqual([]);
    expect(r.timers).toEqual([stop('retransmit')]);
  });
});

describe('a SYN in TIME_WAIT: a new incarnation or an old duplicate (RFC 1122 §4.2.2.13, RFC 6191, RFC 9293 §3.10.7.4)', () => {
  // timeWait(100, 5000): our ISN 100, the peer's 5000; its FIN took 5001, so RCV.NXT is 5002.
  it('time-wait-rcv-new-syn: a SYN above RCV.NXT forgets the old connection, stops 2MSL and owes a SYN+ACK with a fresh ISN', () => {
    const r = fireRow(timeWait(100, 5000), deliver(seg(['SYN'], 6000)), 'time-wait-rcv-new-syn');
    expect(r.rows).toEqual(['time-wait-rcv-new-syn']);
    expect(r.timers).toEqual([stop('time_wait')]);
    expect(owed(r.endpoint)).toEqual([owes(['SYN', 'ACK'], null, 6001)]);
    expect(r.endpoint).toMatchObject({ iss: null, irs: 6000, rcvNxt: 6001, passive: true, finSeq: null, peerFin: false, unacked: [] });
    // The new connection is an ordinary one: SYN+ACK with any ISN, then the ACK establishes it.
    expect(judge(r.endpoint, seg(['SYN', 'ACK'], 42, 6001), 'SYN_RCVD').ok).toBe(true);
    const est = run(run(r.endpoint, send(seg(['SYN', 'ACK'], 42, 6001))).endpoint, deliver(seg(['ACK'], 6001, 43)));
    expect(est.rows).toEqual(['syn-rcvd-rcv-ack']);
    expect(est.endpoint.state).toBe('ESTABLISHED');
  });

  it('time-wait-rcv-new-syn: above RCV.NXT in serial order, across the wrap of 2^32', () => {
    // Peer ISN WRAP - 2: its FIN took WRAP - 1, so RCV.NXT is 0 and a SYN at 7 is above it.
    const r = fireRow(timeWait(100, WRAP - 2), deliver(seg(['SYN'], 7)), 'time-wait-rcv-new-syn');
    expect(owed(r.endpoint)).toEqual([owes(['SYN', 'ACK'], null, 8)]);
  });

  it('time-wait-rcv-old-syn: a SYN at or below RCV.NXT is an old duplicate: one ACK of SND.NXT / RCV.NXT, and nothing changes', () => {
    for (const old of [5000, 5001, 5002, 100, p(5002, 0x8000_0000)]) {
      const before = timeWait(100, 5000);
      const r = fireRow(before, deliver(seg(['SYN'], old)), 'time-wait-rcv-old-syn');
      expect(r.rows).toEqual(['time-wait-rcv-old-syn']);
      expect(r.timers).toEqual([]);
      expect(owed(r.endpoint)).toEqual([owes(['ACK'], 102, 5002)]);
      expect(r.endpoint).toMatchObject({ state: 'TIME_WAIT', iss: 100, irs: 5000, rcvNxt: 5002, sndNxt: 102, timers: { time_wait: true } });
    }
  });

  it('a SYN+ACK or a SYN with RST in TIME_WAIT is no new connection: the arrival checks of a synchronized state apply', () => {
    expect(run(timeWait(100, 5000), deliver(seg(['SYN', 'ACK'], 6000, 102))).endpoint.state).toBe('TIME_WAIT');
    expect(run(timeWait(100, 5000), deliver(seg(['SYN', 'RST'], 6000))).endpoint.state).toBe('TIME_WAIT');
  });

  it('plays the whole story: the server closes first, an old SYN gets an ACK, the client reconnects above the old numbers', () => {
    // Client ISN 300, server ISN 900.
    let client = drive(synSent(300), deliver(seg(['SYN', 'ACK'], 900, 301)), send(seg(['ACK'], 301, 901)));
    let server = drive(synRcvdPassive(900, 300), deliver(seg(['ACK'], 301, 901)), close, send(seg(['FIN', 'ACK'], 901, 301)));
    client = drive(client, deliver(seg(['FIN', 'ACK'], 901, 301)), send(seg(['ACK'], 301, 902)), close, send(seg(['FIN', 'ACK'], 301, 902)));
    server = drive(server, deliver(seg(['ACK'], 301, 902)), deliver(seg(['FIN', 'ACK'], 301, 902)));
    expect(server.state).toBe('TIME_WAIT');
    // The old duplicate of the client's first SYN: only the ACK the FIN was owed anyway.
    const dup = run(server, deliver(seg(['SYN'], 300)));
    expect(dup.rows).toEqual(['time-wait-rcv-old-syn']);
    expect(owed(dup.endpoint)).toEqual([owes(['ACK'], 902, 302)]);
    server = run(dup.endpoint, send(seg(['ACK'], 902, 302))).endpoint;
    client = run(client, deliver(seg(['ACK'], 902, 302))).endpoint;
    expect(client.state).toBe('CLOSED');
    client = run(client, { type: 'app', call: 'connect', reuse: true }).endpoint;
    expect(judge(client, seg(['SYN'], 302, 0)).errors.map((e) => e.rule)).toEqual(['seq.isn-above-last-connection']);
    expect(judge(client, seg(['SYN'], 303, 0), 'SYN_SENT').ok).toBe(true);
    client = run(client, send(seg(['SYN'], 303, 0))).endpoint;
    const fresh = run(server, deliver(seg(['SYN'], 303)));
    expect(fresh.rows).toEqual(['time-wait-rcv-new-syn']);
    server = run(fresh.endpoint, send(seg(['SYN', 'ACK'], 950, 304))).endpoint;
    client = run(client, deliver(seg(['SYN', 'ACK'], 950, 304))).endpoint;
    expect(client.state).toBe('ESTABLISHED');
    expect(owed(client)).toEqual([owes(['ACK'], 304, 951)]);
    client = run(client, send(seg(['ACK'], 304, 951))).endpoint;
    expect(run(server, deliver(seg(['ACK'], 304, 951))).endpoint.state).toBe('ESTABLISHED');
  });
});

describe('resets received', () => {
  it('syn-rcvd-rcv-rst-active: a RST in SYN_RCVD reached by simultaneous open closes the connection', () => {
    const r = fireRow(synRcvdActive(WRAP, 500), deliver(seg(['RST'], 501)), 'syn-rcvd-rcv-rst-active');
    expect(owed(r.endpoint)).toEqual([]);
    expect(r.timers).toEqual([stop('retransmit')]);
  });

  it('syn-sent-rcv-rst: a RST+ACK acknowledging its SYN (connection refused) closes SYN_SENT', () => {
    const r = fireRow(synSent(WRAP), deliver(seg(['RST', 'ACK'], 0, 0)), 'syn-sent-rcv-rst');
    expect(owed(r.endpoint)).toEqual([]);
    expect(r.timers).toEqual([stop('retransmit')]);
  });

  it('syn-sent-rcv-rst: ignores a RST without ACK in SYN_SENT', () => {
    const before = synSent(WRAP);
    const r = run(before, deliver(seg(['RST'], 0)));
    expect(r.rows).toEqual([]);
    expect(r.endpoint.state).toBe('SYN_SENT');
  });

  // The expected timer stops: a FIN in flight keeps the retransmission timer running; TIME_WAIT runs 2MSL.
  const synchronized: [TcpState, (iss: number, irs: number) => Endpoint, number, TimerEffect[]][] = [
    ['ESTABLISHED', established, 1, []],
    ['FIN_WAIT_1', finWait1, 1, [stop('retransmit')]],
    ['FIN_WAIT_2', finWait2, 1, []],
    ['CLOSE_WAIT', closeWait, 2, []],
    ['CLOSING', closing, 2, [stop('retransmit')]],
    ['LAST_ACK', lastAck, 2, [stop('retransmit')]],
    ['TIME_WAIT', timeWait, 2, [stop('time_wait')]],
  ];
  it.each(synchronized)('synchronized-rcv-rst: a RST at RCV.NXT moves %s to CLOSED', (state, build, peerUsed, timers) => {
    const before = build(100, WRAP);
    expect(before.state).toBe(state);
    const r = fireRow(before, deliver(seg(['RST'], p(WRAP, peerUsed))), 'synchronized-rcv-rst');
    expect(r.endpoint.state).toBe('CLOSED');
    expect(owed(r.endpoint)).toEqual([]);
    expect(r.timers).toEqual(timers);
  });
});

describe('the application aborts (RFC 9293 §3.10.5)', () => {
  it('abort-reset: an abort in ESTABLISHED owes RST seq=SND.NXT, flushes what was queued or unacknowledged and is CLOSED', () => {
    const before = drive(established(WRAP, 100), appSend(30), send(seg(['ACK', 'PSH'], 0, 101, 10)));
    expect(before.unacked).toHaveLength(1);
    const r = fireRow(before, abort, 'abort-reset');
    expect(owed(r.endpoint)).toEqual([owes(['RST'], 10, 0)]);
    expect(r.endpoint.queued).toBe(0);
    expect(r.endpoint.unacked).toEqual([]);
    expect(r.timers).toEqual([stop('retransmit')]);
  });

  it('abort-reset: until its RST is out the player is still named ESTABLISHED; the RST makes CLOSED, and then nothing is owed', () => {
    const r = fireRow(established(500, 100), abort, 'abort-reset');
    expect(namedState(r.endpoint)).toBe('ESTABLISHED');
    const after = run(r.endpoint, send(seg(['RST'], 501))).endpoint;
    expect(namedState(after)).toBe('CLOSED');
    expect(owed(after)).toEqual([]);
  });

  it('abort-reset: the reset may carry ACK with RCV.NXT, as Linux sends it, and nothing else', () => {
    const ep = fireRow(established(500, 100), abort, 'abort-reset').endpoint;
    expect(judge(ep, seg(['RST'], 501), 'CLOSED').ok).toBe(true);
    expect(judge(ep, seg(['RST', 'ACK'], 501, 101), 'CLOSED').ok).toBe(true);
    expect(judge(ep, seg(['RST', 'ACK'], 501, 102)).errors.map((e) => e.field)).toEqual(['ack']);
    expect(judge(ep, seg(['RST'], 500)).errors.map((e) => e.rule)).toEqual(['seq.abort-rst-next-unsent']);
    expect(judge(ep, seg(['FIN', 'ACK'], 501, 101)).errors.map((e) => e.rule)).toEqual(['flags.abort-sends-rst']);
    expect(judge(ep, seg(['RST'], 501), 'ESTABLISHED').errors.map((e) => e.rule)).toEqual(['state.abort-reset']);
    expect(judgeState(ep, 'CLOSED').map((e) => e.rule)).toEqual(['state.abort-waits-for-rst']);
  });

  it('abort-reset: FIN_WAIT_1, FIN_WAIT_2 and CLOSE_WAIT reset too, at SND.NXT (after our FIN when it went out)', () => {
    expect(owed(fireRow(finWait1(100, 900), abort, 'abort-reset').endpoint)).toEqual([owes(['RST'], 102, 0)]);
    expect(owed(fireRow(finWait2(100, 900), abort, 'abort-reset').endpoint)).toEqual([owes(['RST'], 102, 0)]);
    expect(owed(fireRow(closeWait(100, 900), abort, 'abort-reset').endpoint)).toEqual([owes(['RST'], 101, 0)]);
  });

  it('abort-reset: in SYN_RCVD with its SYN+ACK out the RST goes at ISN+1; before the SYN+ACK there is nothing to reset', () => {
    expect(owed(fireRow(synRcvdPassive(7000, 3000), abort, 'abort-reset').endpoint)).toEqual([owes(['RST'], 7001, 0)]);
    const early = drive(listening(), deliver(seg(['SYN'], 3000)));
    const r = fireRow(early, abort, 'abort-reset');
    expect(owed(r.endpoint)).toEqual([]);
    expect(namedState(r.endpoint)).toBe('CLOSED');
  });

  it('abort-quietly: LISTEN, SYN_SENT, CLOSING, LAST_ACK and TIME_WAIT go to CLOSED without a reset', () => {
    for (const before of [listening(), synSent(1000), closing(WRAP, 100), lastAck(WRAP, 100), timeWait(WRAP, 100)]) {
      const r = fireRow(before, abort, 'abort-quietly');
      expect(owed(r.endpoint)).toEqual([]);
      expect(namedState(r.endpoint)).toBe('CLOSED');
      expect(r.endpoint.timers).toEqual({ retransmit: false, time_wait: false });
    }
  });

  it('a connect before the abort\'s RST went out opens a new connection: that reset is no longer owed, an answer to a segment still is', () => {
    const aborted = drive(established(500, 100), abort, deliver(seg(['ACK'], 101, 501, 5)));
    expect(owed(aborted)).toEqual([owes(['RST'], 501, 0), owes(['RST'], 501, 0)]);
    const again = run(aborted, connect).endpoint;
    expect(again.owe.resets.map((r) => r.row)).toEqual(['closed-rcv-segment']);
    expect(namedState(again)).toBe('CLOSED');
  });

  it('an abort in CLOSED changes nothing (§3.10.5: "connection does not exist")', () => {
    const r = run(closed(), abort);
    expect(r.rows).toEqual([]);
    expect(owed(r.endpoint)).toEqual([]);
  });

  it('the peer in ESTABLISHED that receives the abort\'s RST is CLOSED and owes nothing', () => {
    const r = fireRow(established(100, 500), deliver(seg(['RST'], 501)), 'synchronized-rcv-rst');
    expect(owed(r.endpoint)).toEqual([]);
  });
});

describe('resets sent', () => {
  it('closed-rcv-segment: answers a SYN to a closed port with RST+ACK seq=0 ack=its seq+1 (4294967295 → 0)', () => {
    const r = fireRow(closed(), deliver(seg(['SYN'], WRAP)), 'closed-rcv-segment');
    expect(owed(r.endpoint)).toEqual([owes(['RST', 'ACK'], 0, 0)]);
  });

  it('closed-rcv-segment: counts the data and the FIN of a segment without ACK in the RST+ACK ack', () => {
    const r = fireRow(closed(), deliver(seg(['FIN'], WRAP - 2, 0, 5)), 'closed-rcv-segment');
    expect(owed(r.endpoint)).toEqual([owes(['RST', 'ACK'], 0, 3)]);
    const data = fireRow(closed(), deliver(seg(['PSH'], 100, 0, 7)), 'closed-rcv-segment');
    expect(owed(data.endpoint)).toEqual([owes(['RST', 'ACK'], 0, 107)]);
  });

  it('closed-rcv-segment: answers a segment with ACK by RST seq=its ack', () => {
    const r = fireRow(closed(), deliver(seg(['ACK'], 5, WRAP, 10)), 'closed-rcv-segment');
    expect(owed(r.endpoint)).toEqual([owes(['RST'], WRAP, 0)]);
  });

  it('closed-rcv-segment: never answers a RST', () => {
    const r = run(closed(), deliver(seg(['RST', 'ACK'], 5, 6)));
    expect(r.rows).toEqual([]);
    expect(owed(r.endpoint)).toEqual([]);
  });

  it('listen-rcv-ack: answers any ACK in LISTEN with RST seq=its ack and keeps listening', () => {
    const r = fireRow(listening(), deliver(seg(['ACK'], 77, WRAP)), 'listen-rcv-ack');
    expect(owed(r.endpoint)).toEqual([owes(['RST'], WRAP, 0)]);
    const synAck = fireRow(listening(), deliver(seg(['SYN', 'ACK'], 77, 1234)), 'listen-rcv-ack');
    expect(owed(synAck.endpoint)).toEqual([owes(['RST'], 1234, 0)]);
  });

  it('syn-sent-rcv-bad-ack: answers a SYN+ACK whose ack misses its SYN with RST seq=that ack', () => {
    // ISN 4294967295: only ack 0 acknowledges the SYN; 4294967295 (the ISN itself) does not.
    const r = fireRow(synSent(WRAP), deliver(seg(['SYN', 'ACK'], 8000, WRAP)), 'syn-sent-rcv-bad-ack');
    expect(owed(r.endpoint)).toEqual([owes(['RST'], WRAP, 0)]);
    const stale = fireRow(synSent(WRAP), deliver(seg(['SYN', 'ACK'], 8000, 12345)), 'syn-sent-rcv-bad-ack');
    expect(owed(stale.endpoint)).toEqual([owes(['RST'], 12345, 0)]);
    expect(stale.endpoint.irs).toBeNull();
  });

  it('syn-rcvd-rcv-bad-ack: answers an ACK that misses its SYN+ACK with RST seq=that ack and stays in SYN_RCVD', () => {
    const r = fireRow(synRcvdPassive(WRAP, 3000), deliver(seg(['ACK'], 3001, 5)), 'syn-rcvd-rcv-bad-ack');
    expect(owed(r.endpoint)).toEqual([owes(['RST'], 5, 0)]);
  });
});

describe('re-ACKs and repeats', () => {
  it('syn-rcvd-rcv-dup-syn: answers a repeated SYN with the same SYN+ACK again', () => {
    const r = fireRow(synRcvdPassive(WRAP, 3000), deliver(seg(['SYN'], 3000)), 'syn-rcvd-rcv-dup-syn');
    expect(owed(r.endpoint)).toEqual([owes(['SYN', 'ACK'], WRAP, 3001)]);
  });

  it('synchronized-rcv-syn: answers a SYN in ESTABLISHED with an ACK of the current state', () => {
    const r = fireRow(established(WRAP, 100), deliver(seg(['SYN'], 101)), 'synchronized-rcv-syn');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 0, 101)]);
  });

  it('synchronized-rcv-syn: re-acknowledges a retransmitted SYN+ACK when the third handshake segment was lost', () => {
    const r = fireRow(established(WRAP, 100), deliver(seg(['SYN', 'ACK'], 100, 0)), 'synchronized-rcv-syn');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 0, 101)]);
  });

  it('rcv-unacceptable: answers an old duplicate segment below RCV.NXT with an ACK of the current ack', () => {
    const before = drive(established(100, WRAP), deliver(seg(['ACK'], 0, 101, 20)), send(seg(['ACK'], 101, 20)));
    const r = fireRow(before, deliver(seg(['ACK'], 0, 101, 10)), 'rcv-unacceptable');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 101, 20)]);
    expect(r.endpoint.receivedBytes).toBe(20);
  });

  it('rcv-unacceptable: answers a segment far beyond the window with an ACK of the current ack', () => {
    const r = fireRow(established(100, WRAP), deliver(seg(['ACK'], 1_000_000, 101, 10)), 'rcv-unacceptable');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 101, 0)]);
    expect(r.endpoint.rcvNxt).toBe(0);
  });

  it('rcv-unacceptable: answers an ACK of something never sent with an ACK', () => {
    const r = fireRow(established(100, WRAP), deliver(seg(['ACK'], 0, 500)), 'rcv-unacceptable');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 101, 0)]);
    expect(r.endpoint.sndUna).toBe(101);
  });

  it('time-wait-rcv-fin: acknowledges the repeated FIN again and restarts the 2MSL timer', () => {
    // The peer's FIN took seq WRAP; it comes again because our last ACK was lost.
    const r = fireRow(timeWait(100, WRAP - 1), deliver(seg(['FIN', 'ACK'], WRAP, 102)), 'time-wait-rcv-fin');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 102, 0)]);
    expect(r.timers).toContainEqual(start('time_wait'));
    expect(r.endpoint.timers.time_wait).toBe(true);
  });

  // Our next seq: ISN 4294967295, +1 for the SYN, +1 more once our own FIN has gone out.
  const repeaters: [TcpState, (iss: number, irs: number) => Endpoint, number][] = [
    ['CLOSE_WAIT', closeWait, 0],
    ['CLOSING', closing, 1],
    ['LAST_ACK', lastAck, 1],
  ];
  it.each(repeaters)('repeated-fin: acknowledges a repeated FIN in %s again without changing state', (state, build, ourNext) => {
    const before = build(WRAP, 100);
    expect(before.state).toBe(state);
    // The repeat is the peer's FIN as first sent: its ack (0) does not cover our FIN, if any.
    const r = fireRow(before, deliver(seg(['FIN', 'ACK'], 101, 0)), 'repeated-fin');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], ourNext, 102)]);
  });
});

describe('data', () => {
  it('app-send: data queued in ESTABLISHED is owed as ACK seq=next unsent byte ack=next expected byte', () => {
    const r = fireRow(established(WRAP, 100), appSend(100), 'app-send');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 0, 101, 100)]);
  });

  it('app-send: data queued in SYN_SENT rides on the third handshake segment', () => {
    const r = fireRow(synSent(WRAP), appSend(30), 'app-send');
    expect(owed(r.endpoint)).toEqual([]);
    const est = run(r.endpoint, deliver(seg(['SYN', 'ACK'], 5000, 0)));
    expect(est.endpoint.state).toBe('ESTABLISHED');
    expect(owed(est.endpoint)).toEqual([owes(['ACK'], 0, 5001, 30)]);
  });

  it('app-send: CLOSE_WAIT may still send data (half-close)', () => {
    const r = fireRow(closeWait(WRAP, 100), appSend(12), 'app-send');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 0, 102, 12)]);
    expect(judge(r.endpoint, seg(['ACK', 'PSH'], 0, 102, 12)).ok).toBe(true);
  });

  it('rcv-data: in-order data advances the ack to seq + len, across the wrap', () => {
    const r = fireRow(established(100, WRAP), deliver(seg(['ACK', 'PSH'], 0, 101, 20)), 'rcv-data');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 101, 20)]);
    expect(r.endpoint.receivedBytes).toBe(20);
  });

  it('rcv-data: FIN_WAIT_2 still receives data', () => {
    const r = fireRow(finWait2(100, WRAP), deliver(seg(['ACK', 'PSH'], 0, 102, 9)), 'rcv-data');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 102, 9)]);
  });
});

describe('timers', () => {
  it('retransmission-timeout: owes unacknowledged data again with the same seq and len', () => {
    const before = drive(established(WRAP - 4, 100), appSend(10), send(seg(['ACK', 'PSH'], WRAP - 3, 101, 10)));
    expect(owed(before)).toEqual([]);
    const r = fireRow(before, rto, 'retransmission-timeout');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], WRAP - 3, 101, 10)]);
  });

  it('retransmission-timeout: owes the SYN again with its ISN in SYN_SENT', () => {
    const r = fireRow(synSent(WRAP), rto, 'retransmission-timeout');
    expect(owed(r.endpoint)).toEqual([owes(['SYN'], WRAP, 0)]);
  });

  it('retransmission-timeout: owes the SYN+ACK again in SYN_RCVD', () => {
    const r = fireRow(synRcvdPassive(WRAP, 3000), rto, 'retransmission-timeout');
    expect(owed(r.endpoint)).toEqual([owes(['SYN', 'ACK'], WRAP, 3001)]);
  });

  it.each([
    ['FIN_WAIT_1', finWait1, 1],
    ['CLOSING', closing, 2],
    ['LAST_ACK', lastAck, 2],
  ] as [TcpState, (iss: number, irs: number) => Endpoint, number][])(
    'retransmission-timeout: owes the FIN again with the same seq in %s',
    (state, build, peerUsed) => {
      const before = build(WRAP, 100);
      expect(before.state).toBe(state);
      const r = fireRow(before, rto, 'retransmission-timeout');
      expect(owed(r.endpoint)).toEqual([owes(['FIN', 'ACK'], 0, p(100, peerUsed))]);
    },
  );

  it('retransmission-timeout: in FIN_WAIT_1 reached from SYN_RCVD, owes the unacknowledged SYN+ACK again', () => {
    // RFC 9293 §3.10.8: on RTO, resend the segment at the front of the retransmission queue — here
    // the SYN+ACK, which the peer never acknowledged (TCP.md: the RTO covers data, SYN and FIN).
    const before = drive(synRcvdPassive(WRAP, 3000), close, send(seg(['FIN', 'ACK'], 0, 3001)));
    expect(before.state).toBe('FIN_WAIT_1');
    const r = fireRow(before, rto, 'retransmission-timeout');
    expect(owed(r.endpoint)[0]).toEqual(owes(['SYN', 'ACK'], WRAP, 3001));
    expect(judge(r.endpoint, seg(['SYN', 'ACK'], WRAP, 3001)).ok).toBe(true);
  });

  it('retransmission-timeout: does not fire when nothing is unacknowledged', () => {
    const r = run(established(WRAP, 100), rto);
    expect(r.rows).toEqual([]);
    expect(owed(r.endpoint)).toEqual([]);
  });
});

// ── The arrival rules of RFC 9293 §3.10.7 that TCP.md teaches ────────────────────────────────

describe('arrival rules', () => {
  /** An established receiver whose peer's data starts at 0 (peer ISN 4294967295). */
  const receiver = () => established(100, WRAP);

  it('re-ACKs duplicate data with the current ack and takes nothing twice', () => {
    const first = run(receiver(), deliver(seg(['ACK', 'PSH'], 0, 101, 10)));
    const acked = run(first.endpoint, send(seg(['ACK'], 101, 10))).endpoint;
    expect(owed(acked)).toEqual([]);
    const dup = run(acked, deliver(seg(['ACK', 'PSH'], 0, 101, 10)));
    expect(owed(dup.endpoint)).toEqual([owes(['ACK'], 101, 10)]);
    expect(dup.endpoint.rcvNxt).toBe(10);
    expect(dup.endpoint.receivedBytes).toBe(10);
  });

  it('answers out-of-order data with a duplicate ACK, holds it, then acknowledges everything when the gap fills', () => {
    // Bytes 0..9 are delayed; bytes 10..14 arrive first.
    const ahead = run(receiver(), deliver(seg(['ACK', 'PSH'], 10, 101, 5)));
    expect(ahead.rows).toEqual(['rcv-data']);
    expect(owed(ahead.endpoint)).toEqual([owes(['ACK'], 101, 0)]);
    expect(ahead.endpoint.rcvNxt).toBe(0);
    expect(ahead.endpoint.held).toHaveLength(1);
    const dupAcked = run(ahead.endpoint, send(seg(['ACK'], 101, 0))).endpoint;
    const filled = run(dupAcked, deliver(seg(['ACK', 'PSH'], 0, 101, 10)));
    expect(owed(filled.endpoint)).toEqual([owes(['ACK'], 101, 15)]);
    expect([...filled.endpoint.held]).toEqual([]);
    expect(filled.endpoint.receivedBytes).toBe(15);
  });

  it('holds a FIN that overtakes the last data and closes to CLOSE_WAIT once the data arrives', () => {
    const early = run(receiver(), deliver(seg(['FIN', 'ACK'], 10, 101)));
    expect(early.endpoint.state).toBe('ESTABLISHED');
    expect(owed(early.endpoint)).toEqual([owes(['ACK'], 101, 0)]);
    const filled = run(run(early.endpoint, send(seg(['ACK'], 101, 0))).endpoint, deliver(seg(['ACK', 'PSH'], 0, 101, 10)));
    expect(filled.rows).toContain('established-rcv-fin');
    expect(filled.endpoint.state).toBe('CLOSE_WAIT');
    expect(owed(filled.endpoint)).toEqual([owes(['ACK'], 101, 11)]);
  });

  it('lets the CLOSE_WAIT side keep sending data that FIN_WAIT_2 receives and acknowledges (half-close)', () => {
    let active = finWait1(WRAP, 5000);
    let passive = established(5000, WRAP);
    // The FIN from the active side; the passive side acknowledges it.
    passive = run(passive, deliver(seg(['FIN', 'ACK'], 0, 5001))).endpoint;
    expect(passive.state).toBe('CLOSE_WAIT');
    const ack = seg(['ACK'], 5001, 1);
    expect(judge(passive, ack, 'CLOSE_WAIT').ok).toBe(true);
    passive = run(passive, send(ack)).endpoint;
    active = run(active, deliver(ack)).endpoint;
    expect(active.state).toBe('FIN_WAIT_2');
    // Data still flows from CLOSE_WAIT to FIN_WAIT_2.
    passive = run(passive, appSend(25)).endpoint;
    const data = seg(['ACK', 'PSH'], 5001, 1, 25);
    expect(judge(passive, data, 'CLOSE_WAIT')).toMatchObject({ ok: true, errors: [] });
    passive = run(passive, send(data)).endpoint;
    const got = run(active, deliver(data));
    expect(got.rows).toEqual(['rcv-data']);
    expect(got.endpoint.state).toBe('FIN_WAIT_2');
    expect(owed(got.endpoint)).toEqual([owes(['ACK'], 1, 5026)]);
  });

  it('goes from FIN_WAIT_1 straight to TIME_WAIT on a FIN+ACK that acknowledges its FIN (merged wave)', () => {
    // ISN 4294967294: the FIN took 4294967295, so ack 0 acknowledges it.
    const r = run(finWait1(WRAP - 1, 100), deliver(seg(['FIN', 'ACK'], 101, 0)));
    expect(r.rows).toEqual(['fin-wait-1-rcv-ack-of-fin', 'fin-wait-2-rcv-fin']);
    expect(r.endpoint.state).toBe('TIME_WAIT');
    expect(owed(r.endpoint)).toEqual([owes(['ACK'], 0, 102)]);
    expect(r.timers).toEqual([stop('retransmit'), start('time_wait')]);
    expect(judge(r.endpoint, seg(['ACK'], 0, 102), 'TIME_WAIT').ok).toBe(true);
  });

  it('retransmits after the RTO with the same seq, which clears the debt and restarts the timer', () => {
    const sent = drive(established(WRAP - 4, 100), appSend(10), send(seg(['ACK', 'PSH'], WRAP - 3, 101, 10)));
    const fired = run(sent, rto).endpoint;
    const again = seg(['ACK', 'PSH'], WRAP - 3, 101, 10);
    expect(judge(fired, again).ok).toBe(true);
    const wrongSeq = judge(fired, seg(['ACK', 'PSH'], 7, 101, 10));
    expect(wrongSeq.ok).toBe(false);
    const resent = run(fired, send(again));
    expect(owed(resent.endpoint)).toEqual([]);
    expect(resent.timers).toEqual([start('retransmit')]);
    // The ACK of the bytes (4294967292 + 10 wraps to 6) ends the retransmission.
    const acked = run(resent.endpoint, deliver(seg(['ACK'], 101, 6)));
    expect(acked.endpoint.unacked).toEqual([]);
    expect(acked.timers).toEqual([stop('retransmit')]);
  });

  it('opens simultaneously: both sides go SYN_SENT → SYN_RCVD → ESTABLISHED with their own ISNs', () => {
    const a0 = synSent(WRAP);
    const b0 = synSent(700);
    const a1 = run(a0, deliver(seg(['SYN'], 700)));
    const b1 = run(b0, deliver(seg(['SYN'], WRAP)));
    expect([a1.endpoint.state, b1.endpoint.state]).toEqual(['SYN_RCVD', 'SYN_RCVD']);
    expect(owed(a1.endpoint)).toEqual([owes(['SYN', 'ACK'], WRAP, 701)]);
    expect(owed(b1.endpoint)).toEqual([owes(['SYN', 'ACK'], 700, 0)]);
    const aSynAck = seg(['SYN', 'ACK'], WRAP, 701);
    const bSynAck = seg(['SYN', 'ACK'], 700, 0);
    expect(judge(a1.endpoint, aSynAck).ok).toBe(true);
    expect(judge(b1.endpoint, bSynAck).ok).toBe(true);
    const a2 = run(run(a1.endpoint, send(aSynAck)).endpoint, deliver(bSynAck));
    const b2 = run(run(b1.endpoint, send(bSynAck)).endpoint, deliver(aSynAck));
    expect(a2.rows).toEqual(['syn-rcvd-rcv-ack']);
    expect(b2.rows).toEqual(['syn-rcvd-rcv-ack']);
    expect([a2.endpoint.state, b2.endpoint.state]).toEqual(['ESTABLISHED', 'ESTABLISHED']);
    expect(owed(a2.endpoint)).toEqual([]);
    expect(owed(b2.endpoint)).toEqual([]);
    expect([a2.endpoint.rcvNxt, b2.endpoint.rcvNxt]).toEqual([701, 0]);
  });

  it('closes simultaneously: both sides go FIN_WAIT_1 → CLOSING → TIME_WAIT', () => {
    let a = finWait1(WRAP, 700);
    let b = finWait1(700, WRAP);
    const aFin = seg(['FIN', 'ACK'], 0, 701);
    const bFin = seg(['FIN', 'ACK'], 701, 0);
    const a1 = run(a, deliver(bFin));
    const b1 = run(b, deliver(aFin));
    expect(a1.rows).toEqual(['fin-wait-1-rcv-fin']);
    expect([a1.endpoint.state, b1.endpoint.state]).toEqual(['CLOSING', 'CLOSING']);
    const aAck = seg(['ACK'], 1, 702);
    const bAck = seg(['ACK'], 702, 1);
    expect(owed(a1.endpoint)).toEqual([owes(['ACK'], 1, 702)]);
    expect(owed(b1.endpoint)).toEqual([owes(['ACK'], 702, 1)]);
    a = run(a1.endpoint, send(aAck)).endpoint;
    b = run(b1.endpoint, send(bAck)).endpoint;
    const a2 = run(a, deliver(bAck));
    const b2 = run(b, deliver(aAck));
    expect(a2.rows).toEqual(['closing-rcv-ack-of-fin']);
    expect([a2.endpoint.state, b2.endpoint.state]).toEqual(['TIME_WAIT', 'TIME_WAIT']);
    expect(owed(a2.endpoint)).toEqual([]);
    expect(a2.timers).toContainEqual(start('time_wait'));
  });

  it('defends against a stale SYN: the client RSTs the SYN+ACK and the server returns to LISTEN, then opens the real one', () => {
    let server = listening();
    let client = synSent(WRAP);
    // An old SYN (seq 123) from an earlier attempt reaches the server first.
    server = run(server, deliver(seg(['SYN'], 123))).endpoint;
    const staleSynAck = seg(['SYN', 'ACK'], 9000, 124);
    expect(judge(server, staleSynAck, 'SYN_RCVD').ok).toBe(true);
    server = run(server, send(staleSynAck)).endpoint;
    const c = run(client, deliver(staleSynAck));
    expect(c.rows).toEqual(['syn-sent-rcv-bad-ack']);
    expect(owed(c.endpoint)).toEqual([owes(['RST'], 124, 0)]);
    const rst = seg(['RST'], 124);
    expect(judge(c.endpoint, rst).ok).toBe(true);
    client = run(c.endpoint, send(rst)).endpoint;
    expect(owed(client)).toEqual([]);
    const s = run(server, deliver(rst));
    expect(s.rows).toEqual(['syn-rcvd-rcv-rst-passive']);
    expect(s.endpoint.state).toBe('LISTEN');
    // The client's real SYN (ISN 4294967295) now opens a connection.
    const real = run(s.endpoint, deliver(seg(['SYN'], WRAP)));
    expect(real.endpoint.state).toBe('SYN_RCVD');
    expect(owed(real.endpoint)).toEqual([owes(['SYN', 'ACK'], null, 0)]);
  });

  it('refuses a SYN to a closed port: the RST+ACK it owes closes the client in SYN_SENT', () => {
    let client = synSent(WRAP);
    const nobody = run(closed(), deliver(seg(['SYN'], WRAP)));
    const [reset] = owed(nobody.endpoint);
    expect(reset).toEqual(owes(['RST', 'ACK'], 0, 0));
    const rst = seg(['RST', 'ACK'], 0, 0);
    expect(judge(nobody.endpoint, rst).ok).toBe(true);
    expect(owed(run(nobody.endpoint, send(rst)).endpoint)).toEqual([]);
    client = run(client, deliver(rst)).endpoint;
    expect(client.state).toBe('CLOSED');
  });

  it('ignores a RST whose seq is not exactly RCV.NXT', () => {
    const r = run(established(100, WRAP), deliver(seg(['RST'], 5)));
    expect(r.rows).toEqual([]);
    expect(r.endpoint.state).toBe('ESTABLISHED');
  });
});

// ── Coverage of the table ────────────────────────────────────────────────────────────────────

describe('the transition table', () => {
  it('has unique row ids', () => {
    const ids = TRANSITIONS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has every row reached: its witness below, from an endpoint built with real events, fires it', () => {
    expect(Object.keys(WITNESSES).sort()).toEqual(TRANSITIONS.map((r) => r.id).sort());
    const missed = TRANSITIONS.filter((r) => {
      const [before, event] = WITNESSES[r.id]?.() ?? [createEndpoint(), listen];
      return !run(before, event).rows.includes(r.id);
    }).map((r) => r.id);
    expect(missed, `rows no witness reaches: ${missed.join(', ')}`).toEqual([]);
  });
});

/**
 * For every row, an endpoint and an event that fire it (the first case of the row's tests above):
 * the coverage test runs them itself, so that it passes or fails on its own.
 */
const WITNESSES: Record<string, () => [Endpoint, EndpointEvent]> = {
  'closed-listen': () => [closed(), listen],
  // A queue of one slot, taken by a half-open connection from another address (listen-queue.ts).
  'listen-rcv-syn-queue-full': () => [
    drive(createEndpoint(), { type: 'app', call: 'listen', backlog: 1 }, { type: 'deliver', segment: seg(['SYN'], 7), peer: '203.0.113.9' }),
    deliver(seg(['SYN'], 100)),
  ],
  'closed-connect': () => [closed(), connect],
  'listen-connect': () => [listening(), connect],
  'listen-close': () => [listening(), close],
  'listen-rcv-syn': () => [listening(), deliver(seg(['SYN'], WRAP))],
  'syn-sent-rcv-syn': () => [synSent(WRAP), deliver(seg(['SYN'], 500))],
  'syn-sent-rcv-syn-ack': () => [synSent(WRAP), deliver(seg(['SYN', 'ACK'], 7000, 0))],
  'syn-sent-close': () => [synSent(1000), close],
  'syn-rcvd-rcv-ack': () => [synRcvdPassive(WRAP, 3000), deliver(seg(['ACK'], 3001, 0))],
  'syn-rcvd-close': () => [synRcvdPassive(WRAP, 3000), close],
  'syn-rcvd-rcv-rst-passive': () => [synRcvdPassive(9000, WRAP), deliver(seg(['RST'], 0))],
  'established-close': () => [established(WRAP, 100), close],
  'established-rcv-fin': () => [established(100, WRAP), deliver(seg(['FIN', 'ACK'], 0, 101))],
  'fin-wait-1-rcv-ack-of-fin': () => [finWait1(WRAP - 1, 100), deliver(seg(['ACK'], 101, 0))],
  'fin-wait-1-rcv-fin': () => [finWait1(WRAP - 1, 100), deliver(seg(['FIN', 'ACK'], 101, WRAP))],
  'fin-wait-2-rcv-fin': () => [finWait2(100, WRAP - 1), deliver(seg(['FIN', 'ACK'], WRAP, 102))],
  'closing-rcv-ack-of-fin': () => [closing(WRAP, 100), deliver(seg(['ACK'], 102, 1))],
  'time-wait-timeout': () => [timeWait(WRAP, 100), twoMsl],
  'time-wait-rcv-new-syn': () => [timeWait(100, 5000), deliver(seg(['SYN'], 6000))],
  'time-wait-rcv-old-syn': () => [timeWait(100, 5000), deliver(seg(['SYN'], 5000))],
  'close-wait-close': () => [closeWait(WRAP, 100), close],
  'last-ack-rcv-ack-of-fin': () => [lastAck(WRAP, 100), deliver(seg(['ACK'], 102, 1))],
  'syn-rcvd-rcv-rst-active': () => [synRcvdActive(WRAP, 500), deliver(seg(['RST'], 501))],
  'syn-sent-rcv-rst': () => [synSent(WRAP), deliver(seg(['RST', 'ACK'], 0, 0))],
  'synchronized-rcv-rst': () => [established(100, WRAP), deliver(seg(['RST'], 0))],
  'abort-reset': () => [established(WRAP, 100), abort],
  'abort-quietly': () => [listening(), abort],
  'closed-rcv-segment': () => [closed(), deliver(seg(['SYN'], WRAP))],
  'listen-rcv-ack': () => [listening(), deliver(seg(['ACK'], 77, WRAP))],
  'syn-sent-rcv-bad-ack': () => [synSent(WRAP), deliver(seg(['SYN', 'ACK'], 8000, WRAP))],
  'syn-rcvd-rcv-bad-ack': () => [synRcvdPassive(WRAP, 3000), deliver(seg(['ACK'], 3001, 5))],
  'syn-rcvd-rcv-dup-syn': () => [synRcvdPassive(WRAP, 3000), deliver(seg(['SYN'], 3000))],
  'synchronized-rcv-syn': () => [established(WRAP, 100), deliver(seg(['SYN'], 101))],
  'rcv-unacceptable': () => [established(100, WRAP), deliver(seg(['ACK'], 1_000_000, 101, 10))],
  'time-wait-rcv-fin': () => [timeWait(100, WRAP - 1), deliver(seg(['FIN', 'ACK'], WRAP, 102))],
  'repeated-fin': () => [closeWait(WRAP, 100), deliver(seg(['FIN', 'ACK'], 101, 0))],
  'app-send': () => [established(WRAP, 100), appSend(100)],
  'rcv-data': () => [established(100, WRAP), deliver(seg(['ACK', 'PSH'], 0, 101, 20))],
  'retransmission-timeout': () => [synSent(WRAP), rto],
};
