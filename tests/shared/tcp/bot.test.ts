import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { botSegment } from '../../../shared/tcp/bot';
import { createEndpoint, type Endpoint } from '../../../shared/tcp/endpoint';
import { expectedAfterSend, judge } from '../../../shared/tcp/judge';
import { MAX_SEQ, seqAdd, seqDiff } from '../../../shared/tcp/seq';
import { step, type EndpointEvent } from '../../../shared/tcp/step';
import { canonicalFlags, TCP_STATES, type Flag, type Segment } from '../../../shared/tcp/types';

/** One endpoint and the ISN its bot picks when it must choose one. */
interface Party {
  ep: Endpoint;
  isn: number;
}

const party = (isn: number): Party => ({ ep: createEndpoint(), isn });
const seg = (flags: Flag[], seq: number, ack = 0, len = 0): Segment => ({ flags: canonicalFlags(flags), seq, ack, len });
const norm = (s: Segment | null): Segment | null => (s ? { ...s, flags: canonicalFlags(s.flags) } : null);
const p = seqAdd;

function apply(side: Party, event: EndpointEvent): void {
  side.ep = step(side.ep, event).endpoint;
}

/** What the bot would send now, after checking that the judge accepts it from this very endpoint. */
function peek(side: Party): Segment | null {
  const out = botSegment(side.ep, side.isn);
  if (out) {
    // The state the player declares with it is the one the game names after the send.
    const verdict = judge(side.ep, out, expectedAfterSend(side.ep, out).state);
    expect(verdict.errors, `judge rejected the bot's ${JSON.stringify(out)} in ${side.ep.state}`).toEqual([]);
    expect(verdict.ok).toBe(true);
  }
  return norm(out);
}

/** The bot sends what it owes (which must be something) and the peer receives it. */
function transmit(from: Party, to: Party | null): Segment {
  const out = peek(from);
  expect(out, `the bot owes nothing in ${from.ep.state}`).not.toBeNull();
  const s = out as Segment;
  apply(from, { type: 'send', segment: s });
  if (to) apply(to, { type: 'deliver', segment: s });
  return s;
}

// The client's ISN is near the wrap, and the server's data crosses it.
const X = 4294967290;
const Y = 4294967280;

function handshake(): { client: Party; server: Party } {
  const client = party(X);
  const server = party(Y);
  apply(server, { type: 'app', call: 'listen' });
  apply(client, { type: 'app', call: 'connect' });
  transmit(client, server);
  transmit(server, client);
  transmit(client, server);
  return { client, server };
}

describe('botSegment in the three-way handshake', () => {
  it('sends nothing from a fresh endpoint or a listening one', () => {
    const fresh = party(X);
    expect(peek(fresh)).toBeNull();
    apply(fresh, { type: 'app', call: 'listen' });
    expect(peek(fresh)).toBeNull();
  });

  it('opens with SYN seq=x, using the ISN it is given', () => {
    const client = party(X);
    apply(client, { type: 'app', call: 'connect' });
    expect(peek(client)).toEqual(seg(['SYN'], X));
  });

  it('answers the SYN with SYN+ACK seq=y ack=x+1', () => {
    const client = party(X);
    const server = party(Y);
    apply(server, { type: 'app', call: 'listen' });
    apply(client, { type: 'app', call: 'connect' });
    transmit(client, server);
    expect(server.ep.state).toBe('SYN_RCVD');
    expect(peek(server)).toEqual(seg(['SYN', 'ACK'], Y, p(X, 1)));
    // Having sent its SYN, the client waits.
    expect(peek(client)).toBeNull();
  });

  it('completes with ACK seq=x+1 ack=y+1, after which neither side owes anything', () => {
    const client = party(X);
    const server = party(Y);
    apply(server, { type: 'app', call: 'listen' });
    apply(client, { type: 'app', call: 'connect' });
    transmit(client, server);
    transmit(server, client);
    expect(client.ep.state).toBe('ESTABLISHED');
    expect(peek(client)).toEqual(seg(['ACK'], p(X, 1), p(Y, 1)));
    transmit(client, server);
    expect(server.ep.state).toBe('ESTABLISHED');
    expect(peek(client)).toBeNull();
    expect(peek(server)).toBeNull();
  });

  it('carries data queued before the handshake on the third segment, with PSH', () => {
    const client = party(X);
    const server = party(Y);
    apply(server, { type: 'app', call: 'listen' });
    apply(client, { type: 'app', call: 'connect' });
    apply(client, { type: 'app', call: 'send', bytes: 30 });
    transmit(client, server);
    transmit(server, client);
    expect(peek(client)).toEqual(seg(['ACK', 'PSH'], p(X, 1), p(Y, 1), 30));
  });
});

describe('botSegment in data transfer', () => {
  it('sends 9, 9, 28 and 11 bytes at relative seq 1, 10, 19 and 47, and the client acknowledges 58', () => {
    const { client, server } = handshake();
    const sent: Segment[] = [];
    for (const bytes of [9, 9, 28, 11]) {
      apply(server, { type: 'app', call: 'send', bytes });
      sent.push(transmit(server, null));
    }
    expect(sent.map((s) => seqDiff(s.seq, Y))).toEqual([1, 10, 19, 47]);
    expect(sent).toEqual([
      seg(['ACK', 'PSH'], p(Y, 1), p(X, 1), 9),
      seg(['ACK', 'PSH'], p(Y, 10), p(X, 1), 9),
      seg(['ACK', 'PSH'], p(Y, 19), p(X, 1), 28),
      seg(['ACK', 'PSH'], p(Y, 47), p(X, 1), 11),
    ]);
    // The client could acknowledge after each segment, each time the next expected byte ...
    const running: number[] = [];
    for (const s of sent) {
      apply(client, { type: 'deliver', segment: s });
      running.push(seqDiff((peek(client) as Segment).ack, Y));
    }
    expect(running).toEqual([10, 19, 47, 58]);
    // ... or once for all four (a cumulative ACK); 4294967280 + 58 wraps to 42.
    expect(peek(client)).toEqual(seg(['ACK'], p(X, 1), 42));
    transmit(client, server);
    expect(server.ep.unacked).toEqual([]);
    expect(peek(server)).toBeNull();
    expect(peek(client)).toBeNull();
  });

  it('resends unacknowledged data after the RTO with the same seq and the current ack', () => {
    const { client, server } = handshake();
    apply(server, { type: 'app', call: 'send', bytes: 9 });
    const lost = transmit(server, null);
    expect(peek(server)).toBeNull();
    apply(server, { type: 'timeout', timer: 'retransmit' });
    expect(peek(server)).toEqual(lost);
    transmit(server, client);
    expect(peek(client)).toEqual(seg(['ACK'], p(X, 1), p(Y, 10)));
  });

  it('acknowledges duplicate data again with the current ack', () => {
    const { client, server } = handshake();
    apply(server, { type: 'app', call: 'send', bytes: 9 });
    const data = transmit(server, client);
    transmit(client, server);
    expect(peek(client)).toBeNull();
    apply(client, { type: 'deliver', segment: data });
    expect(peek(client)).toEqual(seg(['ACK'], p(X, 1), p(Y, 10)));
  });
});

describe('botSegment in the four-way close', () => {
  it('waves FIN+ACK, ACK, FIN+ACK, ACK with the numbers TCP.md gives, then owes nothing', () => {
    const { client, server } = handshake();
    const u = p(X, 1);
    const v = p(Y, 1);
    apply(client, { type: 'app', call: 'close' });
    expect(client.ep.state).toBe('FIN_WAIT_1');
    expect(peek(client)).toEqual(seg(['FIN', 'ACK'], u, v));
    transmit(client, server);
    expect(server.ep.state).toBe('CLOSE_WAIT');
    expect(peek(server)).toEqual(seg(['ACK'], v, p(u, 1)));
    transmit(server, client);
    expect(client.ep.state).toBe('FIN_WAIT_2');
    expect(peek(client)).toBeNull();
    expect(peek(server)).toBeNull();
    apply(server, { type: 'app', call: 'close' });
    expect(server.ep.state).toBe('LAST_ACK');
    const w = v; // the server sent no data
    expect(peek(server)).toEqual(seg(['FIN', 'ACK'], w, p(u, 1)));
    transmit(server, client);
    expect(client.ep.state).toBe('TIME_WAIT');
    expect(peek(client)).toEqual(seg(['ACK'], p(u, 1), p(w, 1)));
    transmit(client, server);
    expect(server.ep.state).toBe('CLOSED');
    expect(peek(server)).toBeNull();
    expect(peek(client)).toBeNull();
    apply(client, { type: 'timeout', timer: 'time_wait' });
    expect(client.ep.state).toBe('CLOSED');
    expect(peek(client)).toBeNull();
  });

  it('merges the second and third wave into one FIN+ACK when the server closes before acknowledging', () => {
    const { client, server } = handshake();
    apply(client, { type: 'app', call: 'close' });
    transmit(client, server);
    apply(server, { type: 'app', call: 'close' });
    expect(peek(server)).toEqual(seg(['FIN', 'ACK'], p(Y, 1), p(X, 2)));
    transmit(server, client);
    expect(client.ep.state).toBe('TIME_WAIT');
    expect(peek(client)).toEqual(seg(['ACK'], p(X, 2), p(Y, 2)));
  });

  it('acknowledges the repeated FIN again from TIME_WAIT when its last ACK was lost', () => {
    const { client, server } = handshake();
    apply(client, { type: 'app', call: 'close' });
    transmit(client, server);
    transmit(server, client);
    apply(server, { type: 'app', call: 'close' });
    const fin = transmit(server, client);
    transmit(client, null); // lost
    expect(peek(client)).toBeNull();
    apply(server, { type: 'timeout', timer: 'retransmit' });
    expect(peek(server)).toEqual(fin);
    transmit(server, client);
    expect(peek(client)).toEqual(seg(['ACK'], p(X, 2), p(Y, 2)));
  });
});

describe('botSegment for resets', () => {
  it('answers a SYN to a closed port with RST+ACK seq=0 ack=x+1', () => {
    const nobody = party(Y);
    apply(nobody, { type: 'deliver', segment: seg(['SYN'], MAX_SEQ) });
    expect(peek(nobody)).toEqual(seg(['RST', 'ACK'], 0, 0));
  });

  it('answers a stale SYN+ACK in SYN_SENT with RST seq=its ack', () => {
    const client = party(X);
    apply(client, { type: 'app', call: 'connect' });
    transmit(client, null);
    apply(client, { type: 'deliver', segment: seg(['SYN', 'ACK'], 5000, 1234) });
    expect(peek(client)).toEqual(seg(['RST'], 1234));
  });
});

// ── Bot against bot, under random choices ────────────────────────────────────────────────────

/** Let both bots send what they owe, delivering at once, until neither owes anything. */
function pump(a: Party, b: Party, onDeliver: (to: Party) => void = () => {}): number {
  let sent = 0;
  for (let round = 0; round < 10_000; round++) {
    let moved = false;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      if (!peek(from)) continue;
      transmit(from, to);
      onDeliver(to);
      sent++;
      moved = true;
    }
    if (!moved) return sent;
  }
  throw new Error('the bots never fell silent');
}

const chunks = fc.array(fc.integer({ min: 1, max: 3000 }), { maxLength: 5 });

describe('bot against bot', () => {
  it('runs a whole connection with any ISNs, any data and either closer, every segment accepted by the judge', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_SEQ }),
        fc.integer({ min: 0, max: MAX_SEQ }),
        chunks,
        chunks,
        fc.boolean(),
        fc.boolean(),
        (x, y, clientData, serverData, clientCloses, merge) => {
          const client = party(x);
          const server = party(y);
          apply(server, { type: 'app', call: 'listen' });
          apply(client, { type: 'app', call: 'connect' });
          pump(client, server);
          expect([client.ep.state, server.ep.state]).toEqual(['ESTABLISHED', 'ESTABLISHED']);
          for (const bytes of clientData) apply(client, { type: 'app', call: 'send', bytes });
          for (const bytes of serverData) apply(server, { type: 'app', call: 'send', bytes });
          pump(client, server);
          const sum = (xs: number[]) => xs.reduce((s, n) => s + n, 0);
          expect(server.ep.receivedBytes).toBe(sum(clientData));
          expect(client.ep.receivedBytes).toBe(sum(serverData));
          const [active, passive] = clientCloses ? [client, server] : [server, client];
          apply(active, { type: 'app', call: 'close' });
          // Merging: the passive side's app closes as soon as the FIN arrives, before it acknowledges.
          pump(active, passive, (to) => {
            if (merge && to === passive && to.ep.state === 'CLOSE_WAIT' && !to.ep.closeCalled) apply(to, { type: 'app', call: 'close' });
          });
          if (!merge) {
            expect([active.ep.state, passive.ep.state]).toEqual(['FIN_WAIT_2', 'CLOSE_WAIT']);
            apply(passive, { type: 'app', call: 'close' });
            pump(active, passive);
          }
          expect([active.ep.state, passive.ep.state]).toEqual(['TIME_WAIT', 'CLOSED']);
          apply(active, { type: 'timeout', timer: 'time_wait' });
          expect(active.ep.state).toBe('CLOSED');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps every segment the bot owes acceptable to the judge through loss, duplication, reordering, timeouts and stray segments', () => {
    // Each choice picks one of the moves possible at that moment, so runs go deep into the lifecycle.
    const choice = fc.noBias(fc.integer({ min: 0, max: 2 ** 30 }));
    const stray = fc.record({
      flags: fc.subarray(['SYN', 'ACK', 'FIN', 'RST', 'PSH'] as Flag[]),
      dseq: fc.integer({ min: -3, max: 3 }),
      dack: fc.integer({ min: -3, max: 3 }),
      len: fc.integer({ min: 0, max: 3 }),
    });
    const run = fc.tuple(
      fc.integer({ min: 0, max: MAX_SEQ }),
      fc.integer({ min: 0, max: MAX_SEQ }),
      fc.boolean(),
      fc.array(fc.tuple(choice, stray), { minLength: 30, maxLength: 80 }),
    );
    const seen = new Set<string>();
    fc.assert(
      fc.property(run, ([x, y, simultaneous, moves]) => {
        const parties = [party(x), party(y)] as const;
        apply(parties[0], { type: 'app', call: 'connect' });
        apply(parties[1], { type: 'app', call: simultaneous ? 'connect' : 'listen' });
        const net: { to: 0 | 1; segment: Segment }[] = [];
        for (const [c, noise] of moves) {
          if (c % 16 === 0) {
            // A stray segment near the receiver's numbers: resets, re-ACKs and unacceptable arrivals.
            const to = parties[(c >> 4) % 2] as Party;
            const s = seg(noise.flags, p(to.ep.rcvNxt, noise.dseq), p(to.ep.sndNxt, noise.dack), noise.len);
            apply(to, { type: 'deliver', segment: s });
          } else {
            const possible: (() => void)[] = [];
            for (const i of [0, 1] as const) {
              const me = parties[i];
              if (botSegment(me.ep, me.isn)) {
                const move = () => net.push({ to: i === 0 ? 1 : 0, segment: transmit(me, null) });
                possible.push(move, move, move);
              }
              for (const timer of ['retransmit', 'time_wait'] as const) {
                if (me.ep.timers[timer]) possible.push(() => apply(me, { type: 'timeout', timer }));
              }
              if (['SYN_SENT', 'ESTABLISHED', 'CLOSE_WAIT'].includes(me.ep.state)) {
                possible.push(() => apply(me, { type: 'app', call: 'send', bytes: 1 + (c % 2000) }));
              }
              if (['ESTABLISHED', 'CLOSE_WAIT'].includes(me.ep.state) && !me.ep.closeCalled) {
                possible.push(() => apply(me, { type: 'app', call: 'close' }));
              }
            }
            net.forEach((m, j) => {
              const deliver = () => apply(parties[m.to], { type: 'deliver', segment: m.segment });
              const arrive = () => {
                net.splice(j, 1);
                deliver();
              };
              possible.push(arrive, arrive, deliver, () => net.splice(j, 1)); // arrive, duplicate, lose
            });
            if (possible.length > 0) (possible[(c >> 4) % possible.length] as () => void)();
          }
          // Whatever happened, what each bot would send now must pass the judge.
          peek(parties[0]);
          peek(parties[1]);
          seen.add(parties[0].ep.state).add(parties[1].ep.state);
        }
      }),
      { numRuns: 300 },
    );
    // The walk is only worth something if it went everywhere.
    expect([...seen].sort()).toEqual([...TCP_STATES].sort());
  });
});
