import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { summarizeRule } from '../../../shared/i18n/index';
import { knownScenario } from '../scenarios';
import { lang as langSignal, pluralIn, textIn, type Lang, type Key } from '../i18n/ui';
import type { StatsResponse } from './api';
import type { Said } from './format';
import { barLayout, nextSort, percent, sortStudents, type SortDir, type StudentColumn } from './stats-layout';

/** A scenario's title in `lang`: a custom one's from its stored file (issue 16), else its id. */
export function scenarioTitle(id: string, lang: Lang): string {
  return knownScenario(id)?.title[lang] ?? id;
}

const WIDTH = 900;
/** Room right of a scenario's bar for its value (`100% · 12 of 12 pairs · ⚠ no lesson in 3`). */
const VALUE_W = 330;

/** The most common mistakes, by rule: a horizontal bar chart with the rule id and its one-line meaning. */
function MistakesChart({ stats, lang }: { stats: StatsResponse; lang: Lang }) {
  const items = stats.mistakesByRule.slice(0, 12);
  if (!items.length) return <p class="muted">{textIn(lang, 'review.stats.noMistakes')}</p>;
  const labelW = 470;
  const { bars, height } = barLayout(items.map((m) => ({ key: m.rule, value: m.count })), { barMax: WIDTH - labelW - 70, rowH: 46, top: 6 });
  const label = textIn(lang, 'review.stats.mistakesLabel', { list: items.map((m) => `${m.rule} (${summarizeRule(m.rule, lang)}): ${m.count}`).join('; ') });
  return (
    <div class="chart-box">
      <svg viewBox={`0 0 ${WIDTH} ${height + 6}`} width={WIDTH} class="chart" role="img" aria-label={label} data-testid="stats-mistakes-chart">
        <title>{label}</title>
        {bars.map((b) => (
          <g key={b.key}>
            <text x={labelW - 12} y={b.y + 16} text-anchor="end" class="rule-id">{b.key}</text>
            <text x={labelW - 12} y={b.y + 34} text-anchor="end" class="rule-short">{summarizeRule(b.key, lang)}</text>
            <rect x={labelW} y={b.y + 8} width={b.w} height={26} rx={3} class="bar mistakes" />
            <text x={labelW + b.w + 8} y={b.y + 26} class="bar-value">{textIn(lang, 'review.stats.times', { n: b.value })}</text>
          </g>
        ))}
      </svg>
    </div>
  );
}

/** A scenario's bar text: `2 of 3 pairs`, and how many pairs missed the lesson when any did. */
export function scenarioBarText(sc: StatsResponse['scenarios'][number], lang: Lang): string {
  const base = pluralIn(lang, 'review.stats.scenarioBar', sc.pairs, { flawless: sc.flawless });
  const missed = sc.pairs - sc.lessons;
  return missed > 0 ? `${base} · ⚠ ${textIn(lang, 'review.stats.scenarioNoLesson', { n: missed })}` : base;
}

/** Per scenario, the share of pairs that finished, had the lesson and made no error. */
function ScenariosChart({ stats, lang }: { stats: StatsResponse; lang: Lang }) {
  if (!stats.scenarios.length) return <p class="muted">{textIn(lang, 'review.stats.noScenarios')}</p>;
  const labelW = 300;
  const barMax = WIDTH - labelW - VALUE_W;
  const { bars, height } = barLayout(stats.scenarios.map((x) => ({ key: x.scenario, value: x.share })), { barMax, rowH: 40, top: 6, max: 1 });
  const label = textIn(lang, 'review.stats.scenariosLabel', { list: stats.scenarios.map((x) => `${scenarioTitle(x.scenario, lang)}: ${percent(x.share)} (${scenarioBarText(x, lang)})`).join('; ') });
  return (
    <div class="chart-box">
      <svg viewBox={`0 0 ${WIDTH} ${height + 6}`} width={WIDTH} class="chart" role="img" aria-label={label} data-testid="stats-scenarios-chart">
        <title>{label}</title>
        {bars.map((b, i) => {
          const sc = stats.scenarios[i]!;
          return (
            <g key={sc.scenario}>
              <text x={labelW - 12} y={b.y + 24} text-anchor="end" class="scenario-name">{scenarioTitle(sc.scenario, lang)}</text>
              <rect x={labelW} y={b.y + 8} width={barMax} height={24} rx={3} class="bar track" />
              {b.w > 0 ? <rect x={labelW} y={b.y + 8} width={b.w} height={24} rx={3} class="bar scenarios" /> : null}
              <text x={labelW + barMax + 10} y={b.y + 25} class="bar-value">{`${percent(sc.share)} · ${scenarioBarText(sc, lang)}`}</text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

const COLUMNS: { col: StudentColumn; key: Key }[] = [
  { col: 'nickname', key: 'review.stats.col.nickname' },
  { col: 'score', key: 'review.stats.col.score' },
  { col: 'accuracy', key: 'review.stats.col.accuracy' },
  { col: 'answers', key: 'review.stats.col.answers' },
  { col: 'mistakes', key: 'review.stats.col.mistakes' },
];

/** The students, sortable by any column (the sort buttons keep their nodes, so the focus stays on the one pressed). */
function StudentsTable({ stats, lang }: { stats: StatsResponse; lang: Lang }) {
  const [sort, setSort] = useState<{ col: StudentColumn; dir: SortDir }>({ col: 'score', dir: 'desc' });
  if (!stats.students.length) return <p class="muted">{textIn(lang, 'review.stats.noStudents')}</p>;
  return (
    <div class="table-box">
      <table class="students" data-testid="students-table">
        <caption class="hint">{textIn(lang, 'review.stats.sortHint')}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const active = sort.col === c.col;
              return (
                <th key={c.col} scope="col" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'} class={c.col === 'nickname' ? '' : 'num'}>
                  <button type="button" class="sort" data-testid={`sort-${c.col}`} onClick={() => setSort(nextSort(sort, c.col))}>
                    {textIn(lang, c.key)}<span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sortStudents(stats.students, sort.col, sort.dir).map((r) => (
            <tr key={r.nickname}>
              <th scope="row">{r.nickname}</th>
              <td class="num">{r.score}</td>
              <td class="num">{percent(r.accuracy)}</td>
              <td class="num">{`${r.correct} / ${r.total}`}</td>
              <td class="num">{r.mistakes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A share 0..1 as a percent, or a dash when nobody took that check. */
const shareText = (x: number | null, lang: Lang) => (x === null ? textIn(lang, 'review.concepts.none') : percent(x));
const gText = (x: number | null, lang: Lang) => (x === null ? textIn(lang, 'review.concepts.none') : x.toFixed(3));
const scoreText = (x: number | null, lang: Lang) => (x === null ? textIn(lang, 'review.concepts.none') : String(x));

/**
 * The concept checks (issue 17): the class's Hake's g and means, each student's scores and own g,
 * and per question (in the words the check was run with) the share right before and after, marking
 * the questions about the rules the class got wrong most in play (the report's `missed`).
 */
function ConceptsSection({ stats, lang }: { stats: StatsResponse; lang: Lang }) {
  const k = stats.concepts;
  if (!k) return null;
  // Which questions are about the rules the class got wrong most: the server's (shared/concepts `questionsOnMissedRules`).
  const missed = new Set(k.missed);
  const mean = (x: number | null) => (x === null ? textIn(lang, 'review.concepts.none') : x.toFixed(2));
  return (
    <div class="card concepts" data-testid="stats-concepts">
      <h3>{textIn(lang, 'review.concepts.heading')}</h3>
      <p class="concepts-gain" data-testid="concepts-gain">{textIn(lang, 'review.concepts.gain', { g: gText(k.g, lang) })}</p>
      <p data-testid="concepts-means">{textIn(lang, 'review.concepts.means', { pre: mean(k.preMean), post: mean(k.postMean), max: k.max, n: k.matched })}</p>
      <p class="hint">{textIn(lang, 'review.concepts.gainNote')}</p>
      <div class="table-box">
        <table class="students" data-testid="concepts-students">
          <thead>
            <tr>
              <th scope="col">{textIn(lang, 'review.concepts.col.student')}</th>
              <th scope="col" class="num">{textIn(lang, 'review.concepts.col.pre')}</th>
              <th scope="col" class="num">{textIn(lang, 'review.concepts.col.post')}</th>
              <th scope="col" class="num">{textIn(lang, 'review.concepts.col.g')}</th>
            </tr>
          </thead>
          <tbody>
            {k.students.map((st) => (
              <tr key={st.playerId} data-testid="concepts-student">
                <th scope="row">{st.nickname || st.playerId}</th>
                <td class="num">{scoreText(st.pre, lang)}</td>
                <td class="num">{scoreText(st.post, lang)}</td>
                <td class="num" data-testid="concepts-student-g">{gText(st.g, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="table-box">
        <table class="students" data-testid="concepts-questions">
          <thead>
            <tr>
              <th scope="col">{textIn(lang, 'review.concepts.col.question')}</th>
              <th scope="col" class="num">{textIn(lang, 'review.concepts.col.sharePre')}</th>
              <th scope="col" class="num">{textIn(lang, 'review.concepts.col.sharePost')}</th>
            </tr>
          </thead>
          <tbody>
            {k.shares.map((q) => {
              const aboutMissed = missed.has(q.id);
              return (
                <tr key={q.id} data-testid={`concepts-q-${q.id}`}>
                  <th scope="row">
                    {q.prompt[lang]}
                    {aboutMissed ? <span class="badge" data-testid="concepts-missed">{` ⚠ ${textIn(lang, 'review.concepts.missed')}`}</span> : null}
                  </th>
                  <td class="num">{shareText(q.pre, lang)}</td>
                  <td class="num">{shareText(q.post, lang)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export interface StatsViewProps {
  stats: StatsResponse | null;
  /** Said instead of the statistics (host only, an error); none: loading while `stats` is null. */
  note: ComponentChildren;
  /** Download the gradebook; `say` tells how it goes. */
  onCsv: (say: (s: Said) => void) => void;
}

/**
 * The statistics section: common mistakes, the students table (sortable by any column) and the
 * per-scenario success chart, plus the CSV export.
 */
export function StatsView({ stats, note, onCsv }: StatsViewProps) {
  const lang = langSignal.value;
  const [status, setStatus] = useState<Said | null>(null);
  return (
    <section class="stats" aria-labelledby="stats-title">
      <div class="stats-head card">
        <h2 id="stats-title">{textIn(lang, 'review.tab.stats')}</h2>
        <button type="button" class="primary" data-testid="export-csv" onClick={() => onCsv(setStatus)}>{`⬇ ${textIn(lang, 'review.export.csv')}`}</button>
        <p class="export-status" role="status" data-testid="export-status">{status ? textIn(lang, status.key, status.params) : ''}</p>
      </div>
      {note || !stats ? (
        <div class="card">{note || <p class="muted">{textIn(lang, 'review.stats.loading')}</p>}</div>
      ) : (
        <>
          <div class="card" data-testid="stats-mistakes"><h3>{textIn(lang, 'review.stats.mistakes')}</h3><MistakesChart stats={stats} lang={lang} /></div>
          <div class="card" data-testid="stats-students"><h3>{textIn(lang, 'review.stats.students')}</h3><StudentsTable stats={stats} lang={lang} /></div>
          <div class="card" data-testid="stats-scenarios"><h3>{textIn(lang, 'review.stats.scenarios')}</h3><ScenariosChart stats={stats} lang={lang} /></div>
          <ConceptsSection stats={stats} lang={lang} />
        </>
      )}
    </section>
  );
}
