import type { Room } from 'colyseus.js';
import { mergeDashboard, stepParts, type Dashboard, type SeatStep } from '../../../shared/index';

/** One message a client received, in arrival order. */
export interface Received {
  /** Position in the inbox (0-based). */
  n: number;
  /** ms since the inbox was made (wall clock). */
  at: number;
  type: string;
  message: unknown;
  /**
   * A seat's step (`step`) is taken apart as the page takes it: each of its events a `seatEvent`,
   * then its `clock` and `hint`, each a message of its own here. A host's `dashboard` of what
   * changed (`delta`) is added to the one before it, as the page does (mergeDashboard; the waiting
   * times of pairs it does not name are as last sent). `wire` is the message as it came.
   */
  wire?: { type: string; message: unknown };
}

interface Waiter {
  type: string;
  pred: (m: any) => boolean;
  from: number;
  resolve: (m: any) => void;
}

/**
 * Every message one colyseus.js room delivers, kept in order, with promises for "the next
 * message of this type". Registers the catch-all handler only, so nothing is lost to a
 * "not registered" warning and every type the server sends is seen (even unexpected ones).
 */
export class Inbox {
  readonly messages: Received[] = [];
  private waiters: Waiter[] = [];
  private listeners: ((r: Received) => void)[] = [];
  private readonly t0 = Date.now();
  /** The dashboard as a host holds it (the last whole one, with what changed since added). */
  private dashboard: Dashboard | undefined;

  /** Start recording a room's messages (call again with the new room after a reconnection). */
  attach(room: Room): void {
    this.dashboard = undefined;
    room.onMessage('*', (type: string | number, message: unknown) => {
      if (type === 'dashboard') {
        const next = message as Dashboard;
        this.dashboard = mergeDashboard(this.dashboard, next, 0);
        return this.push('dashboard', this.dashboard, next.delta ? { type, message } : undefined);
      }
      if (type !== 'step') return this.push(String(type), message);
      const wire = { type, message };
      for (const part of stepParts(message as SeatStep)) this.push(part.type, part.message, wire);
    });
  }

  /** Called for every message, after it is stored. */
  onMessage(fn: (r: Received) => void): void {
    this.listeners.push(fn);
  }

  /** A bookmark: pass it as `since` to wait only for messages received after this point. */
  mark(): number {
    return this.messages.length;
  }

  all<T = unknown>(type: string, since = 0): T[] {
    return this.messages.slice(since).filter((r) => r.type === type).map((r) => r.message as T);
  }

  /**
   * The first message of `type` matching `pred` received at or after `since` (default: only
   * messages still to come). Rejects after `timeoutMs`.
   */
  waitFor<T = any>(type: string, pred: (m: T) => boolean = () => true, opts: { since?: number; timeoutMs?: number } = {}): Promise<T> {
    const from = opts.since ?? this.messages.length;
    for (const r of this.messages.slice(from)) if (r.type === type && pred(r.message as T)) return Promise.resolve(r.message as T);
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return new Promise<T>((resolve, reject) => {
      const w: Waiter = {
        type,
        pred: pred as (m: any) => boolean,
        from,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`no '${type}' message matching the condition within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  private push(type: string, message: unknown, wire?: Received['wire']): void {
    const r: Received = { n: this.messages.length, at: Date.now() - this.t0, type, message };
    if (wire) r.wire = wire;
    this.messages.push(r);
    for (const fn of this.listeners) fn(r);
    const ready = this.waiters.filter((w) => w.type === type && r.n >= w.from && w.pred(message));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(message);
  }
}
