import type { Side } from '../tcp/types';

/** Two players (or a player and the bot: null) as the host paired them, order-independent. */
export interface Pairing {
  a: string;
  b: string | null;
}

/** Automatic pairs in join order; an odd student out plays with the bot (GAME.md). */
export function autoPairs(players: readonly string[]): Pairing[] {
  const pairs: Pairing[] = [];
  for (let i = 0; i < players.length; i += 2) pairs.push({ a: players[i] as string, b: players[i + 1] ?? null });
  return pairs;
}

/**
 * Whether a pairing the host asks for puts each of these players in exactly one pair and names no
 * one else.
 */
export function validPairing(pairs: readonly Pairing[], players: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const p of pairs) {
    for (const id of [p.a, p.b]) {
      if (id === null) continue;
      if (seen.has(id) || !players.includes(id)) return false;
      seen.add(id);
    }
  }
  return seen.size === players.length;
}

/** Roles swap every round: in odd rounds `a` is the client endpoint, in even rounds the server. */
export function sidesFor(pair: Pairing, round: number): Record<Side, string | null> {
  return round % 2 === 1 ? { client: pair.a, server: pair.b } : { client: pair.b, server: pair.a };
}
