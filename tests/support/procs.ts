/**
 * Child processes for the tests and the benchmarks: the real server (`server/index.ts`, as
 * production runs it) and a private redis-server, each on its own free loopback port, stopped by
 * their own pid. Every wait is bounded.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A free TCP port on loopback (bound and released: good enough for a test). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Whether Debian's redis-server is installed (.ci/services.sh installs it). */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** PING a Redis URL's host and port; true on +PONG within `timeoutMs`. */
export function pingRedis(url: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return resolve(false);
    }
    const s = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('error', () => done(false));
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Proc {
  output = '';
  exitCode: number | null = null;
  signal: NodeJS.Signals | null = null;
  private readonly exited: Promise<void>;

  constructor(readonly name: string, readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code;
        this.signal = signal;
        resolve();
      });
    });
  }

  get running(): boolean {
    return this.exitCode === null && this.signal === null;
  }

  /** Wait until the output matches `re` (or fail, showing the output). */
  async waitFor(re: RegExp, timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!re.test(this.output)) {
      if (!this.running) throw new Error(`${this.name} exited (${this.exitCode ?? this.signal}) before ${re}:\n${this.output.slice(-3000)}`);
      if (Date.now() > end) throw new Error(`${this.name}: no ${re} within ${timeoutMs} ms:\n${this.output.slice(-3000)}`);
      await sleep(20);
    }
  }

  /** Resolves when the process has exited, or rejects after `timeoutMs`. */
  async exit(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.exited, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms`)), timeoutMs)))]);
    clearTimeout(timer);
    return { code: this.exitCode, signal: this.signal };
  }

  signalIt(signal: NodeJS.Signals): void {
    if (this.running && this.child.pid) process.kill(this.child.pid, signal);
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.signalIt('SIGTERM');
    try {
      await this.exit(graceMs);
    } catch {
      this.signalIt('SIGKILL');
      await this.exit(5000).catch(() => undefined);
    }
  }
}

export interface GameServerOptions {
  port?: number;
  /** DATA_DIR (default ":memory:"). */
  dataDir?: string;
  redisUrl?: string;
  env?: NodeJS.ProcessEnv;
  name?: string;
}

/** `server/index.ts` in its own process, as `npm start` runs it (without the client build). */
export async function startGameServer(opts: GameServerOptions = {}): Promise<Proc & { port: number; url: string }> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: opts.dataDir ?? ':memory:', ...opts.env };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.PUBLIC_ADDRESS;
  if (opts.redisUrl) {
    env.REDIS_URL = opts.redisUrl;
    env.PUBLIC_ADDRESS = `127.0.0.1:${port}`;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = Object.assign(new Proc(opts.name ?? `server:${port}`, child), { port, url: `http://127.0.0.1:${port}` });
  try {
    await proc.waitFor(/SYN\/ACK is running/);
  } catch (e) {
    proc.signalIt('SIGKILL');
    throw e;
  }
  return proc;
}

/** A redis-server of this test's own on `port`, nothing kept on disk. */
export async function startRedis(port: number): Promise<Proc> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = new Proc(`redis:${port}`, child);
  const end = Date.now() + 10_000;
  while (!(await pingRedis(`redis://127.0.0.1:${port}`, 300))) {
    if (!proc.running || Date.now() > end) {
      proc.signalIt('SIGKILL');
      throw new Error(`redis-server did not start on ${port}:\n${proc.output}`);
    }
    await sleep(30);
  }
  return proc;
}

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A Redis server of our own on a free loopback port, nothing kept on disk, so that matchmaking
 * entries of other runs (or of processes killed mid-run) are never seen.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const proc = await startRedis(port);
  return { url: `redis://127.0.0.1:${port}`, stop: () => proc.stop() };
}

