import type { Dashboard } from '../../../shared/index';
import type { ClassSnapshot } from './events';

/**
 * The class as the host seats show it: the synced state, with each student's class total and
 * streak from the latest dashboard of the same round. While a round runs the synced state keeps
 * the totals of the round's start (the server writes them when the round ends), and the
 * dashboard carries them as they change.
 */
export function withTotals(s: ClassSnapshot | undefined, d: Pick<Dashboard, 'round' | 'totals'> | undefined): ClassSnapshot | undefined {
  if (!s || !d?.totals || d.round !== s.round) return s;
  let players: ClassSnapshot['players'] | null = null;
  for (const [id, p] of Object.entries(s.players)) {
    const live = d.totals[id];
    if (!live || (live.score === p.score && live.streak === p.streak)) continue;
    players ??= { ...s.players };
    players[id] = { ...p, score: live.score, streak: live.streak };
  }
  return players ? { ...s, players } : s;
}
