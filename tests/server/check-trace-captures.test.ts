/**
 * Captures in, judged traces out (issue 16), on real captures made here: `tcpdump` (pcap, ns
 * timestamps) and `dumpcap` (pcapng) on loopback record a handshake + data + close, a SYN to a
 * port nobody listens on (its RST is owed: no abort), an application's abort after data (SO_LINGER
 * 0: its RST+ACK comes after an inferred `abort` call), and a simultaneous close (in a private network namespace whose `lo` holds
 * segments in a slow queue so the FINs cross). `npm run check-trace -- --list` and `--json` read
 * them, and the judgement of each equals that of the same conversation written as a trace by
 * hand here, from tshark's own reading of the file (not from our reader).
 *
 * Needs root and tcpdump, dumpcap and tshark (CI: apt-get install -y tcpdump tshark); the
 * simultaneous close also needs `unshare -n` and `tc`. Skipped with a note otherwise.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTrace, type Trace, type TraceEvent, type TraceReport } from '../../shared/index';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const ROOT = process.getuid?.() === 0;
const TOOLS = ROOT && has('tcpdump') && has('dumpcap') && has('tshark');
const NETNS = TOOLS && has('tc') && spawnSync('unshare', ['-n', 'true']).status === 0;
const SKIP_NOTE = 'SKIPPED: needs root and tcpdump, dumpcap, tshark (apt-get install -y tcpdump tshark)';
const NETNS_NOTE = 'SKIPPED: needs `unshare -n` (CAP_SYS_ADMIN) and `tc` for a private loopback';

type Mode = 'lifecycle' | 'rst' | 'simclose' | 'abort';
type Tool = 'tcpdump' | 'dumpcap';
const dir = mkdtempSync(path.join(tmpdir(), 'synack-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TSX = path.join('node_modules', '.bin', 'tsx');
const file = (mode: Mode, tool: Tool) => path.join(dir, `${mode}.${tool === 'tcpdump' ? 'pcap' : 'pcapng'}`);

function run(cmd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: process.cwd(), timeout: 60_000, maxBuffer: 64 << 20 }, (e, stdout, stderr) => {
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, out: stdout, err: stderr });
    });
  });
}

async function capture(mode: Mode, tool: Tool): Promise<void> {
  const args = [TSX, 'tests/support/loopback-capture.ts', '--mode', mode, '--tool', tool, '--out', file(mode, tool)];
  const r = mode === 'simclose' ? await run('unshare', ['-n', ...args, '--netns']) : await run(args[0]!, args.slice(1));
  if (r.code !== 0) throw new Error(`capture ${mode} with ${tool} failed: ${r.err}`);
}

const checkCli = (args: string[]) => run(TSX, ['server/cli/check-trace.ts', ...args]);

/** The segments as tshark reads them: time (ms), source port, raw seq/ack, flag bits, data length. */
function tsharkSegments(f: string) {
  const out = execFileSync('tshark', ['-r', f, '-T', 'fields', '-e', 'frame.time_relative', '-e', 'tcp.srcport', '-e', 'tcp.seq_raw', '-e', 'tcp.ack_raw', '-e', 'tcp.flags', '-e', 'tcp.len', '-E', 'separator=,'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const [t, sport, seq, ack, flags, len] = line.split(',');
      return { t: Number(t) * 1000, sport: Number(sport), seq: Number(seq), ack: Number(ack), flags: Number(flags), len: Number(len) };
    });
}

/**
 * The conversation written as a trace by hand: the server listened from the start, each side's
 * app called connect before its SYN, send before its data and close before its FIN, and each
 * segment arrived at once — except in the simultaneous close, where the first FIN is still in
 * flight when the other side's FIN leaves. With `aborts`, the client's app aborted just before
 * its first RST (the RST of a refused connection, by contrast, is owed: no call).
 */
function handWritten(f: string, crossing: boolean, aborts = false): Trace {
  const segs = tsharkSegments(f);
  const clientPort = segs[0]!.sport; // the first SYN
  const events: TraceEvent[] = [];
  if (segs.some((s) => (s.flags & 0x12) === 0x12)) events.push({ t: 0, type: 'app', side: 'server', call: 'listen' });
  let held: string | undefined;
  segs.forEach((s, i) => {
    const side = s.sport === clientPort ? 'client' : 'server';
    const flags = (['SYN', 'ACK', 'FIN', 'RST', 'PSH'] as const).filter((_, k) => s.flags & [0x02, 0x10, 0x01, 0x04, 0x08][k]!);
    if (flags.includes('SYN') && !flags.includes('ACK')) events.push({ t: s.t, type: 'app', side, call: 'connect' });
    if (s.len > 0) events.push({ t: s.t, type: 'app', side, call: 'send', bytes: s.len });
    if (flags.includes('FIN')) events.push({ t: s.t, type: 'app', side, call: 'close' });
    if (aborts && flags.includes('RST') && side === 'client' && !events.some((e) => e.type === 'app' && e.call === 'abort')) events.push({ t: s.t, type: 'app', side, call: 'abort' });
    const id = `e${i}`;
    events.push({ t: s.t, type: 'send', side, id, segment: { flags: [...flags], seq: s.seq, ack: s.ack, len: s.len } });
    if (crossing && flags.includes('FIN') && held === undefined) held = id;
    else {
      events.push({ t: s.t, type: 'deliver', id });
      if (held && flags.includes('FIN')) {
        events.push({ t: s.t, type: 'deliver', id: held });
        held = '';
      }
    }
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

const EXPECT: Record<Mode, { handshake: boolean; close: string; final: object; crossing: boolean; aborts?: boolean }> = {
  lifecycle: { handshake: true, close: 'fin', final: { client: 'TIME_WAIT', server: 'CLOSED' }, crossing: false },
  rst: { handshake: false, close: 'rst', final: { client: 'CLOSED', server: 'CLOSED' }, crossing: false },
  simclose: { handshake: true, close: 'fin', final: { client: 'TIME_WAIT', server: 'TIME_WAIT' }, crossing: true },
  abort: { handshake: true, close: 'rst', final: { client: 'CLOSED', server: 'CLOSED' }, crossing: false, aborts: true },
};

for (const tool of ['tcpdump', 'dumpcap'] as const) {
  describe.skipIf(!TOOLS)(`captures made by ${tool} on loopback${TOOLS ? '' : ` — ${SKIP_NOTE}`}`, () => {
    const modes: Mode[] = NETNS ? ['lifecycle', 'rst', 'simclose', 'abort'] : ['lifecycle', 'rst', 'abort'];
    let list: Record<string, { format: string; connections: { client: string; server: string; handshake: boolean; close: string; packets: number }[] }>;
    let listWords: string;
    let reports: Record<string, TraceReport & { capture: { file: string; connection: number } }>;

    beforeAll(async () => {
      for (const mode of modes) await capture(mode, tool);
      const files = modes.map((m) => file(m, tool));
      const [l, w, j] = await Promise.all([checkCli(['--list', '--json', ...files]), checkCli(['--list', ...files]), checkCli(['--json', '--emit-trace', path.join(dir, `${tool}.json`), ...files])]);
      expect(l.code, l.err).toBe(0);
      list = Object.fromEntries(l.out.trim().split('\n').map((line) => [JSON.parse(line).file, JSON.parse(line)]));
      listWords = w.out;
      expect(j.code, j.out + j.err).toBe(0);
      reports = Object.fromEntries(j.out.trim().split('\n').map((line) => [JSON.parse(line).capture.file, JSON.parse(line)]));
    }, 180_000);

    for (const mode of ['lifecycle', 'rst', 'simclose', 'abort'] as const) {
      it.skipIf(mode === 'simclose' && !NETNS)(`${mode}: listed, judged all correct, and judged as the same conversation written by hand${mode === 'simclose' && !NETNS ? ` — ${NETNS_NOTE}` : ''}`, () => {
        const f = file(mode, tool);
        const want = EXPECT[mode];
        // --list
        expect(list[f]!.format).toBe(tool === 'tcpdump' ? 'pcap' : 'pcapng');
        expect(list[f]!.connections).toHaveLength(1);
        expect(list[f]!.connections[0]).toMatchObject({ handshake: want.handshake, close: want.close });
        expect(listWords).toContain(`${f}: ${tool === 'tcpdump' ? 'pcap' : 'pcapng'}`);
        expect(listWords).toContain(`#1 client ${list[f]!.connections[0]!.client} → server ${list[f]!.connections[0]!.server}`);
        // --json: every send correct
        const report = reports[f]!;
        expect(report.valid).toBe(true);
        expect(report.summary.judged).toBe(list[f]!.connections[0]!.packets);
        expect(report.summary.correct).toBe(report.summary.judged);
        // The converted trace (--emit-trace) judged again gives the same report; it equals the
        // judgement of the conversation written by hand.
        const emitted = JSON.parse(readFileSync(path.join(dir, `${tool}-f${modes.indexOf(mode) + 1}-c1.json`), 'utf8')) as Trace;
        const { capture: _c, ...plain } = report;
        expect(checkTrace(emitted)).toEqual(plain);
        const hand = handWritten(f, want.crossing, want.aborts);
        // An abort call in the converted trace exactly where the application aborted.
        const abortCalls = emitted.events.filter((e) => e.type === 'app' && e.call === 'abort');
        expect(abortCalls).toHaveLength(want.aborts ? 1 : 0);
        const handReport = checkTrace(hand);
        expect(judgement(report, emitted)).toEqual(judgement(handReport, hand));
        expect(judgement(handReport, hand).final).toEqual(want.final);
        if (want.crossing) {
          // The FINs crossed: each side went through CLOSING.
          expect(report.events.some((e) => e.states.client === 'CLOSING')).toBe(true);
          expect(report.events.some((e) => e.states.server === 'CLOSING')).toBe(true);
        }
      });
    }
  });
}
