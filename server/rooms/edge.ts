import { ClientState, Protocol, Room, ServerError, type Client, type ClientPrivate } from 'colyseus';
import { ERROR_TEXT, type ErrorCode } from '../../shared/index';
import { Admission } from './admission';
import { errorEvent, type Issue } from './effects';
import type { MessageLimits } from './limits';

/** A refusal at join time, carrying its code and text in both languages. */
export function joinError(code: ErrorCode, status = 400): ServerError {
  return new ServerError(status, JSON.stringify({ code, ...ERROR_TEXT[code] }));
}

export interface EdgeServices {
  now(): number;
  log(line: string): void;
  messageLimits?: Partial<MessageLimits>;
}

/**
 * A Colyseus room with the hostile edge (SECURITY.md): every frame passes the per-connection limit
 * and the frame check before Colyseus decodes it (admission.ts); nothing a client sends throws out
 * of the room; what fails is logged in one line, never what was sent; and its timers are Node's
 * (a room's clock stops while it is empty), cleared when the room goes. ClassRoom is one.
 */
export abstract class GuardedRoom<State extends object> extends Room<State> {
  abstract get services(): EdgeServices;
  protected readonly admission = new Admission(this);
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  /** Reply with an error the client can show in its language; nothing else changes. */
  reply(client: Client, code: ErrorCode, intent?: string, issues?: Issue[], rid?: number): void {
    client.send('error', errorEvent(code, intent, issues, rid));
  }

  /** Run `fn` in `ms` (once, or `repeat`ing), unless the room has gone. */
  protected later(fn: () => unknown, ms: number, repeat = false): void {
    const t = (repeat ? setInterval : setTimeout)(() => {
      if (!repeat) this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  /** `fn`, its exceptions logged as `<what> failed: <message>` instead of thrown. */
  protected guarded(fn: () => void, what: string): () => void {
    return () => {
      try {
        fn();
      } catch (e) {
        this.services.log(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
  }

  /** A message handler per type in `types`; any other type is answered 'unknown-message'. */
  protected route(types: readonly string[], handle: (client: Client, type: string, payload: unknown) => void): void {
    for (const type of types) this.onMessage(type, (client, payload: unknown) => handle(client, type, payload));
    // Colyseus calls this with the client's type, or with the payload when the type is "*" itself.
    this.onMessage('*', (client, type: unknown) => {
      this.reply(client, 'unknown-message', typeof type === 'string' ? type.slice(0, 40) : typeof type === 'number' ? String(type) : undefined);
    });
    // A client naming Colyseus's fallback as its type would be dropped, its payload logged.
    this.onMessage('__no_message_handler', (client) => this.reply(client, 'unknown-message', '__no_message_handler'));
  }

  /** A socket that took a seat and never acknowledges the join (a script holding seats) is dropped after `ms`. */
  protected dropIfSilent(client: Client, ms: number): void {
    this.later(() => client.state === ClientState.JOINING && client.leave(Protocol.WS_CLOSE_WITH_ERROR), ms);
  }

  protected clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Every frame passes the per-connection limit before Colyseus decodes it; nothing a client sends may throw out of the room. */
  protected override _onMessage(client: Client & ClientPrivate, buffer: Buffer): void {
    if (!this.admission.pass(client, buffer)) return;
    try {
      super._onMessage(client, buffer);
    } catch (e) {
      this.services.log(`room ${this.roomId}: a frame could not be handled (${e instanceof Error ? e.name : 'error'})`);
    }
  }

  /** Colyseus's safety net around handlers, timers and lifecycle calls: log what failed (never what was sent), keep the room. */
  override onUncaughtException(error: Error & { cause?: unknown }, methodName: string): void {
    if (error.cause instanceof ServerError) return; // a refused join, already answered
    const cause = error.cause instanceof Error ? error.cause : error;
    this.services.log(`room ${this.roomId}: ${methodName} failed: ${cause.name}: ${String(cause.message).split('\n')[0]?.slice(0, 160)}`);
  }
}
