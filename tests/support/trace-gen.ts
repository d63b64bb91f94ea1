/**
 * Long traces for the checker's benchmark and the review's import test, made fast (the round
 * model copies its event list at every step, which is right for a classroom round and far too
 * slow for 100,000 events): two
 * endpoints stepped by the engine, each sending what the bot owes, over a network that loses,
 * duplicates and reorders with a seeded generator, and timers that fire when nothing else moves.
 * Both sides are judged; every send is what a correct stack sends, so the whole trace is right.
 */
import {
  botSegment, createEndpoint, drawsFrom, otherSide, expectedAfterSend, owedSends, stepInPlace as step,
  type Endpoint, type Segment, type Side, type Trace, type TraceEvent,
} from '../../shared/index';

export interface TraceShape {
  events: number;
  loss: number;
  duplicate: number;
  reorder: number;
  /** Bytes each application writes per call (many small writes: many segments in flight). */
  writeBytes: number;
  seed: number;
}

export function longTrace(shape: TraceShape): Trace {
  const draw = drawsFrom(shape.seed);
  const roll = draw.float;
  const pick = (n: number) => draw.int(0, n - 1);
  const isn = draw.uint32;
  const eps: Record<Side, Endpoint> = { client: createEndpoint(), server: createEndpoint() };
  const events: TraceEvent[] = [];
  const flying: { id: string; from: Side; seg: Segment }[] = [];
  let t = 0;
  let id = 0;
  const app = (side: Side, call: 'listen' | 'connect' | 'send', bytes?: number) => {
    events.push(call === 'send' ? { t, type: 'app', side, call, bytes: bytes as number } : { t, type: 'app', side, call });
    eps[side] = step(eps[side], call === 'send' ? { type: 'app', call, bytes: bytes as number } : { type: 'app', call }).endpoint;
  };
  app('server', 'listen');
  app('client', 'connect');
  while (events.length < shape.events) {
    t += 1;
    // Both applications keep writing once the connection is open.
    for (const side of ['client', 'server'] as const) {
      if (eps[side].state === 'ESTABLISHED' && eps[side].queued < shape.writeBytes * 4 && roll() < 0.3) app(side, 'send', shape.writeBytes);
    }
    let moved = false;
    for (const side of ['client', 'server'] as const) {
      if (owedSends(eps[side]).length === 0) continue;
      const seg = botSegment(eps[side], isn()) as Segment;
      const sid = `${side[0]}${++id}`;
      events.push({ t, type: 'send', side, id: sid, segment: seg, state: expectedAfterSend(eps[side], seg).state });
      eps[side] = step(eps[side], { type: 'send', segment: seg }).endpoint;
      flying.push({ id: sid, from: side, seg });
      moved = true;
    }
    // The network: deliver, lose or duplicate one segment in flight (any of them: reordering).
    if (flying.length > 0 && (!moved || roll() < 0.7)) {
      const i = roll() < shape.reorder ? pick(flying.length) : 0;
      const f = flying[i] as (typeof flying)[number];
      if (roll() < shape.loss) {
        events.push({ t, type: 'drop', id: f.id });
        flying.splice(i, 1);
      } else {
        events.push({ t, type: 'deliver', id: f.id });
        eps[otherSide(f.from)] = step(eps[otherSide(f.from)], { type: 'deliver', segment: f.seg }).endpoint;
        if (roll() >= shape.duplicate) flying.splice(i, 1);
      }
      moved = true;
    }
    if (!moved) {
      // Nothing in flight, nothing owed: a retransmission timer fires where one runs.
      const side = (['client', 'server'] as const).find((s) => eps[s].timers.retransmit);
      if (!side) break;
      events.push({ t, type: 'timeout', side, timer: 'retransmit' });
      eps[side] = step(eps[side], { type: 'timeout', timer: 'retransmit' }).endpoint;
    }
  }
  return { format: 'synack-trace', version: 1, meta: { scenario: 'bulk' }, judge: ['client', 'server'], events };
}
