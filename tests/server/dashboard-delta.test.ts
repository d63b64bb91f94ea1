/**
 * Issue 15, "less work per segment": after answers the hosts are sent what changed on the
 * dashboard (`delta`: the pairs that moved, the totals that changed), not every pair of the class
 * again. A host's screen adds it to what it holds (mergeDashboard, as the page's Connection and the
 * test bots' Inbox do); added up, it must be the whole dashboard a host joining now is sent.
 */
import { describe, expect } from 'vitest';
import { RemoteHost } from '../support/bots/remote-host';
import type { Dashboard } from '../../shared/index';
import { closeClass, FAST, openClass, serverTest, sleep } from './helpers';

const it = serverTest();

/** A dashboard without its times (they are counted on the screen between dashboards). */
const untimed = (d: Dashboard) => ({
  ...d,
  pairs: d.pairs.map(({ elapsedMs: _, ...p }) => ({ ...p, client: { ...p.client, owingMs: undefined }, server: { ...p.server, owingMs: undefined } })),
});

describe("the hosts' dashboard while a round runs", () => {
  it('carries the pairs that moved; added to the whole one, they make what a host joining is sent', async ({ app }) => {
    // Four pairs, thinking 1–3 s before each answer (a quick class), so a pair or two moves in a second.
    const c = await openClass(app, 8, { declareStates: true, thinkMs: [1000, 3000] });
    try {
      await c.host.configureRound({ ...FAST, scenario: 'handshake', autoEnd: false });
      const since = c.host.inbox.mark();
      const started = await c.host.startRound();
      expect(started.pairs).toHaveLength(4);
      const wires = () => c.host.inbox.messages.slice(since).filter((r) => r.type === 'dashboard' && r.wire).map((r) => r.wire!.message as Dashboard);
      for (let i = 0; i < 100 && wires().length < 4; i++) await sleep(100);
      // A second host arrives mid-round: the whole dashboard first, then the changes as the first host.
      const second = await RemoteHost.reclaim(c.client, app.url, c.host.code, c.host.hostKey);
      const first = second.inbox.messages.find((r) => r.type === 'dashboard')!;
      expect(first.wire).toBeUndefined();
      expect((first.message as Dashboard).pairs).toHaveLength(4);

      await c.host.waitAllFinished(started.round, 60_000);
      await sleep(1500);
      const deltas = wires();
      const named = deltas.reduce((n, d) => n + d.pairs.length, 0);
      console.log(`dashboard: ${deltas.length} messages of changes after answers, naming ${named} pairs (every pair each time: ${4 * deltas.length})`);
      expect(deltas.length).toBeGreaterThanOrEqual(5);
      for (const d of deltas) expect(d).toMatchObject({ round: started.round, delta: true });
      expect(named).toBeLessThan(0.75 * 4 * deltas.length);
      // Both hosts hold what a third, joining now, is sent whole.
      const third = await RemoteHost.reclaim(c.client, app.url, c.host.code, c.host.hostKey);
      const whole = third.inbox.all<Dashboard>('dashboard')[0]!;
      expect(whole.allDone).toBe(true);
      for (const h of [c.host, second]) expect(untimed(h.inbox.all<Dashboard>('dashboard').at(-1)!)).toEqual(untimed(whole));
      await second.leave();
      await third.leave();
    } finally {
      await closeClass(c);
    }
  }, 90_000);
});
