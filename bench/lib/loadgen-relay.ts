/** A load generator's relay role: the same traffic over a raw ws relay, the reference. */
import { performance } from 'node:perf_hooks';
import { loadgenReport, pool } from './loadgen-common';
import type { Sample } from './loadgen-game';
import { sleep, withTimeout } from './stats';
import { ws, type WsSocket } from './ws';

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

export async function relaySetup(args: { url: string; pairs: number; downBytes: number; tag: string }): Promise<{ pairs: number }> {
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
  /**
   * The groups of every load generator together, and the number of this one's first group: group
   * `slot` starts its first round at `roundMs × slot / slots`, spread evenly as the game's classes
   * are. Without them each group starts at a random moment within the first round.
   */
  slots?: number;
  firstSlot?: number;
}

export async function relayRun(args: RelayRunArgs) {
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
  for (let first = 0, g = 0; first < relayPairs.length; first += group, g++) {
    const at = args.slots ? Math.round((args.roundMs * ((args.firstSlot ?? 0) + g)) / args.slots) : Math.floor(Math.random() * args.roundMs);
    timers.push(setTimeout(() => startRound(first), at));
  }
  await sleep(args.durationMs + 500);
  for (const t of timers) clearTimeout(t);
  relayOnArrive = null;
  relaySent.clear();
  const from = begin + args.warmupMs;
  return { delivery: samples.filter((s) => s.at >= from).map((s) => s.ms), messages: samples.length, rounds, loadgen: loadgenReport(true) };
}

export async function relayClear(): Promise<{ closed: number }> {
  const all = relayPairs.splice(0);
  for (const p of all) {
    p.a.terminate();
    p.b.terminate();
  }
  return { closed: all.length };
}
