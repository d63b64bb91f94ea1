import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { Server, RedisDriver, RedisPresence } from 'colyseus';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { ClassRoom, type ClassServices } from './rooms/ClassRoom';
import { LIMITS } from './rooms/limits';
import { apiRouter } from './http/api';
import { MemoryRecorder, type Recorder } from './replay/recorder';

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
}

export interface RunningApp {
  port: number;
  url: string;
  recorder: Recorder;
  close(): Promise<void>;
}

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../client/dist', import.meta.url));

const PLACEHOLDER = `<!doctype html><html lang="en"><meta charset="utf-8"><title>SYN/ACK</title>
<body><h1>SYN/ACK</h1><p>The browser client is not built yet: run <code>npm run build</code>.</p>
<p lang="zh-CN">浏览器客户端尚未构建：请运行 <code>npm run build</code>。</p></body></html>`;

/** One process: the built client, the game endpoint and the HTTP API on one port. */
export async function startApp(opts: AppOptions = {}): Promise<RunningApp> {
  const recorder: Recorder = opts.recorder ?? new MemoryRecorder();
  const log = opts.log ?? ((line: string) => console.log(line));
  const app = express();
  app.disable('x-powered-by');
  app.use('/api', apiRouter(recorder));
  const clientDir = opts.clientDir ?? DEFAULT_CLIENT_DIR;
  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send(PLACEHOLDER);
    });
  }
  const httpServer = http.createServer(app);
  const services: ClassServices = {
    recorder,
    reconnectSeconds: opts.reconnectSeconds ?? 60,
    botDelayMs: opts.botDelayMs ?? 1200,
    now: () => Date.now(),
    log,
  };
  // Each app gets its own room class, so its services are its own.
  const BoundRoom = class extends ClassRoom {};
  BoundRoom.services = services;
  const gameServer = new Server({
    transport: new WebSocketTransport({ server: httpServer, maxPayload: LIMITS.maxPayloadBytes }),
    greet: false,
    gracefullyShutdown: opts.handleSignals ?? false,
    ...(opts.redisUrl
      ? { presence: new RedisPresence(opts.redisUrl), driver: new RedisDriver(opts.redisUrl), ...(opts.publicAddress ? { publicAddress: opts.publicAddress } : {}) }
      : {}),
  });
  gameServer.define('class', BoundRoom);
  await gameServer.listen(opts.port ?? 2567, opts.host ?? '127.0.0.1');
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = opts.host && opts.host !== '0.0.0.0' && opts.host !== '127.0.0.1' ? opts.host : 'localhost';
  return {
    port,
    url: `http://${shownHost}:${port}`,
    recorder,
    async close() {
      await gameServer.gracefullyShutdown(false);
      await recorder.close?.();
    },
  };
}
