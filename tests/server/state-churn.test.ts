/**
 * Issue 15, "no synced-state churn per segment where a message already carries the news": while
 * a round runs, an answer changes no synced state (no patch to every seat of the class); each
 * student's verdicts carry its total, the hosts' dashboard carries everyone's (`totals`), and the
 * synced state has the round's totals in the patch that ends it.
 */
import { describe, expect } from 'vitest';
import type { RemoteBot } from '../support/bots/remote-bot';
import type { Dashboard } from '../../shared/index';
import { closeClass, FAST, openClass, serverTest, sleep } from './helpers';

const it = serverTest();

interface Snap {
  phase: string;
  players: Record<string, { score: number; streak: number }>;
}

describe('synced state while a round runs', () => {
  it('an answer is sent to its student and the hosts, not patched to every seat; the round end brings the totals', async ({ app }) => {
    // Two pairs, thinking a little as people would, so the round has many answers spread out.
    const c = await openClass(app, 4, { declareStates: true, thinkMs: [40, 90] });
    const bots = c.bots as RemoteBot[];
    try {
      await c.host.configureRound({ ...FAST, scenario: 'lifecycle' });
      // Every state a student's client decodes, as it arrives.
      const seen: Snap[] = [];
      bots[0]!.room.onStateChange((s: { toJSON(): unknown }) => seen.push(s.toJSON() as Snap));
      const started = await c.host.startRound();
      const done = await c.host.waitAllFinished(started.round, 30_000);
      await sleep(300);
      const answers = bots.reduce((n, b) => n + b.verdicts.length, 0);
      const running = seen.filter((s) => s.phase === 'running');
      console.log(`state churn: ${answers} answers judged while the round ran; the first student's client decoded ${running.length} states of the running round`);
      expect(answers).toBeGreaterThanOrEqual(20);
      // The round's start (its pairs, its phase) and little else: no patch per answer…
      expect(running.length).toBeLessThanOrEqual(3);
      // …and none with a score that moved.
      for (const s of running) for (const b of bots) expect(s.players[b.id]?.score).toBe(0);

      // The hosts' dashboard has every student's total as the student's own verdicts say (the
      // one saying all are done may come before the last answer's score: the next one has it).
      expect((done as Dashboard).allDone).toBe(true);
      await sleep(400);
      const totals = c.host.inbox.all<Dashboard>('dashboard').at(-1)?.totals ?? {};
      for (const b of bots) {
        const last = b.verdicts.filter((v) => !v.recorded).at(-1) as { score: number } | undefined;
        expect(totals[b.id]?.score, b.nickname).toBe(last?.score);
        expect(last?.score ?? 0).toBeGreaterThan(0);
      }

      // The round ends: the patch that says so has the totals.
      await c.host.endRound();
      await sleep(300);
      const after = seen.at(-1)!;
      expect(after.phase).not.toBe('running');
      for (const b of bots) expect(after.players[b.id]?.score, b.nickname).toBe(totals[b.id]?.score);
    } finally {
      await closeClass(c);
    }
  });

  it('pairs published at a round\'s start and end are written over the old ones, not sent anew', async ({ app }) => {
    // Four students: the pairs of each round are published at its start and again (the next
    // round's) at its end. Each seat's client keeps the pair objects it decoded: a pair written in
    // place stays the same object with new fields; a pair replaced arrives as a new object.
    const c = await openClass(app, 4, { declareStates: true });
    const bots = c.bots as RemoteBot[];
    type Pairs = { get(id: string): { client: string; server: string } | undefined; size: number };
    const pairsOf = (b: RemoteBot) => (b.room.state as unknown as { pairs: Pairs }).pairs;
    try {
      await c.host.configureRound({ ...FAST, scenario: 'handshake' });
      const first = await c.host.startRound();
      await c.host.waitAllFinished(first.round, 30_000);
      await sleep(200);
      const before = pairsOf(bots[0]!).get('pair1');
      expect(before).toBeDefined();
      const seatsBefore = `${before!.client}/${before!.server}`;
      await c.host.endRound();
      const second = await c.host.startRound();
      await c.host.waitAllFinished(second.round, 30_000);
      await sleep(200);
      const after = pairsOf(bots[0]!).get('pair1');
      expect(pairsOf(bots[0]!).size).toBe(2);
      // The same object, its seats as the new round has them (sides swap between rounds).
      expect(after).toBe(before);
      const ids = new Set(bots.map((b) => b.id));
      expect(ids.has(after!.client) && ids.has(after!.server)).toBe(true);
      console.log(`pair1 round ${first.round}: ${seatsBefore}; round ${second.round}: ${after!.client}/${after!.server}`);
      await c.host.endRound();
    } finally {
      await closeClass(c);
    }
  });
});
