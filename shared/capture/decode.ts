/**
 * From a captured frame to a TCP segment: the link layer (Ethernet with 802.1Q/802.1ad tags,
 * Linux cooked v1 and v2, BSD loopback/null, raw IP), then IPv4 (RFC 791) or IPv6 (RFC 8200, its
 * extension headers walked), then the TCP header (RFC 9293 §3.1; options skipped). Pure; never
 * throws: a frame that is not a whole, unfragmented TCP header gives a skip reason instead.
 */
import type { Frame, SkipReason } from './container';

/** The link-layer header types read (LINKTYPE_* values of the tcpdump.org list). */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** A TCP segment as it passed the capture point. */
export interface Packet {
  number: number;
  ns: bigint | null;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  /** The flag bits (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG, ECE, CWR). */
  flags: number;
  /** Data octets, from the IP length (the payload itself need not have been captured). */
  len: number;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export type Decoded = { ok: true; packet: Packet } | { ok: false; reason: SkipReason };

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const ETH_VLAN = [0x8100, 0x88a8, 0x9100];

const fail = (reason: SkipReason): Decoded => ({ ok: false, reason });

export function decodeFrame(frame: Frame): Decoded {
  const d = frame.data;
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let off: number;
  let ethertype: number | null = null; // null: look at the IP version nibble
  switch (frame.linkType) {
    case LINKTYPE.ETHERNET: {
      if (d.length < 14) return fail('link.truncated');
      off = 12;
      ethertype = v.getUint16(off, false);
      off += 2;
      // Stacked VLAN tags: each is 4 bytes (tag control, then the next ethertype).
      while (ETH_VLAN.includes(ethertype)) {
        if (d.length < off + 4) return fail('link.truncated');
        ethertype = v.getUint16(off + 2, false);
        off += 4;
      }
      break;
    }
    case LINKTYPE.LINUX_SLL:
      if (d.length < 16) return fail('link.truncated');
      ethertype = v.getUint16(14, false);
      off = 16;
      break;
    case LINKTYPE.LINUX_SLL2:
      if (d.length < 20) return fail('link.truncated');
      ethertype = v.getUint16(0, false);
      off = 20;
      break;
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (d.length < 4) return fail('link.truncated');
      // NULL: the address family in the capturing host's byte order; LOOP: network order.
      const family = frame.linkType === LINKTYPE.LOOP ? v.getUint32(0, false) : Math.min(v.getUint32(0, true), v.getUint32(0, false));
      if (family === 2) ethertype = ETH_IPV4;
      else if (family === 10 || family === 24 || family === 28 || family === 30) ethertype = ETH_IPV6; // Linux, NetBSD/OpenBSD, FreeBSD, macOS
      else return fail('link.not-ip');
      off = 4;
      break;
    }
    case LINKTYPE.RAW:
    case 12: // DLT_RAW as most systems number it
    case 14: // DLT_RAW on OpenBSD
      off = 0;
      break;
    case LINKTYPE.IPV4:
      ethertype = ETH_IPV4;
      off = 0;
      break;
    case LINKTYPE.IPV6:
      ethertype = ETH_IPV6;
      off = 0;
      break;
    default:
      return fail('link.unsupported-link-type');
  }
  if (ethertype === null) {
    if (d.length <= off) return fail('ip.truncated');
    const version = d[off]! >> 4;
    ethertype = version === 4 ? ETH_IPV4 : version === 6 ? ETH_IPV6 : -1;
  }
  if (ethertype === ETH_IPV4) return ipv4(frame, v, off);
  if (ethertype === ETH_IPV6) return ipv6(frame, v, off);
  return fail('link.not-ip');
}

function ipv4(frame: Frame, v: DataView, off: number): Decoded {
  if (v.byteLength < off + 20) return fail('ip.truncated');
  const vihl = v.getUint8(off);
  const ihl = (vihl & 0x0f) * 4;
  if (vihl >> 4 !== 4 || ihl < 20) return fail('ip.bad-header');
  if (v.byteLength < off + ihl) return fail('ip.truncated');
  const total = v.getUint16(off + 2, false);
  if (total < ihl) return fail('ip.bad-header');
  let sum = 0;
  for (let i = 0; i < ihl; i += 2) sum += v.getUint16(off + i, false);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  if (sum !== 0xffff) return fail('ip.bad-checksum');
  const frag = v.getUint16(off + 6, false);
  if ((frag & 0x2000) !== 0 || (frag & 0x1fff) !== 0) return fail('ip.fragment');
  if (v.getUint8(off + 9) !== 6) return fail('ip.not-tcp');
  const src = `${v.getUint8(off + 12)}.${v.getUint8(off + 13)}.${v.getUint8(off + 14)}.${v.getUint8(off + 15)}`;
  const dst = `${v.getUint8(off + 16)}.${v.getUint8(off + 17)}.${v.getUint8(off + 18)}.${v.getUint8(off + 19)}`;
  return tcp(frame, v, off + ihl, total - ihl, src, dst);
}

/** Extension headers that may come before TCP (RFC 8200 §4; AH, RFC 4302). */
const IPV6_EXT = new Set([0, 43, 60, 135, 139, 140, 51]);

function ipv6(frame: Frame, v: DataView, off: number): Decoded {
  if (v.byteLength < off + 40) return fail('ip.truncated');
  if (v.getUint8(off) >> 4 !== 6) return fail('ip.bad-header');
  const payload = v.getUint16(off + 4, false);
  if (payload === 0) return fail('ip.bad-header'); // a jumbogram (RFC 2675) or nothing: not read
  let next = v.getUint8(off + 6);
  const src = ipv6Text(v, off + 8);
  const dst = ipv6Text(v, off + 24);
  let p = off + 40;
  const end = off + 40 + payload;
  while (next !== 6) {
    if (next === 44) {
      // Fragment header: an atomic fragment (offset 0, no more fragments) is a whole packet.
      if (v.byteLength < p + 8) return fail('ip.truncated');
      const fo = v.getUint16(p + 2, false);
      if ((fo & 0xfff9) !== 0) return fail('ip.fragment');
      next = v.getUint8(p);
      p += 8;
    } else if (IPV6_EXT.has(next)) {
      if (v.byteLength < p + 2) return fail('ip.truncated');
      const hlen = next === 51 ? (v.getUint8(p + 1) + 2) * 4 : (v.getUint8(p + 1) + 1) * 8;
      next = v.getUint8(p);
      p += hlen;
    } else return fail('ip.not-tcp');
    if (p > end) return fail('ip.bad-header');
  }
  return tcp(frame, v, p, end - p, src, dst);
}

function ipv6Text(v: DataView, off: number): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(v.getUint16(off + 2 * i, false));
  // RFC 5952: the longest run (of two or more) of zero words becomes '::'.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function tcp(frame: Frame, v: DataView, off: number, ipPayload: number, src: string, dst: string): Decoded {
  if (v.byteLength < off + 20) return fail('tcp.truncated');
  const dataOffset = (v.getUint8(off + 12) >> 4) * 4;
  if (dataOffset < 20 || dataOffset > ipPayload) return fail('tcp.bad-header');
  if (v.byteLength < off + dataOffset) return fail('tcp.truncated');
  return {
    ok: true,
    packet: {
      number: frame.number,
      ns: frame.ns,
      src,
      dst,
      sport: v.getUint16(off, false),
      dport: v.getUint16(off + 2, false),
      seq: v.getUint32(off + 4, false),
      ack: v.getUint32(off + 8, false),
      flags: v.getUint8(off + 13),
      len: ipPayload - dataOffset,
    },
  };
}
