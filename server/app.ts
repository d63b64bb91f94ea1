import { existsSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { matchMaker, Server, RedisDriver, RedisPresence } from 'colyseus';
import { WebSocketTransport } from '@colyseus/ws-transport';
import type { WebSocketServer } from 'ws';
import { spreadPings } from './http/heartbeat';
import { ClassRoom } from './rooms/ClassRoom';
import type { ClassServices } from './rooms/services';
import { loadScenariosDir } from './scenarios-dir';
import { LIMITS, type MessageLimits } from './rooms/limits';
import { apiRouter, type ApiLimits } from './http/api';
import { joinAddresses, parsePublicUrl, type Interfaces, type JoinAddress } from './http/addresses';
import { securityHeaders } from './http/headers';
import { clientStatic } from './http/static';
import { AccessGuard, type HttpLimits } from './http/guard';
import { guardHttp, verifyUpgrade } from './http/matchmake';
import { CONNECTION_LIMITS, guardConnections, serverOptions, type ConnectionLimits, type ConnectionStats } from './http/connections';
import { MemoryRecorder, type Recorder } from './replay/recorder';
import { watchRedis } from './scale-health';
import { ROUND_DEFAULTS } from '../shared/round/defaults';

export interface AppOptions {
  port?: number;
  host?: string;
  recorder?: Recorder;
  /** Folder of the built browser client (vite build). */
  clientDir?: string;
  reconnectSeconds?: number;
  botDelayMs?: number;
  /** Let Colyseus handle SIGINT/SIGTERM (the real server does; tests don't). */
  handleSignals?: boolean;
  log?: (line: string) => void;
  /**
   * Scale-out: several processes share matchmaking through this Redis server (Colyseus's own
   * RedisPresence and RedisDriver). A class lives on one process; students reach it through any.
   */
  redisUrl?: string;
  /** This process's address as clients reach it (`host:port`), required with `redisUrl`. */
  publicAddress?: string;
  /**
   * Origins (e.g. `https://synack.example.edu`) whose pages may use the game (`ALLOWED_ORIGINS`).
   * When set, a websocket or HTTP request carrying another Origin is refused with 403. Unset: any.
   */
  allowedOrigins?: string[];
  /** Key that signs client-id cookies (`CLIENT_ID_SECRET`); share it between processes behind one address. Default: random. */
  clientIdSecret?: string;
  /** Matchmaking limits (server/http/guard.ts HTTP_LIMITS), for tests and benchmarks. */
  httpLimits?: Partial<HttpLimits>;
  /** An empty class is disposed after this long, ms (default 30 minutes). */
  idleDisposeMs?: number;
  /** Per-connection message limits (server/rooms/limits.ts LIMITS), for tests. */
  messageLimits?: Partial<MessageLimits>;
  /** Socket timeouts and the per-address socket limit (server/http/connections.ts). */
  connectionLimits?: Partial<ConnectionLimits>;
  /** Live classes this process holds at most (`MAX_CLASSES`, default 500), and per creator (`MAX_CLASSES_PER_CREATOR`, default 5). */
  classLimits?: Partial<ClassLimits>;
  /** A class whose creator does not connect within this long is disposed, ms (default 60 s). */
  creatorTimeoutMs?: number;
  /** An empty class nobody used is disposed (and forgotten by the store) after this long, ms (default 2 min). */
  unusedDisposeMs?: number;
  /** A socket that takes a seat and never acknowledges the join is dropped after this long, ms (default 15 s). */
  joinAckTimeoutMs?: number;
  /** Days a student's replay token opens their replays (`REPLAY_TOKEN_DAYS`, default 30). */
  replayTokenDays?: number;
  /** Review API limits (server/http/api.ts API_LIMITS), for tests. */
  apiLimits?: Partial<ApiLimits>;
  /**
   * The address students open (`PUBLIC_URL`, e.g. `https://synack.example.edu` or
   * `http://192.168.1.20:2567`): listed first for the join link and QR code. An address that is not
   * an http(s) URL (server/http/addresses.ts parsePublicUrl) stops startApp with an error.
   */
  publicUrl?: string;
  /**
   * The network interfaces to offer instead of `os.networkInterfaces()`, listed as if the server
   * listened on every address (tests: the server itself listens on loopback only).
   */
  networkInterfaces?: () => Interfaces;
  /** A folder of scenario files listed for every class (`SCENARIOS_DIR`, server/scenarios-dir.ts). */
  scenariosDir?: string;
  /** Real time a class may spend checking a scenario a host sends, ms (default 5000). */
  scenarioCheckMs?: number;
}

export interface ClassLimits {
  perProcess: number;
  perCreator: number;
}

export const CLASS_LIMITS: ClassLimits = { perProcess: 500, perCreator: 5 };

export interface RunningApp {
  port: number;
  url: string;
  /** The URLs students can open, best first (loopback only when there is no other; server/http/addresses.ts). */
  addresses(): JoinAddress[];
  recorder: Recorder;
  guard: AccessGuard;
  /** Classes alive in this process. */
  rooms: Set<ClassRoom>;
  /** Sockets open now, and refused for being over an address's limit. */
  connections: ConnectionStats;
  close(): Promise<void>;
}

/**
 * A log that a hostile crowd cannot flood: one line per event (no stack, at most 200 characters)
 * and at most `perWindow` lines per 10 s, then one line saying how many were left out.
 */
export function floodSafeLog(log: (line: string) => void, perWindow: number, prefix = ''): (...args: unknown[]) => void {
  let windowStart = 0;
  let lines = 0;
  let suppressed = 0;
  return (...args: unknown[]) => {
    const now = Date.now();
    if (now - windowStart > 10_000) {
      if (suppressed > 0) log(`${prefix}${suppressed} more line(s) left out`);
      windowStart = now;
      lines = 0;
      suppressed = 0;
    }
    if (++lines > perWindow) {
      suppressed += 1;
      return;
    }
    const first = args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' ').split('\n')[0] ?? '';
    log(`${prefix}${first.slice(0, 200)}`);
  };
}

/** Colyseus's logger through floodSafeLog (its errors can be caused by any client). */
function quietLogger(log: (line: string) => void) {
  const write = floodSafeLog(log, 20, 'colyseus: ');
  return { debug: () => undefined, trace: () => undefined, info: write, log: write, warn: write, error: write };
}

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../client/dist', import.meta.url));

const PLACEHOLDER = `<!doctype html><html lang="en"><meta charset="utf-8"><title>SYN/ACK</title>
<body><h1>SYN/ACK</h1><p>The browser client is not built yet: run <code>npm run build</code>.</p>
<p lang="zh-CN">浏览器客户端尚未构建：请运行 <code>npm run build</code>。</p></body></html>`;

/**
 * SIGINT/SIGTERM end the classes gracefully and exit (Colyseus's shutdown). An uncaught exception
 * or rejection is a bug: it is logged (one line, through the flood-safe log) and the process, with
 * every class in it, goes on — ending all classes is never the answer to one bad request.
 */
function handleProcessEvents(gameServer: Server, log: (line: string) => void): void {
  const once = { done: false };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (once.done) return;
      once.done = true;
      void gameServer.gracefullyShutdown(true);
    });
  }
  const report = (kind: string) => (e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e));
    log(`${kind} (a bug; the classes go on): ${err.name}: ${String(err.message).split('\n')[0]?.slice(0, 160)}`);
  };
  process.on('uncaughtException', report('uncaught exception'));
  process.on('unhandledRejection', report('unhandled rejection'));
}

/** One process: the built client, the game endpoint and the HTTP API on one port. */
export async function startApp(opts: AppOptions = {}): Promise<RunningApp> {
  const checkedUrl = opts.publicUrl === undefined ? undefined : parsePublicUrl(opts.publicUrl);
  if (checkedUrl && 'error' in checkedUrl) throw new Error(checkedUrl.error);
  const publicUrl = checkedUrl?.url;
  const listenHost = opts.host ?? '127.0.0.1';
  /** Known once listening. */
  let port = 0;
  const addresses = (): JoinAddress[] => joinAddresses({
    interfaces: opts.networkInterfaces ? opts.networkInterfaces() : os.networkInterfaces(),
    host: opts.networkInterfaces ? '0.0.0.0' : listenHost,
    port,
    ...(publicUrl ? { publicUrl } : {}),
  });
  const recorder: Recorder = opts.recorder ?? new MemoryRecorder();
  const log = floodSafeLog(opts.log ?? ((line: string) => console.log(line)), 100);
  const guard = new AccessGuard({
    ...(opts.allowedOrigins ? { allowedOrigins: opts.allowedOrigins } : {}),
    ...(opts.clientIdSecret ? { secret: opts.clientIdSecret } : {}),
    ...(opts.httpLimits ? { limits: opts.httpLimits } : {}),
    log,
  });
  const sweep = setInterval(() => guard.sweep(), 60_000);
  sweep.unref();
  const rooms = new Set<ClassRoom>();
  const app = express();
  app.disable('x-powered-by');
  // Every page and API answer carries the security headers (server/http/headers.ts).
  app.use(securityHeaders);
  // A class is alive while its room exists in this process or, in scale-out, in Colyseus's listing.
  // When in doubt (the listing cannot be read), alive: a round is then kept from students a while longer.
  const classAlive = async (code: string) =>
    [...rooms].some((r) => r.roomId === code) || (await matchMaker.query({ roomId: code }).then((l) => l.length > 0, () => true));
  app.use('/api', apiRouter(recorder, { classAlive, addresses, ...(opts.apiLimits ? { limits: opts.apiLimits } : {}) }));
  // A browser that opens the page gets its client id (the matchmaking limits count per client).
  app.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') guard.mintCookie(req, res);
    next();
  });
  const clientDir = opts.clientDir ?? DEFAULT_CLIENT_DIR;
  if (existsSync(clientDir)) {
    // Hashed assets cached as immutable (sent compressed when the build wrote .br/.gz), pages revalidated.
    app.use(clientStatic(clientDir));
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send(PLACEHOLDER);
    });
  }
  const connectionLimits = { ...CONNECTION_LIMITS, ...opts.connectionLimits };
  const httpServer = http.createServer(serverOptions(connectionLimits), app);
  const connections = guardConnections(httpServer, connectionLimits, log);
  const services: ClassServices = {
    recorder,
    reconnectSeconds: opts.reconnectSeconds ?? 60,
    botDelayMs: opts.botDelayMs ?? ROUND_DEFAULTS.botDelayMs,
    now: () => Date.now(),
    log,
    guard,
    rooms,
    ...(opts.idleDisposeMs !== undefined ? { idleDisposeMs: opts.idleDisposeMs } : {}),
    ...(opts.creatorTimeoutMs !== undefined ? { creatorTimeoutMs: opts.creatorTimeoutMs } : {}),
    ...(opts.unusedDisposeMs !== undefined ? { unusedDisposeMs: opts.unusedDisposeMs } : {}),
    ...(opts.joinAckTimeoutMs !== undefined ? { joinAckTimeoutMs: opts.joinAckTimeoutMs } : {}),
    ...(opts.replayTokenDays !== undefined ? { replayTokenDays: opts.replayTokenDays } : {}),
    ...(opts.messageLimits ? { messageLimits: opts.messageLimits } : {}),
    ...(opts.scenariosDir ? { scenarios: loadScenariosDir(opts.scenariosDir, log) } : {}),
    ...(opts.scenarioCheckMs !== undefined ? { scenarioCheckMs: opts.scenarioCheckMs } : {}),
  };
  // Each app gets its own room class, so its services are its own.
  const BoundRoom = class extends ClassRoom {};
  BoundRoom.services = services;
  const redis = opts.redisUrl ? { presence: new RedisPresence(opts.redisUrl), driver: new RedisDriver(opts.redisUrl) } : null;
  if (redis) watchRedis(redis.presence, redis.driver, rooms, log);
  // Colyseus's transport pings every socket in one callback; spreadPings does the same over the period.
  const transport = new WebSocketTransport({ server: httpServer, maxPayload: LIMITS.maxPayloadBytes, verifyClient: verifyUpgrade(guard, log), pingInterval: 0 });
  const pings = spreadPings((transport as unknown as { wss: WebSocketServer }).wss);
  httpServer.on('close', () => pings.stop());
  const gameServer = new Server({
    transport,
    greet: false,
    // Colyseus's own handlers would shut every class down on any uncaught exception; ours log it
    // and keep the classes (handleSignals below).
    gracefullyShutdown: false,
    logger: quietLogger(log),
    ...(redis ? { ...redis, ...(opts.publicAddress ? { publicAddress: opts.publicAddress } : {}) } : {}),
  });
  // Matchmaking through the guard (Origin, body size, only create/joinById/reconnect, per-client limits).
  const classLimits = { ...CLASS_LIMITS, ...opts.classLimits };
  // Live classes are capped per creator (a browser's client id, or an anonymous address) and per process.
  guardHttp(httpServer, guard, log, (creator) => {
    if (rooms.size >= classLimits.perProcess) return 'server-busy';
    let mine = 0;
    for (const r of rooms) if (r.seats.creatorKey === creator) mine += 1;
    return mine >= classLimits.perCreator ? 'too-many-classes' : null;
  });
  // Nothing else: a short 404 (Express's own page would echo the path back).
  app.use((_req: express.Request, res: express.Response) => {
    res.status(404).json({ error: 'not found' });
  });
  // The last error handler: whatever a route or the static files threw (a malformed escape in a
  // route parameter, a path that does not decode) gets a short answer, and one line in the log.
  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const e = err as { status?: number; statusCode?: number; name?: string };
    const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : e.name === 'URIError' ? 400 : 500;
    if (status >= 500) log(`http: ${req.method} failed: ${e.name ?? 'error'}`);
    if (res.headersSent) return;
    res.status(status).json({ error: status === 404 ? 'not found' : status < 500 ? 'bad request' : 'server error' });
  });
  if (opts.handleSignals) handleProcessEvents(gameServer, log);
  gameServer.define('class', BoundRoom);
  await gameServer.listen(opts.port ?? 2567, listenHost);
  port = (httpServer.address() as AddressInfo).port;
  const shownHost = opts.host && opts.host !== '0.0.0.0' && opts.host !== '127.0.0.1' ? opts.host : 'localhost';
  return {
    port,
    url: `http://${shownHost}:${port}`,
    addresses,
    recorder,
    guard,
    rooms,
    connections,
    async close() {
      clearInterval(sweep);
      await gameServer.gracefullyShutdown(false);
      await recorder.close?.();
    },
  };
}
