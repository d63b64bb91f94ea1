import type { SeatEvent } from '../../../shared/round/view';
import { otherSide, type Side, type TcpState } from '../../../shared/tcp/types';
import type { EventReport, TraceReport } from '../../../shared/trace/check';
import type { Trace, TraceEvent } from '../../../shared/trace/schema';
import { DEFAULT_GEOMETRY, ladderLayout, type LadderGeometry, type LadderLayout } from './layout';

/**
 * The projector's live ladder through the review's layout: the host's view of a pair's round
 * (SeatEvents, as the server sends them with `ladder`) read as a trace, with the report the
 * projector can know. Nothing is judged live (verdicts stay on the server), so every send is drawn
 * unjudged; the states beside the lines are the ones the players declared (or declared with a
 * send). App calls and timers carry no side in the host's view and are left out, as before. No
 * DOM here.
 */
export function liveTrace(events: readonly SeatEvent[]): { trace: Trace; report: TraceReport } {
  const out: TraceEvent[] = [];
  const reports: EventReport[] = [];
  let named: Record<Side, TcpState> = { client: 'CLOSED', server: 'CLOSED' };
  const ids = new Set<string>();
  let last = 0;
  for (const e of events) {
    // Time never runs backwards in a trace; a late copy is drawn where it arrived.
    const t = Math.max(last, e.t);
    last = t;
    let ev: TraceEvent | null = null;
    switch (e.kind) {
      case 'sent':
        ids.add(e.id);
        ev = { t, type: 'send', side: e.side, id: e.id, segment: e.segment, origin: e.origin, ...(e.state ? { state: e.state } : {}), ...(e.peer !== undefined ? { peer: e.peer } : {}) };
        // A send to another address declares that half-open connection's state, not the side's.
        if (e.state && e.peer === undefined) named = { ...named, [e.side]: e.state };
        break;
      case 'delivered':
        if (!ids.has(e.id)) {
          // A segment delivered with no send seen is one the network made (a stale duplicate): it
          // leaves the other side as the network's, in the same row.
          ids.add(e.id);
          reports.push({ index: out.length, states: named, named });
          out.push({ t, type: 'send', side: otherSide(e.to), id: e.id, segment: e.segment, origin: 'network', ...(e.peer !== undefined ? { peer: e.peer } : {}) });
        }
        ev = { t, type: 'deliver', id: e.id };
        break;
      case 'lost':
        if (ids.has(e.id)) ev = { t, type: 'drop', id: e.id };
        break;
      case 'declared':
        ev = { t, type: 'state', side: e.side, state: e.state, ...(e.origin ? { origin: e.origin } : {}) };
        named = { ...named, [e.side]: e.state };
        break;
      default:
        break;
    }
    if (!ev) continue;
    reports.push({ index: out.length, states: named, named });
    out.push(ev);
  }
  return {
    trace: { format: 'synack-trace', version: 1, judge: [], events: out },
    report: { valid: true, issues: [], events: reports, summary: { judged: 0, correct: 0 } },
  };
}

/** The projector's geometry: the review's, a little larger rows, no names inside the diagram. */
export const LIVE_GEOMETRY: LadderGeometry = { ...DEFAULT_GEOMETRY, lines: { client: 150, server: 610 }, top: 48, rowH: 30 };

/** The layout of a live ladder (the whole round so far). */
export function liveLayout(events: readonly SeatEvent[], g: LadderGeometry = LIVE_GEOMETRY): LadderLayout {
  const { trace, report } = liveTrace(events);
  return ladderLayout(trace, report, g);
}
