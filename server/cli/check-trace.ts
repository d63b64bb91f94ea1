/**
 * `npm run check-trace -- [--json] [--lang en|zh-CN] FILE...`: the rule engine's checker on trace
 * files (TRACE.md). Words by default; with --json one TraceReport per file as JSON Lines, in input
 * order. Exit status 1 when any file is invalid or any judged send is wrong; 2 on bad usage.
 */
import { readFile } from 'node:fs/promises';
import { checkTrace, formatSegment, type TraceReport } from '../../shared/index';
import { explainRule, LANGS, type Lang } from '../../shared/i18n/index';

const USAGE = 'usage: npm run check-trace -- [--json] [--lang en|zh-CN] FILE.json...';

async function reportFor(file: string): Promise<{ report: TraceReport; trace: unknown }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const message = `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
    return { report: { valid: false, issues: [{ path: '(file)', message }], events: [], summary: { judged: 0, correct: 0 } }, trace: null };
  }
  let trace: unknown;
  try {
    trace = JSON.parse(text);
  } catch (e) {
    const message = `not JSON: ${(e as Error).message}`;
    return { report: { valid: false, issues: [{ path: '(root)', message }], events: [], summary: { judged: 0, correct: 0 } }, trace: null };
  }
  return { report: checkTrace(trace), trace };
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
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--lang') {
      const l = argv[++i];
      if (!l || !(LANGS as readonly string[]).includes(l)) {
        process.stderr.write(`--lang takes one of ${LANGS.join(', ')}\n${USAGE}\n`);
        return 2;
      }
      lang = l as Lang;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('--')) {
      process.stderr.write(`unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    process.stderr.write(`no trace file given\n${USAGE}\n`);
    return 2;
  }
  let failed = false;
  const out: string[] = [];
  for (const file of files) {
    const { report, trace } = await reportFor(file);
    if (!report.valid || report.summary.correct < report.summary.judged) failed = true;
    out.push(json ? JSON.stringify(report) : describe(file, report, trace, lang));
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
