import type { SeatEvent, Segment, Side } from '../../../shared/index';

/**
 * Segments in the air, as the round scene draws them. The network's decisions are secret until
 * they happen, so an envelope flies to the middle of the path and waits there ("in the network")
 * until it is delivered (then it flies on), lost (it bursts there) or delivered again (a second
 * copy flies on: a duplicate). Times are the page's own clock (ms).
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
} as const;

export interface Flight {
  id: string;
  from: Side;
  segment: Segment;
  origin: 'player' | 'auto' | 'network';
  sentAt: number;
  deliveries: number[];
  lostAt: number | null;
}

export type EnvelopePhase = 'outbound' | 'waiting' | 'inbound' | 'arrived' | 'burst';

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

const other = (s: Side): Side => (s === 'client' ? 'server' : 'client');

/** Fold one seat event (seen at page time `at`) into the flights; returns a new list. */
export function applyFlightEvent(flights: readonly Flight[], e: SeatEvent, at: number): Flight[] {
  switch (e.kind) {
    case 'sent':
      if (flights.some((f) => f.id === e.id)) return [...flights];
      return [...flights, { id: e.id, from: e.side, segment: e.segment, origin: e.origin, sentAt: at, deliveries: [], lostAt: null }];
    case 'delivered': {
      const known = flights.find((f) => f.id === e.id);
      // A segment never seen leaving (a stale duplicate from the past) appears out of the network.
      if (!known) return [...flights, { id: e.id, from: other(e.to), segment: e.segment, origin: 'network', sentAt: at - FLIGHT_MS.travel, deliveries: [at], lostAt: null }];
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
    const last = f.lostAt ?? (f.deliveries.length ? Math.max(...f.deliveries) : null);
    return last === null || now - Math.max(last, f.sentAt) < tail;
  });
}

const ease = (p: number): number => (p <= 0 ? 0 : p >= 1 ? 1 : 1 - (1 - p) * (1 - p));

/** Where every envelope is at page time `now`. */
export function envelopesAt(flights: readonly Flight[], now: number): EnvelopeView[] {
  const out: EnvelopeView[] = [];
  const { travel, burst, linger, delayedAfter } = FLIGHT_MS;
  for (const f of flights) {
    if (now < f.sentAt) continue;
    const base = { id: f.id, from: f.from, segment: f.segment, sentAt: f.sentAt, origin: f.origin };
    const midAt = f.sentAt + travel;
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
