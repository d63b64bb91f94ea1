/**
 * Preloaded into the server process the bench starts (`node --import tsx --import
 * ./bench/lib/probe.ts server/index.ts`): it measures the process's event-loop delay with
 * perf_hooks.monitorEventLoopDelay and reports it, with memory and CPU time, over the IPC channel
 * when the bench asks. The server runs unchanged: nothing of the bench is in server/.
 */
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { TIMELINE, watchStalls, type Stall } from './stalls';

export interface ProbeReport {
  /** Event-loop delay over the window since the last reset, ms (timer resolution 10 ms subtracted by Node). */
  lag: { p50: number; p99: number; max: number; mean: number; count: number };
  rss: number;
  heapUsed: number;
  external: number;
  /** CPU time over the window, ms, and as a share of one core. */
  cpuMs: number;
  cpuShare: number;
  windowMs: number;
  /** Garbage-collection pauses in the window: the longest and the sum, ms. */
  gcMaxMs: number;
  gcTotalMs: number;
  /** With BENCH_TIMELINE: the event-loop stalls since the last reset. */
  stalls?: Stall[];
  /** With BENCH_TIMELINE: every collection since the last reset (its kind as perf_hooks numbers it). */
  gcs?: { at: number; ms: number; kind: number }[];
  /** With BENCH_TIMELINE: the wall clock and the monotonic clock (a CPU profile's) read together. */
  clock?: { date: number; monoUs: number };
}

if (process.send) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  const stalls = TIMELINE ? watchStalls() : null;
  let gcs: { at: number; ms: number; kind: number }[] | null = TIMELINE ? [] : null;
  const gc = (globalThis as { gc?: () => void }).gc;
  let gcMax = 0;
  let gcTotal = 0;
  let forced = false;
  new PerformanceObserver((list) => {
    if (forced) return;
    for (const e of list.getEntries()) {
      if (gcs && gcs.length < 5000) gcs.push({ at: Math.round(performance.timeOrigin + e.startTime), ms: Math.round(e.duration * 10) / 10, kind: (e as { detail?: { kind?: number } }).detail?.kind ?? 0 });
      gcMax = Math.max(gcMax, e.duration);
      gcTotal += e.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (m: { probe?: string; id?: number; reset?: boolean; gc?: boolean }) => {
    if (!m || m.probe !== 'metrics') return;
    if (m.gc && gc) {
      // Forced collections are the bench's, not the server's: not counted.
      forced = true;
      gc();
      gc();
      setImmediate(() => (forced = false));
    }
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage(cpu0);
    const now = performance.now();
    const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;
    const report: ProbeReport = {
      lag: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean), count: h.count },
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      external: mem.external,
      cpuMs: (cpu.user + cpu.system) / 1000,
      cpuShare: (cpu.user + cpu.system) / 1000 / Math.max(1, now - t0),
      windowMs: now - t0,
      gcMaxMs: Math.round(gcMax * 100) / 100,
      gcTotalMs: Math.round(gcTotal * 100) / 100,
      ...(stalls && m.reset ? { stalls: stalls.take(), gcs: gcs ?? [], clock: { date: Date.now(), monoUs: Number(process.hrtime.bigint() / 1000n) } } : {}),
    };
    process.send?.({ probe: 'metrics', id: m.id, report });
    if (m.reset) {
      if (gcs) gcs = [];
      h.reset();
      cpu0 = process.cpuUsage();
      t0 = now;
      gcMax = 0;
      gcTotal = 0;
    }
  });
  // The bench gone: shut down the way Colyseus does on SIGTERM.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.channel?.unref();
}

/**
 * BENCH_HEAP_SAMPLE=<file>[,<from s>,<to s>]: V8's sampling heap profiler over that stretch of the
 * server's life (default 35–60 s), counting objects already collected too — what the server
 * allocates, by function, not what it keeps. Written as a .heapprofile (Chrome DevTools reads it).
 * A fourth field `old` leaves out what young collections took: what was promoted to the old
 * generation (whether or not a full collection took it later), which is what makes full collections.
 */
if (process.env.BENCH_HEAP_SAMPLE) {
  const [file, from = '35', to = '60', which = 'all'] = process.env.BENCH_HEAP_SAMPLE.split(',');
  const { Session } = await import('node:inspector');
  const { writeFileSync } = await import('node:fs');
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  setTimeout(() => {
    void post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: which !== 'old' });
  }, Number(from) * 1000).unref();
  setTimeout(() => {
    // `old`: two young collections first, so what was still young at the end (most of it garbage)
    // is either gone or promoted now, as it would have been.
    if (which === 'old') {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as (o: { type: 'minor'; execution: 'sync' }) => void;
      gc({ type: 'minor', execution: 'sync' });
      gc({ type: 'minor', execution: 'sync' });
    }
    void post('HeapProfiler.stopSampling').then((res) => writeFileSync(file!, JSON.stringify((res as { profile: unknown }).profile)));
  }, Number(to) * 1000).unref();
}

/**
 * BENCH_FRAMES=<file>: counts the websocket messages the server sends, by Colyseus message type
 * (a room message by its name: `step`, `verdictGiven` …; the protocol's own by theirs: state
 * patches, whole states, joins), with their bytes, and the messages it receives; written to
 * <file> as JSON every second and when the bench stops the server. Counts from the server's
 * start: read them over a run of one step, per message received.
 */
if (process.env.BENCH_FRAMES) {
  const file = process.env.BENCH_FRAMES;
  const { writeFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const { pathToFileURL } = await import('node:url');
  const { dirname, join } = await import('node:path');
  // The `ws` the server imports (from the server's checkout, which may not be the bench's): its
  // ES module, which the server's transport imports, beside its main file.
  const wrapper = join(dirname(createRequire(join(process.cwd(), 'package.json')).resolve('ws')), 'wrapper.mjs');
  const { WebSocket } = (await import(pathToFileURL(wrapper).href)) as typeof import('ws');
  const PROTOCOL: Record<number, string> = { 10: '(join)', 11: '(error)', 12: '(leave)', 14: '(whole state)', 15: '(state patch)' };
  const out: Record<string, { frames: number; bytes: number }> = {};
  let received = 0;
  const kind = (b: Uint8Array): string => {
    if (b[0] !== 13) return PROTOCOL[b[0] ?? 0] ?? `(protocol ${b[0]})`;
    const h = b[1] ?? 0;
    // The type as msgpack writes a short string (fixstr, str8).
    if ((h & 0xe0) === 0xa0) return Buffer.from(b.buffer, b.byteOffset + 2, h & 0x1f).toString();
    if (h === 0xd9) return Buffer.from(b.buffer, b.byteOffset + 3, b[2] ?? 0).toString();
    return '(room message)';
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: InstanceType<typeof WebSocket>, data: unknown, ...rest: unknown[]) {
    if (data instanceof Uint8Array) {
      const k = kind(data);
      const e = (out[k] ??= { frames: 0, bytes: 0 });
      e.frames += 1;
      e.bytes += data.byteLength;
    }
    return (send as (...a: unknown[]) => void).call(this, data, ...rest);
  } as typeof send;
  const emit = WebSocket.prototype.emit;
  WebSocket.prototype.emit = function (this: InstanceType<typeof WebSocket>, event: string | symbol, ...args: unknown[]) {
    if (event === 'message') received += 1;
    return emit.call(this, event, ...args);
  };
  const write = () => writeFileSync(file, JSON.stringify({ received, sent: out }));
  setInterval(write, 1000).unref();
  process.on('exit', write);
}
