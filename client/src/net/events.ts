import { z } from 'zod';
import type { ClassSnapshot, Clock, EVENTS, EventType, SeatEvent, Side, TcpState } from '../../../shared/index';

export { ClassSnapshotSchema, type ClassSnapshot, type PairSnapshot, type PlayerSnapshot } from '../../../shared/index';

/** The payload of each server→client event, as its zod schema reads it. */
export type ServerEvents = { [K in EventType]: z.infer<(typeof EVENTS)[K]> };

export type ConnectionStatus = 'open' | 'reconnecting' | 'closed';

/** Every event on the app's bus. */
export type AppEvents = ServerEvents & {
  /** A new synced state arrived. */
  state: ClassSnapshot;
  connection: { status: ConnectionStatus; code?: number };
  /** The player just submitted an answer (the play screen pairs it with the next verdict). */
  answered: { kind: 'send' | 'declare'; state?: TcpState };
  /**
   * To the round scene: a new round (me: the player's side; null for an onlooker). showLosses:
   * the host lets players see the network's secrets (the fates of their own segments). bot: the
   * side the bot plays (its name is the scene's to write, in the page's language), or null.
   */
  'scene:reset': { me: Side | null; names: Record<Side, string>; rtoMs: number; mslMs: number; backoff: boolean; showLosses: boolean; bot: Side | null };
  /** To the round scene: one seat event, stamped with the page time it was seen. */
  'scene:event': { e: SeatEvent; at: number };
  /** To the round scene: the state a side is now known to have declared (null: unknown). */
  'scene:badge': { side: Side; state: TcpState | null; at: number };
  /** To the round scene: the pair's network clock, received at page time `at`. */
  'scene:clock': { clock: Clock; at: number };
};
