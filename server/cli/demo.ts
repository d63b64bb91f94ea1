/**
 * `npm run demo -- [--url URL] [--scenario ID] [--mode practice|assessment] [--loss P]
 *   [--delay MIN-MAX] [--duplicate P] [--seed N] [--pairs N] [--think MIN-MAX] [--vs-bot]
 *   [--trace-out FILE] [--timeout S]`
 *
 * Bot students play one round through the real network: a host creates a class, 2×N bots join
 * with colyseus.js (N with --vs-bot: each plays against the server's own bot), the round runs
 * with the faults asked for, and the summary and the trace come back over the HTTP API. With
 * --think the bots think like people (seconds per answer); the pair's network clock waits for
 * them, so no timer fires for their thinking. Without --url a server is started in this process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'colyseus.js';
import { findScenario, largestDelay, SCENARIO_IDS, SIDES, type Mode, type Trace } from '../../shared/index';
import { startApp, type RunningApp } from '../app';
import { RemoteBot } from '../../tests/support/bots/remote-bot';
import { RemoteHost } from '../../tests/support/bots/remote-host';
import { roundStats } from '../../tests/support/bots/trace-stats';

const USAGE = `usage: npm run demo -- [--url URL] [--scenario ID] [--mode practice|assessment] [--loss P]
       [--delay MIN-MAX] [--duplicate P] [--seed N] [--pairs N] [--think MIN-MAX] [--vs-bot]
       [--trace-out FILE] [--timeout SECONDS]
  --think MIN-MAX  seconds each bot student thinks before each answer (like a person; default 0-0)
  --vs-bot         one seat of each pair is the server's own bot`;

interface DemoOptions {
  url: string | null;
  scenario: string;
  mode: Mode;
  loss: number;
  delay: [number, number];
  duplicate: number;
  seed: number | null;
  pairs: number;
  /** Think time of each bot student before each answer, ms. */
  thinkMs: [number, number];
  vsBot: boolean;
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
      think: { type: 'string' },
      'vs-bot': { type: 'boolean' },
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
  let thinkMs: [number, number] = [0, 0];
  if (values.think !== undefined) {
    const m = /^(\d{1,3}(?:\.\d+)?)-(\d{1,3}(?:\.\d+)?)$/.exec(values.think);
    if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) > 600) fail(`--think must be MIN-MAX in seconds, MIN ≤ MAX ≤ 600 (got "${values.think}")`);
    thinkMs = [Math.round(Number(m[1]) * 1000), Math.round(Number(m[2]) * 1000)];
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
    thinkMs,
    vsBot: values['vs-bot'] === true,
    traceOut: values['trace-out'] ?? null,
    // A person answers a round's dozen questions in minutes, not seconds.
    timeoutS: integer('timeout', values.timeout, thinkMs[1] > 0 ? Math.max(120, Math.ceil(thinkMs[1] / 1000) * 40) : 60, 1, 3600),
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
    const students = opts.vsBot ? opts.pairs : 2 * opts.pairs;
    for (let i = 1; i <= students; i++) {
      bots.push(await RemoteBot.join(client, host.code, {
        nickname: `bot-${i}`,
        ...(opts.seed !== null ? { seed: opts.seed * 1000 + i } : {}),
        declareStates: true,
        thinkMs: opts.thinkMs,
      }));
    }
    // Each student alone against the server's bot.
    if (opts.vsBot) await host.setPairs(bots.map((b) => ({ a: b.id, b: null })));
    // The shortest timers under which the lessons can happen (shared/round/timing.ts), at least 1 s.
    const d = largestDelay({ delayMax: opts.delay[1], reorder: 0 });
    const rtoMs = Math.max(1000, (findScenario(opts.scenario)?.rtoFlights ?? 2) * d + 200);
    const mslMs = Math.max(1000, Math.ceil((rtoMs + 2 * d) / 2) + 200);
    const config = await host.configureRound({
      scenario: opts.scenario,
      mode: opts.mode,
      net: { loss: opts.loss, delayMin: opts.delay[0], delayMax: opts.delay[1], duplicate: opts.duplicate, reorder: 0 },
      rtoMs,
      mslMs,
    });
    const scenario = findScenario(config.scenario);
    const who = opts.vsBot ? `${opts.pairs} bot student${opts.pairs > 1 ? 's' : ''}, each against the server's bot` : `${opts.pairs} pair${opts.pairs > 1 ? 's' : ''} of bot students`;
    const pace = opts.thinkMs[1] > 0 ? `, thinking ${opts.thinkMs[0] / 1000}–${opts.thinkMs[1] / 1000} s per answer` : '';
    console.log(`SYN/ACK demo: ${scenario?.title.en ?? config.scenario} (${config.scenario}), ${config.mode} mode, ${who}${pace}`);
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
    // A round ends by itself once both ends reach the goal; the class round ends with its last pair.
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
      console.log(`  timers fired: client ${s.timeouts.client}, server ${s.timeouts.server} (retransmission timeouts ${s.retransmitTimeouts})`);
      console.log(`  lesson happened: ${rec?.result?.lesson === true ? 'yes' : rec?.result?.lesson === false ? 'NO' : '?'}${s.reAckInTimeWait ? '; the client ACKed the repeated FIN again in TIME_WAIT' : ''}`);
      console.log(`  network time ${secs(s.networkMs)}, wall time ${secs(s.wallMs)} (the clock stands still while a student thinks)`);
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
