import type { Endpoint } from './endpoint';
import { queueFull } from './listen-queue';
import { inReceiveWindow, seqAdd, seqGe, seqGt, seqInOpenClosed } from './seq';
import { TEXT_RECEIVERS, type ActionName, type TableEvent } from './table';
import { hasFlag, type Flag, type Segment, type TcpState } from './types';

/**
 * One thing an arriving segment makes happen: a table event, whose row then fires (`on`), or an
 * update the arrival checks make in every state that reaches them, outside any row (`do`: SND.UNA
 * over a new ACK, RCV.NXT over in-order text, text kept beyond a gap). `seg` is the segment, or
 * the part of it, that the event or update is about.
 */
export type Arrival = { on: TableEvent; seg: Segment } | { do: ActionName; seg: Segment };

/**
 * The segment-arrival checks of RFC 9293 §3.10.7, in the RFC's order and reduced to what the game
 * teaches: what `seg`, arriving at `ep`, makes happen. The classifier reads the endpoint and never
 * changes it. It yields one arrival at a time and the caller (step.ts) carries each out before
 * asking for the next, so that a later check reads the variables as the earlier ones left them, as
 * in the RFC: the FIN (eighth check) is judged against RCV.NXT after the text (seventh).
 */
export function* arrivals(ep: Readonly<Endpoint>, seg: Segment): Generator<Arrival, void, undefined> {
  const rst = hasFlag(seg, 'RST');
  const syn = hasFlag(seg, 'SYN');
  const ack = hasFlag(seg, 'ACK');
  const state = (): TcpState => ep.state; // read afresh: an earlier arrival may have moved it

  // §3.10.7.1: no connection. Anything but a RST is answered with one.
  if (ep.state === 'CLOSED') {
    if (!rst) yield { on: 'rcv-no-connection', seg };
    return;
  }
  // §3.10.7.2: first RST (ignored), second ACK (answered with RST), third SYN.
  if (ep.state === 'LISTEN') {
    if (rst) return;
    if (ack) yield { on: 'rcv-bad-ack', seg };
    // A full listen queue drops the SYN unanswered (listen-queue.ts).
    else if (syn) yield { on: queueFull(ep) ? 'rcv-syn-queue-full' : 'rcv-syn', seg };
    return;
  }
  // §3.10.7.3: first ACK, second RST, fourth SYN.
  if (ep.state === 'SYN_SENT') {
    const ackOk = ack && ep.iss !== null && seqInOpenClosed(ep.sndUna, seg.ack, ep.sndNxt);
    if (ack && !ackOk) {
      // The stale-SYN defence: a SYN+ACK for a SYN we never sent is answered with RST.
      if (!rst) yield { on: 'rcv-bad-ack', seg };
    } else if (rst) {
      if (ackOk) yield { on: 'rcv-rst', seg };
    } else if (syn) {
      yield { on: ackOk ? 'rcv-syn-ack' : 'rcv-syn', seg }; // without ACK: simultaneous open
    }
    return;
  }

  // §3.10.7.4, every other state.
  // A SYN in TIME_WAIT (RFC 1122 §4.2.2.13, RFC 6191): above RCV.NXT it may open a new incarnation;
  // any other is an old duplicate, answered with an ACK whatever its seq (the fourth check).
  if (ep.state === 'TIME_WAIT' && syn && !ack && !rst) {
    yield { on: seqGt(seg.seq, ep.rcvNxt) ? 'rcv-new-syn' : 'rcv-syn', seg };
    return;
  }
  let s = seg;
  if (ep.state === 'SYN_RCVD' && syn && s.seq === ep.irs) {
    if (!ack && !rst) {
      yield { on: 'rcv-dup-syn', seg: s }; // the peer repeated its SYN: our SYN+ACK was lost
      return;
    }
    if (ack && !rst && seqInOpenClosed(ep.sndUna, s.ack, ep.sndNxt)) {
      // Simultaneous open: the peer's SYN+ACK carries the ACK of our SYN; its SYN is old news.
      s = { ...s, flags: s.flags.filter((f) => f !== 'SYN'), seq: seqAdd(s.seq, 1) };
    }
  }
  // First check: is the segment in the window?
  if (!inReceiveWindow(s, ep.rcvNxt)) {
    if (!hasFlag(s, 'RST')) yield { on: 'rcv-unacceptable', seg: s };
    return;
  }
  // Second check: RST. Only an exact one resets (RFC 5961 §3.2); any other in-window RST is ignored.
  if (hasFlag(s, 'RST')) {
    if (s.seq === ep.rcvNxt) yield { on: 'rcv-rst', seg: s };
    return;
  }
  // Fourth check: a SYN once synchronized is answered with an ACK.
  if (hasFlag(s, 'SYN')) {
    yield { on: 'rcv-syn', seg: s };
    return;
  }
  // Fifth check: the ACK field.
  if (!ack) return;
  if (ep.state === 'SYN_RCVD') {
    if (!seqInOpenClosed(ep.sndUna, s.ack, ep.sndNxt)) {
      yield { on: 'rcv-bad-ack', seg: s };
      return;
    }
    yield { on: 'rcv-ack-of-syn', seg: s };
  } else {
    if (seqGt(s.ack, ep.sndNxt)) {
      yield { on: 'rcv-unacceptable', seg: s }; // acknowledges something never sent
      return;
    }
    // A SYN, when unacknowledged, is always the first segment in flight.
    const synWasUnacked = ep.unacked[0]?.syn === true;
    if (seqGt(s.ack, ep.sndUna)) yield { do: 'acknowledge', seg: s };
    if (synWasUnacked && ep.unacked[0]?.syn !== true) yield { do: 'late-ack-of-syn', seg: s };
    if (ep.finSeq !== null && seqGe(ep.sndUna, seqAdd(ep.finSeq, 1))) yield { on: 'rcv-ack-of-fin', seg: s };
    if (state() === 'CLOSED') return; // the final ACK of LAST_ACK
  }
  // Seventh check: the text, taken in ESTABLISHED and FIN_WAIT_1/2 only.
  if (s.len > 0 && TEXT_RECEIVERS.includes(state())) {
    if (seqGt(s.seq, ep.rcvNxt)) {
      // Out of order: hold it, and repeat the current ack (a duplicate ACK) until the gap fills.
      yield { do: 'hold-text', seg: s };
      yield { on: 'rcv-data', seg: s };
      return;
    }
    yield { do: 'take-text', seg: s };
    yield* drainHeld(ep);
    yield { on: 'rcv-data', seg: s };
  }
  // Eighth check: the FIN.
  if (hasFlag(s, 'FIN')) yield* fin(ep, s);
}

/** Fill the gap from held segments, then take a held FIN once everything before it has come. */
function* drainHeld(ep: Readonly<Endpoint>): Generator<Arrival, void, undefined> {
  for (;;) {
    const h = ep.held.first();
    if (!h || !seqGe(ep.rcvNxt, h.seq)) return;
    const part: Segment = { flags: h.fin ? FIN : NONE, seq: h.seq, ack: 0, len: h.len };
    yield { do: 'take-held', seg: part };
    if (h.fin) yield* fin(ep, part);
  }
}
const FIN: Flag[] = ['FIN'];
const NONE: Flag[] = [];

/**
 * The FIN of `s`, which sits after its text. At RCV.NXT it is the peer's FIN: the first one (then
 * the endpoint is in ESTABLISHED or FIN_WAIT_1/2, whose rows take it with `receive-fin`), or a
 * repeat because our ACK of it was lost (then in one of the states those rows lead to, whose rows
 * only ACK it again). Beyond RCV.NXT it waits for the text before it.
 */
function* fin(ep: Readonly<Endpoint>, s: Segment): Generator<Arrival, void, undefined> {
  const at = seqAdd(s.seq, s.len);
  if (ep.peerFin ? seqAdd(at, 1) === ep.rcvNxt : at === ep.rcvNxt) {
    yield { on: 'rcv-fin', seg: s };
  } else if (!ep.peerFin && seqGt(at, ep.rcvNxt)) {
    if (!holdsFin(ep)) yield { do: 'hold-fin', seg: s };
    yield { on: 'rcv-unacceptable', seg: s };
  }
}

/**
 * Whether a FIN is held. Held segments are in seq order and a FIN ends the peer's sequence space,
 * so one held is near the end: looking from there finds it at once, not after every held segment
 * (with thousands held, a repeated FIN would otherwise cost a walk through all of them).
 */
function holdsFin(ep: Readonly<Endpoint>): boolean {
  return ep.held.someFromEnd((h) => h.fin);
}
