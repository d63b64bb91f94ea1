import type { SeatEvent } from '../messages/index';
import type { Side } from '../tcp/types';
import type { RoundOutput, Round } from './round';

/** Who looks: one endpoint's player, or the host (dashboard, projector ladder, review). */
export type Audience = Side | 'host';

/**
 * The one filter point for what leaves the server (ARCHITECTURE.md principle 3): the events of a
 * round step as a given audience may see them. A player sees its own app calls, timers and
 * declarations, every segment that really went onto the network (leaving and arriving), and
 * losses. Never: a refused send of the partner, a stale duplicate before it arrives, what anyone
 * owes, an expected value, or a fate before it happens. The host sees everything that happened.
 */
export function viewFor(outputs: readonly RoundOutput[], audience: Audience, round: Pick<Round, 'sends'>): SeatEvent[] {
  const seen: SeatEvent[] = [];
  for (const o of outputs) {
    const e = o.event;
    switch (e.type) {
      case 'app':
        if (audience === 'host' || audience === e.side) seen.push({ kind: 'app', t: e.t, call: e.call, ...(e.bytes !== undefined ? { bytes: e.bytes } : {}) });
        break;
      case 'send': {
        const origin = e.origin ?? 'player';
        const refused = o.verdict !== undefined && !o.verdict.ok;
        if (refused || (origin === 'network' && audience !== 'host')) break;
        // The state a player declared with a send is theirs to see again, and the host's.
        const declared = e.state && (audience === 'host' || audience === e.side) ? { state: e.state } : {};
        seen.push({ kind: 'sent', t: e.t, id: e.id, side: e.side, segment: e.segment, origin, ...declared });
        break;
      }
      case 'deliver': {
        const s = round.sends[e.id];
        if (s) seen.push({ kind: 'delivered', t: e.t, id: e.id, to: s.side === 'client' ? 'server' : 'client', segment: s.segment });
        break;
      }
      case 'drop': {
        const s = round.sends[e.id];
        // A lost stale duplicate was never seen by the players: nothing to show them.
        if (s && (audience === 'host' || s.origin !== 'network')) seen.push({ kind: 'lost', t: e.t, id: e.id });
        break;
      }
      case 'timeout':
        if (audience === 'host' || audience === e.side) seen.push({ kind: 'timer', t: e.t, timer: e.timer, action: 'fired' });
        break;
      case 'state':
        if (audience === 'host' || audience === e.side) seen.push({ kind: 'declared', t: e.t, side: e.side, state: e.state });
        break;
    }
  }
  return seen;
}

/** Everything a seat has seen in a round so far (a reconnecting player's history). */
export function historyFor(round: Round, audience: Audience): SeatEvent[] {
  // Rebuild the outputs from the trace: a refused send is one followed by no fate; verdicts are
  // not in the trace, so refused sends are recognised by their id never being routed.
  const routed = new Set<string>();
  for (const e of round.events) if (e.type === 'deliver' || e.type === 'drop') routed.add(e.id);
  for (const h of round.held) routed.add(h.id);
  for (const p of round.pending) if (p.kind !== 'timeout') routed.add(p.id);
  const outputs: RoundOutput[] = round.events.map((event) =>
    event.type === 'send' && !routed.has(event.id) ? { event, verdict: { ok: false, errors: [] } } : { event },
  );
  return viewFor(outputs, audience, round);
}

/**
 * How many inputs to `side`'s endpoint a list of that seat's events holds: segments delivered to
 * it, its timers firing, its application's calls. These, and only these, change what the
 * endpoint should do next without the player doing anything. A player's answer carries the count
 * it had seen; the server judges it only if nothing new has reached that endpoint since (an
 * answer that crossed an arriving segment on a slow phone is given back, not marked wrong).
 */
export function countInputs(events: readonly SeatEvent[], side: Side): number {
  let n = 0;
  for (const e of events) if ((e.kind === 'delivered' && e.to === side) || e.kind === 'timer' || e.kind === 'app') n++;
  return n;
}
