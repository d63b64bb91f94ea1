import type { WebSocket, WebSocketServer } from 'ws';

/** A socket as Colyseus's transport keeps it: `pingCount` is set on connection and reset by each pong. */
type Pinged = WebSocket & { pingCount?: number; heard?: boolean };

/** How often every socket is checked, ms: a phone gone without a word is let go within two to three periods. */
export const HEARTBEAT_MS = 10_000;

/**
 * Pings every socket once per `periodMs` and ends one that missed `maxMissed` pings in a row, as
 * Colyseus's transport does, with three differences that matter when thousands of students sit in
 * one process:
 *
 * - **Spread.** The sockets are pinged a slice per turn over the period, not all in one timer
 *   callback (which held the event loop for tens of milliseconds while any delivery due waited).
 *   Each turn walks its own slice of the period's list, never the whole set.
 * - **A message is an answer.** A socket that sent anything since its last turn has just shown it
 *   is there: it is not pinged this period (at a lockstep pace that is every socket).
 * - **The period.** 10 s by default (`HEARTBEAT_MS`), not 3 s: at 3 s a class of students who answer
 *   every half minute cost nine pings and nine pongs per answer, most of the server's reading and
 *   writing. A closed tab or a page that leaves closes its socket at once; the heartbeat is for the
 *   phone that vanished (out of Wi-Fi, asleep), let go after 20–30 s, well inside the 60 s in which a
 *   student may come back to their seat.
 *
 * The transport is created with its own pinging off (`pingInterval: 0`); it still resets
 * `pingCount` on every pong.
 */
export function spreadPings(wss: WebSocketServer, opts: { periodMs?: number; maxMissed?: number; slices?: number } = {}): { stop(): void } {
  const periodMs = opts.periodMs ?? HEARTBEAT_MS;
  const maxMissed = opts.maxMissed ?? 2;
  const slices = Math.max(1, Math.floor(opts.slices ?? 50));
  // `heard`: the socket sent a frame since its last turn (a flag on the socket, not a WeakSet: a
  // table of thousands of sockets is more for a full collection to walk).
  const onConnection = (ws: Pinged): void => {
    ws.on('message', () => {
      ws.heard = true;
    });
  };
  wss.on('connection', onConnection);
  let list: Pinged[] = [];
  let turn = 0;
  const timer = setInterval(() => {
    // The period's list is taken at its first turn; a socket that arrives later waits for the next period.
    if (turn === 0) list = [...wss.clients] as Pinged[];
    const from = Math.floor((turn * list.length) / slices);
    const to = Math.floor(((turn + 1) * list.length) / slices);
    turn = (turn + 1) % slices;
    for (let i = from; i < to; i++) {
      const ws = list[i]!;
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.heard) {
        ws.heard = false;
        ws.pingCount = 0;
        continue;
      }
      if ((ws.pingCount ?? 0) >= maxMissed) {
        ws.terminate();
        continue;
      }
      ws.pingCount = (ws.pingCount ?? 0) + 1;
      try {
        ws.ping();
      } catch {
        // A socket closing under us: it leaves the set on its own.
      }
    }
    if (turn === 0) list = [];
  }, periodMs / slices);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      wss.off('connection', onConnection);
    },
  };
}
