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
 *   its order: a segment waits behind any earlier one still in flight. A RST without ACK answers
 *   what had arrived. What is still in flight at the end is delivered at the last packet's time.
 * - The client is the side that sent the first SYN (no ACK); else the lower port (meta says which).
 * - App calls: `connect` before a side's first bare SYN; `listen` at the start for a side whose
 *   first SYN is a SYN+ACK; `send` (the new octets) before a segment carrying data beyond any the
 *   side sent before; `close` before a side's first FIN.
 * - A segment that repeats sequence space the side already sent is a retransmission: an earlier
 *   copy still in flight was lost (`drop`), and a `retransmit` timeout comes first unless three
 *   duplicate ACKs of its seq explain it (fast retransmit, RFC 5681 §3.2).
 * - A RST the rules did not owe is an application's abort; version 1 has no `abort` call, so it
 *   stays a send (and is judged) and meta.notes says so.
 */
import { checkTrace } from '../trace/check';
import type { Trace, TraceEvent } from '../trace/schema';
import { seqAdd, seqDiff, seqGt, seqLe, seqLt } from '../tcp/seq';
import type { Flag, Side } from '../tcp/types';
import { endpointText, msSince, type Capture, type Connection } from './connections';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type Packet } from './decode';

/** A note on the conversion, in both languages of the game. */
export interface CaptureNote {
  id: 'capture.client-by-lower-port' | 'capture.no-handshake' | 'capture.abort-rst' | 'capture.time-backwards' | 'capture.flags-dropped';
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

  const pending: Record<Side, { id: string; p: Packet }[]> = { client: [], server: [] };
  const sndMax: Record<Side, number | null> = { client: null, server: null };
  const connected: Record<Side, boolean> = { client: false, server: false };
  const closed: Record<Side, boolean> = { client: false, server: false };
  const dup: Record<Side, { ack: number | null; count: number }> = { client: { ack: null, count: 0 }, server: { ack: null, count: 0 } };
  const counter: Record<Side, number> = { client: 0, server: 0 };
  let lastT = 0;
  let backwards = 0;
  let dropped = 0;

  const deliver = (side: Side, upto: number, t: number) => {
    for (const s of pending[side].splice(0, upto)) events.push({ t, type: 'deliver', id: s.id });
  };

  // For each packet, the next packet the other side sent (the first that could show it arrived).
  const nextOther: (Packet | undefined)[] = new Array<Packet | undefined>(pkts.length);
  const lastSeen: Record<Side, Packet | undefined> = { client: undefined, server: undefined };
  for (let i = pkts.length - 1; i >= 0; i--) {
    const s = sideOf(pkts[i]!);
    nextOther[i] = lastSeen[s === 'client' ? 'server' : 'client'];
    lastSeen[s] = pkts[i];
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
      let k = -1;
      pending[y].forEach((s, j) => {
        if (covers(p.ack, s.p)) k = j;
      });
      deliver(y, k + 1, t);
    } else if (p.flags & TCP_RST) deliver(y, pending[y].length, t);

    const sp = space(p);
    const max = sndMax[x];
    const start = p.seq;
    const end = seqAdd(p.seq, sp);
    if (sp > 0 && max !== null && seqLt(start, max)) {
      // A retransmission: an earlier copy of this sequence space that never arrived was lost.
      const before = pending[x].length;
      pending[x] = pending[x].filter((s) => {
        const lost = space(s.p) > 0 && seqLe(start, s.p.seq) && seqLt(s.p.seq, end);
        if (lost) events.push({ t, type: 'drop', id: s.id });
        return !lost;
      });
      dropped += before - pending[x].length;
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
    const q = nextOther[i];
    const arrived = !q || (q.flags & TCP_ACK ? covers(q.ack, p) : (q.flags & TCP_RST) !== 0);
    if (arrived && pending[x].length === 0) events.push({ t, type: 'deliver', id });
    else pending[x].push({ id, p });
  }
  // Still in flight when the capture ended: delivered in the order they were sent.
  const rest = [...pending.client, ...pending.server].sort((a, b) => a.p.number - b.p.number);
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

  // A RST the rules did not owe was an application's abort (no `abort` call in version 1).
  const report = checkTrace(trace);
  if (report.valid) {
    const aborts: number[] = [];
    for (const r of report.events) {
      const e = events[r.index];
      if (e?.type === 'send' && e.segment.flags.includes('RST') && r.verdict && !r.verdict.ok) aborts.push(r.index);
    }
    if (aborts.length > 0) {
      notes.push({
        id: 'capture.abort-rst',
        en: `A RST nothing had called for (events ${aborts.join(', ')}): the application aborted the connection. The trace format has no abort call yet, so the RST is judged as a send.`,
        zh: `没有任何报文要求的 RST（事件 ${aborts.join('、')}）：应用程序中止了连接。trace 格式还没有 abort 调用，所以这个 RST 按普通发送判定。`,
      });
    }
  }
  return trace;
}

function isoOf(ns: bigint): string | undefined {
  const ms = Number(ns / 1_000_000n);
  // Date's range is ±8.64e15 ms; a file can claim any 64-bit time.
  if (!(Math.abs(ms) <= 8.64e15)) return undefined;
  return new Date(ms).toISOString();
}
