import { findScenario } from '../../../shared/round/scenarios';
import type { StatsResponse } from './api';
import { h, s } from './dom';
import { summarizeRule } from '../../../shared/i18n/index';
import { rtIn, type Lang } from './i18n';
import { barLayout, nextSort, percent, sortStudents, type SortDir, type StudentColumn } from './stats-layout';

/** A scenario's title in `lang` (a custom scenario keeps its id). */
export function scenarioTitle(id: string, lang: Lang): string {
  return findScenario(id)?.title[lang] ?? id;
}

const WIDTH = 900;
/** Room right of a scenario's bar for its value (`100% · 12 of 12 pairs · ⚠ no lesson in 3`). */
const VALUE_W = 330;

/** The most common mistakes, by rule: a horizontal bar chart with the rule id and its one-line meaning. */
function mistakesChart(stats: StatsResponse, lang: Lang): HTMLElement {
  const items = stats.mistakesByRule.slice(0, 12);
  if (!items.length) return h('p', { class: 'muted', text: rtIn(lang, 'stats.noMistakes') });
  const labelW = 470;
  const { bars, height } = barLayout(items.map((m) => ({ key: m.rule, value: m.count })), { barMax: WIDTH - labelW - 70, rowH: 46, top: 6 });
  const summary = items.map((m) => `${m.rule} (${summarizeRule(m.rule, lang)}): ${m.count}`).join('; ');
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${height + 6}`, width: WIDTH, class: 'chart', role: 'img', 'aria-label': rtIn(lang, 'stats.mistakesLabel', { list: summary }), 'data-testid': 'stats-mistakes-chart' });
  svg.append(s('title', {}, rtIn(lang, 'stats.mistakesLabel', { list: summary })));
  for (const b of bars) {
    svg.append(s('text', { x: labelW - 12, y: b.y + 16, 'text-anchor': 'end', class: 'rule-id' }, b.key));
    svg.append(s('text', { x: labelW - 12, y: b.y + 34, 'text-anchor': 'end', class: 'rule-short' }, summarizeRule(b.key, lang)));
    svg.append(s('rect', { x: labelW, y: b.y + 8, width: b.w, height: 26, rx: 3, class: 'bar mistakes' }));
    svg.append(s('text', { x: labelW + b.w + 8, y: b.y + 26, class: 'bar-value' }, rtIn(lang, 'stats.times', { n: b.value })));
  }
  return h('div', { class: 'chart-box' }, svg);
}

/** A scenario's bar text: `2 of 3 pairs`, and how many pairs missed the lesson when any did. */
export function scenarioBarText(sc: StatsResponse['scenarios'][number], lang: Lang): string {
  const base = rtIn(lang, 'stats.scenarioBar', { flawless: sc.flawless, pairs: sc.pairs });
  const missed = sc.pairs - sc.lessons;
  return missed > 0 ? `${base} · ⚠ ${rtIn(lang, 'stats.scenarioNoLesson', { n: missed })}` : base;
}

/** Per scenario, the share of pairs that finished, had the lesson and made no error. */
function scenariosChart(stats: StatsResponse, lang: Lang): HTMLElement {
  if (!stats.scenarios.length) return h('p', { class: 'muted', text: rtIn(lang, 'stats.noScenarios') });
  const labelW = 300;
  const { bars, height } = barLayout(stats.scenarios.map((x) => ({ key: x.scenario, value: x.share })), { barMax: WIDTH - labelW - VALUE_W, rowH: 40, top: 6, max: 1 });
  const summary = stats.scenarios.map((x) => `${scenarioTitle(x.scenario, lang)}: ${percent(x.share)} (${scenarioBarText(x, lang)})`).join('; ');
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${height + 6}`, width: WIDTH, class: 'chart', role: 'img', 'aria-label': rtIn(lang, 'stats.scenariosLabel', { list: summary }), 'data-testid': 'stats-scenarios-chart' });
  svg.append(s('title', {}, rtIn(lang, 'stats.scenariosLabel', { list: summary })));
  const barMax = WIDTH - labelW - VALUE_W;
  bars.forEach((b, i) => {
    const sc = stats.scenarios[i]!;
    svg.append(s('text', { x: labelW - 12, y: b.y + 24, 'text-anchor': 'end', class: 'scenario-name' }, scenarioTitle(sc.scenario, lang)));
    svg.append(s('rect', { x: labelW, y: b.y + 8, width: barMax, height: 24, rx: 3, class: 'bar track' }));
    if (b.w > 0) svg.append(s('rect', { x: labelW, y: b.y + 8, width: b.w, height: 24, rx: 3, class: 'bar scenarios' }));
    svg.append(s('text', { x: labelW + barMax + 10, y: b.y + 25, class: 'bar-value' }, `${percent(sc.share)} · ${scenarioBarText(sc, lang)}`));
  });
  return h('div', { class: 'chart-box' }, svg);
}

const COLUMNS: { col: StudentColumn; key: Parameters<typeof rtIn>[1] }[] = [
  { col: 'nickname', key: 'stats.col.nickname' },
  { col: 'score', key: 'stats.col.score' },
  { col: 'accuracy', key: 'stats.col.accuracy' },
  { col: 'answers', key: 'stats.col.answers' },
  { col: 'mistakes', key: 'stats.col.mistakes' },
];

/**
 * The statistics section: common mistakes, the students table (sortable by any column) and the
 * per-scenario success chart, plus the CSV export.
 */
export class StatsView {
  readonly el = h('section', { class: 'stats', 'aria-labelledby': 'stats-title' });
  private stats: StatsResponse | null = null;
  private sort: { col: StudentColumn; dir: SortDir } = { col: 'score', dir: 'desc' };
  private note: HTMLElement | null = null;

  constructor(private readonly lang: () => Lang, private readonly onCsv: (status: HTMLElement) => void) {}

  set(stats: StatsResponse | null, note: HTMLElement | null = null): void {
    this.stats = stats;
    this.note = note;
    this.render();
  }

  render(): void {
    const lang = this.lang();
    const status = h('p', { class: 'export-status', role: 'status', 'data-testid': 'export-status' });
    const csv = h('button', { type: 'button', class: 'primary', 'data-testid': 'export-csv', text: `⬇ ${rtIn(lang, 'export.csv')}` });
    csv.addEventListener('click', () => this.onCsv(status));
    this.el.replaceChildren(h('div', { class: 'stats-head card' }, h('h2', { id: 'stats-title', text: rtIn(lang, 'tab.stats') }), csv, status));
    if (this.note || !this.stats) {
      this.el.append(h('div', { class: 'card' }, this.note ?? h('p', { class: 'muted', text: rtIn(lang, 'stats.loading') })));
      return;
    }
    const st = this.stats;
    this.el.append(
      h('div', { class: 'card', 'data-testid': 'stats-mistakes' }, h('h3', { text: rtIn(lang, 'stats.mistakes') }), mistakesChart(st, lang)),
      h('div', { class: 'card', 'data-testid': 'stats-students' }, h('h3', { text: rtIn(lang, 'stats.students') }), this.table(st, lang)),
      h('div', { class: 'card', 'data-testid': 'stats-scenarios' }, h('h3', { text: rtIn(lang, 'stats.scenarios') }), scenariosChart(st, lang)),
    );
  }

  private table(st: StatsResponse, lang: Lang): HTMLElement {
    if (!st.students.length) return h('p', { class: 'muted', text: rtIn(lang, 'stats.noStudents') });
    const head = h('tr');
    for (const c of COLUMNS) {
      const active = this.sort.col === c.col;
      const btn = h('button', { type: 'button', class: 'sort', 'data-testid': `sort-${c.col}` }, rtIn(lang, c.key), h('span', { 'aria-hidden': 'true', text: active ? (this.sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕' }));
      btn.addEventListener('click', () => {
        this.sort = nextSort(this.sort, c.col);
        this.render();
        (this.el.querySelector(`[data-testid="sort-${c.col}"]`) as HTMLElement | null)?.focus();
      });
      head.append(h('th', { scope: 'col', 'aria-sort': active ? (this.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none', class: c.col === 'nickname' ? '' : 'num' }, btn));
    }
    const body = h('tbody');
    for (const r of sortStudents(st.students, this.sort.col, this.sort.dir)) {
      body.append(h('tr', {},
        h('th', { scope: 'row', text: r.nickname }),
        h('td', { class: 'num', text: r.score }),
        h('td', { class: 'num', text: percent(r.accuracy) }),
        h('td', { class: 'num', text: `${r.correct} / ${r.total}` }),
        h('td', { class: 'num', text: r.mistakes })));
    }
    return h('div', { class: 'table-box' }, h('table', { class: 'students', 'data-testid': 'students-table' }, h('caption', { class: 'hint', text: rtIn(lang, 'stats.sortHint') }), h('thead', {}, head), body));
  }
}
