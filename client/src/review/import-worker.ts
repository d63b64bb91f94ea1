/**
 * The trace check off the page's thread: a large trace (tens of megabytes) is parsed and judged
 * here, telling the page how far it has got, so the page stays responsive and can cancel (by
 * ending this worker).
 */
import '../zod-config';
import { readTraceText, type ImportResult } from './trace-import';
import type { Lang } from './i18n';

export type ImportRequest = { text: string; name: string; lang: Lang };
export type ImportProgress = { kind: 'progress'; done: number; total: number } | { kind: 'result'; result: ImportResult };

self.onmessage = (ev: MessageEvent<ImportRequest>) => {
  const { text, name, lang } = ev.data;
  const post = (m: ImportProgress) => (self as unknown as Worker).postMessage(m);
  const result = readTraceText(text, name, lang, (done, total) => post({ kind: 'progress', done, total }));
  post({ kind: 'result', result });
};
