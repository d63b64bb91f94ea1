/**
 * The trace check off the page's thread: a large trace (tens of megabytes) is parsed and judged
 * here, telling the page how far it has got, so the page stays responsive and can cancel (by
 * ending this worker). A capture (pcap, pcapng) comes as its bytes (transferred, not copied): it
 * is listed by its TCP connections, or one connection is converted and judged. It knows no
 * language and imports no text table nor Preact: the page words the result (trace-import.ts
 * `ImportIssue`, capture-text.ts).
 */
import '../zod-config';
import { answer, type ImportProgress, type ImportRequest } from './import-answer';

self.onmessage = (ev: MessageEvent<ImportRequest>) => {
  const post = (m: ImportProgress) => (self as unknown as Worker).postMessage(m);
  post(answer(ev.data, (done, total) => post({ kind: 'progress', done, total })));
};
