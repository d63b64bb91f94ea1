import { pluralKey } from '../i18n/plural';
import { getLang, t, UI_TEXT } from '../i18n/ui';
import type { ClassSnapshot } from '../net/events';
import { h, ht } from './dom';

/** The class leaderboard for the projector: every student by score, ties by nickname. */
export function leaderboard(s: ClassSnapshot | undefined, limit = 12): HTMLElement {
  const players = Object.values(s?.players ?? {}).sort((a, b) => b.score - a.score || a.nickname.localeCompare(b.nickname)).slice(0, limit);
  return h('section', { class: 'leaderboard', 'aria-labelledby': 'board-heading' },
    ht('h2', 'proj.leaderboard', { id: 'board-heading' }),
    h('ol', { 'data-testid': 'leaderboard' }, ...players.map((p) => h('li', { class: p.connected ? '' : 'offline' },
      h('span', { class: 'name', text: p.nickname }),
      h('span', { class: 'points', text: t(pluralKey(UI_TEXT, 'proj.points', getLang(), p.score), { n: p.score }) })))),
  );
}
