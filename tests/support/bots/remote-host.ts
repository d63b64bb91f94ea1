import type { Client, Room } from 'colyseus.js';
import type { Dashboard, ErrorEvent, FaultInjected, HostInjection, RoundConfig, Trace, Welcome } from '../../../shared/index';
import { Inbox } from './inbox';

/** What `configureRound` accepts: any part of the round configuration, `net` merged field by field. */
export type RoundConfigPatch = Partial<Omit<RoundConfig, 'net'>> & { net?: Partial<RoundConfig['net']> };

/** A refusal from the server, as an Error carrying its code. */
export class RefusedError extends Error {
  constructor(readonly event: ErrorEvent) {
    super(`${event.intent ?? 'request'} refused: ${event.code} (${event.message.en})`);
  }
}

/**
 * The instructor over the real network: creates a class (or reclaims it with the host key),
 * configures and runs rounds, injects faults, and reads replays through the HTTP API.
 */
export class RemoteHost {
  readonly inbox = new Inbox();
  room: Room;
  code: string;
  hostKey: string;
  config: RoundConfig | null = null;
  lastDashboard: Dashboard | null = null;

  private constructor(private readonly client: Client, room: Room, code: string, hostKey: string, readonly baseUrl: string) {
    this.room = room;
    this.code = code;
    this.hostKey = hostKey;
    this.attach(room);
  }

  /** Open a new class; resolves with the host key from the first welcome. */
  static async create(client: Client, baseUrl: string): Promise<RemoteHost> {
    const room = await client.create('class', { host: true });
    const host = new RemoteHost(client, room, room.roomId, '', baseUrl);
    const welcome = await host.inbox.waitFor<Welcome>('welcome', () => true, { since: 0 });
    if (!welcome.hostKey) throw new Error('the first welcome carried no host key');
    host.hostKey = welcome.hostKey;
    await host.inbox.waitFor('dashboard', () => true, { since: 0 });
    return host;
  }

  /** Come back to a class with its host key (another browser, or after the reconnection window). */
  static async reclaim(client: Client, baseUrl: string, code: string, hostKey: string): Promise<RemoteHost> {
    const room = await client.joinById(code, { hostKey });
    const host = new RemoteHost(client, room, code, hostKey, baseUrl);
    await host.inbox.waitFor<Welcome>('welcome', () => true, { since: 0 });
    await host.inbox.waitFor('dashboard', () => true, { since: 0 });
    return host;
  }

  /** The request id of the next intent that is answered. */
  private nextRid = 1;

  private attach(room: Room): void {
    this.inbox.attach(room);
    this.inbox.onMessage((r) => {
      if (r.type === 'config') this.config = r.message as RoundConfig;
      if (r.type === 'dashboard') this.lastDashboard = r.message as Dashboard;
    });
  }

  /** Send an intent; resolve with the reply of `replyType` matching `pred`, or reject on an error about this intent. */
  private request<T>(intent: string, payload: unknown, replyType: string, pred: (m: T) => boolean = () => true, timeoutMs = 10_000, rid?: number): Promise<T> {
    const since = this.inbox.mark();
    this.room.send(intent, payload);
    return new Promise<T>((resolve, reject) => {
      let done = false;
      this.inbox.waitFor<T>(replyType, pred, { since, timeoutMs }).then((m) => {
        if (!done) resolve(m);
        done = true;
      }, (e: unknown) => {
        if (!done) reject(e);
        done = true;
      });
      this.inbox.waitFor<ErrorEvent>('error', (e) => e.intent === intent && (rid === undefined || e.rid === rid), { since, timeoutMs: timeoutMs + 1000 }).then((e) => {
        if (!done) reject(new RefusedError(e));
        done = true;
      }, () => undefined);
    });
  }

  /** Add a scenario of the class's own (issue 16); resolves once the class has checked and listed it. */
  addScenario(file: unknown, timeoutMs = 20_000): Promise<{ id: string; runs: number }> {
    return this.request<{ id: string; runs: number }>('addScenario', { scenario: file }, 'scenarioAdded', () => true, timeoutMs);
  }

  configureRound(patch: RoundConfigPatch): Promise<RoundConfig> {
    return this.request<RoundConfig>('configureRound', patch, 'config');
  }

  /** Start the next round; resolves with the dashboard that lists its pairs. */
  async startRound(): Promise<Dashboard> {
    const round = Math.max((this.room.state as { round?: number }).round ?? 0, this.lastDashboard?.round ?? 0);
    return this.request<Dashboard>('startRound', {}, 'dashboard', (d) => d.round > round && d.pairs.length > 0);
  }

  /** Wait until the dashboard says every pair of `round` has finished. */
  async waitAllFinished(round: number, timeoutMs = 30_000): Promise<Dashboard> {
    const last = this.lastDashboard;
    if (last && last.round === round && last.pairs.length > 0 && last.pairs.every((p) => p.finished)) return last;
    try {
      return await this.inbox.waitFor<Dashboard>('dashboard', (d) => d.round === round && d.pairs.length > 0 && d.pairs.every((p) => p.finished), { timeoutMs });
    } catch {
      const d = this.lastDashboard;
      const where = d?.pairs.map((p) => `${p.id}: ${p.client.state}/${p.server.state} progress ${p.progress}`).join('; ') ?? 'no dashboard';
      throw new Error(`round ${round} did not finish within ${timeoutMs} ms (${where})`);
    }
  }

  /**
   * End the running round; resolves once the room is back in the lobby (also when the round ended
   * by itself first: with `autoEnd` it does once every pair is done).
   */
  async endRound(): Promise<void> {
    if ((this.room.state as { phase?: string }).phase === 'lobby') return;
    try {
      await this.request<Dashboard>('endRound', {}, 'dashboard');
    } catch (e) {
      if (!(e instanceof RefusedError && e.event.code === 'no-round')) throw e;
    }
    await this.waitPhase('lobby');
  }

  /** Pair the students as given (`b: null`: with the server's bot); resolves once the state shows it. */
  async setPairs(pairs: { a: string; b: string | null }[]): Promise<void> {
    this.room.send('setPairs', { pairs });
    const want = pairs.length;
    const end = Date.now() + 5000;
    const shown = () => {
      const st = this.room.state as { pairs?: { size?: number; forEach?: (fn: (p: { client: string; server: string }) => void) => void } };
      let n = 0;
      st.pairs?.forEach?.((p) => {
        if (pairs.some((x) => (x.a === p.client || x.a === p.server) && (x.b ?? 'bot') === (x.a === p.client ? p.server : p.client))) n += 1;
      });
      return n === want;
    };
    while (!shown()) {
      if (Date.now() > end) throw new Error('the pairs were not applied');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Hand a seat to the bot (the student is stuck or gone). */
  handToBot(pairId: string, side: 'client' | 'server'): Promise<Dashboard> {
    return this.request<Dashboard>('handToBot', { pairId, side }, 'dashboard', (d) => d.pairs.some((p) => p.id === pairId && p[side].bot === true));
  }

  /** Wait until the synced state's phase is `phase`. */
  waitPhase(phase: string, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => (this.room.state as { phase?: string }).phase === phase;
      if (check()) return resolve();
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`phase did not become ${phase}`));
      }, timeoutMs);
      // onStateChange.once cannot be removed again; polling the decoded state is simplest.
      const poll = setInterval(() => {
        if (!check()) return;
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }, 10);
    });
  }

  /** Set a fault on a pair's network (or "all"); resolves once the server says it is set. */
  injectFault(target: string, injection: HostInjection): Promise<FaultInjected> {
    const rid = this.nextRid++;
    const payload = { target, kind: injection.kind, rid, ...(injection.kind === 'drop-next' && injection.flag ? { flag: injection.flag } : {}), ...(injection.kind === 'delay-next' ? { ms: injection.ms } : {}) };
    return this.request<FaultInjected>('injectFault', payload, 'faultInjected', (m) => m.rid === rid, 10_000, rid);
  }

  /** GET an API path with this class's host key (or another key, or none). */
  api(path: string, key: string | null = this.hostKey): Promise<Response> {
    return fetch(`${this.baseUrl}/api${path}`, { headers: key === null ? {} : { authorization: `Bearer ${key}` } });
  }

  /** A round's trace, fetched over the HTTP API. */
  async fetchTrace(round: number, pairId: string): Promise<Trace> {
    const res = await this.api(`/classes/${this.code}/rounds/${round}/pairs/${pairId}/trace`);
    if (res.status !== 200) throw new Error(`trace of round ${round} ${pairId}: HTTP ${res.status}`);
    return (await res.json()) as Trace;
  }

  async listRounds(): Promise<{ code: string; rounds: { round: number; pairId: string; seed: number; scenario: string; result?: { finished: boolean; lesson?: boolean; scores: Record<string, number> } }[] }> {
    const res = await this.api(`/classes/${this.code}/rounds`);
    if (res.status !== 200) throw new Error(`rounds: HTTP ${res.status}`);
    return (await res.json()) as never;
  }

  /** Simulate the host's network dropping. */
  async dropConnection(): Promise<void> {
    await this.room.leave(false);
  }

  async leave(): Promise<void> {
    await this.room.leave(true).catch(() => undefined);
  }
}
