/** A load generator's storm role: students joining one class over a short time. */
import { performance } from 'node:perf_hooks';
import { Client } from 'colyseus.js';
import { RemoteBot } from '../../tests/support/bots/remote-bot';
import { RemoteHost } from '../../tests/support/bots/remote-host';
import { sleep, withTimeout } from './stats';

let stormHost: RemoteHost | null = null;
const stormBots: RemoteBot[] = [];

export async function stormCreate(args: { url: string }): Promise<{ code: string }> {
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

export async function stormJoin(args: StormJoinArgs) {
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

export async function stormSeated(): Promise<{ players: number; connected: number }> {
  const state = stormHost?.room.state as { players?: { forEach(fn: (p: { connected: boolean }) => void): void; size: number } } | undefined;
  let connected = 0;
  state?.players?.forEach((p) => {
    if (p.connected) connected += 1;
  });
  return { players: state?.players?.size ?? 0, connected };
}

export async function stormClear(): Promise<{ left: number }> {
  const all = stormBots.splice(0);
  await Promise.all(all.map((b) => withTimeout(b.leave(), 10_000, 'leave').catch(() => undefined)));
  if (stormHost) await withTimeout(stormHost.leave(), 10_000, 'leave').catch(() => undefined);
  stormHost = null;
  return { left: all.length };
}
