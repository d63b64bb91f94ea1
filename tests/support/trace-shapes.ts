/**
 * Long traces of several shapes, for the checker's scaling benchmark (bench/sections/trace-scale.ts)
 * and the tests that hold `checkTrace` to the same answers on them. Pure and seeded: the same
 * shape, length and seed give the same trace.
 *
 * Two endpoints stepped by the engine send what a correct stack owes (`botSegment`) over a network
 * that delivers, loses, duplicates and reorders; a receiver may hold back its ACK (delayed,
 * cumulative ACKs), which lets many segments fly unacknowledged. Each shape stresses one thing:
 * long transfers, loss and retransmission, reordering and duplication, thousands of tiny segments in
 * flight, deliveries in reverse order (a long hold beyond a gap), and many connections one after
 * another. Both sides are judged and every send is one a correct stack makes.
 */
import {
  botSegment, createEndpoint, drawsFrom, expectedAfterSend, otherSide, owedSends, stepInPlace,
  type Endpoint, type Segment, type Side, type Trace, type TraceEvent,
} from '../../shared/index';

export interface ShapeParams {
  /** Who writes data once the connection is open. */
  writers: 'client' | 'both';
  /** Octets per application write. */
  writeBytes: number;
  /** An application writes again while it has fewer than this many octets queued. */
  queueCap: number;
  /** Chance, per tick, that an application with room in its queue writes. */
  writeRate: number;
  /** Chance, per tick, that the network moves one segment in flight. */
  deliverRate: number;
  /**
   * Ticks every segment spends in flight, in order (0: none, the network moves one segment with
   * `deliverRate` instead). A long pipe: as many segments in flight as the window allows.
   */
  latency: number;
  loss: number;
  /** Chance that a delivered segment stays in flight to be delivered again. */
  duplicate: number;
  /** Chance that the network takes a random segment in flight instead of the oldest. */
  reorder: number;
  /** Chance that the network takes the newest segment in flight (reverse order). */
  newestFirst: number;
  /** Chance, per tick, that an endpoint owing only an ACK holds it back. */
  ackDelay: number;
  /** Octets the client sends before it closes (the server closes on the FIN); 0: never close. */
  connectionBytes: number;
}

const BASE: ShapeParams = {
  writers: 'both', writeBytes: 1000, queueCap: 4000, writeRate: 0.3, deliverRate: 0.7, latency: 0, loss: 0, duplicate: 0, reorder: 0, newestFirst: 0, ackDelay: 0, connectionBytes: 0,
};

/** The shapes the benchmark times, by name. */
export const SHAPES = {
  /** One long transfer, full-size segments, a little of every fault. */
  bulk: { ...BASE, writers: 'client', writeBytes: 5000, queueCap: 20_000, loss: 0.01, duplicate: 0.01, reorder: 0.01 },
  /** Heavy loss: many retransmissions, timers firing, both directions. */
  lossy: { ...BASE, loss: 0.25, duplicate: 0.02, reorder: 0.05 },
  /** Reordering and duplicated deliveries among many segments in flight. */
  reordered: { ...BASE, writeBytes: 100, queueCap: 800, deliverRate: 0.45, duplicate: 0.3, reorder: 0.6, ackDelay: 0.6 },
  /** Thousands of one-octet segments in flight, acknowledged late and cumulatively. */
  tiny: { ...BASE, writers: 'client', writeBytes: 1, queueCap: 2, writeRate: 1, deliverRate: 0.3, ackDelay: 0.97, loss: 0.01 },
  /** Deliveries newest first: everything after the first gap is held until it fills. */
  reversed: { ...BASE, writers: 'client', writeBytes: 2, queueCap: 4, writeRate: 1, deliverRate: 0.35, newestFirst: 0.9, ackDelay: 0.9, loss: 0.02 },
  /** A long pipe: a one-octet segment every tick, each acknowledged at once, both arriving 12,000 ticks later. */
  pipe: { ...BASE, writers: 'client', writeBytes: 1, queueCap: 1, writeRate: 1, latency: 12_000, loss: 0.001 },
  /** Many short connections, one after another (handshake, data, the four waves, TIME_WAIT). */
  reconnects: { ...BASE, writeBytes: 300, queueCap: 600, loss: 0.05, duplicate: 0.02, reorder: 0.05, connectionBytes: 3000 },
} satisfies Record<string, ShapeParams>;

export type ShapeName = keyof typeof SHAPES;
export const SHAPE_NAMES = Object.keys(SHAPES) as ShapeName[];

/** A trace of about `events` events (exactly that many unless the conversation ends first). */
export function shapeTrace(shape: ShapeName | ShapeParams, events: number, seed: number): Trace {
  const p = typeof shape === 'string' ? SHAPES[shape] : shape;
  const draw = drawsFrom(seed);
  const roll = draw.float;
  const pick = (n: number) => draw.int(0, n - 1);
  const isn = draw.uint32;
  const eps: Record<Side, Endpoint> = { client: createEndpoint(), server: createEndpoint() };
  const out: TraceEvent[] = [];
  const flying: { id: string; from: Side; seg: Segment; at: number }[] = [];
  let head = 0; // with latency: flying[head..] are in flight, oldest first
  let t = 0;
  let id = 0;
  let written = 0; // octets the client's application wrote on this connection
  const app = (side: Side, call: 'listen' | 'connect' | 'send' | 'close', bytes = 0) => {
    out.push(call === 'send' ? { t, type: 'app', side, call, bytes } : { t, type: 'app', side, call });
    stepInPlace(eps[side], call === 'send' ? { type: 'app', call, bytes } : { type: 'app', call });
  };
  const send = (side: Side, seg: Segment) => {
    const sid = `${side[0]}${++id}`;
    out.push({ t, type: 'send', side, id: sid, segment: seg, state: expectedAfterSend(eps[side], seg).state });
    stepInPlace(eps[side], { type: 'send', segment: seg });
    flying.push({ id: sid, from: side, seg, at: t });
  };
  const open = () => {
    written = 0;
    app('server', 'listen');
    app('client', 'connect');
  };
  open();
  while (out.length < events) {
    t += 1;
    for (const side of ['client', 'server'] as const) {
      const ep = eps[side];
      if (ep.state !== 'ESTABLISHED' || ep.closeCalled) continue;
      if (side === 'server' && p.writers === 'client') continue;
      const room = p.connectionBytes > 0 && side === 'client' ? p.connectionBytes - written : Infinity;
      if (room <= 0) {
        if (ep.queued === 0) app(side, 'close');
      } else if (ep.queued < p.queueCap && roll() < p.writeRate) {
        const bytes = Math.min(p.writeBytes, room);
        if (side === 'client') written += bytes;
        app(side, 'send', bytes);
      }
    }
    if (p.connectionBytes > 0 && eps.server.state === 'CLOSE_WAIT' && !eps.server.closeCalled) app('server', 'close');
    let moved = false;
    for (const side of ['client', 'server'] as const) {
      const owed = owedSends(eps[side])[0];
      if (!owed) continue;
      if (owed.kind === 'ack' && roll() < p.ackDelay) continue;
      send(side, botSegment(eps[side], isn()) as Segment);
      moved = true;
    }
    if (p.latency > 0) {
      for (let f = flying[head]; f && f.at + p.latency <= t; f = flying[++head]) {
        if (roll() < p.loss) out.push({ t, type: 'drop', id: f.id });
        else {
          out.push({ t, type: 'deliver', id: f.id });
          stepInPlace(eps[otherSide(f.from)], { type: 'deliver', segment: f.seg });
        }
        moved = true;
      }
      if (head < flying.length) continue; // the pipe is still full
    } else if (flying.length > 0 && (!moved || roll() < p.deliverRate)) {
      const r = roll();
      const i = r < p.newestFirst ? flying.length - 1 : r < p.newestFirst + p.reorder ? pick(flying.length) : 0;
      const f = flying[i] as (typeof flying)[number];
      if (roll() < p.loss) {
        out.push({ t, type: 'drop', id: f.id });
        flying.splice(i, 1);
      } else {
        out.push({ t, type: 'deliver', id: f.id });
        stepInPlace(eps[otherSide(f.from)], { type: 'deliver', segment: f.seg });
        if (roll() >= p.duplicate) flying.splice(i, 1);
      }
      moved = true;
    }
    if (moved) continue;
    // Nothing in flight and nothing sent: a held-back ACK goes now, else a timer fires.
    const acker = (['client', 'server'] as const).find((s) => owedSends(eps[s]).length > 0);
    if (acker) {
      send(acker, botSegment(eps[acker], isn()) as Segment);
      continue;
    }
    const rto = (['client', 'server'] as const).find((s) => eps[s].timers.retransmit);
    if (rto) {
      out.push({ t, type: 'timeout', side: rto, timer: 'retransmit' });
      stepInPlace(eps[rto], { type: 'timeout', timer: 'retransmit' });
      continue;
    }
    const tw = (['client', 'server'] as const).find((s) => eps[s].timers.time_wait);
    if (tw) {
      out.push({ t, type: 'timeout', side: tw, timer: 'time_wait' });
      stepInPlace(eps[tw], { type: 'timeout', timer: 'time_wait' });
      continue;
    }
    if (p.connectionBytes > 0 && eps.client.state === 'CLOSED' && eps.server.state === 'CLOSED') {
      open();
      continue;
    }
    // An application that still writes keeps the conversation going.
    if ((['client', 'server'] as const).some((s) => eps[s].state === 'ESTABLISHED' && !eps[s].closeCalled)) continue;
    break;
  }
  return { format: 'synack-trace', version: 1, meta: { scenario: 'bulk', shape: typeof shape === 'string' ? shape : 'custom' }, judge: ['client', 'server'], events: out.slice(0, events) };
}
