import { describe, expect } from 'vitest';
import type { ErrorEvent, FaultInjected, SeatEvent, VerdictGiven } from '../../shared/index';
import { closeClass, FAST, openClass, serverTest, until } from './helpers';

const it = serverTest();

/**
 * Issue 13: an answer carries a request id (`rid`) and whatever answers it — the verdict, an error,
 * the host's fault acknowledgement — carries it back, so a client matches answers to what it sent
 * instead of counting them in order.
 */

describe('request ids', () => {
  it('come back on verdicts and on every refusal of an answer, and never reach the partner', async ({ app }) => {
    const c = await openClass(app, 2, { autoplay: false, declareStates: true });
    try {
      await c.host.configureRound({ ...FAST, scenario: 'handshake', mode: 'practice' });
      const started = await c.host.startRound();
      await until(() => c.bots.some((b) => b.side === 'client' && b.owed().length > 0), 'the client owes its SYN');
      const client = c.bots.find((b) => b.side === 'client')!;
      const server = c.bots.find((b) => b.side === 'server')!;
      const mark = client.inbox.mark();
      const partnerMark = server.inbox.mark();

      // Two wrong answers in a row, and one right one: each verdict names its answer.
      client.raw('sendSegment', { flags: ['ACK'], seq: 5, ack: 5, len: 0, rid: 101 });
      client.raw('declareState', { state: 'ESTABLISHED', rid: 102 });
      const verdicts = await Promise.all([101, 102].map((rid) => client.inbox.waitFor<VerdictGiven>('verdictGiven', (v) => v.rid === rid, { since: mark })));
      expect(verdicts.map((v) => v.recorded === false && v.ok)).toEqual([false, false]);

      // Refused before judging: the error carries the id of what it refuses.
      client.raw('sendSegment', { flags: 'SYN', seq: -1, rid: 103 });
      client.raw('startRound', { rid: 104 });
      client.raw('sendSegment', { flags: ['SYN'], seq: 1, ack: 0, len: 0, seen: 0, rid: 'one hundred' });
      const bad = await client.inbox.waitFor<ErrorEvent>('error', (e) => e.rid === 103, { since: mark });
      expect(bad).toMatchObject({ code: 'bad-message', intent: 'sendSegment' });
      expect(await client.inbox.waitFor<ErrorEvent>('error', (e) => e.rid === 104, { since: mark })).toMatchObject({ code: 'host-only', intent: 'startRound' });
      // An id that is no id is refused with the rest, and not echoed.
      const noId = await client.inbox.waitFor<ErrorEvent>('error', (e) => e.code === 'bad-message' && e.rid === undefined && (e.issues ?? []).some((i) => i.path === 'rid'), { since: mark });
      expect(noId.intent).toBe('sendSegment');

      // The right SYN: judged right, with its id.
      const syn = client.correctSegment()!;
      client.raw('sendSegment', { ...syn, state: 'SYN_SENT', rid: 105 });
      const right = await client.inbox.waitFor<VerdictGiven>('verdictGiven', (v) => v.rid === 105, { since: mark });
      expect(right).toMatchObject({ recorded: false, ok: true });
      // The round plays on; the partner sees the segment and never the client's ids (its own
      // verdicts carry its own, which start at 1).
      server.resume();
      client.resume();
      await c.host.waitAllFinished(started.round, 15_000);
      const partnerSaw = server.inbox.all<SeatEvent>('seatEvent', partnerMark);
      expect(partnerSaw.some((e) => e.kind === 'delivered' && e.segment.flags.includes('SYN'))).toBe(true);
      expect(JSON.stringify(partnerSaw)).not.toContain('rid');
      const partnerIds = server.inbox.all<VerdictGiven>('verdictGiven', partnerMark).map((v) => v.rid);
      expect(partnerIds.length).toBeGreaterThan(0);
      expect(partnerIds.every((rid) => rid !== undefined && rid < 100)).toBe(true);
    } finally {
      await closeClass(c);
    }
  });

  it("acknowledge the host's fault with what was set and on how many pairs, or refuse it with the id", async ({ app }) => {
    const c = await openClass(app, 4, { autoplay: false });
    try {
      // No round: nothing to set it on.
      await expect(c.host.injectFault('all', { kind: 'drop-next' })).rejects.toThrow(/no-round/);
      await c.host.configureRound({ ...FAST, scenario: 'handshake' });
      await c.host.startRound();
      const one: FaultInjected = await c.host.injectFault('pair2', { kind: 'drop-next', flag: 'SYN' });
      expect(one).toMatchObject({ target: 'pair2', kind: 'drop-next', flag: 'SYN', pairs: 1 });
      const all = await c.host.injectFault('all', { kind: 'delay-next', ms: 3000 });
      expect(all).toMatchObject({ target: 'all', kind: 'delay-next', ms: 3000, pairs: 2 });
      await expect(c.host.injectFault('pair9', { kind: 'stale-syn' })).rejects.toThrow(/unknown-pair/);
      // Each came back with its own id, in the order sent.
      const ids = c.host.inbox.all<FaultInjected>('faultInjected').map((f) => f.rid);
      expect(ids).toHaveLength(2);
      expect(ids[1]!).toBeGreaterThan(ids[0]!);
    } finally {
      await closeClass(c);
    }
  });
});
