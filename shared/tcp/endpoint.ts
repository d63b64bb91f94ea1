import type { TcpState } from './types';

/** A segment we sent that still occupies sequence space and is not yet acknowledged. */
export interface Unacked {
  seq: number;
  len: number;
  syn: boolean;
  fin: boolean;
}

/** Data (and maybe a FIN) that arrived ahead of a gap, held until the gap fills (RFC 9293 §3.10.7.4). */
export interface Held {
  seq: number;
  len: number;
  fin: boolean;
}

/** A reset this endpoint owes in reply to a segment (RFC 9293 §3.10.7.1–3). */
export interface OwedReset {
  /** true: `RST+ACK, seq=0, ack=…` (the offending segment had no ACK); false: `RST, seq=…`. */
  withAck: boolean;
  seq: number;
  ack: number;
  /** The table row that made it owed (keys the explanation). */
  row: string;
}

/**
 * One endpoint's transmission control block, as far as the game teaches it. Plain data, never
 * mutated: `step` returns a new one.
 */
export interface Endpoint {
  state: TcpState;
  /** Id of the table row that set `state` ('initial' before any). */
  stateRow: string;
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
  held: Held[];
  owe: {
    syn: boolean;
    synAck: boolean;
    ack: boolean;
    resets: OwedReset[];
    /** The retransmission timer fired: the first unacknowledged segment must be sent again. */
    retransmit: boolean;
  };
  timers: { retransmit: boolean; time_wait: boolean };
}

/** A fresh endpoint in CLOSED with nothing chosen yet. */
export function createEndpoint(): Endpoint {
  return {
    state: 'CLOSED',
    stateRow: 'initial',
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
    held: [],
    owe: { syn: false, synAck: false, ack: false, resets: [], retransmit: false },
    timers: { retransmit: false, time_wait: false },
  };
}

/** A copy deep enough that changing the copy never changes the original. */
export function cloneEndpoint(ep: Endpoint): Endpoint {
  return {
    ...ep,
    unacked: ep.unacked.map((u) => ({ ...u })),
    held: ep.held.map((h) => ({ ...h })),
    owe: { ...ep.owe, resets: ep.owe.resets.map((r) => ({ ...r })) },
    timers: { ...ep.timers },
  };
}
