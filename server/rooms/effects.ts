import type { z } from 'zod';
import { ERROR_TEXT, type ErrorCode, type EVENTS, type RoundConfig } from '../../shared/index';

/**
 * What the class model (lesson.ts) asks the room to do, as data: its transitions return these and
 * the room's outbox (outbox.ts) carries them out, in order. Nothing here sends anything.
 */

/** Every server→client message and its payload (the schemas are EVENTS, shared/messages; `config` goes to hosts). */
export type Outgoing = { [K in keyof typeof EVENTS]: z.output<(typeof EVENTS)[K]> } & { config: RoundConfig };

/** Where a message goes: the client whose intent (or arrival) this answers, one student, every host seat, everyone. */
export type Address = { to: 'asker' } | { to: 'player'; id: string } | { to: 'hosts' } | { to: 'everyone' };

export type Send = { [K in keyof Outgoing]: { kind: 'send'; to: Address; type: K; message: Outgoing[K] } }[keyof Outgoing];

export type Effect =
  | Send
  /** The public part of the class changed: the synced state is brought in line with the model. */
  | { kind: 'patch' }
  /** What changed on the hosts' dashboard, sent within DASHBOARD_MS (outbox.ts) with what else changes by then. */
  | { kind: 'dashboard-soon' }
  /** The hosts' concept-check status again, once at the end of this event-loop turn however many answers it stored. */
  | { kind: 'check-status-soon' }
  /** A removed student's connection closes as a consented leave (no reconnection window). */
  | { kind: 'kick'; playerId: string }
  /** This student's browser and nickname are kept out of the class. */
  | { kind: 'block'; playerId: string; nickname: string }
  /** These students left the roster: their seat claims and connections are forgotten. */
  | { kind: 'forget'; playerIds: string[] }
  /** The class is over: no one joins any more, and everyone is disconnected after 2 s. */
  | { kind: 'close' }
  /**
   * After the effects before it: more work on the pairs' runners (their queues are asynchronous),
   * then the effects it returns. With `failure`, an error is logged as `<failure>: <message>`
   * instead of failing the intent.
   */
  | { kind: 'after'; run: () => Promise<Effect[]>; failure?: string };

export const ASKER: Address = { to: 'asker' };
export const HOSTS: Address = { to: 'hosts' };
export const EVERYONE: Address = { to: 'everyone' };
export const PATCH: Effect = { kind: 'patch' };

export function toPlayer(id: string): Address {
  return { to: 'player', id };
}

export function send<K extends keyof Outgoing>(to: Address, type: K, message: Outgoing[K]): Send {
  return { kind: 'send', to, type, message } as Send;
}

export type Issue = { path: string; message: string; text?: { en: string; 'zh-CN': string } };

/** An error the client can show in its language; nothing else changes. */
export function errorEvent(code: ErrorCode, intent?: string, issues?: Issue[], rid?: number): Outgoing['error'] {
  return { code, message: ERROR_TEXT[code], ...(intent ? { intent } : {}), ...(issues ? { issues } : {}), ...(rid !== undefined ? { rid } : {}) };
}

/** The messages that answer an intent: sent to the asker, they carry the intent's request id back. */
export const ANSWERS: ReadonlySet<keyof Outgoing> = new Set(['verdictGiven', 'error', 'faultInjected', 'checkAnswered', 'scenarioAdded']);

/** The asking client is refused with `code`. */
export function refuse(code: ErrorCode, intent?: string, issues?: Issue[]): Send {
  return send(ASKER, 'error', errorEvent(code, intent, issues));
}

export function after(run: () => Promise<Effect[]>, failure?: string): Effect {
  return { kind: 'after', run, ...(failure ? { failure } : {}) };
}
