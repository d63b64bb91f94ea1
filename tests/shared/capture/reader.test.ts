/**
 * The capture reader on hand-made bytes: every container variant and link type gives the same
 * connection and the same judged trace; the edge cases are skipped and counted with their reason.
 */
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../../shared/index';
import { connectionTrace, readCapture, summarize, type Capture } from '../../../shared/capture/index';
import { ETH, NULL, SLL, SLL2, cat, ipv4, ipv6, pcap, pcapngSection, type Rec, type Seg } from './bytes';

const T0 = 1_790_000_000_123_456_789n; // ns since the epoch
const C = 40000;
const S = 80;
/** A whole conversation: handshake, 5 bytes each way, the client closes first. */
const CONVO: Seg[] = [
  { sport: C, dport: S, seq: 100, flags: 'S', options: 20 },
  { sport: S, dport: C, seq: 9000, ack: 101, flags: 'SA', options: 20 },
  { sport: C, dport: S, seq: 101, ack: 9001, flags: 'A' },
  { sport: C, dport: S, seq: 101, ack: 9001, flags: 'PA', len: 5 },
  { sport: S, dport: C, seq: 9001, ack: 106, flags: 'PA', len: 7 },
  { sport: C, dport: S, seq: 106, ack: 9008, flags: 'A' },
  { sport: C, dport: S, seq: 106, ack: 9008, flags: 'FA' },
  { sport: S, dport: C, seq: 9008, ack: 107, flags: 'FA' },
  { sport: C, dport: S, seq: 107, ack: 9009, flags: 'A' },
];
const swap = (s: Seg): Seg => ({ ...s, src: s.sport === C ? '10.0.0.1' : '10.0.0.2', dst: s.sport === C ? '10.0.0.2' : '10.0.0.1' });
const recs = (wrap: (s: Seg) => Uint8Array): Rec[] => CONVO.map((s, i) => ({ ns: T0 + BigInt(i) * 1_000_123n, data: wrap(swap(s)) }));

const v4 = (s: Seg) => ipv4(s);
const v6 = (s: Seg) => ipv6(s);

/** The conversation judged: 9 sends, all correct, both ends closed as the lifecycle closes. */
function expectWholeConversation(cap: Capture, addr = '10.0.0.1') {
  expect(cap.connections).toHaveLength(1);
  const conn = cap.connections[0]!;
  const sum = summarize(cap, conn);
  expect(sum).toMatchObject({ index: 1, packets: 9, handshake: true, close: 'fin', clientBy: 'first-syn' });
  expect(sum.client).toContain(`${addr.includes(':') ? `[${addr}]` : addr}:${C}`);
  const trace = connectionTrace(cap, conn);
  const report = checkTrace(trace);
  expect(report.valid, JSON.stringify(report.issues)).toBe(true);
  expect(report.summary).toEqual({ judged: 9, correct: 9 });
  expect(report.events.at(-1)?.states).toEqual({ client: 'TIME_WAIT', server: 'CLOSED' });
  return trace;
}

describe('containers', () => {
  for (const le of [true, false]) {
    for (const nano of [false, true]) {
      it(`reads pcap, ${le ? 'little' : 'big'}-endian, ${nano ? 'nanosecond' : 'microsecond'} timestamps`, () => {
        const cap = readCapture(pcap(1, recs((s) => ETH(v4(s))), { le, nano }));
        expect(cap.format).toBe('pcap');
        expect(cap.skipped).toEqual({});
        const trace = expectWholeConversation(cap);
        // The second packet came 1.000123 ms after the first: µs files cut both times to the µs
        // (…456 µs and …1456 µs), ns files keep every nanosecond.
        const sends = trace.events.filter((e) => e.type === 'send');
        expect(sends[1]!.t).toBeCloseTo(nano ? 1.000123 : 1, 9);
        expect(cap.connections[0]!.packets[0]!.ns).toBe(nano ? T0 : (T0 / 1000n) * 1000n);
        expect(trace.meta?.startedAt).toBe('2026-09-21T14:13:20.123Z');
      });
    }
    it(`reads pcapng, ${le ? 'little' : 'big'}-endian, with a nanosecond interface`, () => {
      const cap = readCapture(pcapngSection([{ linkType: 1, tsresol: 9 }], recs((s) => ETH(v4(s))), le));
      expect(cap.format).toBe('pcapng');
      expectWholeConversation(cap);
      expect(cap.connections[0]!.packets[0]!.ns).toBe(T0);
    });
  }

  it('reads a binary timestamp resolution (2^-10 s)', () => {
    const cap = readCapture(pcapngSection([{ linkType: 1, tsresol: 0x80 | 10 }], recs((s) => ETH(v4(s)))));
    expectWholeConversation(cap);
    const ns = cap.connections[0]!.packets[0]!.ns!;
    expect(Number(T0 - ns)).toBeGreaterThanOrEqual(0);
    expect(Number(T0 - ns)).toBeLessThan(1_000_000_000 / 1024);
  });

  it('reads several interfaces of different link types, and several sections of both byte orders', () => {
    const r = recs((s) => (s.sport === C ? ETH(v4(s)) : SLL2(v4(s))));
    const ifaces = [{ linkType: 1 }, { linkType: 276 }];
    const withIface = r.map((x, i) => ({ ...x, iface: CONVO[i]!.sport === C ? 0 : 1 }));
    const file = cat(pcapngSection(ifaces, withIface.slice(0, 4), true), pcapngSection(ifaces, withIface.slice(4), false));
    expectWholeConversation(readCapture(file));
  });

  it('takes a simple packet block on interface 0 at the time of the packet before it', () => {
    const r = recs((s) => ETH(v4(s))).map((x, i) => ({ ...x, simple: i === 3 }));
    const cap = readCapture(pcapngSection([{ linkType: 1, snaplen: 0 }], r));
    expectWholeConversation(cap);
    expect(cap.connections[0]!.packets[3]!.ns).toBe(cap.connections[0]!.packets[2]!.ns);
  });
});

describe('link types', () => {
  const cases: [string, number, (s: Seg) => Uint8Array, string?][] = [
    ['Ethernet', 1, (s) => ETH(v4(s))],
    ['Ethernet with an 802.1Q tag', 1, (s) => ETH(v4(s), 0x0800, [0x8100])],
    ['Ethernet with stacked 802.1ad + 802.1Q tags', 1, (s) => ETH(v4(s), 0x0800, [0x88a8, 0x8100])],
    ['Ethernet carrying IPv6', 1, (s) => ETH(v6(s), 0x86dd), '2001:db8::1'],
    ['Linux cooked v1', 113, (s) => SLL(v4(s))],
    ['Linux cooked v2', 276, (s) => SLL2(v6(s), 0x86dd), '2001:db8::1'],
    ['BSD loopback (null), little-endian family', 0, (s) => NULL(v4(s))],
    ['BSD loopback (null), big-endian family, IPv6 as macOS numbers it', 0, (s) => NULL(v6(s), 30, false), '2001:db8::1'],
    ['OpenBSD loop (family in network order)', 108, (s) => NULL(v4(s), 2, false)],
    ['raw IP (101), IPv4', 101, v4],
    ['raw IP (101), IPv6', 101, v6, '2001:db8::1'],
    ['raw IPv4 (228)', 228, v4],
    ['raw IPv6 (229)', 229, v6, '2001:db8::1'],
  ];
  for (const [name, lt, wrap, addr] of cases) {
    it(`reads ${name}`, () => {
      const cap = readCapture(pcap(lt, recs(wrap)));
      expect(cap.skipped).toEqual({});
      expectWholeConversation(cap, addr);
    });
  }

  it('reads IPv6 through hop-by-hop, destination-options and atomic fragment headers', () => {
    const hop = { type: 0, bytes: [0, 0, 1, 4, 0, 0, 0, 0] };
    const dest = { type: 60, bytes: [0, 1, 1, 12, ...new Array<number>(12).fill(0)] };
    const atomic = { type: 44, bytes: [0, 0, 0, 0, 0, 0, 0, 7] };
    const cap = readCapture(pcap(101, recs((s) => ipv6(s, [hop, dest, atomic]))));
    expect(cap.skipped).toEqual({});
    expectWholeConversation(cap, '2001:db8::1');
  });
});

describe('what is skipped, counted with its reason, never thrown', () => {
  const one = (data: Uint8Array, lt = 1, cap?: number) => readCapture(pcap(lt, [{ ns: T0, data, ...(cap === undefined ? {} : { cap }) }]));
  const syn = swap(CONVO[0]!);

  it('a zero-length packet', () => {
    expect(one(new Uint8Array(0)).skipped).toEqual({ 'link.truncated': 1 });
    expect(one(new Uint8Array(0), 101).skipped).toEqual({ 'ip.truncated': 1 });
  });
  it('a snaplen cut inside the TCP header; a cut inside the data keeps the segment and its length', () => {
    const frame = ETH(v4({ ...syn, flags: 'PA', len: 100 }));
    expect(one(frame, 1, 14 + 20 + 30).skipped).toEqual({ 'tcp.truncated': 1 });
    expect(one(frame, 1, 14 + 10).skipped).toEqual({ 'ip.truncated': 1 });
    const cut = one(frame, 1, 14 + 20 + 40 + 10);
    expect(cut.skipped).toEqual({});
    expect(cut.connections[0]!.packets[0]!.len).toBe(100);
  });
  it('IPv4 and IPv6 fragments', () => {
    expect(one(ETH(ipv4(syn, { fragment: 0x2000 }))).skipped).toEqual({ 'ip.fragment': 1 });
    expect(one(ETH(ipv4(syn, { fragment: 0x0010 }))).skipped).toEqual({ 'ip.fragment': 1 });
    const frag = { type: 44, bytes: [0, 0, 0, 1, 0, 0, 0, 7] }; // more fragments follow
    expect(one(ipv6(syn, [frag]), 101).skipped).toEqual({ 'ip.fragment': 1 });
  });
  it('a corrupt IPv4 header, a length shorter than the header, a TCP data offset past the packet', () => {
    expect(one(ETH(ipv4(syn, { badChecksum: true }))).skipped).toEqual({ 'ip.bad-checksum': 1 });
    expect(one(ETH(ipv4(syn, { totalLength: 10 }))).skipped).toEqual({ 'ip.bad-header': 1 });
    expect(one(ETH(ipv4(syn, { totalLength: 30 }))).skipped).toEqual({ 'tcp.bad-header': 1 });
  });
  it('what is not TCP over IP', () => {
    expect(one(ETH(ipv4(syn, { proto: 17 }))).skipped).toEqual({ 'ip.not-tcp': 1 });
    expect(one(ETH(new Uint8Array(28), 0x0806)).skipped).toEqual({ 'link.not-ip': 1 });
    expect(one(ETH(v4(syn)), 147).skipped).toEqual({ 'link.unsupported-link-type': 1 });
    expect(one(NULL(v4(syn), 7), 0).skipped).toEqual({ 'link.not-ip': 1 });
  });
  it('a file cut inside a record keeps the records before it and says where it stopped', () => {
    const file = pcap(1, recs((s) => ETH(v4(s))));
    const cap = readCapture(file.subarray(0, file.length - 5));
    expect(cap.connections[0]!.packets).toHaveLength(8);
    expect(cap.skipped).toEqual({ 'container.truncated-record': 1 });
    expect(cap.stoppedAt?.reason).toMatch(/cut short/);
  });
  it('a pcapng block with a broken length, and a packet on an interface never described', () => {
    const good = pcapngSection([{ linkType: 1 }], recs((s) => ETH(v4(s))).slice(0, 2));
    const broken = cat(good, [6, 0, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0]);
    const cap = readCapture(broken);
    expect(cap.tcpPackets).toBe(2);
    expect(cap.skipped).toEqual({ 'container.bad-block': 1 });
    const stray = readCapture(pcapngSection([{ linkType: 1 }], [{ ns: T0, data: ETH(v4(syn)) }, { ns: T0, data: ETH(v4(syn)), iface: 3 }]));
    expect(stray.tcpPackets).toBe(1);
    expect(stray.skipped).toEqual({ 'container.unknown-interface': 1 });
  });
  it('bytes that are no capture at all', () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array([1, 2, 3]), new TextEncoder().encode('{"format":"synack-trace"}')]) {
      const cap = readCapture(bytes);
      expect(cap.format).toBe('unknown');
      expect(cap.connections).toEqual([]);
    }
  });
});
