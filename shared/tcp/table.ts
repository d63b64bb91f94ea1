import type { TcpState } from './types';

/**
 * What can happen to an endpoint, as the table sees it. An arriving segment is first sorted into
 * one or more of these by the arrival rules (arrive.ts, RFC 9293 §3.10.7); app calls and timers
 * map one to one.
 */
export const TABLE_EVENTS = [
  'app-listen',
  'app-connect',
  'app-send',
  'app-close',
  'timeout-retransmit',
  'timeout-time-wait',
  'rcv-syn',
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

/** What a transition makes the endpoint owe: sends it must now make. */
export type Owe = 'SYN' | 'SYN+ACK' | 'ACK' | 'FIN' | 'RST' | 'DATA' | 'RETRANSMIT';

/** Named guards, defined in step.ts beside the functions that evaluate them. */
export type GuardName = 'passive-open' | 'active-open' | 'has-unacked';

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
  readonly to: TcpState | 'same';
  readonly owes?: readonly Owe[];
  readonly timers?: TimerChange;
  /** Where RFC 9293 says so. */
  readonly rfc: string;
}

const SYNC_SENDERS: readonly TcpState[] = ['ESTABLISHED', 'CLOSE_WAIT'];
const DATA_RECEIVERS: readonly TcpState[] = ['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2'];
const AFTER_SYN: readonly TcpState[] = [
  'SYN_RCVD',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
];

/**
 * The transition table: RFC 9293's connection-management diagram (Figure 5), one row per arc,
 * followed by the segment-arrival rules of §3.10.7 that the game teaches (resets, re-ACKs,
 * retransmission, TIME_WAIT's re-ACK). Rows are tried in order; the first whose `from`, `on`
 * and guard match fires. An event no row matches changes nothing.
 */
export const TRANSITIONS: readonly TransitionRow[] = [
  // ── Figure 5, opening ──
  { id: 'closed-listen', from: ['CLOSED'], on: 'app-listen', to: 'LISTEN', rfc: '3.10.1' },
  { id: 'closed-connect', from: ['CLOSED'], on: 'app-connect', to: 'SYN_SENT', owes: ['SYN'], rfc: '3.10.1' },
  { id: 'listen-connect', from: ['LISTEN'], on: 'app-connect', to: 'SYN_SENT', owes: ['SYN'], rfc: '3.10.2' },
  { id: 'listen-close', from: ['LISTEN'], on: 'app-close', to: 'CLOSED', rfc: '3.10.4' },
  { id: 'listen-rcv-syn', from: ['LISTEN'], on: 'rcv-syn', to: 'SYN_RCVD', owes: ['SYN+ACK'], rfc: '3.10.7.2' },
  { id: 'syn-sent-rcv-syn', from: ['SYN_SENT'], on: 'rcv-syn', to: 'SYN_RCVD', owes: ['SYN+ACK'], rfc: '3.10.7.3' },
  { id: 'syn-sent-rcv-syn-ack', from: ['SYN_SENT'], on: 'rcv-syn-ack', to: 'ESTABLISHED', owes: ['ACK'], timers: { retransmit: 'stop' }, rfc: '3.10.7.3' },
  { id: 'syn-sent-close', from: ['SYN_SENT'], on: 'app-close', to: 'CLOSED', timers: { retransmit: 'stop' }, rfc: '3.10.4' },
  { id: 'syn-rcvd-rcv-ack', from: ['SYN_RCVD'], on: 'rcv-ack-of-syn', to: 'ESTABLISHED', rfc: '3.10.7.4' },
  { id: 'syn-rcvd-close', from: ['SYN_RCVD'], on: 'app-close', to: 'FIN_WAIT_1', owes: ['FIN'], rfc: '3.10.4' },
  { id: 'syn-rcvd-rcv-rst-passive', from: ['SYN_RCVD'], on: 'rcv-rst', guard: 'passive-open', to: 'LISTEN', timers: { retransmit: 'stop' }, rfc: '3.10.7.4' },
  // ── Figure 5, closing ──
  { id: 'established-close', from: ['ESTABLISHED'], on: 'app-close', to: 'FIN_WAIT_1', owes: ['FIN'], rfc: '3.10.4' },
  { id: 'established-rcv-fin', from: ['ESTABLISHED', 'SYN_RCVD'], on: 'rcv-fin', to: 'CLOSE_WAIT', owes: ['ACK'], rfc: '3.10.7.4' },
  { id: 'fin-wait-1-rcv-ack-of-fin', from: ['FIN_WAIT_1'], on: 'rcv-ack-of-fin', to: 'FIN_WAIT_2', rfc: '3.10.7.4' },
  { id: 'fin-wait-1-rcv-fin', from: ['FIN_WAIT_1'], on: 'rcv-fin', to: 'CLOSING', owes: ['ACK'], rfc: '3.10.7.4' },
  { id: 'fin-wait-2-rcv-fin', from: ['FIN_WAIT_2'], on: 'rcv-fin', to: 'TIME_WAIT', owes: ['ACK'], timers: { retransmit: 'stop', time_wait: 'start' }, rfc: '3.10.7.4' },
  { id: 'closing-rcv-ack-of-fin', from: ['CLOSING'], on: 'rcv-ack-of-fin', to: 'TIME_WAIT', timers: { retransmit: 'stop', time_wait: 'start' }, rfc: '3.10.7.4' },
  { id: 'time-wait-timeout', from: ['TIME_WAIT'], on: 'timeout-time-wait', to: 'CLOSED', rfc: '3.10.8' },
  { id: 'close-wait-close', from: ['CLOSE_WAIT'], on: 'app-close', to: 'LAST_ACK', owes: ['FIN'], rfc: '3.10.4' },
  { id: 'last-ack-rcv-ack-of-fin', from: ['LAST_ACK'], on: 'rcv-ack-of-fin', to: 'CLOSED', timers: { retransmit: 'stop' }, rfc: '3.10.7.4' },
  // ── Resets received ──
  { id: 'syn-rcvd-rcv-rst-active', from: ['SYN_RCVD'], on: 'rcv-rst', guard: 'active-open', to: 'CLOSED', timers: { retransmit: 'stop' }, rfc: '3.10.7.4' },
  { id: 'syn-sent-rcv-rst', from: ['SYN_SENT'], on: 'rcv-rst', to: 'CLOSED', timers: { retransmit: 'stop' }, rfc: '3.10.7.3' },
  { id: 'synchronized-rcv-rst', from: ['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'], on: 'rcv-rst', to: 'CLOSED', timers: { retransmit: 'stop', time_wait: 'stop' }, rfc: '3.10.7.4' },
  // ── Resets sent ──
  { id: 'closed-rcv-segment', from: ['CLOSED'], on: 'rcv-no-connection', to: 'same', owes: ['RST'], rfc: '3.10.7.1' },
  { id: 'listen-rcv-ack', from: ['LISTEN'], on: 'rcv-bad-ack', to: 'same', owes: ['RST'], rfc: '3.10.7.2' },
  { id: 'syn-sent-rcv-bad-ack', from: ['SYN_SENT'], on: 'rcv-bad-ack', to: 'same', owes: ['RST'], rfc: '3.10.7.3' },
  { id: 'syn-rcvd-rcv-bad-ack', from: ['SYN_RCVD'], on: 'rcv-bad-ack', to: 'same', owes: ['RST'], rfc: '3.10.7.4' },
  // ── Re-ACKs and repeats ──
  { id: 'syn-rcvd-rcv-dup-syn', from: ['SYN_RCVD'], on: 'rcv-dup-syn', to: 'same', owes: ['SYN+ACK'], rfc: '3.10.7.4' },
  { id: 'synchronized-rcv-syn', from: AFTER_SYN, on: 'rcv-syn', to: 'same', owes: ['ACK'], rfc: '3.10.7.4' },
  { id: 'rcv-unacceptable', from: AFTER_SYN, on: 'rcv-unacceptable', to: 'same', owes: ['ACK'], rfc: '3.10.7.4' },
  { id: 'time-wait-rcv-fin', from: ['TIME_WAIT'], on: 'rcv-fin', to: 'same', owes: ['ACK'], timers: { time_wait: 'start' }, rfc: '3.10.7.4' },
  { id: 'repeated-fin', from: ['CLOSE_WAIT', 'CLOSING', 'LAST_ACK'], on: 'rcv-fin', to: 'same', owes: ['ACK'], rfc: '3.10.7.4' },
  // ── Data ──
  { id: 'app-send', from: ['SYN_SENT', 'SYN_RCVD', ...SYNC_SENDERS], on: 'app-send', to: 'same', owes: ['DATA'], rfc: '3.10.2' },
  { id: 'rcv-data', from: DATA_RECEIVERS, on: 'rcv-data', to: 'same', owes: ['ACK'], rfc: '3.10.7.4' },
  // ── Timers ──
  { id: 'retransmission-timeout', from: ['SYN_SENT', 'SYN_RCVD', 'ESTABLISHED', 'FIN_WAIT_1', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK'], on: 'timeout-retransmit', guard: 'has-unacked', to: 'same', owes: ['RETRANSMIT'], rfc: '3.10.8' },
];

/** The row that fires for `on` in `state`, given the guards, or undefined. */
export function findRow(
  state: TcpState,
  on: TableEvent,
  guard: (name: GuardName) => boolean,
): TransitionRow | undefined {
  return TRANSITIONS.find((r) => r.on === on && r.from.includes(state) && (!r.guard || guard(r.guard)));
}
