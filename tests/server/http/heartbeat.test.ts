import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { spreadPings } from '../../../server/http/heartbeat';

/** Real sockets on loopback: a `ws` server that resets `pingCount` on each pong, as Colyseus's transport does. */
async function server(): Promise<{ wss: WebSocketServer; url: string }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws: WebSocket & { pingCount?: number }) => {
    ws.pingCount = 0;
    ws.on('pong', () => { ws.pingCount = 0; });
  });
  await once(wss, 'listening');
  return { wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` };
}

const open: { close(): void }[] = [];
afterEach(() => {
  for (const x of open.splice(0)) x.close();
});

describe('spreadPings', () => {
  it('pings every socket once a period, spread over the period, and ends only those that stop answering', async () => {
    const { wss, url } = await server();
    open.push(wss);
    const periodMs = 800;
    const slices = 8;
    const pings = spreadPings(wss, { periodMs, maxMissed: 2, slices });
    open.push({ close: () => pings.stop() });
    const t0 = Date.now();
    const clients = await Promise.all(Array.from({ length: 40 }, async (_, i) => {
      // Every fourth client never answers a ping (as a phone whose page froze).
      const ws = new WebSocket(url, { autoPong: i % 4 !== 0 });
      const pingedAt: number[] = [];
      let closedAt: number | null = null;
      ws.on('ping', () => pingedAt.push(Date.now() - t0));
      ws.on('close', () => { closedAt = Date.now() - t0; });
      ws.on('error', () => undefined);
      await once(ws, 'open');
      return { silent: i % 4 === 0, pingedAt, closed: () => closedAt };
    }));
    await new Promise((r) => setTimeout(r, periodMs * 4.5));
    for (const c of clients) {
      if (c.silent) {
        // Two pings unanswered, then ended at its third turn: within about three periods.
        expect(c.closed(), 'a silent socket is ended').not.toBeNull();
        expect(c.closed()!).toBeLessThan(periodMs * 4.5);
      } else {
        expect(c.closed(), 'an answering socket stays').toBeNull();
        expect(c.pingedAt.length).toBeGreaterThanOrEqual(3);
      }
    }
    // The first ping each socket got: spread over the period, not all in one turn.
    const firstTurns = new Set(clients.map((c) => Math.floor(c.pingedAt[0]! / (periodMs / slices))));
    expect(firstTurns.size).toBeGreaterThanOrEqual(slices - 1);
    for (const x of wss.clients) x.terminate();
  }, 15_000);

  it('does not ping a socket that sent a message since its last turn, and keeps it though it never answers pings', async () => {
    const { wss, url } = await server();
    open.push(wss);
    const periodMs = 400;
    const pings = spreadPings(wss, { periodMs, maxMissed: 2, slices: 4 });
    open.push({ close: () => pings.stop() });
    // Neither answers pings; one talks every 100 ms (a student answering), the other is silent.
    const talker = new WebSocket(url, { autoPong: false });
    const mute = new WebSocket(url, { autoPong: false });
    let talkerPinged = 0;
    let talkerClosed = false;
    let muteClosed = false;
    talker.on('ping', () => { talkerPinged += 1; });
    talker.on('close', () => { talkerClosed = true; });
    mute.on('close', () => { muteClosed = true; });
    await Promise.all([once(talker, 'open'), once(mute, 'open')]);
    const talk = setInterval(() => talker.send('x'), 100);
    await new Promise((r) => setTimeout(r, periodMs * 5));
    clearInterval(talk);
    expect(muteClosed, 'the silent socket is ended').toBe(true);
    expect(talkerClosed, 'the talking socket stays').toBe(false);
    expect(talkerPinged).toBe(0);
    talker.terminate();
  }, 10_000);
});
