import { ACTIONS, GUARDS, followName, setTimer, type Run } from './actions';
import { unackedIndex, type OwedReset } from './endpoint';
import { seqAdd, seqSpace } from './seq';
import { findRow, type Owe, type TableEvent, type TransitionRow } from './table';
import { hasFlag, type Segment, type TcpState } from './types';

/** What an application call or a timer brings instead of a segment. */
export const NO_SEGMENT: Readonly<Segment> = Object.freeze({ flags: [], seq: 0, ack: 0, len: 0 });

/**
 * The interpreter of the table: fire the row for `on` in the endpoint's state, if one matches its
 * guard, and carry it out in the row's order: its actions, the new state, what it owes, its timers.
 * `seg` is the segment the event is about (arrivals), `bytes` the octets of a send call.
 */
export function fire(run: Run, on: TableEvent, seg: Segment = NO_SEGMENT, bytes = 0): TransitionRow | undefined {
  const ep = run.ep;
  const row = findRow(ep.state, on, (g) => GUARDS[g](ep));
  if (!row) return undefined;
  run.rows.push(row.id);
  if (row.actions) for (const a of row.actions) ACTIONS[a](run, seg);
  if (row.to !== 'same') enter(run, row, row.to);
  if (row.owes) for (const o of row.owes) owe(run, o, row.id, seg, bytes);
  if (row.timers?.retransmit === 'stop') setTimer(run, 'retransmit', false);
  if (row.timers?.time_wait) setTimer(run, 'time_wait', row.timers.time_wait === 'start', true);
  return row;
}

/**
 * Move to `to`, and the player's name for the state with it (GAME.md "A state begins with the
 * segment that makes it"): connect() and close() lead to a state that begins, for the player, with
 * the SYN / FIN they owe, so the name stays where it is until that segment is sent.
 */
function enter(run: Run, row: TransitionRow, to: TcpState): void {
  const ep = run.ep;
  const before = { name: ep.state, row: ep.stateRow };
  const carrier = row.owes?.includes('SYN') ? 'SYN' : row.owes?.includes('FIN') ? 'FIN' : null;
  // An abort names its own wait for the reset (actions.ts 'abort-connection').
  if (!carrier && !row.owes?.includes('ABORT')) followName(run, row.on);
  ep.state = to;
  ep.stateRow = row.id;
  if (carrier && !ep.pending) ep.pending = { ...before, carrier };
  // close() before connect()'s SYN went out: once the SYN (or SYN+ACK) is sent, the player is
  // where the RFC was before the close, and the FIN's own wait begins.
  else if (carrier === 'FIN' && ep.pending?.carrier === 'SYN' && !ep.pendingAfter) ep.pendingAfter = { ...before, carrier };
}

/** What a row owes, made owed: the one place every kind is honoured. */
function owe(run: Run, kind: Owe, row: string, seg: Segment, bytes: number): void {
  const ep = run.ep;
  switch (kind) {
    case 'SYN':
      ep.owe.syn = true;
      return;
    case 'SYN+ACK':
      ep.owe.synAck = true;
      return;
    case 'SYN+ACK|ACK':
      ep.owe.synAck = true;
      // A bare ACK answers only once a SYN+ACK has gone out (our ISN is chosen).
      if (ep.iss !== null) {
        ep.owe.synAckOrAck = true;
        ep.owe.ack = true;
      }
      return;
    case 'ACK':
      ep.owe.ack = true;
      return;
    case 'RETRANSMIT':
      ep.owe.retransmit = true;
      return;
    case 'FIN':
      ep.closeCalled = true;
      return;
    case 'DATA':
      ep.queued += bytes;
      return;
    case 'RST':
      ep.owe.resets.push(resetFor(seg, row));
      return;
    case 'ABORT':
      // `<SEQ=SND.NXT><CTL=RST>` (RFC 9293 §3.10.5); nothing to send if no SYN of ours went out.
      if (ep.iss !== null) ep.owe.resets.push({ withAck: false, seq: ep.sndNxt, ack: ep.rcvNxt, row, abort: true });
      return;
  }
}

/**
 * The reset that answers `seg` (RFC 9293 §3.10.7.1): `RST, seq = SEG.ACK` when it had ACK,
 * otherwise `RST+ACK, seq = 0, ack = SEG.SEQ + its sequence space`.
 */
function resetFor(seg: Segment, row: string): OwedReset {
  const withAck = !hasFlag(seg, 'ACK');
  return withAck ? { withAck, seq: 0, ack: seqAdd(seg.seq, seqSpace(seg)), row } : { withAck, seq: seg.ack, ack: 0, row };
}

/**
 * The endpoint sends `seg` (judged correct, or scripted): the ISS and SND.NXT it takes, the owed
 * sends it settles, the retransmission queue and timer (RFC 9293 §3.10.2, §3.10.8).
 */
export function recordSend(run: Run, seg: Segment): void {
  const ep = run.ep;
  if (hasFlag(seg, 'RST')) {
    const i = ep.owe.resets.findIndex((r) => r.seq === seg.seq);
    const [settled] = i >= 0 ? ep.owe.resets.splice(i, 1) : [];
    // The abort's reset is out: the player is in CLOSED now.
    if (settled?.abort && ep.pending?.carrier === 'RST') ep.pending = null;
    return;
  }
  const syn = hasFlag(seg, 'SYN');
  const fin = hasFlag(seg, 'FIN');
  if (ep.pending && hasFlag(seg, ep.pending.carrier)) {
    // close() was called before the SYN went out: the FIN's wait begins now, if the FIN still owes.
    const after = ep.pending.carrier === 'SYN' && !fin ? ep.pendingAfter : null;
    ep.pending = after;
    ep.pendingAfter = null;
  }
  if (hasFlag(seg, 'ACK') && seg.ack === ep.rcvNxt) {
    ep.owe.ack = false;
    if (ep.owe.synAckOrAck) {
      ep.owe.synAck = false;
      ep.owe.synAckOrAck = false;
    }
  }
  if (syn) {
    if (ep.iss === null) {
      ep.iss = seg.seq;
      ep.sndUna = seg.seq;
      ep.sndNxt = seg.seq;
    }
    ep.owe.syn = false;
    if (hasFlag(seg, 'ACK')) ep.owe.synAck = false;
  }
  if (ep.iss === null) return; // nothing was ever opened: nothing to record
  const space = seqSpace(seg);
  if (space === 0) return;
  if (seg.seq === ep.sndNxt) {
    ep.sndNxt = seqAdd(seg.seq, space);
    ep.queued = Math.max(0, ep.queued - seg.len);
    ep.sentBytes += seg.len;
    if (fin) ep.finSeq = seqAdd(seg.seq, seg.len);
    ep.unacked.push({ seq: seg.seq, len: seg.len, syn, fin, ack: hasFlag(seg, 'ACK') });
    setTimer(run, 'retransmit', true);
    return;
  }
  const again = ep.unacked[unackedIndex(ep, seg.seq)];
  if (again) {
    // A simultaneous open's SYN+ACK repeats the ISN of our bare SYN: from now on the SYN goes with ACK.
    if (syn && hasFlag(seg, 'ACK')) again.ack = true;
    ep.owe.retransmit = false;
    setTimer(run, 'retransmit', true, true);
  }
}
