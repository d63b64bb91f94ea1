import { SYNCHRONIZED, type TcpState } from './types';

/**
 * What can happen to an endpoint, as the table sees it. An arriving segment is sorted into these
 * by the arrival checks of RFC 9293 §3.10.7 (arrive.ts); app calls and timers map one to one.
 */
export const TABLE_EVENTS = [
  'app-listen',
  'app-connect',
  'app-send',
  'app-close',
  'app-abort',
  'timeout-retransmit',
  'timeout-time-wait',
  'rcv-syn',
  'rcv-new-syn',
  'rcv-syn-queue-full',
  'rcv-dup-syn',
  'rcv-syn-ack',
  'rcv-ack-of-syn',
  'rcv-ack-of-fin',
  'rcv-bad-ack',
  'rcv-data',
  'rcv-fin',
  'rcv-rst',
  'rcv-unacceptable',
  'rcv-no-connection',
] as const;
export type TableEvent = (typeof TABLE_EVENTS)[number];

/**
 * What a transition makes the endpoint owe: sends it must now make (honoured in one place,
 * machine.ts). `SYN+ACK|ACK`: the SYN+ACK again, or, once one has been sent, a bare ACK: either
 * answers a repeated SYN. `FIN` marks the close call (the FIN goes after the queued data), `DATA`
 * queues the octets of a send call, `RST` answers the segment that arrived,
 * `ABORT` is the reset an application's abort sends, `<SEQ=SND.NXT><CTL=RST>` (RFC 9293 §3.10.5).
 */
export type Owe = 'SYN' | 'SYN+ACK' | 'SYN+ACK|ACK' | 'ACK' | 'FIN' | 'RST' | 'ABORT' | 'DATA' | 'RETRANSMIT';

/** Named guards, evaluated on the endpoint (actions.ts `GUARDS`). */
export type GuardName = 'passive-open' | 'active-open' | 'has-unacked';

/**
 * Named actions on the connection variables (actions.ts `ACTIONS`), in the RFC's words where it
 * has them: `receive-syn` is "IRS ← SEG.SEQ, RCV.NXT ← SEG.SEQ+1", `acknowledge` is
 * "SND.UNA ← SEG.ACK" with the retransmission queue, `receive-fin` advances RCV.NXT over the FIN.
 * The last five are the arrival checks' own updates, which move variables in every state that
 * makes the check, with no arc of their own: the classifier (arrive.ts) yields them by name.
 */
export type ActionName =
  | 'create-tcb'
  | 'note-passive-open'
  | 'receive-syn'
  | 'acknowledge'
  | 'owed-syn-ack-becomes-ack'
  | 'receive-fin'
  | 'drop-connection'
  | 'abort-connection'
  | 'reopen-listen'
  | 'late-ack-of-syn'
  | 'take-text'
  | 'hold-text'
  | 'hold-fin'
  | 'take-held';

export interface TimerChange {
  retransmit?: 'stop';
  time_wait?: 'start' | 'stop';
}

/** One arc of the connection state machine. */
export interface TransitionRow {
  /** Stable id; `state.<id>` is the rule id of a wrong declared state reached by this row. */
  readonly id: string;
  readonly from: readonly TcpState[];
  readonly on: TableEvent;
  readonly guard?: GuardName;
  /** Run in this order, before the state changes. */
  readonly actions?: readonly ActionName[];
  readonly owes?: readonly Owe[];
  readonly timers?: TimerChange;
  readonly to: TcpState | 'same';
  /** Where RFC 9293 says so (its section), or another RFC (`RFC 4987 §3.1`). */
  readonly rfc: string;
}

/** States that take in segment text (RFC 9293 §3.10.7.4, seventh check); later ones ignore it. */
export const TEXT_RECEIVERS: readonly TcpState[] = ['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2'];
/** States whose application may still queue data to send. */
const SENDERS: readonly TcpState[] = ['SYN_SENT', 'SYN_RCVD', 'ESTABLISHED', 'CLOSE_WAIT'];
/** States where a SYN of the peer has been received (RFC 9293 §3.10.7.4's "otherwise" states). */
const AFTER_SYN: readonly TcpState[] = ['SYN_RCVD', ...SYNCHRONIZED];
/** States whose abort sends a reset (RFC 9293 §3.10.5). */
const ABORT_RESETS: readonly TcpState[] = ['SYN_RCVD', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSE_WAIT'];
/** States that can have a SYN, data or a FIN of their own in flight. */
const CAN_HAVE_UNACKED: readonly TcpState[] = ['SYN_SENT', 'SYN_RCVD', 'ESTABLISHED', 'FIN_WAIT_1', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK'];

/**
 * The transition table: RFC 9293's connection-management diagram (Figure 5), one row per arc,
 * followed by the segment-arrival rules of §3.10.7 that the game teaches (resets, re-ACKs,
 * retransmission, TIME_WAIT's re-ACK). A row reads: in `from`, on `on`, if `guard`, do `actions`,
 * owe `owes`, change `timers`, go `to`. Rows are tried in order; the first whose `from`, `on` and
 * guard match fires (machine.ts `fire`). An event no row matches changes nothing; the pairs with
 * no row, and why, are listed in tests/shared/tcp/table.test.ts.
 */
export const TRANSITIONS: readonly TransitionRow[] = [
  // ── Figure 5, opening ──
  { id: 'closed-listen', from: ['CLOSED'], on: 'app-listen', actions: ['create-tcb'], to: 'LISTEN', rfc: '3.10.1' },
  { id: 'closed-connect', from: ['CLOSED'], on: 'app-connect', actions: ['create-tcb'], owes: ['SYN'], to: 'SYN_SENT', rfc: '3.10.1' },
  { id: 'listen-connect', from: ['LISTEN'], on: 'app-connect', actions: ['create-tcb'], owes: ['SYN'], to: 'SYN_SENT', rfc: '3.10.2' },
  { id: 'listen-close', from: ['LISTEN'], on: 'app-close', actions: ['drop-connection'], to: 'CLOSED', rfc: '3.10.4' },
  // Every slot of the listen queue is taken by half-open connections (listen-queue.ts): the SYN is
  // dropped unanswered, and the peer's retransmission tries again (RFC 4987 §3.1, Linux's backlog).
  { id: 'listen-rcv-syn-queue-full', from: ['LISTEN'], on: 'rcv-syn-queue-full', to: 'same', rfc: 'RFC 4987 §3.1' },
  { id: 'listen-rcv-syn', from: ['LISTEN'], on: 'rcv-syn', actions: ['note-passive-open', 'receive-syn'], owes: ['SYN+ACK'], to: 'SYN_RCVD', rfc: '3.10.7.2' },
  { id: 'syn-sent-rcv-syn', from: ['SYN_SENT'], on: 'rcv-syn', actions: ['receive-syn'], owes: ['SYN+ACK'], to: 'SYN_RCVD', rfc: '3.10.7.3' },
  { id: 'syn-sent-rcv-syn-ack', from: ['SYN_SENT'], on: 'rcv-syn-ack', actions: ['receive-syn', 'acknowledge'], owes: ['ACK'], timers: { retransmit: 'stop' }, to: 'ESTABLISHED', rfc: '3.10.7.3' },
  { id: 'syn-sent-close', from: ['SYN_SENT'], on: 'app-close', actions: ['drop-connection'], timers: { retransmit: 'stop' }, to: 'CLOSED', rfc: '3.10.4' },
  { id: 'syn-rcvd-rcv-ack', from: ['SYN_RCVD'], on: 'rcv-ack-of-syn', actions: ['acknowledge', 'owed-syn-ack-becomes-ack'], to: 'ESTABLISHED', rfc: '3.10.7.4' },
  { id: 'syn-rcvd-close', from: ['SYN_RCVD'], on: 'app-close', owes: ['FIN'], to: 'FIN_WAIT_1', rfc: '3.10.4' },
  { id: 'syn-rcvd-rcv-rst-passive', from: ['SYN_RCVD'], on: 'rcv-rst', guard: 'passive-open', actions: ['reopen-listen'], timers: { retransmit: 'stop' }, to: 'LISTEN', rfc: '3.10.7.4' },
  // ── A new incarnation from TIME_WAIT (RFC 1122 §4.2.2.13, RFC 6191; Linux) ──
  // A SYN whose seq is above RCV.NXT cannot be an old duplicate of this connection: the old
  // connection is forgotten and the SYN opens the next one on the same ports, as from LISTEN.
  { id: 'time-wait-rcv-new-syn', from: ['TIME_WAIT'], on: 'rcv-new-syn', actions: ['drop-connection', 'create-tcb', 'note-passive-open', 'receive-syn'], owes: ['SYN+ACK'], to: 'SYN_RCVD', rfc: '3.10.7.4' },
  // ── Figure 5, closing ──
  { id: 'established-close', from: ['ESTABLISHED'], on: 'app-close', owes: ['FIN'], to: 'FIN_WAIT_1', rfc: '3.10.4' },
  { id: 'established-rcv-fin', from: ['ESTABLISHED', 'SYN_RCVD'], on: 'rcv-fin', actions: ['receive-fin'], owes: ['ACK'], to: 'CLOSE_WAIT', rfc: '3.10.7.4' },
  { id: 'fin-wait-1-rcv-ack-of-fin', from: ['FIN_WAIT_1'], on: 'rcv-ack-of-fin', to: 'FIN_WAIT_2', rfc: '3.10.7.4' },
  { id: 'fin-wait-1-rcv-fin', from: ['FIN_WAIT_1'], on: 'rcv-fin', actions: ['receive-fin'], owes: ['ACK'], to: 'CLOSING', rfc: '3.10.7.4' },
  { id: 'fin-wait-2-rcv-fin', from: ['FIN_WAIT_2'], on: 'rcv-fin', actions: ['receive-fin'], owes: ['ACK'], timers: { retransmit: 'stop', time_wait: 'start' }, to: 'TIME_WAIT', rfc: '3.10.7.4' },
  { id: 'closing-rcv-ack-of-fin', from: ['CLOSING'], on: 'rcv-ack-of-fin', timers: { retransmit: 'stop', time_wait: 'start' }, to: 'TIME_WAIT', rfc: '3.10.7.4' },
  { id: 'time-wait-timeout', from: ['TIME_WAIT'], on: 'timeout-time-wait', actions: ['drop-connection'], to: 'CLOSED', rfc: '3.10.8' },
  { id: 'close-wait-close', from: ['CLOSE_WAIT'], on: 'app-close', owes: ['FIN'], to: 'LAST_ACK', rfc: '3.10.4' },
  { id: 'last-ack-rcv-ack-of-fin', from: ['LAST_ACK'], on: 'rcv-ack-of-fin', actions: ['drop-connection'], timers: { retransmit: 'stop' }, to: 'CLOSED', rfc: '3.10.7.4' },
  // ── Resets received ──
  { id: 'syn-rcvd-rcv-rst-active', from: ['SYN_RCVD'], on: 'rcv-rst', guard: 'active-open', actions: ['drop-connection'], timers: { retransmit: 'stop' }, to: 'CLOSED', rfc: '3.10.7.4' },
  { id: 'syn-sent-rcv-rst', from: ['SYN_SENT'], on: 'rcv-rst', actions: ['drop-connection'], timers: { retransmit: 'stop' }, to: 'CLOSED', rfc: '3.10.7.3' },
  { id: 'synchronized-rcv-rst', from: SYNCHRONIZED, on: 'rcv-rst', actions: ['drop-connection'], timers: { retransmit: 'stop', time_wait: 'stop' }, to: 'CLOSED', rfc: '3.10.7.4' },
  // ── The application aborts (RFC 9293 §3.10.5) ──
  // A peer that knows of the connection is told with a RST at SND.NXT; the TCB goes at once.
  { id: 'abort-reset', from: ABORT_RESETS, on: 'app-abort', actions: ['abort-connection'], owes: ['ABORT'], to: 'CLOSED', rfc: '3.10.5' },
  // LISTEN and SYN_SENT have no synchronized peer to tell; CLOSING, LAST_ACK and TIME_WAIT have
  // closed both ways already ("respond with ok"): no reset, the TCB goes.
  { id: 'abort-quietly', from: ['LISTEN', 'SYN_SENT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'], on: 'app-abort', actions: ['drop-connection'], timers: { retransmit: 'stop' }, to: 'CLOSED', rfc: '3.10.5' },
  // ── Resets sent ──
  { id: 'closed-rcv-segment', from: ['CLOSED'], on: 'rcv-no-connection', owes: ['RST'], to: 'same', rfc: '3.10.7.1' },
  { id: 'listen-rcv-ack', from: ['LISTEN'], on: 'rcv-bad-ack', owes: ['RST'], to: 'same', rfc: '3.10.7.2' },
  { id: 'syn-sent-rcv-bad-ack', from: ['SYN_SENT'], on: 'rcv-bad-ack', owes: ['RST'], to: 'same', rfc: '3.10.7.3' },
  { id: 'syn-rcvd-rcv-bad-ack', from: ['SYN_RCVD'], on: 'rcv-bad-ack', owes: ['RST'], to: 'same', rfc: '3.10.7.4' },
  // ── Re-ACKs and repeats ──
  // Linux sends the SYN+ACK again; RFC 9293's literal rule acknowledges the (unacceptable) repeat
  // with a bare ACK. Either answers it.
  { id: 'syn-rcvd-rcv-dup-syn', from: ['SYN_RCVD'], on: 'rcv-dup-syn', owes: ['SYN+ACK|ACK'], to: 'same', rfc: '3.10.7.4' },
  // Any other SYN in TIME_WAIT is an old duplicate: a (challenge) ACK, and nothing changes (RFC 5961 §4).
  { id: 'time-wait-rcv-old-syn', from: ['TIME_WAIT'], on: 'rcv-syn', owes: ['ACK'], to: 'same', rfc: '3.10.7.4' },
  { id: 'synchronized-rcv-syn', from: AFTER_SYN, on: 'rcv-syn', owes: ['ACK'], to: 'same', rfc: '3.10.7.4' },
  { id: 'rcv-unacceptable', from: AFTER_SYN, on: 'rcv-unacceptable', owes: ['ACK'], to: 'same', rfc: '3.10.7.4' },
  { id: 'time-wait-rcv-fin', from: ['TIME_WAIT'], on: 'rcv-fin', owes: ['ACK'], timers: { time_wait: 'start' }, to: 'same', rfc: '3.10.7.4' },
  { id: 'repeated-fin', from: ['CLOSE_WAIT', 'CLOSING', 'LAST_ACK'], on: 'rcv-fin', owes: ['ACK'], to: 'same', rfc: '3.10.7.4' },
  // ── Data ──
  { id: 'app-send', from: SENDERS, on: 'app-send', owes: ['DATA'], to: 'same', rfc: '3.10.2' },
  { id: 'rcv-data', from: TEXT_RECEIVERS, on: 'rcv-data', owes: ['ACK'], to: 'same', rfc: '3.10.7.4' },
  // ── Timers ──
  { id: 'retransmission-timeout', from: CAN_HAVE_UNACKED, on: 'timeout-retransmit', guard: 'has-unacked', owes: ['RETRANSMIT'], to: 'same', rfc: '3.10.8' },
];

/** The row that fires for `on` in `state`, given the guards, or undefined. */
export function findRow(
  state: TcpState,
  on: TableEvent,
  guard: (name: GuardName) => boolean,
): TransitionRow | undefined {
  return TRANSITIONS.find((r) => r.on === on && r.from.includes(state) && (!r.guard || guard(r.guard)));
}
