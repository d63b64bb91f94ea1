/**
 * A connection reopened on the same ports, captured for real: `tcpdump` (pcap) and `dumpcap`
 * (pcapng) on loopback record a client that talks to a server, then connects again from the same
 * local port (`tests/support/loopback-capture.ts`). `reopen`: the server closes first and holds
 * TIME_WAIT, and Linux takes the new SYN on that TIME_WAIT socket as a new connection (row
 * `time-wait-rcv-new-syn`). `reopen-client-first`: the client closes first and connects again
 * from its own TIME_WAIT (Linux's tcp_tw_reuse, on for loopback by default), so the conversion
 * infers that TIME_WAIT's end, and the CLOSED server listens again. Each capture must be one
 * connection with two incarnations (`--list`), one trace whose second SYN follows a `connect`
 * with `reuse`, every send judged correct, and the same judgement as the conversation written by
 * hand from tshark's own reading of the file.
 *
 * Needs root and tcpdump, dumpcap and tshark (CI: apt-get install -y tcpdump tshark); skipped
 * with a note otherwise.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTrace, type Trace, type TraceEvent, type TraceReport } from '../../shared/index';
import { seqGt } from '../../shared/tcp/seq';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const TOOLS = process.getuid?.() === 0 && has('tcpdump') && has('dumpcap') && has('tshark');
const SKIP_NOTE = 'SKIPPED: needs root and tcpdump, dumpcap, tshark (apt-get install -y tcpdump tshark)';

const dir = mkdtempSync(path.join(tmpdir(), 'synack-reopen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TSX = path.join('node_modules', '.bin', 'tsx');

function run(cmd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: process.cwd(), timeout: 60_000, maxBuffer: 64 << 20 }, (e, stdout, stderr) => {
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, out: stdout, err: stderr });
    });
  });
}
const checkCli = (args: string[]) => run(TSX, ['server/cli/check-trace.ts', ...args]);

interface Seg {
  t: number;
  sport: number;
  seq: number;
  ack: number;
  flags: number;
  len: number;
}

/** The segments as tshark reads them: time (ms), source port, raw seq/ack, flag bits, data length. */
function tsharkSegments(f: string): Seg[] {
  const out = execFileSync('tshark', ['-r', f, '-T', 'fields', '-e', 'frame.time_relative', '-e', 'tcp.srcport', '-e', 'tcp.seq_raw', '-e', 'tcp.ack_raw', '-e', 'tcp.flags', '-e', 'tcp.len', '-E', 'separator=,'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const [t, sport, seq, ack, flags, len] = line.split(',');
      return { t: Number(t) * 1000, sport: Number(sport), seq: Number(seq), ack: Number(ack), flags: Number(flags), len: Number(len) };
    });
}

const isBareSyn = (s: Seg) => (s.flags & 0x12) === 0x02;

/**
 * The two conversations written as one trace by hand: the server listened from the start; the
 * client's app called connect before its first SYN and connect with reuse before its second;
 * send before data and close before each side's FIN of each conversation; each segment arrived
 * at once (loopback). When the server closed first it holds TIME_WAIT when the new SYN comes; when
 * the client did, the client's TIME_WAIT ended just before it connected again and the server,
 * CLOSED, listened again.
 */
function handWritten(segs: Seg[], clientFirst: boolean): Trace {
  const clientPort = segs[0]!.sport;
  const events: TraceEvent[] = [{ t: 0, type: 'app', side: 'server', call: 'listen' }];
  let syns = 0;
  segs.forEach((s, i) => {
    const side = s.sport === clientPort ? 'client' : 'server';
    const flags = (['SYN', 'ACK', 'FIN', 'RST', 'PSH'] as const).filter((_, k) => s.flags & [0x02, 0x10, 0x01, 0x04, 0x08][k]!);
    if (isBareSyn(s) && syns++ > 0) {
      if (clientFirst) events.push({ t: s.t, type: 'timeout', side: 'client', timer: 'time_wait' }, { t: s.t, type: 'app', side: 'server', call: 'listen' });
      events.push({ t: s.t, type: 'app', side, call: 'connect', reuse: true });
    } else if (isBareSyn(s)) events.push({ t: s.t, type: 'app', side, call: 'connect' });
    if (s.len > 0) events.push({ t: s.t, type: 'app', side, call: 'send', bytes: s.len });
    if (flags.includes('FIN')) events.push({ t: s.t, type: 'app', side, call: 'close' });
    events.push({ t: s.t, type: 'send', side, id: `e${i}`, segment: { flags: [...flags], seq: s.seq, ack: s.ack, len: s.len } });
    events.push({ t: s.t, type: 'deliver', id: `e${i}` });
  });
  return { format: 'synack-trace', version: 1, judge: ['client', 'server'], events };
}

/** What a judgement says, event for event: each send's verdict and the states after it. */
function judgement(report: TraceReport, trace: Trace) {
  return {
    valid: report.valid,
    summary: report.summary,
    sends: report.events.filter((e) => trace.events[e.index]?.type === 'send').map((e) => ({ ok: e.verdict?.ok, kind: e.verdict?.kind, states: e.states })),
    final: report.events.at(-1)?.states,
  };
}

const MODES = {
  reopen: { clientFirst: false, rows: ['time-wait-rcv-new-syn'], notes: ['capture.reopened'], final: { client: 'CLOSED', server: 'TIME_WAIT' } },
  'reopen-client-first': { clientFirst: true, rows: ['closed-listen'], notes: ['capture.reopened', 'capture.time-wait-reused'], final: { client: 'TIME_WAIT', server: 'CLOSED' } },
} as const;

for (const [mode, want] of Object.entries(MODES)) for (const tool of ['tcpdump', 'dumpcap'] as const) {
  describe.skipIf(!TOOLS)(`a connection reopened on the same ports (${mode}), captured by ${tool} on loopback${TOOLS ? '' : ` — ${SKIP_NOTE}`}`, () => {
    const file = path.join(dir, `${mode}.${tool === 'tcpdump' ? 'pcap' : 'pcapng'}`);
    const emitted = path.join(dir, `${mode}-${tool}.json`);
    let listJson: { connections: { client: string; server: string; packets: number; incarnations: number; handshake: boolean; close: string }[] };
    let listWords: string;
    let report: TraceReport;
    let trace: Trace;
    let segs: Seg[];

    beforeAll(async () => {
      const c = await run(TSX, ['tests/support/loopback-capture.ts', '--mode', mode, '--tool', tool, '--out', file]);
      expect(c.code, c.err).toBe(0);
      const [l, w, j] = await Promise.all([checkCli(['--list', '--json', file]), checkCli(['--list', file]), checkCli(['--json', '--emit-trace', emitted, file])]);
      expect(l.code, l.err).toBe(0);
      expect(w.code, w.err).toBe(0);
      expect(j.code, j.out + j.err).toBe(0);
      listJson = JSON.parse(l.out);
      listWords = w.out;
      report = JSON.parse(j.out.trim());
      trace = JSON.parse(readFileSync(emitted, 'utf8')) as Trace;
      segs = tsharkSegments(file);
    }, 120_000);

    it(`is what the test meant to capture: two handshakes on one 4-tuple, the ${want.clientFirst ? 'client' : 'server'} closing first each time, the new ISN above the old SND.NXT`, () => {
      const syns = segs.filter(isBareSyn);
      expect(syns).toHaveLength(2);
      expect(new Set(segs.map((s) => s.sport)).size).toBe(2);
      const clientPort = syns[0]!.sport;
      const second = segs.indexOf(syns[1]!);
      const fins = segs.filter((s) => s.flags & 0x01);
      expect(fins).toHaveLength(4);
      expect([fins[0]!.sport === clientPort, fins[2]!.sport === clientPort]).toEqual([want.clientFirst, want.clientFirst]);
      // The client's SND.NXT at the end of the first connection: its FIN's seq + 1.
      const clientFin = segs.slice(0, second).filter((s) => s.sport === clientPort && s.flags & 0x01).at(-1)!;
      expect(seqGt(syns[1]!.seq, (clientFin.seq + 1) >>> 0)).toBe(true);
    });

    it('is listed as one connection with two incarnations', () => {
      expect(listJson.connections).toHaveLength(1);
      expect(listJson.connections[0]).toMatchObject({ packets: segs.length, incarnations: 2, handshake: true, close: 'fin' });
      const c = listJson.connections[0]!;
      expect(listWords).toContain(`#1 client ${c.client} → server ${c.server}`);
      expect(listWords).toContain('reopened on the same ports: 2 incarnations');
    });

    it(`becomes one trace whose second SYN follows a connect with reuse, every send judged correct, ${want.clientFirst ? 'after the client’s TIME_WAIT ends and the server listens again' : 'the SYN opening a connection from the server’s TIME_WAIT'}`, () => {
      expect(report.valid).toBe(true);
      expect(report.summary).toEqual({ judged: segs.length, correct: segs.length });
      const connects = trace.events.flatMap((e, i) => (e.type === 'app' && e.call === 'connect' ? [{ i, reuse: e.reuse === true }] : []));
      expect(connects.map((c) => c.reuse)).toEqual([false, true]);
      const next = trace.events[connects[1]!.i + 1];
      expect(next?.type === 'send' && next.side === 'client' && next.segment.flags.join('+')).toBe('SYN');
      // Server closed first: it was in TIME_WAIT when that SYN arrived, and the SYN opened the new
      // connection. Client closed first: its TIME_WAIT ended, the CLOSED server listened again.
      const rows = report.events.flatMap((e) => e.rows?.ids ?? []);
      for (const row of want.rows) expect(rows).toContain(row);
      expect(rows).not.toContain('time-wait-rcv-old-syn');
      expect(rows.includes('time-wait-rcv-new-syn')).toBe(!want.clientFirst);
      expect(trace.events.filter((e) => e.type === 'app' && e.call === 'listen')).toHaveLength(want.clientFirst ? 2 : 1);
      const timers = trace.events.flatMap((e, i) => (e.type === 'timeout' ? [{ i, side: e.side, timer: e.timer }] : []));
      expect(timers).toEqual(want.clientFirst ? [{ i: connects[1]!.i - 2, side: 'client', timer: 'time_wait' }] : []);
      expect((trace.meta?.notes as { id: string }[]).map((n) => n.id)).toEqual(want.notes);
      // The emitted trace judged again gives the same report.
      const { capture: _c, ...plain } = report as TraceReport & { capture?: unknown };
      expect(checkTrace(trace)).toEqual(plain);
    });

    it('is judged as the same two conversations written by hand', () => {
      const hand = handWritten(segs, want.clientFirst);
      const handReport = checkTrace(hand);
      expect(judgement(report, trace)).toEqual(judgement(handReport, hand));
      expect(handReport.events.at(-1)?.states).toEqual(want.final);
    });
  });
}
