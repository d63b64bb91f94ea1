import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from './server-proc';
import { sleep } from './stats';

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

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A Redis server of our own on a free loopback port, nothing kept on disk, so that matchmaking
 * entries of other runs (or of processes killed mid-run) are never seen. Stopped by its pid.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const proc: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' });
  let exited = false;
  proc.once('exit', () => (exited = true));
  const url = `redis://127.0.0.1:${port}`;
  const end = Date.now() + 10_000;
  while (!(await pingRedis(url, 300))) {
    if (exited || Date.now() > end) {
      if (!exited && proc.pid) process.kill(proc.pid, 'SIGKILL');
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await sleep(50);
  }
  return {
    url,
    async stop() {
      if (exited || !proc.pid) return;
      const gone = new Promise<void>((r) => proc.once('exit', () => r()));
      process.kill(proc.pid, 'SIGTERM');
      const t = setTimeout(() => proc.pid && !exited && process.kill(proc.pid, 'SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    },
  };
}
