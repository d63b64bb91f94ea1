import { otherSide } from '../../../shared/tcp/types';
import type { SeatEvent, Segment, Side } from '../../../shared/index';

/**
 * Segments in the air, as the round scene draws them. The network's decisions are secret until
 * they happen, so an envelope flies to the middle of the path and waits there ("in the network")
 * until it is delivered (then it flies on), lost (it bursts there) or delivered again (a second
 * copy flies on: a duplicate). An endpoint never learns what became of its own segment (GAME.md
 * "Loss is the network's secret"): unless the host shows losses, a player's own envelope flies
 * into the middle and fades there, and what arrives flies in from the middle. Times are the page's
 * own clock (ms): this is animation, not the network's time.
 */
export const FLIGHT_MS = {
  /** From a host to the middle, and from the middle to the other host. */
  travel: 700,
  /** How long a lost envelope takes to burst. */
  burst: 900,
  /** How long an arrived envelope lingers at the receiver, fading and shrinking into it. */
  linger: 1000,
  /** Waiting longer than this in the middle marks an envelope as delayed. */
  delayedAfter: 1200,
  /** How long a sent envelope whose fate is secret takes to fade away in the middle. */
  fade: 900,
} as const;

/** What the viewer may learn about flights. */
export interface FlightOptions {
  /**
   * The viewer's side when the fates of its own segments are secret to it (a player without the
   * host's "show losses"): those envelopes fade in the middle, and whatever arrives is drawn as
   * its sender's (a stale duplicate looks like any other segment to an endpoint). null: the
   * viewer sees every fate.
   */
  secretFor: Side | null;
}

export const SEE_ALL: FlightOptions = { secretFor: null };

export interface Flight {
  id: string;
  from: Side;
  segment: Segment;
  origin: 'player' | 'auto' | 'network';
  sentAt: number;
  deliveries: number[];
  lostAt: number | null;
  /** Its fate is secret to the viewer: it flies to the middle and fades there. */
  secret?: boolean;
}

export type EnvelopePhase = 'outbound' | 'waiting' | 'inbound' | 'arrived' | 'burst' | 'fading';

export interface EnvelopeView {
  /** Stable per drawn copy: `${id}#${copy}`. */
  key: string;
  id: string;
  from: Side;
  segment: Segment;
  /** 0 at the sender, 0.5 in the middle of the network, 1 at the receiver. */
  progress: number;
  phase: EnvelopePhase;
  alpha: number;
  scale: number;
  /** 0 for the first copy, 1 for a duplicate's second, … */
  copy: number;
  delayed: boolean;
  sentAt: number;
  origin: Flight['origin'];
}


/** Fold one seat event (seen at page time `at`) into the flights; returns a new list. */
export function applyFlightEvent(flights: readonly Flight[], e: SeatEvent, at: number, opts: FlightOptions = SEE_ALL): Flight[] {
  switch (e.kind) {
    case 'sent': {
      if (flights.some((f) => f.id === e.id)) return [...flights];
      const secret = opts.secretFor !== null && e.side === opts.secretFor;
      return [...flights, { id: e.id, from: e.side, segment: e.segment, origin: e.origin, sentAt: at, deliveries: [], lostAt: null, ...(secret ? { secret } : {}) }];
    }
    case 'delivered': {
      const known = flights.find((f) => f.id === e.id);
      // A segment never seen leaving appears out of the network: the partner's (its departure is
      // not shown to an endpoint), or a stale duplicate from the past when the viewer sees all.
      const origin = opts.secretFor !== null ? 'player' : 'network';
      if (!known) return [...flights, { id: e.id, from: otherSide(e.to), segment: e.segment, origin, sentAt: at - FLIGHT_MS.travel, deliveries: [at], lostAt: null }];
      return flights.map((f) => (f.id === e.id ? { ...f, deliveries: [...f.deliveries, at] } : f));
    }
    case 'lost':
      return flights.map((f) => (f.id === e.id && f.lostAt === null ? { ...f, lostAt: at } : f));
    default:
      return [...flights];
  }
}

/** Forget flights that can no longer be seen (everything about them is over by `now`). */
export function pruneFlights(flights: readonly Flight[], now: number): Flight[] {
  const tail = FLIGHT_MS.travel * 2 + FLIGHT_MS.linger + FLIGHT_MS.burst;
  return flights.filter((f) => {
    if (f.secret) return now - f.sentAt < FLIGHT_MS.travel + FLIGHT_MS.fade;
    const last = f.lostAt ?? (f.deliveries.length ? Math.max(...f.deliveries) : null);
    return last === null || now - Math.max(last, f.sentAt) < tail;
  });
}

const ease = (p: number): number => (p <= 0 ? 0 : p >= 1 ? 1 : 1 - (1 - p) * (1 - p));

/** Where every envelope is at page time `now`. */
export function envelopesAt(flights: readonly Flight[], now: number): EnvelopeView[] {
  const out: EnvelopeView[] = [];
  const { travel, burst, linger, delayedAfter, fade } = FLIGHT_MS;
  for (const f of flights) {
    if (now < f.sentAt) continue;
    const base = { id: f.id, from: f.from, segment: f.segment, sentAt: f.sentAt, origin: f.origin };
    const midAt = f.sentAt + travel;
    if (f.secret) {
      // Into the network, and out of the sender's sight: no delay, no burst, no arrival.
      if (now < midAt) out.push({ ...base, key: `${f.id}#0`, copy: 0, alpha: 1, scale: 1, progress: 0.5 * ease((now - f.sentAt) / travel), phase: 'outbound', delayed: false });
      else if (now < midAt + fade) out.push({ ...base, key: `${f.id}#0`, copy: 0, alpha: 1 - (now - midAt) / fade, scale: 1, progress: 0.5, phase: 'fading', delayed: false });
      continue;
    }
    const toMiddle = (copy: number): EnvelopeView => {
      const outbound = now < midAt;
      return {
        ...base, key: `${f.id}#${copy}`, copy, alpha: 1, scale: 1,
        progress: 0.5 * ease((now - f.sentAt) / travel),
        phase: outbound ? 'outbound' : 'waiting',
        delayed: !outbound && now - f.sentAt > delayedAfter,
      };
    };
    if (f.lostAt !== null) {
      const burstAt = Math.max(f.lostAt, midAt);
      if (now < burstAt) out.push(toMiddle(0));
      else if (now < burstAt + burst) {
        const p = (now - burstAt) / burst;
        out.push({ ...base, key: `${f.id}#0`, copy: 0, progress: 0.5, phase: 'burst', alpha: 1 - p, scale: 1 + p, delayed: false });
      }
      continue;
    }
    if (f.deliveries.length === 0) {
      out.push(toMiddle(0));
      continue;
    }
    f.deliveries.forEach((d, copy) => {
      const start = Math.max(d, midAt);
      if (now < start) {
        if (copy === 0) out.push(toMiddle(0));
        return;
      }
      const p = (now - start) / travel;
      if (p < 1) {
        out.push({ ...base, key: `${f.id}#${copy}`, copy, progress: 0.5 + 0.5 * ease(p), phase: 'inbound', alpha: 1, scale: 1, delayed: false });
      } else if (now - start - travel < linger) {
        const q = (now - start - travel) / linger;
        out.push({ ...base, key: `${f.id}#${copy}`, copy, progress: 1, phase: 'arrived', alpha: 1 - q * 0.9, scale: 1 - q * 0.4, delayed: false });
      }
    });
  }
  return out;
}
