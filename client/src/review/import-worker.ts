/**
 * The trace check off the page's thread: a large trace (tens of megabytes) is parsed and judged
 * here, telling the page how far it has got, so the page stays responsive and can cancel (by
 * ending this worker). It knows no language and imports no text table nor Preact: the page words
 * the result (trace-import.ts `ImportIssue`).
 */
import '../zod-config';
import { readTraceText, type ImportResult } from './trace-import';

export type ImportRequest = { text: string; name: string };
export type ImportProgress = { kind: 'progress'; done: number; total: number } | { kind: 'result'; result: ImportResult };

self.onmessage = (ev: MessageEvent<ImportRequest>) => {
  const { text, name } = ev.data;
  const post = (m: ImportProgress) => (self as unknown as Worker).postMessage(m);
  const result = readTraceText(text, name, (done, total) => post({ kind: 'progress', done, total }));
  post({ kind: 'result', result });
};
