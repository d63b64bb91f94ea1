/**
 * The two capture file containers, read from bytes: classic pcap (microsecond and nanosecond
 * timestamps, either byte order) and pcapng (section header, interface description, enhanced,
 * simple and obsolete packet blocks; several sections and interfaces). Pure: bytes in, frames
 * out. Nothing here throws on bad input: a damaged record is skipped and counted with a reason,
 * and a container that cannot be walked further ends the walk with a reason.
 */

/** One captured frame as the container holds it, before any protocol is looked at. */
export interface Frame {
  /** Position of the frame in the file (1-based, counting every packet record). */
  number: number;
  /** The link-layer header type (LINKTYPE_* of the tcpdump.org list). */
  linkType: number;
  /** Capture time in nanoseconds since the Unix epoch; null when the record has none (pcapng simple packet block). */
  ns: bigint | null;
  /** The bytes captured (may be fewer than the frame had on the wire: `origLen`). */
  data: Uint8Array;
  origLen: number;
}

/** Why something in the file was not used. Stable ids; counted per reason. */
export type SkipReason =
  | 'container.truncated-record'
  | 'container.bad-block'
  | 'container.unknown-interface'
  | 'container.no-interface'
  | 'container.trailing-bytes'
  | 'link.unsupported-link-type'
  | 'link.truncated'
  | 'link.not-ip'
  | 'ip.truncated'
  | 'ip.bad-header'
  | 'ip.bad-checksum'
  | 'ip.fragment'
  | 'ip.not-tcp'
  | 'tcp.truncated'
  | 'tcp.bad-header';

export type Skipped = Partial<Record<SkipReason, number>>;

export interface ContainerResult {
  format: 'pcap' | 'pcapng' | 'unknown';
  frames: Frame[];
  skipped: Skipped;
  /** Set when the walk stopped before the end of the bytes: the offset and why. */
  stoppedAt?: { offset: number; reason: string };
}

export function countSkip(s: Skipped, reason: SkipReason, n = 1): void {
  s[reason] = (s[reason] ?? 0) + n;
}

const PCAP_US = 0xa1b2c3d4;
const PCAP_NS = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BOM = 0x1a2b3c4d;

/** Which container the first bytes announce, if any. */
export function sniffFormat(bytes: Uint8Array): 'pcap' | 'pcapng' | 'unknown' {
  if (bytes.length < 4) return 'unknown';
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const be = v.getUint32(0, false);
  const le = v.getUint32(0, true);
  if (be === PCAP_US || be === PCAP_NS || le === PCAP_US || le === PCAP_NS) return 'pcap';
  if (be === PCAPNG_SHB) return 'pcapng';
  return 'unknown';
}

/** Walk a capture file's container. */
export function readContainer(bytes: Uint8Array): ContainerResult {
  const format = sniffFormat(bytes);
  if (format === 'pcap') return readPcap(bytes);
  if (format === 'pcapng') return readPcapng(bytes);
  return { format, frames: [], skipped: {}, stoppedAt: { offset: 0, reason: 'not a pcap or pcapng file (unknown magic number)' } };
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Classic pcap: a 24-byte file header, then 16-byte record headers each followed by its bytes. */
function readPcap(bytes: Uint8Array): ContainerResult {
  const frames: Frame[] = [];
  const skipped: Skipped = {};
  const v = view(bytes);
  const magicBe = v.getUint32(0, false);
  const le = !(magicBe === PCAP_US || magicBe === PCAP_NS);
  const nano = v.getUint32(0, le) === PCAP_NS;
  if (bytes.length < 24) return { format: 'pcap', frames, skipped, stoppedAt: { offset: 0, reason: 'the file header is cut short' } };
  // The link type is the low 16 bits; the high bits may carry FCS information (pcap draft §4).
  const linkType = v.getUint32(20, le) & 0xffff;
  let off = 24;
  let number = 0;
  while (off < bytes.length) {
    if (off + 16 > bytes.length) {
      countSkip(skipped, 'container.truncated-record');
      return { format: 'pcap', frames, skipped, stoppedAt: { offset: off, reason: 'a record header is cut short' } };
    }
    const sec = v.getUint32(off, le);
    const frac = v.getUint32(off + 4, le);
    const incl = v.getUint32(off + 8, le);
    const orig = v.getUint32(off + 12, le);
    number += 1;
    const start = off + 16;
    if (incl > bytes.length - start) {
      countSkip(skipped, 'container.truncated-record');
      return { format: 'pcap', frames, skipped, stoppedAt: { offset: off, reason: 'a record is cut short (the file ends inside it)' } };
    }
    const ns = BigInt(sec) * 1_000_000_000n + BigInt(frac) * (nano ? 1n : 1000n);
    frames.push({ number, linkType, ns, data: bytes.subarray(start, start + incl), origLen: orig });
    off = start + incl;
  }
  return { format: 'pcap', frames, skipped };
}

interface Iface {
  linkType: number;
  snapLen: number;
  /** Ticks per second as a power: 10^-n (decimal) or 2^-n (binary). */
  resolution: { base: 10 | 2; exp: number };
  /** Seconds added to every timestamp (if_tsoffset). */
  offsetSec: bigint;
}

/** Nanoseconds of a pcapng timestamp in the interface's resolution. */
function ifaceNs(iface: Iface, ticks: bigint): bigint {
  const { base, exp } = iface.resolution;
  let ns: bigint;
  if (base === 10) ns = exp <= 9 ? ticks * 10n ** BigInt(9 - exp) : ticks / 10n ** BigInt(exp - 9);
  else ns = (ticks * 1_000_000_000n) >> BigInt(exp);
  return ns + iface.offsetSec * 1_000_000_000n;
}

/**
 * pcapng: blocks of (type, total length, body, total length), each section starting with a
 * section header block whose byte-order magic says how to read the section.
 */
function readPcapng(bytes: Uint8Array): ContainerResult {
  const frames: Frame[] = [];
  const skipped: Skipped = {};
  const v = view(bytes);
  let off = 0;
  let le = true;
  let ifaces: Iface[] = [];
  let number = 0;
  let lastNs: bigint | null = null;
  const stop = (reason: string): ContainerResult => ({ format: 'pcapng', frames, skipped, stoppedAt: { offset: off, reason } });
  while (off < bytes.length) {
    if (off + 12 > bytes.length) {
      countSkip(skipped, 'container.trailing-bytes');
      return stop('bytes after the last block are too few for a block');
    }
    const rawType = v.getUint32(off, false);
    if (rawType === PCAPNG_SHB) {
      const bom = v.getUint32(off + 8, true);
      if (bom === PCAPNG_BOM) le = true;
      else if (v.getUint32(off + 8, false) === PCAPNG_BOM) le = false;
      else return stop('a section header has no byte-order magic');
      ifaces = [];
    }
    const type = v.getUint32(off, le);
    const len = v.getUint32(off + 4, le);
    if (len < 12 || len % 4 !== 0 || len > bytes.length - off) {
      countSkip(skipped, 'container.bad-block');
      return stop(len > bytes.length - off ? 'a block runs past the end of the file' : 'a block has an impossible length');
    }
    if (v.getUint32(off + len - 4, le) !== len) {
      countSkip(skipped, 'container.bad-block');
      return stop("a block's trailing length does not match its leading one");
    }
    const body = off + 8;
    const bodyEnd = off + len - 4;
    if (type === 1) {
      // Interface description block: link type, reserved, snaplen, options.
      if (bodyEnd - body < 8) countSkip(skipped, 'container.bad-block');
      else ifaces.push(readIdb(v, body, bodyEnd, le));
    } else if (type === 6 || type === 2) {
      // Enhanced packet block (6) / obsolete packet block (2): interface, timestamp, lengths, data.
      number += 1;
      if (bodyEnd - body < 20) countSkip(skipped, 'container.bad-block');
      else {
        const ifId = type === 6 ? v.getUint32(body, le) : v.getUint16(body, le);
        const hi = v.getUint32(body + 4, le);
        const lo = v.getUint32(body + 8, le);
        const capLen = v.getUint32(body + 12, le);
        const origLen = v.getUint32(body + 16, le);
        const iface = ifaces[ifId];
        if (!iface) countSkip(skipped, 'container.unknown-interface');
        else if (capLen > bodyEnd - (body + 20)) countSkip(skipped, 'container.truncated-record');
        else {
          const ns = ifaceNs(iface, (BigInt(hi) << 32n) | BigInt(lo));
          lastNs = ns;
          frames.push({ number, linkType: iface.linkType, ns, data: bytes.subarray(body + 20, body + 20 + capLen), origLen });
        }
      }
    } else if (type === 3) {
      // Simple packet block: original length then data, on interface 0, with no timestamp.
      number += 1;
      const iface = ifaces[0];
      if (bodyEnd - body < 4) countSkip(skipped, 'container.bad-block');
      else if (!iface) countSkip(skipped, 'container.no-interface');
      else {
        const origLen = v.getUint32(body, le);
        const room = bodyEnd - (body + 4);
        const capLen = Math.min(origLen, room, iface.snapLen > 0 ? iface.snapLen : room);
        frames.push({ number, linkType: iface.linkType, ns: lastNs, data: bytes.subarray(body + 4, body + 4 + capLen), origLen });
      }
    }
    // Every other block (name resolution, statistics, custom, decryption secrets…) is not needed.
    off += len;
  }
  return { format: 'pcapng', frames, skipped };
}

function readIdb(v: DataView, body: number, bodyEnd: number, le: boolean): Iface {
  const iface: Iface = { linkType: v.getUint16(body, le), snapLen: v.getUint32(body + 4, le), resolution: { base: 10, exp: 6 }, offsetSec: 0n };
  let o = body + 8;
  while (o + 4 <= bodyEnd) {
    const code = v.getUint16(o, le);
    const olen = v.getUint16(o + 2, le);
    const val = o + 4;
    if (code === 0 || val + olen > bodyEnd) break; // opt_endofopt, or an option past the block
    if (code === 9 && olen >= 1) {
      const r = v.getUint8(val);
      iface.resolution = r & 0x80 ? { base: 2, exp: Math.min(r & 0x7f, 64) } : { base: 10, exp: Math.min(r, 30) };
    } else if (code === 14 && olen >= 8) {
      iface.offsetSec = v.getBigInt64(val, le);
    }
    o = val + olen + ((4 - (olen % 4)) % 4);
  }
  return iface;
}
