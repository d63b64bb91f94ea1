import { nextFloat, nextInt, seedRng } from '../../../shared/net/rng';
import { botSegment } from '../../../shared/tcp/bot';
import { createEndpoint, type Endpoint } from '../../../shared/tcp/endpoint';
import { seqAdd } from '../../../shared/tcp/seq';
import { stepInPlace, type EndpointEvent } from '../../../shared/tcp/step';
import { otherSide, type Flag, type Segment, type Side } from '../../../shared/tcp/types';

export interface Play {
  seed: number;
  conversations: number;
  /** Events per conversation. */
  length: number;
  /** How a segment reaches an endpoint (default: stepInPlace). */
  deliver?: (ep: Endpoint, seg: Segment) => void;
  /** Called with the endpoint that has just been stepped, after every event. */
  visit?: (ep: Endpoint) => void;
}

const FLAGSETS: Flag[][] = [['SYN'], ['SYN', 'ACK'], ['ACK'], ['RST'], ['RST', 'ACK'], ['ACK', 'FIN'], ['ACK', 'PSH'], ['FIN'], []];

/**
 * Random conversations for tests that need many situations: two endpoints, each sending what its
 * bot owes, over a network that loses, duplicates and reorders, with application calls, timer
 * expiries and stray segments near the numbers in use, at random moments. Seeded: the same on
 * every run.
 */
export function playRandomly(play: Play): void {
  let rng = seedRng(play.seed);
  const roll = () => {
    const d = nextFloat(rng);
    rng = d.state;
    return d.value;
  };
  const pick = <T>(xs: readonly T[]): T => {
    const d = nextInt(rng, 0, xs.length - 1);
    rng = d.state;
    return xs[d.value] as T;
  };
  const deliver = play.deliver ?? ((ep: Endpoint, segment: Segment) => stepInPlace(ep, { type: 'deliver', segment }));
  for (let c = 0; c < play.conversations; c++) {
    const eps: Record<Side, Endpoint> = { client: createEndpoint(), server: createEndpoint() };
    const isn: Record<Side, number> = { client: pick([0, 4294967295, 1000]), server: pick([0, 4294967290, 5000]) };
    const flying: { to: Side; seg: Segment }[] = [];
    const app = (side: Side, e: EndpointEvent) => stepInPlace(eps[side], e);
    if (roll() < 0.8) app('server', { type: 'app', call: 'listen' });
    app('client', { type: 'app', call: 'connect' });
    if (roll() < 0.2) app('server', { type: 'app', call: 'connect' });
    for (let i = 0; i < play.length; i++) {
      let side: Side = roll() < 0.5 ? 'client' : 'server';
      const r = roll();
      if (r < 0.35) {
        const seg = botSegment(eps[side], isn[side]);
        if (!seg) continue;
        stepInPlace(eps[side], { type: 'send', segment: seg });
        flying.push({ to: otherSide(side), seg });
      } else if (r < 0.65) {
        if (flying.length === 0) continue;
        const k = roll() < 0.7 ? 0 : Math.floor(roll() * flying.length);
        const f = flying[k] as { to: Side; seg: Segment };
        if (roll() < 0.85) flying.splice(k, 1); // else a duplicate stays in flight
        if (roll() >= 0.9) continue; // lost
        side = f.to;
        deliver(eps[side], f.seg);
      } else if (r < 0.75) {
        app(side, { type: 'timeout', timer: roll() < 0.7 ? 'retransmit' : 'time_wait' });
      } else if (r < 0.85) {
        const call = pick(['send', 'close', 'connect', 'listen'] as const);
        app(side, call === 'send' ? { type: 'app', call, bytes: 1 + Math.floor(roll() * 200) } : { type: 'app', call });
      } else {
        // A stray segment near the numbers this endpoint uses.
        const ep = eps[side];
        const near = () => seqAdd(pick([ep.rcvNxt, ep.sndNxt, ep.sndUna, ep.irs ?? 0, ep.iss ?? 0]), Math.floor(roll() * 5) - 2);
        deliver(ep, { flags: pick(FLAGSETS), seq: near(), ack: near(), len: roll() < 0.5 ? 0 : 1 + Math.floor(roll() * 40) });
      }
      play.visit?.(eps[side]);
    }
  }
}
