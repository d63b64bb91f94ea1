import { createEndpoint, namedState, type Endpoint } from '../tcp/endpoint';
import type { OptionKind } from '../tcp/allowed-sends';
import { isRetransmission, judge, judgeState, type FieldError } from '../tcp/judge';
import { stepInPlace, type EndpointEvent } from '../tcp/step';
import { otherSide, type Segment, type Side, type TcpState } from '../tcp/types';
import { isPeerRetransmission, judgePeer } from '../tcp/listen-queue';
import { quickValid } from './quick-valid';
import { TraceSchema, type Trace, type TraceEvent } from './schema';

export interface TraceIssue {
  path: string;
  message: string;
}

export interface EventReport {
  index: number;
  /** Each endpoint's state after this event, as RFC 9293 has it (TRACE.md). */
  states: { client: TcpState; server: TcpState };
  /**
   * Each endpoint's state as the game names it for the player (SYN/ACK's addition): the same,
   * except between connect()/close() and the SYN/FIN that begins the new state.
   */
  named: { client: TcpState; server: TcpState };
  /** The transition-table rows that fired at this event, if any (SYN/ACK's addition). */
  rows?: { side: Side; ids: string[] };
  /**
   * On a judged `send` or `state` event: the verdict (TRACE.md). On a send, `kind` is the family of
   * sends (allowed-sends.ts `OptionKind`) the segment was judged against: the one it matched, or
   * the closest one when it is wrong.
   */
  verdict?: { ok: boolean; errors: FieldError[]; kind?: string };
  /**
   * On a `send` by an endpoint, judged or not (SYN/ACK's addition; absent on a copy the network
   * made, origin `network`, and when the endpoint could send nothing at all): what the judge took
   * the segment for, against the endpoint as it was before the send. `kind` is the judge's
   * (`OptionKind`: rst, syn, syn-ack, retransmit, data, fin, ack; the same as `verdict.kind` when
   * judged); `retransmission` says it repeats sequence space the side had already sent (judge.ts
   * `isRetransmission`), which the review marks ↻.
   */
  send?: { kind: OptionKind; retransmission: boolean };
  /**
   * After this event, while a side listens with a bounded listen queue (SYN/ACK's addition, set
   * only in traces whose listen call gives a `backlog`): its size and the addresses of the
   * half-open connections in it, oldest first (shared/tcp/listen-queue.ts).
   */
  queue?: { side: Side; backlog: number; halfOpen: string[] };
}

/** What `checkTrace` returns (TRACE.md). */
export interface TraceReport {
  valid: boolean;
  issues: TraceIssue[];
  events: EventReport[];
  summary: { judged: number; correct: number };
}

/** Optional, for a caller that shows how far a long check has got (the review page's import). */
export interface CheckOptions {
  /** Called about a hundred times while judging: events judged so far, and in all. */
  onProgress?: (done: number, total: number) => void;
}

/** `events[3].segment.seq` from a path of keys. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out || '(root)';
}

/** Checks beyond the schema: time order, unique ids, deliveries and drops of known sends. */
function semanticIssues(trace: Trace): TraceIssue[] {
  const issues: TraceIssue[] = [];
  const ids = new Set<string>();
  let last = 0;
  trace.events.forEach((e, i) => {
    if (e.t < last) issues.push({ path: `events[${i}].t`, message: `time goes backwards (${e.t} after ${last})` });
    last = Math.max(last, e.t);
    if (e.type === 'send') {
      if (ids.has(e.id)) issues.push({ path: `events[${i}].id`, message: `send id "${e.id}" is used twice` });
      ids.add(e.id);
    } else if ((e.type === 'deliver' || e.type === 'drop') && !ids.has(e.id)) {
      issues.push({ path: `events[${i}].id`, message: `unknown id "${e.id}": no earlier send has it` });
    }
  });
  return issues;
}

/**
 * Step one of the checker's endpoints, which it owns and keeps no earlier version of: stepped in
 * place. The rows that fired, if any.
 */
function run(eps: Record<Side, Endpoint>, side: Side, ev: EndpointEvent): EventReport['rows'] {
  const res = stepInPlace(eps[side], ev);
  eps[side] = res.endpoint;
  return res.rows.length > 0 ? { side, ids: res.rows } : undefined;
}

/** The app event of the engine for a trace's app call (listen with its queue's size when given). */
function appEvent(e: Extract<TraceEvent, { type: 'app' }>): EndpointEvent {
  if (e.call === 'send') return { type: 'app', call: 'send', bytes: e.bytes ?? 0 };
  if (e.call === 'listen') {
    return { type: 'app', call: 'listen', ...(e.backlog !== undefined ? { backlog: e.backlog } : {}), ...(e.synAckRetries !== undefined ? { synAckRetries: e.synAckRetries } : {}) };
  }
  return e.reuse ? { type: 'app', call: e.call, reuse: true } : { type: 'app', call: e.call };
}

/** The bounded listen queue of a side, if one listens with one (EventReport.queue). */
function queueReport(eps: Record<Side, Endpoint>): EventReport['queue'] {
  for (const side of ['server', 'client'] as const) {
    const q = eps[side].queue;
    if (q && q.backlog !== null) return { side, backlog: q.backlog, halfOpen: q.entries.map((x) => x.peer) };
  }
  return undefined;
}

/**
 * Judge a whole conversation with the rule engine. Never throws: input that is not a valid
 * version-1 trace gives `valid: false` with the path and reason of each problem, and nothing is
 * judged. States change at the event that causes them (TRACE.md "When states change").
 */
export function checkTrace(input: unknown, opts: CheckOptions = {}): TraceReport {
  // Plain data that is certainly a trace is read as it is; anything else goes through the schema,
  // which reports the issues (the schema's copy of a valid trace holds the same values).
  let trace: Trace;
  if (quickValid(input)) trace = input as Trace;
  else {
    const parsed = TraceSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
      return { valid: false, issues, events: [], summary: { judged: 0, correct: 0 } };
    }
    trace = parsed.data;
  }
  const issues = semanticIssues(trace);
  if (issues.length > 0) return { valid: false, issues, events: [], summary: { judged: 0, correct: 0 } };

  const eps: Record<Side, Endpoint> = { client: createEndpoint(), server: createEndpoint() };
  // `peer`: the segment came from (fromPeer) or went to another address than the other side.
  const sent = new Map<string, { side: Side; segment: Segment; peer?: string; fromPeer?: boolean }>();
  const judged = new Set<Side>(trace.judge);
  const list = trace.events;
  const total = list.length;
  const events: EventReport[] = new Array<EventReport>(total);
  const every = Math.max(1, Math.floor(total / 100));
  let nJudged = 0;
  let nCorrect = 0;

  // One pass, a constant amount of work per event beside the engine's own step: no closure, copy
  // or spread per event (a 100,000-event trace is checked in well under a second).
  for (let index = 0; index < total; index++) {
    const e = list[index] as TraceEvent;
    if (opts.onProgress && index % every === 0) opts.onProgress(index, total);
    let verdict: EventReport['verdict'];
    let rows: EventReport['rows'];
    let send: EventReport['send'];
    switch (e.type) {
      case 'app':
        rows = run(eps, e.side, appEvent(e));
        break;
      case 'send': {
        const origin = e.origin ?? 'player';
        sent.set(e.id, e.peer === undefined ? { side: e.side, segment: e.segment } : { side: e.side, segment: e.segment, peer: e.peer, fromPeer: origin === 'network' });
        if (origin === 'network') break; // a copy the network made, or a segment of another address: not the side's own send
        const ep = eps[e.side];
        if (e.peer !== undefined) {
          // To another address: the SYN+ACK of a half-open connection in the listen queue.
          const judgedSend = origin === 'player' && judged.has(e.side);
          const v = judgePeer(ep, e.peer, e.segment, judgedSend ? e.state : undefined);
          if (judgedSend) {
            verdict = v.kind ? { ok: v.ok, errors: v.errors, kind: v.kind } : { ok: v.ok, errors: v.errors };
            nJudged += 1;
            if (v.ok) nCorrect += 1;
          }
          if (v.kind) send = { kind: v.kind, retransmission: isPeerRetransmission(ep, e.peer, e.segment) };
          if (!judgedSend || v.ok) rows = run(eps, e.side, { type: 'send', segment: e.segment, peer: e.peer });
          break;
        }
        const judgedSend = origin === 'player' && judged.has(e.side);
        // Judged or not, the judge says what the send is; only a judged player's verdict counts.
        const v = judge(ep, e.segment, judgedSend ? e.state : undefined);
        if (judgedSend) {
          verdict = v.kind ? { ok: v.ok, errors: v.errors, kind: v.kind } : { ok: v.ok, errors: v.errors };
          nJudged += 1;
          if (v.ok) nCorrect += 1;
        }
        if (v.kind) send = { kind: v.kind, retransmission: isRetransmission(ep, e.segment, v.kind) };
        // A send judged wrong is refused: the endpoint does not take it.
        if (!judgedSend || v.ok) rows = run(eps, e.side, { type: 'send', segment: e.segment });
        break;
      }
      case 'deliver': {
        const s = sent.get(e.id);
        // A segment to another address reaches nobody the trace follows (a spoofed source never answers).
        if (s && s.peer === undefined) rows = run(eps, otherSide(s.side), { type: 'deliver', segment: s.segment });
        else if (s?.fromPeer) rows = run(eps, otherSide(s.side), { type: 'deliver', segment: s.segment, peer: s.peer });
        break;
      }
      case 'drop':
        break;
      case 'timeout':
        rows = run(eps, e.side, e.peer === undefined ? { type: 'timeout', timer: e.timer } : { type: 'timeout', timer: e.timer, peer: e.peer });
        break;
      case 'state':
        if (judged.has(e.side) && e.origin !== 'auto') {
          const errors = judgeState(eps[e.side], e.state);
          verdict = { ok: errors.length === 0, errors };
          nJudged += 1;
          if (verdict.ok) nCorrect += 1;
        }
        break;
    }
    // The same keys, in the same order, as ever: index, states, named, then rows, verdict, send when set.
    const report: EventReport = {
      index,
      states: { client: eps.client.state, server: eps.server.state },
      named: { client: namedState(eps.client), server: namedState(eps.server) },
    };
    if (rows) report.rows = rows;
    if (verdict) report.verdict = verdict;
    if (send) report.send = send;
    const queue = queueReport(eps);
    if (queue) report.queue = queue;
    events[index] = report;
  }
  return { valid: true, issues: [], events, summary: { judged: nJudged, correct: nCorrect } };
}
