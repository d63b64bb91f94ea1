import type http from 'node:http';
import type net from 'node:net';

/**
 * Connections, before any request: how long one may say nothing, and how many one address may
 * hold. A socket that sends nothing, trickles a header byte, or stops halfway through its headers
 * is answered 408 and closed after `headersTimeoutMs` (Node's own check, run every second); a
 * request's body must arrive within `requestTimeoutMs`; an idle keep-alive socket is closed after
 * `keepAliveMs`. Each address may hold at most `perAddress` sockets at once (websockets included):
 * enough for a whole school behind one address, far below the process's file limit (SECURITY.md
 * says how to raise that limit, and what to do behind a reverse proxy, where every socket comes
 * from the proxy's address: set it to 0, off, and limit per client at the proxy).
 */
export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveMs: number;
  /** Sockets one address may hold at once; 0: no limit. */
  perAddress: number;
}

export const CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveMs: 5_000,
  perAddress: 2_000,
};

/** Options for http.createServer that make Node enforce the timeouts (checked every second). */
export function serverOptions(limits: ConnectionLimits): http.ServerOptions {
  return { connectionsCheckingInterval: 1000, headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs };
}

export interface ConnectionStats {
  /** Sockets open now, all addresses. */
  open: number;
  /** Sockets refused at once for being over an address's limit. */
  refused: number;
}

/** Count sockets per address and close, at once, those over the address's limit. */
export function guardConnections(server: http.Server, limits: ConnectionLimits, log: (line: string) => void): ConnectionStats {
  server.keepAliveTimeout = limits.keepAliveMs;
  const perAddress = new Map<string, number>();
  const stats: ConnectionStats = { open: 0, refused: 0 };
  let lastLog = 0;
  server.on('connection', (socket: net.Socket) => {
    const address = (socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
    const n = perAddress.get(address) ?? 0;
    if (limits.perAddress > 0 && n >= limits.perAddress) {
      stats.refused += 1;
      const now = Date.now();
      if (now - lastLog > 60_000) {
        lastLog = now;
        log(`limit: connections from ${address} over ${limits.perAddress}; new ones are closed`);
      }
      socket.destroy();
      return;
    }
    perAddress.set(address, n + 1);
    stats.open += 1;
    socket.once('close', () => {
      stats.open -= 1;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
  });
  return stats;
}
