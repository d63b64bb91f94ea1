/**
 * Issue 7, item 2: floods. One student's client sends 1,000 messages per second (and, once
 * disconnected, joins again and floods again, for three seconds). It is rate-limited, then told
 * 'flooding' and disconnected, and its seat goes to the bot without a reconnection window. Its
 * partner and the other pairs (in its class and in another class) play on: their rounds finish
 * with every answer right, and their latency during the flood stays in the range measured just
 * before it. Limits are per connection, not per address: forty students behind the same address,
 * each just under the limit, are never limited.
 */
import { Client, type Room } from 'colyseus.js';
import { describe, expect } from 'vitest';
import type { RemoteBot } from '../support/bots/remote-bot';
import type { Received } from '../support/bots/inbox';
import { LIMITS } from '../../server/rooms/limits';
import type { ErrorEvent, SeatEvent } from '../../shared/index';
import { closeClass, expectCleanTrace, FAST, openClass, sleep, serverTest, until, type ClassSetup } from '../server/helpers';
import { messageFrame, waitUntil } from './lib/raw';

const logLines: string[] = [];

interface Stamped {
  now: number;
  r: Received;
}

/** Every message a client receives, with the wall time it arrived. */
function stamp(inbox: { onMessage(fn: (r: Received) => void): void }): Stamped[] {
  const out: Stamped[] = [];
  inbox.onMessage((r) => out.push({ now: Date.now(), r }));
  return out;
}

/**
 * How late each delivery to a student arrives, ms: after the time the network scheduled it for.
 * A delivery's `t` is network time; the pair's clock message says at which network time it began
 * to run (it stands still while a person, or a bot, is thinking), so the delivery is due
 * `t - clock.t` after that message arrived. What is left is the server's lag (and transport).
 */
function deliveries(log: Stamped[]): { at: number; ms: number }[] {
  let base: { wall: number; t: number } | null = null;
  const out: { at: number; ms: number }[] = [];
  for (const { now, r } of log) {
    if (r.type === 'clock') {
      const c = r.message as { t: number; running: boolean };
      base = c.running ? { wall: now, t: c.t } : null;
    }
    if (r.type !== 'seatEvent') continue;
    const e = r.message as SeatEvent;
    if (e.kind === 'delivered' && base) out.push({ at: now, ms: now - (base.wall + (e.t - base.t)) });
  }
  return out;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.min(s.length - 1, Math.floor(p * s.length))] as number);
};

/** The host pings: a malformed watchPair every 200 ms (5/s, under its limit); the error reply's round trip. */
function pinger(c: ClassSetup, stopAt: number): Promise<{ at: number; ms: number }[]> {
  return (async () => {
    const out: { at: number; ms: number }[] = [];
    while (Date.now() < stopAt) {
      const mark = c.host.inbox.mark();
      const t = Date.now();
      c.host.room.send('watchPair', { pairId: 42 });
      await c.host.inbox.waitFor<ErrorEvent>('error', (e) => e.intent === 'watchPair', { since: mark, timeoutMs: 5000 });
      out.push({ at: t, ms: Date.now() - t });
      await sleep(200);
    }
    return out;
  })();
}

/** Send 1,000 frames a second on `room` until it is closed or `until`; what came back. */
async function flood(room: Room, until: number): Promise<{ sent: number; ms: number; codes: string[]; closed: boolean }> {
  const frame = messageFrame('declareState', {}) as Uint8Array; // malformed: it would change nothing even if handled
  const codes: string[] = [];
  room.onMessage('error', (e: ErrorEvent) => codes.push(e.code));
  const start = Date.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      // Catch up to 1,000 per second of elapsed time (timers are coarse).
      const due = Math.floor(Date.now() - start) - sent;
      for (let i = 0; i < due && room.connection.isOpen; i++, sent++) room.connection.send(frame as never);
      if (!room.connection.isOpen || Date.now() > until) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  await waitUntil(() => !room.connection.isOpen || Date.now() > until + 200, 'closed', 5000).catch(() => undefined);
  return { sent, ms: Date.now() - start, codes, closed: !room.connection.isOpen };
}

const it = serverTest({ reconnectSeconds: 10, log: (l) => logLines.push(l) });

describe('floods (issue 7 item 2)', () => {
  it('limits then disconnects a client sending 1,000 messages a second; its partner and the other pairs play on at normal latency', async ({ app }) => {
    // Class 1: (flooder, partner), (a1, a2), (b1, b2). Class 2: (c1, c2). Bots think a little, so rounds last.
    const bot = { declareStates: true, thinkMs: [250, 450] as [number, number] };
    const one = await openClass(app, 6, bot, ['flooder', 'partner', 'a1', 'a2', 'b1', 'b2']);
    const two = await openClass(app, 2, bot, ['c1', 'c2']);
    const [flooder, partner] = one.bots as [RemoteBot, RemoteBot];
    const watched = [...one.bots.slice(1), ...two.bots].map((b) => ({ b, log: stamp(b.inbox) }));
    try {
      const round = { ...FAST, scenario: 'lossy-lifecycle', net: { ...FAST.net, delayMin: 60, delayMax: 120, loss: 0.1 } };
      await one.host.configureRound(round);
      await two.host.configureRound(round);
      const started = [await one.host.startRound(), await two.host.startRound()];
      const t0 = Date.now();
      const baselineMs = 1500; // long enough for a baseline, short enough that the flood hits mid-round
      const floodMs = 3000;
      const pings = [pinger(one, t0 + baselineMs + floodMs), pinger(two, t0 + baselineMs + floodMs)];
      await sleep(baselineMs);

      // The flood: the flooder's own seat first, then new seats as fast as it is thrown out.
      flooder.pause();
      const tFlood = Date.now();
      const floodEnd = tFlood + floodMs;
      const first = await flood(flooder.room, floodEnd);
      const token = flooder.room.reconnectionToken;
      const waves = [first];
      const client = new Client(app.url);
      let k = 0;
      while (Date.now() < floodEnd - 300) {
        const room = await client.joinById(one.host.code, { nickname: `flood-${++k}` });
        waves.push(await flood(room, floodEnd));
      }
      const tEnd = Date.now();
      const rate = Math.round(waves.reduce((n, w) => n + w.sent, 0) / ((tEnd - tFlood) / 1000));
      console.log(`flood: ${waves.length} connection(s), ${waves.reduce((n, w) => n + w.sent, 0)} frames at ${rate}/s; the first was disconnected after ${first.sent} frames, ${first.ms} ms`);

      // Limited, then told and disconnected: each wave, within a fraction of a second.
      for (const w of waves) {
        expect(w.closed).toBe(true);
        expect(w.codes).toContain('rate-limited');
        expect(w.codes.at(-1)).toBe('flooding');
        expect(w.sent).toBeLessThan(LIMITS.burst + LIMITS.floodRefusals + 200);
      }
      expect(first.ms).toBeLessThan(1500);
      expect(rate).toBeGreaterThan(700);
      // No way back into the seat: the reconnection token opens nothing, the bot plays it.
      await expect(client.reconnect(token)).rejects.toThrow();
      await partner.inbox.waitFor<{ bot: boolean }>('partnerStatus', (m) => m.bot, { since: 0, timeoutMs: 5000 });

      // Everyone else: rounds finish, every answer right, nobody was ever limited.
      const finished = await Promise.all([one.host.waitAllFinished(started[0]!.round, 40_000), two.host.waitAllFinished(started[1]!.round, 40_000)]);
      const tFinished = Date.now();
      console.log(`flood: every round finished ${tFinished - tFlood} ms after the flood began (it lasted ${tEnd - tFlood} ms); the partner's deliveries at ${deliveries(watched[0]!.log).map((d) => d.at - tFlood).join(', ')} ms`);
      expect(finished.every((d) => d.pairs.every((p) => p.finished))).toBe(true);
      for (const c of [one, two]) await c.host.endRound();
      for (const [c, pairs] of [[one, ['pair1', 'pair2', 'pair3']], [two, ['pair1']]] as const) {
        for (const p of pairs) expectCleanTrace(await c.host.fetchTrace(1, p), 'lossy-lifecycle');
      }
      for (const { b } of watched) {
        expect(b.errors.filter((e) => e.code === 'rate-limited' || e.code === 'flooding'), b.nickname).toEqual([]);
        expect(b.unexpected, b.nickname).toEqual([]);
      }

      // Latency: the partner's and the other pairs' deliveries, and the hosts' round trips.
      const [pingOne, pingTwo] = await Promise.all(pings);
      // The partner's pair is the one the flood hits (its other seat goes to the bot), and under
      // 10% loss a retransmission timeout can leave it a second or more without a delivery; so
      // its window runs from the flood's start until every round had finished, the others' is
      // the flood itself.
      const during = (xs: { at: number; ms: number }[], end = tEnd) => xs.filter((x) => x.at >= tFlood && x.at <= end).map((x) => x.ms);
      const before = (xs: { at: number; ms: number }[]) => xs.filter((x) => x.at < tFlood).map((x) => x.ms);
      const series = {
        'partner deliveries': deliveries(watched[0]!.log),
        'other pairs deliveries': watched.slice(1).flatMap((w) => deliveries(w.log)),
        'host round trip (class 1)': pingOne as { at: number; ms: number }[],
        'host round trip (class 2)': pingTwo as { at: number; ms: number }[],
      };
      // Deliveries are compared with all deliveries before the flood (the partner alone makes few).
      const allDeliveries = [...series['partner deliveries'], ...series['other pairs deliveries']];
      for (const [name, xs] of Object.entries(series)) {
        const b = before(name.includes('deliveries') ? allDeliveries : xs);
        const d = during(xs, name === 'partner deliveries' ? tFinished : tEnd);
        console.log(`flood: ${name}: before p50 ${pct(b, 0.5)} p95 ${pct(b, 0.95)} max ${Math.max(...b)} ms (n=${b.length}); during p50 ${pct(d, 0.5)} p95 ${pct(d, 0.95)} max ${Math.max(...d)} ms (n=${d.length})`);
        // The partner's pair makes only 8 to 11 deliveries in its whole round (its bots think
        // 250-450 ms); the flood begins 1.5 s in, so 3 to 7 of them fall after it began (CI once
        // saw a single one within the flood's 3 s). The other three pairs, in the flood's 3 s,
        // make 4 to 7 (six runs each before and after 2026-12-07; a full run once saw 3). Two
        // deliveries prove a series plays on; the hosts' round trips (every 200 ms) have more.
        expect(d.length, name).toBeGreaterThanOrEqual(name.includes('deliveries') ? 2 : 4);
        // "The normal range": the 95th percentile during the flood within what it was before (with slack for a busy CI machine).
        expect(pct(d, 0.95), name).toBeLessThanOrEqual(2 * pct(b, 0.95) + 50);
      }
      expect(logLines.filter((l) => l.includes('flooding')).length).toBeGreaterThan(0);
    } finally {
      await closeClass(one);
      await closeClass(two);
    }
  }, 90_000);

  it('counts per connection, not per address: forty students on one address, each just under the limit, are never limited', async ({ app }) => {
    const c = await openClass(app, 0);
    const rooms: Room[] = [];
    try {
      for (let i = 0; i < 40; i++) rooms.push(await new Client(app.url).joinById(c.host.code, { nickname: `same-nat-${i}` }));
      const codes = rooms.map(() => [] as string[]);
      rooms.forEach((r, i) => r.onMessage('error', (e: ErrorEvent) => codes[i]!.push(e.code)));
      // 9 messages a second each for 3 s, all from 127.0.0.1 (360 a second from the address).
      const perSecond = LIMITS.ratePerSecond - 1;
      for (let tick = 0; tick < perSecond * 3; tick++) {
        for (const r of rooms) r.send('declareState', { state: 'NOT_A_STATE' });
        await sleep(1000 / perSecond);
      }
      await until(() => codes.every((x) => x.length >= perSecond * 3), 'every message answered', 10_000);
      const limited = codes.flat().filter((x) => x === 'rate-limited' || x === 'flooding').length;
      expect(limited).toBe(0);
      expect(codes.flat().every((x) => x === 'bad-message')).toBe(true);
      expect(rooms.every((r) => r.connection.isOpen)).toBe(true);
    } finally {
      await Promise.all(rooms.map((r) => r.leave().catch(() => undefined)));
      await closeClass(c);
    }
  }, 60_000);
});
