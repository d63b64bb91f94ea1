import { seqAdd } from './seq';
import { canonicalFlags, hasFlag, type Segment, type TcpState } from './types';

/**
 * What the queue's functions read and change of an endpoint (endpoint.ts's `Endpoint` has these
 * fields; named here so that the endpoint, which holds a queue, and the queue do not import each other).
 */
export interface QueueHolder {
  queue?: ListenQueue | null;
  state: TcpState;
  passive: boolean;
}

/*
 * The listen queue: the half-open connections a listening endpoint keeps besides the one
 * connection the game follows (the "main" one, the other side of the round). A SYN from another
 * address (`peer`, a spoofed source in the SYN-flood scenario) makes an entry in SYN_RCVD that
 * holds a slot of the queue until its handshake completes, a reset removes it, or its SYN+ACK
 * retries are spent (RFC 4987 §2–3: the backlog, and why a flood of SYNs that never complete
 * fills it). While every slot is taken, a SYN from a new peer, and the main connection's own SYN,
 * are dropped without an answer: the sender retransmits, and gets through once a slot is free.
 *
 * An endpoint whose listen() gave no backlog keeps an unbounded queue: nothing is ever dropped,
 * and a trace with no peer segments is judged exactly as before the queue existed.
 */

/** One half-open connection from a peer address: it is in SYN_RCVD while it is in the queue. */
export interface HalfOpen {
  peer: string;
  /** The peer's ISN (IRS); the SYN+ACK acknowledges irs + 1. */
  irs: number;
  /** Our ISN for it, chosen by the first SYN+ACK; null until then. */
  iss: number | null;
  /** A SYN+ACK is owed (the first one, or again after a timeout or a repeated SYN). */
  owed: boolean;
  /** SYN+ACK retransmission timeouts so far (each one owes the SYN+ACK again). */
  retries: number;
  /** Its retransmission timer runs (from the first SYN+ACK until it leaves the queue). */
  timer: boolean;
}

/** The queue of a listening endpoint: its size, how often a SYN+ACK is resent, and the entries. */
export interface ListenQueue {
  /** Half-open connections it has room for (the main connection's SYN_RCVD counts); null: no limit. */
  backlog: number | null;
  /** How many times a half-open entry's SYN+ACK is resent before the entry is dropped (Linux: tcp_synack_retries, 5). */
  synAckRetries: number;
  entries: HalfOpen[];
}

/** The default number of SYN+ACK retries (Linux's net.ipv4.tcp_synack_retries). */
export const DEFAULT_SYNACK_RETRIES = 5;

/** What can happen to the queue (or to one of its entries). */
export type QueueEvent = 'rcv-syn' | 'rcv-dup-syn' | 'rcv-ack-of-syn' | 'rcv-rst' | 'timeout-retransmit';
export type QueueGuard = 'room' | 'full' | 'retries-left' | 'retries-spent';
/** add: a new entry in SYN_RCVD that owes a SYN+ACK; again: its SYN+ACK is owed again; drop: nothing; remove: the entry leaves the queue. */
export type QueueEffect = 'add' | 'again' | 'drop' | 'remove';

/** One rule of the listen queue, read like a row of the transition table (table.ts). */
export interface QueueRow {
  /** Stable id: reported with the table rows that fired, and usable as a lesson step. */
  readonly id: string;
  readonly on: QueueEvent;
  readonly guard?: QueueGuard;
  readonly effect: QueueEffect;
  /** Where the RFCs say so (as table.ts `TransitionRow.rfc`). */
  readonly rfc: string;
}

/**
 * The listen queue's rules as data, tried in order (the first whose event and guard match fires).
 * An event no row matches (a segment from a peer that has no entry, other than a SYN) changes nothing.
 */
export const QUEUE_ROWS: readonly QueueRow[] = [
  { id: 'queue-rcv-syn', on: 'rcv-syn', guard: 'room', effect: 'add', rfc: '3.10.7.2' },
  { id: 'queue-full-drop-syn', on: 'rcv-syn', guard: 'full', effect: 'drop', rfc: 'RFC 4987 §3.1' },
  { id: 'queue-rcv-dup-syn', on: 'rcv-dup-syn', effect: 'again', rfc: '3.10.7.4' },
  { id: 'queue-synack-timeout', on: 'timeout-retransmit', guard: 'retries-left', effect: 'again', rfc: '3.10.8' },
  { id: 'queue-synack-expired', on: 'timeout-retransmit', guard: 'retries-spent', effect: 'remove', rfc: 'RFC 4987 §3.2' },
  { id: 'queue-rcv-rst', on: 'rcv-rst', effect: 'remove', rfc: '3.10.7.4' },
  // The handshake completes: the connection leaves the half-open queue for the application's
  // accept queue. The game follows only the main connection, so it is not followed further.
  { id: 'queue-rcv-ack', on: 'rcv-ack-of-syn', effect: 'remove', rfc: '3.10.7.4' },
];

/** A timer change of an entry, for the caller to carry out (as step.ts `TimerEffect`). */
export interface PeerTimerEffect {
  peer: string;
  action: 'start' | 'stop';
}

/** What a step of the queue did: the rows that fired and the entry timers to start or stop. */
export interface QueueRun {
  ep: QueueHolder;
  rows: string[];
  peerTimers: PeerTimerEffect[];
}

/** The queue of an endpoint, or undefined when it is not listening with one. */
export function queueOf(ep: QueueHolder): ListenQueue | undefined {
  return ep.queue ?? undefined;
}

/** The entry of `peer`, or undefined. */
export function halfOpenOf(ep: QueueHolder, peer: string): HalfOpen | undefined {
  return ep.queue?.entries.find((e) => e.peer === peer);
}

/** Slots of the queue taken: the peers' entries, and the main connection while it is half-open from LISTEN. */
export function queueUsed(ep: QueueHolder): number {
  return (ep.queue?.entries.length ?? 0) + (ep.state === 'SYN_RCVD' && ep.passive ? 1 : 0);
}

/** Whether a new SYN finds every slot taken (never, without a backlog). */
export function queueFull(ep: QueueHolder): boolean {
  const q = ep.queue;
  return !!q && q.backlog !== null && queueUsed(ep) >= q.backlog;
}

/** A queue opened by listen(), empty. */
export function openQueue(backlog: number | null, synAckRetries = DEFAULT_SYNACK_RETRIES): ListenQueue {
  return { backlog, synAckRetries, entries: [] };
}

export function cloneQueue(q: ListenQueue | null | undefined): ListenQueue | null | undefined {
  return q ? { ...q, entries: q.entries.map((e) => ({ ...e })) } : q;
}

function guardHolds(run: QueueRun, g: QueueGuard | undefined, entry: HalfOpen | undefined): boolean {
  const q = run.ep.queue;
  switch (g) {
    case undefined:
      return true;
    case 'room':
      return !queueFull(run.ep);
    case 'full':
      return queueFull(run.ep);
    case 'retries-left':
      return !!entry && !!q && entry.retries < q.synAckRetries;
    case 'retries-spent':
      return !!entry && !!q && entry.retries >= q.synAckRetries;
  }
}

function fireQueue(run: QueueRun, on: QueueEvent, peer: string, seg: Segment): void {
  const q = run.ep.queue;
  if (!q) return;
  const entry = halfOpenOf(run.ep, peer);
  // Only a SYN starts an entry; every other event is about an entry that exists.
  if (on !== 'rcv-syn' && !entry) return;
  const row = QUEUE_ROWS.find((r) => r.on === on && guardHolds(run, r.guard, entry));
  if (!row) return;
  run.rows.push(row.id);
  switch (row.effect) {
    case 'add':
      q.entries.push({ peer, irs: seg.seq, iss: null, owed: true, retries: 0, timer: false });
      return;
    case 'again':
      if (!entry) return;
      entry.owed = true;
      if (on === 'timeout-retransmit') entry.retries += 1;
      return;
    case 'drop':
      return;
    case 'remove':
      if (entry?.timer) run.peerTimers.push({ peer, action: 'stop' });
      q.entries = q.entries.filter((e) => e.peer !== peer);
      return;
  }
}

/**
 * A segment from `peer` arrives at the listening endpoint: the checks of RFC 9293 §3.10.7.2 and
 * §3.10.7.4 for a half-open connection, reduced to what a listen queue needs. An endpoint with no
 * queue (it never listened) takes no notice of peers.
 */
export function arrivePeer(run: QueueRun, peer: string, seg: Segment): void {
  if (!run.ep.queue) return;
  const entry = halfOpenOf(run.ep, peer);
  const syn = hasFlag(seg, 'SYN');
  const ack = hasFlag(seg, 'ACK');
  if (hasFlag(seg, 'RST')) {
    if (entry && seg.seq === seqAdd(entry.irs, 1)) fireQueue(run, 'rcv-rst', peer, seg);
    return;
  }
  if (!entry) {
    if (syn && !ack) fireQueue(run, 'rcv-syn', peer, seg);
    return;
  }
  if (syn && !ack && seg.seq === entry.irs) return fireQueue(run, 'rcv-dup-syn', peer, seg);
  if (ack && !syn && entry.iss !== null && seg.ack === seqAdd(entry.iss, 1)) fireQueue(run, 'rcv-ack-of-syn', peer, seg);
}

/** The retransmission timer of `peer`'s entry fired. */
export function timeoutPeer(run: QueueRun, peer: string): void {
  const entry = halfOpenOf(run.ep, peer);
  if (!entry) return;
  entry.timer = false;
  fireQueue(run, 'timeout-retransmit', peer, { flags: [], seq: 0, ack: 0, len: 0 });
}

/** The endpoint sends `seg` to `peer` (judged correct, or scripted): the SYN+ACK of its entry. */
export function recordPeerSend(run: QueueRun, peer: string, seg: Segment): void {
  const entry = halfOpenOf(run.ep, peer);
  if (!entry || !hasFlag(seg, 'SYN') || !hasFlag(seg, 'ACK')) return;
  if (entry.iss === null) entry.iss = seg.seq;
  if (seg.seq !== entry.iss) return;
  entry.owed = false;
  entry.timer = true;
  run.peerTimers.push({ peer, action: 'start' });
}

/** The SYN+ACK a correct stack sends to `peer` now; seq null where the ISN is still to be chosen. */
export function peerSynAck(entry: HalfOpen): Omit<Segment, 'seq'> & { seq: number | null } {
  return { flags: ['SYN', 'ACK'], seq: entry.iss, ack: seqAdd(entry.irs, 1), len: 0 };
}

/** The entries that owe a SYN+ACK now, oldest first. */
export function owedPeerSends(ep: QueueHolder): { peer: string; segment: Omit<Segment, 'seq'> & { seq: number | null } }[] {
  return (ep.queue?.entries ?? []).filter((e) => e.owed).map((e) => ({ peer: e.peer, segment: peerSynAck(e) }));
}

/** The rule of a wrong state declared on a send to a half-open peer: the row that took it in (rules.ts `stateRule`). */
export const HALF_OPEN_STATE_RULE = 'state.queue-rcv-syn';

export interface PeerFieldError {
  field: 'flags' | 'seq' | 'ack' | 'len' | 'state';
  rule: string;
  expected?: unknown;
  got: unknown;
}

/**
 * Judge a segment the endpoint sends to `peer`: the SYN+ACK of its half-open entry (a fresh ISN the
 * first time, the same one when it is sent again), acknowledging the peer's SYN. A declared state
 * is that entry's: SYN_RCVD. With no entry for the peer there is nothing to send it.
 */
export function judgePeer(ep: QueueHolder, peer: string, seg: Segment, declared?: TcpState): { ok: boolean; errors: PeerFieldError[]; kind?: 'syn-ack' } {
  const entry = halfOpenOf(ep, peer);
  const got = canonicalFlags(seg.flags);
  if (!entry) {
    const errors: PeerFieldError[] = [{ field: 'flags', rule: 'flags.no-segment-owed', expected: null, got }];
    return { ok: false, errors };
  }
  const errors: PeerFieldError[] = [];
  const want = peerSynAck(entry);
  if (got.length !== 2 || !hasFlag(seg, 'SYN') || !hasFlag(seg, 'ACK')) {
    errors.push({ field: 'flags', rule: hasFlag(seg, 'RST') ? 'flags.rst-not-expected' : 'flags.syn-ack-answers-syn', expected: ['SYN', 'ACK'], got });
  }
  if (want.seq !== null && seg.seq !== want.seq) errors.push({ field: 'seq', rule: 'seq.retransmit-same-seq', expected: want.seq, got: seg.seq });
  if (hasFlag(seg, 'ACK') && seg.ack !== want.ack) errors.push({ field: 'ack', rule: 'ack.must-acknowledge-syn', expected: want.ack, got: seg.ack });
  if (seg.len !== 0) errors.push({ field: 'len', rule: 'len.syn-carries-no-data', expected: 0, got: seg.len });
  if (declared !== undefined && declared !== 'SYN_RCVD') errors.push({ field: 'state', rule: HALF_OPEN_STATE_RULE, expected: 'SYN_RCVD', got: declared });
  return { ok: errors.length === 0, errors, kind: 'syn-ack' };
}

/** Whether a SYN+ACK to `peer` repeats the one its entry has sent already. */
export function isPeerRetransmission(ep: QueueHolder, peer: string, seg: Segment): boolean {
  const entry = halfOpenOf(ep, peer);
  return !!entry && entry.iss !== null && hasFlag(seg, 'SYN') && seg.seq === entry.iss;
}
