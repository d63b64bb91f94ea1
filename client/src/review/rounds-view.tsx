import { useState } from 'preact/hooks';
import { pairName } from '../i18n/plural';
import { lang as langSignal, pluralIn, textIn, type Lang } from '../i18n/ui';
import type { RoundSummary } from './api';
import { playerName } from './format';
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
  const finished = p.result
    ? textIn(lang, p.result.finished ? 'review.rounds.finished' : 'review.rounds.unfinished')
    : textIn(lang, p.interrupted ? 'review.rounds.interrupted' : 'review.rounds.running');
  const noLesson = p.result !== undefined && (p.result.lesson ?? read) === false;
  const text = noLesson ? `${finished} · ⚠ ${textIn(lang, 'review.rounds.noLesson')}` : finished;
  return { text, ok: p.result?.finished === true && !noLesson, noLesson };
}

const idOf = (r: Pick<RoundSummary, 'round' | 'pairId'>) => `${r.round}/${r.pairId}`;

/** Where ↑ ↓ (← →), Home and End move in a list of `n` from `i`; null for any other key. */
export function rovingStep(key: string, i: number, n: number): number | null {
  if (key === 'ArrowDown' || key === 'ArrowRight') return Math.min(n - 1, i + 1);
  if (key === 'ArrowUp' || key === 'ArrowLeft') return Math.max(0, i - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return n - 1;
  return null;
}

export interface RoundListProps {
  rounds: readonly RoundSummary[];
  selected: { round: number; pairId: string } | null;
  onOpen: (r: RoundSummary) => void;
  /** The lesson read from a replay's trace, for a round stored without one. */
  readLesson?: (r: RoundSummary) => boolean | undefined;
}

/**
 * The class's rounds and, per round, its pairs: scenario, mode, players, finished, lesson, events.
 * One Tab stop for the whole list (a roving tabindex: the last pair moved to, else the chosen one,
 * else the first), ↑ ↓ Home End inside it, so the replay is one Tab away. The buttons are keyed by
 * round and pair: they keep their nodes, and the focus, when the page re-renders.
 */
export function RoundList({ rounds, selected, onOpen, readLesson = () => undefined }: RoundListProps) {
  const lang = langSignal.value;
  const [moved, setMoved] = useState<string | null>(null);
  const groups = groupRounds(rounds);
  const order = groups.flatMap((g) => g.pairs.map(idOf));
  const current = moved && order.includes(moved) ? moved : selected && order.includes(idOf(selected)) ? idOf(selected) : order[0];
  const onKey = (e: KeyboardEvent, id: string) => {
    const next = rovingStep(e.key, order.indexOf(id), order.length);
    if (next === null) return;
    e.preventDefault();
    const to = order[next]!;
    setMoved(to);
    const nav = (e.currentTarget as HTMLElement).closest('nav');
    nav?.querySelector<HTMLElement>(`[data-pair-key="${CSS.escape(to)}"]`)?.focus();
  };
  return (
    <nav class="rounds card" aria-labelledby="rounds-title" data-testid="round-list">
      <h2 id="rounds-title">{textIn(lang, 'review.rounds.heading')}</h2>
      {!rounds.length ? (
        <p class="muted">{textIn(lang, 'review.rounds.empty')}</p>
      ) : (
        <>
          <p class="muted" data-testid="round-list-keys">{textIn(lang, 'review.rounds.keys')}</p>
          {groups.map((g) => (
            <section class="round" key={g.round}>
              <h3>{textIn(lang, 'review.rounds.round', { n: g.round })}</h3>
              <ul class="pairs">
                {g.pairs.map((p) => {
                  const id = idOf(p);
                  const outcome = pairOutcome(p, lang, readLesson(p));
                  const pair = pairName(p.pairId, lang);
                  const isSel = selected?.round === p.round && selected.pairId === p.pairId;
                  return (
                    <li key={id}>
                      <button
                        type="button" class={`pair${isSel ? ' selected' : ''}`} data-testid={`pair-${p.round}-${p.pairId}`} data-pair-key={id}
                        aria-pressed={isSel} tabIndex={id === current ? 0 : -1}
                        onClick={() => { setMoved(id); onOpen(p); }} onKeyDown={(e) => onKey(e, id)}
                      >
                        {/* The name is what the button shows, after what it does (said, not shown: the list says it already). */}
                        <span class="visually-hidden">{`${textIn(lang, 'review.rounds.open', { n: p.round, pair })}: `}</span>
                        <span class="pair-top"><strong>{pair}</strong>{` · ${scenarioTitle(p.scenario, lang)} · `}<span class={`mode ${p.mode}`}>{textIn(lang, `review.mode.${p.mode}`)}</span></span>
                        <span class="pair-players">{textIn(lang, 'review.rounds.players', { client: playerName(p.players.client, lang), server: playerName(p.players.server, lang) })}</span>
                        <span class={`pair-meta ${outcome.ok ? 'finished' : outcome.noLesson ? 'no-lesson' : 'open'}`} data-testid={outcome.noLesson ? 'pair-no-lesson' : undefined}>
                          {`${outcome.ok ? '✓ ' : ''}${outcome.text} · ${pluralIn(lang, 'review.rounds.events', p.events)}`}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </>
      )}
    </nav>
  );
}
