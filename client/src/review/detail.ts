import { formatValue } from '../../../shared/i18n/index';
import type { FieldError } from '../../../shared/tcp/judge';
import { canonicalFlags, otherSide, type Side, type TcpState } from '../../../shared/tcp/types';
import type { TraceReport } from '../../../shared/trace/check';
import type { Trace } from '../../../shared/trace/schema';
import { textIn, type Lang } from '../i18n/ui';
import { retransmissions, segmentLabel, type LadderSend } from '../ladder/layout';

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
  /** The side's state before and after, as the game names it (checkTrace's `named`). */
  states: { before: TcpState; after: TcpState };
  /** RFC 9293's state where it differs from the game's name (`rfcStateAt`), else null. */
  rfc: RfcState | null;
  /** How long the player took to answer, wall-clock ms (`answerWallMs`); null when not known. */
  answeredAfterMs: number | null;
}

export interface StateDetail {
  kind: 'state';
  index: number;
  side: Side;
  t: number;
  declared: TcpState;
  verdict: { ok: boolean; errors: FieldError[] } | null;
  fields: FieldRow[];
  /** The side's state before and after, as the game names it (checkTrace's `named`). */
  states: { before: TcpState; after: TcpState };
  /** RFC 9293's state where it differs from the game's name (`rfcStateAt`), else null. */
  rfc: RfcState | null;
  /** How long the player took to declare it, wall-clock ms (`answerWallMs`); null when not known. */
  answeredAfterMs: number | null;
}

/**
 * RFC 9293's state for a side where it differs from the game's name around this event: between a
 * connect()/close()/abort() call and the SYN/FIN/RST that begins the new state (TRACE.md; GAME.md
 * "A state begins with the segment that makes it").
 */
export interface RfcState {
  state: TcpState;
  call: 'connect' | 'close' | 'abort';
  carrier: 'SYN' | 'FIN' | 'RST';
}

const CARRIER = { connect: 'SYN', close: 'FIN', abort: 'RST' } as const;

export type EventDetail = SendDetail | StateDetail;


function fieldRows(got: Record<DetailField, unknown>, errors: readonly FieldError[], only?: readonly DetailField[]): FieldRow[] {
  return (only ?? DETAIL_FIELDS).map((field) => {
    const err = errors.find((e) => e.field === field);
    return { field, got: got[field], ...(err && err.expected !== undefined ? { expected: err.expected } : {}), ok: !err };
  });
}

/**
 * RFC 9293's state of `side` at event `index` when the game names it otherwise (before or after the
 * event), with the call it dates from; null when both agree.
 */
export function rfcStateAt(trace: Trace, report: TraceReport, index: number, side: Side): RfcState | null {
  const r = report.events[index];
  if (!r) return null;
  const prev = index > 0 ? report.events[index - 1] : undefined;
  const before = { rfc: prev?.states[side] ?? 'CLOSED', named: prev?.named[side] ?? 'CLOSED' };
  const state = r.states[side] !== r.named[side] ? r.states[side] : before.rfc !== before.named ? before.rfc : null;
  if (!state) return null;
  let call: RfcState['call'] = 'close';
  for (let i = index; i >= 0; i--) {
    const e = trace.events[i];
    if (e?.type === 'app' && e.side === side && (e.call === 'connect' || e.call === 'close' || e.call === 'abort')) {
      call = e.call;
      break;
    }
  }
  return { state, call, carrier: CARRIER[call] };
}

/** Whether an event is an input to `side`: its app call, its timer, or a segment arriving at it. */
function isInputTo(trace: Trace, index: number, side: Side): boolean {
  const e = trace.events[index];
  if (!e) return false;
  if (e.type === 'app' || e.type === 'timeout') return e.side === side;
  if (e.type !== 'deliver') return false;
  const sent = trace.events.find((x) => x.type === 'send' && x.id === e.id);
  return sent?.type === 'send' && sent.side !== side;
}

/**
 * How long a player took over an answer (a send or a declared state of theirs), in wall-clock ms:
 * the answer's `wall` minus the `wall` of the last input to that side before it (an arrival, a
 * timer, an app call; the round's start when there was none). Null when the trace carries no wall
 * time there, or the event is not a player's answer (the engine's, the network's, a set state).
 */
export function answerWallMs(trace: Trace, index: number): number | null {
  const e = trace.events[index];
  if (!e || (e.type !== 'send' && e.type !== 'state') || e.wall === undefined) return null;
  if ((e.origin ?? 'player') !== 'player' || !trace.judge.includes(e.side)) return null;
  for (let i = index - 1; i >= 0; i--) {
    if (!isInputTo(trace, i, e.side)) continue;
    const w = trace.events[i]?.wall;
    return w === undefined ? null : Math.max(0, e.wall - w);
  }
  return Math.max(0, e.wall);
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
  const before = index > 0 ? (report.events[index - 1]?.named[e.side] ?? 'CLOSED') : 'CLOSED';
  const states = { before, after: r.named[e.side] };
  const rfc = rfcStateAt(trace, report, index, e.side);
  const answeredAfterMs = answerWallMs(trace, index);
  const verdict = r.verdict ? { ok: r.verdict.ok, errors: r.verdict.errors } : null;
  if (e.type === 'state') {
    return {
      kind: 'state', index, side: e.side, t: e.t, declared: e.state, verdict, states, rfc, answeredAfterMs,
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
    kind: 'send', index, id: e.id, side: e.side, to: otherSide(e.side), t: e.t, segment: e.segment, label: segmentLabel(e.segment),
    ...(e.state ? { declared: e.state } : {}),
    origin: e.origin ?? 'player', verdict,
    fields: verdict ? fieldRows(chosen, verdict.errors) : [],
    deliveries, lost, refused, carriedOn, retransmit: retransmissions(trace, report).has(index), states, rfc, answeredAfterMs,
  };
}

/** A field's value as the panel prints it (flags `SYN+ACK`, a length range `1–100`). */
export function showValue(field: DetailField, value: unknown, lang: Lang): string {
  if (field === 'state' && value === undefined) return textIn(lang, 'review.detail.notDeclared');
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
  const side = (s: Side) => textIn(lang, `side.${s}`);
  const sendOf = (id: string) => trace.events.find((x) => x.type === 'send' && x.id === id) as (Trace['events'][number] & { type: 'send' }) | undefined;
  let text: string;
  switch (e.type) {
    case 'app':
      // A connect on the ports of the side's earlier connection: its next incarnation (TRACE.md `reuse`).
      text = e.call === 'connect' && e.reuse
        ? textIn(lang, 'review.ev.appReuse', { side: side(e.side) })
        : textIn(lang, 'review.ev.app', { side: side(e.side), call: e.call === 'send' ? `send(${e.bytes ?? 0})` : `${e.call}()` });
      break;
    case 'send': {
      const label = segmentLabel(e.segment);
      const key = e.origin === 'auto' ? 'review.ev.sendAuto' : e.origin === 'network' ? 'review.ev.sendStale' : 'review.ev.send';
      // Another address (a forged source of the SYN flood): from it, or to it.
      if (e.peer !== undefined) {
        text = e.origin === 'network'
          ? textIn(lang, 'review.ev.sendFromPeer', { label, peer: e.peer, to: side(otherSide(e.side)) })
          : textIn(lang, 'review.ev.sendToPeer', { side: side(e.side), label, peer: e.peer });
      } else text = textIn(lang, key, { side: side(e.side), label });
      const v = report.events[index]?.verdict;
      if (v) text = joinSentences(lang, text, textIn(lang, v.ok ? 'review.ev.verdictOk' : 'review.ev.verdictWrong'));
      break;
    }
    case 'deliver': {
      const s = sendOf(e.id);
      const earlier = trace.events.slice(0, index).some((x) => x.type === 'deliver' && x.id === e.id);
      if (s && s.peer !== undefined && s.origin !== 'network') {
        text = textIn(lang, 'review.ev.deliverToPeer', { label: segmentLabel(s.segment), peer: s.peer });
        break;
      }
      text = textIn(lang, earlier ? 'review.ev.deliverAgain' : 'review.ev.deliver', { label: s ? segmentLabel(s.segment) : e.id, to: s ? side(otherSide(s.side)) : '?' });
      break;
    }
    case 'drop': {
      const s = sendOf(e.id);
      text = textIn(lang, 'review.ev.drop', { label: s ? segmentLabel(s.segment) : e.id });
      break;
    }
    case 'timeout':
      if (e.peer !== undefined) {
        text = textIn(lang, 'review.ev.timeout.halfOpen', { side: side(e.side), peer: e.peer });
        break;
      }
      text = textIn(lang, e.timer === 'retransmit' ? 'review.ev.timeout.retransmit' : 'review.ev.timeout.time_wait', { side: side(e.side) });
      break;
    case 'state': {
      text = textIn(lang, 'review.ev.state', { side: side(e.side), state: e.state });
      const v = report.events[index]?.verdict;
      if (v) text = joinSentences(lang, text, textIn(lang, v.ok ? 'review.ev.verdictOk' : 'review.ev.verdictWrong'));
      break;
    }
  }
  return text;
}
