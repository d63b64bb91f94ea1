import { formatValue } from '../../../shared/i18n/index';
import type { FieldError } from '../../../shared/tcp/judge';
import { canonicalFlags, type Side, type TcpState } from '../../../shared/tcp/types';
import type { TraceReport } from '../../../shared/trace/check';
import type { Trace } from '../../../shared/trace/schema';
import { rtIn, type Lang } from './i18n';
import { retransmissions, segmentLabel, type LadderSend } from './ladder-layout';

/** The fields a judged answer has, in the order the detail panel lists them. */
export const DETAIL_FIELDS = ['flags', 'seq', 'ack', 'len', 'state'] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];

export interface FieldRow {
  field: DetailField;
  /** What the player chose (undefined: a state not declared). */
  got: unknown;
  /** The correct value, when the judge gave one for a field at fault. */
  expected?: unknown;
  ok: boolean;
}

/** A send as the ladder draws it (its event, ends, label and origin), plus what the detail panel lists. */
export interface SendDetail extends Pick<LadderSend, 'index' | 'id' | 'side' | 'to' | 't' | 'segment' | 'label' | 'origin' | 'retransmit'> {
  kind: 'send';
  declared?: TcpState;
  /** Null: not judged. */
  verdict: { ok: boolean; errors: FieldError[] } | null;
  fields: FieldRow[];
  deliveries: { index: number; t: number }[];
  lost: { index: number; t: number } | null;
  /** A wrong answer that never reached the network. */
  refused: boolean;
  /** The segment the engine sent in place of a refused one (assessment mode), if any. */
  carriedOn: { index: number; label: string } | null;
  states: { before: TcpState; after: TcpState };
}

export interface StateDetail {
  kind: 'state';
  index: number;
  side: Side;
  t: number;
  declared: TcpState;
  verdict: { ok: boolean; errors: FieldError[] } | null;
  fields: FieldRow[];
  states: { before: TcpState; after: TcpState };
}

export type EventDetail = SendDetail | StateDetail;

const other = (s: Side): Side => (s === 'client' ? 'server' : 'client');

function fieldRows(got: Record<DetailField, unknown>, errors: readonly FieldError[], only?: readonly DetailField[]): FieldRow[] {
  return (only ?? DETAIL_FIELDS).map((field) => {
    const err = errors.find((e) => e.field === field);
    return { field, got: got[field], ...(err && err.expected !== undefined ? { expected: err.expected } : {}), ok: !err };
  });
}

/**
 * Everything the detail panel says about one event (a send or a declared state), from the trace
 * and its report: what was chosen, what was correct, the rules, what the network did. Null for
 * other events.
 */
export function eventDetail(trace: Trace, report: TraceReport, index: number): EventDetail | null {
  const e = trace.events[index];
  const r = report.events[index];
  if (!e || !r || (e.type !== 'send' && e.type !== 'state')) return null;
  const before = index > 0 ? (report.events[index - 1]?.states[e.side] ?? 'CLOSED') : 'CLOSED';
  const states = { before, after: r.states[e.side] };
  const verdict = r.verdict ? { ok: r.verdict.ok, errors: r.verdict.errors } : null;
  if (e.type === 'state') {
    return {
      kind: 'state', index, side: e.side, t: e.t, declared: e.state, verdict, states,
      fields: fieldRows({ flags: undefined, seq: undefined, ack: undefined, len: undefined, state: e.state }, verdict?.errors ?? [], ['state']),
    };
  }
  const deliveries: { index: number; t: number }[] = [];
  let lost: { index: number; t: number } | null = null;
  trace.events.forEach((x, i) => {
    if (x.type === 'deliver' && x.id === e.id) deliveries.push({ index: i, t: x.t });
    if (x.type === 'drop' && x.id === e.id && !lost) lost = { index: i, t: x.t };
  });
  const refused = verdict?.ok === false && deliveries.length === 0 && !lost;
  let carriedOn: SendDetail['carriedOn'] = null;
  if (refused) {
    // The engine's carry-on is the next send of the same side, made by the engine.
    for (let i = index + 1; i < trace.events.length; i++) {
      const x = trace.events[i];
      if (x?.type === 'send' && x.side === e.side) {
        if (x.origin === 'auto') carriedOn = { index: i, label: segmentLabel(x.segment) };
        break;
      }
    }
  }
  const chosen = { flags: canonicalFlags(e.segment.flags), seq: e.segment.seq, ack: e.segment.ack, len: e.segment.len, state: e.state };
  return {
    kind: 'send', index, id: e.id, side: e.side, to: other(e.side), t: e.t, segment: e.segment, label: segmentLabel(e.segment),
    ...(e.state ? { declared: e.state } : {}),
    origin: e.origin ?? 'player', verdict,
    fields: verdict ? fieldRows(chosen, verdict.errors) : [],
    deliveries, lost, refused, carriedOn, retransmit: retransmissions(trace, report).has(index), states,
  };
}

/** A field's value as the panel prints it (flags `SYN+ACK`, a length range `1–100`). */
export function showValue(field: DetailField, value: unknown, lang: Lang): string {
  if (field === 'state' && value === undefined) return rtIn(lang, 'detail.notDeclared');
  return formatValue(value, lang);
}

/** Sentences joined as the language writes them (Chinese puts no space after 。). */
export function joinSentences(lang: Lang, ...parts: string[]): string {
  return parts.filter(Boolean).join(lang === 'zh-CN' ? '' : ' ');
}

/** One event in words, for the replay's live status line and the arrows' accessible names. */
export function describeEvent(trace: Trace, report: TraceReport, index: number, lang: Lang): string {
  const e = trace.events[index];
  if (!e) return '';
  const side = (s: Side) => rtIn(lang, `side.${s}`);
  const sendOf = (id: string) => trace.events.find((x) => x.type === 'send' && x.id === id) as (Trace['events'][number] & { type: 'send' }) | undefined;
  let text: string;
  switch (e.type) {
    case 'app':
      text = rtIn(lang, 'ev.app', { side: side(e.side), call: e.call === 'send' ? `send(${e.bytes ?? 0})` : `${e.call}()` });
      break;
    case 'send': {
      const label = segmentLabel(e.segment);
      const key = e.origin === 'auto' ? 'ev.sendAuto' : e.origin === 'network' ? 'ev.sendStale' : 'ev.send';
      text = rtIn(lang, key, { side: side(e.side), label });
      const v = report.events[index]?.verdict;
      if (v) text = joinSentences(lang, text, rtIn(lang, v.ok ? 'ev.verdictOk' : 'ev.verdictWrong'));
      break;
    }
    case 'deliver': {
      const s = sendOf(e.id);
      const earlier = trace.events.slice(0, index).some((x) => x.type === 'deliver' && x.id === e.id);
      text = rtIn(lang, earlier ? 'ev.deliverAgain' : 'ev.deliver', { label: s ? segmentLabel(s.segment) : e.id, to: s ? side(other(s.side)) : '?' });
      break;
    }
    case 'drop': {
      const s = sendOf(e.id);
      text = rtIn(lang, 'ev.drop', { label: s ? segmentLabel(s.segment) : e.id });
      break;
    }
    case 'timeout':
      text = rtIn(lang, e.timer === 'retransmit' ? 'ev.timeout.retransmit' : 'ev.timeout.time_wait', { side: side(e.side) });
      break;
    case 'state': {
      text = rtIn(lang, 'ev.state', { side: side(e.side), state: e.state });
      const v = report.events[index]?.verdict;
      if (v) text = joinSentences(lang, text, rtIn(lang, v.ok ? 'ev.verdictOk' : 'ev.verdictWrong'));
      break;
    }
  }
  return text;
}
