import { describe, expect, it } from 'vitest';
import { createMirror, type SeatEvent } from '../../shared/index';
import { Bus } from '../../client/src/bus';
import type { AppEvents } from '../../client/src/net/events';
import { HomeworkRunner } from '../../client/src/net/homework';
import { FakeClock } from '../support/fake-clock';
import { foldQueue, NO_QUEUE, queuePeers, type QueueShown } from '../../client/src/ui/listen-queue';

/*
 * The SYN flood as homework, played as the server against the bot client, through the in-page
 * runner (the round model in the page): what the student's listen queue panel shows, folded from
 * the seat's own events, and sends to the forged addresses with `peer`.
 */


const NET = { loss: 0, delayMin: 100, delayMax: 100, duplicate: 0, reorder: 0 };
const A = '198.51.100.7';
const B = '203.0.113.40';

function setup() {
  const bus = new Bus<AppEvents>();
  const clock = new FakeClock();
  const seen: SeatEvent[] = [];
  const log: { type: string; payload: unknown }[] = [];
  for (const type of ['roundStarted', 'verdictGiven', 'roundEnded', 'error'] as const) bus.on(type, (payload) => log.push({ type, payload }));
  let mirror = createMirror();
  let shown: QueueShown = NO_QUEUE;
  bus.on('seatEvent', (e) => {
    seen.push(e);
    ({ mirror, shown } = foldQueue(mirror, shown, e, 'server'));
  });
  const runner = new HomeworkRunner(bus, { scenario: 'syn-flood', side: 'server', mode: 'practice', rtoMs: 4_000, mslMs: 6_000, botDelayMs: 50, net: NET, seed: 5 }, clock);
  const last = (type: string) => [...log].reverse().find((x) => x.type === type)?.payload as Record<string, unknown> | undefined;
  return { clock, seen, runner, last, queue: () => shown };
}

describe('the listen queue panel, in a homework SYN flood played as the server', () => {
  it('shows the forged SYNs filling the queue, the partner’s SYN dropped, SYN+ACKs to the forged addresses, and the places freed', () => {
    const h = setup();
    h.runner.start();
    expect(h.queue()).toMatchObject({ backlog: 2, lines: [], full: false });
    h.runner.declareState('LISTEN');
    expect(h.last('verdictGiven')).toMatchObject({ ok: true });
    // The bot client sends its SYN after 50 ms; the forged SYNs arrive at once.
    h.clock.advance(60);
    expect(h.queue().lines.map((l) => l.peer)).toEqual([A, B]);
    expect(h.queue().full).toBe(true);
    expect(queuePeers(h.queue())).toEqual([A, B]);
    const irs = (peer: string) => h.queue().lines.find((l) => l.peer === peer)!.irs!;

    // A SYN+ACK to a forged address with a wrong ack is refused with its rule; the right one is taken.
    h.runner.sendSegment({ flags: ['SYN', 'ACK'], seq: 500, ack: irs(A), len: 0, state: 'SYN_RCVD', peer: A });
    expect(h.last('verdictGiven')).toMatchObject({ ok: false, errors: [{ rule: 'ack.must-acknowledge-syn' }] });
    h.runner.sendSegment({ flags: ['SYN', 'ACK'], seq: 500, ack: (irs(A) + 1) % 2 ** 32, len: 0, state: 'SYN_RCVD', peer: A });
    expect(h.last('verdictGiven')).toMatchObject({ ok: true });
    h.runner.sendSegment({ flags: ['SYN', 'ACK'], seq: 600, ack: (irs(B) + 1) % 2 ** 32, len: 0, state: 'SYN_RCVD', peer: B });
    expect(h.last('verdictGiven')).toMatchObject({ ok: true });
    expect(h.queue().lines.map((l) => [l.peer, l.iss, l.owes])).toEqual([[A, 500, false], [B, 600, false]]);

    // The client's SYN reaches a full queue: dropped, nothing owed back.
    h.clock.advance(200);
    expect(h.queue().dropped).toBe(1);
    expect(h.seen.some((e) => e.kind === 'delivered' && e.peer === undefined)).toBe(true);

    // The half-open connections' timers fire: each owes its SYN+ACK again, and is resent.
    h.clock.advance(4_000);
    expect(h.seen.filter((e) => e.kind === 'timer' && e.peer !== undefined).length).toBe(2);
    expect(h.queue().lines.every((l) => l.owes && l.retries === 1)).toBe(true);
    for (const [peer, iss] of [[A, 500], [B, 600]] as const) {
      h.runner.sendSegment({ flags: ['SYN', 'ACK'], seq: iss, ack: (irs(peer) + 1) % 2 ** 32, len: 0, state: 'SYN_RCVD', peer });
      expect(h.last('verdictGiven')).toMatchObject({ ok: true });
    }
    // Their next timeout gives them up: the places are free, and the client's next SYN gets in.
    for (let i = 0; i < 20 && !h.queue().lines.some((l) => l.peer === null); i++) h.clock.advance(1_000);
    expect(h.queue().lines).toEqual([expect.objectContaining({ peer: null, owes: true })]);
    const syn = [...h.seen].reverse().find((e) => e.kind === 'delivered' && e.peer === undefined);
    const clientIsn = syn?.kind === 'delivered' ? syn.segment.seq : 0;
    h.runner.sendSegment({ flags: ['SYN', 'ACK'], seq: 700, ack: (clientIsn + 1) % 2 ** 32, len: 0, state: 'SYN_RCVD' });
    expect(h.last('verdictGiven')).toMatchObject({ ok: true });
    h.clock.advance(500);
    h.runner.declareState('ESTABLISHED');
    expect(h.last('roundEnded')).toMatchObject({ finished: true, done: true, lesson: true });
    expect(h.queue().lines).toEqual([]);
  });
});
