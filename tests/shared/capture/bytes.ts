/**
 * Hand-made capture bytes for the reader's tests, written from the format specifications (pcap
 * and pcapng drafts, the LINKTYPE list, RFC 791, RFC 8200, RFC 9293 §3.1), not from the reader.
 */

export interface Seg {
  src?: string;
  dst?: string;
  sport: number;
  dport: number;
  seq: number;
  ack?: number;
  flags: string; // e.g. 'S', 'SA', 'A', 'FA', 'R', 'RA', 'PA'
  len?: number;
  /** Bytes of TCP options (a multiple of 4). */
  options?: number;
}

const FLAG = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10, U: 0x20, E: 0x40, C: 0x80 } as const;

export function cat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return catAll(parts);
}

/** `cat` of a list too long to spread into arguments. */
export function catAll(parts: (Uint8Array | number[])[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}
function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

export function tcpHeader(s: Seg): Uint8Array {
  const opts = s.options ?? 0;
  const flags = [...s.flags].reduce((a, c) => a | FLAG[c as keyof typeof FLAG], 0);
  const h = [...u16(s.sport), ...u16(s.dport), ...u32(s.seq >>> 0), ...u32((s.ack ?? 0) >>> 0), ((20 + opts) / 4) << 4, flags, ...u16(65535), 0, 0, 0, 0];
  // Options: NOPs then end-of-list (never read by the reader, only skipped).
  return cat(h, new Array<number>(opts).fill(1), new Array<number>(s.len ?? 0).fill(0x61));
}

function v4(addr: string): number[] {
  return addr.split('.').map(Number);
}

export function ipv4(s: Seg, opts: { fragment?: number; proto?: number; badChecksum?: boolean; totalLength?: number } = {}): Uint8Array {
  const tcp = tcpHeader(s);
  const total = opts.totalLength ?? 20 + tcp.length;
  const h = [0x45, 0, ...u16(total), 0x12, 0x34, ...u16(opts.fragment ?? 0x4000), 64, opts.proto ?? 6, 0, 0, ...v4(s.src ?? '10.0.0.1'), ...v4(s.dst ?? '10.0.0.2')];
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += (h[i]! << 8) | h[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const c = ~sum & 0xffff ^ (opts.badChecksum ? 1 : 0);
  h[10] = c >> 8;
  h[11] = c & 0xff;
  return cat(h, tcp);
}

/** IPv6 with the given extension headers before TCP (each: [next-header number, bytes]). */
export function ipv6(s: Seg, ext: { type: number; bytes: number[] }[] = []): Uint8Array {
  const tcp = tcpHeader(s);
  const chain: number[] = [];
  ext.forEach((e, i) => {
    const next = i + 1 < ext.length ? ext[i + 1]!.type : 6;
    chain.push(next, ...e.bytes.slice(1));
  });
  const first = ext.length ? ext[0]!.type : 6;
  // 2001:db8::N, N the last number of the IPv4 address given.
  const six = (a: string | undefined, dflt: number) => [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), a ? v4(a)[3]! : dflt];
  const src = six(s.src, 1);
  const dst = six(s.dst, 2);
  return cat([0x60, 0, 0, 0, ...u16(chain.length + tcp.length), first, 64, ...src, ...dst], chain, tcp);
}

export const ETH = (payload: Uint8Array, type = 0x0800, vlans: number[] = []) =>
  cat([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2], ...vlans.map((tpid, i) => [...u16(tpid), 0, 10 + i]), u16(type), payload);
export const SLL = (payload: Uint8Array, type = 0x0800) => cat([0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0], u16(type), payload);
export const SLL2 = (payload: Uint8Array, type = 0x0800) => cat(u16(type), [0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0], payload);
/** BSD loopback: the address family as a 32-bit number in the writer's byte order. */
export const NULL = (payload: Uint8Array, family = 2, le = true) => cat(le ? [family, 0, 0, 0] : [0, 0, 0, family], payload);

export interface Rec {
  /** Nanoseconds since the epoch. */
  ns: bigint;
  data: Uint8Array;
  /** Captured bytes when fewer than data (a snaplen cut). */
  cap?: number;
  iface?: number;
}

function put32(le: boolean, n: number): number[] {
  const b = u32(n >>> 0);
  return le ? b.reverse() : b;
}
function put16(le: boolean, n: number): number[] {
  const b = u16(n);
  return le ? b.reverse() : b;
}

export function pcap(linkType: number, recs: Rec[], o: { le?: boolean; nano?: boolean } = {}): Uint8Array {
  const le = o.le ?? true;
  const magic = o.nano ? 0xa1b23c4d : 0xa1b2c3d4;
  const parts: (Uint8Array | number[])[] = [[...put32(le, magic), ...put16(le, 2), ...put16(le, 4), ...put32(le, 0), ...put32(le, 0), ...put32(le, 262144), ...put32(le, linkType)]];
  for (const r of recs) {
    const cap = r.cap ?? r.data.length;
    const sec = Number(r.ns / 1_000_000_000n);
    const frac = Number(r.ns % 1_000_000_000n) / (o.nano ? 1 : 1000);
    parts.push([...put32(le, sec), ...put32(le, Math.floor(frac)), ...put32(le, cap), ...put32(le, r.data.length)], r.data.subarray(0, cap));
  }
  return catAll(parts);
}

function block(le: boolean, type: number, body: number[] | Uint8Array): Uint8Array {
  const pad = (4 - (body.length % 4)) % 4;
  const len = 12 + body.length + pad;
  return cat(put32(le, type), put32(le, len), body, new Array<number>(pad).fill(0), put32(le, len));
}

/** One pcapng section: its interfaces (link type, and tsresol byte if not microseconds), then packets. */
export function pcapngSection(ifaces: { linkType: number; tsresol?: number; snaplen?: number }[], recs: (Rec & { simple?: boolean })[], le = true): Uint8Array {
  const shb = block(le, 0x0a0d0d0a, [...put32(le, 0x1a2b3c4d), ...put16(le, 1), ...put16(le, 0), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  const idbs = ifaces.map((i) => {
    const opts = i.tsresol === undefined ? [] : [...put16(le, 9), ...put16(le, 1), i.tsresol, 0, 0, 0, ...put16(le, 0), ...put16(le, 0)];
    return block(le, 1, [...put16(le, i.linkType), 0, 0, ...put32(le, i.snaplen ?? 0), ...opts]);
  });
  const pkts = recs.map((r) => {
    const cap = r.cap ?? r.data.length;
    if (r.simple) return block(le, 3, cat(put32(le, r.data.length), r.data.subarray(0, cap)));
    const ifc = ifaces[r.iface ?? 0] ?? ifaces[0]!; // an undescribed interface: timed as interface 0
    const res = ifc.tsresol ?? 6;
    const ticks = res & 0x80 ? (r.ns << BigInt(res & 0x7f)) / 1_000_000_000n : (r.ns * 10n ** BigInt(res)) / 1_000_000_000n;
    return block(le, 6, cat([...put32(le, r.iface ?? 0), ...put32(le, Number(ticks >> 32n)), ...put32(le, Number(ticks & 0xffffffffn)), ...put32(le, cap), ...put32(le, r.data.length)], r.data.subarray(0, cap)));
  });
  return cat(shb, ...idbs, ...pkts);
}
