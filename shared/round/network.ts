import { drawFate, type Fate, type NetSettings } from '../net/faults';
import { hasFlag, type Segment, type Side, type TcpState, type TimerName } from '../tcp/types';
import type { FaultRule, Release } from './scenarios';

/*
 * The network's part of a round, as its own value: the agenda of what is due (deliveries, losses
 * and the endpoints' timers, in time order), the segments a scenario holds back, the host's live
 * injections and the seeded RNG that draws every fate. What happens to a segment put on the wire:
 * the scenario's fault plan first, then the host's live injections (the first armed one that
 * matches is used), then the fate drawn from the settings. The round owns one of these and passes in what only it knows (the time, the plan,
 * whether a hold's release has happened); nothing here knows the round. Like the round's, these
 * functions change the working copy they are given (`copyNetwork` makes one).
 */

/** A fault the host injects live, applied to the next matching segment of the pair. */
export type HostInjection =
  | { kind: 'drop-next'; flag?: 'SYN' | 'ACK' | 'FIN' }
  | { kind: 'delay-next'; ms: number }
  | { kind: 'stale-syn' };

/**
 * A host injection as the round remembers it: waiting for its segment (`armed`) or spent on one
 * (`used`). A stale SYN is made at once, so it is used when injected. A fault still armed when
 * the round ends was never used (the dashboard calls it cancelled).
 */
export interface HostFault {
  injection: HostInjection;
  status: 'armed' | 'used';
}

/** Something due at `at`; `n` orders what is due at the same time (the order it was scheduled). */
export type Due =
  | { at: number; n: number; kind: 'deliver' | 'drop'; id: string }
  /** `peer`: the timer of a half-open connection from that address in `side`'s listen queue. */
  | { at: number; n: number; kind: 'timeout'; side: Side; timer: TimerName; peer?: string };

export interface NetworkState {
  /** The seeded RNG's state: fates, and the ISNs the engine chooses. */
  rng: number;
  /** Counts sends and scheduled items (send ids and the order of equal times come from it). */
  counter: number;
  due: Due[];
  /** Segments a plan rule holds until its release (by the rule's index). */
  held: { id: string; rule: number }[];
  /** Per plan rule: how many segments it has taken, and whether its release has happened. */
  planUsed: number[];
  planReleased: boolean[];
  /** Per scenario injection: made yet. */
  injected: boolean[];
  /** The host's injections in the order made: those `armed` wait for their segment. */
  hostFaults: HostFault[];
  /**
   * Per side, when the last segment it sent in order arrives (-1: none yet): a later one arrives
   * after it, never before nor at the same instant (a path keeps its order; only the reorder rate,
   * or a delay the host injects, lets a segment be overtaken). Jitter alone reordered them: at a
   * fast pace a client's SYN+ACK overtook its own SYN, or reached the server in the same instant,
   * before the server had answered the SYN.
   */
  inOrder: Record<Side, number>;
}

export function createNetwork(rng: number, planRules: number, injections: number): NetworkState {
  return {
    rng,
    counter: 0,
    due: [],
    held: [],
    planUsed: Array.from({ length: planRules }, () => 0),
    planReleased: Array.from({ length: planRules }, () => false),
    injected: Array.from({ length: injections }, () => false),
    hostFaults: [],
    inOrder: { client: -1, server: -1 },
  };
}

export function copyNetwork(n: NetworkState): NetworkState {
  return {
    ...n,
    due: [...n.due],
    held: [...n.held],
    planUsed: [...n.planUsed],
    planReleased: [...n.planReleased],
    injected: [...n.injected],
    hostFaults: n.hostFaults.map((f) => ({ ...f })),
    inOrder: { ...n.inOrder },
  };
}

/** The next number of the round's counter (send ids, and the order of things due at one time). */
export function nextNumber(n: NetworkState): number {
  n.counter += 1;
  return n.counter;
}

/** What the round tells the network when a segment is put on the wire. */
export interface RouteContext {
  now: number;
  plan: readonly FaultRule[];
  settings: NetSettings;
  /** Whether a hold's release has happened (the round knows the endpoints). */
  released: (rel: Release) => boolean;
}

function matches(rule: FaultRule, side: Side, seg: Segment, state: TcpState): boolean {
  return rule.side === side &&
    (rule.flags ?? []).every((f) => hasFlag(seg, f)) &&
    (!rule.withData || seg.len > 0) &&
    (!rule.state || rule.state === state);
}

/** Decide what the network does with a segment: plan, host injections, then the drawn fate. */
export function route(n: NetworkState, ctx: RouteContext, id: string, side: Side, seg: Segment, state: TcpState, forced?: Fate): void {
  for (let i = 0; i < ctx.plan.length; i++) {
    const rule = ctx.plan[i]!;
    if ((n.planUsed[i] ?? 0) >= (rule.count ?? 1) || !matches(rule, side, seg, state)) continue;
    if (rule.action === 'hold' && (n.planReleased[i] || (rule.release && ctx.released(rule.release)))) continue;
    n.planUsed[i] = (n.planUsed[i] ?? 0) + 1;
    if (rule.action === 'drop') return schedule(n, ctx.now, id, { kind: 'drop', after: 0 });
    n.held.push({ id, rule: i });
    return;
  }
  const armed = n.hostFaults.find(({ status, injection: j }) => status === 'armed' &&
    (j.kind === 'delay-next' || j.kind === 'drop-next' && (!j.flag || hasFlag(seg, j.flag))));
  let extra = 0;
  if (armed) {
    armed.status = 'used';
    const j = armed.injection;
    if (j.kind === 'drop-next') return schedule(n, ctx.now, id, { kind: 'drop', after: 0 });
    if (j.kind === 'delay-next') extra = j.ms;
  }
  if (forced) return schedule(n, ctx.now, id, forced);
  const fate = drawOn(n, ctx.settings);
  if (fate.kind === 'drop') return schedule(n, ctx.now, id, fate);
  // The host's delay holds this one segment back: those sent after it may overtake it.
  if (extra) return schedule(n, ctx.now, id, { kind: 'deliver', delays: fate.delays.map((x) => x + extra) });
  scheduleInOrder(n, ctx.now, id, side, fate);
}

/**
 * Put a delivered segment on the agenda behind what `side` sent before it: each copy (a duplicate
 * is a second one) arrives after every copy sent ahead of it, unless drawn to be overtaken.
 */
function scheduleInOrder(n: NetworkState, now: number, id: string, side: Side, fate: Extract<Fate, { kind: 'deliver' }>): void {
  if (fate.reordered) return schedule(n, now, id, fate);
  for (const d of fate.delays) {
    n.inOrder[side] = Math.max(now + d, n.inOrder[side] + 1);
    n.due.push({ at: n.inOrder[side], n: nextNumber(n), kind: 'deliver', id });
  }
}

/** Draw a fate from `settings` with the network's RNG. */
export function drawOn(n: NetworkState, settings: NetSettings): Fate {
  const d = drawFate(settings, n.rng);
  n.rng = d.rng;
  return d.fate;
}

/** Put a segment's fate on the agenda: its loss, or each copy's delivery. */
export function schedule(n: NetworkState, now: number, id: string, fate: Fate): void {
  if (fate.kind === 'drop') {
    n.due.push({ at: now + fate.after, n: nextNumber(n), kind: 'drop', id });
    return;
  }
  for (const d of fate.delays) n.due.push({ at: now + d, n: nextNumber(n), kind: 'deliver', id });
}

/**
 * Release every segment a plan rule held (the rule's `side` sent them): each is delivered (never
 * lost) after a drawn delay, in order with what that side sends next.
 */
export function releaseHeld(n: NetworkState, now: number, rule: number, side: Side, settings: NetSettings): void {
  n.planReleased[rule] = true;
  for (const h of n.held.filter((x) => x.rule === rule)) {
    const fate = drawOn(n, { ...settings, loss: 0 });
    if (fate.kind === 'deliver') scheduleInOrder(n, now, h.id, side, fate);
  }
  n.held = n.held.filter((x) => x.rule !== rule);
}

/**
 * Stop a side's timer, and start it again to end `ms` from now when `ms` is given. With `peer`, the
 * timer of that address's half-open connection (each has its own); without, the endpoint's own.
 */
export function setTimer(n: NetworkState, now: number, side: Side, timer: TimerName, ms: number | null, peer?: string): void {
  n.due = n.due.filter((p) => !(p.kind === 'timeout' && p.side === side && p.timer === timer && p.peer === peer));
  if (ms !== null) n.due.push({ at: now + ms, n: nextNumber(n), kind: 'timeout', side, timer, ...(peer !== undefined ? { peer } : {}) });
}

/** The time of the next thing due, or null when nothing is. */
export function nextDeadline(n: NetworkState): number | null {
  let best: number | null = null;
  for (const p of n.due) if (best === null || p.at < best) best = p.at;
  return best;
}

/** Take the first thing due by `now` (earliest, then first scheduled), or undefined. */
export function takeDue(n: NetworkState, now: number): Due | undefined {
  let i = -1;
  for (let k = 0; k < n.due.length; k++) {
    const p = n.due[k]!;
    const b = i >= 0 ? n.due[i]! : undefined;
    if (p.at <= now && (!b || p.at < b.at || (p.at === b.at && p.n < b.n))) i = k;
  }
  return i < 0 ? undefined : n.due.splice(i, 1)[0];
}

/** Whether any segment is still held or on its way (timers do not count). */
export function inFlight(n: NetworkState): boolean {
  return n.held.length > 0 || n.due.some((p) => p.kind !== 'timeout');
}
