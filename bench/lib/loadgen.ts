/**
 * A load generator: a Node process of its own (forked by the bench) holding bot students and
 * hosts on real colyseus.js clients, or raw `ws` relay pairs, and measuring what they see.
 *
 * Commands (over IPC, see ipc.ts): game.add, game.run, game.clear, relay.setup, relay.run,
 * relay.clear, storm.create, storm.join, storm.clear, exit. Every loop has a deadline.
 */
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { pack } from '@colyseus/msgpackr';
import { Client } from 'colyseus.js';
import type { SeatEvent, Segment } from '../../shared/index';
import { RemoteBot } from '../../server/bots/remote-bot';
import { RemoteHost } from '../../server/bots/remote-host';
import { serve } from './ipc';
import { sleep, withTimeout } from './stats';
import { ws, type WsSocket } from './ws';

/** The round every bench pair plays: the full lifecycle, no delay, no loss, shortest timers. */
export const BENCH_ROUND = {
  scenario: 'lifecycle',
  mode: 'practice' as const,
  net: { loss: 0, delayMin: 0, delayMax: 0, duplicate: 0, reorder: 0 },
  rtoMs: 1000,
  mslMs: 1000,
  timeBonus: false,
};

const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
let cpu0 = process.cpuUsage();
let t0 = performance.now();
let gcMax = 0;
let gcTotal = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMax = Math.max(gcMax, e.duration);
    gcTotal += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

function loadgenReport(reset: boolean): { lagP99: number; lagMax: number; cpuShare: number; gcMaxMs: number; gcTotalMs: number; heapBytes: number } {
  const cpu = process.cpuUsage(cpu0);
  const now = performance.now();
  const r = { lagP99: lag.percentile(99) / 1e6, lagMax: lag.max / 1e6, cpuShare: (cpu.user + cpu.system) / 1000 / Math.max(1, now - t0), gcMaxMs: gcMax, gcTotalMs: gcTotal, heapBytes: process.memoryUsage().heapUsed };
  if (reset) {
    lag.reset();
    cpu0 = process.cpuUsage();
    t0 = now;
    gcMax = 0;
    gcTotal = 0;
  }
  return r;
}

/** The bots keep every message and answer they ever got; between rounds, forget what the bench no longer needs. */
function trim(bots: RemoteBot[]): void {
  for (const b of bots) {
    if (b.active) continue;
    b.inbox.messages.length = 0;
    b.verdicts.length = 0;
    b.sent.length = 0;
    b.roundsEnded.length = 0;
  }
}

/** Bytes of a colyseus ROOM_DATA frame: protocol byte, type as a short string, msgpack body. */
function frameBytes(type: string, message: unknown): number {
  return 1 + 1 + Buffer.byteLength(type) + pack(message).length;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

// ── game: classes of bot students playing full lifecycles ──

const segKey = (s: Segment) => `${[...s.flags].sort().join('+')}:${s.seq}:${s.ack}:${s.len}`;

interface Sample {
  at: number;
  ms: number;
  /** The segment's flags, e.g. "ACK+SYN" (for the breakdown by kind). */
  kind?: string;
}

/** Latency bookkeeping shared by every bot of this process (pairs never span processes). */
class Meter {
  /** receiver nickname (class-qualified) → segment key → send times not yet matched */
  private pending = new Map<string, Map<string, number[]>>();
  delivery: Sample[] = [];
  verdict: Sample[] = [];
  upBytes: number[] = [];
  downBytes: number[] = [];
  segments = 0;
  declares = 0;
  unmatched = 0;

  sent(toKey: string, seg: Segment, at: number): void {
    let m = this.pending.get(toKey);
    if (!m) this.pending.set(toKey, (m = new Map()));
    const k = segKey(seg);
    const q = m.get(k);
    if (q) q.push(at);
    else m.set(k, [at]);
  }

  /** A send the server refused never reaches the partner: forget it (else a later identical send would match it). */
  refused(toKey: string, seg: Segment, at: number): void {
    const q = this.pending.get(toKey)?.get(segKey(seg));
    const i = q?.lastIndexOf(at) ?? -1;
    if (q && i >= 0) q.splice(i, 1);
  }

  delivered(meKey: string, seg: Segment, at: number): void {
    const q = this.pending.get(meKey)?.get(segKey(seg));
    const sentAt = q?.shift();
    if (sentAt === undefined) {
      this.unmatched += 1;
      return;
    }
    this.delivery.push({ at: sentAt, ms: at - sentAt, kind: [...seg.flags].sort().join('+') + (seg.len > 0 ? '+data' : '') });
  }

  clearPending(): void {
    this.pending.clear();
  }
}

interface GameClass {
  id: number;
  host: RemoteHost;
  bots: RemoteBot[];
  joinMs: number;
}

const meter = new Meter();
const classes: GameClass[] = [];
const clients = new Map<string, Client>();
const clientFor = (url: string) => {
  let c = clients.get(url);
  if (!c) clients.set(url, (c = new Client(url)));
  return c;
};
let classSeq = 0;

function instrument(cls: number, bot: RemoteBot): void {
  // The bot reads its score with state.toJSON() on every state patch: the whole class's state, per
  // bot, per patch (O(class²) per patch; 10-15% of a load generator's CPU at 250 pairs). The bench
  // needs no score, and a browser does no such thing, so that listener goes. colyseus.js still
  // decodes every patch, as a browser does.
  bot.room.onStateChange.clear();
  const room = bot.room as unknown as { send(type: string | number, message?: unknown): void };
  const send = room.send.bind(room);
  let verdictFrom: number | null = null;
  let last: { to: string; seg: Segment; at: number } | null = null;
  room.send = (type, message) => {
    const now = performance.now();
    if (type === 'sendSegment') {
      const seg = message as Segment;
      meter.segments += 1;
      last = { to: `${cls}/${bot.partner}`, seg, at: now };
      meter.sent(last.to, seg, now);
      verdictFrom = now;
      if (meter.upBytes.length < 2000) meter.upBytes.push(frameBytes('sendSegment', message));
    } else if (type === 'declareState') {
      meter.declares += 1;
    }
    send(type, message);
  };
  bot.inbox.onMessage((r) => {
    const now = performance.now();
    if (r.type === 'seatEvent') {
      const e = r.message as SeatEvent;
      if (e.kind === 'delivered' && e.to === bot.side) {
        meter.delivered(`${cls}/${bot.nickname}`, e.segment, now);
        if (meter.downBytes.length < 2000) meter.downBytes.push(frameBytes('seatEvent', e));
      }
    } else if (r.type === 'verdictGiven') {
      if (verdictFrom !== null) meter.verdict.push({ at: verdictFrom, ms: now - verdictFrom });
      verdictFrom = null;
      if (last && !(r.message as { ok: boolean }).ok) meter.refused(last.to, last.seg, last.at);
      last = null;
    } else if (r.type === 'error') {
      verdictFrom = null;
      if (last && (r.message as { intent?: string }).intent === 'sendSegment') meter.refused(last.to, last.seg, last.at);
      last = null;
    }
  });
}

interface AddArgs {
  /** One entry per class: pairs, and the server URLs to create it through and to join it through. */
  classes: { pairs: number; createUrl: string; joinUrl: string }[];
  joinConcurrency?: number;
}

async function gameAdd(args: AddArgs): Promise<{ classes: number; bots: number; joinMs: number[] }> {
  const joinMs: number[] = [];
  for (const spec of args.classes) {
    const id = ++classSeq;
    const started = performance.now();
    const host = await withTimeout(RemoteHost.create(clientFor(spec.createUrl), spec.createUrl), 20_000, 'create class');
    await host.configureRound(BENCH_ROUND);
    const names = Array.from({ length: 2 * spec.pairs }, (_, i) => `s${i + 1}`);
    const bots: RemoteBot[] = new Array(names.length);
    await pool(names, args.joinConcurrency ?? 8, async (nickname, i) => {
      const bot = await withTimeout(RemoteBot.join(clientFor(spec.joinUrl), host.code, { nickname, declareStates: true }), 20_000, `join ${nickname}`);
      instrument(id, bot);
      bots[i] = bot;
    });
    const ms = performance.now() - started;
    joinMs.push(ms);
    classes.push({ id, host, bots, joinMs: ms });
  }
  return { classes: classes.length, bots: classes.reduce((n, c) => n + c.bots.length, 0), joinMs };
}

interface RunArgs {
  durationMs: number;
  warmupMs: number;
  /** Spread the classes' first rounds over this long (classes are independent). */
  staggerMs?: number;
}

interface ClassRun {
  rounds: number;
  unfinished: number;
  roundMs: number[];
  failures: string[];
}

async function runClass(c: GameClass, startIn: number, deadline: number): Promise<ClassRun> {
  const out: ClassRun = { rounds: 0, unfinished: 0, roundMs: [], failures: [] };
  await sleep(startIn);
  let guard = 0;
  while (Date.now() < deadline && guard++ < 1000) {
    const t = performance.now();
    let round = 0;
    try {
      const started = await c.host.startRound();
      round = started.round;
      await c.host.waitAllFinished(round, Math.max(10_000, deadline - Date.now() + 5000));
      out.roundMs.push(performance.now() - t);
      out.rounds += 1;
    } catch (e) {
      out.unfinished += 1;
      if (out.failures.length < 3) out.failures.push(e instanceof Error ? e.message : String(e));
    }
    // Let the bots make their last declarations (CLOSED after TIME_WAIT) before the round ends.
    await sleep(150);
    try {
      if (round > 0) await c.host.endRound();
      trim(c.bots);
    } catch (e) {
      if (out.failures.length < 3) out.failures.push(`endRound: ${e instanceof Error ? e.message : String(e)}`);
      await sleep(500);
    }
  }
  return out;
}

async function gameRun(args: RunArgs) {
  meter.delivery = [];
  meter.verdict = [];
  meter.segments = 0;
  meter.declares = 0;
  meter.unmatched = 0;
  meter.clearPending();
  const errors0 = new Map(classes.flatMap((c) => c.bots).map((b) => [b, b.errors.length]));
  const unexpected0 = new Map(classes.flatMap((c) => c.bots).map((b) => [b, b.unexpected.length]));
  loadgenReport(true);
  const begin = performance.now();
  const deadline = Date.now() + args.durationMs;
  const stagger = args.staggerMs ?? 0;
  const runs = await Promise.all(classes.map((c, i) => runClass(c, classes.length > 1 ? Math.round((stagger * i) / classes.length) : 0, deadline)));
  const lg = loadgenReport(true);
  const from = begin + args.warmupMs;
  const bots = classes.flatMap((c) => c.bots);
  const errorCodes: Record<string, number> = {};
  for (const b of bots) for (const e of b.errors.slice(errors0.get(b) ?? 0)) errorCodes[e.code] = (errorCodes[e.code] ?? 0) + 1;
  const byKind: Record<string, number[]> = {};
  for (const d of meter.delivery) if (d.at >= from) (byKind[d.kind ?? '?'] ??= []).push(d.ms);
  return {
    delivery: meter.delivery.filter((s) => s.at >= from).map((s) => s.ms),
    deliveryByKind: byKind,
    verdict: meter.verdict.filter((s) => s.at >= from).map((s) => s.ms),
    segments: meter.segments,
    declares: meter.declares,
    unmatched: meter.unmatched,
    rounds: runs.reduce((n, r) => n + r.rounds, 0),
    pairRounds: runs.reduce((n, r, i) => n + (r.rounds * (classes[i]?.bots.length ?? 0)) / 2, 0),
    unfinished: runs.reduce((n, r) => n + r.unfinished, 0),
    roundMs: runs.flatMap((r) => r.roundMs),
    failures: runs.flatMap((r) => r.failures).slice(0, 5),
    unexpected: bots.reduce((n, b) => n + b.unexpected.length - (unexpected0.get(b) ?? 0), 0),
    unexpectedSamples: bots.flatMap((b) => b.unexpected.slice(unexpected0.get(b) ?? 0).map((u) => `${b.nickname}/${b.side}: ${JSON.stringify(u.segment ?? u.state)} → ${JSON.stringify(u.answer.verdict?.errors ?? u.answer.error?.code)}`)).slice(0, 5),
    errorCodes,
    pairs: classes.reduce((n, c) => n + c.bots.length / 2, 0),
    elapsedMs: performance.now() - begin,
    upBytes: meter.upBytes,
    downBytes: meter.downBytes,
    loadgen: lg,
  };
}

async function gameClear(): Promise<{ left: number }> {
  const all = classes.splice(0);
  await Promise.all(all.flatMap((c) => [...c.bots.map((b) => b.leave()), c.host.leave()]).map((p) => withTimeout(p, 10_000, 'leave').catch(() => undefined)));
  return { left: all.length };
}

// ── relay: the same traffic over a raw ws relay ──

interface RelayPair {
  a: WsSocket;
  b: WsSocket;
}
const relayPairs: RelayPair[] = [];
/** message number → send time; the header of each message carries its number. */
const relaySent = new Map<number, number>();
let relayNo = 0;
let relayOnArrive: ((pair: number, side: 'a' | 'b', no: number) => void) | null = null;

function open(url: string, onMessage: (data: Buffer) => void): Promise<WsSocket> {
  return withTimeout(new Promise<WsSocket>((resolve, reject) => {
    const s = new ws.WebSocket(url, { perMessageDeflate: false });
    s.on('message', (d) => onMessage(d));
    s.once('open', () => resolve(s));
    s.once('error', reject);
  }), 10_000, `connect ${url}`);
}

async function relaySetup(args: { url: string; pairs: number; downBytes: number; tag: string }): Promise<{ pairs: number }> {
  const base = args.url.replace(/^http/, 'ws');
  const first = relayPairs.length;
  const made: RelayPair[] = new Array(args.pairs);
  await pool(Array.from({ length: args.pairs }, (_, i) => i), 16, async (i) => {
    const id = `${args.tag}-${first + i}`;
    const handler = (side: 'a' | 'b') => (d: Buffer) => relayOnArrive?.(first + i, side, d.readUInt32LE(0));
    const a = await open(`${base}/?pair=${id}&side=a&down=${args.downBytes}`, handler('a'));
    const b = await open(`${base}/?pair=${id}&side=b&down=${args.downBytes}`, handler('b'));
    made[i] = { a, b };
  });
  relayPairs.push(...made);
  return { pairs: relayPairs.length };
}

interface RelayRunArgs {
  durationMs: number;
  warmupMs: number;
  upBytes: number;
  /** One "round": a chain of this many messages, alternately a→b and b→a, each sent when the previous arrives… */
  chain: number;
  /** …then quiet until the round is this long. */
  roundMs: number;
  /** Pairs that start their rounds at the same moment, as a class does when its host starts a round. */
  groupSize: number;
}

async function relayRun(args: RelayRunArgs) {
  const samples: Sample[] = [];
  loadgenReport(true);
  const begin = performance.now();
  const deadline = begin + args.durationMs;
  const up = Math.max(8, args.upBytes);
  const sendFrom = (pair: number, side: 'a' | 'b') => {
    const p = relayPairs[pair];
    if (!p) return;
    const no = ++relayNo;
    const buf = Buffer.alloc(up);
    buf.writeUInt32LE(no, 0);
    relaySent.set(no, performance.now());
    (side === 'a' ? p.a : p.b).send(buf);
  };
  const left = new Map<number, number>();
  let rounds = 0;
  relayOnArrive = (pair, side, no) => {
    const now = performance.now();
    const at = relaySent.get(no);
    relaySent.delete(no);
    if (at !== undefined) samples.push({ at, ms: now - at });
    const n = (left.get(pair) ?? 0) - 1;
    left.set(pair, n);
    // The receiver answers at once, like a bot whose move is due.
    if (n > 0 && now < deadline) sendFrom(pair, side);
  };
  const timers: ReturnType<typeof setTimeout>[] = [];
  const group = Math.max(1, args.groupSize);
  const startRound = (first: number) => {
    if (performance.now() >= deadline) return;
    rounds += 1;
    for (let pair = first; pair < Math.min(first + group, relayPairs.length); pair++) {
      left.set(pair, args.chain);
      sendFrom(pair, rounds % 2 === 0 ? 'a' : 'b');
    }
    timers.push(setTimeout(() => startRound(first), args.roundMs));
  };
  for (let first = 0; first < relayPairs.length; first += group) timers.push(setTimeout(() => startRound(first), Math.floor(Math.random() * args.roundMs)));
  await sleep(args.durationMs + 500);
  for (const t of timers) clearTimeout(t);
  relayOnArrive = null;
  relaySent.clear();
  const from = begin + args.warmupMs;
  return { delivery: samples.filter((s) => s.at >= from).map((s) => s.ms), messages: samples.length, rounds, loadgen: loadgenReport(true) };
}

async function relayClear(): Promise<{ closed: number }> {
  const all = relayPairs.splice(0);
  for (const p of all) {
    p.a.terminate();
    p.b.terminate();
  }
  return { closed: all.length };
}

// ── join storm: students joining one class over a short time ──

let stormHost: RemoteHost | null = null;
const stormBots: RemoteBot[] = [];

async function stormCreate(args: { url: string }): Promise<{ code: string }> {
  stormHost = await withTimeout(RemoteHost.create(new Client(args.url), args.url), 20_000, 'create class');
  return { code: stormHost.code };
}

interface StormJoinArgs {
  url: string;
  code: string;
  /** Which students of the storm this process joins (0-based), and how many in all. */
  indices: number[];
  total: number;
  spreadMs: number;
  /** Wall-clock start shared by every process taking part (Date.now() ms). */
  startAt: number;
  prefix: string;
}

async function stormJoin(args: StormJoinArgs) {
  const results = await Promise.all(args.indices.map(async (i) => {
    const at = args.startAt + (i * args.spreadMs) / args.total;
    await sleep(Math.max(0, at - Date.now()));
    const t = performance.now();
    const startedAt = Date.now();
    try {
      const bot = await withTimeout(RemoteBot.join(new Client(args.url), args.code, { nickname: `${args.prefix}${i + 1}`, autoplay: false }), 15_000, 'join');
      stormBots.push(bot);
      return { i, ok: true, ms: performance.now() - t, startedAt, seatedAt: Date.now() };
    } catch (e) {
      return { i, ok: false, ms: performance.now() - t, startedAt, seatedAt: Date.now(), error: e instanceof Error ? e.message.slice(0, 200) : String(e) };
    }
  }));
  return { results };
}

async function stormSeated(): Promise<{ players: number; connected: number }> {
  const state = stormHost?.room.state as { players?: { forEach(fn: (p: { connected: boolean }) => void): void; size: number } } | undefined;
  let connected = 0;
  state?.players?.forEach((p) => {
    if (p.connected) connected += 1;
  });
  return { players: state?.players?.size ?? 0, connected };
}

async function stormClear(): Promise<{ left: number }> {
  const all = stormBots.splice(0);
  await Promise.all(all.map((b) => withTimeout(b.leave(), 10_000, 'leave').catch(() => undefined)));
  if (stormHost) await withTimeout(stormHost.leave(), 10_000, 'leave').catch(() => undefined);
  stormHost = null;
  return { left: all.length };
}

serve({
  'game.add': gameAdd,
  'game.run': gameRun,
  'game.clear': gameClear,
  'relay.setup': relaySetup,
  'relay.run': relayRun,
  'relay.clear': relayClear,
  'storm.create': stormCreate,
  'storm.join': stormJoin,
  'storm.seated': stormSeated,
  'storm.clear': stormClear,
});
