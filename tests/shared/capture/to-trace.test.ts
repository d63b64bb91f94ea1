/**
 * A captured connection as a trace: the inference rules (README "Captures") on hand-made
 * conversations, each judged by `checkTrace`.
 */
import { describe, expect, it } from 'vitest';
import { checkTrace, type TraceEvent } from '../../../shared/index';
import { connectionTrace, judgeConnection, readCapture, summarize, type CaptureNote } from '../../../shared/capture/index';
import { ipv4, pcap, type Seg } from './bytes';

const C = 40000;
const S = 80;
const c = (s: Omit<Seg, 'sport' | 'dport'>): Seg => ({ ...s, sport: C, dport: S, src: '10.0.0.1', dst: '10.0.0.2' });
const s = (x: Omit<Seg, 'sport' | 'dport'>): Seg => ({ ...x, sport: S, dport: C, src: '10.0.0.2', dst: '10.0.0.1' });
const HANDSHAKE = [c({ seq: 100, flags: 'S' }), s({ seq: 9000, ack: 101, flags: 'SA' }), c({ seq: 101, ack: 9001, flags: 'A' })];

function convert(segs: Seg[]) {
  const cap = readCapture(pcap(101, segs.map((x, i) => ({ ns: 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n, data: ipv4(x) }))));
  const conn = cap.connections[0]!;
  const { trace, report } = judgeConnection(cap, conn);
  // The same trace checked again (its notes aside) is judged the same.
  expect(checkTrace(connectionTrace(cap, conn))).toEqual(report);
  expect(report.valid, JSON.stringify(report.issues)).toBe(true);
  const notes = (trace.meta?.notes ?? []) as CaptureNote[];
  return { cap, trace, report, notes, kinds: trace.events.map(brief) };
}

/** An event in a few characters: `c:connect`, `send c3`, `deliver s2`, `timeout c`. */
function brief(e: TraceEvent): string {
  if (e.type === 'app') return `${e.side[0]}:${e.call}${e.bytes ? ` ${e.bytes}` : ''}${e.reuse ? ' reuse' : ''}`;
  if (e.type === 'send') return `send ${e.id}`;
  if (e.type === 'timeout') return `timeout ${e.side[0]}`;
  if (e.type === 'deliver' || e.type === 'drop') return `${e.type} ${e.id}`;
  return e.type;
}

describe('capture to trace', () => {
  it('infers listen, connect, send and close, and delivers each segment at once when the next reply acknowledges it', () => {
    const { kinds, report } = convert([
      ...HANDSHAKE,
      c({ seq: 101, ack: 9001, flags: 'PA', len: 5 }),
      s({ seq: 9001, ack: 106, flags: 'FA' }),
      c({ seq: 106, ack: 9002, flags: 'FA' }),
      s({ seq: 9002, ack: 107, flags: 'A' }),
    ]);
    expect(kinds).toEqual([
      's:listen', 'c:connect', 'send c1', 'deliver c1', 'send s1', 'deliver s1', 'send c2', 'deliver c2',
      'c:send 5', 'send c3', 'deliver c3', 's:close', 'send s2', 'deliver s2', 'c:close', 'send c4', 'deliver c4', 'send s3', 'deliver s3',
    ]);
    expect(report.summary).toEqual({ judged: 7, correct: 7 });
    expect(report.events.at(-1)?.states).toEqual({ client: 'CLOSED', server: 'TIME_WAIT' });
  });

  it('keeps the FINs of a simultaneous close crossing although the capture lists the client first', () => {
    const { kinds, report } = convert([
      ...HANDSHAKE,
      c({ seq: 101, ack: 9001, flags: 'FA' }),
      s({ seq: 9001, ack: 101, flags: 'FA' }), // does not acknowledge the client's FIN: it crossed it
      s({ seq: 9002, ack: 102, flags: 'A' }),
      c({ seq: 102, ack: 9002, flags: 'A' }),
    ]);
    // The client's FIN reaches the server only after the server's own FIN has left.
    expect(kinds.indexOf('deliver c3')).toBeGreaterThan(kinds.indexOf('send s2'));
    expect(report.summary).toEqual({ judged: 7, correct: 7 });
    const states = report.events.map((e) => e.states);
    expect(states.some((x) => x.client === 'CLOSING')).toBe(true);
    expect(states.some((x) => x.server === 'CLOSING')).toBe(true);
    expect(report.events.at(-1)?.states).toEqual({ client: 'TIME_WAIT', server: 'TIME_WAIT' });
  });

  it('reads a resend as a loss and a retransmission timeout, unless three duplicate ACKs explain it', () => {
    const lost = [...HANDSHAKE, c({ seq: 101, ack: 9001, flags: 'PA', len: 5 }), c({ seq: 106, ack: 9001, flags: 'PA', len: 5 })];
    const rto = convert([...lost, s({ seq: 9001, ack: 101, flags: 'A' }), c({ seq: 101, ack: 9001, flags: 'PA', len: 5 }), s({ seq: 9001, ack: 111, flags: 'A' })]);
    expect(rto.kinds).toContain('drop c3');
    expect(rto.kinds.slice(rto.kinds.indexOf('drop c3'), rto.kinds.indexOf('send c5') + 1)).toEqual(['drop c3', 'timeout c', 'send c5']);
    expect(rto.trace.meta?.inferredLosses).toBe(1);
    expect(rto.report.summary).toEqual({ judged: 8, correct: 8 });

    const fast = convert([
      ...lost,
      c({ seq: 111, ack: 9001, flags: 'PA', len: 5 }),
      c({ seq: 116, ack: 9001, flags: 'PA', len: 5 }),
      s({ seq: 9001, ack: 101, flags: 'A' }),
      s({ seq: 9001, ack: 101, flags: 'A' }),
      s({ seq: 9001, ack: 101, flags: 'A' }),
      s({ seq: 9001, ack: 101, flags: 'A' }),
      c({ seq: 101, ack: 9001, flags: 'PA', len: 5 }),
      s({ seq: 9001, ack: 121, flags: 'A' }),
    ]);
    expect(fast.kinds.filter((k) => k.startsWith('timeout'))).toEqual([]);
    expect(fast.kinds).toContain('drop c3');
    expect(fast.report.summary).toEqual({ judged: 13, correct: 13 });
  });

  it('judges a RST from a closed port as owed, with no abort', () => {
    const refused = convert([c({ seq: 100, flags: 'S' }), s({ seq: 0, ack: 101, flags: 'RA' })]);
    expect(refused.kinds).toEqual(['c:connect', 'send c1', 'deliver c1', 'send s1', 'deliver s1']);
    expect(refused.report.summary).toEqual({ judged: 2, correct: 2 });
    expect(refused.notes).toEqual([]);
  });

  it('puts an abort call before a RST nothing called for, judges that RST as the abort\'s reset, and says so in both languages', () => {
    // Linux's abort (SO_LINGER 0): RST+ACK, seq = SND.NXT, ack = RCV.NXT.
    const abort = convert([...HANDSHAKE, c({ seq: 101, ack: 9001, flags: 'RA' })]);
    expect(abort.kinds).toEqual(['s:listen', 'c:connect', 'send c1', 'deliver c1', 'send s1', 'deliver s1', 'send c2', 'deliver c2', 'c:abort', 'send c3', 'deliver c3']);
    expect(abort.report.summary).toEqual({ judged: 4, correct: 4 });
    expect(abort.report.events.at(-1)?.states).toEqual({ client: 'CLOSED', server: 'CLOSED' });
    expect(abort.notes.map((n) => n.id)).toEqual(['capture.abort-rst']);
    expect(abort.notes[0]!.en).toContain('event 9');
    expect(abort.notes[0]!.en).toMatch(/abort call/);
    expect(abort.notes[0]!.zh).toMatch(/RST.*abort/);

    // The peer's data still arriving at the aborted side is answered with RST (owed, no second abort).
    const late = convert([
      ...HANDSHAKE,
      s({ seq: 9001, ack: 101, flags: 'PA', len: 10 }),
      c({ seq: 101, ack: 9001, flags: 'R' }),
      c({ seq: 101, flags: 'R' }),
    ]);
    expect(late.kinds.filter((k) => k.endsWith(':abort'))).toEqual(['c:abort']);
    expect(late.kinds.indexOf('c:abort')).toBe(late.kinds.indexOf('send c3') - 1);
    expect(late.report.summary.judged).toBe(late.report.summary.correct + 1);
  });

  it('judges a wrong seq on an abort\'s reset as a seq mistake of that reset', () => {
    const off = convert([...HANDSHAKE, c({ seq: 100, ack: 9001, flags: 'RA' })]);
    expect(off.kinds).toContain('c:abort');
    const rst = off.report.events.at(-2)!;
    expect(rst.verdict?.errors.map((e) => e.rule)).toEqual(['seq.abort-rst-next-unsent']);
  });

  it('takes the lower port as the client when no SYN was captured, and says so in both languages', () => {
    const { trace, notes } = convert([s({ seq: 9001, ack: 106, flags: 'PA', len: 3 }), c({ seq: 106, ack: 9004, flags: 'A' })]);
    expect(trace.meta).toMatchObject({ clientBy: 'lower-port', client: '10.0.0.2:80', server: '10.0.0.1:40000' });
    expect(notes.map((n) => n.id)).toEqual(['capture.client-by-lower-port', 'capture.no-handshake']);
    expect(notes.every((n) => n.en.length > 0 && /[\u4e00-\u9fff]/.test(n.zh))).toBe(true);
  });

  it('starts a new connection when the server sends a SYN on the 4-tuple of one that ended, with the server as its client', () => {
    const first = [...HANDSHAKE, c({ seq: 101, ack: 9001, flags: 'RA' })];
    const again = [s({ seq: 20000, flags: 'S' }), c({ seq: 30000, ack: 20001, flags: 'SA' }), s({ seq: 20001, ack: 30001, flags: 'A' })];
    const cap = readCapture(pcap(101, [...first, ...again].map((x, i) => ({ ns: BigInt(i) * 1000n, data: ipv4(x) }))));
    expect(cap.connections.map((k) => [k.packets.length, k.client.port, k.reopenedAt])).toEqual([[4, C, []], [3, S, []]]);
    expect(cap.connections.map((k) => summarize(cap, k).incarnations)).toEqual([1, 1]);
  });
});

/** The first test's conversation (the server closes first and holds TIME_WAIT), then the client's SYN with ISN `isn` on the same ports. */
const BEFORE_REOPEN = [
  ...HANDSHAKE,
  c({ seq: 101, ack: 9001, flags: 'PA', len: 5 }),
  s({ seq: 9001, ack: 106, flags: 'FA' }),
  c({ seq: 106, ack: 9002, flags: 'FA' }),
  s({ seq: 9002, ack: 107, flags: 'A' }),
];

describe('a connection reopened on the same ports', () => {
  it('is one trace whose second SYN follows a connect with reuse, taken from TIME_WAIT as the golden trace is, every send correct', () => {
    const { cap, trace, report, notes, kinds } = convert([
      ...BEFORE_REOPEN,
      c({ seq: 50000, flags: 'S' }),
      s({ seq: 75000, ack: 50001, flags: 'SA' }),
      c({ seq: 50001, ack: 75001, flags: 'A' }),
      c({ seq: 50001, ack: 75001, flags: 'PA', len: 3 }),
      s({ seq: 75001, ack: 50004, flags: 'A' }),
      c({ seq: 50004, ack: 75001, flags: 'FA' }),
      s({ seq: 75001, ack: 50005, flags: 'FA' }),
      c({ seq: 50005, ack: 75002, flags: 'A' }),
    ]);
    expect(cap.connections).toHaveLength(1);
    expect(cap.connections[0]!.reopenedAt).toEqual([BEFORE_REOPEN.length]);
    expect(summarize(cap, cap.connections[0]!)).toMatchObject({ incarnations: 2, handshake: true, close: 'fin', packets: 15 });
    // No listen for the server: it holds TIME_WAIT, where the new SYN opens the connection.
    const reopen = kinds.indexOf('send c5');
    expect(kinds.slice(reopen - 3, reopen + 2)).toEqual(['send s3', 'deliver s3', 'c:connect reuse', 'send c5', 'deliver c5']);
    expect(trace.events.filter((e) => e.type === 'app' && e.call === 'listen')).toHaveLength(1);
    // Both closes and both sends inferred again in the new incarnation.
    expect(kinds.filter((k) => k === 'c:close' || k === 's:close')).toHaveLength(4);
    expect(kinds).toContain('c:send 3');
    expect(report.summary).toEqual({ judged: 15, correct: 15 });
    const rows = report.events.flatMap((r) => r.rows?.ids ?? []);
    expect(rows).toContain('time-wait-rcv-new-syn');
    expect(report.events[trace.events.findIndex((e) => e.type === 'deliver' && e.id === 'c5')]?.states).toEqual({ client: 'SYN_SENT', server: 'SYN_RCVD' });
    expect(report.events.at(-1)?.states).toEqual({ client: 'TIME_WAIT', server: 'CLOSED' });
    expect(notes.map((n) => n.id)).toEqual(['capture.reopened']);
    expect(/[\u4e00-\u9fff]/.test(notes[0]!.zh) && notes[0]!.en.includes('2 connections')).toBe(true);
  });

  it('judges a new SYN whose ISN is not above the old connection wrong (seq.isn-above-last-connection), and the server in TIME_WAIT answers it with an ACK', () => {
    const { report, trace } = convert([...BEFORE_REOPEN, c({ seq: 104, flags: 'S' }), s({ seq: 9002, ack: 107, flags: 'A' })]);
    const syn = trace.events.findIndex((e) => e.type === 'send' && e.id === 'c5');
    expect(report.events[syn]?.verdict?.errors.map((e) => e.rule)).toEqual(['seq.isn-above-last-connection']);
    expect(report.summary).toEqual({ judged: 9, correct: 8 });
    expect(report.events.flatMap((r) => r.rows?.ids ?? [])).toContain('time-wait-rcv-old-syn');
    expect(report.events.at(-1)?.states.server).toBe('TIME_WAIT');
  });

  it('ends the client’s TIME_WAIT before it connects again when it closed first (Linux’s tcp_tw_reuse), and has the CLOSED server listen again', () => {
    const { kinds, report, notes } = convert([
      ...HANDSHAKE,
      c({ seq: 101, ack: 9001, flags: 'FA' }),
      s({ seq: 9001, ack: 102, flags: 'FA' }),
      c({ seq: 102, ack: 9002, flags: 'A' }),
      c({ seq: 70000, flags: 'S' }),
      s({ seq: 30000, ack: 70001, flags: 'SA' }),
      c({ seq: 70001, ack: 30001, flags: 'A' }),
    ]);
    expect(kinds.slice(kinds.indexOf('deliver c4') + 1, kinds.indexOf('send c5') + 1)).toEqual(['timeout c', 's:listen', 'c:connect reuse', 'send c5']);
    expect(report.summary).toEqual({ judged: 9, correct: 9 });
    expect(report.events.at(-1)?.states).toEqual({ client: 'ESTABLISHED', server: 'ESTABLISHED' });
    expect(notes.map((n) => n.id)).toEqual(['capture.reopened', 'capture.time-wait-reused']);
    expect(notes.every((n) => /[\u4e00-\u9fff]/.test(n.zh))).toBe(true);
  });

  it('after a simultaneous close (both in TIME_WAIT) ends only the client’s TIME_WAIT, and the server’s TIME_WAIT takes the new SYN', () => {
    const { kinds, report, trace } = convert([
      ...HANDSHAKE,
      c({ seq: 101, ack: 9001, flags: 'FA' }),
      s({ seq: 9001, ack: 101, flags: 'FA' }), // crossed the client's FIN
      s({ seq: 9002, ack: 102, flags: 'A' }),
      c({ seq: 102, ack: 9002, flags: 'A' }),
      c({ seq: 70000, flags: 'S' }),
      s({ seq: 30000, ack: 70001, flags: 'SA' }),
      c({ seq: 70001, ack: 30001, flags: 'A' }),
    ]);
    const at = kinds.indexOf('c:connect reuse');
    expect(kinds[at - 1]).toBe('timeout c');
    expect(kinds.filter((k) => k === 's:listen')).toHaveLength(1);
    expect(report.events.some((e) => e.states.client === 'CLOSING')).toBe(true);
    expect(report.events.flatMap((e) => e.rows?.ids ?? [])).toContain('time-wait-rcv-new-syn');
    expect(report.summary).toEqual({ judged: 10, correct: 10 });
    expect(trace.events.filter((e) => e.type === 'timeout')).toHaveLength(1);
  });

  it('has the server listen again when it was CLOSED (a RST ended the connection before)', () => {
    const again = HANDSHAKE.map((x) => ({ ...x, seq: x.seq + 5000, ack: x.ack === undefined ? undefined : x.ack + 5000 }));
    const { cap, kinds, report } = convert([...HANDSHAKE, c({ seq: 101, ack: 9001, flags: 'RA' }), ...again]);
    expect(cap.connections.map((k) => k.packets.length)).toEqual([7]);
    expect(kinds.slice(kinds.indexOf('send c3') + 1)).toEqual(['deliver c3', 's:listen', 'c:connect reuse', 'send c4', 'deliver c4', 'send s2', 'deliver s2', 'send c5', 'deliver c5']);
    expect(report.summary).toEqual({ judged: 7, correct: 7 });
  });
});
