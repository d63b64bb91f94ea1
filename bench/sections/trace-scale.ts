/** `checkTrace` by trace length (bench/trace-scale.ts), in its own process (`--only trace`). */
import { spawn } from 'node:child_process';
import { ROOT } from '../lib/ipc';
import { note, QUICK } from '../lib/run';
import type { TraceScale } from '../trace-scale';

export async function traceScaleSection(): Promise<TraceScale | null> {
  const args = ['--expose-gc', '--import', 'tsx', 'bench/trace-scale.ts', '--json', '--runs', QUICK ? '1' : '3'];
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => proc.pid && process.kill(proc.pid, 'SIGKILL'), 600_000);
    proc.on('exit', () => {
      clearTimeout(timer);
      const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      try {
        resolve(JSON.parse(line ?? '') as TraceScale);
      } catch {
        note(`trace scale bench failed: ${out.slice(-500)}`);
        resolve(null);
      }
    });
  });
}
