import type { Endpoint } from './endpoint';
import { QUEUE_ROWS } from './listen-queue';
import { TRANSITIONS } from './table';
import { TCP_STATES, type TcpState } from './types';

/** The header field (or declared state) a rule is about. */
export type RuleField = 'flags' | 'seq' | 'ack' | 'len' | 'state';

/**
 * Every rule the judge can cite, by id (`field.kebab-text`). Each id keys an explanation in every
 * language (shared/i18n). A wrong declared state cites `state.<row>` of the table row that set
 * the true state, so the table's rows are rules too.
 */
export const SEGMENT_RULES = [
  'flags.no-segment-owed',
  'flags.rst-required',
  'flags.rst-not-expected',
  'flags.syn-opens',
  'flags.first-syn-no-ack',
  'flags.syn-ack-answers-syn',
  'flags.syn-outside-handshake',
  'flags.ack-required',
  'flags.fin-before-close',
  'flags.fin-already-sent',
  'flags.fin-after-data',
  'flags.retransmit-same-flags',
  'flags.psh-without-data',
  'flags.abort-sends-rst',
  'seq.rst-equals-ack',
  'seq.rst-zero',
  'seq.retransmit-same-seq',
  'seq.same-isn-simultaneous',
  'seq.syn-takes-one',
  'seq.fin-takes-one',
  'seq.next-unsent-byte',
  'seq.retransmit-first',
  'seq.abort-rst-next-unsent',
  'seq.isn-above-last-connection',
  'ack.rst-acknowledges-segment',
  'ack.must-acknowledge-syn',
  'ack.fin-takes-one',
  'ack.next-expected-byte',
  'ack.no-skipping-gaps',
  'len.rst-carries-no-data',
  'len.syn-carries-no-data',
  'len.retransmit-same-bytes',
  'len.more-than-queued',
  'len.fin-after-all-data',
  'len.data-after-fin',
  'len.nothing-queued',
  'len.all-data-sent',
] as const;

/** The rule of a wrong declared state, by the row that set the true state. */
export function stateRule(stateRow: string): string {
  return `state.${stateRow}`;
}

/** The rule of a state declared too early: the player is still in `state` (`state.still-time-wait`). */
export function stillRule(state: TcpState): string {
  return `state.still-${state.toLowerCase().replace(/_/g, '-')}`;
}

/** connect() was called but the SYN not sent, and the player declared SYN_SENT already. */
export const CONNECT_WAITS_FOR_SYN = 'state.connect-waits-for-syn';
/** close() was called but the FIN not sent, and the player declared FIN_WAIT_1 / LAST_ACK already. */
export const CLOSE_WAITS_FOR_FIN = 'state.close-waits-for-fin';
/** abort() was called but the RST not sent, and the player declared CLOSED already. */
export const ABORT_WAITS_FOR_RST = 'state.abort-waits-for-rst';

/**
 * Rule ids for declared states: the initial CLOSED, one per table row that changes state, one per
 * state for declaring a later state too early, and the two "a state begins with its segment" rules.
 */
export const STATE_RULES: readonly string[] = [
  stateRule('initial'),
  ...TRANSITIONS.filter((r) => r.to !== 'same').map((r) => stateRule(r.id)),
  // A half-open connection the listen queue takes in is in SYN_RCVD (listen-queue.ts).
  ...QUEUE_ROWS.filter((r) => r.effect === 'add').map((r) => stateRule(r.id)),
  ...TCP_STATES.filter((s) => s !== 'CLOSED').map(stillRule),
  CONNECT_WAITS_FOR_SYN,
  CLOSE_WAITS_FOR_FIN,
  ABORT_WAITS_FOR_RST,
];

/**
 * States reachable from `state` along the diagram's arcs of this connection, without a reset:
 * where an endpoint in `state` may go next, and later.
 */
function laterStates(state: TcpState): ReadonlySet<TcpState> {
  const cached = LATER.get(state);
  if (cached) return cached;
  const seen = new Set<TcpState>();
  const queue: TcpState[] = [state];
  while (queue.length > 0) {
    const s = queue.shift() as TcpState;
    // CLOSED ends this connection: what an application opens after it is another one; so does the
    // new incarnation a SYN opens from TIME_WAIT.
    if (s === 'CLOSED' && s !== state) continue;
    for (const r of TRANSITIONS) {
      if (r.to === 'same' || r.on === 'rcv-rst' || r.on === 'app-abort' || r.on === 'rcv-new-syn' || !r.from.includes(s) || seen.has(r.to)) continue;
      seen.add(r.to);
      queue.push(r.to);
    }
  }
  seen.delete(state);
  LATER.set(state, seen);
  return seen;
}
const LATER = new Map<TcpState, ReadonlySet<TcpState>>();

/**
 * The rule a wrong declaration breaks, chosen for the situation: a state that the pending SYN or
 * FIN has not started yet; a state the endpoint has not reached yet (it is still where it is); or
 * else the arc that put the endpoint where it is.
 */
export function stateErrorRule(ep: Endpoint, expected: { state: TcpState; row: string; waitsFor?: 'SYN' | 'FIN' | 'RST' }, got: TcpState): string {
  // After an abort nothing of the connection is left to wait for but the RST itself.
  if (expected.waitsFor === 'RST') return ABORT_WAITS_FOR_RST;
  if (expected.waitsFor && got === ep.state) return WAITS_FOR_RULE[expected.waitsFor];
  // CLOSED before anything happened is `state.initial`; after a connection, the arc that ended it.
  if (expected.state === 'CLOSED') return stateRule(expected.row);
  const arc = TRANSITIONS.find((r) => r.id === expected.row);
  // The state just left: the player missed the arc, so the arc explains it.
  if (arc?.from.includes(got)) return stateRule(expected.row);
  if (laterStates(expected.state).has(got)) return stillRule(expected.state);
  return stateRule(expected.row);
}

const WAITS_FOR_RULE = { SYN: CONNECT_WAITS_FOR_SYN, FIN: CLOSE_WAITS_FOR_FIN, RST: ABORT_WAITS_FOR_RST } as const;

/** All rule ids. */
export const RULES: readonly string[] = [...SEGMENT_RULES, ...STATE_RULES];

/** The field a rule id is about. */
export function ruleField(rule: string): RuleField {
  return rule.slice(0, rule.indexOf('.')) as RuleField;
}
