import { seqAdd, seqDiff } from '../tcp/seq';
import type { TcpState } from '../tcp/types';
import { checkTrace } from '../trace/check';
import type { Trace, TraceEvent } from '../trace/schema';
import type { ChoiceQuestion, NumericQuestion, TraceAt } from './schema';

/** What the engine makes of a question's `fromTrace`, or why it cannot say. */
export type EngineAnswer<T> = { ok: true; value: T } | { ok: false; reason: string };

type SendEvent = Extract<TraceEvent, { type: 'send' }>;

/** The index of the event `at` names in the trace, or -1. */
function indexOf(trace: Trace, at: TraceAt): number {
  if ('send' in at) return trace.events.findIndex((e) => e.type === 'send' && e.id === at.send);
  return trace.events.findIndex((e) => e.type === 'deliver' && e.id === at.deliver);
}

/**
 * The answer of a numeric question with `fromTrace`, computed by the rule engine from `trace` (the
 * golden trace of `fromTrace.trace`): the send's field is put one off, the trace is judged with
 * `checkTrace`, and the value is what the judge says it expected there. A field the engine does
 * not pin down (an ISN, the ack of a segment without ACK) has no answer. With `relativeTo`, the
 * other send's field as the trace has it is subtracted mod 2³² (a relative sequence number).
 */
export function numericFromTrace(spec: NonNullable<NumericQuestion['fromTrace']>, trace: Trace): EngineAnswer<number> {
  const index = indexOf(trace, { send: spec.send });
  if (index < 0) return { ok: false, reason: `no send "${spec.send}" in the trace` };
  const original = trace.events[index] as SendEvent;
  const report = checkTrace(trace);
  if (!report.valid) return { ok: false, reason: `the trace is invalid: ${report.issues[0]?.path} ${report.issues[0]?.message}` };
  if (!report.events[index]?.verdict) return { ok: false, reason: `send "${spec.send}" is not judged` };
  if (!report.events[index]?.verdict?.ok) return { ok: false, reason: `the engine finds send "${spec.send}" wrong as written` };

  const offByOne = seqAdd(original.segment[spec.field], 1);
  const events = trace.events.slice();
  events[index] = { ...original, segment: { ...original.segment, [spec.field]: offByOne } };
  const wrong = checkTrace({ ...trace, events }).events[index]?.verdict;
  const error = wrong?.errors.find((e) => e.field === spec.field);
  if (!error || typeof error.expected !== 'number') return { ok: false, reason: `the engine does not fix ${spec.field} of send "${spec.send}"` };
  if (!spec.relativeTo) return { ok: true, value: error.expected };

  const base = trace.events[indexOf(trace, { send: spec.relativeTo.send })];
  if (base?.type !== 'send') return { ok: false, reason: `no send "${spec.relativeTo.send}" in the trace` };
  return { ok: true, value: seqDiff(error.expected, base.segment[spec.relativeTo.field]) };
}

/**
 * The state the engine puts `fromTrace.side` in right after event `fromTrace.at` of `trace` (RFC
 * 9293's state, as `checkTrace` reports it): what the correct option of a choice question with
 * `fromTrace` must name.
 */
export function stateFromTrace(spec: NonNullable<ChoiceQuestion['fromTrace']>, trace: Trace): EngineAnswer<TcpState> {
  const index = indexOf(trace, spec.at);
  if (index < 0) return { ok: false, reason: `no such event in the trace: ${JSON.stringify(spec.at)}` };
  const report = checkTrace(trace);
  if (!report.valid) return { ok: false, reason: `the trace is invalid: ${report.issues[0]?.path} ${report.issues[0]?.message}` };
  const verdict = report.events[index]?.verdict;
  if (verdict && !verdict.ok) return { ok: false, reason: `the engine finds the event wrong as written` };
  const state = report.events[index]?.states[spec.side];
  return state ? { ok: true, value: state } : { ok: false, reason: 'no report for the event' };
}
