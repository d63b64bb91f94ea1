import type { WebSocket, WebSocketServer } from 'ws';

/** A socket as Colyseus's transport keeps it: `pingCount` is set on connection and reset by each pong. */
type Pinged = WebSocket & { pingCount?: number };

/**
 * Pings every socket once per `periodMs` and ends one that missed `maxMissed` pings in a row, as
 * Colyseus's transport does (its defaults, 3 s and 2), but spread over the period in `slices` turns
 * instead of all in one timer callback. With thousands of students seated, one callback writing a
 * ping to every socket held the event loop for tens of milliseconds every 3 s (a delivery due
 * meanwhile waited); each turn now writes to one slice of the sockets. The transport is created
 * with its own pinging off (`pingInterval: 0`); it still resets `pingCount` on every pong.
 */
export function spreadPings(wss: WebSocketServer, opts: { periodMs?: number; maxMissed?: number; slices?: number } = {}): { stop(): void } {
  const periodMs = opts.periodMs ?? 3000;
  const maxMissed = opts.maxMissed ?? 2;
  const slices = Math.max(1, Math.floor(opts.slices ?? 20));
  const slotOf = new WeakMap<WebSocket, number>();
  let next = 0;
  let turn = 0;
  const timer = setInterval(() => {
    const now = turn;
    turn = (turn + 1) % slices;
    for (const ws of wss.clients) {
      let slot = slotOf.get(ws);
      if (slot === undefined) {
        slot = next;
        next = (next + 1) % slices;
        slotOf.set(ws, slot);
      }
      if (slot !== now) continue;
      const client = ws as Pinged;
      if ((client.pingCount ?? 0) >= maxMissed) {
        client.terminate();
        continue;
      }
      client.pingCount = (client.pingCount ?? 0) + 1;
      try {
        client.ping();
      } catch {
        // A socket closing under us: it leaves the set on its own.
      }
    }
  }, periodMs / slices);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
