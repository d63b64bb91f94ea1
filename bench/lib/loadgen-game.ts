/** A load generator's game role: classes of bot students playing full lifecycles, each delivery timed. */
import { performance } from 'node:perf_hooks';
import { pack } from '@colyseus/msgpackr';
import { Client } from 'colyseus.js';
import type { SeatEvent, Segment } from '../../shared/index';
import { RemoteBot } from '../../tests/support/bots/remote-bot';
import { RemoteHost } from '../../tests/support/bots/remote-host';
import { loadgenReport, pool } from './loadgen-common';
import { sleep, withTimeout } from './stats';

/** The round every bench pair plays: the full lifecycle, no delay, no loss, shortest timers. */
export const BENCH_ROUND = {
  scenario: 'lifecycle',
  mode: 'practice' as const,
  net: { loss: 0, delayMin: 0, delayMax: 0, duplicate: 0, reorder: 0 },
  rtoMs: 1000,
  mslMs: 1000,
  timeBonus: false,
};

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

const segKey = (s: Segment) => `${[...s.flags].sort().join('+')}:${s.seq}:${s.ack}:${s.len}`;

export interface Sample {
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
  /** The class's number among every load generator's classes (its place in the stagger). */
  slot?: number;
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
        if (meter.downBytes.length < 2000) meter.downBytes.push(r.wire ? frameBytes(r.wire.type, r.wire.message) : frameBytes('seatEvent', e));
      }
    } else if (r.type === 'verdictGiven') {
      if (verdictFrom !== null) meter.verdict.push({ at: verdictFrom, ms: now - verdictFrom });
      verdictFrom = null;
      const v = r.message as { recorded: boolean; ok?: boolean };
      if (last && !v.recorded && !v.ok) meter.refused(last.to, last.seg, last.at);
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
  classes: { pairs: number; createUrl: string; joinUrl: string; slot?: number }[];
  joinConcurrency?: number;
}

export async function gameAdd(args: AddArgs): Promise<{ classes: number; bots: number; joinMs: number[] }> {
  const joinMs: number[] = [];
  for (const spec of args.classes) {
    const id = ++classSeq;
    const started = performance.now();
    const host = await withTimeout(RemoteHost.create(clientFor(spec.createUrl), spec.createUrl), 20_000, 'create class');
    await host.configureRound(BENCH_ROUND);
    const names = Array.from({ length: 2 * spec.pairs }, (_, i) => `s${i + 1}`);
    const bots: RemoteBot[] = new Array(names.length);
    await pool(names, args.joinConcurrency ?? 8, async (nickname, i) => {
      const bot = await withTimeout(RemoteBot.join(clientFor(spec.joinUrl), host.code, { nickname, declareStates: true, quietMs: 0 }), 20_000, `join ${nickname}`);
      instrument(id, bot);
      bots[i] = bot;
    });
    const ms = performance.now() - started;
    joinMs.push(ms);
    classes.push({ id, host, bots, joinMs: ms, ...(spec.slot !== undefined ? { slot: spec.slot } : {}) });
  }
  return { classes: classes.length, bots: classes.reduce((n, c) => n + c.bots.length, 0), joinMs };
}

interface RunArgs {
  durationMs: number;
  warmupMs: number;
  /** Spread the classes' first rounds over this long (classes are independent). */
  staggerMs?: number;
  /**
   * Classes on every load generator together: a class with a `slot` starts its first round at
   * `staggerMs × slot / slots`, so that no two classes start together because they sit on
   * different load generators. Without it the stagger is over this load generator's classes.
   */
  slots?: number;
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

export async function gameRun(args: RunArgs) {
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
  // What is counted after the warm-up (the server's JIT and the first rounds' start excluded): the
  // segments sent, and this process's own lag and CPU from then on.
  let warm = { at: begin, segments: 0 };
  const warmTimer = setTimeout(() => {
    loadgenReport(true);
    warm = { at: performance.now(), segments: meter.segments };
  }, args.warmupMs);
  const startIn = (c: GameClass, i: number) => (args.slots && c.slot !== undefined ? Math.round((stagger * c.slot) / args.slots) : classes.length > 1 ? Math.round((stagger * i) / classes.length) : 0);
  const runs = await Promise.all(classes.map((c, i) => runClass(c, startIn(c, i), deadline)));
  clearTimeout(warmTimer);
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
    /** Sent after the warm-up, and how long after it the run went on (ms). */
    measuredSegments: meter.segments - warm.segments,
    measuredMs: performance.now() - warm.at,
    unmatched: meter.unmatched,
    rounds: runs.reduce((n, r) => n + r.rounds, 0),
    pairRounds: runs.reduce((n, r, i) => n + (r.rounds * (classes[i]?.bots.length ?? 0)) / 2, 0),
    unfinished: runs.reduce((n, r) => n + r.unfinished, 0),
    roundMs: runs.flatMap((r) => r.roundMs),
    failures: runs.flatMap((r) => r.failures).slice(0, 5),
    unexpected: bots.reduce((n, b) => n + b.unexpected.length - (unexpected0.get(b) ?? 0), 0),
    unexpectedSamples: bots.flatMap((b) => b.unexpected.slice(unexpected0.get(b) ?? 0).map((u) => `${b.nickname}/${b.side}: ${JSON.stringify(u.segment ?? u.state)} → ${JSON.stringify((u.answer.verdict && !u.answer.verdict.recorded ? u.answer.verdict.errors : undefined) ?? u.answer.error?.code)}`)).slice(0, 5),
    errorCodes,
    pairs: classes.reduce((n, c) => n + c.bots.length / 2, 0),
    elapsedMs: performance.now() - begin,
    upBytes: meter.upBytes,
    downBytes: meter.downBytes,
    loadgen: lg,
  };
}

export async function gameClear(): Promise<{ left: number }> {
  const all = classes.splice(0);
  await Promise.all(all.flatMap((c) => [...c.bots.map((b) => b.leave()), c.host.leave()]).map((p) => withTimeout(p, 10_000, 'leave').catch(() => undefined)));
  return { left: all.length };
}
