/**
 * A capture read whole: its frames decoded and the TCP segments grouped into connections by
 * their 4-tuple. A bare SYN on a 4-tuple whose connection has ended is the next incarnation of
 * that connection when the client sends it (one connection, reopened: `reopenedAt`), and starts a
 * new connection, with that side as its client, when the server does.
 * Pure: bytes in, data out.
 */
import { countSkip, readContainer, type Skipped } from './container';
import { decodeFrame, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type Packet } from './decode';

export interface Endpoint4 {
  addr: string;
  port: number;
}

export interface Connection {
  /** 1-based, in order of each connection's first packet. */
  index: number;
  /** The endpoint that sent the first SYN, else the one with the lower port (`clientBy` says which rule). */
  client: Endpoint4;
  server: Endpoint4;
  clientBy: 'first-syn' | 'lower-port';
  packets: Packet[];
  /**
   * Where each later incarnation begins (positions in `packets`): the client's bare SYN on the
   * 4-tuple after the connection before it had ended. Empty when the connection was opened once.
   */
  reopenedAt: number[];
}

/** What `--list` shows of a connection. */
export interface ConnectionSummary {
  index: number;
  client: string;
  server: string;
  clientBy: 'first-syn' | 'lower-port';
  packets: number;
  /** Milliseconds since the capture's first packet. */
  firstMs: number;
  lastMs: number;
  /** SYN, SYN+ACK and the ACK of the SYN+ACK were all seen. */
  handshake: boolean;
  /** How the capture saw the connection end: both FINs, a RST, or not at all. */
  close: 'fin' | 'rst' | 'none';
  /** How many times the client opened a connection on these ports (more than 1: reopened). */
  incarnations: number;
}

export interface Capture {
  format: 'pcap' | 'pcapng' | 'unknown';
  /** Packet records in the file, and how many were TCP segments used. */
  frames: number;
  tcpPackets: number;
  skipped: Skipped;
  stoppedAt?: { offset: number; reason: string };
  /** Nanoseconds since the epoch of the first packet with a time (null: none had one). */
  startNs: bigint | null;
  connections: Connection[];
}

export function endpointText(e: Endpoint4): string {
  return e.addr.includes(':') ? `[${e.addr}]:${e.port}` : `${e.addr}:${e.port}`;
}

/** Read a pcap or pcapng file from its bytes. Never throws. */
export function readCapture(bytes: Uint8Array): Capture {
  const c = readContainer(bytes);
  const skipped = { ...c.skipped };
  const open = new Map<string, { conn: Connection; ended: boolean; fins: Set<string>; sawSyn: boolean }>();
  const connections: Connection[] = [];
  let startNs: bigint | null = null;
  let tcpPackets = 0;
  for (const frame of c.frames) {
    const d = decodeFrame(frame);
    if (!d.ok) {
      countSkip(skipped, d.reason);
      continue;
    }
    const p = d.packet;
    tcpPackets += 1;
    if (startNs === null && p.ns !== null) startNs = p.ns;
    const a = `${p.src}|${p.sport}`;
    const b = `${p.dst}|${p.dport}`;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    const bareSyn = (p.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN;
    let cur = open.get(key);
    if (cur && cur.ended && bareSyn && cur.conn.clientBy === 'first-syn' && p.src === cur.conn.client.addr && p.sport === cur.conn.client.port) {
      // The client connects again on the same ports: the next incarnation of this connection.
      cur.conn.reopenedAt.push(cur.conn.packets.length);
      cur.ended = false;
      cur.fins.clear();
    } else if (!cur || (cur.ended && bareSyn)) {
      const src = { addr: p.src, port: p.sport };
      const dst = { addr: p.dst, port: p.dport };
      const lowerFirst = p.sport < p.dport || (p.sport === p.dport && p.src <= p.dst);
      const conn: Connection = {
        index: connections.length + 1,
        client: bareSyn || lowerFirst ? src : dst,
        server: bareSyn || lowerFirst ? dst : src,
        clientBy: bareSyn ? 'first-syn' : 'lower-port',
        packets: [],
        reopenedAt: [],
      };
      cur = { conn, ended: false, fins: new Set(), sawSyn: false };
      open.set(key, cur);
      connections.push(conn);
    } else if (cur.conn.clientBy === 'lower-port' && bareSyn && !cur.sawSyn) {
      // The first SYN came after other segments (a capture started mid-way through an old connection).
      cur.conn.client = { addr: p.src, port: p.sport };
      cur.conn.server = { addr: p.dst, port: p.dport };
      cur.conn.clientBy = 'first-syn';
    }
    cur.conn.packets.push(p);
    if (p.flags & TCP_SYN) cur.sawSyn = true;
    if (p.flags & TCP_RST) cur.ended = true;
    if (p.flags & TCP_FIN) cur.fins.add(a);
    if (cur.fins.size === 2) cur.ended = true;
  }
  return { format: c.format, frames: c.frames.length, tcpPackets, skipped, ...(c.stoppedAt ? { stoppedAt: c.stoppedAt } : {}), startNs, connections };
}

/** Milliseconds from `from` to `ns` (0 when either is unknown). */
export function msSince(ns: bigint | null, from: bigint | null): number {
  if (ns === null || from === null) return 0;
  return Number(ns - from) / 1e6;
}

export function summarize(capture: Capture, conn: Connection): ConnectionSummary {
  const first = conn.packets[0];
  const last = conn.packets[conn.packets.length - 1];
  const fromClient = (p: Packet) => p.src === conn.client.addr && p.sport === conn.client.port;
  const syn = conn.packets.find((p) => (p.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN);
  const synAck = syn && conn.packets.find((p) => (p.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK) && p.ack === ((syn.seq + 1) >>> 0));
  const third = synAck && conn.packets.find((p) => (p.flags & (TCP_SYN | TCP_ACK)) === TCP_ACK && fromClient(p) === fromClient(syn) && p.ack === ((synAck.seq + 1) >>> 0));
  const finFrom = new Set(conn.packets.filter((p) => p.flags & TCP_FIN).map(fromClient));
  const close = finFrom.size === 2 ? 'fin' : conn.packets.some((p) => p.flags & TCP_RST) ? 'rst' : 'none';
  return {
    index: conn.index,
    client: endpointText(conn.client),
    server: endpointText(conn.server),
    clientBy: conn.clientBy,
    packets: conn.packets.length,
    firstMs: msSince(first?.ns ?? null, capture.startNs),
    lastMs: msSince(last?.ns ?? null, capture.startNs),
    handshake: third !== undefined,
    close,
    incarnations: 1 + conn.reopenedAt.length,
  };
}
