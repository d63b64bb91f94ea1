/**
 * The review page's capture import, without a page: what the import worker makes of a file's
 * bytes (a capture listed, one connection judged, a file that is neither kind, a capture with no
 * TCP connection), and how the page words it in each language. Captures are hand-made bytes
 * (tests/shared/capture/bytes.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeConnection, readCapture, type SkipReason } from '../../../shared/capture/index';
import { LANGS, textIn } from '../../../client/src/i18n/ui';
import { isCapture, listingOf, readCaptureBytes, skipKey } from '../../../client/src/review/capture-import';
import { closeText, handshakeText, listingSummary, noteText, reopenedText, skippedText, spanText } from '../../../client/src/review/capture-text';
import { issueText } from '../../../client/src/review/format';
import { answer, type ImportAnswer } from '../../../client/src/review/import-answer';
import { ETH, ipv4, pcap, pcapngSection, type Seg } from '../../shared/capture/bytes';

const T0 = 1_700_000_000_000_000_000n;
const C = 40000;
const S = 80;
const c = (s: Omit<Seg, 'sport' | 'dport'>): Seg => ({ ...s, sport: C, dport: S, src: '10.0.0.1', dst: '10.0.0.2' });
const s = (x: Omit<Seg, 'sport' | 'dport'>): Seg => ({ ...x, sport: S, dport: C, src: '10.0.0.2', dst: '10.0.0.1' });
const LIFECYCLE = [
  c({ seq: 100, flags: 'S' }), s({ seq: 9000, ack: 101, flags: 'SA' }), c({ seq: 101, ack: 9001, flags: 'A' }),
  c({ seq: 101, ack: 9001, flags: 'PA', len: 5 }), s({ seq: 9001, ack: 106, flags: 'FA' }), c({ seq: 106, ack: 9002, flags: 'FA' }), s({ seq: 9002, ack: 107, flags: 'A' }),
];
/** A second conversation seen mid-way (no SYN), its first segment from the higher port; then a RST nobody owed. */
const MIDWAY = [
  { seq: 5000, ack: 7000, flags: 'A', len: 10, sport: 50000, dport: 443, src: '10.0.0.3', dst: '10.0.0.4' },
  // The RST comes before anything reached its sender (an answer to the ACK below would be owed).
  { seq: 5010, ack: 7000, flags: 'RA', sport: 50000, dport: 443, src: '10.0.0.3', dst: '10.0.0.4' },
  { seq: 7000, ack: 5010, flags: 'A', sport: 443, dport: 50000, src: '10.0.0.4', dst: '10.0.0.3' },
] satisfies Seg[];

/** A pcapng on Ethernet: the segments one millisecond apart, then `extra` frames as they are. */
function pcapng(segs: Seg[], extra: Uint8Array[] = []): Uint8Array {
  const recs = [...segs.map((x) => ETH(ipv4(x))), ...extra].map((data, i) => ({ ns: T0 + BigInt(i) * 1_000_000n, data }));
  return pcapngSection([{ linkType: 1 }], recs);
}

const buf = (u8: Uint8Array): ArrayBuffer => u8.slice().buffer;
const listed = (a: ImportAnswer) => {
  if (a.kind !== 'listing') throw new Error(`expected a listing, got ${JSON.stringify(a)}`);
  return a.listing;
};

describe('telling a capture from a trace', () => {
  it('goes by the first bytes: pcap either byte order, pcapng; never JSON or a name', () => {
    expect(isCapture(pcap(1, [], { le: true }))).toBe(true);
    expect(isCapture(pcap(1, [], { le: false, nano: true }))).toBe(true);
    expect(isCapture(pcapng([]))).toBe(true);
    expect(isCapture(new TextEncoder().encode('{"format":"synack-trace"}'))).toBe(false);
    expect(isCapture(new Uint8Array([0xd4, 0xc3]))).toBe(false);
  });
});

describe('the worker’s answer to a capture', () => {
  it('lists each TCP connection with its 4-tuple, packets, times, handshake and close, and the packets skipped by reason', () => {
    const udp = ETH(ipv4({ sport: 53, dport: 53, seq: 0, flags: '' }, { proto: 17 }));
    const frag = ETH(ipv4(c({ seq: 1, flags: 'A' }), { fragment: 0x2000 }));
    const listing = listed(answer({ kind: 'capture', bytes: buf(pcapng([...LIFECYCLE, ...MIDWAY], [udp, udp, frag])), name: 'two.pcapng' }));
    expect(listing).toMatchObject({ format: 'pcapng', frames: 13, tcpPackets: 10 });
    expect(listing.skipped).toEqual([{ reason: 'ip.not-tcp', n: 2 }, { reason: 'ip.fragment', n: 1 }]);
    expect(listing.connections).toEqual([
      { index: 1, client: '10.0.0.1:40000', server: '10.0.0.2:80', clientBy: 'first-syn', packets: 7, firstMs: 0, lastMs: 6, handshake: true, close: 'fin', incarnations: 1 },
      { index: 2, client: '10.0.0.4:443', server: '10.0.0.3:50000', clientBy: 'lower-port', packets: 3, firstMs: 7, lastMs: 9, handshake: false, close: 'rst', incarnations: 1 },
    ]);
  });

  it('judges the connection asked for exactly as check-trace does, with the conversion’s notes', () => {
    const bytes = pcapng([...LIFECYCLE, ...MIDWAY]);
    const capture = readCapture(bytes);
    for (const n of [1, 2]) {
      const a = answer({ kind: 'capture', bytes: buf(bytes), name: 'two.pcapng', connection: n });
      if (a.kind !== 'result' || !a.result.ok) throw new Error(JSON.stringify(a));
      const same = judgeConnection(capture, capture.connections[n - 1]!);
      expect(a.result.report).toEqual(same.report);
      expect(a.result.trace).toEqual(same.trace);
      expect(a.result.capture).toEqual({ connection: n, client: listingOf(capture).connections[n - 1]!.client, server: listingOf(capture).connections[n - 1]!.server, notes: same.trace.meta?.notes ?? [] });
    }
    const second = answer({ kind: 'capture', bytes: buf(bytes), name: 'two.pcapng', connection: 2 });
    const notes = second.kind === 'result' && second.result.ok ? second.result.capture!.notes.map((x) => x.id) : [];
    expect(notes).toEqual(expect.arrayContaining(['capture.client-by-lower-port', 'capture.no-handshake', 'capture.abort-rst']));
  });

  it('reports progress while judging a connection', () => {
    const seen: number[] = [];
    const a = readCaptureBytes(pcapng(LIFECYCLE), 'one.pcapng', 1, (done) => seen.push(done));
    expect(a.kind === 'result' && a.result.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('says a connection that is not there, and a capture without any TCP connection, in both languages', () => {
    const missing = readCaptureBytes(pcapng(LIFECYCLE), 'one.pcapng', 3);
    if (missing.kind !== 'result' || missing.result.ok) throw new Error('expected a failure');
    expect(missing.result.capture).toBe(true);
    expect(issueText(missing.result.issues[0]!, 'en')).toBe('there is no connection 3 (the capture has 1)');
    expect(issueText(missing.result.issues[0]!, 'zh-CN')).toBe('没有第 3 个连接（这个抓包共有 1 个）');

    const udp = ETH(ipv4({ sport: 53, dport: 53, seq: 0, flags: '' }, { proto: 17 }));
    const none = answer({ kind: 'capture', bytes: buf(pcapng([], [udp])), name: 'dns.pcapng' });
    if (none.kind !== 'result' || none.result.ok) throw new Error('expected a failure');
    expect(none.result).toMatchObject({ name: 'dns.pcapng', capture: true });
    expect(none.result.issues.map((i) => issueText(i, 'en'))).toEqual(['no TCP connection in this capture (packets in the file: 1)', 'IP packets that are not TCP (UDP, ICMP…): 1']);
    expect(none.result.issues.map((i) => issueText(i, 'zh-CN'))).toEqual(['这个抓包里没有 TCP 连接（文件中的数据包：1）', '不是 TCP 的 IP 数据包（UDP、ICMP 等）：1']);
  });

  it('reads a capture cut short up to the cut, and says where reading stopped', () => {
    const whole = pcap(1, LIFECYCLE.map((x, i) => ({ ns: T0 + BigInt(i) * 1_000_000n, data: ETH(ipv4(x)) })));
    const listing = listed(answer({ kind: 'capture', bytes: buf(whole.subarray(0, whole.length - 10)), name: 'cut.pcap' }));
    expect(listing.connections[0]?.packets).toBe(6);
    expect(listing.stoppedAt?.offset).toBeGreaterThan(0);
    expect(skippedText(listing, 'en')).toMatch(/^Skipped: records cut short: 1; reading stopped at byte \d+: a record is cut short/);
    expect(skippedText(listing, 'zh-CN')).toMatch(/^已跳过：被截断的记录：1；读取在第 \d+ 字节处停止：/);
  });
});

describe('a file that is not a capture', () => {
  it('is read as a trace; not JSON either, it is neither kind, said in both languages', () => {
    const a = answer({ text: '\u0000\u0001garbage', name: 'junk.bin', fromFile: true });
    if (a.kind !== 'result' || a.result.ok) throw new Error('expected a failure');
    expect(issueText(a.result.issues[0]!, 'en')).toMatch(/^neither a SYN\/ACK trace nor a capture: its first bytes are not those of a pcap or pcapng file, and it is not JSON \(/);
    expect(issueText(a.result.issues[0]!, 'zh-CN')).toMatch(/^既不是 SYN\/ACK 轨迹，也不是抓包文件/);
    // Pasted text is not a file: it is only not JSON.
    const pasted = answer({ text: '{', name: 'pasted' });
    expect(pasted.kind === 'result' && !pasted.result.ok && pasted.result.issues[0]!.text?.key).toBe('review.import.notJson');
  });

  it('is judged as before when it is a trace', () => {
    const golden = readFileSync(new URL('../../fixtures/traces/02-data.json', import.meta.url), 'utf8');
    const a = answer({ text: golden, name: '02-data.json', fromFile: true });
    expect(a.kind === 'result' && a.result.ok && a.result.capture).toBe(undefined);
  });
});

describe('a capture in words', () => {
  const listing = listed(answer({ kind: 'capture', bytes: buf(pcapng([...LIFECYCLE, ...MIDWAY])), name: 'two.pcapng' }));
  const [first, second] = listing.connections as [NonNullable<(typeof listing.connections)[0]>, NonNullable<(typeof listing.connections)[0]>];

  it('sums the file up with the plural of its connections', () => {
    expect(listingSummary(listing, 'en')).toBe('pcapng file, 10 packets, 10 of them TCP: 2 connections.');
    expect(listingSummary({ ...listing, connections: [first] }, 'en')).toBe('pcapng file, 10 packets, 10 of them TCP: 1 connection.');
    expect(listingSummary(listing, 'zh-CN')).toBe('pcapng 文件，10 个数据包，其中 10 个是 TCP：2 个连接。');
    expect(skippedText(listing, 'en')).toBe('No packet was skipped.');
    expect(skippedText(listing, 'zh-CN')).toBe('没有跳过任何数据包。');
  });

  it('says each connection’s times, handshake and close', () => {
    expect([spanText(first, 'en'), handshakeText(first, 'en'), closeText(first, 'en')]).toEqual(['0.000 s – 0.006 s', 'seen', 'FIN both ways']);
    expect([spanText(second, 'zh-CN'), handshakeText(second, 'zh-CN'), closeText(second, 'zh-CN')]).toEqual(['0.007 秒 – 0.009 秒', '未看到', 'RST（复位）']);
    expect(closeText({ ...first, close: 'none' }, 'en')).toBe('not seen');
  });

  it('says when the client opened a connection again on the same ports, and opens it as one trace with a reconnect', () => {
    expect(reopenedText(first, 'en')).toBe('');
    const again = [c({ seq: 50000, flags: 'S' }), s({ seq: 70000, ack: 50001, flags: 'SA' }), c({ seq: 50001, ack: 70001, flags: 'A' })];
    const bytes = pcapng([...LIFECYCLE, ...again]);
    const reopened = listed(answer({ kind: 'capture', bytes: buf(bytes), name: 'again.pcapng' }));
    expect(reopened.connections).toHaveLength(1);
    const [conn] = reopened.connections as [NonNullable<(typeof reopened.connections)[0]>];
    expect(conn).toMatchObject({ packets: 10, incarnations: 2 });
    expect(reopenedText(conn, 'en')).toBe('reopened on the same ports: 2 connections');
    expect(reopenedText(conn, 'zh-CN')).toBe('在同一对端口上重新打开：共 2 个连接');
    const opened = readCaptureBytes(bytes, 'again.pcapng', 1);
    if (opened.kind !== 'result' || !opened.result.ok) throw new Error('expected a judged connection');
    const { trace, report, capture } = opened.result;
    expect(trace.events.filter((e) => e.type === 'app' && e.call === 'connect').map((e) => e.type === 'app' && e.reuse === true)).toEqual([false, true]);
    expect(report.summary).toEqual({ judged: 10, correct: 10 });
    const note = capture!.notes.find((n) => n.id === 'capture.reopened')!;
    expect(noteText(note, 'zh-CN')).toMatch(/共 2 个连接/);
  });

  it('has words for every reason the reader skips a packet, in every language', () => {
    const reasons: SkipReason[] = [
      'container.truncated-record', 'container.bad-block', 'container.unknown-interface', 'container.no-interface', 'container.trailing-bytes',
      'link.unsupported-link-type', 'link.truncated', 'link.not-ip', 'ip.truncated', 'ip.bad-header', 'ip.bad-checksum', 'ip.fragment', 'ip.not-tcp',
      'tcp.truncated', 'tcp.bad-header',
    ];
    for (const r of reasons) for (const l of LANGS) expect(textIn(l, skipKey(r), { n: 2 }), `${r} ${l}`).toMatch(/: ?2$|：2$/);
  });

  it('gives a note in the language asked for', () => {
    const note = { id: 'capture.no-handshake' as const, en: 'No handshake.', zh: '没有握手。' };
    expect(noteText(note, 'en')).toBe('No handshake.');
    expect(noteText(note, 'zh-CN')).toBe('没有握手。');
  });
});
