import type { Dashboard, PairSummary } from './index';

/**
 * The hosts' dashboard as a screen holds it: `next` added to the one before it. A whole dashboard
 * (no `delta`) replaces it. A `delta` names only the pairs and totals that changed since the
 * dashboard before it: the other pairs are kept, their waiting times and round timer counted on by
 * `advanceMs` (the page time since `prev` arrived, while the round ran: 0 when it was paused), as
 * the server would have counted them. A delta of another round, or with nothing before it, stands
 * alone until the whole dashboard a host is sent on joining arrives.
 */
export function mergeDashboard(prev: Dashboard | undefined, next: Dashboard, advanceMs: number): Dashboard {
  if (next.delta !== true || prev === undefined || prev.round !== next.round) return next;
  const changed = new Map(next.pairs.map((p) => [p.id, p]));
  const held = new Set(prev.pairs.map((p) => p.id));
  const pairs = prev.pairs.map((p) => changed.get(p.id) ?? countedOn(p, advanceMs));
  for (const p of next.pairs) if (!held.has(p.id)) pairs.push(p);
  const merged: Dashboard = { round: next.round, pairs };
  if (next.allDone !== undefined) merged.allDone = next.allDone;
  if (prev.totals !== undefined || next.totals !== undefined) merged.totals = { ...prev.totals, ...next.totals };
  return merged;
}

/** A pair `ms` later with nothing new: its round timer and each waiting seat's wait grow by `ms`. */
function countedOn(p: PairSummary, ms: number): PairSummary {
  if (ms <= 0) return p;
  const seat = (s: PairSummary['client']): PairSummary['client'] => (s.owes && s.owingMs !== undefined ? { ...s, owingMs: s.owingMs + ms } : s);
  const out: PairSummary = { ...p, client: seat(p.client), server: seat(p.server) };
  if (p.elapsedMs !== undefined) out.elapsedMs = p.elapsedMs + ms;
  return out;
}
