import { describe, expect } from 'vitest';
import { roundStats } from '../support/bots/trace-stats';
import { checkTrace, countInputs, type ErrorEvent, type SeatEvent, type Trace, type VerdictGiven } from '../../shared/index';
import { closeClass, expectCleanTrace, FAST, openClass, practice, sleep, serverTest, until, wrongAnswers } from './helpers';

const it = serverTest();


describe('feedback on a wrong segment', () => {
  it.concurrent('practice mode refuses a wrong segment with a hint first (no number), the number at the second mistake on the rule, sends nothing on, and takes the retry', async ({ app }) => {
    const c = await openClass(app, 2, { autoplay: false });
    const [student, partner] = c.bots as [NonNullable<(typeof c.bots)[0]>, NonNullable<(typeof c.bots)[1]>];
    try {
      await c.host.configureRound({ ...FAST, scenario: 'handshake', mode: 'practice' });
      const started = await c.host.startRound();
      partner.resume();
      await until(() => student.side === 'client' && student.owed().length > 0, 'the client owes its SYN');
      // A SYN that also carries ACK: a first SYN acknowledges nothing.
      const wrong = await student.send({ flags: ['SYN', 'ACK'], seq: 1000, ack: 5, len: 0 });
      expect(wrong.ok).toBe(false);
      const first = practice(wrong.verdict);
      expect(first).toMatchObject({ ok: false, recorded: false, points: 0 });
      // The first mistake on the rule: its name and a hint, not the answer.
      expect(first.errors).toEqual([{ field: 'flags', rule: 'flags.first-syn-no-ack', got: ['SYN', 'ACK'], hint: true }]);
      // The same mistake again: now the number (the flags it must have).
      const again = practice((await student.send({ flags: ['SYN', 'ACK'], seq: 1000, ack: 5, len: 0 })).verdict);
      expect(again.errors).toEqual([{ field: 'flags', rule: 'flags.first-syn-no-ack', got: ['SYN', 'ACK'], expected: ['SYN'] }]);
      // Several network ticks later nothing of it has reached anyone.
      await sleep(250);
      expect(partner.seen.filter((e) => e.kind === 'delivered')).toEqual([]);
      expect(student.seen.filter((e) => e.kind === 'sent')).toEqual([]);
      expect(student.owed().map((o) => o.kind)).toEqual(['syn']);
      // The retry, right this time, goes on and the round plays to the end.
      const right = await student.sendCorrect();
      expect(practice(right.verdict)).toMatchObject({ ok: true, errors: [] });
      await until(() => partner.seen.some((e) => e.kind === 'delivered' && e.to === 'server'), 'the SYN reaches the partner');
      student.resume();
      await c.host.waitAllFinished(started.round, 10_000);
      await c.host.endRound();
      const trace: Trace = await c.host.fetchTrace(started.round, 'pair1');
      const report = checkTrace(trace);
      // The refused attempts are in the replay, judged wrong, and never went onto the network.
      const firstSend = trace.events.find((e) => e.type === 'send');
      expect(firstSend).toMatchObject({ type: 'send', side: 'client', segment: { flags: ['SYN', 'ACK'], seq: 1000 } });
      const firstId = (firstSend as { id: string }).id;
      expect(trace.events.some((e) => (e.type === 'deliver' || e.type === 'drop') && e.id === firstId)).toBe(false);
      expect(wrongAnswers(trace, report)).toHaveLength(2);
      expect(report.events[report.events.length - 1]?.states).toEqual({ client: 'ESTABLISHED', server: 'ESTABLISHED' });
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent('assessment mode records a wrong segment silently, shows the student their own answer, and carries the correct one on', async ({ app }) => {
    const c = await openClass(app, 2, { autoplay: false });
    const [student, partner] = c.bots as [NonNullable<(typeof c.bots)[0]>, NonNullable<(typeof c.bots)[1]>];
    try {
      await c.host.configureRound({ ...FAST, scenario: 'handshake', mode: 'assessment' });
      const started = await c.host.startRound();
      partner.resume();
      await until(() => student.side === 'client' && student.owed().length > 0, 'the client owes its SYN');
      const wrong = await student.send({ flags: ['SYN', 'ACK'], seq: 77_000, ack: 5, len: 0 }, 'SYN_SENT');
      // Nothing but "recorded": no correctness, no points, no score, no streak.
      expect(wrong.verdict).toEqual({ recorded: true, rid: expect.any(Number) }); // its own request id, nothing more
      // The network carries a correct SYN (same ISN) on in its place: the partner gets it.
      await until(() => partner.seen.some((e) => e.kind === 'delivered' && e.to === 'server'), 'the SYN reaches the partner');
      const delivered = partner.seen.find((e) => e.kind === 'delivered');
      expect(delivered).toMatchObject({ kind: 'delivered', to: 'server', segment: { flags: ['SYN'], seq: 77_000, len: 0 } });
      // The student sees its own answer as it sent it: no "sent for you", no corrected copy.
      expect(student.seen.filter((e) => e.kind === 'sent')).toMatchObject([{ origin: 'player', segment: { flags: ['SYN', 'ACK'], seq: 77_000 } }]);
      student.resume();
      await c.host.waitAllFinished(started.round, 10_000);
      await c.host.endRound();
      // Only once the round is over does the student learn its score.
      const ended = await student.waitRoundEnded();
      expect(ended).toMatchObject({ round: started.round, finished: true, done: true, lesson: true });
      expect(ended.answers).toBeGreaterThan(ended.correct ?? 0);
      const trace = await c.host.fetchTrace(started.round, 'pair1');
      const report = checkTrace(trace);
      expect(wrongAnswers(trace, report)).toHaveLength(1);
      const sends = trace.events.filter((e) => e.type === 'send');
      expect(sends[0]).toMatchObject({ side: 'client', segment: { flags: ['SYN', 'ACK'] } });
      expect(sends[1]).toMatchObject({ side: 'client', origin: 'auto', segment: { flags: ['SYN'], seq: 77_000 } });
      expect(report.events[report.events.length - 1]?.states).toEqual({ client: 'ESTABLISHED', server: 'ESTABLISHED' });
    } finally {
      await closeClass(c);
    }
  });
});

describe('an answer that crossed an arriving segment', () => {
  it.concurrent("is given back as 'stale', not judged, when it says it saw fewer inputs than its endpoint got; the same answer without that count is judged", async ({ app }) => {
    const c = await openClass(app, 2, { autoplay: false });
    const [client, server] = c.bots as [NonNullable<(typeof c.bots)[0]>, NonNullable<(typeof c.bots)[1]>];
    try {
      await c.host.configureRound({ ...FAST, scenario: 'handshake', mode: 'practice' });
      const started = await c.host.startRound();
      await until(() => server.side === 'server' && server.seen.some((e) => e.kind === 'app'), 'the server has its listen()');
      expect(countInputs(server.seen, 'server')).toBe(1);
      // The network clock waits for people: the server says it listens, the client sends its SYN.
      expect((await server.declare('LISTEN', false)).ok).toBe(true);
      expect((await client.sendCorrect()).ok).toBe(true);
      await until(() => server.seen.some((e) => e.kind === 'delivered' && e.to === 'server'), 'the SYN reaches the server');
      const shown = countInputs(server.seen, 'server');
      expect(shown).toBe(2);
      // Answers made on a screen that had not shown the SYN yet: LISTEN, and the SYN-ACK itself.
      const mark = server.inbox.mark();
      server.raw('declareState', { state: 'LISTEN', seen: shown - 1 });
      server.raw('sendSegment', { ...server.correctSegment()!, seen: shown - 1 });
      await until(() => server.inbox.all<ErrorEvent>('error', mark).length === 2, 'two replies');
      expect(server.inbox.all<ErrorEvent>('error', mark).map((e) => [e.code, e.intent])).toEqual([['stale', 'declareState'], ['stale', 'sendSegment']]);
      await sleep(100);
      expect(server.inbox.all('verdictGiven', mark)).toEqual([]);
      expect(client.seen.filter((e) => e.kind === 'sent' && e.side === 'server')).toEqual([]);
      // Without the count, the same LISTEN is judged (and wrong: the SYN had arrived).
      const unbased = server.inbox.mark();
      server.raw('declareState', { state: 'LISTEN' });
      const judged = practice(await server.inbox.waitFor<VerdictGiven>('verdictGiven', () => true, { since: unbased }));
      expect(judged.ok).toBe(false);
      expect(judged.errors.map((e) => e.rule)).toEqual(['state.listen-rcv-syn']);
      // With the count it saw, and with a count larger than that, answers are judged as usual.
      expect((await server.declare('SYN_RCVD', false)).ok).toBe(true);
      const over = server.inbox.mark();
      server.raw('sendSegment', { ...server.correctSegment()!, seen: shown + 5 });
      expect(practice(await server.inbox.waitFor<VerdictGiven>('verdictGiven', () => true, { since: over })).ok).toBe(true);
      client.resume();
      server.resume();
      await c.host.waitAllFinished(started.round, 10_000);
      await c.host.endRound();
      // The replay holds the judged answers only: one wrong LISTEN, no trace of the stale ones.
      const trace = await c.host.fetchTrace(started.round, 'pair1');
      const report = checkTrace(trace);
      expect(report.valid).toBe(true);
      expect(trace.events.filter((e) => e.type === 'state' && e.side === 'server').map((e) => (e as { state: string }).state).slice(0, 3)).toEqual(['LISTEN', 'LISTEN', 'SYN_RCVD']);
      expect(trace.events.filter((e) => e.type === 'send' && e.side === 'server' && e.origin !== 'auto')).toHaveLength(1);
      expect(wrongAnswers(trace, report)).toHaveLength(1);
    } finally {
      await closeClass(c);
    }
  });
});

describe('host fault injection', () => {
  it.concurrent("'drop-next' drops exactly the next segment, and the round recovers by retransmission", async ({ app }) => {
    const c = await openClass(app, 2, { autoplay: false, declareStates: true });
    const [student, partner] = c.bots as [NonNullable<(typeof c.bots)[0]>, NonNullable<(typeof c.bots)[1]>];
    try {
      await c.host.configureRound({ ...FAST, scenario: 'handshake', mode: 'practice' });
      const started = await c.host.startRound();
      partner.resume();
      await until(() => student.side === 'client' && student.owed().length > 0, 'the client owes its SYN');
      // The fault is set (the server says so) before the SYN is sent.
      expect(await c.host.injectFault('pair1', { kind: 'drop-next' })).toMatchObject({ target: 'pair1', kind: 'drop-next', pairs: 1 });
      student.resume();
      await c.host.waitAllFinished(started.round, 10_000);
      // The client was never told its SYN was lost: it learnt it from its retransmission timer,
      // and sent the same SYN again. The host saw the loss.
      expect(student.seen.filter((e) => e.kind === 'lost')).toEqual([]);
      const kinds = student.seen.map((e) => e.kind);
      const syns = student.seen.filter((e): e is Extract<SeatEvent, { kind: 'sent' }> => e.kind === 'sent' && e.side === 'client' && e.segment.flags.includes('SYN'));
      expect(syns).toHaveLength(2);
      expect(kinds.indexOf('timer')).toBeGreaterThan(student.seen.indexOf(syns[0]!));
      expect(syns[1]?.segment.seq).toBe(syns[0]?.segment.seq);
      await c.host.endRound();
      const trace = await c.host.fetchTrace(started.round, 'pair1');
      expectCleanTrace(trace, 'handshake');
      // Exactly one segment was dropped, the first one sent; everything else arrived.
      const drops = trace.events.filter((e) => e.type === 'drop');
      const sends = trace.events.filter((e) => e.type === 'send');
      expect(drops.map((d) => d.id)).toEqual([sends[0]!.id]);
      const delivered = new Set(trace.events.filter((e) => e.type === 'deliver').map((e) => e.id));
      expect(sends.slice(1).every((s) => delivered.has(s.id))).toBe(true);
      expect(trace.events.some((e) => e.type === 'timeout' && e.side === 'client' && e.timer === 'retransmit')).toBe(true);
      expect(roundStats(trace)).toMatchObject({ lost: 1, retransmissions: 1 });
    } finally {
      await closeClass(c);
    }
  });
});
