import { createEndpoint, type Endpoint } from '../tcp/endpoint';
import { judge, judgeState, type FieldError } from '../tcp/judge';
import { botSegment } from '../tcp/bot';
import { step, type EndpointEvent, type TimerEffect } from '../tcp/step';
import { halfOpenOf, judgePeer, owedPeerSends, type PeerTimerEffect } from '../tcp/listen-queue';
import { otherSide, SIDES, type Segment, type Side, type TcpState } from '../tcp/types';
import type { TraceEvent, Trace } from '../trace/schema';
import type { Fate, NetSettings } from '../net/faults';
import {
  copyNetwork, createNetwork, drawOn, inFlight, nextDeadline as nextDue, nextNumber, releaseHeld, route, schedule, setTimer, takeDue,
  type HostInjection, type NetworkState, type RouteContext,
} from './network';
import type { Release } from './scenarios';
import { nextInt, nextUint32, seedRng } from '../net/rng';
import { seqAdd } from '../tcp/seq';
import { dueCall } from './script';
import { owesSend } from './owes';
import { backedOffRto, nextExpiries } from './backoff';
import { ROUND_DEFAULTS } from './defaults';
import type { Scenario } from './scenarios';

export type Mode = 'practice' | 'assessment';

export interface RoundSettings {
  mode: Mode;
  net: NetSettings;
  /** Retransmission timeout, ms of network time (the clock stands still while people think). */
  rtoMs: number;
  /** Maximum segment lifetime, ms of network time; TIME_WAIT lasts twice this. */
  mslMs: number;
  /** ISNs the engine chooses (bot, prelude, stale duplicates) are below 1000, like `seq=x` in a textbook. */
  textbook?: boolean;
  /**
   * Retransmission backoff (RFC 6298 §5.5, shared/round/backoff.ts): each expiry doubles the
   * side's next RTO up to a cap, until new data is acknowledged. Absent: on, the class default.
   */
  backoff?: boolean;
}

export type { HostInjection } from './network';

/** A whole round between two endpoints: plain data, stepped by the pure functions below. */
export interface Round {
  scenario: Scenario;
  settings: RoundSettings;
  /** Whose sends are judged (a bot's are not). */
  judge: Side[];
  now: number;
  eps: Record<Side, Endpoint>;
  nextCall: Record<Side, number>;
  events: TraceEvent[];
  /**
   * Every segment put on the wire, by send id. Shared by the rounds a step makes from one another
   * (a copy per step was most of what a step allocated): an id is written once and never changed,
   * so a round may find ids a later round added, which none of its events names. Write through
   * `remember` only, which copies the table first if another line of play (a fork) already holds
   * the id. Never enumerate it.
   */
  sends: Record<string, SentSegment>;
  /** The network: what is due, held and injected, and the seeded RNG (shared/round/network.ts). */
  net: NetworkState;
  /** The engine-played prelude (if any) is over: players act from here on. */
  preludeDone: boolean;
  /** Every transition-table row that has fired on each side, once each (lessons read these). */
  fired: Record<Side, string[]>;
  /** Indices into `events` of judged answers that were wrong (refused in practice, recorded in assessment). */
  wrong: number[];
  /** Wall-clock ms since the round began, stamped on events as `wall` when set (see shared/round/play.ts). */
  wall?: number;
  /**
   * Each side's retransmission-timer expiries since SND.UNA last advanced: the RTO backoff
   * (shared/round/backoff.ts). Absent in a round made before backoff existed: none.
   */
  rtoExpiries?: Record<Side, number>;
}

/** A segment put on the wire, as the round remembers it. */
export interface SentSegment {
  side: Side;
  segment: Segment;
  origin: 'player' | 'auto' | 'network';
  /**
   * Another address than the other side: the segment came from it (origin `network`, a spoofed
   * source) or went to it (an endpoint's SYN+ACK to a half-open connection), shared/tcp/listen-queue.ts.
   */
  peer?: string;
  /**
   * Assessment mode: this is the correct segment the network carried on in place of the player's
   * wrong one, whose send id this is (the player keeps seeing their own answer).
   */
  standsFor?: string;
}

/** Something that happened in a step, for the caller to tell the players (the trace event, plus context). */
export interface RoundOutput {
  event: TraceEvent;
  /** For send events: the verdict, when judged. */
  verdict?: { ok: boolean; errors: FieldError[] };
}

export interface StepOut {
  round: Round;
  out: RoundOutput[];
}

export function createRound(scenario: Scenario, settings: RoundSettings, seed: number, judgeSides: Side[] = ['client', 'server']): Round {
  return {
    scenario,
    settings,
    judge: [...judgeSides],
    now: 0,
    eps: { client: createEndpoint(), server: createEndpoint() },
    nextCall: { client: 0, server: 0 },
    events: [],
    sends: {},
    net: createNetwork(seedRng(seed), scenario.faults?.plan?.length ?? 0, scenario.faults?.inject?.length ?? 0),
    preludeDone: !scenario.prelude,
    fired: { client: [], server: [] },
    wrong: [],
    rtoExpiries: { client: 0, server: 0 },
  };
}

/**
 * A working copy: the functions below change only this, never what their input holds. The table of
 * segments sent is shared and only gains ids (Round.sends).
 */
function copy(r: Round): Round {
  return {
    ...r,
    // Shared, never changed in place: `judge`, `fired` and `rtoExpiries` are replaced when they
    // change; `sends` is written once per id (remember).
    eps: { ...r.eps },
    nextCall: { ...r.nextCall },
    events: [...r.events],
    net: copyNetwork(r.net),
    rtoExpiries: r.rtoExpiries ?? NO_EXPIRIES,
  };
}

const NO_EXPIRIES: Readonly<Record<Side, number>> = Object.freeze({ client: 0, server: 0 });

/** Note a segment put on the wire (see Round.sends: an id already there belongs to a fork). */
function remember(r: Round, id: string, sent: SentSegment): void {
  if (Object.hasOwn(r.sends, id)) r.sends = { ...r.sends };
  r.sends[id] = sent;
}

/** Start the round: fire the calls due at the start. */
export function startRound(round: Round): StepOut {
  const r = copy(round);
  const out: RoundOutput[] = [];
  settle(r, out);
  return { round: r, out };
}

/** Whether sends of `side` are played by the engine now (a scenario's prelude). */
export function inPrelude(r: Round): boolean {
  return r.scenario.prelude === 'handshake' && !r.preludeDone;
}

function updatePrelude(r: Round): void {
  if (r.scenario.prelude && !r.preludeDone && SIDES.every((s) => r.eps[s].state === 'ESTABLISHED' && !owesSend(r.eps[s]))) {
    r.preludeDone = true;
  }
}

export interface SendOptions {
  origin?: 'player' | 'auto';
  declared?: TcpState;
  /** Overrides the fate the network would draw (tests, property checks). */
  fate?: Fate;
  /** The segment goes to this other address: the SYN+ACK of its half-open connection (listen-queue.ts). */
  peer?: string;
}

/**
 * `side` sends `segment`. A judged player's send is judged first: in practice mode a wrong one is
 * recorded and goes nowhere; in assessment mode it is recorded and the correct segment is carried
 * on in its place. Anything that goes on gets its fate from the network.
 */
export function sendSegment(round: Round, side: Side, segment: Segment, opts: SendOptions = {}): StepOut & { verdict?: { ok: boolean; errors: FieldError[] } } {
  const r = copy(round);
  const out: RoundOutput[] = [];
  const origin = opts.origin ?? 'player';
  let verdict: { ok: boolean; errors: FieldError[] } | undefined;
  let toSend: Segment | null = segment;
  const peer = opts.peer;
  if (origin === 'player' && r.judge.includes(side)) {
    const v = peer !== undefined ? judgePeer(r.eps[side], peer, segment, opts.declared) : judge(r.eps[side], segment, opts.declared);
    verdict = { ok: v.ok, errors: v.errors };
    if (!v.ok) {
      const refused = sendEvent(r, side, segment, 'player', opts.declared, peer);
      record(r, out, refused, verdict);
      toSend = r.settings.mode === 'assessment' ? (peer !== undefined ? peerSegment(r, side, peer, segment.seq) : botSegment(r.eps[side], segment.seq)) : null;
      if (toSend) transmit(r, out, side, toSend, 'auto', opts.fate, undefined, undefined, refused.id, peer);
      settle(r, out);
      return { round: r, out, verdict };
    }
  }
  transmit(r, out, side, segment, origin, opts.fate, opts.declared, verdict, undefined, peer);
  settle(r, out);
  return { round: r, out, ...(verdict ? { verdict } : {}) };
}

/**
 * The engine sends for `side` what a correct stack sends next (a bot partner): what the connection
 * owes, else the SYN+ACK a half-open connection of its listen queue owes (then `peer` says to
 * whom); null if nothing is owed.
 */
export function botSend(round: Round, side: Side, opts: Omit<SendOptions, 'origin' | 'declared' | 'peer'> & { origin?: 'player' | 'auto' } = {}): (StepOut & { segment: Segment; peer?: string }) | null {
  const owesMain = owesSend(round.eps[side]);
  const owedPeer = owesMain ? undefined : owedPeerSends(round.eps[side])[0];
  if (!owesMain && !owedPeer) return null;
  const r = copy(round);
  const seg = owedPeer ? peerSegment(r, side, owedPeer.peer, drawIsn(r)) : botSegment(r.eps[side], drawIsn(r));
  if (!seg) return null;
  const peer = owedPeer?.peer;
  const res = sendSegment(r, side, seg, { ...opts, origin: opts.origin ?? 'auto', ...(peer !== undefined ? { peer } : {}) });
  return { round: res.round, out: res.out, segment: seg, ...(peer !== undefined ? { peer } : {}) };
}

/** Whether `side` owes anything: a segment of its connection or a half-open connection's SYN+ACK. */
export function owesAnySend(r: Pick<Round, 'eps'>, side: Side): boolean {
  return owesSend(r.eps[side]) || owedPeerSends(r.eps[side]).length > 0;
}

/**
 * The player of `side` declares a state change with no segment (judged when the side is). With
 * origin 'auto' the state is set for the player (the end of a prelude): recorded, never judged.
 */
export function declareState(round: Round, side: Side, state: TcpState, origin: 'player' | 'auto' = 'player'): StepOut & { verdict?: { ok: boolean; errors: FieldError[] } } {
  const r = copy(round);
  const out: RoundOutput[] = [];
  const event: TraceEvent = { t: r.now, ...(r.wall !== undefined ? { wall: r.wall } : {}), type: 'state', side, state, ...(origin === 'auto' ? { origin } : {}) };
  if (origin === 'auto') {
    record(r, out, event);
    return { round: r, out };
  }
  let verdict: { ok: boolean; errors: FieldError[] } | undefined;
  if (r.judge.includes(side)) {
    const errors = judgeState(r.eps[side], state);
    verdict = { ok: errors.length === 0, errors };
  }
  record(r, out, event, verdict);
  return { round: r, out, ...(verdict ? { verdict } : {}) };
}

/** Queue a host injection for this pair (applied to the next matching segment). */
export function injectFault(round: Round, injection: HostInjection): StepOut {
  const r = copy(round);
  const out: RoundOutput[] = [];
  if (injection.kind === 'stale-syn') injectStale(r, out, 'client');
  r.net.hostFaults.push({ injection, status: injection.kind === 'stale-syn' ? 'used' : 'armed' });
  return { round: r, out };
}

/** The time of the next scheduled network or timer event, or null when nothing is scheduled. */
export function nextDeadline(round: Round): number | null {
  return nextDue(round.net);
}

/** Let time pass up to `now`: deliveries, losses and timers that are due happen in order. */
export function advance(round: Round, now: number): StepOut {
  const r = copy(round);
  const out: RoundOutput[] = [];
  for (;;) {
    const p = takeDue(r.net, now);
    if (!p) break;
    r.now = Math.max(r.now, p.at);
    if (p.kind === 'timeout') {
      if (p.peer !== undefined) {
        record(r, out, { t: r.now, type: 'timeout', side: p.side, timer: p.timer, peer: p.peer });
        runStep(r, p.side, { type: 'timeout', timer: p.timer, peer: p.peer });
      } else {
        record(r, out, { t: r.now, type: 'timeout', side: p.side, timer: p.timer });
        runStep(r, p.side, { type: 'timeout', timer: p.timer });
      }
    } else if (p.kind === 'drop') {
      record(r, out, { t: r.now, type: 'drop', id: p.id });
    } else {
      const s = r.sends[p.id];
      record(r, out, { t: r.now, type: 'deliver', id: p.id });
      // A segment to another address reaches nobody the round follows: nothing there answers.
      if (s && s.peer === undefined) runStep(r, otherSide(s.side), { type: 'deliver', segment: s.segment });
      else if (s?.origin === 'network') runStep(r, otherSide(s.side), { type: 'deliver', segment: s.segment, peer: s.peer });
    }
    settle(r, out);
  }
  r.now = Math.max(r.now, now);
  return { round: r, out };
}

/**
 * Move the round's clock to `now` without letting anything that fell due happen yet: a player's
 * answer is judged against what the player has been shown, and what was due arrives just after.
 * `wall` (wall-clock ms since the start) is stamped on the events that follow.
 */
export function setClock(round: Round, now: number, wall?: number): Round {
  if (now <= round.now && wall === undefined) return round;
  return { ...round, now: Math.max(round.now, now), ...(wall !== undefined ? { wall } : {}) };
}

/**
 * The RTO `side`'s retransmission timer is armed with now: the class's RTO, doubled for each
 * expiry since new data was last acknowledged, up to the cap (shared/round/backoff.ts).
 */
export function currentRto(r: Pick<Round, 'settings' | 'rtoExpiries'>, side: Side): number {
  return backedOffRto(r.settings.rtoMs, r.rtoExpiries?.[side] ?? 0, r.settings.backoff ?? ROUND_DEFAULTS.backoff);
}

/** Whether every step of the scenario's lesson has happened (e.g. the simultaneous SYNs crossed). */
export function lessonHappened(r: Pick<Round, 'scenario' | 'fired'>): boolean {
  return (r.scenario.lesson ?? []).every((l) => r.fired[l.side].includes(l.row));
}

/**
 * True when both endpoints are where the scenario ends, nothing is owed, held or in flight, and
 * nothing sent is still unacknowledged (a last data segment the network lost is resent when its
 * timer fires, so the round is not over before then).
 */
export function isFinished(r: Round): boolean {
  return SIDES.every((s) => r.eps[s].state === r.scenario.end[s] && !owesAnySend(r, s) && r.eps[s].unacked.length === 0) &&
    !inFlight(r.net) &&
    // Every scripted call made, but a fallback that was never needed (ScriptedCall.optional).
    SIDES.every((s) => r.scenario.calls[s].slice(r.nextCall[s]).every((c) => c.optional === true));
}

/** The round so far as a TRACE.md trace. */
export function roundTrace(r: Round, meta: Record<string, unknown> = {}): Trace {
  return { format: 'synack-trace', version: 1, meta: { scenario: r.scenario.id, ...meta }, judge: [...r.judge], events: [...r.events] };
}

// ── internals ──


function record(r: Round, out: RoundOutput[], event: TraceEvent, verdict?: { ok: boolean; errors: FieldError[] }): void {
  const e = r.wall !== undefined && event.wall === undefined ? { ...event, wall: r.wall } : event;
  if (verdict && !verdict.ok) r.wrong = [...r.wrong, r.events.length];
  r.events.push(e);
  out.push(verdict ? { event: e, verdict } : { event: e });
}

function sendEvent(r: Round, side: Side, segment: Segment, origin: 'player' | 'auto' | 'network', declared?: TcpState, peer?: string): TraceEvent & { type: 'send' } {
  const id = `${side === 'client' ? 'c' : 's'}${nextNumber(r.net)}`;
  const seg = { flags: [...segment.flags], seq: segment.seq, ack: segment.ack, len: segment.len };
  return {
    t: r.now,
    type: 'send',
    side,
    id,
    segment: seg,
    ...(declared ? { state: declared } : {}),
    ...(origin !== 'player' ? { origin } : {}),
    ...(peer !== undefined ? { peer } : {}),
  };
}

function runStep(r: Round, side: Side, ev: EndpointEvent): void {
  const before = r.eps[side].sndUna;
  const res = step(r.eps[side], ev);
  r.eps[side] = res.endpoint;
  // A half-open connection's timer is its own: it moves none of the endpoint's backoff.
  const own = !('peer' in ev && ev.peer !== undefined);
  const expiries = own ? nextExpiries(r.rtoExpiries?.[side] ?? 0, ev, before, res.endpoint.sndUna) : (r.rtoExpiries?.[side] ?? 0);
  if (expiries !== (r.rtoExpiries?.[side] ?? 0)) r.rtoExpiries = { client: 0, server: 0, ...r.rtoExpiries, [side]: expiries };
  const fresh = res.rows.filter((id) => !r.fired[side].includes(id));
  if (fresh.length > 0) r.fired = { ...r.fired, [side]: [...r.fired[side], ...fresh] };
  applyTimers(r, side, res.timers);
  applyPeerTimers(r, side, res.peerTimers);
}

/** Each half-open connection's SYN+ACK timer: the class's RTO, backed off by its own retries. */
function applyPeerTimers(r: Round, side: Side, effects: PeerTimerEffect[]): void {
  for (const e of effects) {
    const retries = halfOpenOf(r.eps[side], e.peer)?.retries ?? 0;
    const ms = backedOffRto(r.settings.rtoMs, retries, r.settings.backoff ?? ROUND_DEFAULTS.backoff);
    setTimer(r.net, r.now, side, 'retransmit', e.action === 'start' ? ms : null, e.peer);
  }
}

/** The SYN+ACK `side` owes the half-open connection of `peer` (its ISN, or `isn` for the first). */
function peerSegment(r: Round, side: Side, peer: string, isn: number): Segment | null {
  const owed = owedPeerSends(r.eps[side]).find((o) => o.peer === peer)?.segment;
  const entry = halfOpenOf(r.eps[side], peer);
  if (!entry) return null;
  const base = owed ?? { flags: ['SYN', 'ACK'] as Segment['flags'], seq: entry.iss, ack: seqAdd(entry.irs, 1), len: 0 };
  return { flags: [...base.flags], seq: base.seq ?? isn, ack: base.ack, len: 0 };
}

function applyTimers(r: Round, side: Side, effects: TimerEffect[]): void {
  for (const e of effects) {
    const ms = e.timer === 'retransmit' ? currentRto(r, side) : 2 * r.settings.mslMs;
    setTimer(r.net, r.now, side, e.timer, e.action === 'start' ? ms : null);
  }
}

function transmit(r: Round, out: RoundOutput[], side: Side, segment: Segment, origin: 'player' | 'auto', fate?: Fate, declared?: TcpState, verdict?: { ok: boolean; errors: FieldError[] }, standsFor?: string, peer?: string): void {
  const ev = sendEvent(r, side, segment, origin, declared, peer);
  const stateBefore = r.eps[side].state;
  record(r, out, ev, verdict);
  remember(r, ev.id, { side, segment: ev.segment, origin, ...(standsFor ? { standsFor } : {}), ...(peer !== undefined ? { peer } : {}) });
  runStep(r, side, peer !== undefined ? { type: 'send', segment: ev.segment, peer } : { type: 'send', segment: ev.segment });
  route(r.net, routeContext(r), ev.id, side, ev.segment, stateBefore, fate);
}

function injectStale(r: Round, out: RoundOutput[], side: Side, arrivesNow = false, ownIsn = false, peer?: string): void {
  const own = r.eps[side].iss;
  let seq: number;
  // A duplicate of this connection's own SYN (Injection.seq 'own-isn').
  if (ownIsn && own !== null) seq = own;
  else {
    seq = drawIsn(r);
    // An old SYN is from another connection: its number must not happen to be this one's ISN, or
    // the SYN+ACK answering it would acknowledge the real SYN.
    if (own !== null && seq === own) seq = seqAdd(seq, r.settings.textbook ? 100 : 0x8000_0000);
  }
  const ev = sendEvent(r, side, { flags: ['SYN'], seq, ack: 0, len: 0 }, 'network', undefined, peer);
  record(r, out, ev);
  remember(r, ev.id, { side, segment: ev.segment, origin: 'network', ...(peer !== undefined ? { peer } : {}) });
  if (arrivesNow) return schedule(r.net, r.now, ev.id, { kind: 'deliver', delays: [0] });
  schedule(r.net, r.now, ev.id, drawOn(r.net, { ...r.settings.net, loss: 0, duplicate: 0, reorder: 0 }));
}

/**
 * After anything happens: fire due scripted calls, release held segments whose condition came
 * true, make scheduled injections, and let the engine play the prelude. Repeats until quiet.
 */
function settle(r: Round, out: RoundOutput[]): void {
  for (let guard = 0; guard < 1000; guard++) {
    let changed = false;
    updatePrelude(r);
    const prelude = inPrelude(r);
    for (const side of SIDES) {
      const call = dueCall(r.scenario, side, r.nextCall[side], r.eps[side]);
      // During a prelude only the opening calls happen; the scenario proper waits for it.
      if (!call || (prelude && call.call !== 'listen' && call.call !== 'connect')) continue;
      r.nextCall[side] += 1;
      const reuse = call.call === 'connect' && call.reuse === true;
      // listen() with a bounded queue carries its size (shared/tcp/listen-queue.ts).
      const queue = call.call === 'listen'
        ? { ...(call.backlog !== undefined ? { backlog: call.backlog } : {}), ...(call.synAckRetries !== undefined ? { synAckRetries: call.synAckRetries } : {}) }
        : {};
      const ev: TraceEvent = call.call === 'send'
        ? { t: r.now, type: 'app', side, call: 'send', bytes: call.bytes ?? 1 }
        : { t: r.now, type: 'app', side, call: call.call, ...queue, ...(reuse ? { reuse: true as const } : {}) };
      record(r, out, ev);
      runStep(r, side, call.call === 'send' ? { type: 'app', call: 'send', bytes: call.bytes ?? 1 } : call.call === 'listen' ? { type: 'app', call: 'listen', ...queue } : reuse ? { type: 'app', call: call.call, reuse } : { type: 'app', call: call.call });
      changed = true;
    }
    const plan = r.scenario.faults?.plan ?? [];
    plan.forEach((rule, i) => {
      if (rule.action !== 'hold' || r.net.planReleased[i] || !rule.release || !released(r, rule.release)) return;
      releaseHeld(r.net, r.now, i, rule.side, r.settings.net);
      changed = true;
    });
    (r.scenario.faults?.inject ?? []).forEach((inj, i) => {
      if (r.net.injected[i]) return;
      const w = inj.when;
      if (w && 'state' in w && r.eps[w.side].state !== w.state) return;
      if (w && 'sent' in w && !released(r, { side: w.side, sent: w.sent })) return;
      r.net.injected[i] = true;
      injectStale(r, out, inj.side, inj.arrives === 'now', inj.seq === 'own-isn', inj.peer);
      changed = true;
    });
    if (inPrelude(r)) {
      for (const side of SIDES) {
        const seg = owesSend(r.eps[side]) ? botSegment(r.eps[side], drawIsn(r)) : null;
        if (seg) {
          transmit(r, out, side, seg, 'auto');
          changed = true;
        }
      }
    }
    if (!changed) return;
  }
}

/** An ISN for the engine to use: any uint32, or 100–999 with textbook numbers. */
function drawIsn(r: Round): number {
  const d = r.settings.textbook ? nextInt(r.net.rng, 100, 999) : nextUint32(r.net.rng);
  r.net.rng = d.state;
  return d.value;
}

/** Whether a hold's release (or an injection's condition) has happened at the endpoints. */
function released(r: Round, rel: Release): boolean {
  const ep = r.eps[rel.side];
  if ('row' in rel) return ep.stateRow === rel.row;
  return rel.sent === 'SYN' ? ep.iss !== null : ep.finSeq !== null;
}

function routeContext(r: Round): RouteContext {
  return { now: r.now, plan: r.scenario.faults?.plan ?? [], settings: r.settings.net, released: (rel) => released(r, rel) };
}
