/**
 * A load generator's classroom-pace role (issue 15): classes of bot students — the same
 * `RemoteBot` the tests and the lockstep bench use, real colyseus.js clients — that think like
 * people before each answer (bench/lib/think.ts) and sometimes answer wrong first, playing round
 * after round of every scenario for as long as they are held. Classes start playing as soon as
 * they are seated and keep playing while the bench adds more; the bench opens a measuring window
 * (`human.window`) and reads it (`human.read`) while they play.
 *
 * Delivery is timed by the segment's id: a student's `sendSegment` leaves at t0; its own `sent`
 * event names the id the network gave it; the partner's `delivered` event with that id (same
 * process, one clock) closes it. A segment lost on the way and sent again is timed from the
 * retransmission, which is the send that was delivered.
 *
 * The pair's network clock stands still while either seat owes an answer (shared/round/play.ts),
 * and no segment is delivered meanwhile: a segment sent while its sender still owes the next one,
 * or while the partner owes a declaration, waits for that person to think. That wait is the
 * game's rule, not the server's time, so `delivery` is timed from when the segment became due —
 * the later of its send and the last answer either seat of the pair gave before it arrived (the
 * answer that set the clock going again) — and `deliveryRaw` keeps send → delivered as it was,
 * with `held` counting the deliveries that waited for a person.
 */
import { performance } from 'node:perf_hooks';
import { pack } from '@colyseus/msgpackr';
import { Client } from 'colyseus.js';
import { SCENARIOS, type SeatEvent } from '../../shared/index';
import { RemoteBot } from '../../tests/support/bots/remote-bot';
import { RemoteHost } from '../../tests/support/bots/remote-host';
import { loadgenReport, pool } from './loadgen-common';
import { sleep, withTimeout } from './stats';
import { TIMELINE } from './stalls';
import { Thinker } from './think';

/**
 * Every round: practice, the class defaults for timers (RTO 8 s, MSL 6 s, network time), no
 * injected delay (so that send → delivered is the server's own time; the scenarios' own losses
 * and crossings still happen), the round ending itself when every pair is done.
 */
export const HUMAN_ROUND = {
  mode: 'practice' as const,
  net: { loss: 0, delayMin: 0, delayMax: 0, duplicate: 0, reorder: 0 },
  timeBonus: false,
  autoEnd: true,
};
export const HUMAN_SCENARIOS = SCENARIOS.map((s) => s.id);

interface HumanClass {
  id: number;
  host: RemoteHost;
  bots: RemoteBot[];
  thinkers: Thinker[];
  stop: boolean;
  loop: Promise<void> | null;
  next: number;
  rounds: number;
  unfinished: number;
  failures: string[];
}

/** What a window measured in this process. */
class Window {
  open = false;
  from = 0;
  delivery: number[] = [];
  deliveryRaw: number[] = [];
  held = 0;
  verdict: number[] = [];
  /** With BENCH_TIMELINE: answers and deliveries that took 30 ms or more, with the wall clock. */
  slow: { at: number; ms: number; kind: 'verdict' | 'delivery' }[] = [];
  segments = 0;
  declares = 0;
  wrong = 0;
  rounds = 0;
  unfinished = 0;
  upBytes = 0;
  up = 0;
  downBytes = 0;
  down = 0;
  reset(): void {
    this.open = true;
    this.from = performance.now();
    this.delivery = [];
    this.deliveryRaw = [];
    this.held = 0;
    this.verdict = [];
    this.slow = [];
    this.segments = 0;
    this.declares = 0;
    this.wrong = 0;
    this.rounds = 0;
    this.unfinished = 0;
    this.upBytes = 0;
    this.up = 0;
    this.downBytes = 0;
    this.down = 0;
  }
}

const win = new Window();
/** `${class}/${sender}/${round}/${segment id}` → when the student pressed send. */
const sentAt = new Map<string, number>();
/** `${class}/${round}/${pair}` → when either seat of the pair last answered. */
const lastAnswer = new Map<string, number>();
const pairOf = (cls: number, bot: RemoteBot) => `${cls}/${bot.round}/${[bot.nickname, bot.partner].sort().join('|')}`;
const classes: HumanClass[] = [];
let classSeq = 0;
let joinFailures = 0;
let joinRetries = 0;
const joinErrors: string[] = [];
const joinError = (e: unknown) => {
  if (joinErrors.length < 5) joinErrors.push(e instanceof Error ? e.message : String(e));
};

/** Bytes of a colyseus ROOM_DATA frame: protocol byte, type as a short string, msgpack body. */
function frameBytes(type: string, message: unknown): number {
  return 1 + 1 + Buffer.byteLength(type) + pack(message).length;
}

/** Drop the bookkeeping a long-running bot keeps that the bench never reads. */
function trim(b: RemoteBot): void {
  if (b.active) return;
  b.inbox.messages.length = 0;
  b.verdicts.length = 0;
  b.sent.length = 0;
  b.roundsEnded.length = 0;
  b.errors.length = 0;
  b.unexpected.length = 0;
}

function instrument(cls: number, bot: RemoteBot, decodePatches: boolean): void {
  // A student's page decodes its class's state patches, but the bench's students never read the
  // synced state: drop its score listener, and (unless asked) skip decoding the patches, which is
  // the students' CPU, not the server's (the host still decodes every patch).
  bot.room.onStateChange.clear();
  if (!decodePatches) {
    const ser = (bot.room as unknown as { serializer?: { patch?: unknown } }).serializer;
    if (ser) ser.patch = () => undefined;
  }
  const room = bot.room as unknown as { send(type: string | number, message?: unknown): void };
  const send = room.send.bind(room);
  let pressed: number | null = null;
  let answeredFrom: number | null = null;
  room.send = (type, message) => {
    const now = performance.now();
    if (type === 'sendSegment' || type === 'declareState') {
      answeredFrom = now;
      lastAnswer.set(pairOf(cls, bot), now);
      if (type === 'sendSegment') pressed = now;
      if (win.open) {
        if (type === 'sendSegment') win.segments += 1;
        else win.declares += 1;
        if (win.up < 1000) {
          win.up += 1;
          win.upBytes += frameBytes(type, message);
        }
      }
    }
    send(type, message);
  };
  bot.inbox.onMessage((r) => {
    const now = performance.now();
    if (r.type === 'seatEvent') {
      const e = r.message as SeatEvent;
      if (e.kind === 'sent' && e.side === bot.side && e.origin === 'player' && pressed !== null) {
        sentAt.set(`${cls}/${bot.nickname}/${bot.round}/${e.id}`, pressed);
        pressed = null;
      } else if (e.kind === 'delivered' && e.to === bot.side) {
        const k = `${cls}/${bot.partner}/${bot.round}/${e.id}`;
        const t0 = sentAt.get(k);
        if (t0 !== undefined) {
          sentAt.delete(k);
          const due = Math.max(t0, lastAnswer.get(pairOf(cls, bot)) ?? t0);
          if (win.open && t0 >= win.from) {
            win.delivery.push(now - due);
            if (TIMELINE && now - due >= 30 && win.slow.length < 5000) win.slow.push({ at: Date.now(), ms: now - due, kind: 'delivery' });
            win.deliveryRaw.push(now - t0);
            if (due > t0) win.held += 1;
          }
          if (win.open && win.down < 1000) {
            win.down += 1;
            win.downBytes += r.wire ? frameBytes(r.wire.type, r.wire.message) : frameBytes('seatEvent', e);
          }
        }
      }
    } else if (r.type === 'verdictGiven' || r.type === 'error') {
      if (r.type === 'verdictGiven' && answeredFrom !== null && win.open && answeredFrom >= win.from) {
        win.verdict.push(now - answeredFrom);
        if (TIMELINE && now - answeredFrom >= 30 && win.slow.length < 5000) win.slow.push({ at: Date.now(), ms: now - answeredFrom, kind: 'verdict' });
      }
      if (r.type === 'verdictGiven' && !(r.message as { ok?: boolean }).ok && win.open) win.wrong += 1;
      answeredFrom = null;
      // Refused or wrong (practice): nothing went onto the network.
      pressed = null;
    }
  });
}

export interface HumanAddArgs {
  url: string;
  /**
   * Server processes sharing matchmaking (scale-out): class k is opened through `urls[k % n]` and
   * its students join through each in turn (their sockets end at the class's process either way).
   */
  urls?: string[];
  classes: number[];
  joinConcurrency?: number;
  /** Classes gathering at once. */
  classConcurrency?: number;
  decodePatches?: boolean;
  /** Longest a round may take before the host ends it (a stuck pair must not stop its class). */
  roundTimeoutMs?: number;
}

/** A fresh browser's client-id cookie: each bot student and host is a browser of its own. */
async function cookie(url: string): Promise<string> {
  const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(20_000) });
  await res.arrayBuffer();
  const set = res.headers.getSetCookie().find((c) => c.startsWith('synack_id='));
  if (!set) throw new Error('no client id cookie');
  return set.split(';')[0] as string;
}
const browser = async (url: string) => new Client(url, { headers: { cookie: await cookie(url) } });

/** Seat the classes (sizes in pairs) and start each playing at once. */
export async function humanAdd(args: HumanAddArgs): Promise<{ classes: number; students: number; joinFailures: number; joinErrors: string[]; joinMs: number }> {
  const t0 = performance.now();
  const urls = args.urls?.length ? args.urls : [args.url];
  const via = (k: number) => urls[k % urls.length] as string;
  // A few classes gather at once, each student joining as its own browser.
  await pool(args.classes, args.classConcurrency ?? 4, async (pairs) => {
    const id = ++classSeq;
    let host: RemoteHost;
    try {
      host = await withTimeout(RemoteHost.create(await browser(via(id)), via(id)), 30_000, 'create class');
      await host.configureRound({ ...HUMAN_ROUND, scenario: HUMAN_SCENARIOS[id % HUMAN_SCENARIOS.length] as string });
    } catch (e) {
      joinFailures += 2 * pairs;
      joinError(e);
      process.stderr.write(`class ${id}: ${e instanceof Error ? e.message : String(e)}\n`);
      return;
    }
    const names = Array.from({ length: 2 * pairs }, (_, i) => `s${i + 1}`);
    const bots: (RemoteBot | undefined)[] = new Array(names.length);
    const thinkers = names.map((_, i) => new Thinker(id * 1000 + i));
    await pool(names, args.joinConcurrency ?? 8, async (nickname, i) => {
      const th = thinkers[i] as Thinker;
      // A student whose join fails tries again, as a person would, up to three times.
      for (let attempt = 1; attempt <= 3 && !bots[i]; attempt++) {
        try {
          const bot = await withTimeout(RemoteBot.join(await browser(via(id + i + attempt - 1)), host.code, { nickname, seed: id * 1000 + i, declareStates: true, drawThinkMs: () => th.thinkMs() }), 30_000, `join ${nickname}`);
          instrument(id, bot, args.decodePatches === true);
          bots[i] = bot;
        } catch (e) {
          joinError(e);
          if (attempt === 3) joinFailures += 1;
          else {
            joinRetries += 1;
            await sleep(2000);
          }
        }
      }
    });
    const seated = bots.filter((b): b is RemoteBot => b !== undefined);
    const c: HumanClass = { id, host, bots: seated, thinkers, stop: false, loop: null, next: id, rounds: 0, unfinished: 0, failures: [] };
    c.loop = classLoop(c, args.roundTimeoutMs ?? 15 * 60_000);
    classes.push(c);
  });
  return { classes: classes.length, students: classes.reduce((n, c) => n + c.bots.length, 0), joinFailures, joinErrors: [...joinErrors], joinMs: performance.now() - t0 };
}

/** Round after round, each class a scenario after the other (classes start at different ones). */
async function classLoop(c: HumanClass, roundTimeoutMs: number): Promise<void> {
  for (let guard = 0; !c.stop && guard < 100_000; guard++) {
    try {
      await c.host.configureRound({ scenario: HUMAN_SCENARIOS[c.next++ % HUMAN_SCENARIOS.length] as string });
      c.bots.forEach((b, i) => b.addMistakes((c.thinkers[i] as Thinker).mistakes()));
      const started = await c.host.startRound();
      try {
        await c.host.waitAllFinished(started.round, roundTimeoutMs);
        c.rounds += 1;
        if (win.open) win.rounds += 1;
      } catch (e) {
        c.unfinished += 1;
        if (win.open) win.unfinished += 1;
        if (c.failures.length < 3) c.failures.push(e instanceof Error ? e.message : String(e));
      }
      // The last declarations (CLOSED after TIME_WAIT) are made after a think too; the round ends itself.
      await c.host.endRound().catch(() => undefined);
      for (const k of [...lastAnswer.keys()]) if (k.startsWith(`${c.id}/${started.round}/`)) lastAnswer.delete(k);
      for (const b of c.bots) trim(b);
      // The host keeps every dashboard it is sent; nothing waits on them between rounds.
      c.host.inbox.messages.length = 0;
    } catch (e) {
      if (c.failures.length < 3) c.failures.push(e instanceof Error ? e.message : String(e));
      await sleep(2000);
    }
    // The class looks at the result a moment before the next round.
    await sleep(3000);
  }
}

export function humanWindow(): { open: true } {
  win.reset();
  sentAt.clear();
  loadgenReport(true);
  return { open: true };
}

export function humanRead() {
  const lg = loadgenReport(true);
  const elapsed = performance.now() - win.from;
  win.open = false;
  return {
    elapsedMs: elapsed,
    delivery: win.delivery,
    deliveryRaw: win.deliveryRaw,
    held: win.held,
    verdict: win.verdict,
    ...(TIMELINE ? { slow: win.slow } : {}),
    segments: win.segments,
    declares: win.declares,
    wrong: win.wrong,
    rounds: win.rounds,
    unfinished: win.unfinished,
    upBytes: win.up > 0 ? win.upBytes / win.up : null,
    downBytes: win.down > 0 ? win.downBytes / win.down : null,
    students: classes.reduce((n, c) => n + c.bots.length, 0),
    connected: classes.reduce((n, c) => n + c.bots.filter((b) => b.connected).length, 0),
    joinFailures,
    joinRetries,
    failures: [...joinErrors.map((e) => `join: ${e}`), ...classes.flatMap((c) => c.failures)].slice(0, 5),
    loadgen: { ...lg, rss: process.memoryUsage().rss },
  };
}

export async function humanClear(): Promise<{ left: number }> {
  const all = classes.splice(0);
  for (const c of all) c.stop = true;
  await pool(all, 8, async (c) => {
    await Promise.all([...c.bots.map((b) => b.leave()), c.host.leave()].map((p) => withTimeout(p, 10_000, 'leave').catch(() => undefined)));
  });
  sentAt.clear();
  return { left: all.length };
}
