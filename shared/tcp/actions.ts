import { ackedPrefix, namedRow, namedState, type Endpoint, type Held, type PendingName } from './endpoint';
import { HeldQueue } from './held';
import { seqAdd, seqDiff, seqGt } from './seq';
import { findRow, type ActionName, type GuardName, type TableEvent } from './table';
import { hasFlag, type Segment, type TimerName } from './types';

/** A timer the caller must start (or restart) or stop; a step runs none itself. */
export interface TimerEffect {
  timer: TimerName;
  action: 'start' | 'stop';
}

/** One step in progress: the endpoint it owns (and changes), the rows fired, the timer effects. */
export interface Run {
  ep: Endpoint;
  rows: string[];
  timers: TimerEffect[];
  /** A connect call that reuses the ports of the endpoint's earlier connection (step.ts). */
  reuse?: boolean;
}

/** Start (or, with `restart`, restart) or stop a timer, recording the effect when it changes anything. */
export function setTimer(run: Run, timer: TimerName, on: boolean, restart = false): void {
  const running = run.ep.timers[timer];
  if (on && (!running || restart)) run.timers.push({ timer, action: 'start' });
  if (!on && running) run.timers.push({ timer, action: 'stop' });
  run.ep.timers[timer] = on;
}

/** The guards the table names. */
export const GUARDS: Record<GuardName, (ep: Endpoint) => boolean> = {
  /** SYN_RCVD was reached from LISTEN (a reset returns there, RFC 9293 §3.10.7.4). */
  'passive-open': (ep) => ep.passive,
  'active-open': (ep) => !ep.passive,
  /** Something sent is still unacknowledged: the retransmission timer has a segment to resend. */
  'has-unacked': (ep) => ep.unacked.length > 0,
};

/**
 * The actions the table names, and the updates the arrival checks make outside any row
 * (arrive.ts): small functions of the endpoint and the segment they are about, which change only
 * the endpoint of this step (never a caller's copy: `step` hands them its own).
 */
export const ACTIONS: Record<ActionName, (run: Run, seg: Segment) => void> = {
  /** OPEN on a new connection (RFC 9293 §3.10.1): nothing of an earlier one carries over. */
  'create-tcb': ({ ep, reuse }) => {
    // A connect on the ports of an earlier connection: its SYN must start above where that one ended.
    ep.lastSndNxt = reuse === true && ep.iss !== null ? ep.sndNxt : null;
    ep.iss = ep.irs = ep.finSeq = null;
    ep.sndUna = ep.sndNxt = ep.rcvNxt = ep.sentBytes = ep.receivedBytes = 0;
    ep.rcvReason = 'none';
    ep.peerFin = ep.closeCalled = ep.passive = false;
    ep.unacked = [];
    ep.held = new HeldQueue();
    ep.pending = ep.pendingAfter = null;
    // An abort's reset stands for the segment a stack sends at the call itself: a connection the
    // application opens before the player sent it is a new one, and that reset is no longer owed.
    if (ep.owe.resets.some((r) => r.abort)) ep.owe.resets = ep.owe.resets.filter((r) => !r.abort);
  },
  'note-passive-open': ({ ep }) => {
    ep.passive = true;
  },
  /** IRS ← SEG.SEQ, RCV.NXT ← SEG.SEQ + 1 (RFC 9293 §3.10.7.2–3). */
  'receive-syn': ({ ep }, seg) => {
    ep.irs = seg.seq;
    ep.rcvNxt = seqAdd(seg.seq, 1);
    ep.rcvReason = 'syn';
  },
  /** SND.UNA ← SEG.ACK; what that covers leaves the retransmission queue (RFC 9293 §3.10.7.4, fifth check). */
  acknowledge: (run, seg) => {
    const ep = run.ep;
    ep.sndUna = seg.ack;
    const before = ep.unacked.length;
    // What it covers is a prefix of the segments in flight (they are in the order they were sent).
    const covered = ackedPrefix(ep, seg.ack);
    if (covered > 0) ep.unacked.splice(0, covered);
    if (ep.unacked.length !== before) ep.owe.retransmit = false;
    if (ep.unacked.length === 0) setTimer(run, 'retransmit', false);
    else if (ep.unacked.length !== before) setTimer(run, 'retransmit', true, true);
  },
  /** Simultaneous open: our SYN is acknowledged before our SYN+ACK went out; only its ACK is still owed. */
  'owed-syn-ack-becomes-ack': ({ ep }) => {
    if (!ep.owe.synAck) return;
    ep.owe.synAck = false;
    ep.owe.ack = true;
  },
  /**
   * Our SYN acknowledged after close() already left SYN_RCVD for FIN_WAIT_1: for the player the ACK
   * of the SYN still opens, and a SYN+ACK still owed (the peer repeated its SYN) is for a SYN now
   * acknowledged, so an ACK does.
   */
  'late-ack-of-syn': (run) => {
    followName(run, 'rcv-ack-of-syn');
    const owe = run.ep.owe;
    if (!owe.synAck) return;
    owe.synAck = false;
    owe.synAckOrAck = false;
    owe.ack = true;
  },
  /** RCV.NXT ← RCV.NXT + 1 over the peer's FIN (RFC 9293 §3.10.7.4, eighth check). */
  'receive-fin': ({ ep }) => {
    ep.rcvNxt = seqAdd(ep.rcvNxt, 1);
    ep.rcvReason = 'fin';
    ep.peerFin = true;
  },
  /** In-order text: RCV.NXT over the new octets of `seg` (RFC 9293 §3.10.7.4, seventh check). */
  'take-text': ({ ep }, seg) => {
    const end = seqAdd(seg.seq, seg.len);
    if (seqGt(end, ep.rcvNxt)) take(ep, end);
  },
  /** Text that arrived ahead of a gap: kept until the gap fills. */
  'hold-text': ({ ep }, seg) => {
    hold(ep, { seq: seg.seq, len: seg.len, fin: hasFlag(seg, 'FIN') });
  },
  /** A FIN that arrived ahead of the text before it: kept until that text has come. */
  'hold-fin': ({ ep }, seg) => {
    hold(ep, { seq: seqAdd(seg.seq, seg.len), len: 0, fin: true });
  },
  /** The gap before the first held segment (`seg`) is filled: it leaves the hold, RCV.NXT goes over it. */
  'take-held': (run, seg) => {
    run.ep.held.shift();
    ACTIONS['take-text'](run, seg);
  },
  /** Leaving the connection (reset, final ACK, 2MSL, close before sync): forget it (RFC 9293 §3.10.7.4). */
  'drop-connection': (run) => dropConnection(run),
  /**
   * The application aborts (RFC 9293 §3.10.5): queued and unacknowledged segments are flushed and
   * the TCB goes, but for the player CLOSED begins with the reset it owes (GAME.md "A state begins
   * with the segment that makes it"), when there is one: a SYN_RCVD that never sent its SYN+ACK
   * has no SND.NXT the peer knows, and sends none.
   */
  'abort-connection': (run) => {
    const ep = run.ep;
    const named: PendingName = { name: namedState(ep), row: namedRow(ep), carrier: 'RST' };
    dropConnection(run);
    ep.closeCalled = false;
    if (ep.iss !== null) ep.pending = named;
  },
  /** A reset in SYN_RCVD reached from LISTEN: the half-open connection is gone, a new SYN starts afresh. */
  'reopen-listen': (run) => {
    const ep = run.ep;
    dropConnection(run);
    ep.iss = null;
    ep.irs = null;
    ep.sndUna = ep.sndNxt = ep.rcvNxt = 0;
    ep.rcvReason = 'none';
    ep.passive = false;
    ep.closeCalled = false;
    ep.finSeq = null;
    ep.peerFin = false;
  },
};

function dropConnection(run: Run): void {
  const ep = run.ep;
  setTimer(run, 'retransmit', false);
  setTimer(run, 'time_wait', false);
  ep.unacked = [];
  ep.held = new HeldQueue();
  ep.owe = { syn: false, synAck: false, ack: false, resets: ep.owe.resets, retransmit: false, synAckOrAck: false };
  ep.pending = null;
  ep.pendingAfter = null;
  ep.queued = 0;
}

function take(ep: Endpoint, upTo: number): void {
  ep.receivedBytes += seqDiff(upTo, ep.rcvNxt);
  ep.rcvNxt = upTo;
  ep.rcvReason = 'data';
}

/**
 * Keep data that arrived ahead of a gap, in the order of its seq (measured from RCV.NXT, so the
 * order survives the wrap of 2^32): the gap's filling then drains it from the front.
 */
function hold(ep: Endpoint, h: Held): void {
  const rcvNxt = ep.rcvNxt;
  ep.held.insert(h, (x) => (x.seq - rcvNxt) | 0);
}

/**
 * While a state waits for its SYN or FIN (Endpoint.pending), the player's name for the state
 * follows the same table from where the player still is.
 */
export function followName(run: Run, on: TableEvent): void {
  const ep = run.ep;
  const move = (p: PendingName): PendingName => {
    const row = findRow(p.name, on, (g) => GUARDS[g](ep));
    return row && row.to !== 'same' ? { ...p, name: row.to, row: row.id } : p;
  };
  if (ep.pending) ep.pending = move(ep.pending);
  if (ep.pendingAfter) ep.pendingAfter = move(ep.pendingAfter);
}
