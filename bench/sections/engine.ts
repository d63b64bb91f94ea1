/** `checkTrace` on a 10,000-event trace, in its own process (bench/engine.ts). */
import { spawn } from 'node:child_process';
import { ROOT } from '../lib/ipc';
import { CFG, note } from '../lib/run';

// ── engine ──

export async function engineBench(): Promise<{ check_trace_10k_ms: number | null; detail?: unknown }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/engine.ts', '--json', '--runs', String(CFG.engineRuns)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => proc.pid && process.kill(proc.pid, 'SIGKILL'), 120_000);
    proc.on('exit', () => {
      clearTimeout(timer);
      const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      try {
        const r = JSON.parse(line ?? '') as { check_trace_10k_ms: number };
        resolve({ check_trace_10k_ms: r.check_trace_10k_ms, detail: r });
      } catch {
        note(`engine bench failed: ${out.slice(-500)}`);
        resolve({ check_trace_10k_ms: null });
      }
    });
  });
}
