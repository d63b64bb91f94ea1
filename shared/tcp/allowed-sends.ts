/**
 * Which segments an endpoint may send now, and which it owes: `sendOptions` lists every family of
 * segments a correct stack could send in its situation (what the judge accepts), `owedSends` the
 * ones it must send (what the bot sends, what a hint points at).
 */
import { unackedIndex, type Endpoint } from './endpoint';
import { RECEIVE_WINDOW, seqAdd, seqDiff, seqGt } from './seq';
import { SYNCHRONIZED, type Flag, type Segment } from './types';

export type OptionKind = 'rst' | 'syn' | 'syn-ack' | 'retransmit' | 'data' | 'fin' | 'ack';

/**
 * One family of segments the endpoint may send now: the flags it must and may carry, the exact
 * seq and ack (null: any seq, i.e. a fresh ISN / ack not carried), and the data length range.
 * `rules` names the rule each field breaks when it is off.
 */
export interface SendOption {
  kind: OptionKind;
  required: Flag[];
  optional: Flag[];
  seq: number | null;
  ack: number | null;
  len: { min: number; max: number };
  rules: { seq: string; ack: string; len: string };
  /** A retransmission is due first: this new data or FIN must wait (RFC 9293 §3.8.1). */
  afterRetransmit?: boolean;
  /** The reset of an application's abort (RFC 9293 §3.10.5), not an answer to a segment. */
  abort?: true;
  /**
   * A fresh ISN (`seq` null) must lie above this: the SND.NXT the earlier connection on the same
   * ports ended with (Endpoint.lastSndNxt).
   */
  seqAbove?: number;
}

/** The largest data length the bot puts in one segment (a typical Ethernet MSS). */
export const BOT_MSS = 1460;

/** Why `ack` must be rcvNxt, in the words of the rule that explains it. */
export function ackRule(ep: Endpoint, got?: number): string {
  if (got !== undefined && ep.held.length > 0 && seqGt(got, ep.rcvNxt)) return 'ack.no-skipping-gaps';
  if (ep.rcvReason === 'syn') return 'ack.must-acknowledge-syn';
  if (ep.rcvReason === 'fin') return 'ack.fin-takes-one';
  return 'ack.next-expected-byte';
}

/** Why `seq` must be sndNxt. */
function seqRule(ep: Endpoint): string {
  if (ep.finSeq !== null && ep.sndNxt === seqAdd(ep.finSeq, 1)) return 'seq.fin-takes-one';
  if (ep.iss !== null && ep.sndNxt === seqAdd(ep.iss, 1)) return 'seq.syn-takes-one';
  return 'seq.next-unsent-byte';
}

/**
 * Everything the endpoint may send now, most urgent first. Empty: it may send nothing.
 * Retransmissions: with `near` given, only the unacknowledged segment at that seq (or else the
 * first one) is listed, which keeps judging fast with many segments in flight.
 */
export function sendOptions(ep: Endpoint, near?: number): SendOption[] {
  const opts: SendOption[] = [];
  for (const r of ep.owe.resets) {
    if (r.abort) {
      // `<SEQ=SND.NXT><CTL=RST>`; Linux adds ACK with RCV.NXT, which a real stack may do.
      opts.push({
        kind: 'rst',
        required: ['RST'],
        optional: ['ACK'],
        seq: r.seq,
        ack: r.ack,
        len: { min: 0, max: 0 },
        rules: { seq: 'seq.abort-rst-next-unsent', ack: ackRule(ep), len: 'len.rst-carries-no-data' },
        abort: true,
      });
      continue;
    }
    opts.push({
      kind: 'rst',
      required: r.withAck ? ['RST', 'ACK'] : ['RST'],
      optional: [],
      seq: r.seq,
      ack: r.withAck ? r.ack : null,
      len: { min: 0, max: 0 },
      rules: { seq: r.withAck ? 'seq.rst-zero' : 'seq.rst-equals-ack', ack: 'ack.rst-acknowledges-segment', len: 'len.rst-carries-no-data' },
    });
  }
  if (ep.state === 'SYN_SENT') {
    const above = ep.iss === null && ep.lastSndNxt !== null ? ep.lastSndNxt : null;
    opts.push({
      kind: 'syn',
      required: ['SYN'],
      optional: [],
      seq: ep.iss,
      ack: null,
      len: { min: 0, max: 0 },
      rules: { seq: above !== null ? 'seq.isn-above-last-connection' : 'seq.retransmit-same-seq', ack: 'ack.must-acknowledge-syn', len: 'len.syn-carries-no-data' },
      ...(above !== null ? { seqAbove: above } : {}),
    });
    return opts;
  }
  if (ep.state === 'SYN_RCVD') {
    opts.push(synAck(ep));
    if (ep.owe.ack && ep.iss !== null) opts.push(pureAck(ep));
    return opts;
  }
  if (!SYNCHRONIZED.includes(ep.state)) return opts;
  // Closed from SYN_RCVD before the SYN was acknowledged: the SYN+ACK still goes (again) first.
  if (ep.owe.synAck || ep.unacked[0]?.syn === true) opts.push(synAck(ep));
  if (ep.iss === null) return opts; // nothing can follow a SYN that was never sent

  const rto = ep.owe.retransmit;
  // A SYN in flight is always the first segment: the rest can be resent as they are.
  const from = ep.unacked[0]?.syn ? 1 : 0;
  let picked: Endpoint['unacked'];
  if (near === undefined) picked = ep.unacked.slice(from);
  else {
    const i = unackedIndex(ep, near);
    const u = i >= from ? ep.unacked[i] : ep.unacked[from];
    picked = u ? [u] : [];
  }
  for (const u of picked) {
    opts.push({
      kind: 'retransmit',
      required: u.fin ? ['ACK', 'FIN'] : ['ACK'],
      optional: u.len > 0 ? ['PSH'] : [],
      seq: u.seq,
      ack: ep.rcvNxt,
      len: { min: u.len, max: u.len },
      rules: { seq: 'seq.retransmit-same-seq', ack: ackRule(ep), len: 'len.retransmit-same-bytes' },
    });
  }
  const sr = seqRule(ep);
  const ar = ackRule(ep);
  if (ep.queued > 0 && ep.finSeq === null) {
    opts.push({
      kind: 'data',
      required: ['ACK'],
      optional: ['PSH'],
      seq: ep.sndNxt,
      ack: ep.rcvNxt,
      len: { min: 1, max: ep.queued },
      rules: { seq: sr, ack: ar, len: 'len.more-than-queued' },
      afterRetransmit: rto,
    });
  }
  if (ep.closeCalled && ep.finSeq === null && !ep.owe.synAck) {
    opts.push({
      kind: 'fin',
      required: ['ACK', 'FIN'],
      optional: ep.queued > 0 ? ['PSH'] : [],
      seq: ep.sndNxt,
      ack: ep.rcvNxt,
      len: { min: ep.queued, max: ep.queued },
      rules: { seq: sr, ack: ar, len: 'len.fin-after-all-data' },
      afterRetransmit: rto,
    });
  }
  opts.push(pureAck(ep));
  return opts;
}

function synAck(ep: Endpoint): SendOption {
  return {
    kind: 'syn-ack',
    required: ['SYN', 'ACK'],
    optional: [],
    seq: ep.iss,
    ack: ep.rcvNxt,
    len: { min: 0, max: 0 },
    rules: { seq: ep.passive ? 'seq.retransmit-same-seq' : 'seq.same-isn-simultaneous', ack: 'ack.must-acknowledge-syn', len: 'len.syn-carries-no-data' },
  };
}

function pureAck(ep: Endpoint): SendOption {
  return {
    kind: 'ack',
    required: ['ACK'],
    optional: [],
    seq: ep.sndNxt,
    ack: ep.rcvNxt,
    len: { min: 0, max: 0 },
    rules: { seq: seqRule(ep), ack: ackRule(ep), len: ep.finSeq !== null ? 'len.data-after-fin' : ep.sentBytes > 0 ? 'len.all-data-sent' : 'len.nothing-queued' },
  };
}

/**
 * Whether `owedSends(ep)` is not empty, without making the sends: the server asks this of every
 * endpoint a step makes (the clock, each seat's debt, the end of the round), and building every
 * option with its segments and rules was 5 % of all it allocated at classroom pace. It follows
 * owedSends case by case; a retransmission whose timer fired asks owedSends itself.
 * tests/shared/tcp/owes-any.test.ts holds the two equal on every endpoint the rounds reach.
 */
export function owesAny(ep: Endpoint): boolean {
  // Every reset owed is an option owedSends takes.
  if (ep.owe.resets.length > 0) return true;
  const first = ep.unacked[0];
  const rto = ep.owe.retransmit;
  if (ep.state === 'SYN_SENT') return ep.owe.syn || (rto && first?.syn === true);
  if (ep.state === 'SYN_RCVD') return ep.owe.synAck || rto || (ep.owe.ack && ep.iss !== null);
  if (!SYNCHRONIZED.includes(ep.state)) return false;
  if (ep.owe.synAck || (rto && first?.syn === true)) return true;
  if (ep.iss === null) return false;
  if (rto && first) return owedSends(ep).length > 0;
  if (ep.owe.ack) return true;
  if (ep.finSeq !== null || rto) return false;
  if (ep.queued > 0) return RECEIVE_WINDOW - seqDiff(ep.sndNxt, ep.sndUna) > 0;
  return ep.closeCalled;
}

/** A send the endpoint owes now (not merely may make), with the segment a correct stack sends. */
export interface OwedSend {
  kind: OptionKind;
  /** seq is null where the player picks it (a fresh ISN). */
  segment: Omit<Segment, 'seq'> & { seq: number | null };
  /** With seq null: the fresh ISN must lie above this (SendOption.seqAbove). */
  seqAbove?: number;
}

/**
 * What the endpoint owes, most urgent first: resets, the SYN or SYN+ACK, a retransmission whose
 * timer fired, queued data, the FIN after close, an ACK for what arrived.
 */
export function owedSends(ep: Endpoint): OwedSend[] {
  const out: OwedSend[] = [];
  const opts = sendOptions(ep, ep.unacked[0]?.seq);
  const take = (o: SendOption | undefined, len = o?.len.max ?? 0) => {
    // The ack field goes only with the ACK flag (an abort's reset may carry it, and is owed without).
    if (o) {
      const segment = { flags: [...o.required], seq: o.seq, ack: o.required.includes('ACK') ? (o.ack ?? 0) : 0, len };
      out.push(o.seqAbove !== undefined ? { kind: o.kind, segment, seqAbove: o.seqAbove } : { kind: o.kind, segment });
    }
  };
  for (const o of opts) if (o.kind === 'rst') take(o);
  const first = ep.unacked[0];
  if (ep.state === 'SYN_SENT' && (ep.owe.syn || (ep.owe.retransmit && first?.syn))) take(opts.find((o) => o.kind === 'syn'));
  const synAckDue = ep.owe.synAck || (ep.owe.retransmit && (ep.state === 'SYN_RCVD' || first?.syn === true));
  if (ep.state !== 'SYN_SENT' && synAckDue) take(opts.find((o) => o.kind === 'syn-ack'));
  if (ep.owe.retransmit && first && !first.syn) take(opts.find((o) => o.kind === 'retransmit' && o.seq === first.seq));
  const data = opts.find((o) => o.kind === 'data');
  // Stay within the peer's receive window: no more than RECEIVE_WINDOW octets in flight.
  const room = RECEIVE_WINDOW - seqDiff(ep.sndNxt, ep.sndUna);
  if (data && !data.afterRetransmit && room > 0) take(data, Math.min(ep.queued, BOT_MSS, room));
  const fin = opts.find((o) => o.kind === 'fin');
  if (fin && !fin.afterRetransmit && ep.queued === 0) take(fin);
  if (ep.owe.ack && !out.some((o) => o.segment.flags.includes('ACK'))) take(opts.find((o) => o.kind === 'ack'));
  return out;
}
