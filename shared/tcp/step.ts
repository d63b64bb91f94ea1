import { ackedPrefix, cloneEndpoint, unackedIndex, type Endpoint, type PendingName } from './endpoint';
import { findRow, type GuardName, type TableEvent, type TransitionRow } from './table';
import { hasFlag, type Segment, type TcpState, type TimerName } from './types';
import { seqAdd, seqGe, seqGt, seqInOpenClosed, seqLt, seqDiff } from './seq';

/** Something that happens to one endpoint. */
export type EndpointEvent =
  | { type: 'app'; call: 'listen' | 'connect' | 'close' }
  | { type: 'app'; call: 'send'; bytes: number }
  /** A segment from the peer arrives. */
  | { type: 'deliver'; segment: Segment }
  | { type: 'timeout'; timer: TimerName }
  /** The endpoint sends a segment (already judged correct, or scripted). */
  | { type: 'send'; segment: Segment };

/** A timer the caller must start (or restart) or stop; `step` runs none itself. */
export interface TimerEffect {
  timer: TimerName;
  action: 'start' | 'stop';
}

export interface StepResult {
  endpoint: Endpoint;
  /** Ids of the table rows that fired, in order. */
  rows: string[];
  timers: TimerEffect[];
}

/**
 * The receive window the game assumes: large enough for every scenario, finite so that wildly
 * wrong sequence numbers are unacceptable (RFC 9293 §3.10.7.4, first check).
 */
export const RECEIVE_WINDOW = 65535;

interface Ctx {
  ep: Endpoint;
  rows: string[];
  timers: TimerEffect[];
}

const GUARDS: Record<GuardName, (ep: Endpoint) => boolean> = {
  'passive-open': (ep) => ep.passive,
  'active-open': (ep) => !ep.passive,
  'has-unacked': (ep) => ep.unacked.length > 0,
};

/**
 * One pure step of an endpoint (in the spirit of xstate's `transition`): returns the next
 * endpoint, the table rows that fired and the timers to start or stop. What the endpoint now owes
 * is read off the result with `owedSends` (owed.ts).
 */
export function step(endpoint: Endpoint, event: EndpointEvent): StepResult {
  return stepInPlace(cloneEndpoint(endpoint), event);
}

/**
 * `step`, changing `endpoint` itself instead of a copy: for a caller that owns the endpoint and
 * keeps no earlier version of it (the trace checker), so that a step costs what the event needs
 * and not a copy of every segment in flight.
 */
export function stepInPlace(endpoint: Endpoint, event: EndpointEvent): StepResult {
  const ctx: Ctx = { ep: endpoint, rows: [], timers: [] };
  switch (event.type) {
    case 'app':
      onApp(ctx, event.call, event.call === 'send' ? event.bytes : 0);
      break;
    case 'timeout':
      onTimeout(ctx, event.timer);
      break;
    case 'deliver':
      arrive(ctx, event.segment);
      break;
    case 'send':
      applySend(ctx, event.segment);
      break;
  }
  return { endpoint: ctx.ep, rows: ctx.rows, timers: ctx.timers };
}

function fire(ctx: Ctx, on: TableEvent): TransitionRow | undefined {
  const ep = ctx.ep;
  const row = findRow(ep.state, on, (g) => GUARDS[g](ep));
  if (!row) return undefined;
  ctx.rows.push(row.id);
  const before = { name: ep.state, row: ep.stateRow };
  const carrier = on === 'app-connect' ? 'SYN' : on === 'app-close' && row.owes?.includes('FIN') ? 'FIN' : null;
  // The player's name does not move at connect()/close(): it moves with the SYN/FIN they owe.
  if (row.to !== 'same' && !carrier) shadow(ctx, on);
  if (row.to !== 'same') {
    const to: TcpState = row.to;
    if (to === 'CLOSED' || (to === 'LISTEN' && ep.state !== 'CLOSED')) dropConnection(ctx, to);
    ep.state = to;
    ep.stateRow = row.id;
    // connect() and close() lead to a state that begins, for the player, with the SYN / FIN.
    if (carrier && !ep.pending) ep.pending = { ...before, carrier };
    // close() before connect()'s SYN went out: once the SYN (or SYN+ACK) is sent, the player is
    // where the RFC was before the close, and the FIN's own wait begins.
    else if (carrier === 'FIN' && ep.pending?.carrier === 'SYN' && !ep.pendingAfter) ep.pendingAfter = { ...before, carrier };
  }
  for (const owe of row.owes ?? []) {
    if (owe === 'SYN') ep.owe.syn = true;
    else if (owe === 'SYN+ACK') ep.owe.synAck = true;
    else if (owe === 'ACK') ep.owe.ack = true;
    else if (owe === 'RETRANSMIT') ep.owe.retransmit = true;
  }
  if (row.timers?.retransmit === 'stop') setTimer(ctx, 'retransmit', false);
  if (row.timers?.time_wait) setTimer(ctx, 'time_wait', row.timers.time_wait === 'start', true);
  return row;
}

/**
 * While a state waits for its SYN or FIN (Endpoint.pending), the player's name for the state
 * follows the same table from where the player still is.
 */
function shadow(ctx: Ctx, on: TableEvent): void {
  const ep = ctx.ep;
  const move = (p: PendingName): PendingName => {
    const row = findRow(p.name, on, (g) => GUARDS[g](ep));
    return row && row.to !== 'same' ? { ...p, name: row.to, row: row.id } : p;
  };
  if (ep.pending) ep.pending = move(ep.pending);
  if (ep.pendingAfter) ep.pendingAfter = move(ep.pendingAfter);
}

function setTimer(ctx: Ctx, timer: TimerName, run: boolean, restart = false): void {
  const running = ctx.ep.timers[timer];
  if (run && (!running || restart)) ctx.timers.push({ timer, action: 'start' });
  if (!run && running) ctx.timers.push({ timer, action: 'stop' });
  ctx.ep.timers[timer] = run;
}

/** Leaving the connection (reset, final ACK, 2MSL, close before sync): forget it (RFC 9293 §3.10.7.4). */
function dropConnection(ctx: Ctx, to: 'CLOSED' | 'LISTEN'): void {
  const ep = ctx.ep;
  setTimer(ctx, 'retransmit', false);
  setTimer(ctx, 'time_wait', false);
  ep.unacked = [];
  ep.held = [];
  ep.owe = { syn: false, synAck: false, ack: false, resets: ep.owe.resets, retransmit: false, synAckOrAck: false };
  ep.pending = null;
  ep.pendingAfter = null;
  ep.queued = 0;
  if (to === 'LISTEN') {
    // Back to listening: the half-open connection is gone, a new SYN starts afresh.
    ep.iss = null;
    ep.irs = null;
    ep.sndUna = ep.sndNxt = ep.rcvNxt = 0;
    ep.rcvReason = 'none';
    ep.passive = false;
    ep.closeCalled = false;
    ep.finSeq = null;
    ep.peerFin = false;
  }
}

function onApp(ctx: Ctx, call: 'listen' | 'connect' | 'close' | 'send', bytes: number): void {
  const ep = ctx.ep;
  if (call === 'send') {
    if (fire(ctx, 'app-send')) ep.queued += bytes;
    return;
  }
  if ((call === 'connect' && (ep.state === 'CLOSED' || ep.state === 'LISTEN')) || (call === 'listen' && ep.state === 'CLOSED')) {
    // A fresh connection: nothing of an earlier one carries over.
    Object.assign(ep, {
      iss: null, irs: null, sndUna: 0, sndNxt: 0, rcvNxt: 0, rcvReason: 'none', finSeq: null, peerFin: false, closeCalled: false,
      passive: false, unacked: [], held: [], pending: null, pendingAfter: null, sentBytes: 0, receivedBytes: 0,
    });
  }
  const row = fire(ctx, call === 'listen' ? 'app-listen' : call === 'connect' ? 'app-connect' : 'app-close');
  if (row && call === 'close' && row.owes?.includes('FIN')) ep.closeCalled = true;
}

function onTimeout(ctx: Ctx, timer: TimerName): void {
  ctx.ep.timers[timer] = false; // a timer that fired is no longer running
  fire(ctx, timer === 'retransmit' ? 'timeout-retransmit' : 'timeout-time-wait');
}

function oweReset(ctx: Ctx, on: TableEvent, seg: Segment): void {
  const row = fire(ctx, on);
  if (!row) return;
  const withAck = !hasFlag(seg, 'ACK');
  ctx.ep.owe.resets.push(
    withAck
      ? { withAck, seq: 0, ack: seqAdd(seg.seq, segLength(seg)), row: row.id }
      : { withAck, seq: seg.ack, ack: 0, row: row.id },
  );
}

/** Sequence space a segment occupies: its data plus one for SYN and one for FIN (RFC 9293 §3.4). */
export function segLength(seg: Segment): number {
  return seg.len + (hasFlag(seg, 'SYN') ? 1 : 0) + (hasFlag(seg, 'FIN') ? 1 : 0);
}

/** Segment arrival, RFC 9293 §3.10.7, reduced to what the game teaches. */
function arrive(ctx: Ctx, seg: Segment): void {
  const ep = ctx.ep;
  const rst = hasFlag(seg, 'RST');
  const syn = hasFlag(seg, 'SYN');
  const ack = hasFlag(seg, 'ACK');

  if (ep.state === 'CLOSED') {
    if (!rst) oweReset(ctx, 'rcv-no-connection', seg);
    return;
  }
  if (ep.state === 'LISTEN') {
    if (rst) return;
    if (ack) return oweReset(ctx, 'rcv-bad-ack', seg);
    if (syn) {
      ep.passive = true;
      ep.irs = seg.seq;
      ep.rcvNxt = seqAdd(seg.seq, 1);
      ep.rcvReason = 'syn';
      fire(ctx, 'rcv-syn');
    }
    return;
  }
  if (ep.state === 'SYN_SENT') {
    const ackOk = ack && ep.iss !== null && seqInOpenClosed(ep.sndUna, seg.ack, ep.sndNxt);
    if (ack && !ackOk) {
      // The stale-SYN defence: a SYN+ACK for a SYN we never sent is answered with RST.
      if (!rst) oweReset(ctx, 'rcv-bad-ack', seg);
      return;
    }
    if (rst) {
      if (ackOk) fire(ctx, 'rcv-rst');
      return;
    }
    if (!syn) return;
    ep.irs = seg.seq;
    ep.rcvNxt = seqAdd(seg.seq, 1);
    ep.rcvReason = 'syn';
    if (ackOk) {
      acknowledge(ctx, seg.ack);
      fire(ctx, 'rcv-syn-ack');
    } else {
      fire(ctx, 'rcv-syn'); // simultaneous open
    }
    return;
  }

  let s = seg;
  if (ep.state === 'SYN_RCVD' && syn && s.seq === ep.irs) {
    if (!ack && !rst) {
      fire(ctx, 'rcv-dup-syn'); // the peer repeated its SYN: our SYN+ACK was lost
      // Linux sends the SYN+ACK again; RFC 9293's literal rule acknowledges the (unacceptable)
      // repeat with a bare ACK. Either answers it.
      if (ep.iss !== null) {
        ep.owe.synAckOrAck = true;
        ep.owe.ack = true;
      }
      return;
    }
    if (ack && !rst && seqInOpenClosed(ep.sndUna, s.ack, ep.sndNxt)) {
      // Simultaneous open: the peer's SYN+ACK carries the ACK of our SYN; its SYN is old news.
      s = { ...s, flags: s.flags.filter((f) => f !== 'SYN'), seq: seqAdd(s.seq, 1) };
    }
  }

  // First check: is the segment in the window? (acceptable if it reaches rcvNxt at least)
  const end = seqAdd(s.seq, segLength(s));
  const acceptable = seqGe(end, ep.rcvNxt) && seqLt(s.seq, seqAdd(ep.rcvNxt, RECEIVE_WINDOW));
  if (!acceptable) {
    if (!hasFlag(s, 'RST')) fire(ctx, 'rcv-unacceptable');
    return;
  }
  if (hasFlag(s, 'RST')) {
    // Only an exact RST resets (RFC 5961 §3.2); any other in-window RST is ignored here.
    if (s.seq === ep.rcvNxt) fire(ctx, 'rcv-rst');
    return;
  }
  if (hasFlag(s, 'SYN')) {
    fire(ctx, 'rcv-syn'); // a SYN once synchronized: answered with an ACK (RFC 9293 §3.10.7.4)
    return;
  }
  if (!ack) return;

  if (ep.state === 'SYN_RCVD') {
    if (!seqInOpenClosed(ep.sndUna, s.ack, ep.sndNxt)) return oweReset(ctx, 'rcv-bad-ack', s);
    acknowledge(ctx, s.ack);
    fire(ctx, 'rcv-ack-of-syn');
    // Simultaneous open: our SYN is acknowledged before our SYN+ACK went out; only its ACK is still owed.
    if (ep.owe.synAck) {
      ep.owe.synAck = false;
      ep.owe.ack = true;
    }
  } else {
    if (seqGt(s.ack, ep.sndNxt)) {
      fire(ctx, 'rcv-unacceptable'); // acknowledges something never sent
      return;
    }
    // A SYN, when unacknowledged, is always the first segment in flight.
    const synWasUnacked = ep.unacked[0]?.syn === true;
    if (seqGt(s.ack, ep.sndUna)) acknowledge(ctx, s.ack);
    if (synWasUnacked && ep.unacked[0]?.syn !== true) {
      // Closed in SYN_RCVD (RFC: FIN_WAIT_1 at once): for the player, the ACK of the SYN still opens.
      shadow(ctx, 'rcv-ack-of-syn');
      // A SYN+ACK still owed (the peer repeated its SYN) is for a SYN now acknowledged: an ACK does.
      if (ep.owe.synAck) {
        ep.owe.synAck = false;
        ep.owe.synAckOrAck = false;
        ep.owe.ack = true;
      }
    }
    const finAcked = ep.finSeq !== null && seqGe(ep.sndUna, seqAdd(ep.finSeq, 1));
    if (finAcked) fire(ctx, 'rcv-ack-of-fin');
    if ((ep.state as TcpState) === 'CLOSED') return; // the final ACK of LAST_ACK
  }

  if (s.len > 0 && (ep.state === 'ESTABLISHED' || ep.state === 'FIN_WAIT_1' || ep.state === 'FIN_WAIT_2')) {
    if (seqGt(s.seq, ep.rcvNxt)) {
      // Out of order: hold it, and repeat the current ack (a duplicate ACK) until the gap fills.
      hold(ep, { seq: s.seq, len: s.len, fin: hasFlag(s, 'FIN') });
      fire(ctx, 'rcv-data');
      return;
    }
    const dataEnd = seqAdd(s.seq, s.len);
    if (seqGt(dataEnd, ep.rcvNxt)) take(ep, dataEnd);
    drainHeld(ctx);
    fire(ctx, 'rcv-data');
  }
  if (hasFlag(s, 'FIN')) receiveFin(ctx, seqAdd(s.seq, s.len));
}

function take(ep: Endpoint, upTo: number): void {
  ep.receivedBytes += seqDiff(upTo, ep.rcvNxt);
  ep.rcvNxt = upTo;
  ep.rcvReason = 'data';
}

function receiveFin(ctx: Ctx, finPos: number): void {
  const ep = ctx.ep;
  if (!ep.peerFin && finPos === ep.rcvNxt) {
    ep.rcvNxt = seqAdd(ep.rcvNxt, 1);
    ep.rcvReason = 'fin';
    ep.peerFin = true;
    fire(ctx, 'rcv-fin');
  } else if (ep.peerFin && seqAdd(finPos, 1) === ep.rcvNxt) {
    fire(ctx, 'rcv-fin'); // the peer repeated its FIN: our ACK of it was lost
  } else if (!ep.peerFin && seqGt(finPos, ep.rcvNxt)) {
    if (!ep.held.some((h) => h.fin)) hold(ep, { seq: finPos, len: 0, fin: true });
    fire(ctx, 'rcv-unacceptable');
  }
}

/**
 * Keep data that arrived ahead of a gap, in the order of its seq (measured from RCV.NXT, so the
 * order survives the wrap of 2^32): the gap's filling then drains it from the front.
 */
function hold(ep: Endpoint, h: Endpoint['held'][number]): void {
  const key = (x: { seq: number }) => (x.seq - ep.rcvNxt) | 0;
  let lo = 0;
  let hi = ep.held.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(ep.held[mid] as { seq: number }) <= key(h)) lo = mid + 1;
    else hi = mid;
  }
  ep.held.splice(lo, 0, h);
}

/** Fill the gap from held segments, then take a held FIN once everything before it has come. */
function drainHeld(ctx: Ctx): void {
  const ep = ctx.ep;
  for (;;) {
    const first = ep.held[0];
    if (!first || !seqGe(ep.rcvNxt, first.seq)) return;
    const h = ep.held.shift();
    if (!h) return;
    const hEnd = seqAdd(h.seq, h.len);
    if (seqGt(hEnd, ep.rcvNxt)) take(ep, hEnd);
    if (h.fin) receiveFin(ctx, hEnd);
  }
}

/** A new cumulative acknowledgment up to `ack` (RFC 9293 §3.10.7.4, fifth check). */
function acknowledge(ctx: Ctx, ack: number): void {
  const ep = ctx.ep;
  ep.sndUna = ack;
  const before = ep.unacked.length;
  // What it covers is a prefix of the segments in flight (they are in the order they were sent).
  const covered = ackedPrefix(ep, ack);
  if (covered > 0) ep.unacked.splice(0, covered);
  if (ep.unacked.length !== before) ep.owe.retransmit = false;
  if (ep.unacked.length === 0) setTimer(ctx, 'retransmit', false);
  else if (ep.unacked.length !== before) setTimer(ctx, 'retransmit', true, true);
}

/** The endpoint sends `seg`: record what it occupies, what it satisfies, and run the timer. */
function applySend(ctx: Ctx, seg: Segment): void {
  const ep = ctx.ep;
  if (hasFlag(seg, 'RST')) {
    const i = ep.owe.resets.findIndex((r) => r.seq === seg.seq);
    if (i >= 0) ep.owe.resets.splice(i, 1);
    return;
  }
  const syn = hasFlag(seg, 'SYN');
  const fin = hasFlag(seg, 'FIN');
  if (ep.pending && hasFlag(seg, ep.pending.carrier)) {
    // close() was called before the SYN went out: the FIN's wait begins now, if the FIN still owes.
    const after = ep.pending.carrier === 'SYN' && !fin ? ep.pendingAfter : null;
    ep.pending = after;
    ep.pendingAfter = null;
  }
  if (hasFlag(seg, 'ACK') && seg.ack === ep.rcvNxt) {
    ep.owe.ack = false;
    if (ep.owe.synAckOrAck) {
      ep.owe.synAck = false;
      ep.owe.synAckOrAck = false;
    }
  }
  if (syn) {
    if (ep.iss === null) {
      ep.iss = seg.seq;
      ep.sndUna = seg.seq;
      ep.sndNxt = seg.seq;
    }
    ep.owe.syn = false;
    if (hasFlag(seg, 'ACK')) ep.owe.synAck = false;
  }
  if (ep.iss === null) return; // nothing was ever opened: nothing to record
  const occupies = seg.len + (syn ? 1 : 0) + (fin ? 1 : 0);
  if (occupies === 0) return;
  if (seg.seq === ep.sndNxt) {
    ep.sndNxt = seqAdd(seg.seq, occupies);
    ep.queued = Math.max(0, ep.queued - seg.len);
    ep.sentBytes += seg.len;
    if (fin) ep.finSeq = seqAdd(seg.seq, seg.len);
    ep.unacked.push({ seq: seg.seq, len: seg.len, syn, fin });
    setTimer(ctx, 'retransmit', true);
  } else if (unackedIndex(ep, seg.seq) >= 0) {
    ep.owe.retransmit = false;
    setTimer(ctx, 'retransmit', true, true);
  }
}
