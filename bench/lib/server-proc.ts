import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProbeReport } from './probe';
import { ROOT } from './ipc';

/**
 * The flags `npm start` gives Node (package.json "start"; tests/bench/server-flags.test.ts keeps the
 * two the same), for a server full of classes at a person's pace (BENCHMARKS.md "Full collections"):
 * - a young generation of up to 64 MB per half: the server allocates some 25 MB/s and what a round
 *   keeps lives for seconds; with V8's default (16 MB) much more of it reached the old generation;
 * - the old generation marked by the main thread in small steps, not by helper threads alongside
 *   it: with the server on one core, the helpers took that core from the event loop for 100–300 ms
 *   at each full collection (every 7–10 s at 7,500–10,000 students);
 * - young collections by the main thread alone, for the same reason.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64', '--no-concurrent-marking', '--no-parallel-scavenge'];

const PROBE = pathToFileURL(fileURLToPath(new URL('./probe.ts', import.meta.url))).href;

export { freePort } from '../../tests/support/procs';
import { freePort } from '../../tests/support/procs';

/** Resident set size of a process, bytes, from /proc/<pid>/status (VmRSS). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export interface ServerProcOptions {
  /** Project root whose server/index.ts runs (default: this checkout). */
  root?: string;
  port?: number;
  redisUrl?: string;
  publicAddress?: string;
  log?: (line: string) => void;
  /** Extra environment. */
  env?: NodeJS.ProcessEnv;
  /** Extra Node options (e.g. --cpu-prof to profile the server under load). */
  nodeArgs?: string[];
  name?: string;
}

/**
 * A server process as production runs it (`server/index.ts`: PORT, HOST=127.0.0.1, the embedded
 * SQLite store in a fresh temporary DATA_DIR removed at stop, no DATABASE_URL, REDIS_URL only for
 * scale-out), started with plain `node --import tsx` so that its pid is the server itself (no
 * wrapper process), plus the bench probe.
 */
export class ServerProc {
  private exited = false;
  private nextId = 1;
  /** A temporary data folder to remove at stop. */
  dataDir: string | null = null;
  private constructor(readonly name: string, readonly proc: ChildProcess, readonly port: number) {
    proc.on('exit', () => (this.exited = true));
  }

  get pid(): number {
    return this.proc.pid as number;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async startGame(opts: ServerProcOptions = {}): Promise<ServerProc> {
    const root = opts.root ?? ROOT;
    const port = opts.port ?? (await freePort());
    const dataDir = opts.env?.DATA_DIR ? null : mkdtempSync(path.join(os.tmpdir(), 'synack-bench-'));
    // Every bench class is created from 127.0.0.1 without a browser's cookie, so all of them count
    // as one anonymous creator: the per-creator cap (5 by default) would stop the steps at 150 pairs.
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', MAX_CLASSES_PER_CREATOR: '1000', ...(dataDir ? { DATA_DIR: dataDir } : {}), ...opts.env };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.PUBLIC_ADDRESS;
    if (opts.redisUrl) {
      env.REDIS_URL = opts.redisUrl;
      env.PUBLIC_ADDRESS = opts.publicAddress ?? `127.0.0.1:${port}`;
    }
    // BENCH_CPU_PROF=<folder>: every game server writes a V8 CPU profile there when it stops.
    const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
    // BENCH_SERVER_NODE_ARGS="--flag …": extra Node/V8 flags for every game server (to try a flag before it goes into `npm start`);
    // after `npm start`'s own, so that V8 takes them over those (the last of a flag wins).
    const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter((a) => a.length > 0);
    const sp = await ServerProc.spawnAndWait(opts.name ?? `server:${port}`, root, [...prof, ...(opts.nodeArgs ?? []), ...extra, '--import', PROBE, path.join(root, 'server/index.ts')], env, port, /SYN\/ACK is running/, opts.log).catch((e: unknown) => {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      throw e;
    });
    sp.dataDir = dataDir;
    return sp;
  }

  /** The raw `ws` relay used as the reference (bench/lib/relay-server.ts). */
  static async startRelay(opts: ServerProcOptions = {}): Promise<ServerProc> {
    const port = opts.port ?? (await freePort());
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), ...opts.env };
    // What the probe counts or samples for a game server is not the relay's to write over.
    delete env.BENCH_FRAMES;
    delete env.BENCH_HEAP_SAMPLE;
    return ServerProc.spawnAndWait(opts.name ?? `relay:${port}`, ROOT, [...(opts.nodeArgs ?? []), '--import', PROBE, fileURLToPath(new URL('./relay-server.ts', import.meta.url))], env, port, /relay listening/, opts.log);
  }

  private static spawnAndWait(name: string, root: string, args: string[], env: NodeJS.ProcessEnv, port: number, ready: RegExp, log?: (line: string) => void): Promise<ServerProc> {
    const proc = spawn(process.execPath, ['--expose-gc', ...SERVER_NODE_FLAGS, '--import', 'tsx', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const sp = new ServerProc(name, proc, port);
    // BENCH_SERVER_LOG=<file>: everything the servers print, appended there (with BENCH_SERVER_NODE_ARGS="--trace-gc-nvp", each collection).
    if (process.env.BENCH_SERVER_LOG) {
      const file = createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' });
      proc.stdout?.pipe(file);
      proc.stderr?.pipe(file);
    }
    return new Promise<ServerProc>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => {
        sp.kill();
        reject(new Error(`${name} did not start within 30 s:\n${out.slice(-2000)}`));
      }, 30_000);
      let started = false;
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        for (const line of text.split('\n')) if (line.trim()) log?.(`[${name}] ${line}`);
        if (started) return;
        // Only what comes before the ready line is kept (for the error if it never comes): a server
        // that prints all its life (--trace-gc-nvp) would otherwise grow the bench's memory.
        out += text;
        if (ready.test(out)) {
          started = true;
          out = '';
          clearTimeout(timer);
          resolve(sp);
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) before it was ready:\n${out.slice(-2000)}`));
      });
    });
  }

  rss(): number {
    return rssOf(this.pid);
  }

  /** Event-loop delay, memory and CPU since the last reset (and reset the window if asked). */
  metrics(opts: { reset?: boolean; gc?: boolean } = {}): Promise<ProbeReport> {
    const id = this.nextId++;
    return new Promise<ProbeReport>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.proc.off('message', onMsg);
        reject(new Error(`${this.name}: no metrics within 10 s`));
      }, 10_000);
      const onMsg = (m: { probe?: string; id?: number; report?: ProbeReport }) => {
        if (m?.probe !== 'metrics' || m.id !== id || !m.report) return;
        clearTimeout(timer);
        this.proc.off('message', onMsg);
        resolve(m.report);
      };
      this.proc.on('message', onMsg);
      this.proc.send({ probe: 'metrics', id, ...opts });
    });
  }

  private kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.exited && this.proc.pid) {
      try {
        process.kill(this.proc.pid, signal);
      } catch {
        /* already gone */
      }
    }
  }

  /** SIGTERM (Colyseus shuts down gracefully), SIGKILL after `graceMs`. */
  async stop(graceMs = 8000): Promise<void> {
    if (!this.exited) {
      const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
      this.kill('SIGTERM');
      const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    }
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
    this.dataDir = null;
  }
}

/** Several servers' probe reports as one: the worst event-loop delay, CPU and GC summed or the worst. */
export function combineReports(ms: ProbeReport[]): ProbeReport {
  const sum = (f: (m: ProbeReport) => number) => ms.reduce((n, m) => n + f(m), 0);
  const max = (f: (m: ProbeReport) => number) => Math.max(...ms.map(f));
  return {
    lag: { p50: max((m) => m.lag.p50), p99: max((m) => m.lag.p99), max: max((m) => m.lag.max), mean: max((m) => m.lag.mean), count: sum((m) => m.lag.count) },
    rss: sum((m) => m.rss),
    heapUsed: sum((m) => m.heapUsed),
    external: sum((m) => m.external),
    cpuMs: sum((m) => m.cpuMs),
    cpuShare: sum((m) => m.cpuShare),
    windowMs: max((m) => m.windowMs),
    gcMaxMs: max((m) => m.gcMaxMs),
    gcTotalMs: sum((m) => m.gcTotalMs),
    ...(ms.some((m) => m.stalls) ? { stalls: ms.flatMap((m) => m.stalls ?? []), gcs: ms.flatMap((m) => m.gcs ?? []), ...(ms[0]?.clock ? { clock: ms[0].clock } : {}) } : {}),
  };
}
