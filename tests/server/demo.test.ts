/**
 * `npm run demo` at the pace of people (issue 11, "Show it"): bot students think seconds before
 * each answer, through a real server started by the command, and the trace it writes shows what
 * the network clock promises — no retransmission timer without a loss, and the lost-final-ACK
 * lesson (the client ACKs the repeated FIN again in TIME_WAIT). The two runs go side by side.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTrace, type Trace } from '../../shared/index';

const dir = mkdtempSync(path.join(tmpdir(), 'synack-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function demo(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'server/cli/demo.ts', ...args], { cwd: process.cwd(), timeout: 170_000, env: { ...process.env, DATA_DIR: ':memory:' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}\n${stderr}` });
    });
  });
}

const trace = (file: string): Trace => JSON.parse(readFileSync(file, 'utf8')) as Trace;

describe('npm run demo, bots thinking like people', () => {
  it.concurrent('plays a lifecycle with no loss, and no retransmission timer fires however long they think', async () => {
    const file = path.join(dir, 'lifecycle.json');
    const run = await demo(['--scenario', 'lifecycle', '--loss', '0', '--think', '2-4', '--seed', '7', '--trace-out', file]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain('thinking 2–4 s per answer');
    expect(run.out).toContain('lesson happened: yes');
    const t = trace(file);
    expect(t.events.filter((e) => e.type === 'timeout' && e.timer === 'retransmit')).toEqual([]);
    expect(checkTrace(t).summary).toMatchObject({ judged: expect.any(Number) });
    // The bots thought for many seconds of wall time while the network's own time stayed short.
    const last = t.events[t.events.length - 1]!;
    expect(last.wall).toBeGreaterThan(2 * last.t);
  }, 180_000);

  it.concurrent('plays lost-final-ack against the server bot: the final ACK is lost, the FIN comes again, and the client ACKs it again in TIME_WAIT', async () => {
    const file = path.join(dir, 'lost-final-ack.json');
    const run = await demo(['--scenario', 'lost-final-ack', '--vs-bot', '--think', '2-4', '--seed', '11', '--trace-out', file]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain("each against the server's bot");
    expect(run.out).toContain('the client ACKed the repeated FIN again in TIME_WAIT');
    const t = trace(file);
    const report = checkTrace(t);
    const reAck = report.events.findIndex((e) => e.rows?.side === 'client' && e.rows.ids.includes('time-wait-rcv-fin'));
    expect(reAck).toBeGreaterThan(0);
    // After the repeated FIN reached the client in TIME_WAIT: an ACK from the client, judged right.
    const after = t.events.slice(reAck + 1).findIndex((e) => e.type === 'send' && e.side === 'client' && e.segment.flags.includes('ACK'));
    expect(after).toBeGreaterThanOrEqual(0);
    expect(report.events[reAck + 1 + after]?.verdict?.ok).toBe(true);
    expect(report.events[reAck + 1 + after]?.named.client).toBe('TIME_WAIT');
    expect(t.judge).toEqual(['client']);
  }, 180_000);

  it('explains a malformed --think', async () => {
    const run = await demo(['--think', '9-2']);
    expect(run.code).toBe(2);
    expect(run.out).toContain('--think must be MIN-MAX in seconds');
  });
});
