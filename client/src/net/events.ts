import { z } from 'zod';
import type { Clock, EVENTS, EventType, RoundConfig, SeatEvent, Side, TcpState } from '../../../shared/index';
import type { Lang } from '../i18n/ui';

/** The synced Colyseus state as plain data (server/rooms/ClassState.ts): what every seat may see. */
export const ClassSnapshotSchema = z.object({
  code: z.string(),
  phase: z.string(),
  round: z.number(),
  scenario: z.string(),
  mode: z.string(),
  hostConnected: z.boolean(),
  players: z.record(z.string(), z.object({
    id: z.string(),
    nickname: z.string(),
    connected: z.boolean(),
    score: z.number(),
    streak: z.number(),
    pairId: z.string(),
    side: z.string(),
  })),
  pairs: z.record(z.string(), z.object({
    id: z.string(),
    client: z.string(),
    server: z.string(),
    finished: z.boolean(),
    progress: z.number(),
  })),
});
export type ClassSnapshot = z.infer<typeof ClassSnapshotSchema>;
export type PlayerSnapshot = ClassSnapshot['players'][string];
export type PairSnapshot = ClassSnapshot['pairs'][string];

/** The payload of each server→client event, as its zod schema reads it. */
export type ServerEvents = { [K in EventType]: z.infer<(typeof EVENTS)[K]> };

export type ConnectionStatus = 'open' | 'reconnecting' | 'closed';

/** Every event on the app's bus. */
export type AppEvents = ServerEvents & {
  /** The round configuration (to hosts). */
  config: RoundConfig;
  /** A new synced state arrived. */
  state: ClassSnapshot;
  connection: { status: ConnectionStatus; code?: number };
  /** The player just submitted an answer (the play screen pairs it with the next verdict). */
  answered: { kind: 'send' | 'declare'; state?: TcpState };
  /** The interface language changed. */
  lang: Lang;
  /**
   * To the round scene: a new round (me: the player's side; null for an onlooker). showLosses:
   * the host lets players see the network's secrets (the fates of their own segments).
   */
  'scene:reset': { me: Side | null; names: Record<Side, string>; rtoMs: number; mslMs: number; showLosses: boolean };
  /** To the round scene: one seat event, stamped with the page time it was seen. */
  'scene:event': { e: SeatEvent; at: number };
  /** To the round scene: the state a side is now known to have declared (null: unknown). */
  'scene:badge': { side: Side; state: TcpState | null; at: number };
  /** To the round scene: the pair's network clock, received at page time `at`. */
  'scene:clock': { clock: Clock; at: number };
};
