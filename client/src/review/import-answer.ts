import { readCaptureBytes, type CaptureListing } from './capture-import';
import { readTraceText, type ImportResult } from './trace-import';

/*
 * What the import worker is asked and what it answers (import-worker.ts runs `answer`; the page runs
 * it itself where workers are not available). Pure and wordless: no text table, no Preact.
 */

export type ImportRequest =
  | { kind?: 'trace'; text: string; name: string; /** A file already told from a capture by its first bytes. */ fromFile?: boolean }
  | { kind: 'capture'; bytes: ArrayBuffer; name: string; /** Judge this connection; without it, list them. */ connection?: number };

export type ImportProgress =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'result'; result: ImportResult }
  | { kind: 'listing'; name: string; listing: CaptureListing };

export type ImportAnswer = Exclude<ImportProgress, { kind: 'progress' }>;

/** One request answered: a trace checked, a capture listed, or one of its connections judged. */
export function answer(req: ImportRequest, onProgress?: (done: number, total: number) => void): ImportAnswer {
  if (req.kind === 'capture') return readCaptureBytes(new Uint8Array(req.bytes), req.name, req.connection, onProgress);
  return { kind: 'result', result: readTraceText(req.text, req.name, onProgress, { fromFile: req.fromFile === true }) };
}
