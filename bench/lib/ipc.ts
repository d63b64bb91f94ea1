import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Request/response over a forked child's IPC channel. The bench's helper processes (load
 * generators) are separate Node processes, so the load they make never shares an event loop with
 * the server or with the orchestrator.
 */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Request {
  id: number;
  cmd: string;
  args: unknown;
}
interface Response {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export class Helper {
  private next = 1;
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private exited = false;

  private constructor(readonly name: string, readonly proc: ChildProcess) {
    proc.on('message', (m: Response) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      clearTimeout(w.timer);
      if (m.ok) w.resolve(m.result);
      else w.reject(new Error(`${name}: ${m.error ?? 'failed'}`));
    });
    proc.on('exit', (code, signal) => {
      this.exited = true;
      for (const w of this.waiting.values()) {
        clearTimeout(w.timer);
        w.reject(new Error(`${name} exited (${code ?? signal}) while a request was waiting`));
      }
      this.waiting.clear();
    });
  }

  /** Fork `module` (a .ts file under bench/) in a Node process of its own, TypeScript through tsx. */
  static start(name: string, module: string, env: NodeJS.ProcessEnv = {}, log?: (line: string) => void, nodeArgs: string[] = []): Helper {
    // BENCH_LOADGEN_PROF=<folder>: every helper (load generator) writes a V8 CPU profile there when it stops.
    const prof = process.env.BENCH_LOADGEN_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_LOADGEN_PROF)}`] : [];
    const proc = fork(fileURLToPath(new URL(module, import.meta.url)), [], {
      cwd: ROOT,
      execArgv: [...prof, ...nodeArgs, '--import', 'tsx'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) log?.(`[${name}] ${line}`);
    };
    proc.stdout?.on('data', forward);
    proc.stderr?.on('data', forward);
    return new Helper(name, proc);
  }

  call<T = unknown>(cmd: string, args: unknown = {}, timeoutMs = 60_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: ${cmd} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.proc.send({ id, cmd, args } satisfies Request);
    });
  }

  /** Ask it to exit; kill it (this pid only) if it has not within `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.call('exit', {}, graceMs).catch(() => undefined);
    const timer = setTimeout(() => {
      if (!this.exited && this.proc.pid) process.kill(this.proc.pid, 'SIGKILL');
    }, graceMs);
    await gone;
    clearTimeout(timer);
  }
}

/** The child side: answer requests with `handlers[cmd](args)`; `exit` ends the process. */
export function serve(handlers: Record<string, (args: any) => unknown>): void {
  if (!process.send) throw new Error('serve() needs an IPC channel (start this module with Helper.start)');
  const reply = (r: Response) => process.send?.(r);
  process.on('message', (m: Request) => {
    if (m.cmd === 'exit') {
      reply({ id: m.id, ok: true });
      setTimeout(() => process.exit(0), 20);
      return;
    }
    const h = handlers[m.cmd];
    if (!h) return reply({ id: m.id, ok: false, error: `unknown command ${m.cmd}` });
    Promise.resolve()
      .then(() => h(m.args))
      .then(
        (result) => reply({ id: m.id, ok: true, result }),
        (e: unknown) => reply({ id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      );
  });
  // The parent gone means the bench is over: never linger.
  process.on('disconnect', () => process.exit(0));
}
