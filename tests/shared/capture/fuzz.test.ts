/**
 * The reader fuzzed: random bytes, and valid captures mutated (bytes flipped, cut, spliced,
 * lengths overwritten), never make it throw, and whatever connections it finds convert to traces
 * that `checkTrace` reads. A hang guard: megabytes of the worst input it can be given (a record
 * every 16 bytes, every packet a new connection, every segment a resend) are read and converted
 * in bounded time per MB (a bound far above the real time: it fails on a hang, not on a slow
 * machine). Linear time comes by construction: no packet walks the ones before it again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../../shared/index';
import { connectionTrace, readCapture } from '../../../shared/capture/index';
import { ETH, SLL2, cat, ipv4, ipv6, pcap, pcapngSection, type Seg } from './bytes';

const SEGS: Seg[] = [
  { sport: 40000, dport: 80, seq: 1, flags: 'S', options: 20 },
  { sport: 80, dport: 40000, seq: 7, ack: 2, flags: 'SA' },
  { sport: 40000, dport: 80, seq: 2, ack: 8, flags: 'PA', len: 30 },
  { sport: 80, dport: 40000, seq: 8, ack: 32, flags: 'FA' },
  { sport: 40000, dport: 80, seq: 32, ack: 9, flags: 'RA' },
].map((s) => ({ ...s, src: s.sport === 80 ? '10.0.0.2' : '10.0.0.1', dst: s.sport === 80 ? '10.0.0.1' : '10.0.0.2' }));
const recs = SEGS.map((s, i) => ({ ns: BigInt(i) * 1000n, data: ETH(ipv4(s)) }));
const SEEDS = [
  pcap(1, recs),
  pcap(1, recs, { le: false, nano: true }),
  pcapngSection([{ linkType: 1 }, { linkType: 276, tsresol: 9 }], SEGS.map((s, i) => ({ ns: BigInt(i), data: i % 2 ? SLL2(ipv6(s), 0x86dd) : ETH(ipv6(s), 0x86dd), iface: i % 2 }))),
  pcapngSection([{ linkType: 1 }], recs, false),
];

/** Read, convert and check everything; returns how many traces came out. */
function readAll(bytes: Uint8Array): number {
  const cap = readCapture(bytes);
  for (const conn of cap.connections) {
    const report = checkTrace(connectionTrace(cap, conn));
    expect(typeof report.valid).toBe('boolean');
  }
  return cap.connections.length;
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 40 }) }),
  fc.record({ kind: fc.constant('length' as const), at: fc.nat(), value: fc.constantFrom(0, 1, 11, 12, 13, 0x7fffffff, 0xffffffff) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(seed: Uint8Array, ms: Mutation[]): Uint8Array {
  let b: Uint8Array = seed.slice();
  for (const m of ms) {
    const at = b.length ? m.at % b.length : 0;
    if (m.kind === 'flip') b[at] = m.byte;
    else if (m.kind === 'cut') b = b.slice(0, at);
    else if (m.kind === 'splice') b = cat(b.subarray(0, at), m.bytes, b.subarray(at));
    else if (at + 4 <= b.length) new DataView(b.buffer).setUint32(at - (at % 4), m.value, m.at % 2 === 0);
  }
  return b;
}

describe('the capture reader under fuzzing', () => {
  it('never throws on random bytes, with or without a capture magic number in front', () => {
    const magic = fc.constantFrom<number[]>([], [0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0x3c, 0x4d], [0x0a, 0x0d, 0x0d, 0x0a]);
    fc.assert(
      fc.property(magic, fc.uint8Array({ maxLength: 2000 }), (m, rest) => {
        readAll(cat(m, rest));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on valid captures mutated', () => {
    expect(SEEDS.map(readAll)).toEqual([1, 1, 1, 1]);
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seed, ms) => {
        readAll(mutate(seed, ms));
      }),
      { numRuns: 600 },
    );
  });

  it('reads and converts megabytes of the worst input without hanging', () => {
    const MB = 1 << 20;
    // A pcap whose records are empty (16 bytes each), and one where every packet is a resend of
    // sequence space on one connection whose acknowledgements never cover anything.
    const empty = pcap(1, Array.from({ length: (2 * MB) / 16 }, () => ({ ns: 0n, data: new Uint8Array(0) })));
    const resend = ETH(ipv4({ ...SEGS[2]!, seq: 5 }));
    const dupack = ETH(ipv4({ ...SEGS[1]!, flags: 'A', ack: 1 }));
    const n = Math.floor((2 * MB) / (16 + resend.length));
    const stuck = pcap(1, Array.from({ length: n }, (_, i) => ({ ns: BigInt(i), data: i % 3 === 2 ? dupack : resend })));
    const many = pcap(1, Array.from({ length: MB / 2 / 80 }, (_, i) => ({ ns: BigInt(i), data: ETH(ipv4({ ...SEGS[0]!, sport: 1024 + (i % 60000), src: `10.1.${(i >> 8) & 255}.${i & 255}` })) })));
    for (const file of [empty, stuck, many]) {
      // The reader and the conversion; the rule engine's own cost is measured by bench:engine.
      const start = performance.now();
      const cap = readCapture(file);
      for (const conn of cap.connections) connectionTrace(cap, conn);
      const perMb = (performance.now() - start) / (file.length / MB);
      // About 0.2–1 s per MB here; a loop that never ends, or one that walks the file again per packet, is far above.
      expect(perMb).toBeLessThan(10_000);
    }
  });
});
