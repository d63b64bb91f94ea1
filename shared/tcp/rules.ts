import { TRANSITIONS } from './table';

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
  'seq.rst-equals-ack',
  'seq.rst-zero',
  'seq.retransmit-same-seq',
  'seq.same-isn-simultaneous',
  'seq.syn-takes-one',
  'seq.fin-takes-one',
  'seq.next-unsent-byte',
  'seq.retransmit-first',
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
] as const;

/** The rule of a wrong declared state, by the row that set the true state. */
export function stateRule(stateRow: string): string {
  return `state.${stateRow}`;
}

/** Rule ids for declared states: the initial CLOSED plus one per table row that changes state. */
export const STATE_RULES: readonly string[] = [
  stateRule('initial'),
  ...TRANSITIONS.filter((r) => r.to !== 'same').map((r) => stateRule(r.id)),
];

/** All rule ids. */
export const RULES: readonly string[] = [...SEGMENT_RULES, ...STATE_RULES];

/** The field a rule id is about. */
export function ruleField(rule: string): RuleField {
  return rule.slice(0, rule.indexOf('.')) as RuleField;
}
