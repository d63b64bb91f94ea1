import { Client, type Room } from 'colyseus.js';
import type { z } from 'zod';
import { EVENTS, INTENTS, mergeDashboard, RoundConfigSchema, stepParts, type Dashboard, type EventType, type IntentType, type TcpState, type Welcome } from '../../../shared/index';
import type { Bus } from '../bus';
import { ClassSnapshotSchema, type AppEvents } from './events';
import type { SegmentAnswer, StudentPort } from './port';
import { Session } from './session';

/** The only module that imports colyseus.js (ARCHITECTURE.md principle 5). */

export type SeatRole = 'student' | 'host' | 'projector';

const CONSENTED = 4000;
const FLOODING = 4008;
const RETRY_EVERY_MS = 2000;
const RETRIES = 28;

/** The game server: the page's own origin, or the dev override. */
export function serverEndpoint(): string {
  const env = import.meta.env;
  if (env?.VITE_SERVER_URL) return env.VITE_SERVER_URL;
  if (env?.DEV) return `${location.protocol}//${location.hostname}:2567`;
  return location.origin;
}

/**
 * One seat in one class: joins, validates every event with the shared zod schemas and puts it on
 * the bus, sends intents (validated first), and takes the seat back after a dropped connection.
 */
export class Connection implements StudentPort {
  private readonly client: Client;
  private room: Room | null = null;
  private role: SeatRole = 'student';
  private code = '';
  private leaving = false;
  /** The hosts' dashboard as this seat holds it (the server sends what changed: mergeDashboard), when it came, and the class's phase. */
  private dashboard: { d: Dashboard; at: number } | null = null;
  private phase = '';

  constructor(private readonly bus: Bus<AppEvents>, endpoint = serverEndpoint()) {
    this.client = new Client(endpoint);
  }

  get classCode(): string {
    return this.code;
  }

  /** The host opens a new class; resolves with the welcome (which carries the host key once). */
  async createClass(): Promise<Welcome> {
    const room = await this.client.create('class', { host: true });
    const w = await this.attach(room, 'host');
    if (w.hostKey) Session.saveHostKey(w.code, w.hostKey);
    return w;
  }

  async joinStudent(code: string, nickname: string): Promise<Welcome> {
    return this.attach(await this.client.joinById(code, { nickname }), 'student');
  }

  async joinHost(code: string, hostKey: string, role: 'host' | 'projector'): Promise<Welcome> {
    return this.attach(await this.client.joinById(code, { hostKey }), role);
  }

  /** Take back this tab's seat after a refresh (the server keeps it 60 s); false when it is gone. */
  async resume(role: SeatRole, code: string): Promise<Welcome | null> {
    const token = Session.token(role, code);
    if (!token) return null;
    try {
      const room = await this.client.reconnect(token);
      return await this.attach(room, role, true);
    } catch {
      Session.saveToken(role, code, null);
      return null;
    }
  }

  /** Send an intent; false (and nothing sent) when the payload fails its schema or no room is open. */
  send<K extends IntentType>(type: K, payload?: z.input<(typeof INTENTS)[K]>): boolean {
    const parsed = INTENTS[type].safeParse(payload ?? {});
    if (!parsed.success || !this.room) return false;
    this.room.send(type, payload ?? {});
    return true;
  }

  sendSegment(answer: SegmentAnswer): void {
    this.send('sendSegment', answer);
  }

  declareState(state: TcpState, seen?: number, rid?: number): void {
    this.send('declareState', { state, ...(seen !== undefined ? { seen } : {}), ...(rid !== undefined ? { rid } : {}) });
  }

  leave(): void {
    this.leaving = true;
    Session.saveToken(this.role, this.code, null);
    void this.room?.leave(true).catch(() => undefined);
    this.room = null;
  }

  /**
   * Wire a joined room to the bus; resolves with its welcome (or rejects if none comes in time).
   * A host taking back its seat gets no new welcome (the server greets it with config and
   * dashboard), so one is made up for it.
   */
  private attach(room: Room, role: SeatRole, resumed = false): Promise<Welcome> {
    this.room = room;
    this.role = role;
    // A new connection is sent the whole dashboard on joining: nothing is added to an older one.
    this.dashboard = null;
    this.code = room.roomId;
    this.leaving = false;
    Session.saveToken(role, room.roomId, room.reconnectionToken);
    const welcome = resumed && role !== 'student'
      ? Promise.resolve<Welcome>({ you: { id: 'host', nickname: 'host', role: 'host' }, code: room.roomId })
      : this.nextWelcome();
    // Handlers are registered before the first message can be processed (messages arrive in later tasks).
    for (const type of Object.keys(EVENTS) as EventType[]) {
      room.onMessage(type, (message: unknown) => {
        const parsed = EVENTS[type].safeParse(message);
        if (!parsed.success) console.warn(`ignored a malformed "${type}" event`, parsed.error.issues.slice(0, 3));
        else if (type === 'step') this.unpack(parsed.data as AppEvents['step']);
        else if (type === 'dashboard') this.bus.emit('dashboard', this.merge(parsed.data as Dashboard));
        else this.bus.emit(type, parsed.data as AppEvents[typeof type]);
      });
    }
    room.onStateChange((state: unknown) => {
      const plain = (state as { toJSON?: () => unknown })?.toJSON?.() ?? state;
      const parsed = ClassSnapshotSchema.safeParse(plain);
      if (!parsed.success) return;
      this.phase = parsed.data.phase;
      this.bus.emit('state', parsed.data);
    });
    room.onLeave((code: number) => {
      if (this.room !== room) return;
      this.room = null;
      if (this.leaving || code === CONSENTED || code === FLOODING) {
        Session.saveToken(role, room.roomId, null);
        this.bus.emit('connection', { status: 'closed', code });
      } else {
        this.bus.emit('connection', { status: 'reconnecting', code });
        void this.retry(role, room.roomId);
      }
    });
    this.bus.emit('connection', { status: 'open' });
    return welcome;
  }

  /** A dashboard of what changed, added to the one this seat holds (waiting times counted on while the round runs). */
  private merge(next: Dashboard): Dashboard {
    const at = performance.now();
    const prev = this.dashboard;
    const d = mergeDashboard(prev?.d, next, prev && this.phase === 'running' ? at - prev.at : 0);
    this.dashboard = { d, at };
    return d;
  }

  /** A seat's step arrives in one message: the page hears its parts as if each had come alone. */
  private unpack(step: AppEvents['step']): void {
    for (const part of stepParts(step)) this.bus.emit(part.type, part.message);
  }

  private nextWelcome(): Promise<Welcome> {
    return new Promise<Welcome>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no welcome from the server')), 10_000);
      const off = this.bus.on('welcome', (w) => {
        clearTimeout(timer);
        off();
        if (w.replayToken) Session.saveReplayToken(w.code, w.replayToken);
        resolve(w);
      });
    });
  }

  private async retry(role: SeatRole, code: string): Promise<void> {
    for (let i = 0; i < RETRIES && !this.leaving; i++) {
      await new Promise((r) => setTimeout(r, RETRY_EVERY_MS));
      const token = Session.token(role, code);
      if (!token || this.leaving) break;
      try {
        const room = await this.client.reconnect(token);
        void this.attach(room, role, true).catch(() => undefined);
        return;
      } catch (e) {
        // An expired or unknown token will not get better; a network error might.
        if (/expired|invalid|not found/i.test(String((e as Error)?.message))) break;
      }
    }
    if (!this.leaving) this.bus.emit('connection', { status: 'closed' });
  }
}
