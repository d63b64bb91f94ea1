import { checkTrace, SIDES, type Side, type TcpState, type Trace } from '../../../shared/index';

/** Counts of what happened on the network in one round, read off its trace. */
export interface RoundStats {
  /** Segments that went onto the network (refused attempts and injected stale duplicates left out). */
  sent: number;
  /** Stale duplicates the network injected. */
  injected: number;
  /** Sends a player made that were judged wrong (refused in practice, carried on in assessment). */
  wrong: number;
  lost: number;
  /** Deliveries of an id beyond its first. */
  duplicated: number;
  /** Sends that repeat sequence space their side sent and has not seen acknowledged (checkTrace's `send.retransmission`). */
  retransmissions: number;
  timeouts: Record<Side, number>;
  /** Retransmission timers that fired (either side). */
  retransmitTimeouts: number;
  /** The client acknowledged the server's repeated FIN while in TIME_WAIT (the lost-final-ACK lesson). */
  reAckInTimeWait: boolean;
  /** The round's length in network time (`t`) and in wall time (`wall`, when the trace has it), ms. */
  networkMs: number;
  wallMs: number;
  judged: number;
  correct: number;
  final: Record<Side, TcpState>;
}

export function roundStats(trace: Trace): RoundStats {
  const report = checkTrace(trace);
  const sends = new Map<string, { side: Side; origin: string }>();
  const routed = new Set<string>();
  const deliveries = new Map<string, number>();
  const stats: RoundStats = {
    sent: 0, injected: 0, wrong: 0, lost: 0, duplicated: 0, retransmissions: 0,
    timeouts: { client: 0, server: 0 }, retransmitTimeouts: 0, reAckInTimeWait: false, networkMs: 0, wallMs: 0,
    judged: report.summary.judged, correct: report.summary.correct,
    final: { client: 'CLOSED', server: 'CLOSED' },
  };
  for (const e of trace.events) {
    if (e.type === 'deliver' || e.type === 'drop') routed.add(e.id);
  }
  let reAckOwed = false;
  trace.events.forEach((e, i) => {
    const verdict = report.events[i]?.verdict;
    switch (e.type) {
      case 'send': {
        const origin = e.origin ?? 'player';
        sends.set(e.id, { side: e.side, origin });
        if (verdict && !verdict.ok) stats.wrong += 1;
        if (origin === 'network') {
          stats.injected += 1;
          break;
        }
        if (!routed.has(e.id)) break; // refused (or still held when the round ended)
        stats.sent += 1;
        // The checker says which sends repeat sequence space still unacknowledged.
        if (report.events[i]?.send?.retransmission) stats.retransmissions += 1;
        break;
      }
      case 'deliver': {
        const n = (deliveries.get(e.id) ?? 0) + 1;
        deliveries.set(e.id, n);
        if (n > 1) stats.duplicated += 1;
        break;
      }
      case 'drop':
        stats.lost += 1;
        break;
      case 'timeout':
        stats.timeouts[e.side] += 1;
        if (e.timer === 'retransmit') stats.retransmitTimeouts += 1;
        break;
      default:
        break;
    }
    // A client ACK sent (and applied) after the repeated FIN reached it in TIME_WAIT.
    const rows = report.events[i]?.rows;
    if (rows?.side === 'client' && rows.ids.includes('time-wait-rcv-fin')) reAckOwed = true;
    if (reAckOwed && e.type === 'send' && e.side === 'client' && e.segment.flags.includes('ACK') && verdict?.ok !== false) {
      stats.reAckInTimeWait = true;
      reAckOwed = false;
    }
    stats.networkMs = Math.max(stats.networkMs, e.t);
    if (e.wall !== undefined) stats.wallMs = Math.max(stats.wallMs, e.wall);
  });
  const last = report.events[report.events.length - 1];
  if (last) for (const s of SIDES) stats.final[s] = last.states[s];
  return stats;
}
