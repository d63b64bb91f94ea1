import { describe, expect, it } from 'vitest';
import type { SeatEvent } from '../../shared/index';
import { Bus } from '../../client/src/bus';
import type { AppEvents } from '../../client/src/net/events';
import { HomeworkRunner } from '../../client/src/net/homework';
import { FakeClock } from '../support/fake-clock';

const NET = { loss: 0, delayMin: 100, delayMax: 100, duplicate: 0, reorder: 0 };

function setup(scenario: string, side: 'client' | 'server', mode: 'practice' | 'assessment' = 'practice') {
  const bus = new Bus<AppEvents>();
  const clock = new FakeClock();
  const seen: SeatEvent[] = [];
  const log: { type: string; payload: unknown }[] = [];
  for (const type of ['roundStarted', 'verdictGiven', 'roundEnded', 'partnerStatus', 'error', 'clock', 'hint'] as const) {
    bus.on(type, (payload) => log.push({ type, payload }));
  }
  bus.on('seatEvent', (e) => seen.push(e));
  const runner = new HomeworkRunner(bus, { scenario, side, mode, rtoMs: 8_000, mslMs: 6_000, botDelayMs: 50, net: NET, seed: 7 }, clock);
  const last = (type: string) => [...log].reverse().find((x) => x.type === type)?.payload as Record<string, unknown> | undefined;
  const arrived = () => seen.filter((e): e is Extract<SeatEvent, { kind: 'delivered' }> => e.kind === 'delivered' && e.to === side);
  return { bus, clock, seen, log, runner, last, arrived };
}

describe('homework mode (the round model in the page)', () => {
  it('plays the handshake as the client against the bot, with the events a class server sends', () => {
    const h = setup('handshake', 'client');
    h.runner.start();
    expect(h.last('roundStarted')).toMatchObject({ side: 'client', partner: 'bot', timing: { rtoMs: 8_000, mslMs: 6_000 }, textbook: true, showLosses: false });
    expect(h.last('partnerStatus')).toEqual({ connected: true, bot: true });
    expect(h.seen[0]).toMatchObject({ kind: 'app', call: 'connect' });

    h.runner.sendSegment({ flags: ['SYN'], seq: 100, ack: 0, len: 0, state: 'SYN_SENT' });
    expect(h.last('verdictGiven')).toMatchObject({ ok: true, recorded: false, errors: [] });
    expect(h.last('verdictGiven')!.points).toBeGreaterThan(0);

    h.clock.advance(1000);
    const synAck = h.arrived()[0]!.segment;
    expect(synAck.flags.sort()).toEqual(['ACK', 'SYN']);
    expect(synAck.ack).toBe(101);

    h.runner.sendSegment({ flags: ['ACK'], seq: 101, ack: (synAck.seq + 1) % 2 ** 32, len: 0, state: 'ESTABLISHED' });
    expect(h.last('verdictGiven')).toMatchObject({ ok: true });
    expect(h.last('roundEnded')).toBeUndefined();
    h.clock.advance(1000);
    expect(h.last('roundEnded')).toMatchObject({ round: 1, finished: true, done: true, lesson: true, correct: 2, answers: 2 });
  });

  it('refuses a wrong segment in practice mode with the rule, and sends nothing', () => {
    const h = setup('handshake', 'client');
    h.runner.start();
    h.runner.sendSegment({ flags: ['SYN', 'ACK'], seq: 100, ack: 1, len: 0 });
    const v = h.last('verdictGiven')!;
    expect(v).toMatchObject({ ok: false, points: 0, streak: 0 });
    expect((v.errors as { rule: string }[])[0]?.rule).toBe('flags.first-syn-no-ack');
    expect(h.seen.some((e) => e.kind === 'sent')).toBe(false);
  });

  it('waits for the student to declare the final state before ending the round', () => {
    const h = setup('handshake', 'server');
    h.runner.start();
    h.runner.declareState('LISTEN');
    h.clock.advance(1000);
    const syn = h.arrived()[0]!.segment;
    h.runner.sendSegment({ flags: ['SYN', 'ACK'], seq: 5000, ack: syn.seq + 1, len: 0, state: 'SYN_RCVD' });
    expect(h.last('verdictGiven')).toMatchObject({ ok: true });
    h.clock.advance(2000);
    expect(h.arrived()).toHaveLength(2);
    expect(h.last('roundEnded')).toBeUndefined();
    h.runner.declareState('ESTABLISHED');
    expect(h.last('verdictGiven')).toMatchObject({ ok: true });
    expect(h.last('roundEnded')).toMatchObject({ finished: true });
    // The verdict comes first, then the end of the round (the panel shows the last one).
    expect(h.log.slice(-2).map((x) => x.type)).toEqual(['verdictGiven', 'roundEnded']);
  });

  it('answers "the handshake is being played for you" while a scenario’s prelude runs', () => {
    const h = setup('close', 'client');
    h.runner.start();
    h.runner.sendSegment({ flags: ['FIN', 'ACK'], seq: 1, ack: 1, len: 0 });
    expect(h.last('error')).toMatchObject({ code: 'prelude', intent: 'sendSegment' });
    h.clock.advance(5000);
    expect(h.seen.some((e) => e.kind === 'app' && e.call === 'close')).toBe(true);
  });

  it('stops the network clock while the student owes an answer: no timer fires however long they think', () => {
    const h = setup('handshake', 'server');
    h.runner.start();
    // listen(): the student owes LISTEN, and the clock waits for them (and for the bot's SYN).
    expect(h.last('clock')).toMatchObject({ running: false });
    expect((h.last('clock') as { waiting: string[] }).waiting).toContain('you');
    h.runner.declareState('LISTEN');
    h.clock.advance(1000);
    expect(h.arrived()).toHaveLength(1);
    // The SYN arrived: the student owes a SYN+ACK. Ten minutes of thinking are no network time.
    expect(h.last('clock')).toMatchObject({ running: false, waiting: ['you'] });
    const t = (h.last('clock') as { t: number }).t;
    h.clock.advance(600_000);
    expect(h.arrived()).toHaveLength(1);
    expect(h.seen.some((e) => e.kind === 'timer')).toBe(false);
    expect(h.runner.clockNow().t).toBe(t);
  });

  it('nudges a student who has owed an answer for long, saying what kind and never which', () => {
    const h = setup('handshake', 'server');
    h.runner.start();
    h.clock.advance(90_000);
    expect(h.last('hint')).toMatchObject({ owes: 'declare' });
    expect(Object.keys(h.last('hint')!).sort()).toEqual(['owes', 'waitedMs']);
  });

  it('tells an assessment student only that the answer was recorded', () => {
    const h = setup('handshake', 'client', 'assessment');
    h.runner.start();
    h.runner.sendSegment({ flags: ['SYN', 'ACK'], seq: 100, ack: 1, len: 0, state: 'SYN_SENT' });
    expect(h.last('verdictGiven')).toEqual({ recorded: true });
  });

  it('carries an answer\'s request id back on its verdict and on a refusal, as the class server does', () => {
    const h = setup('handshake', 'server');
    h.runner.start();
    h.runner.declareState('LISTEN', undefined, 7);
    expect(h.last('verdictGiven')).toMatchObject({ recorded: false, ok: true, rid: 7 });
    h.runner.declareState('LISTEN', 0, 8);
    expect(h.last('error')).toMatchObject({ code: 'stale', intent: 'declareState', rid: 8 });
    h.runner.leave();
    h.runner.sendSegment({ flags: ['SYN'], seq: 1, ack: 0, len: 0, rid: 9 });
    expect(h.last('error')).toMatchObject({ code: 'no-round', rid: 9 });
  });

  it('stops its clock when the student leaves', () => {
    const h = setup('handshake', 'server');
    h.runner.start();
    h.runner.declareState('LISTEN');
    h.runner.leave();
    h.clock.advance(60_000);
    expect(h.arrived()).toHaveLength(0);
  });
});

describe('homework: Old duplicates and a new incarnation (issue 16), either seat against the bot', () => {
  const mod = (n: number) => ((n % 2 ** 32) + 2 ** 32) % 2 ** 32;
  type Seg = { flags: string[]; seq: number; ack: number; len: number };
  const ok = (h: ReturnType<typeof setup>) => expect(h.last('verdictGiven')).toMatchObject({ ok: true });

  it('as the client: the ACK of the server’s FIN, its own FIN, then connect again on the same ports; an ISN not above the old connection is refused with its rule, a higher one opens the new connection', () => {
    const h = setup('incarnation', 'client');
    h.runner.start();
    h.runner.sendSegment({ flags: ['SYN'], seq: 100, ack: 0, len: 0, state: 'SYN_SENT' });
    ok(h);
    h.clock.advance(1000);
    const synAck = h.arrived()[0]!.segment as Seg;
    h.runner.sendSegment({ flags: ['ACK'], seq: 101, ack: mod(synAck.seq + 1), len: 0, state: 'ESTABLISHED' });
    ok(h);
    // The server closes first.
    h.clock.advance(1000);
    const fin = h.arrived()[1]!.segment as Seg;
    expect(fin.flags).toContain('FIN');
    expect(h.seen.filter((e) => e.kind === 'app' && e.call === 'close')).toHaveLength(1);
    h.runner.sendSegment({ flags: ['ACK'], seq: 101, ack: mod(fin.seq + 1), len: 0, state: 'CLOSE_WAIT' });
    ok(h);
    h.runner.sendSegment({ flags: ['ACK', 'FIN'], seq: 101, ack: mod(fin.seq + 1), len: 0, state: 'LAST_ACK' });
    ok(h);
    // The server's ACK in TIME_WAIT (it answers the old duplicate SYN too): CLOSED, and connect again.
    h.clock.advance(1000);
    expect(h.arrived()).toHaveLength(3);
    const again = h.seen.filter((e) => e.kind === 'app' && e.call === 'connect');
    expect(again).toHaveLength(2);
    expect(again[1]).toMatchObject({ reuse: true });
    expect(again[0]).not.toHaveProperty('reuse');
    // The old connection ended at SND.NXT 102: an ISN of 102 (or below) is refused, and nothing is sent.
    const sentBefore = h.seen.filter((e) => e.kind === 'sent').length;
    h.runner.sendSegment({ flags: ['SYN'], seq: 102, ack: 0, len: 0, state: 'SYN_SENT' });
    const v = h.last('verdictGiven')!;
    expect(v).toMatchObject({ ok: false });
    expect((v.errors as { rule: string }[]).map((e) => e.rule)).toEqual(['seq.isn-above-last-connection']);
    expect(h.seen.filter((e) => e.kind === 'sent')).toHaveLength(sentBefore);
    h.runner.sendSegment({ flags: ['SYN'], seq: 700, ack: 0, len: 0, state: 'SYN_SENT' });
    ok(h);
    h.clock.advance(1000);
    const synAck2 = h.arrived()[3]!.segment as Seg;
    expect(synAck2).toMatchObject({ flags: expect.arrayContaining(['SYN', 'ACK']), ack: 701 });
    h.runner.sendSegment({ flags: ['ACK'], seq: 701, ack: mod(synAck2.seq + 1), len: 0, state: 'ESTABLISHED' });
    ok(h);
    h.clock.advance(1000);
    expect(h.last('roundEnded')).toMatchObject({ finished: true, done: true, lesson: true });
  });

  it('as the server: the old duplicate SYN arrives with the client’s FIN and gets the one ACK; the client’s new SYN opens a new connection from TIME_WAIT', () => {
    const h = setup('incarnation', 'server');
    h.runner.start();
    h.runner.declareState('LISTEN');
    ok(h);
    h.clock.advance(1000);
    const syn = h.arrived()[0]!.segment as Seg;
    h.runner.sendSegment({ flags: ['SYN', 'ACK'], seq: 5000, ack: mod(syn.seq + 1), len: 0, state: 'SYN_RCVD' });
    ok(h);
    h.clock.advance(1000);
    // The third handshake segment: ESTABLISHED, and the server's app closes at once.
    expect(h.seen.some((e) => e.kind === 'app' && e.call === 'close')).toBe(true);
    h.runner.sendSegment({ flags: ['ACK', 'FIN'], seq: 5001, ack: mod(syn.seq + 1), len: 0, state: 'FIN_WAIT_1' });
    ok(h);
    h.clock.advance(1000);
    // The client's FIN (with the ACK of ours), and with it the old duplicate of its first SYN.
    const late = h.arrived().slice(2).map((e) => e.segment as Seg);
    expect(late.map((s) => s.flags.slice().sort().join('+'))).toEqual(['ACK+FIN', 'SYN']);
    expect(late[1]!.seq).toBe(syn.seq);
    h.runner.sendSegment({ flags: ['ACK'], seq: 5002, ack: mod(syn.seq + 2), len: 0, state: 'TIME_WAIT' });
    ok(h);
    // That one ACK was all the server owed: the clock runs again (the old SYN changed nothing).
    expect(h.last('clock')).toMatchObject({ running: true });
    h.clock.advance(1000);
    const fresh = h.arrived().at(-1)!.segment as Seg;
    expect(fresh.flags).toEqual(['SYN']);
    expect(((fresh.seq - mod(syn.seq + 2)) | 0) > 0).toBe(true);
    // Declaring TIME_WAIT still is the mistake the new row explains.
    h.runner.sendSegment({ flags: ['SYN', 'ACK'], seq: 9000, ack: mod(fresh.seq + 1), len: 0, state: 'TIME_WAIT' });
    expect((h.last('verdictGiven')!.errors as { rule: string }[]).map((e) => e.rule)).toEqual(['state.time-wait-rcv-new-syn']);
    h.runner.sendSegment({ flags: ['SYN', 'ACK'], seq: 9000, ack: mod(fresh.seq + 1), len: 0, state: 'SYN_RCVD' });
    ok(h);
    h.clock.advance(1000);
    h.runner.declareState('ESTABLISHED');
    ok(h);
    expect(h.last('roundEnded')).toMatchObject({ finished: true, done: true, lesson: true });
  });
});
