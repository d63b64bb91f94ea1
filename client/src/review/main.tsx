/**
 * The after-class review page (`/review.html?code=CODE`, a student's own rounds with `&mine=1`;
 * `&round=N&pair=pairK` opens one replay): the class's rounds and pairs, each pair's replay as a
 * ladder diagram, class statistics, CSV and JSON exports, and the import of any trace file.
 *
 * Stable data-testid attributes (for browser tests):
 *   review-code-input, review-key-input, review-load     the access form (key = host key, or replay token with mine=1)
 *   review-denied                                        the bilingual 401/403 message
 *   tab-replays, tab-stats, tab-import                   the three sections
 *   round-list, pair-<round>-<pairId>                    rounds and their pairs (pair-1-pair1)
 *   ladder, ladder-segment-<eventIndex>                  the diagram; one group per send event (all its copies)
 *   ladder-state-<eventIndex>                            a declared state on the diagram (clickable like a segment)
 *   ladder-state-label                                   a state written beside its line (as the game names it)
 *   pair-no-lesson, replay-lesson                        a round whose lesson did not happen: in the list, over the replay
 *   detail-panel, detail-verdict, detail-rules, rule-explanation, rule-hint, detail-close
 *   detail-answered, detail-rfc-state                    how long the answer took (wall time); RFC 9293's state where it differs
 *   step-back, play, step-forward, scrub, speed, replay-position, replay-status, replay-summary
 *   legend
 *   stats-mistakes, stats-students, stats-scenarios      the three statistics blocks
 *   stats-mistakes-chart, stats-scenarios-chart, students-table, sort-<column>
 *   export-csv, export-status, export-trace
 *   import-drop, import-file, import-paste, import-check, import-result, import-issues
 */
import '../zod-config';
import '../style.css';
import './review.css';
import { lessonOutcome } from '../../../shared/review/lesson';
import { checkTrace } from '../../../shared/trace/check';
import type { Trace } from '../../../shared/trace/schema';
import { pairName } from '../i18n/plural';
import { getLang, initLang, onLang, setLang } from '../i18n/ui';
import { Session } from '../net/session';
import { classCode, parseReviewRoute, rememberAccess, reviewSearch, storedAccess, type ReviewRoute } from './access';
import { ApiError, fetchCsv, fetchStats, fetchTrace, listRounds, type Access, type RoundSummary } from './api';
import { h } from './dom';
import { saveBlob, safeFileName } from './download';
import { rt, rtIn, type ReviewKey } from './i18n';
import { ImportView } from './import-view';
import { roundList } from './rounds-view';
import { scenarioTitle, StatsView } from './stats-view';
import { Viewer, type LoadedTrace } from './viewer';

type Tab = 'replays' | 'stats' | 'import';
type Phase = 'ask' | 'loading' | 'ready' | 'denied' | 'error';

interface PageState {
  route: ReviewRoute;
  access: Access | null;
  phase: Phase;
  /** The HTTP status (401/403) behind `denied`. */
  status: number;
  error: ReviewKey | null;
  errorParams: Record<string, string | number>;
  rounds: RoundSummary[];
  nickname: string;
  tab: Tab;
  selected: { round: number; pairId: string } | null;
  /** Lessons read from the traces of opened replays whose rounds were stored without one (`round/pairId` → happened). */
  readLessons: Map<string, boolean>;
}

initLang();
// A replay token whose end has passed opens nothing: it is not offered again.
Session.dropExpiredReplayTokens(Date.now());
const route = parseReviewRoute(location.search);
const state: PageState = {
  route,
  access: storedAccess(route.code, route.mine),
  phase: 'ask',
  status: 0,
  error: null,
  errorParams: {},
  rounds: [],
  nickname: '',
  tab: 'replays',
  selected: null,
  readLessons: new Map(),
};
const pairKey = (round: number, pairId: string) => `${round}/${pairId}`;

const viewer = new Viewer(getLang, exportTrace, () => (state.phase === 'ready' ? 'viewer.empty' : 'viewer.emptyNoClass'));
const stats = new StatsView(getLang, (status) => void exportCsv(status));
const importer = new ImportView(getLang, (r) => {
  state.selected = null;
  const scenario = typeof r.trace.meta?.scenario === 'string' ? r.trace.meta.scenario : undefined;
  viewer.show({
    trace: r.trace, report: r.report, title: (lang) => rtIn(lang, 'viewer.imported', { name: r.name }), names: { client: '', server: '' }, exportName: safeFileName(r.name.replace(/\.json$/i, '')),
    // A file that names a scenario is checked for its lesson as a recorded round is.
    ...(scenario ? { lesson: lessonOutcome(scenario, r.trace, { report: r.report }) } : {}),
  });
  setTab('replays');
});
const root = h('div', { class: 'review-page' });
document.getElementById('app')?.replaceChildren(root);

// ── Loading ──

async function open(access: Access): Promise<void> {
  state.access = access;
  state.phase = 'loading';
  state.error = null;
  render();
  try {
    const res = await listRounds(access);
    state.rounds = res.rounds;
    state.readLessons.clear();
    state.nickname = res.nickname ?? '';
    state.phase = 'ready';
    rememberAccess(access);
    render();
    const want = state.route.open;
    if (want && res.rounds.some((r) => r.round === want.round && r.pairId === want.pairId)) void openPair(want.round, want.pairId);
    if (state.tab === 'stats') void loadStats();
  } catch (e) {
    fail(e);
  }
}

/** An API failure: 401/403 shows the access message and nothing else; others say what went wrong. */
function fail(e: unknown): void {
  if (e instanceof ApiError && e.reason === 'auth') {
    state.phase = 'denied';
    state.status = e.status;
    state.rounds = [];
    state.selected = null;
    viewer.showMessage(null);
    stats.set(null);
  } else {
    state.phase = 'error';
    const reason = e instanceof ApiError ? e.reason : 'network';
    state.error = reason === 'network' ? 'err.network' : reason === 'data' ? 'err.badData' : reason === 'not-found' ? 'err.notFound' : 'err.http';
    state.errorParams = { status: e instanceof ApiError ? e.status : 0 };
  }
  render();
}

function errorNote(key: ReviewKey, params: Record<string, string | number> = {}): HTMLElement {
  return h('p', { class: 'error', role: 'alert', text: rt(key, params) });
}

async function openPair(round: number, pairId: string): Promise<void> {
  const access = state.access;
  if (!access) return;
  state.selected = { round, pairId };
  state.route = { ...state.route, open: { round, pairId } };
  history.replaceState(null, '', `${location.pathname}${reviewSearch(state.route)}`);
  render();
  viewer.showMessage(h('p', { class: 'muted', role: 'status', text: rt('viewer.loading') }));
  try {
    const raw = await fetchTrace(access, round, pairId);
    if (state.selected?.round !== round || state.selected.pairId !== pairId) return;
    const report = checkTrace(raw);
    if (!report.valid) {
      const list = h('ul', { class: 'issues' });
      for (const i of report.issues.slice(0, 50)) list.append(h('li', {}, h('code', { text: i.path }), `: ${i.message}`));
      viewer.showMessage(h('div', { role: 'alert' }, errorNote('err.badTrace'), list));
      return;
    }
    const meta = state.rounds.find((r) => r.round === round && r.pairId === pairId);
    const loaded = recorded(raw as Trace, report, round, pairId, meta);
    viewer.show(loaded);
    // A round stored before results had a lesson: the list learns it from the trace just read.
    if (meta?.result && meta.result.lesson === undefined && loaded.lesson && !state.readLessons.has(pairKey(round, pairId))) {
      state.readLessons.set(pairKey(round, pairId), loaded.lesson.happened);
      render();
    }
  } catch (e) {
    if (e instanceof ApiError && e.reason === 'auth') return fail(e);
    const reason = e instanceof ApiError ? e.reason : 'network';
    viewer.showMessage(errorNote(reason === 'not-found' ? 'err.notFound' : reason === 'network' ? 'err.network' : reason === 'data' ? 'err.badData' : 'err.http', { status: e instanceof ApiError ? e.status : 0 }));
  }
}

function recorded(trace: Trace, report: LoadedTrace['report'], round: number, pairId: string, meta: RoundSummary | undefined): LoadedTrace {
  const scenario = meta?.scenario ?? (typeof trace.meta?.scenario === 'string' ? trace.meta.scenario : '?');
  // A round still being played may yet have its lesson: only an ended (or cut-short) round is told.
  const over = !meta || meta.result !== undefined || meta.interrupted === true;
  return {
    trace, report,
    title: (lang) => rtIn(lang, 'viewer.title', { n: round, pair: pairName(pairId, lang), scenario: scenarioTitle(scenario, lang), mode: meta ? rtIn(lang, `mode.${meta.mode}`) : '?' }),
    names: { client: meta?.players.client ?? '', server: meta?.players.server ?? '' },
    exportName: safeFileName(`synack-${state.access?.code ?? ''}-round${round}-${pairId}`),
    ...(over ? { lesson: lessonOutcome(scenario, trace, { stored: meta?.result?.lesson, report }) } : {}),
  };
}

async function loadStats(): Promise<void> {
  const a = state.access;
  if (!a || state.phase !== 'ready') return;
  if (a.kind !== 'host') {
    stats.set(null, h('p', { class: 'muted', text: rt('stats.hostOnly') }));
    return;
  }
  stats.set(null);
  try {
    stats.set(await fetchStats(a));
  } catch (e) {
    if (e instanceof ApiError && e.reason === 'auth') return fail(e);
    stats.set(null, errorNote(e instanceof ApiError && e.reason === 'data' ? 'err.badData' : e instanceof ApiError && e.reason === 'http' ? 'err.http' : 'err.network', { status: e instanceof ApiError ? e.status : 0 }));
  }
}

// ── Exports ──

async function exportCsv(status: HTMLElement): Promise<void> {
  const a = state.access;
  if (!a || a.kind !== 'host') return;
  status.textContent = rt('access.loading');
  try {
    const blob = await fetchCsv(a);
    const file = `synack-${a.code}.csv`;
    saveBlob(blob, file);
    status.textContent = rt('export.done', { file });
  } catch (e) {
    if (e instanceof ApiError && e.reason === 'auth') return fail(e);
    status.textContent = rt('export.failed', { message: e instanceof Error ? e.message : String(e) });
  }
}

function exportTrace(t: LoadedTrace): void {
  const file = `${t.exportName}.json`;
  saveBlob(new Blob([`${JSON.stringify(t.trace, null, 2)}\n`], { type: 'application/json' }), file);
}

// ── Rendering ──

function setTab(tab: Tab): void {
  state.tab = tab === 'stats' && state.route.mine ? 'replays' : tab;
  render();
  if (tab === 'stats') void loadStats();
}

function accessForm(): HTMLElement {
  const mine = state.route.mine;
  const form = h('form', { class: 'access card', 'aria-labelledby': 'access-title', novalidate: true });
  const code = h('input', { id: 'review-code', 'data-testid': 'review-code-input', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: true, value: state.access?.code ?? state.route.code, class: 'mono' });
  const key = h('input', { id: 'review-key', 'data-testid': 'review-key-input', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, class: 'mono' });
  const msg = h('p', { class: 'error', role: 'alert' });
  const busy = state.phase === 'loading';
  const load = h('button', { type: 'submit', class: 'primary', 'data-testid': 'review-load', disabled: busy, text: rt(busy ? 'access.loading' : 'access.load') });
  form.append(
    h('h2', { id: 'access-title', text: rt('access.heading') }),
    h('p', { class: 'muted', text: rt(mine ? 'access.introMine' : 'access.intro') }),
    h('div', { class: 'fields-row' },
      h('div', { class: 'field' }, h('label', { for: 'review-code', text: rt('access.code') }), code),
      h('div', { class: 'field grow' }, h('label', { for: 'review-key', text: rt(mine ? 'access.token' : 'access.key') }), key, h('span', { class: 'hint', text: rt('access.keyHint') })),
      load),
    msg,
  );
  if (state.phase !== 'denied') form.append(h('p', { class: 'hint', text: rt('access.noKeyImport') }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const c = classCode(code.value);
    const k = key.value.trim();
    code.setAttribute('aria-invalid', String(!c));
    key.setAttribute('aria-invalid', String(!k));
    if (!c) return void (msg.textContent = rt('access.needCode'), code.focus());
    if (!k) return void (msg.textContent = rt('access.needKey'), key.focus());
    state.route = { ...state.route, code: c };
    history.replaceState(null, '', `${location.pathname}${reviewSearch(state.route)}`);
    void open(mine ? { kind: 'student', code: c, token: k } : { kind: 'host', code: c, key: k });
  });
  return form;
}

/** The 401/403 message, in both languages at once: whoever opened the link reads one of them. */
function deniedMessage(): HTMLElement {
  const code = state.access?.code ?? state.route.code;
  // 401 (a key the server cannot read) and 403 (a wrong key, or no such class) say the same: this key does not open it.
  const key: ReviewKey = 'err.denied';
  return h('div', { class: 'denied card', role: 'alert', 'data-testid': 'review-denied', 'data-status': state.status },
    h('p', { lang: 'en', text: `⚠ ${rtIn('en', key, { code })}` }),
    h('p', { lang: 'zh-CN', text: `⚠ ${rtIn('zh-CN', key, { code })}` }));
}

function tabs(): HTMLElement {
  const list = h('div', { class: 'tabs', role: 'tablist', 'aria-label': rt('tab.label') });
  // Statistics are the instructor's: a student's page has no such tab.
  const all: Tab[] = state.route.mine ? ['replays', 'import'] : ['replays', 'stats', 'import'];
  for (const tab of all) {
    const sel = state.tab === tab;
    const b = h('button', { type: 'button', role: 'tab', id: `tab-${tab}`, 'data-testid': `tab-${tab}`, 'aria-selected': String(sel), 'aria-controls': `panel-${tab}`, tabindex: sel ? 0 : -1, text: rt(`tab.${tab}`) });
    b.addEventListener('click', () => setTab(tab));
    b.addEventListener('keydown', (e) => {
      const i = all.indexOf(tab);
      const next = e.key === 'ArrowRight' ? all[(i + 1) % all.length] : e.key === 'ArrowLeft' ? all[(i + all.length - 1) % all.length] : undefined;
      if (!next) return;
      e.preventDefault();
      setTab(next);
      (document.getElementById(`tab-${next}`) as HTMLElement | null)?.focus();
    });
    list.append(b);
  }
  return list;
}

function header(): HTMLElement {
  const lang = getLang();
  const other = lang === 'en' ? 'zh-CN' : 'en';
  const sw = h('button', { type: 'button', class: 'lang-switch', lang: other, 'aria-label': rt('lang.switchLabel'), 'data-testid': 'lang-switch', text: rt('lang.switch') });
  sw.addEventListener('click', () => setLang(other));
  const code = state.access?.code ?? state.route.code;
  const sub = state.phase === 'ready' && code
    ? state.access?.kind === 'student' ? (state.nickname ? rt('page.mineAs', { code, name: state.nickname }) : rt('page.mine', { code })) : rt('page.class', { code })
    : '';
  return h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '/', title: rt('page.back'), text: 'SYN/ACK' }),
    h('h1', { class: 'tagline' }, h('strong', { text: rt('page.heading') }), sub ? ` · ${sub}` : ''),
    sw);
}

function render(): void {
  const focused = document.activeElement?.getAttribute('data-testid') ?? null;
  document.title = rt('page.title');
  viewer.refreshEmpty();
  const main = h('main', { class: 'review' });
  if (state.phase === 'denied') {
    main.append(deniedMessage(), accessForm());
  } else {
    if (state.phase !== 'ready') main.append(accessForm());
    if (state.phase === 'error' && state.error) main.append(h('div', { class: 'card' }, errorNote(state.error, state.errorParams)));
    main.append(tabs());
    const panel = (tab: Tab, ...content: HTMLElement[]) => h('div', { role: 'tabpanel', id: `panel-${tab}`, 'aria-labelledby': `tab-${tab}`, hidden: state.tab !== tab, class: `panel panel-${tab}` }, ...content);
    const replays = state.phase === 'ready'
      ? h('div', { class: 'replays' }, roundList(state.rounds, state.selected, getLang(), (r) => void openPair(r.round, r.pairId), (r) => state.readLessons.get(pairKey(r.round, r.pairId))), viewer.el)
      : h('div', { class: 'replays solo' }, viewer.el);
    main.append(panel('replays', replays));
    if (!state.route.mine) main.append(panel('stats', state.phase === 'ready' ? stats.el : h('div', { class: 'card' }, h('p', { class: 'muted', text: rt('stats.needAccess') }))));
    main.append(panel('import', importer.el));
  }
  root.replaceChildren(header(), main);
  if (focused) (root.querySelector(`[data-testid="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus({ preventScroll: true });
}

onLang(() => {
  viewer.render();
  stats.render();
  importer.render();
  render();
});

// A trace file dropped anywhere on the page is imported (the drop zone handles its own drops).
document.addEventListener('dragover', (e) => {
  if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
});
document.addEventListener('drop', (e) => {
  const f = e.dataTransfer?.files?.[0];
  if (!f) return;
  e.preventDefault();
  void importer.readFile(f);
});

importer.render();
render();
if (state.access) void open(state.access);
