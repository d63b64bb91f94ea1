import type { RoundSummary } from './api';
import { h } from './dom';
import { pairName, pluralKey } from '../i18n/plural';
import { playerName, REVIEW_TEXT, rtIn, type Lang } from './i18n';
import { rovingButtons } from './roving';
import { scenarioTitle } from './stats-view';

/** Rounds in order, each with its pairs in order (pair2 before pair10). */
export function groupRounds(rounds: readonly RoundSummary[]): { round: number; pairs: RoundSummary[] }[] {
  const by = new Map<number, RoundSummary[]>();
  for (const r of rounds) by.set(r.round, [...(by.get(r.round) ?? []), r]);
  return [...by.entries()]
    .sort(([a], [b]) => a - b)
    .map(([round, pairs]) => ({ round, pairs: pairs.sort((a, b) => a.pairId.localeCompare(b.pairId, 'en', { numeric: true })) }));
}

/**
 * A pair's outcome as the list says it: finished or not (or still running, or cut short), and
 * whether the scenario's lesson failed to happen, as stored with the result. `ok` only for a
 * finished round whose lesson is not known to have failed. A round stored before results had a
 * `lesson` has none here until its replay has been read (`read`: the lesson found in its trace).
 */
export function pairOutcome(p: Pick<RoundSummary, 'result' | 'interrupted'>, lang: Lang, read?: boolean): { text: string; ok: boolean; noLesson: boolean } {
  const finished = p.result ? rtIn(lang, p.result.finished ? 'rounds.finished' : 'rounds.unfinished') : rtIn(lang, p.interrupted ? 'rounds.interrupted' : 'rounds.running');
  const noLesson = p.result !== undefined && (p.result.lesson ?? read) === false;
  const text = noLesson ? `${finished} · ⚠ ${rtIn(lang, 'rounds.noLesson')}` : finished;
  return { text, ok: p.result?.finished === true && !noLesson, noLesson };
}

/** The class's rounds and, per round, its pairs: scenario, mode, players, finished, lesson, events. */
export function roundList(
  rounds: readonly RoundSummary[], selected: { round: number; pairId: string } | null, lang: Lang, onOpen: (r: RoundSummary) => void,
  /** The lesson read from a replay's trace, for a round stored without one. */
  readLesson: (r: RoundSummary) => boolean | undefined = () => undefined,
): HTMLElement {
  const nav = h('nav', { class: 'rounds card', 'aria-labelledby': 'rounds-title', 'data-testid': 'round-list' }, h('h2', { id: 'rounds-title', text: rtIn(lang, 'rounds.heading') }));
  if (!rounds.length) {
    nav.append(h('p', { class: 'muted', text: rtIn(lang, 'rounds.empty') }));
    return nav;
  }
  nav.append(h('p', { class: 'muted', 'data-testid': 'round-list-keys', text: rtIn(lang, 'rounds.keys') }));
  for (const g of groupRounds(rounds)) {
    const list = h('ul', { class: 'pairs' });
    for (const p of g.pairs) {
      const outcome = pairOutcome(p, lang, readLesson(p));
      const finished = outcome.text;
      const events = rtIn(lang, pluralKey(REVIEW_TEXT, 'rounds.events', lang, p.events), { n: p.events });
      const pair = pairName(p.pairId, lang);
      const isSel = selected?.round === p.round && selected.pairId === p.pairId;
      const btn = h('button', {
        type: 'button', class: `pair${isSel ? ' selected' : ''}`, 'data-testid': `pair-${p.round}-${p.pairId}`, 'aria-pressed': String(isSel),
      },
      // The name is what the button shows, after what it does (said, not shown: the list says it already).
      h('span', { class: 'visually-hidden', text: `${rtIn(lang, 'rounds.open', { n: p.round, pair })}: ` }),
      h('span', { class: 'pair-top' }, h('strong', { text: pair }), ` · ${scenarioTitle(p.scenario, lang)} · `, h('span', { class: `mode ${p.mode}`, text: rtIn(lang, `mode.${p.mode}`) })),
      h('span', { class: 'pair-players', text: rtIn(lang, 'rounds.players', { client: playerName(p.players.client, lang), server: playerName(p.players.server, lang) }) }),
      h('span', {
        class: `pair-meta ${outcome.ok ? 'finished' : outcome.noLesson ? 'no-lesson' : 'open'}`, 'data-testid': outcome.noLesson ? 'pair-no-lesson' : undefined,
        text: `${outcome.ok ? '✓ ' : ''}${finished} · ${events}`,
      }));
      btn.addEventListener('click', () => onOpen(p));
      list.append(h('li', {}, btn));
    }
    nav.append(h('section', { class: 'round' }, h('h3', { text: rtIn(lang, 'rounds.round', { n: g.round }) }), list));
  }
  // One Tab stop for the whole list (↑ ↓ inside it): the replay is one Tab away.
  rovingButtons(nav, 'button.pair');
  return nav;
}
