import { checkTrace, type TraceIssue, type TraceReport } from '../../../shared/trace/check';
import type { Trace } from '../../../shared/trace/schema';
import { rtIn, type Lang } from './i18n';

/** Largest file the page reads (a full classroom round is a few hundred kB). */
export const MAX_IMPORT_BYTES = 25 * 1024 * 1024;

export type ImportResult =
  | { ok: true; name: string; trace: Trace; report: TraceReport }
  | { ok: false; name: string; issues: TraceIssue[] };

/**
 * Read a trace the user dropped, chose or pasted: parse the JSON, then judge it with the same
 * checker the server and the command line use (`checkTrace`). Anything wrong comes back as
 * `path: message` issues, never as an exception. Pure: the caller reads the file.
 */
export function readTraceText(text: string, name: string, lang: Lang, onProgress?: (done: number, total: number) => void): ImportResult {
  if (text.length > MAX_IMPORT_BYTES) {
    const size = (text.length / 1024 / 1024).toFixed(1);
    return { ok: false, name, issues: [{ path: '(root)', message: rtIn(lang, 'import.tooBig', { size, max: MAX_IMPORT_BYTES / 1024 / 1024 }) }] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, name, issues: [{ path: '(root)', message: rtIn(lang, 'import.notJson', { message: e instanceof Error ? e.message : String(e) }) }] };
  }
  const report = checkTrace(data, onProgress ? { onProgress } : {});
  if (!report.valid) return { ok: false, name, issues: report.issues };
  // checkTrace validated the shape with TraceSchema, so the parsed data is a Trace.
  return { ok: true, name, trace: data as Trace, report };
}
