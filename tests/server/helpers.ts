import { Client } from 'colyseus.js';
import { expect, test } from 'vitest';
import { checkTrace, findScenario, type Dashboard, type Mode, type Trace, type TraceReport, type VerdictGiven } from '../../shared/index';
import { startApp, type AppOptions, type RunningApp } from '../../server/app';
import { RemoteBot, type RemoteBotOptions } from '../support/bots/remote-bot';
import { RemoteHost, type RoundConfigPatch } from '../support/bots/remote-host';
import { parseJoinError } from '../../client/src/net/join-error';

/**
 * Game timings small enough for bots: the server's minimum RTO/MSL and a fast network. The delay
 * is at least 20 ms so that two answers crossing in the network (both sides answering at about
 * the same moment) cannot overtake each other on a loaded machine.
 */
export const FAST: RoundConfigPatch = {
  rtoMs: 1000,
  mslMs: 1000,
  net: { loss: 0, delayMin: 20, delayMax: 40, duplicate: 0, reorder: 0 },
};

/** A real server on a free loopback port, quiet, with a fast engine bot. */
export function startTestServer(opts: AppOptions = {}): Promise<RunningApp> {
  // A test file opens many classes from one address at once: the per-creator cap is raised (its own test keeps it).
  return startApp({ port: 0, host: '127.0.0.1', botDelayMs: 20, log: () => undefined, classLimits: { perCreator: 100_000, perProcess: 100_000 }, ...opts });
}

/**
 * The test API of a file that plays against one real server: `app` is a file-scoped fixture,
 * started (with `opts`) for the file's first test that asks for it and closed after its last. Every
 * test file that needs a server uses this, `it.beforeAll(({ app }) => …)` included.
 */
export function serverTest(opts: AppOptions = {}) {
  return test.extend('app', { scope: 'file' }, async ({}, { onCleanup }) => {
    const app = await startTestServer(opts);
    onCleanup(() => app.close());
    return app;
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll until `cond` holds (or fail with `what`). */
export async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

export interface ClassSetup {
  client: Client;
  host: RemoteHost;
  bots: RemoteBot[];
}

/** A class with a host and `n` bot students (joined in order, so pairs are (1,2), (3,4), …). */
export async function openClass(app: RunningApp, n: number, botOpts: Partial<RemoteBotOptions> = {}, names?: string[]): Promise<ClassSetup> {
  const client = new Client(app.url);
  const host = await RemoteHost.create(client, app.url);
  const bots: RemoteBot[] = [];
  for (let i = 0; i < n; i++) {
    bots.push(await RemoteBot.join(client, host.code, { nickname: names?.[i] ?? `bot-${i + 1}`, seed: 1000 + i, ...botOpts }));
  }
  return { client, host, bots };
}

export async function closeClass(c: ClassSetup): Promise<void> {
  await Promise.all(c.bots.map((b) => b.leave()));
  await c.host.leave();
}

export interface PlayedRound {
  round: number;
  started: Dashboard;
  finished: Dashboard;
  traces: Record<string, Trace>;
}

/**
 * Configure and start a round, wait until every pair is done (the server's `finished`: both ends
 * at the goal, nothing in flight, no seat owing a send or a declaration), end the round and fetch
 * every pair's trace over the HTTP API.
 */
export async function playRound(host: RemoteHost, config: RoundConfigPatch & { scenario: string; mode?: Mode }, timeoutMs = 30_000): Promise<PlayedRound> {
  await host.configureRound({ ...FAST, mode: 'practice', ...config, net: { ...FAST.net, ...config.net } });
  const started = await host.startRound();
  const finished = await host.waitAllFinished(started.round, timeoutMs);
  await host.endRound();
  const traces: Record<string, Trace> = {};
  for (const p of started.pairs) traces[p.id] = await host.fetchTrace(started.round, p.id);
  return { round: started.round, started, finished, traces };
}

/** A practice verdict (with ok, errors, points…), or a failed test if it is an assessment's "recorded". */
export function practice(v: VerdictGiven | undefined): Extract<VerdictGiven, { recorded: false }> {
  if (!v || v.recorded) throw new Error(`expected a practice verdict, got ${JSON.stringify(v)}`);
  return v;
}

/** Every judged answer in the trace wrong, in words (empty when all are right). */
export function wrongAnswers(trace: Trace, report: TraceReport = checkTrace(trace)): string[] {
  return report.events
    .filter((e) => e.verdict && !e.verdict.ok)
    .map((e) => `#${e.index} ${JSON.stringify(trace.events[e.index])}: ${JSON.stringify(e.verdict?.errors)}`);
}

/** The trace is valid, every judged answer in it is right, and both sides end where the scenario ends. */
export function expectCleanTrace(trace: Trace, scenarioId: string): TraceReport {
  const report = checkTrace(trace);
  expect(report.issues).toEqual([]);
  expect(report.valid).toBe(true);
  expect(wrongAnswers(trace, report)).toEqual([]);
  expect(report.summary.judged).toBeGreaterThan(0);
  const scenario = findScenario(scenarioId);
  const last = report.events[report.events.length - 1];
  expect(last?.states).toEqual(scenario?.end);
  return report;
}

/** colyseus.js warns on every refused join; tests that refuse joins on purpose silence that. Returns the undo. */
export function quietRefusedJoins(): () => void {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    const line = String(args[0]);
    if (line.startsWith('colyseus.js - onError') || line.startsWith('Room connection was closed unexpectedly')) return;
    warn(...args);
  };
  return () => {
    console.warn = warn;
  };
}

/** How a join ended: `joined` (and left again), or the refusal's code as the browser reads it, and the status. */
export async function joinRefusal(join: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    const room = (await join) as { leave(): Promise<unknown> };
    await room.leave();
    return { status: 0, code: 'joined' };
  } catch (e) {
    const err = e as { code?: number; message?: string };
    const failure = parseJoinError(e);
    return { status: err.code ?? 0, code: failure.code === 'unknown' ? `unknown: ${err.message}` : failure.code };
  }
}
