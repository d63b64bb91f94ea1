import { judgeConnection, readCapture, sniffFormat, summarize, type Capture, type CaptureNote, type ConnectionSummary, type SkipReason } from '../../../shared/capture/index';
import type { ImportIssue, ImportResult } from './trace-import';

/*
 * A capture (pcap, pcapng) on the review page: told from a trace by its first bytes, listed by its
 * TCP connections, and one connection converted and judged like an imported trace. Pure (bytes in,
 * data out) and wordless, so the import worker can run it: the page words what it returns
 * (capture-text.ts) in its language of the moment.
 */

/** How many first bytes tell a capture from anything else (`sniffFormat` reads 4). */
export const SNIFF_BYTES = 16;

/** The file's first bytes announce a pcap or pcapng file (whatever its name says). */
export function isCapture(head: Uint8Array): boolean {
  return sniffFormat(head) !== 'unknown';
}

/** What the page lists of a capture: the file as a whole, and each TCP connection in it. */
export interface CaptureListing {
  format: Capture['format'];
  /** Packet records in the file, and how many were TCP segments used. */
  frames: number;
  tcpPackets: number;
  /** Packets not used, per reason, in the reasons' order of the reader. */
  skipped: { reason: SkipReason; n: number }[];
  /** The reader stopped before the end of the file: where, and why (the reader's own words, in English). */
  stoppedAt?: { offset: number; reason: string };
  connections: ConnectionSummary[];
}

/** A read capture as the page lists it. */
export function listingOf(capture: Capture): CaptureListing {
  const skipped = (Object.entries(capture.skipped) as [SkipReason, number][]).filter(([, n]) => n > 0).map(([reason, n]) => ({ reason, n }));
  return {
    format: capture.format, frames: capture.frames, tcpPackets: capture.tcpPackets, skipped,
    ...(capture.stoppedAt ? { stoppedAt: capture.stoppedAt } : {}),
    connections: capture.connections.map((c) => summarize(capture, c)),
  };
}

/** What the worker makes of a capture's bytes: its listing, or (with `connection`) that connection judged. */
export type CaptureReply = { kind: 'listing'; name: string; listing: CaptureListing } | { kind: 'result'; result: ImportResult };

/**
 * Read a capture's bytes; without `connection`, list its connections (a capture with none is a
 * failed import, its skipped packets as the issues); with it, convert that connection to a trace
 * and judge it with the same checker as an imported trace (`judgeConnection`, as check-trace does).
 * Never throws: the reader counts what it cannot read.
 */
export function readCaptureBytes(bytes: Uint8Array, name: string, connection?: number, onProgress?: (done: number, total: number) => void): CaptureReply {
  const capture = readCapture(bytes);
  const listing = listingOf(capture);
  if (capture.connections.length === 0) return { kind: 'result', result: noConnection(name, listing) };
  if (connection === undefined) return { kind: 'listing', name, listing };
  const conn = capture.connections.find((c) => c.index === connection);
  if (!conn) {
    const params = { n: connection, count: capture.connections.length };
    const issue: ImportIssue = { path: '(capture)', message: `no connection ${connection} (the capture has ${capture.connections.length})`, text: { key: 'review.capture.noSuch', params } };
    return { kind: 'result', result: { ok: false, name, capture: true, issues: [issue] } };
  }
  const { trace, report } = judgeConnection(capture, conn, onProgress ? { onProgress } : {});
  if (!report.valid) return { kind: 'result', result: { ok: false, name, issues: report.issues } };
  const summary = summarize(capture, conn);
  const notes = (Array.isArray(trace.meta?.notes) ? trace.meta.notes : []) as CaptureNote[];
  return { kind: 'result', result: { ok: true, name, trace, report, capture: { connection, client: summary.client, server: summary.server, notes } } };
}

/** The text of a skip reason (every reason the reader has has one: the type says so). */
export function skipKey(reason: SkipReason): `review.capture.skip.${SkipReason}` {
  return `review.capture.skip.${reason}`;
}

/** A capture without any TCP connection: what was in it instead (each skip reason with its count). */
export function noConnection(name: string, listing: CaptureListing): ImportResult & { ok: false } {
  const issues: ImportIssue[] = [
    { path: '(capture)', message: `no TCP connection in the capture (${listing.frames} packets)`, text: { key: 'review.capture.none', params: { frames: listing.frames } } },
    ...listing.skipped.map(({ reason, n }): ImportIssue => ({ path: reason, message: `${n} skipped`, text: { key: skipKey(reason), params: { n } } })),
  ];
  if (listing.stoppedAt) {
    const { offset, reason } = listing.stoppedAt;
    issues.push({ path: '(file)', message: reason, text: { key: 'review.capture.stopped', params: { offset, reason } } });
  }
  return { ok: false, name, capture: true, issues };
}
