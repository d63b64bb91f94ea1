/** The eleven TCP connection states (RFC 9293 §3.3.2), spelled as TRACE.md spells them. */
export const TCP_STATES = [
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RCVD',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSING',
  'TIME_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
] as const;
export type TcpState = (typeof TCP_STATES)[number];

/** The control bits the game teaches (RFC 9293 §3.1); URG/ECE/CWR are left out on purpose. */
export const FLAGS = ['SYN', 'ACK', 'FIN', 'RST', 'PSH'] as const;
export type Flag = (typeof FLAGS)[number];

/** The two endpoints of a round: the client is the side whose app calls connect. */
export const SIDES = ['client', 'server'] as const;
export type Side = (typeof SIDES)[number];

/** The endpoint at the other end of the connection: where a side's segments arrive. */
export function otherSide(side: Side): Side {
  return side === 'client' ? 'server' : 'client';
}

/**
 * The application calls of a scenario (TRACE.md `call`). `abort` is SYN/ACK's addition to version 1:
 * the application resets the connection (RFC 9293 §3.10.5 ABORT; a socket closed with SO_LINGER 0).
 */
export const APP_CALLS = ['listen', 'connect', 'send', 'close', 'abort'] as const;
export type AppCall = (typeof APP_CALLS)[number];

/** The timers an endpoint runs: retransmission (RTO) and TIME_WAIT's 2×MSL. */
export const TIMERS = ['retransmit', 'time_wait'] as const;
export type TimerName = (typeof TIMERS)[number];

/** A segment as the player composes it: the header fields the game teaches. */
export interface Segment {
  flags: Flag[];
  /** Sequence number of the first octet (or of the SYN/FIN), uint32. */
  seq: number;
  /** Next sequence number the sender expects; meaningful only when ACK is set. */
  ack: number;
  /** Data octets carried (SYN and FIN are not counted here). */
  len: number;
}

/** Synchronized states: once here, every segment must carry ACK (RFC 9293 §3.10.7.4). */
export const SYNCHRONIZED: readonly TcpState[] = [
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
];

export function hasFlag(seg: Pick<Segment, 'flags'>, flag: Flag): boolean {
  return seg.flags.includes(flag);
}

/** Flags in the order the game prints them (SYN, ACK, FIN, RST, PSH), without repeats. */
export function canonicalFlags(flags: readonly Flag[]): Flag[] {
  return FLAGS.filter((f) => flags.includes(f));
}

/** `SYN+ACK seq=1 ack=2 len=0`: the envelope label used in logs, the CLI and the scene. */
export function formatSegment(seg: Segment): string {
  const flags = canonicalFlags(seg.flags).join('+') || '(none)';
  const ack = hasFlag(seg, 'ACK') ? ` ack=${seg.ack}` : '';
  return `${flags} seq=${seg.seq}${ack} len=${seg.len}`;
}
