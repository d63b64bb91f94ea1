import { HeldQueue, type Held } from './held';
import { cloneQueue, type ListenQueue } from './listen-queue';
import { seqSpace } from './seq';
import type { TcpState } from './types';

export type { Held };

/** A segment we sent that still occupies sequence space and is not yet acknowledged. */
export interface Unacked {
  seq: number;
  len: number;
  syn: boolean;
  fin: boolean;
  /** It went out with ACK: for our SYN, whether it has been sent as a SYN+ACK (judge.ts `isRetransmission`). */
  ack: boolean;
}


/** A reset this endpoint owes in reply to a segment (RFC 9293 §3.10.7.1–3). */
export interface OwedReset {
  /** true: `RST+ACK, seq=0, ack=…` (the offending segment had no ACK); false: `RST, seq=…`. */
  withAck: boolean;
  seq: number;
  ack: number;
  /** The table row that made it owed (keys the explanation). */
  row: string;
  /**
   * The application aborted: `<SEQ=SND.NXT><CTL=RST>` (RFC 9293 §3.10.5), `seq` is SND.NXT and `ack`
   * RCV.NXT, which the reset may carry with ACK as Linux does (`withAck` is false: RST alone is owed).
   */
  abort?: true;
}

/**
 * A state an application call has led to in RFC 9293's terms but that the game names only once
 * the segment carrying it is sent: after connect() the endpoint is SYN_SENT for the RFC, yet it is
 * still in `name` (CLOSED) for the player until its SYN goes out; after close() FIN_WAIT_1 or
 * LAST_ACK begin with the FIN (GAME.md "A state begins with the segment that makes it").
 */
export interface PendingName {
  /** The state the player is in until the carrier is sent. */
  name: TcpState;
  /** The table row that put the player in `name` (keys its explanation). */
  row: string;
  /** The flag of the segment that starts the RFC state (RST: an abort's CLOSED begins with its reset). */
  carrier: 'SYN' | 'FIN' | 'RST';
}

/**
 * One endpoint's transmission control block, as far as the game teaches it. Plain data, never
 * mutated: `step` returns a new one.
 */
export interface Endpoint {
  state: TcpState;
  /** Id of the table row that set `state` ('initial' before any). */
  stateRow: string;
  /** Set between connect()/close() and the SYN/FIN that carries the new state (see PendingName). */
  pending: PendingName | null;
  /** close() called while connect()'s SYN was still unsent: the FIN's wait begins once the SYN is out. */
  pendingAfter: PendingName | null;
  /** SYN_RCVD was entered from LISTEN (a reset returns to LISTEN, RFC 9293 §3.10.7.4). */
  passive: boolean;
  /** Initial send sequence number, chosen by the player on the first SYN; null until then. */
  iss: number | null;
  sndUna: number;
  sndNxt: number;
  /** Initial receive sequence number: the peer's ISN. */
  irs: number | null;
  rcvNxt: number;
  /** What last moved rcvNxt: the peer's SYN, data, or FIN (keys the ack explanations). */
  rcvReason: 'none' | 'syn' | 'data' | 'fin';
  /** Octets the app asked to send that are not yet sent. */
  queued: number;
  /** Total new data octets sent / received in order (scenario triggers read these). */
  sentBytes: number;
  receivedBytes: number;
  closeCalled: boolean;
  /** Sequence number our FIN took, once sent. */
  finSeq: number | null;
  peerFin: boolean;
  unacked: Unacked[];
  held: HeldQueue;
  owe: {
    syn: boolean;
    synAck: boolean;
    ack: boolean;
    resets: OwedReset[];
    /** The retransmission timer fired: the first unacknowledged segment must be sent again. */
    retransmit: boolean;
    /**
     * The peer repeated its SYN in SYN_RCVD: our SYN+ACK is owed again, and a bare ACK answers it
     * too (RFC 9293 §3.10.7.4 acknowledges an unacceptable segment; Linux resends the SYN+ACK).
     */
    synAckOrAck: boolean;
  };
  timers: { retransmit: boolean; time_wait: boolean };
  /**
   * SND.NXT of the earlier connection these ports had, once a new one is opened (null: none): the
   * ISN of a new SYN must lie above it (RFC 6528's clock-driven ISNs; a peer still in TIME_WAIT
   * takes a SYN above its RCV.NXT for a new incarnation, RFC 1122 §4.2.2.13 and RFC 6191).
   */
  lastSndNxt: number | null;
  /**
   * The listen queue of half-open connections from other addresses (listen-queue.ts), opened by
   * listen() and gone when the endpoint stops listening; absent or null when there is none.
   */
  queue?: ListenQueue | null;
}

/** A fresh endpoint in CLOSED with nothing chosen yet. */
export function createEndpoint(): Endpoint {
  return {
    state: 'CLOSED',
    stateRow: 'initial',
    pending: null,
    pendingAfter: null,
    passive: false,
    iss: null,
    sndUna: 0,
    sndNxt: 0,
    irs: null,
    rcvNxt: 0,
    rcvReason: 'none',
    queued: 0,
    sentBytes: 0,
    receivedBytes: 0,
    closeCalled: false,
    finSeq: null,
    peerFin: false,
    unacked: [],
    held: new HeldQueue(),
    owe: { syn: false, synAck: false, ack: false, resets: [], retransmit: false, synAckOrAck: false },
    timers: { retransmit: false, time_wait: false },
    lastSndNxt: null,
  };
}

/** The sequence number just after an unacknowledged segment. */
function unackedEnd(u: Unacked): number {
  return (u.seq + seqSpace(u)) >>> 0;
}

/**
 * Where the unacknowledged segment starting at `seq` is, or -1. `unacked` holds contiguous
 * segments in the order they were first sent (each new one starts where the last ended), so their
 * starts grow from the first one's, modulo 2^32: a binary search finds one in O(log n).
 */
export function unackedIndex(ep: Pick<Endpoint, 'unacked'>, seq: number): number {
  const list = ep.unacked;
  const first = list[0];
  if (!first) return -1;
  const target = (seq - first.seq) >>> 0;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const off = ((list[mid] as Unacked).seq - first.seq) >>> 0;
    if (off === target) return mid;
    if (off < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** How many unacknowledged segments, from the first, an acknowledgment of `ack` covers (a prefix). */
export function ackedPrefix(ep: Pick<Endpoint, 'unacked'>, ack: number): number {
  let k = 0;
  for (const u of ep.unacked) {
    // Covered when it ends at or before `ack` (serial order: ack − end is within the window ahead).
    if (((ack - unackedEnd(u)) | 0) < 0) break;
    k += 1;
  }
  return k;
}

/** A copy deep enough that changing the copy never changes the original. */
export function cloneEndpoint(ep: Endpoint): Endpoint {
  return {
    ...ep,
    pending: ep.pending ? { ...ep.pending } : null,
    pendingAfter: ep.pendingAfter ? { ...ep.pendingAfter } : null,
    unacked: ep.unacked.map((u) => ({ ...u })),
    held: ep.held.clone(),
    owe: { ...ep.owe, resets: ep.owe.resets.map((r) => ({ ...r })) },
    timers: { ...ep.timers },
    ...(ep.queue ? { queue: cloneQueue(ep.queue) } : {}),
  };
}

/**
 * The state as the game names it for the player: the RFC state, except between an application
 * call and the segment that carries its new state (PendingName).
 */
export function namedState(ep: Endpoint): TcpState {
  return ep.pending?.name ?? ep.state;
}

/** The table row behind `namedState` (keys the explanation of a wrong declaration). */
export function namedRow(ep: Endpoint): string {
  return ep.pending?.row ?? ep.stateRow;
}
