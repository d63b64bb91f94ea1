/**
 * `npm run demo -- [--url URL] [--scenario ID] [--mode practice|assessment] [--loss P]
 *   [--delay MIN-MAX] [--duplicate P] [--seed N] [--pairs N] [--trace-out FILE] [--timeout S]`
 *
 * Bot students play one round through the real network: a host creates a class, 2×N bots join
 * with colyseus.js, the round runs with the faults asked for, and the summary and the trace come
 * back over the HTTP API. Without --url a server is started in this process on a free port.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'colyseus.js';
import { findScenario, SCENARIO_IDS, SIDES, type Mode, type Trace } from '../../shared/index';
import { startApp, type RunningApp } from '../app';
import { RemoteBot } from '../bots/remote-bot';
import { RemoteHost } from '../bots/remote-host';
import { roundStats } from '../bots/trace-stats';

const USAGE = `usage: npm run demo -- [--url URL] [--scenario ID] [--mode practice|assessment] [--loss P]
       [--delay MIN-MAX] [--duplicate P] [--seed N] [--pairs N] [--trace-out FILE] [--timeout SECONDS]`;

interface DemoOptions {
  url: string | null;
  scenario: string;
  mode: Mode;
  loss: number;
  delay: [number, number];
  duplicate: number;
  seed: number | null;
  pairs: number;
  traceOut: string | null;
  timeoutS: number;
}

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function probability(name: string, raw: string | undefined, dflt: number): number {
  if (raw === undefined) return dflt;
  const p = Number(raw);
  if (!Number.isFinite(p) || p < 0 || p > 0.9) fail(`--${name} must be a number from 0 to 0.9 (got "${raw}")`);
  return p;
}

function integer(name: string, raw: string | undefined, dflt: number, min: number, max: number): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return n;
}

function parseDemoArgs(argv: string[]): DemoOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      scenario: { type: 'string' },
      mode: { type: 'string' },
      loss: { type: 'string' },
      delay: { type: 'string' },
      duplicate: { type: 'string' },
      seed: { type: 'string' },
      pairs: { type: 'string' },
      'trace-out': { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const scenario = findScenario(values.scenario ?? 'lifecycle');
  if (!scenario) fail(`unknown scenario "${values.scenario}"; one of: ${SCENARIO_IDS.join(', ')}`);
  const mode = values.mode ?? 'practice';
  if (mode !== 'practice' && mode !== 'assessment') fail(`--mode must be practice or assessment (got "${mode}")`);
  let delay: [number, number] = [20, 80];
  if (values.delay !== undefined) {
    const m = /^(\d{1,5})-(\d{1,5})$/.exec(values.delay);
    if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) > 60_000) fail(`--delay must be MIN-MAX in ms, MIN ≤ MAX ≤ 60000 (got "${values.delay}")`);
    delay = [Number(m[1]), Number(m[2])];
  }
  let url: string | null = null;
  if (values.url !== undefined) {
    try {
      url = new URL(values.url).toString().replace(/\/$/, '');
    } catch {
      fail(`--url is not a URL: "${values.url}"`);
    }
  }
  return {
    url,
    scenario: scenario.id,
    mode,
    loss: probability('loss', values.loss, 0),
    delay,
    duplicate: probability('duplicate', values.duplicate, 0),
    seed: values.seed === undefined ? null : integer('seed', values.seed, 0, 0, 2 ** 31 - 1),
    pairs: integer('pairs', values.pairs, 1, 1, 50),
    traceOut: values['trace-out'] ?? null,
    timeoutS: integer('timeout', values.timeout, 60, 1, 3600),
  };
}

/** FILE for one pair, FILE with "-i" before the extension for pair i of several. */
function traceFileFor(file: string, pairIndex: number, pairs: number): string {
  if (pairs <= 1) return file;
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}-${pairIndex}${ext}`;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  let opts: DemoOptions;
  try {
    opts = parseDemoArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`demo: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  let app: RunningApp | null = null;
  let baseUrl = opts.url;
  if (!baseUrl) {
    app = await startApp({ port: 0, host: '127.0.0.1', botDelayMs: 50, log: (line) => console.error(`[server] ${line}`) });
    baseUrl = app.url;
  }
  const client = new Client(baseUrl);
  const bots: RemoteBot[] = [];
  let host: RemoteHost | null = null;
  try {
    host = await RemoteHost.create(client, baseUrl);
    for (let i = 1; i <= 2 * opts.pairs; i++) {
      bots.push(await RemoteBot.join(client, host.code, {
        nickname: `bot-${i}`,
        ...(opts.seed !== null ? { seed: opts.seed * 1000 + i } : {}),
        declareStates: true,
        // Wait for the partner's segments in flight a little longer than the network takes.
        settleMs: opts.delay[1] + 100,
      }));
    }
    const config = await host.configureRound({
      scenario: opts.scenario,
      mode: opts.mode,
      net: { loss: opts.loss, delayMin: opts.delay[0], delayMax: opts.delay[1], duplicate: opts.duplicate, reorder: 0 },
      rtoMs: 1000,
      mslMs: 1000,
    });
    const scenario = findScenario(config.scenario);
    console.log(`SYN/ACK demo: ${scenario?.title.en ?? config.scenario} (${config.scenario}), ${config.mode} mode, ${opts.pairs} pair${opts.pairs > 1 ? 's' : ''} of bot students`);
    console.log(`server ${baseUrl}${app ? ' (started in this process)' : ''}, class ${host.code}`);
    console.log(`network: loss ${config.net.loss}, delay ${config.net.delayMin}–${config.net.delayMax} ms, duplicate ${config.net.duplicate}; RTO ${config.rtoMs} ms, MSL ${config.mslMs} ms`);
    const t0 = Date.now();
    const started = await host.startRound();
    const round = started.round;
    let finished = true;
    try {
      await host.waitAllFinished(round, opts.timeoutS * 1000);
    } catch (e) {
      finished = false;
      console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
    }
    const took = Date.now() - t0;
    // Let the bots make their last declarations (e.g. CLOSED after TIME_WAIT) before the round ends.
    await new Promise((r) => setTimeout(r, 200));
    await host.endRound();
    const rounds = (await host.listRounds()).rounds.filter((r) => r.round === round);
    console.log(finished ? `round ${round} finished in ${secs(took)}` : `round ${round} did NOT finish within ${opts.timeoutS} s`);
    console.log(opts.seed !== null
      ? `bots' ISNs: deterministic from --seed ${opts.seed}; the network's fault seed is drawn by the server (below, per pair)`
      : `bots' ISNs: random (give --seed N to fix them); the network's fault seed is drawn by the server (below, per pair)`);
    for (const [i, pair] of started.pairs.entries()) {
      const trace: Trace = await host.fetchTrace(round, pair.id);
      const s = roundStats(trace);
      const rec = rounds.find((r) => r.pairId === pair.id);
      const scores = rec?.result?.scores ?? {};
      console.log('');
      console.log(`${pair.id}: client ${pair.client.name} vs server ${pair.server.name}${rec?.result?.finished ? '' : '  (unfinished)'}`);
      console.log(`  network fault seed (server-drawn): ${String(trace.meta?.seed ?? '?')}`);
      console.log(`  segments sent ${s.sent}, lost ${s.lost}, duplicated ${s.duplicated}, retransmissions ${s.retransmissions}${s.injected ? `, stale duplicates injected ${s.injected}` : ''}`);
      console.log(`  timers fired: client ${s.timeouts.client}, server ${s.timeouts.server}`);
      console.log(`  final states: client ${s.final.client}, server ${s.final.server}`);
      console.log(`  judged answers ${s.judged}, correct ${s.correct}${s.wrong ? `, wrong ${s.wrong}` : ''}`);
      console.log(`  scores: ${SIDES.map((side) => `${side} ${scores[side] ?? 0}`).join(', ')}, pair ${SIDES.reduce((n, side) => n + (scores[side] ?? 0), 0)}`);
      if (opts.traceOut) {
        const file = traceFileFor(opts.traceOut, i + 1, opts.pairs);
        mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        writeFileSync(file, `${JSON.stringify(trace, null, 2)}\n`);
        console.log(`  trace written to ${file} (${trace.events.length} events)`);
      }
    }
    return finished ? 0 : 1;
  } finally {
    await Promise.all(bots.map((b) => b.leave()));
    await host?.leave();
    await app?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`demo failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    process.exit(1);
  },
);
