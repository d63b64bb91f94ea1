import { z } from 'zod';
import { APP_CALLS, otherSide, SIDES, TCP_STATES, TIMERS, type Segment, type Side } from '../tcp/types';
import { SegmentSchema } from '../trace/schema';
import type { RoundOutput, Round } from './round';

/** One thing a seat may see, in the order it happened (t: ms since round start). */
export const SeatEventSchema = z.discriminatedUnion('kind', [
  /** listen() may carry its queue's size (`backlog`, `synAckRetries`: shared/tcp/listen-queue.ts). */
  z.object({ kind: z.literal('app'), t: z.number(), call: z.enum(APP_CALLS), bytes: z.number().optional(), backlog: z.number().optional(), synAckRetries: z.number().optional(), reuse: z.literal(true).optional() }),
  /** `peer`: sent to that other address (a half-open connection's SYN+ACK). */
  z.object({ kind: z.literal('sent'), t: z.number(), id: z.string(), side: z.enum(SIDES), segment: SegmentSchema, origin: z.enum(['player', 'auto', 'network']), state: z.enum(TCP_STATES).optional(), peer: z.string().optional() }),
  /** `peer`: it came from that other address (a spoofed source), not from the partner. */
  z.object({ kind: z.literal('delivered'), t: z.number(), id: z.string(), to: z.enum(SIDES), segment: SegmentSchema, peer: z.string().optional() }),
  z.object({ kind: z.literal('lost'), t: z.number(), id: z.string() }),
  /** `peer`: the timer of that address's half-open connection. */
  z.object({ kind: z.literal('timer'), t: z.number(), timer: z.enum(TIMERS), action: z.enum(['fired']), peer: z.string().optional() }),
  /** A declared state; origin 'auto': set for the player (the engine played the prelude). */
  z.object({ kind: z.literal('declared'), t: z.number(), side: z.enum(SIDES), state: z.enum(TCP_STATES), origin: z.enum(['player', 'auto']).optional() }),
]);
export type SeatEvent = z.infer<typeof SeatEventSchema>;

/** Who looks: one endpoint's player, or the host (dashboard, projector ladder, review). */
export type Audience = Side | 'host';

/** What a seat may be shown beyond what its endpoint can know. */
export interface ViewOptions {
  /**
   * Show the players the whole network: the partner's segments leaving, deliveries of their own
   * segments, and losses (a host setting for younger classes). Off: an endpoint sees only what a
   * real one can know (GAME.md "Loss is the network's secret").
   */
  showLosses: boolean;
  /** Assessment mode: a wrong segment stays the player's own in their view (see below). */
  assessment: boolean;
}

export const SECRET_VIEW: ViewOptions = { showLosses: false, assessment: false };


/**
 * The one filter point for what leaves the server (ARCHITECTURE.md principle 3): the events of a
 * round step as a given audience may see them.
 *
 * A player sees what its endpoint can know: its own application's calls, timers and declarations,
 * the segments it put on the wire, and the segments delivered to it. Never: that a segment was lost
 * (the sender learns it from its timer, the receiver never), the partner's segments before they
 * arrive, a refused send of the partner, what anyone owes, an expected value, or a fate before it
 * happens. In assessment mode a player's wrong segment is shown to that player as they sent it,
 * and the correct one the network carried on in its place is not shown to them as a correction.
 * With `showLosses` the players also see the partner's segments leave, deliveries to the partner and
 * losses. The host sees everything that went onto the network.
 */
export function viewFor(outputs: readonly RoundOutput[], audience: Audience, round: Pick<Round, 'sends'>, opts: ViewOptions = SECRET_VIEW): SeatEvent[] {
  const seen: SeatEvent[] = [];
  const host = audience === 'host';
  /** How a send appears to this audience: its id and segment (a carried-on one as the player's own, to that player). */
  const asSeen = (id: string): { id: string; segment: Segment } | null => {
    const s = round.sends[id];
    if (!s) return null;
    if (!host && opts.assessment && s.standsFor && s.side === audience) {
      const mine = round.sends[s.standsFor];
      if (mine) return { id: s.standsFor, segment: mine.segment };
    }
    return { id, segment: s.segment };
  };
  for (const o of outputs) {
    const e = o.event;
    switch (e.type) {
      case 'app':
        if (host || audience === e.side) {
          const queue = { ...(e.backlog !== undefined ? { backlog: e.backlog } : {}), ...(e.synAckRetries !== undefined ? { synAckRetries: e.synAckRetries } : {}) };
          seen.push({ kind: 'app', t: e.t, call: e.call, ...(e.bytes !== undefined ? { bytes: e.bytes } : {}), ...queue, ...(e.reuse ? { reuse: true as const } : {}) });
        }
        break;
      case 'send': {
        const origin = e.origin ?? 'player';
        const refused = o.verdict !== undefined && !o.verdict.ok;
        // A stale duplicate the network injected was sent by nobody a player can see.
        if (origin === 'network' && !host) break;
        const own = audience === e.side;
        const carried = round.sends[e.id]?.standsFor !== undefined;
        let show: boolean;
        let shownOrigin = origin;
        if (host) show = !refused;
        else if (own) {
          // Assessment: the player's own answer is what they sent; the carried-on copy is not shown.
          if (opts.assessment) show = refused ? origin === 'player' : !carried;
          else show = !refused;
        } else {
          show = opts.showLosses && !refused && origin !== 'network';
          if (carried) shownOrigin = 'player';
        }
        if (!show) break;
        // The state a player declared with a send is theirs to see again, and the host's.
        const declared = e.state && (host || own) ? { state: e.state } : {};
        seen.push({ kind: 'sent', t: e.t, id: e.id, side: e.side, segment: e.segment, origin: shownOrigin, ...declared, ...(e.peer !== undefined ? { peer: e.peer } : {}) });
        break;
      }
      case 'deliver': {
        const s = round.sends[e.id];
        if (!s) break;
        // Sent to another address: it reaches nobody a seat plays.
        if (s.peer !== undefined && s.origin !== 'network') break;
        const to = otherSide(s.side);
        if (!host && audience !== to && !opts.showLosses) break;
        // The receiver gets the true segment; its sender (only with showLosses) sees its own.
        const v = host || audience === to ? { id: e.id, segment: s.segment } : asSeen(e.id);
        if (v) seen.push({ kind: 'delivered', t: e.t, id: v.id, to, segment: v.segment, ...(s.peer !== undefined ? { peer: s.peer } : {}) });
        break;
      }
      case 'drop': {
        const s = round.sends[e.id];
        if (!s) break;
        if (!host && (!opts.showLosses || s.origin === 'network')) break;
        const v = host ? { id: e.id } : asSeen(e.id);
        if (v) seen.push({ kind: 'lost', t: e.t, id: v.id });
        break;
      }
      case 'timeout':
        if (host || audience === e.side) seen.push({ kind: 'timer', t: e.t, timer: e.timer, action: 'fired', ...(e.peer !== undefined ? { peer: e.peer } : {}) });
        break;
      case 'state': {
        // Practice: a wrong declaration is refused, like a wrong segment: it did not happen.
        const refused = o.verdict !== undefined && !o.verdict.ok && !opts.assessment;
        if (!refused && (host || audience === e.side)) seen.push({ kind: 'declared', t: e.t, side: e.side, state: e.state, ...(e.origin === 'auto' ? { origin: 'auto' as const } : {}) });
        break;
      }
    }
  }
  return seen;
}

/** Everything a seat has seen in a round so far (a reconnecting player's history). */
export function historyFor(round: Round, audience: Audience, opts: ViewOptions = SECRET_VIEW): SeatEvent[] {
  // Rebuild the outputs from the trace, marking the answers that were judged wrong.
  const wrong = new Set(round.wrong);
  const outputs: RoundOutput[] = round.events.map((event, i) => (wrong.has(i) ? { event, verdict: { ok: false, errors: [] } } : { event }));
  return viewFor(outputs, audience, round, opts);
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
