import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'colyseus.js';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTrace, correctAnswer, FIRST_BANK, StatsResponseSchema, validateBank, type CheckAnswered, type SeatEvent, type Trace, type Welcome } from '../../shared/index';
import { answerCheck, checkHost, openedFor } from '../support/bots/check-answers';
import { RemoteBot } from '../support/bots/remote-bot';
import { RemoteHost } from '../support/bots/remote-host';
import { until } from './helpers';

/*
 * The server as its own process (`server/index.ts`, the embedded SQLite store in a data folder),
 * killed mid-round and started again on the same data: everything that was broadcast before the
 * kill is in the stored replay, once, and the replay is whole.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'synack-durable-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(port: number, dir: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await until(() => out.includes('SYN/ACK is running') || child.exitCode !== null, 'the server process started', 30_000);
  if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
  return child;
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

/**
 * What the players and the host were told, as keys the stored trace must hold exactly as often. A
 * duplicated segment may be delivered twice in the same millisecond (the same key twice, both
 * real), so keys are counted: the host's ladder is rebuilt as the host page does (`reset` replaces
 * it, else events add to it) and each key is numbered by its occurrence there.
 */
function broadcastKeys(host: RemoteHost, bots: RemoteBot[]): string[] {
  let ladder: SeatEvent[] = [];
  for (const m of host.inbox.all<{ events: SeatEvent[]; reset: boolean }>('ladder')) ladder = m.reset ? [...m.events] : [...ladder, ...m.events];
  const keys: string[] = [];
  for (const e of ladder) {
    if (e.kind === 'sent') keys.push(`send ${e.id}`);
    if (e.kind === 'delivered') keys.push(`deliver ${e.id} ${e.t}`);
    if (e.kind === 'lost') keys.push(`drop ${e.id}`);
  }
  // A side's app calls and timers never repeat at one instant; a seat may be told one again.
  const seats = new Set<string>();
  for (const b of bots) {
    const side = b.side;
    for (const e of b.inbox.all<SeatEvent>('seatEvent')) {
      if (e.kind === 'app') seats.add(`app ${side} ${e.call} ${e.t}`);
      if (e.kind === 'timer') seats.add(`timeout ${side} ${e.timer} ${e.t}`);
    }
  }
  return numbered([...keys, ...seats]);
}

/** Each key with its occurrence: `deliver s4 289 #1`, `deliver s4 289 #2`. */
function numbered(keys: string[]): string[] {
  const seen = new Map<string, number>();
  return keys.map((k) => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return `${k} #${n}`;
  });
}

function traceKeys(trace: Trace): string[] {
  return numbered(trace.events.map((e) => {
    switch (e.type) {
      case 'send': return `send ${e.id}`;
      case 'deliver': return `deliver ${e.id} ${e.t}`;
      case 'drop': return `drop ${e.id}`;
      case 'app': return `app ${e.side} ${e.call} ${e.t}`;
      case 'timeout': return `timeout ${e.side} ${e.timer} ${e.t}`;
      case 'state': return `state ${e.side} ${e.state} ${e.t}`;
    }
  }));
}

async function playUntilMidRound(url: string) {
  const client = new Client(url);
  const host = await RemoteHost.create(client, url);
  const bots = [
    await RemoteBot.join(new Client(url), host.code, { nickname: 'Ada', seed: 1, thinkMs: [30, 80] }),
    await RemoteBot.join(new Client(url), host.code, { nickname: '小明', seed: 2, thinkMs: [30, 80] }),
  ];
  await host.configureRound({ scenario: 'lifecycle', mode: 'practice', rtoMs: 1000, mslMs: 1000, net: { loss: 0.2, delayMin: 100, delayMax: 200, duplicate: 0.2, reorder: 0 } });
  await host.startRound();
  host.room.send('watchPair', { pairId: 'pair1' });
  await until(() => host.inbox.all<{ events: SeatEvent[] }>('ladder').flatMap((m) => m.events).filter((e) => e.kind === 'sent').length >= 5, 'five segments on the wire', 20_000);
  return { host, bots };
}

describe('durability of replays', () => {
  it('keeps every broadcast event, once, when the server is killed with SIGKILL mid-round', async () => {
    const port = await freePort();
    const dir = join(dataDir, 'kill');
    const first = await startServer(port, dir);
    const url = `http://127.0.0.1:${port}`;
    const { host, bots } = await playUntilMidRound(url);
    first.kill('SIGKILL');
    await exited(first);
    const told = broadcastKeys(host, bots);

    await startServer(port, dir);
    const res = await fetch(`${url}/api/classes/${host.code}/rounds/1/pairs/pair1/trace`, { headers: { authorization: `Bearer ${host.hostKey}` } });
    expect(res.status).toBe(200);
    const trace = (await res.json()) as Trace;
    const report = checkTrace(trace);
    expect(report.valid, JSON.stringify(report.issues)).toBe(true);
    expect(report.summary.correct).toBe(report.summary.judged);
    const stored = traceKeys(trace);
    const missing = told.filter((k) => !stored.includes(k));
    // Stored more often than told: numbered past what anyone was told, for an event that was told.
    const base = (k: string) => k.slice(0, k.lastIndexOf(' #'));
    const toldBases = new Set(told.map(base));
    const twice = stored.filter((k) => toldBases.has(base(k)) && !told.includes(k));
    expect(missing, `broadcast but not stored (stored: ${stored.join(', ')}; told: ${told.join(', ')})`).toEqual([]);
    expect(twice).toEqual([]);
    expect(new Set(trace.events.filter((e) => e.type === 'send').map((e) => (e as { id: string }).id)).size).toBe(trace.events.filter((e) => e.type === 'send').length);
    // The class died with the process: its open round is over (interrupted), and each student may now read it.
    const list = (await (await fetch(`${url}/api/classes/${host.code}/rounds`, { headers: { authorization: `Bearer ${host.hostKey}` } })).json()) as { rounds: { pairId: string; result?: unknown; interrupted?: boolean }[] };
    expect(list.rounds.map((r) => [r.pairId, r.result, r.interrupted])).toEqual([['pair1', undefined, true]]);
    for (const b of bots) {
      const token = b.inbox.all<Welcome>('welcome')[0]?.replayToken as string;
      const mine = await fetch(`${url}/api/my/rounds/1/pairs/pair1/trace`, { headers: { authorization: `Bearer ${token}` } });
      expect(mine.status).toBe(200);
      expect(((await mine.json()) as Trace).events.length).toBe(trace.events.length);
    }
    console.log(`SIGKILL: ${told.length} events broadcast before the kill; ${trace.events.length} events stored, all ${told.length} found once`);
  });

  it('on SIGTERM tells the players, closes the round and keeps its replay whole', async () => {
    const port = await freePort();
    const dir = join(dataDir, 'term');
    const first = await startServer(port, dir);
    const url = `http://127.0.0.1:${port}`;
    const { host, bots } = await playUntilMidRound(url);
    first.kill('SIGTERM');
    await Promise.all(bots.map((b) => b.inbox.waitFor<{ reason: string }>('classEnded', (m) => m.reason === 'shutdown', { since: 0, timeoutMs: 10_000 })));
    expect(await exited(first)).toBe(0);
    const told = broadcastKeys(host, bots);

    await startServer(port, dir);
    const list = await fetch(`${url}/api/classes/${host.code}/rounds`, { headers: { authorization: `Bearer ${host.hostKey}` } });
    const rounds = ((await list.json()) as { rounds: { pairId: string; result?: { finished: boolean } }[] }).rounds;
    expect(rounds.map((r) => [r.pairId, r.result?.finished])).toEqual([['pair1', false]]);
    const res = await fetch(`${url}/api/classes/${host.code}/rounds/1/pairs/pair1/trace`, { headers: { authorization: `Bearer ${host.hostKey}` } });
    const trace = (await res.json()) as Trace;
    expect(checkTrace(trace).valid).toBe(true);
    const stored = traceKeys(trace);
    expect(told.filter((k) => !stored.includes(k))).toEqual([]);
  });

  it('keeps every concept-check answer acknowledged before a SIGKILL (issue 17 item 5)', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const dir = join(dataDir, 'checks');
    const first = await startServer(port, dir);
    const url = `http://127.0.0.1:${port}`;
    const host = await RemoteHost.create(new Client(url), url);
    const bots = [
      await RemoteBot.join(new Client(url), host.code, { nickname: 'Ada', seed: 1 }),
      await RemoteBot.join(new Client(url), host.code, { nickname: '小明', seed: 2 }),
      await RemoteBot.join(new Client(url), host.code, { nickname: 'Ben', seed: 3 }),
    ];
    const bank = validateBank(FIRST_BANK);
    if (!bank.ok) throw new Error('bank');
    const status = await checkHost.configure(host, { random: 10 });
    await checkHost.open(host, 'pre');
    await until(() => bots.every((b) => openedFor(b)?.stage === 'pre'), 'the check reached every student');
    // Every student answers right, one question after the other, while the server is killed.
    const answering = bots.map(async (b) => {
      for (const q of openedFor(b)?.questions ?? []) {
        const right = correctAnswer(bank.bank.questions.find((x) => x.id === q.id)!);
        // Killed: no answer comes back any more (the first unanswered one ends this student's turn).
        if (!(await answerCheck(b, q.id, right).then(() => true, () => false))) return;
      }
    });
    const acked = () => bots.reduce((n, b) => n + b.inbox.all('checkAnswered').length, 0);
    await until(() => acked() >= 8, 'some answers acknowledged');
    first.kill('SIGKILL');
    await exited(first);
    await Promise.all(answering);
    const told = bots.map((b) => b.inbox.all<CheckAnswered>('checkAnswered').length);
    expect(told.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(8);

    await startServer(port, dir);
    const res = await fetch(`${url}/api/classes/${host.code}/stats`, { headers: { authorization: `Bearer ${host.hostKey}` } });
    const concepts = StatsResponseSchema.parse(await res.json()).concepts;
    expect(concepts?.questions.sort()).toEqual(status.questions.map((q) => q.id).sort());
    // All answers were right: each student's stored score is at least what it was told counts.
    for (const [i, b] of bots.entries()) {
      const pre = concepts?.students.find((s) => s.nickname === b.nickname)?.pre ?? 0;
      expect(pre, b.nickname).toBeGreaterThanOrEqual(told[i] as number);
    }
    console.log(`SIGKILL during a check: ${told.join('+')} answers acknowledged, all stored`);
  });
});
