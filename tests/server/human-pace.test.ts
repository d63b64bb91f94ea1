/**
 * Issue 11 at human pace on a real server: bot students that think seconds before each answer
 * (and get one answer wrong first), the class's default network (0.8–1.5 s delays) and timers,
 * every scenario side by side. Each round must end by itself — each student is told it is done —
 * with its lesson, and no retransmission timer may fire unless a segment was lost.
 */
import { describe, expect } from 'vitest';
import type { RemoteBot } from '../support/bots/remote-bot';
import { checkTrace, SCENARIO_IDS, type Dashboard, type RoundEnded } from '../../shared/index';
import { closeClass, openClass, serverTest, until } from './helpers';

const it = serverTest({ botDelayMs: 1200 });

const THINK: [number, number] = [1500, 3500];

describe('rounds at the pace of people, on a real server', () => {
  it.concurrent.for([...SCENARIO_IDS])('%s ends by itself with its lesson, and no timer fires without a loss', { timeout: 180_000 }, async (scenario, { app }) => {
    const c = await openClass(app, 2, { thinkMs: THINK, mistakes: 1 });
    try {
      // The class defaults: practice, delay 0.8–1.5 s, RTO 8 s, MSL 6 s, textbook numbers.
      const config = await c.host.configureRound({ scenario });
      expect(config).toMatchObject({ rtoMs: 8000, mslMs: 6000, net: { delayMin: 800, delayMax: 1500, loss: 0 }, autoEnd: true });
      const marks = c.bots.map((b) => b.inbox.mark());
      const started = await c.host.startRound();
      // Nobody ends it: each student is told by the round itself that it is over, and why.
      const ended = await Promise.all(c.bots.map((b, i) => b.inbox.waitFor<RoundEnded>('roundEnded', (m) => m.round === started.round, { since: marks[i], timeoutMs: 150_000 })));
      for (const e of ended) expect(e).toMatchObject({ finished: true, done: true, lesson: true });
      expect(ended.every((e) => (e.correct ?? 0) < (e.answers ?? 0))).toBe(true);
      // The class round ended with its only pair (auto-end).
      await c.host.waitPhase('lobby', 10_000);
      const trace = await c.host.fetchTrace(started.round, 'pair1');
      const report = checkTrace(trace);
      expect(report.valid).toBe(true);
      // A SYN a full listen queue turned away (the SYN flood) is lost too; the half-open
      // connections' own timers run out because their forged addresses never answer.
      const drops = trace.events.filter((e) => e.type === 'drop').length + report.events.filter((e) => e.rows?.ids.includes('listen-rcv-syn-queue-full')).length;
      const timers = trace.events.filter((e) => e.type === 'timeout' && e.timer === 'retransmit' && e.peer === undefined).length;
      if (drops === 0) expect(timers, `${scenario}: retransmission timers with nothing lost`).toBe(0);
      // People took far longer than the network: the clock stood still while they thought.
      const last = trace.events[trace.events.length - 1]!;
      expect(last.wall ?? 0).toBeGreaterThan(last.t);
      const rounds = (await c.host.listRounds()).rounds;
      expect(rounds.find((r) => r.round === started.round)?.result).toMatchObject({ finished: true, lesson: true });
      for (const b of c.bots) expect(b.unexpected, b.nickname).toEqual([]);
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent('hints a student who owes an answer for long, shows the wait to the host, and lets the host hand the seat to the bot', async ({ app }) => {
    const c = await openClass(app, 2, { thinkMs: THINK });
    const [client, server] = c.bots as [RemoteBot, RemoteBot];
    try {
      await c.host.configureRound({ scenario: 'handshake', hintAfterS: 3 });
      client.pause(); // the client student is stuck: it never sends its SYN
      const started = await c.host.startRound();
      const hint = await client.inbox.waitFor<{ owes: string; waitedMs: number }>('hint', () => true, { since: 0, timeoutMs: 20_000 });
      expect(hint.owes).toBe('send');
      expect(hint.waitedMs).toBeGreaterThanOrEqual(3000);
      // The host sees who the clock waits for, and for how long. The server student thinks up to
      // 3.5 s before declaring LISTEN, so the dashboard looked for is one from after that.
      const waiting = await c.host.inbox.waitFor<Dashboard>('dashboard', (d) => d.pairs[0]?.client.owes === 'send' && (d.pairs[0]?.client.owingMs ?? 0) >= 3000 && d.pairs[0]?.server.owes === null, { since: 0, timeoutMs: 10_000 });
      expect(waiting.pairs[0]?.server.owes).toBeNull();
      const mark = client.inbox.mark();
      const handed = await c.host.handToBot('pair1', 'client');
      expect(handed.pairs[0]?.client.bot).toBe(true);
      const told = await client.inbox.waitFor<RoundEnded>('roundEnded', () => true, { since: mark });
      expect(told.handedToBot).toBe(true);
      await server.inbox.waitFor<{ bot: boolean }>('partnerStatus', (m) => m.bot, { since: 0 });
      // The bot sends the SYN; the server student plays on to the end, by itself.
      const done = await server.waitRoundEnded(60_000);
      expect(done).toMatchObject({ round: started.round, done: true, finished: true });
      const trace = await c.host.fetchTrace(started.round, 'pair1');
      expect(trace.events.find((e) => e.type === 'send' && e.side === 'client')).toMatchObject({ origin: 'auto', segment: { flags: ['SYN'] } });
    } finally {
      await closeClass(c);
    }
  }, 90_000);

  it.concurrent('shows in the lobby the role each student plays in the coming round, not the last one', async ({ app }) => {
    const c = await openClass(app, 2, { thinkMs: [300, 600] });
    const [a] = c.bots as [RemoteBot, RemoteBot];
    type View = { phase: string; players: Map<string, { side: string; pairId: string }> };
    const sideOf = (bot: RemoteBot) => (bot.room.state as View).players.get(bot.id)?.side;
    try {
      // Before the first round the lobby already says who plays what in round 1.
      await until(() => sideOf(a) === 'client', 'round 1 roles shown in the lobby');
      await c.host.configureRound({ scenario: 'handshake', net: { delayMin: 100, delayMax: 200 } });
      const first = await c.host.startRound();
      await a.waitRoundEnded(60_000);
      await c.host.waitPhase('lobby', 10_000);
      // Round 1 is over: the lobby shows round 2's roles (they swap).
      await until(() => sideOf(a) === 'server', 'round 2 roles shown in the lobby');
      expect((a.room.state as View).phase).toBe('lobby');
      const second = await c.host.startRound();
      expect(second.round).toBe(first.round + 1);
      await until(() => a.side === 'server', 'the student plays the server in round 2');
    } finally {
      await closeClass(c);
    }
  }, 90_000);
});
