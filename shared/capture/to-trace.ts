/**
 * One captured connection as a trace (TRACE.md): the capture's segments become the sides' sends,
 * and what a capture cannot show — the application calls, the timers, when each segment reached
 * the other side — is inferred by the rules below (also in README, "Captures"). Pure.
 *
 * - A capture shows each segment once, as it passed the capture point. A segment is delivered
 *   at once (right after it is sent) unless the other side's next segment shows it had not
 *   arrived: that segment carries an ACK that does not cover it (its sequence space does not end
 *   at or before the ACK). Then it was still in flight as the other side sent, and it is
 *   delivered just before the first later segment of the other side whose ACK covers it. So the
 *   FINs of a simultaneous close cross although the capture lists one first. One direction keeps
 *   its order: a segment waits behind any earlier one still in flight, and is delivered with
 *   the run of segments at the front that the ACK covers. A RST without ACK answers
 *   what had arrived. What is still in flight at the end is delivered at the last packet's time.
 * - The client is the side that sent the first SYN (no ACK); else the lower port (meta says which).
 * - App calls: `connect` before a side's first bare SYN; `listen` at the start for a side whose
 *   first SYN is a SYN+ACK; `send` (the new octets) before a segment carrying data beyond any the
 *   side sent before; `close` before a side's first FIN.
 * - A segment that repeats sequence space the side already sent is a retransmission: an earlier
 *   copy still in flight was lost (`drop`), and a `retransmit` timeout comes first unless three
 *   duplicate ACKs of its seq explain it (fast retransmit, RFC 5681 §3.2). A lost copy is one
 *   starting at the same seq (a resend starts where the segment it repeats did).
 * - A connection reopened (the client's bare SYN on the 4-tuple after the connection before it
 *   ended, `Connection.reopenedAt`) is one trace: a `connect` with `reuse` comes before that SYN;
 *   a `listen` for the server first unless it holds TIME_WAIT (where the new SYN opens the next
 *   connection; else it is CLOSED and its listening socket takes the SYN); and a `time_wait`
 *   timeout for the client first if it holds TIME_WAIT (Linux's tcp_tw_reuse cut it short). A side
 *   holds TIME_WAIT if it sent its FIN before the other's reached it and no RST came
 *   (`timeWaitAfter`). Each side's send record starts again; meta.notes says so.
 * - A RST the rules did not owe is an application's abort: an `abort` call comes just before a
 *   side's first such RST (`inferAborts`), and meta.notes says so. Only the first: after it the
 *   side is CLOSED, and a later RST of its own answers what arrives there.
 */
import { checkTrace, type CheckOptions, type TraceReport } from '../trace/check';
import type { Trace, TraceEvent } from '../trace/schema';
import { seqAdd, seqDiff, seqGt, seqLe, seqLt } from '../tcp/seq';
import type { Flag, Side } from '../tcp/types';
import { endpointText, msSince, type Capture, type Connection } from './connections';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type Packet } from './decode';

/** A note on the conversion, in both languages of the game. */
export interface CaptureNote {
  id: 'capture.client-by-lower-port' | 'capture.no-handshake' | 'capture.abort-rst' | 'capture.time-backwards' | 'capture.flags-dropped' | 'capture.reopened' | 'capture.time-wait-reused';
  en: string;
  zh: string;
}

const FLAG_BITS: [number, Flag][] = [
  [TCP_SYN, 'SYN'],
  [TCP_ACK, 'ACK'],
  [TCP_FIN, 'FIN'],
  [TCP_RST, 'RST'],
  [TCP_PSH, 'PSH'],
];

function space(p: Packet): number {
  return p.len + (p.flags & TCP_SYN ? 1 : 0) + (p.flags & TCP_FIN ? 1 : 0);
}

/**
 * One direction's segments still in flight, oldest first. Taking from the front and losing a copy
 * by its seq cost no more than the segments they touch, so a conversion stays linear in the
 * capture's length whatever the file holds.
 */
class InFlight {
  private items: { id: string; p: Packet; gone: boolean }[] = [];
  private head = 0;
  private bySeq = new Map<number, { id: string; p: Packet; gone: boolean }[]>();

  push(id: string, p: Packet): void {
    const item = { id, p, gone: false };
    this.items.push(item);
    if (space(p) > 0) {
      const same = this.bySeq.get(p.seq);
      if (same) same.push(item);
      else this.bySeq.set(p.seq, [item]);
    }
  }

  empty(): boolean {
    this.skipGone();
    return this.head >= this.items.length;
  }

  /** Removes and returns (ids) the segments from the front while `pred` holds. */
  takeWhile(pred: (p: Packet) => boolean): string[] {
    const out: string[] = [];
    for (this.skipGone(); this.head < this.items.length && pred(this.items[this.head]!.p); this.skipGone()) {
      const item = this.items[this.head++]!;
      item.gone = true;
      out.push(item.id);
    }
    return out;
  }

  /** Earlier copies starting at `seq` that are still in flight: lost (a resend starts where they did). */
  loseAt(seq: number): string[] {
    const same = this.bySeq.get(seq);
    if (!same) return [];
    this.bySeq.delete(seq);
    return same.filter((i) => !i.gone).map((i) => {
      i.gone = true;
      return i.id;
    });
  }

  rest(): { id: string; p: Packet }[] {
    return this.items.slice(this.head).filter((i) => !i.gone);
  }

  private skipGone(): void {
    while (this.head < this.items.length && this.items[this.head]!.gone) this.head++;
  }
}

/** An acknowledgement `ack` covers `p`: all of p's sequence space comes before it. */
function covers(ack: number, p: Packet): boolean {
  return seqLe(seqAdd(p.seq, space(p)), ack);
}

/** The connection's segments as a version-1 trace; both sides judged. */
export function connectionTrace(capture: Capture, conn: Connection): Trace {
  const notes: CaptureNote[] = [];
  const events: TraceEvent[] = [];
  const pkts = conn.packets;
  const t0 = pkts.find((p) => p.ns !== null)?.ns ?? null;
  const sideOf = (p: Packet): Side => (p.src === conn.client.addr && p.sport === conn.client.port ? 'client' : 'server');

  if (conn.clientBy === 'lower-port') {
    notes.push({
      id: 'capture.client-by-lower-port',
      en: 'No SYN was captured: the client is taken to be the side with the lower port.',
      zh: '抓包中没有 SYN：端口号较小的一方被当作客户端。',
    });
  }

  // A side whose first SYN is a SYN+ACK was listening from the start.
  for (const side of ['client', 'server'] as const) {
    const firstSyn = pkts.find((p) => sideOf(p) === side && p.flags & TCP_SYN);
    if (firstSyn && firstSyn.flags & TCP_ACK) events.push({ t: 0, type: 'app', side, call: 'listen' });
  }

  const pending: Record<Side, InFlight> = { client: new InFlight(), server: new InFlight() };
  const sndMax: Record<Side, number | null> = { client: null, server: null };
  const connected: Record<Side, boolean> = { client: false, server: false };
  const closed: Record<Side, boolean> = { client: false, server: false };
  const dup: Record<Side, { ack: number | null; count: number }> = { client: { ack: null, count: 0 }, server: { ack: null, count: 0 } };
  const counter: Record<Side, number> = { client: 0, server: 0 };
  let lastT = 0;
  let backwards = 0;
  let dropped = 0;
  // Where the current incarnation's events begin, and how many reopenings found the client in TIME_WAIT.
  let incStart = 0;
  let twReused = 0;

  const reopens = new Set(conn.reopenedAt);
  // For each packet, the next packet the other side sent (the first that could show it arrived).
  const nextOther: (Packet | undefined)[] = new Array<Packet | undefined>(pkts.length);
  const lastSeen: Record<Side, Packet | undefined> = { client: undefined, server: undefined };
  // And whether that next packet is a reopening SYN.
  const reopenAfter: boolean[] = new Array<boolean>(pkts.length);
  const lastAt: Record<Side, number> = { client: -1, server: -1 };
  for (let i = pkts.length - 1; i >= 0; i--) {
    const s = sideOf(pkts[i]!);
    const o = s === 'client' ? 'server' : 'client';
    nextOther[i] = lastSeen[o];
    reopenAfter[i] = lastAt[o] >= 0 && reopens.has(lastAt[o]);
    lastSeen[s] = pkts[i];
    lastAt[s] = i;
  }

  for (const [i, p] of pkts.entries()) {
    let t = msSince(p.ns, t0);
    if (t < lastT) {
      backwards += 1;
      t = lastT;
    }
    lastT = t;
    const x = sideOf(p);
    const y: Side = x === 'client' ? 'server' : 'client';

    // What this segment shows had reached its sender.
    if (p.flags & TCP_ACK) {
      for (const id of pending[y].takeWhile((q) => covers(p.ack, q))) events.push({ t, type: 'deliver', id });
    } else if (p.flags & TCP_RST) for (const id of pending[y].takeWhile(() => true)) events.push({ t, type: 'deliver', id });

    const sp = space(p);
    const end = seqAdd(p.seq, sp);
    if (reopens.has(i)) {
      // The client connects again on the same ports: the next incarnation. It had closed, so all
      // the server sent before had arrived. A server in TIME_WAIT takes this SYN as a new
      // connection; a CLOSED one listens again. A client in TIME_WAIT connecting again had it cut
      // short (Linux's tcp_tw_reuse, safe with timestamps): its TIME_WAIT timeout comes first.
      for (const id of pending[y].takeWhile(() => true)) events.push({ t, type: 'deliver', id });
      const tw = timeWaitAfter(events, incStart);
      if (tw[x]) {
        events.push({ t, type: 'timeout', side: x, timer: 'time_wait' });
        twReused += 1;
      }
      if (!tw[y]) events.push({ t, type: 'app', side: y, call: 'listen' });
      events.push({ t, type: 'app', side: x, call: 'connect', reuse: true });
      for (const side of ['client', 'server'] as const) {
        sndMax[side] = null;
        closed[side] = false;
        dup[side] = { ack: null, count: 0 };
      }
      incStart = events.length;
    }
    const max = sndMax[x];
    if (sp > 0 && max !== null && seqLt(p.seq, max)) {
      // A retransmission: an earlier copy of this sequence space that never arrived was lost.
      for (const id of pending[x].loseAt(p.seq)) {
        events.push({ t, type: 'drop', id });
        dropped += 1;
      }
      const explained = dup[y].count >= 3 && dup[y].ack === p.seq;
      if (!explained) events.push({ t, type: 'timeout', side: x, timer: 'retransmit' });
    }
    if (p.flags & TCP_SYN && !(p.flags & TCP_ACK) && !connected[x]) {
      connected[x] = true;
      events.push({ t, type: 'app', side: x, call: 'connect' });
    }
    if (p.len > 0) {
      const dataEnd = seqAdd(p.seq, p.len + (p.flags & TCP_SYN ? 1 : 0));
      const fresh = max === null ? p.len : seqGt(dataEnd, max) ? Math.min(p.len, seqDiff(dataEnd, max)) : 0;
      if (fresh > 0) events.push({ t, type: 'app', side: x, call: 'send', bytes: fresh });
    }
    if (p.flags & TCP_FIN && !closed[x]) {
      closed[x] = true;
      events.push({ t, type: 'app', side: x, call: 'close' });
    }
    if (sp > 0 && (max === null || seqGt(end, max))) sndMax[x] = end;

    // Duplicate ACKs: pure ACKs repeating the last acknowledgement.
    if (p.flags & TCP_ACK) {
      const pure = sp === 0 && !(p.flags & TCP_RST);
      if (pure && dup[x].ack === p.ack) dup[x].count += 1;
      else dup[x] = { ack: p.ack, count: 0 };
    }

    counter[x] += 1;
    const id = `${x === 'client' ? 'c' : 's'}${counter[x]}`;
    const flags = FLAG_BITS.filter(([bit]) => p.flags & bit).map(([, f]) => f);
    events.push({ t, type: 'send', side: x, id, segment: { flags, seq: p.seq, ack: p.ack, len: p.len } });
    // Delivered at once unless the other side's next segment left before it arrived.
    // A reopening SYN shows the client had closed: everything before it had arrived.
    const q = nextOther[i];
    const arrived = !q || reopenAfter[i] === true || (q.flags & TCP_ACK ? covers(q.ack, p) : (q.flags & TCP_RST) !== 0);
    if (arrived && pending[x].empty()) events.push({ t, type: 'deliver', id });
    else pending[x].push(id, p);
  }
  // Still in flight when the capture ended: delivered in the order they were sent.
  const rest = [...pending.client.rest(), ...pending.server.rest()].sort((a, b) => a.p.number - b.p.number);
  for (const s of rest) events.push({ t: lastT, type: 'deliver', id: s.id });

  if (backwards > 0) {
    notes.push({
      id: 'capture.time-backwards',
      en: `${backwards} packet(s) had an earlier time than the packet before them; they were given that packet's time.`,
      zh: `有 ${backwards} 个数据包的时间早于前一个包；已改用前一个包的时间。`,
    });
  }
  if (!pkts.some((p) => (p.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN)) {
    notes.push({
      id: 'capture.no-handshake',
      en: 'The capture starts after the handshake: the rule engine sees segments of a connection it never saw open, so they are judged wrong.',
      zh: '抓包开始于握手之后：规则引擎没有看到连接建立，这些报文段会被判为错误。',
    });
  }

  if (conn.reopenedAt.length > 0) {
    const n = conn.reopenedAt.length + 1;
    notes.push({
      id: 'capture.reopened',
      en: `The client connected again on the same ports after the connection before had ended (${n} connections in all): each new SYN is read as a connect call with reuse, whose ISN must lie above the old connection's.`,
      zh: `上一个连接结束后，客户端又在同一对端口上建立了连接（共 ${n} 个连接）：每个新的 SYN 都视为一次带重用标记的 connect 调用，其初始序列号必须高于旧连接的序列号。`,
    });
  }

  if (twReused > 0) {
    notes.push({
      id: 'capture.time-wait-reused',
      en: `The client connected again while it was still in TIME_WAIT (${twReused === 1 ? 'once' : `${twReused} times`}): its TIME_WAIT was cut short, as Linux's tcp_tw_reuse does when timestamps show it is safe, so a TIME_WAIT timeout is inferred just before the new connect.`,
      zh: `客户端仍处于 TIME_WAIT 时就再次建立了连接（${twReused} 次）：它的 TIME_WAIT 被提前结束（Linux 的 tcp_tw_reuse 在时间戳表明安全时会这样做），所以在新的 connect 之前推断出一次 TIME_WAIT 超时。`,
    });
  }

  const aborts = inferAborts(events);
  if (aborts.length > 0) {
    notes.push({
      id: 'capture.abort-rst',
      en: `A RST nothing had called for (event${aborts.length > 1 ? 's' : ''} ${aborts.join(', ')}): the application aborted the connection, so an abort call comes just before it.`,
      zh: `没有任何报文要求的 RST（事件 ${aborts.join('、')}）：应用程序中止了连接，所以在它之前加上了 abort 调用。`,
    });
  }

  const trace: Trace = {
    format: 'synack-trace',
    version: 1,
    meta: {
      source: 'capture',
      captureFormat: capture.format,
      connection: conn.index,
      client: endpointText(conn.client),
      server: endpointText(conn.server),
      clientBy: conn.clientBy,
      ...(t0 !== null ? { startedAt: isoOf(t0) } : {}),
      ...(dropped > 0 ? { inferredLosses: dropped } : {}),
      notes,
    },
    judge: ['client', 'server'],
    events,
  };

  return trace;
}

/**
 * Which sides hold TIME_WAIT at the end of the incarnation whose events begin at `from` (each
 * event is looked at once over all reopenings, so a conversion stays linear): a side that sent its
 * FIN before the other's FIN reached it (it closed first, or the FINs crossed), unless a RST
 * ended the connection.
 */
function timeWaitAfter(events: readonly TraceEvent[], from: number): Record<Side, boolean> {
  const finId: Partial<Record<Side, string>> = {};
  const finSent: Partial<Record<Side, number>> = {};
  const finArrived: Partial<Record<Side, number>> = {};
  for (let k = from; k < events.length; k++) {
    const e = events[k]!;
    if (e.type === 'send') {
      if (e.segment.flags.includes('RST')) return { client: false, server: false };
      if (e.segment.flags.includes('FIN') && finId[e.side] === undefined) {
        finId[e.side] = e.id;
        finSent[e.side] = k;
      }
    } else if (e.type === 'deliver') {
      for (const side of ['client', 'server'] as const) {
        const other = side === 'client' ? 'server' : 'client';
        if (finArrived[side] === undefined && finId[other] === e.id) finArrived[side] = k;
      }
    }
  }
  const holds = (side: Side) => finSent[side] !== undefined && (finArrived[side] === undefined || finSent[side]! < finArrived[side]!);
  return { client: holds('client'), server: holds('server') };
}

/**
 * Put an `abort` call just before each side's first RST that the rules did not owe (the judge
 * found no reset owed: the send is not judged as one), in place; returns the positions of those
 * RSTs in the events afterwards. One check of the trace without the calls finds them all: an
 * abort changes only its own side, and a side's RSTs up to its first abort are judged the same
 * with or without the other side's.
 */
function inferAborts(events: TraceEvent[]): number[] {
  if (!events.some((e) => e.type === 'send' && e.segment.flags.includes('RST'))) return [];
  const report = checkTrace({ format: 'synack-trace', version: 1, judge: ['client', 'server'], events });
  if (!report.valid) return [];
  const first: Partial<Record<Side, number>> = {};
  for (const r of report.events) {
    const e = events[r.index];
    if (e?.type !== 'send' || !e.segment.flags.includes('RST') || first[e.side] !== undefined) continue;
    if ((r.verdict?.kind ?? r.send?.kind) !== 'rst') first[e.side] = r.index;
  }
  const at = Object.values(first).sort((a, b) => a - b);
  at.forEach((index, k) => {
    const send = events[index + k] as Extract<TraceEvent, { type: 'send' }>;
    events.splice(index + k, 0, { t: send.t, type: 'app', side: send.side, call: 'abort' });
  });
  return at.map((index, k) => index + k + 1);
}

/**
 * A capture's connection as a trace, and its judgement. `opts` goes to `checkTrace` (the review
 * page's worker shows how far a long check has got).
 */
export function judgeConnection(capture: Capture, conn: Connection, opts: CheckOptions = {}): { trace: Trace; report: TraceReport } {
  const trace = connectionTrace(capture, conn);
  return { trace, report: checkTrace(trace, opts) };
}

function isoOf(ns: bigint): string | undefined {
  const ms = Number(ns / 1_000_000n);
  // Date's range is ±8.64e15 ms; a file can claim any 64-bit time.
  if (!(Math.abs(ms) <= 8.64e15)) return undefined;
  return new Date(ms).toISOString();
}
