/**
 * A load generator's relay role at classroom pace: raw `ws` pairs on the relay reference
 * (bench/lib/relay-server.ts), each student sending at the rate the game's students answered in
 * the same step (exponential gaps), with the game's mean message sizes. Delivery is timed from
 * send to arrival at the partner, as in the game.
 */
import { performance } from 'node:perf_hooks';
import { loadgenReport, pool } from './loadgen-common';
import { sleep, withTimeout } from './stats';
import { ws, type WsSocket } from './ws';

interface Pair {
  a: WsSocket;
  b: WsSocket;
}
const pairs: Pair[] = [];
const sent = new Map<number, number>();
let no = 0;
let onArrive: ((n: number) => void) | null = null;

function open(url: string): Promise<WsSocket> {
  return withTimeout(new Promise<WsSocket>((resolve, reject) => {
    const s = new ws.WebSocket(url, { perMessageDeflate: false });
    s.on('message', (d) => onArrive?.(d.readUInt32LE(0)));
    s.once('open', () => resolve(s));
    s.once('error', reject);
  }), 20_000, `connect ${url}`);
}

/** Open pairs until this process holds `pairs` of them. */
export async function humanRelaySetup(args: { url: string; pairs: number; downBytes: number; tag: string }): Promise<{ pairs: number }> {
  const base = args.url.replace(/^http/, 'ws');
  const first = pairs.length;
  const want = Math.max(0, args.pairs - first);
  const made: Pair[] = new Array(want);
  await pool(Array.from({ length: want }, (_, i) => i), 32, async (i) => {
    const id = `${args.tag}-${first + i}`;
    const a = await open(`${base}/?pair=${id}&side=a&down=${args.downBytes}`);
    const b = await open(`${base}/?pair=${id}&side=b&down=${args.downBytes}`);
    made[i] = { a, b };
  });
  pairs.push(...made);
  return { pairs: pairs.length };
}

/** Every student sends `perStudentPerS` messages a second on average for `durationMs`. */
export async function humanRelayRun(args: { durationMs: number; perStudentPerS: number; upBytes: number }) {
  const delivery: number[] = [];
  loadgenReport(true);
  const begin = performance.now();
  const end = begin + args.durationMs;
  const up = Math.max(8, Math.round(args.upBytes));
  const meanGap = 1000 / Math.max(1e-6, args.perStudentPerS);
  onArrive = (n) => {
    const t = sent.get(n);
    if (t === undefined) return;
    sent.delete(n);
    delivery.push(performance.now() - t);
  };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const schedule = (s: WsSocket) => {
    const gap = -Math.log(1 - Math.random()) * meanGap;
    if (performance.now() + gap >= end) return;
    const t = setTimeout(() => {
      timers.delete(t);
      const m = ++no;
      const buf = Buffer.alloc(up);
      buf.writeUInt32LE(m, 0);
      sent.set(m, performance.now());
      s.send(buf);
      schedule(s);
    }, gap);
    timers.add(t);
  };
  for (const p of pairs) {
    schedule(p.a);
    schedule(p.b);
  }
  await sleep(args.durationMs + 1000);
  for (const t of timers) clearTimeout(t);
  onArrive = null;
  const lost = sent.size;
  sent.clear();
  return { delivery, messages: delivery.length, unanswered: lost, loadgen: loadgenReport(true) };
}

export async function humanRelayClear(): Promise<{ closed: number }> {
  const all = pairs.splice(0);
  for (const p of all) {
    p.a.terminate();
    p.b.terminate();
  }
  return { closed: all.length };
}
