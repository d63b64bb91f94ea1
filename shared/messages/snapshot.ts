import { z } from 'zod';
import { SIDES } from '../tcp/types';

/** A class's phases: students wait in the lobby, a round runs (or is paused), the class ended. */
export const CLASS_PHASES = ['lobby', 'running', 'paused', 'ended'] as const;
export type ClassPhase = (typeof CLASS_PHASES)[number];

/**
 * The synced Colyseus state as plain data: only what every seat may see (ARCHITECTURE.md
 * principle 3; the server's schema is server/rooms/ClassState.ts, and a test holds the two field
 * for field). The browser checks every state it receives with this (fields it does not know
 * are dropped, so an older page still reads a newer server's state).
 */
export const PlayerSnapshotSchema = z.object({
  id: z.string(),
  nickname: z.string(),
  connected: z.boolean(),
  /** The class total and streak as of the last round's end while a round runs (the hosts' dashboard has them live). */
  score: z.number(),
  streak: z.number(),
  /** The pair this round ('' in the lobby). */
  pairId: z.string(),
  /** The side this round ('' in the lobby). */
  side: z.union([z.enum(SIDES), z.literal('')]),
});

export const PairSnapshotSchema = z.object({
  id: z.string(),
  /** Player ids, or "bot". */
  client: z.string(),
  server: z.string(),
  /** As of the round's start while it runs (the hosts' dashboard has them live); the round's own once it ended. */
  finished: z.boolean(),
  progress: z.number(),
});

export const ClassSnapshotSchema = z.object({
  code: z.string(),
  phase: z.enum(CLASS_PHASES),
  round: z.number(),
  scenario: z.string(),
  /** A custom scenario's title ('' for a built-in one, whose texts the page has). */
  scenarioTitleEn: z.string(),
  scenarioTitleZh: z.string(),
  mode: z.enum(['practice', 'assessment']),
  hostConnected: z.boolean(),
  /** The pair the host shows on the projector (a key of `pairs`), '' for none. */
  watched: z.string(),
  players: z.record(z.string(), PlayerSnapshotSchema),
  pairs: z.record(z.string(), PairSnapshotSchema),
});
export type ClassSnapshot = z.infer<typeof ClassSnapshotSchema>;
export type PlayerSnapshot = z.infer<typeof PlayerSnapshotSchema>;
export type PairSnapshot = z.infer<typeof PairSnapshotSchema>;
