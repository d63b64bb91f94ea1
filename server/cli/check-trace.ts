/**
 * `npm run check-trace -- [--json] [--lang en|zh-CN] [--list | --connection N] [--emit-trace OUT]
 * FILE...`: the rule engine's checker on trace files (TRACE.md) and on captures (pcap, pcapng:
 * told apart from JSON by their first bytes). A capture is judged like a trace, one report per TCP
 * connection in it (or only connection N); `--list` lists its connections instead; `--emit-trace`
 * writes each converted trace (to OUT, or OUT with `-c<N>` before the extension when there are
 * several, and `-f<i>` too when several captures are given). Words by default; with --json one
 * TraceReport per trace or connection as JSON Lines, in input order (a capture's carry `capture`:
 * file, connection, client, server, notes). Exit status 1 when any file is invalid or any judged
 * send is wrong; 2 on bad usage.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkTrace, formatSegment, type Trace, type TraceReport } from '../../shared/index';
import { explainRule, LANGS, type Lang } from '../../shared/i18n/index';
import { judgeConnection, readCapture, sniffFormat, summarize, type Capture, type CaptureNote } from '../../shared/capture/index';

const USAGE = 'usage: npm run check-trace -- [--json] [--lang en|zh-CN] [--list | --connection N] [--emit-trace OUT.json] FILE.json|FILE.pcap|FILE.pcapng...';

const invalid = (path: string, message: string): TraceReport => ({ valid: false, issues: [{ path, message }], events: [], summary: { judged: 0, correct: 0 } });

type Input = { kind: 'error'; report: TraceReport } | { kind: 'trace'; text: string } | { kind: 'capture'; capture: Capture };

async function readInput(file: string): Promise<Input> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return { kind: 'error', report: invalid('(file)', `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`) };
  }
  const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (sniffFormat(u8) !== 'unknown') return { kind: 'capture', capture: readCapture(u8) };
  return { kind: 'trace', text: bytes.toString('utf8') };
}

function reportFor(text: string): { report: TraceReport; trace: unknown } {
  let trace: unknown;
  try {
    trace = JSON.parse(text);
  } catch (e) {
    return { report: invalid('(root)', `not JSON: ${(e as Error).message}`), trace: null };
  }
  return { report: checkTrace(trace), trace };
}

function skippedText(capture: Capture): string {
  const parts = Object.entries(capture.skipped).map(([reason, n]) => `${n} ${reason}`);
  if (capture.stoppedAt) parts.push(`stopped reading at byte ${capture.stoppedAt.offset}: ${capture.stoppedAt.reason}`);
  return parts.length ? `skipped: ${parts.join(', ')}` : 'nothing skipped';
}

function listCapture(file: string, capture: Capture): string {
  const lines = [`${file}: ${capture.format}, ${capture.frames} packets, ${capture.tcpPackets} TCP, ${capture.connections.length} TCP connection(s); ${skippedText(capture)}`];
  for (const c of capture.connections) {
    const s = summarize(capture, c);
    const by = s.clientBy === 'lower-port' ? ' (client: lower port, no SYN seen)' : '';
    lines.push(
      `  #${s.index} client ${s.client} → server ${s.server}${by}: ${s.packets} packets, ${s.firstMs.toFixed(3)}–${s.lastMs.toFixed(3)} ms, handshake ${s.handshake ? 'seen' : 'not seen'}, close ${s.close === 'none' ? 'not seen' : s.close === 'fin' ? 'FIN both ways' : 'RST'}${s.incarnations > 1 ? `, reopened on the same ports: ${s.incarnations} incarnations` : ''}`,
    );
  }
  return lines.join('\n');
}

function emitPath(out: string, fileIndex: number, files: number, conn: number, several: boolean): string {
  if (!several) return out;
  const ext = path.extname(out);
  const base = out.slice(0, out.length - ext.length);
  return `${base}${files > 1 ? `-f${fileIndex + 1}` : ''}-c${conn}${ext || '.json'}`;
}

function describe(file: string, report: TraceReport, trace: unknown, lang: Lang): string {
  const lines: string[] = [];
  if (!report.valid) {
    lines.push(`${file}: INVALID trace (nothing judged)`);
    for (const i of report.issues) lines.push(`  ${i.path}: ${i.message}`);
    return lines.join('\n');
  }
  const { judged, correct } = report.summary;
  const wrong = judged - correct;
  lines.push(`${file}: ${wrong === 0 ? 'OK' : 'WRONG'} — ${correct} of ${judged} judged events correct`);
  const events = (trace as { events: Array<Record<string, unknown>> }).events;
  for (const e of report.events) {
    if (!e.verdict || e.verdict.ok) continue;
    const ev = events[e.index] ?? {};
    const what = ev.type === 'send'
      ? `send ${formatSegment(ev.segment as Parameters<typeof formatSegment>[0])}${ev.state ? ` → ${String(ev.state)}` : ''}`
      : `declares ${String(ev.state)}`;
    lines.push(`  events[${e.index}] t=${String(ev.t)} ${String(ev.side)} ${what}`);
    for (const err of e.verdict.errors) {
      const exp = err.expected === undefined ? '' : ` expected ${JSON.stringify(err.expected)},`;
      lines.push(`    ✗ ${err.field}:${exp} got ${JSON.stringify(err.got)} [${err.rule}]`);
      lines.push(`      ${explainRule(err.rule, lang, { expected: err.expected, got: err.got })}`);
    }
  }
  const last = report.events[report.events.length - 1];
  if (last) lines.push(`  final states: client ${last.states.client}, server ${last.states.server}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let json = false;
  let lang: Lang = 'en';
  let list = false;
  let only: number | undefined;
  let emit: string | undefined;
  const files: string[] = [];
  const usage = (why: string) => {
    process.stderr.write(`${why}\n${USAGE}\n`);
    return 2;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--list') list = true;
    else if (a === '--lang') {
      const l = argv[++i];
      if (!l || !(LANGS as readonly string[]).includes(l)) return usage(`--lang takes one of ${LANGS.join(', ')}`);
      lang = l as Lang;
    } else if (a === '--connection') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) return usage('--connection takes a connection number from --list (1, 2, …)');
      only = n;
    } else if (a === '--emit-trace') {
      emit = argv[++i];
      if (!emit) return usage('--emit-trace takes a file name');
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('--')) return usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) return usage('no trace or capture file given');
  if (list && only !== undefined) return usage('--list and --connection do not go together');
  let failed = false;
  const out: string[] = [];
  const toEmit: { fileIndex: number; conn: number; trace: Trace }[] = [];
  const inputs = await Promise.all(files.map(readInput));
  const captures = inputs.filter((x) => x.kind === 'capture').length;
  inputs.forEach((input, fileIndex) => {
    const file = files[fileIndex]!;
    const judged = (label: string, report: TraceReport, trace: unknown, extra?: Record<string, unknown>) => {
      if (!report.valid || report.summary.correct < report.summary.judged) failed = true;
      out.push(json ? JSON.stringify(extra ? { ...report, capture: extra } : report) : describe(label, report, trace, lang));
    };
    if (input.kind === 'error') return judged(file, input.report, null);
    if (input.kind === 'trace') {
      if (list) {
        failed = true;
        out.push(json ? JSON.stringify({ file, error: 'not a capture' }) : `${file}: not a capture (pcap or pcapng), nothing to list`);
        return;
      }
      const { report, trace } = reportFor(input.text);
      return judged(file, report, trace);
    }
    const capture = input.capture;
    if (list) {
      const summaries = capture.connections.map((c) => summarize(capture, c));
      out.push(json ? JSON.stringify({ file, format: capture.format, frames: capture.frames, tcpPackets: capture.tcpPackets, skipped: capture.skipped, ...(capture.stoppedAt ? { stoppedAt: capture.stoppedAt } : {}), connections: summaries }) : listCapture(file, capture));
      return;
    }
    const chosen = only === undefined ? capture.connections : capture.connections.filter((c) => c.index === only);
    if (chosen.length === 0) {
      const why = capture.connections.length === 0 ? `no TCP connection in the capture (${skippedText(capture)})` : `no connection ${only} (the capture has ${capture.connections.length})`;
      return judged(file, invalid('(capture)', why), null, { file, connection: only ?? null });
    }
    if (!json) out.push(`${file}: ${capture.format}, ${capture.connections.length} TCP connection(s); ${skippedText(capture)}`);
    for (const conn of chosen) {
      const { trace, report } = judgeConnection(capture, conn);
      const notes = (trace.meta?.notes ?? []) as CaptureNote[];
      const who = { file, connection: conn.index, client: trace.meta?.client, server: trace.meta?.server, notes };
      judged(`${file}#${conn.index} (client ${String(who.client)}, server ${String(who.server)})`, report, trace, who);
      if (!json) for (const n of notes) out.push(`  note: ${lang === 'zh-CN' ? n.zh : n.en}`);
      if (emit) toEmit.push({ fileIndex, conn: conn.index, trace });
    }
  });
  if (emit) {
    const several = toEmit.length > 1;
    for (const e of toEmit) await writeFile(emitPath(emit, e.fileIndex, captures, e.conn, several), `${JSON.stringify(e.trace, null, 2)}\n`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`check-trace failed: ${String(e)}\n`);
    process.exitCode = 2;
  },
);
