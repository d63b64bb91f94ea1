import { describe, expect } from 'vitest';
import type { RemoteBot } from '../support/bots/remote-bot';
import type { RoundStarted, SeatEvent, Welcome } from '../../shared/index';
import { closeClass, expectCleanTrace, FAST, openClass, sleep, serverTest, until } from './helpers';

const it = serverTest({ reconnectSeconds: 10 });


type PlayerView = { id: string; score: number; connected: boolean; pairId: string; side: string };
const playerIn = (bot: RemoteBot, id: string) => (bot.room.state as { players?: Map<string, PlayerView> }).players?.get(id);

describe('reconnection', () => {
  it('keeps the seat, side and score of a student who drops and comes back in time, and the round goes on', async ({ app }) => {
    const c = await openClass(app, 2, { declareStates: true });
    const [student, partner] = c.bots as [RemoteBot, RemoteBot];
    try {
      await c.host.configureRound({ ...FAST, scenario: 'lifecycle' });
      const started = await c.host.startRound();
      // Drop once the client has connected and sent its data (it has points by then).
      await until(() => student.seen.some((e) => e.kind === 'sent' && e.side === 'client' && e.segment.len > 0), 'the client sends its data');
      // …and nothing of its own is in flight to the judge, and the hosts' dashboard has its total.
      const lastScore = () => {
        const v = student.verdicts.at(-1);
        return v && !v.recorded ? v.score : -1;
      };
      const dashTotal = () => c.host.inbox.all<{ totals?: Record<string, { score: number }> }>('dashboard').at(-1)?.totals?.[student.id]?.score;
      await until(() => student.idle && dashTotal() === lastScore(), 'the dashboard has the score');
      const before = { id: student.id, side: student.side, round: student.round, score: lastScore(), seen: student.seen.map((e) => JSON.stringify(e)) };
      expect(before.score).toBeGreaterThan(0);
      const partnerMark = partner.inbox.mark();
      await student.dropConnection();
      await partner.inbox.waitFor('partnerStatus', (m: { connected: boolean }) => !m.connected, { since: partnerMark });
      await until(() => playerIn(partner, before.id)?.connected === false, 'the state shows the student gone');
      await sleep(300);

      const mark = student.inbox.mark();
      await student.reconnect();
      const welcome = await student.inbox.waitFor<Welcome>('welcome', () => true, { since: mark });
      expect(welcome.you).toMatchObject({ id: before.id, role: 'student' });
      const restored = await student.inbox.waitFor<RoundStarted>('roundStarted', () => true, { since: mark });
      expect(restored).toMatchObject({ round: before.round, side: before.side, scenario: 'lifecycle', partner: partner.nickname, score: before.score });
      // With it, the clock as it is now and the state the student last declared.
      expect(restored.clock).toMatchObject({ paused: false });
      expect(restored.declared).toBe(student.lastDeclaredState);
      // The history begins with everything the seat had seen before the drop.
      const history = (restored.history ?? []).map((e: SeatEvent) => JSON.stringify(e));
      expect(history.slice(0, before.seen.length)).toEqual(before.seen);
      await until(() => playerIn(student, before.id) !== undefined, 'the state arrives again');
      const seat = playerIn(student, before.id)!;
      // The synced state keeps the class total of the round's start while it runs (0: the first round).
      expect(seat).toMatchObject({ id: before.id, connected: true, pairId: 'pair1', side: before.side, score: 0 });
      await partner.inbox.waitFor('partnerStatus', (m: { connected: boolean }) => m.connected, { since: partnerMark });

      await c.host.waitAllFinished(started.round, 15_000);
      await c.host.endRound();
      expectCleanTrace(await c.host.fetchTrace(started.round, 'pair1'), 'lifecycle');
      expect(student.unexpected).toEqual([]);
      const ended = await student.waitRoundEnded();
      expect(ended.finished).toBe(true);
      expect(ended.score).toBeGreaterThan(before.score);
      expect(playerIn(student, before.id)!.score).toBeGreaterThan(before.score);
      expect(student.mirror.state).toBe('CLOSED');
    } finally {
      await closeClass(c);
    }
  });

  it('a student who drops before declaring anything comes back owing its first declaration, and the round goes on', async ({ app }) => {
    // The redis-restart test met this by chance: the server side dropped after its listen() and
    // before declaring LISTEN. Its seat has declared nothing (null), so it still owes LISTEN and
    // the pair's clock waits for it; a client that took the history's state for a declaration
    // would wait too, for ever.
    const c = await openClass(app, 2, { declareStates: true });
    const bots = c.bots as [RemoteBot, RemoteBot];
    try {
      await c.host.configureRound({ ...FAST, scenario: 'lifecycle' });
      for (const b of bots) b.pause();
      const started = await c.host.startRound();
      await until(() => bots.every((b) => b.active), 'both seats have their round');
      const server = bots.find((b) => b.side === 'server')!;
      await until(() => server.clock?.waiting.includes('you') === true, 'the clock waits for the server side');
      await server.dropConnection();
      await sleep(200);
      const mark = server.inbox.mark();
      await server.reconnect();
      const restored = await server.inbox.waitFor<RoundStarted>('roundStarted', () => true, { since: mark });
      expect(restored.declared).toBeNull();
      expect(restored.clock?.waiting).toContain('you');
      expect(server.lastDeclaredState).toBe('CLOSED');
      for (const b of bots) b.resume();
      await c.host.waitAllFinished(started.round, 15_000);
      await c.host.endRound();
      expectCleanTrace(await c.host.fetchTrace(started.round, 'pair1'), 'lifecycle');
      for (const b of bots) expect(b.unexpected).toEqual([]);
    } finally {
      await closeClass(c);
    }
  });
});
