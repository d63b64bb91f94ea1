import type { CaptureNote } from '../../../shared/capture/index';
import { checkTrace, type TraceIssue, type TraceReport } from '../../../shared/trace/check';
import type { Trace } from '../../../shared/trace/schema';
import type { Params, Key } from '../i18n/ui';

/** Largest file the page reads (a full classroom round is a few hundred kB). */
export const MAX_IMPORT_BYTES = 25 * 1024 * 1024;

/**
 * A problem with an imported trace: `path: message` from the checker, or, for a file that is not
 * a trace at all (too large, not JSON), a text of the page's table with its parameters, so the
 * page says it in its language of the moment (the check itself, in a worker, knows no language).
 */
export type ImportIssue = TraceIssue & { text?: { key: Extract<Key, `review.import.${string}` | `review.capture.${string}`>; params: Params } };

/** Which connection of a capture an imported trace was converted from, and the conversion's notes. */
export interface FromCapture {
  connection: number;
  client: string;
  server: string;
  notes: CaptureNote[];
}

export type ImportResult =
  | { ok: true; name: string; trace: Trace; report: TraceReport; capture?: FromCapture }
  | { ok: false; name: string; issues: ImportIssue[]; /** A capture with nothing to show (not a trace that is invalid). */ capture?: true };

/**
 * Read a trace the user dropped, chose or pasted (`fromFile`: a file that is not a capture, so a
 * file that is not JSON either is neither kind the page reads): parse the JSON, then judge it with the same
 * checker the server and the command line use (`checkTrace`). Anything wrong comes back as
 * issues, never as an exception. Pure: the caller reads the file.
 */
export function readTraceText(text: string, name: string, onProgress?: (done: number, total: number) => void, opts: { fromFile?: boolean } = {}): ImportResult {
  if (text.length > MAX_IMPORT_BYTES) {
    const size = (text.length / 1024 / 1024).toFixed(1);
    const params = { size, max: MAX_IMPORT_BYTES / 1024 / 1024 };
    return { ok: false, name, issues: [{ path: '(root)', message: `the file is too large (${size} MB)`, text: { key: 'review.import.tooBig', params } }] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // A file was told from a capture by its first bytes already: it is neither kind the page reads.
    const key = opts.fromFile ? 'review.capture.neither' : 'review.import.notJson';
    return { ok: false, name, issues: [{ path: '(root)', message, text: { key, params: { message } } }] };
  }
  const report = checkTrace(data, onProgress ? { onProgress } : {});
  if (!report.valid) return { ok: false, name, issues: report.issues };
  // checkTrace validated the shape with TraceSchema, so the parsed data is a Trace.
  return { ok: true, name, trace: data as Trace, report };
}
