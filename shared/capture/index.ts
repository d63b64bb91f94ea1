/**
 * Captures in, judged traces out: a pure reader of pcap and pcapng files (bytes in, no I/O) that
 * lists the TCP connections in a capture and turns one into a trace (TRACE.md) for `checkTrace`.
 */
export { sniffFormat, readContainer, type Frame, type SkipReason, type Skipped } from './container';
export { decodeFrame, LINKTYPE, type Packet } from './decode';
export { readCapture, summarize, endpointText, type Capture, type Connection, type ConnectionSummary } from './connections';
export { connectionTrace, judgeConnection, type CaptureNote } from './to-trace';
