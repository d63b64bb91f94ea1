import { plural, t } from '../i18n/ui';
import type { ClassSnapshot, PlayerSnapshot } from '../net/events';

/** Students by score, ties by nickname (the podium and the leaderboard agree). */
export function ranked(s: ClassSnapshot | undefined): PlayerSnapshot[] {
  return Object.values(s?.players ?? {}).sort((a, b) => b.score - a.score || a.nickname.localeCompare(b.nickname));
}

/** The class leaderboard for the projector: every student by score, ties by nickname; one row per student, keyed. */
export function Leaderboard({ state, limit = 12 }: { state: ClassSnapshot | undefined; limit?: number }) {
  return (
    <section class="leaderboard" aria-labelledby="board-heading">
      <h2 id="board-heading">{t('proj.leaderboard')}</h2>
      <ol data-testid="leaderboard">
        {ranked(state).slice(0, limit).map((p) => (
          <li key={p.id} class={p.connected ? undefined : 'offline'}>
            <span class="name">{p.nickname}</span>
            <span class="points">{plural('proj.points', p.score)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
