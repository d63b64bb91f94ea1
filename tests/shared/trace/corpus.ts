/**
 * A fixed corpus of traces, and a digest of what `checkTrace` says about each, for the test that
 * holds the checker to the same answers when its speed changes (same-answers.test.ts). The corpus:
 * the golden traces; single-field mutations of their judged sends; a few hundred random traces
 * (right and wrong sends, copies the network made, auto sends, declared states, stray timers and
 * calls, duplicated, reordered and lost deliveries, some invalid traces) from the project's own
 * seeded generator, so the corpus never changes with a library; and the long-trace shapes of the
 * scaling benchmark, cut short. Not a test file: the test and the recording script import it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { drawsFrom } from '../../../shared/net/rng';
import { botSegment } from '../../../shared/tcp/bot';
import { createEndpoint, namedState, type Endpoint } from '../../../shared/tcp/endpoint';
import { seqAdd } from '../../../shared/tcp/seq';
import { stepInPlace, type EndpointEvent } from '../../../shared/tcp/step';
import { otherSide, TCP_STATES, type Flag, type Segment, type Side } from '../../../shared/tcp/types';
import type { TraceReport } from '../../../shared/trace/check';
import type { SendEvent, Trace, TraceEvent } from '../../../shared/trace/schema';
import { SHAPE_NAMES, SHAPES, shapeTrace } from '../../support/trace-shapes';

export const GOLDEN_DIR = fileURLToPath(new URL('../../fixtures/traces/', import.meta.url));
/** The digests the checker's answers must keep (recorded before checkTrace was made linear). */
export const DIGESTS_FILE = fileURLToPath(new URL('../../fixtures/check-digests.json', import.meta.url));

/**
 * A digest of a report: SHA-256 of its JSON with key order kept and every `undefined` property
 * written out, so that a key present but undefined differs from one left out.
 */
export function digest(report: TraceReport): string {
  const json = JSON.stringify(report, (_k, v: unknown) => (v === undefined ? '\u0000undefined' : v));
  return createHash('sha256').update(json).digest('hex');
}

const FLAGSETS: Flag[][] = [['SYN'], ['SYN', 'ACK'], ['ACK'], ['ACK', 'PSH'], ['ACK', 'FIN'], ['ACK', 'FIN', 'PSH'], ['RST'], ['RST', 'ACK'], ['FIN'], []];

/** A random trace, mostly what correct stacks send, with mistakes and odd events mixed in. */
export function randomTrace(seed: number, length: number): unknown {
  const roll = drawsFrom(seed).float;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(roll() * xs.length)] as T;
  const eps: Record<Side, Endpoint> = { client: createEndpoint(), server: createEndpoint() };
  const sent: { id: string; from: Side; seg: Segment }[] = [];
  const events: TraceEvent[] = [];
  let t = 0;
  const step = (side: Side, e: EndpointEvent) => stepInPlace(eps[side], e);
  const isn = { client: pick([0, 4294967295, 1000, 4294967000]), server: pick([0, 4294967290, 5000]) };
  if (roll() < 0.85) {
    events.push({ t, type: 'app', side: 'server', call: 'listen' });
    step('server', { type: 'app', call: 'listen' });
  }
  events.push({ t, type: 'app', side: 'client', call: 'connect' });
  step('client', { type: 'app', call: 'connect' });
  for (let i = 0; i < length; i++) {
    t += roll() < 0.7 ? Math.floor(roll() * 50) : 0;
    const side: Side = roll() < 0.5 ? 'client' : 'server';
    const wall = roll() < 0.3 ? { wall: t + Math.floor(roll() * 5000) } : {};
    const r = roll();
    if (r < 0.4) {
      const ep = eps[side];
      let seg = botSegment(ep, isn[side]) ?? { flags: pick(FLAGSETS), seq: ep.sndNxt, ack: ep.rcvNxt, len: 0 };
      const m = roll();
      if (m < 0.08) seg = { ...seg, seq: seqAdd(seg.seq, pick([-1, 1, 2, 100])) };
      else if (m < 0.16) seg = { ...seg, ack: seqAdd(seg.ack, pick([-1, 1, 2])) };
      else if (m < 0.22) seg = { ...seg, flags: pick(FLAGSETS) };
      else if (m < 0.27) seg = { ...seg, len: pick([0, 1, 5, 300]) };
      const origin = roll() < 0.1 ? 'auto' : roll() < 0.05 ? 'network' : roll() < 0.5 ? undefined : 'player';
      const state = roll() < 0.6 ? (roll() < 0.8 ? namedState(ep) : pick(TCP_STATES)) : undefined;
      const id = `${side[0]}${events.length}`;
      events.push({ t, ...wall, type: 'send', side, id, segment: seg, ...(state ? { state } : {}), ...(origin ? { origin } : {}) });
      if (origin !== 'network') step(side, { type: 'send', segment: seg });
      sent.push({ id, from: side, seg });
    } else if (r < 0.72) {
      if (sent.length === 0) continue;
      const k = roll() < 0.6 ? 0 : Math.floor(roll() * sent.length);
      const f = sent[k] as (typeof sent)[number];
      if (roll() < 0.75) sent.splice(k, 1); // else a duplicate stays in flight
      if (roll() < 0.12) {
        events.push({ t, ...wall, type: 'drop', id: f.id });
        continue;
      }
      events.push({ t, ...wall, type: 'deliver', id: f.id });
      step(otherSide(f.from), { type: 'deliver', segment: f.seg });
    } else if (r < 0.8) {
      const timer = roll() < 0.7 ? 'retransmit' : 'time_wait';
      events.push({ t, ...wall, type: 'timeout', side, timer });
      step(side, { type: 'timeout', timer });
    } else if (r < 0.9) {
      const call = pick(['send', 'send', 'close', 'connect', 'listen'] as const);
      const bytes = 1 + Math.floor(roll() * 3000);
      events.push(call === 'send' ? { t, ...wall, type: 'app', side, call, bytes } : { t, ...wall, type: 'app', side, call });
      step(side, call === 'send' ? { type: 'app', call, bytes } : { type: 'app', call });
    } else {
      const state = roll() < 0.7 ? namedState(eps[side]) : pick(TCP_STATES);
      events.push({ t, ...wall, type: 'state', side, state, ...(roll() < 0.2 ? { origin: 'auto' as const } : {}) });
    }
  }
  const judge = pick<Side[]>([['client', 'server'], ['client', 'server'], ['client'], ['server'], []]);
  const trace: Record<string, unknown> = { format: 'synack-trace', version: 1, meta: { seed }, judge, events };
  // One in twenty is broken in one of the ways the checker reports.
  const broken = roll();
  const at = Math.floor(roll() * events.length);
  const e = events[at] as Record<string, unknown> | undefined;
  if (broken < 0.05 && e) {
    const how = pick(['time', 'id', 'field', 'type', 'flags', 'judge'] as const);
    if (how === 'time') e.t = -1;
    else if (how === 'id') events.splice(at, 0, { t: e.t as number, type: 'deliver', id: 'nobody' });
    else if (how === 'field' && e.type === 'send') (e.segment as Record<string, unknown>).seq = 2 ** 32;
    else if (how === 'type') e.type = 'teleport';
    else if (how === 'flags' && e.type === 'send') (e.segment as Record<string, unknown>).flags = ['ACK', 'ACK'];
    else if (how === 'judge') trace.judge = ['client', 'client'];
    else e.t = 'soon';
  }
  return trace;
}

/** Each judged send of a golden trace with one field off: seq, ack, a flag, the length, the state. */
function mutations(name: string, trace: Trace): [string, unknown][] {
  const out: [string, unknown][] = [];
  trace.events.forEach((e, i) => {
    if (e.type !== 'send' || (e.origin ?? 'player') !== 'player' || !trace.judge.includes(e.side)) return;
    const variants: [string, (s: SendEvent) => void][] = [
      ['seq', (s) => (s.segment.seq = seqAdd(s.segment.seq, 1))],
      ['ack', (s) => (s.segment.ack = seqAdd(s.segment.ack, 1))],
      ['flags', (s) => (s.segment.flags = s.segment.flags.includes('ACK') ? s.segment.flags.filter((f) => f !== 'ACK') : [...s.segment.flags, 'ACK'])],
      ['len', (s) => (s.segment.len += 1)],
      ['state', (s) => (s.state = s.state === 'ESTABLISHED' ? 'CLOSED' : 'ESTABLISHED')],
    ];
    for (const [what, change] of variants) {
      const copy = structuredClone(trace);
      change(copy.events[i] as SendEvent);
      out.push([`${name} #${i} ${what}`, copy]);
    }
  });
  return out;
}

/** The whole corpus, by name, in a fixed order. */
export function corpus(): [string, unknown][] {
  const out: [string, unknown][] = [];
  const golden = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.json')).sort();
  for (const f of golden) {
    const trace = JSON.parse(readFileSync(GOLDEN_DIR + f, 'utf8')) as Trace;
    out.push([`golden ${f}`, trace], ...mutations(`golden ${f}`, trace));
  }
  for (let seed = 1; seed <= 300; seed++) out.push([`random ${seed}`, randomTrace(seed, 20 + ((seed * 37) % 400))]);
  for (const shape of SHAPE_NAMES) {
    // The long pipe, shortened so that a short trace has its deliveries too.
    const params = shape === 'pipe' ? { ...SHAPES.pipe, latency: 300 } : SHAPES[shape];
    for (const seed of [1, 2]) out.push([`shape ${shape} ${seed}`, shapeTrace(params, 3000, seed)]);
  }
  return out;
}
