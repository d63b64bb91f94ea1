/**
 * Issue 16: retransmission backoff with a real server and real clients. The host drops the
 * client's SYN twice; the client's seat sees only its own timer firing, after 1 s and then after
 * 2 s (the RTO doubled), and never the losses. With the class setting off, both waits are 1 s.
 */
import { describe, expect } from 'vitest';
import { backedOffRto, mirroredRto, mirrorSeatEvents, type RoundStarted, type SeatEvent } from '../../shared/index';
import { closeClass, expectCleanTrace, FAST, openClass, serverTest, until } from './helpers';

const it = serverTest();

type Sent = Extract<SeatEvent, { kind: 'sent' }>;

/** For each firing of the seat's retransmission timer: how long after the seat's own send before it. */
function waits(seen: readonly SeatEvent[], side: string): number[] {
  const out: number[] = [];
  let last = NaN;
  for (const e of seen) {
    if (e.kind === 'sent' && e.side === side) last = e.t;
    if (e.kind === 'timer' && e.timer === 'retransmit') out.push(e.t - last);
  }
  return out;
}

describe('retransmission backoff in a class', () => {
  for (const backoff of [true, false]) {
    it.concurrent(`the client's SYN lost twice: its seat's timer waits ${backoff ? '1 s, then 2 s' : '1 s twice (backoff off)'}`, async ({ app }) => {
      const c = await openClass(app, 2, { autoplay: false, declareStates: true });
      const [student, partner] = c.bots as [NonNullable<(typeof c.bots)[0]>, NonNullable<(typeof c.bots)[1]>];
      try {
        await c.host.configureRound({ ...FAST, scenario: 'handshake', mode: 'practice', backoff });
        const started = await c.host.startRound();
        partner.resume();
        await until(() => student.side === 'client' && student.owed().length > 0, 'the client owes its SYN');
        // Both losses are set (the server says so) before the first SYN is sent.
        await c.host.injectFault('pair1', { kind: 'drop-next', flag: 'SYN' });
        await c.host.injectFault('pair1', { kind: 'drop-next', flag: 'SYN' });
        student.resume();
        await c.host.waitAllFinished(started.round, 15_000);

        // The seat was told the class's timers, backoff included, and never told of a loss.
        const rs = student.inbox.all<RoundStarted>('roundStarted').at(-1);
        expect(rs?.timing).toEqual({ rtoMs: 1000, mslMs: 1000, backoff });
        expect(student.seen.filter((e) => e.kind === 'lost')).toEqual([]);
        const syns = student.seen.filter((e): e is Sent => e.kind === 'sent' && e.side === 'client' && e.segment.flags.includes('SYN'));
        expect(syns).toHaveLength(3);
        expect(waits(student.seen, 'client')).toEqual(backoff ? [1000, 2000] : [1000, 1000]);

        // What the seat's own endpoint knows after its second resend: the RTO it armed.
        const second = student.seen.indexOf(syns[2]!);
        const mirror = mirrorSeatEvents(student.seen.slice(0, second + 1), 'client');
        expect(mirroredRto(mirror, 1000, backoff)).toBe(backedOffRto(1000, 2, backoff));
        expect(mirroredRto(mirror, 1000, backoff)).toBe(backoff ? 4000 : 1000);

        await c.host.endRound();
        const trace = await c.host.fetchTrace(started.round, 'pair1');
        expectCleanTrace(trace, 'handshake');
        // The replay shows the longer wait by its times alone.
        const timeouts = trace.events.filter((e) => e.type === 'timeout').map((e) => e.t);
        const sends = trace.events.filter((e) => e.type === 'send' && e.side === 'client').map((e) => e.t);
        expect(timeouts).toHaveLength(2);
        expect([timeouts[0]! - sends[0]!, timeouts[1]! - sends[1]!]).toEqual(backoff ? [1000, 2000] : [1000, 1000]);
      } finally {
        await closeClass(c);
      }
    });
  }
});
