/** The raw ws relay: the reference, with the same traffic as the game. */
import { coresBusy, cpuTimes } from '../lib/cpu';
import { CFG, live, log, pinFor, quietLog, settle, startLoadgens, stopAll } from '../lib/run';
import { ServerProc } from '../lib/server-proc';
import { round, summarize, type Summary } from '../lib/stats';
import { lagMs, type Step } from './game';

// ── the raw ws relay reference ──

export interface RelaySection {
  pairs: number;
  delivery: Summary;
  other_cores_busy: number | null;
  lag_p99_ms: number | null;
  server_cpu: number | null;
  /**
   * The relay's CPU time over the messages it relayed: what receiving one websocket message and
   * sending it on costs on this machine, the floor under the game's `cpu_ms_per_segment`.
   */
  cpu_ms_per_message: number | null;
  loadgen_lag_p99_ms: number | null;
  up_bytes: number;
  down_bytes: number;
  chain: number;
  round_ms: number;
}

export async function relaySection(pairs: number, like: Step | null): Promise<RelaySection> {
  // The same traffic as the game's pairs: message sizes, messages per pair per round, round length.
  const up = Math.round(like?.up_bytes ?? 69);
  const down = Math.round(like?.down_bytes ?? 97);
  const chain = Math.max(2, Math.round(like?.intents_per_pair_round ?? 10));
  const roundMs = Math.round(like?.round_ms ?? 2600);
  const lgs = startLoadgens();
  const relay = await ServerProc.startRelay({ log: quietLog });
  live.add(relay);
  pinFor(1, [relay]);
  try {
    const share = lgs.map((_, i) => Math.floor(pairs / lgs.length) + (i < pairs % lgs.length ? 1 : 0));
    await Promise.all(lgs.map((lg, i) => lg.call('relay.setup', { url: relay.url, pairs: share[i], downBytes: down, tag: `lg${i}` }, 120_000)));
    await settle('relay');
    await relay.metrics({ reset: true });
    const cpuA = cpuTimes();
    log(`relay: ${pairs} pairs in groups of ${CFG.classPairs} starting together, ${chain} messages per pair and round every ${roundMs} ms, ${up} B up / ${down} B down; playing ${CFG.durationMs / 1000} s`);
    // Groups spread evenly over a round across the load generators, as the game's classes are.
    const groups = share.map((n) => Math.ceil(n / CFG.classPairs));
    const slots = groups.reduce((a, b) => a + b, 0);
    const firstSlot = (i: number) => groups.slice(0, i).reduce((a, b) => a + b, 0);
    const runs = await Promise.all(lgs.map((lg, i) => lg.call<{ delivery: number[]; messages: number; loadgen: { lagP99: number; cpuShare: number } }>('relay.run', { durationMs: CFG.durationMs, warmupMs: CFG.warmupMs, upBytes: up, chain, roundMs, groupSize: CFG.classPairs, slots, firstSlot: firstSlot(i) }, CFG.durationMs + 60_000)));
    const m = await relay.metrics({ reset: true });
    const busy = coresBusy(cpuA, cpuTimes());
    const ours = m.cpuShare + runs.reduce((n, r) => n + r.loadgen.cpuShare, 0);
    const d = summarize(runs.flatMap((r) => r.delivery));
    const messages = runs.reduce((n, r) => n + r.messages, 0);
    const perMessage = messages > 0 ? round(m.cpuMs / messages, 3) : null;
    log(`relay: delivery p50 ${d.p50} / p99 ${d.p99} ms (n ${d.n}), relay lag p99 ${round(lagMs(m.lag.p99))} ms, cpu ${perMessage} ms per message`);
    await Promise.all(lgs.map((lg) => lg.call('relay.clear', {}, 30_000)));
    return {
      pairs,
      delivery: d,
      other_cores_busy: round(Math.max(0, busy - ours)),
      lag_p99_ms: round(lagMs(m.lag.p99)),
      server_cpu: round(m.cpuShare),
      cpu_ms_per_message: perMessage,
      loadgen_lag_p99_ms: round(Math.max(...runs.map((r) => lagMs(r.loadgen.lagP99)))),
      up_bytes: up,
      down_bytes: down,
      chain,
      round_ms: roundMs,
    };
  } finally {
    await stopAll([relay]);
  }
}
