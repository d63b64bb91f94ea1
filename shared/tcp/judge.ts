import { namedRow, namedState, unackedIndex, type Endpoint } from './endpoint';
import { sendOptions, ackRule, type OptionKind, type SendOption } from './allowed-sends';
import { stateErrorRule } from './rules';
import { seqAdd, seqGt, seqSpace } from './seq';
import { canonicalFlags, hasFlag, SYNCHRONIZED, type Flag, type Segment, type TcpState } from './types';

/** One field at fault, with the rule it breaks (TRACE.md `verdict.errors[]`). */
export interface FieldError {
  field: 'flags' | 'seq' | 'ack' | 'len' | 'state';
  rule: string;
  expected?: unknown;
  got: unknown;
}

export interface Verdict {
  ok: boolean;
  errors: FieldError[];
  /** What kind of send it was judged as (the closest one the endpoint may make). */
  kind?: OptionKind;
}

/**
 * Judge a segment the endpoint proposes to send now (and the state the player declares it is in
 * after sending): ok, or each field at fault with its rule and, where one exists, the expected
 * value. Accepts exactly what `sendOptions` allows: pure ACKs once synchronized, piggybacking,
 * cumulative ACKs, any ISN, data of 1..queued octets with or without PSH, retransmissions.
 */
export function judge(ep: Endpoint, seg: Segment, declared?: TcpState): Verdict {
  const opts = sendOptions(ep, seg.seq);
  // Unless a retransmission is due, a bare ACK that went wrong is read as an ACK, not as a
  // botched retransmission (the classic "forgot that the FIN takes one" mistake).
  if (!ep.owe.retransmit && seg.len === 0 && !seg.flags.includes('FIN')) opts.sort((a, b) => rank(a.kind) - rank(b.kind));
  let errors: FieldError[];
  let kind: OptionKind | undefined;
  if (opts.length === 0) {
    errors = [{ field: 'flags', rule: 'flags.no-segment-owed', expected: null, got: canonicalFlags(seg.flags) }];
  } else {
    let best: { opt: SendOption; errs: FieldError[] } | undefined;
    for (const opt of opts) {
      const errs = compare(ep, opt, seg);
      if (!best || errs.length < best.errs.length) best = { opt, errs };
      if (errs.length === 0) break;
    }
    // opts is non-empty, so best is set
    const chosen = best as { opt: SendOption; errs: FieldError[] };
    kind = chosen.opt.kind;
    errors = chosen.errs;
    if (errors.length === 0 && chosen.opt.afterRetransmit) {
      const first = ep.unacked[0];
      errors = [{ field: 'seq', rule: 'seq.retransmit-first', expected: first?.seq, got: seg.seq }];
    }
  }
  if (declared !== undefined) errors.push(...stateErrors(ep, expectedAfterSend(ep, seg), declared));
  return { ok: errors.length === 0, errors, ...(kind ? { kind } : {}) };
}

/**
 * The state the player is in once `seg` is sent, as the game names it: a segment carrying the SYN
 * or FIN that connect() or close() owes starts the RFC state; any other segment leaves the player
 * where it was (GAME.md "A state begins with the segment that makes it").
 */
export function expectedAfterSend(ep: Endpoint, seg: Pick<Segment, 'flags'>): ExpectedState {
  if (ep.pending && hasFlag(seg, ep.pending.carrier)) {
    // The SYN goes out while a close() already waits for its FIN: the FIN's wait begins.
    const after = ep.pending.carrier === 'SYN' && !hasFlag(seg, 'FIN') ? ep.pendingAfter : null;
    return after ? { state: after.name, row: after.row, waitsFor: after.carrier } : { state: ep.state, row: ep.stateRow };
  }
  return expectedNow(ep);
}

/** The state the game names now, the row behind it, and the SYN/FIN it waits for (if any). */
function expectedNow(ep: Endpoint): ExpectedState {
  return { state: namedState(ep), row: namedRow(ep), ...(ep.pending ? { waitsFor: ep.pending.carrier } : {}) };
}

/** The state a declaration is judged against (see stateErrorRule). */
export interface ExpectedState {
  state: TcpState;
  row: string;
  /** The player is named `state` until this segment is sent (connect()'s SYN, close()'s FIN, abort()'s RST). */
  waitsFor?: 'SYN' | 'FIN' | 'RST';
}

/**
 * Whether `seg`, sent now and judged as `kind`, repeats a segment this endpoint has already sent
 * and not yet seen acknowledged: a retransmission (RFC 9293 §3.8.1) of data or a FIN, of the SYN,
 * or of a SYN+ACK. It takes the same sequence space (it starts where that segment did, with the
 * same SYN and FIN) and, for a SYN, the same ACK: the first SYN+ACK of a simultaneous open carries
 * the ISN of our bare SYN but answers the peer's, so it is no retransmission. A segment that takes
 * no sequence space (a pure ACK, a RST) never is one.
 */
export function isRetransmission(ep: Endpoint, seg: Segment, kind: OptionKind): boolean {
  if (seqSpace(seg) === 0) return false;
  const syn = hasFlag(seg, 'SYN');
  const fin = hasFlag(seg, 'FIN');
  if (kind === 'retransmit') {
    const u = ep.unacked[unackedIndex(ep, seg.seq)];
    return u !== undefined && !u.syn && !syn && u.fin === fin;
  }
  if (kind !== 'syn' && kind !== 'syn-ack') return false;
  const first = ep.unacked[0]; // our SYN, while it is unacknowledged
  return first?.syn === true && syn && !fin && seg.seq === first.seq && first.ack === hasFlag(seg, 'ACK');
}

function rank(kind: OptionKind): number {
  return kind === 'retransmit' ? 1 : 0;
}

/** Judge a declared state alone (a `state` event): it must be the state the game names now. */
export function judgeState(ep: Endpoint, declared: TcpState): FieldError[] {
  return stateErrors(ep, expectedNow(ep), declared);
}

function stateErrors(ep: Endpoint, expected: ExpectedState, declared: TcpState): FieldError[] {
  if (declared === expected.state) return [];
  return [{ field: 'state', rule: stateErrorRule(ep, expected, declared), expected: expected.state, got: declared }];
}

function compare(ep: Endpoint, opt: SendOption, seg: Segment): FieldError[] {
  const errs: FieldError[] = [];
  const got = canonicalFlags(seg.flags);
  const missing = opt.required.filter((f) => !got.includes(f));
  // PSH belongs with data: on a segment with data it is never the mistake (the length may be).
  const pshOk = seg.len > 0 && opt.kind !== 'rst' && opt.kind !== 'syn' && opt.kind !== 'syn-ack';
  const extra = got.filter((f) => !opt.required.includes(f) && !opt.optional.includes(f) && !(pshOk && f === 'PSH'));
  if (missing.length || extra.length) {
    errs.push({ field: 'flags', rule: flagRule(ep, opt, seg, missing, extra), expected: canonicalFlags(opt.required), got });
  }
  if (opt.seq !== null && seg.seq !== opt.seq) errs.push({ field: 'seq', rule: opt.rules.seq, expected: opt.seq, got: seg.seq });
  // A fresh ISN on ports that had a connection: above where that connection ended (serial order).
  if (opt.seq === null && opt.seqAbove !== undefined && !seqGt(seg.seq, opt.seqAbove)) {
    errs.push({ field: 'seq', rule: opt.rules.seq, expected: seqAdd(opt.seqAbove, 1), got: seg.seq });
  }
  // The ack field means nothing without the ACK flag (TRACE.md): a missing ACK is a flags mistake only.
  if (opt.ack !== null && seg.flags.includes('ACK') && seg.ack !== opt.ack) {
    const rule = opt.kind === 'rst' ? opt.rules.ack : ackRule(ep, seg.ack);
    errs.push({ field: 'ack', rule, expected: opt.ack, got: seg.ack });
  }
  if (seg.len < opt.len.min || seg.len > opt.len.max) {
    const expected = opt.len.min === opt.len.max ? opt.len.min : { min: opt.len.min, max: opt.len.max };
    errs.push({ field: 'len', rule: opt.rules.len, expected, got: seg.len });
  }
  return errs;
}

/** The most telling rule for a flags mismatch against `opt`. */
function flagRule(ep: Endpoint, opt: SendOption, seg: Segment, missing: Flag[], extra: Flag[]): string {
  if (opt.kind === 'rst') return opt.abort ? 'flags.abort-sends-rst' : 'flags.rst-required'; // a reset owed has one exact form
  if (extra.includes('RST')) return 'flags.rst-not-expected';
  if (opt.kind === 'syn') return extra.includes('ACK') && !missing.includes('SYN') ? 'flags.first-syn-no-ack' : 'flags.syn-opens';
  if (opt.kind === 'syn-ack') return 'flags.syn-ack-answers-syn';
  if (extra.includes('SYN')) return 'flags.syn-outside-handshake';
  if (missing.includes('ACK') && SYNCHRONIZED.includes(ep.state)) return 'flags.ack-required';
  if (opt.kind === 'retransmit') return 'flags.retransmit-same-flags';
  if (extra.includes('FIN')) {
    if (!ep.closeCalled) return 'flags.fin-before-close';
    if (ep.finSeq !== null) return 'flags.fin-already-sent';
    return 'flags.fin-after-data';
  }
  if (extra.includes('PSH') && seg.len === 0) return 'flags.psh-without-data';
  if (missing.includes('ACK')) return 'flags.ack-required';
  return 'flags.rst-not-expected';
}
