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
 *   capture-hint, capture-list, capture-summary, capture-skipped, capture-connections   a capture's connections
 *   capture-conn-<n>, capture-open-<n>, replay-notes                                 one connection; the conversion's notes over its replay
 */
import '../zod-config';
import '../style.css';
import './review.css';
import { computed, effect, signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { render } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { lessonOutcome } from '../../../shared/review/lesson';
import { checkTrace } from '../../../shared/trace/check';
import type { Trace } from '../../../shared/trace/schema';
import { pairName } from '../i18n/plural';
import { initLang, lang, setLang, t, textIn } from '../i18n/ui';
import { Session } from '../net/session';
import { classCode, parseReviewRoute, rememberAccess, reviewSearch, storedAccess } from './access';
import { ApiError, fetchCsv, fetchStats, fetchTrace, listRounds, type Access, type RoundSummary, type StatsResponse } from './api';
import { saveBlob, safeFileName } from './download';
import type { Said } from './format';
import { Importer, ImportView } from './import-view';
import { RoundList } from './rounds-view';
import { scenarioTitle, StatsView } from './stats-view';
import { rememberStored } from '../scenarios';
import { Viewer, type LoadedTrace } from './viewer';

type Tab = 'replays' | 'stats' | 'import';
type Phase = 'ask' | 'loading' | 'ready' | 'denied' | 'error';

initLang();
// A replay token whose end has passed opens nothing: it is not offered again.
Session.dropExpiredReplayTokens(Date.now());

// ── The page's state: signals, drawn by the components below ──

const route = signal(parseReviewRoute(location.search));
const access = signal<Access | null>(storedAccess(route.value.code, route.value.mine));
const phase = signal<Phase>('ask');
/** The HTTP status (401/403) behind `denied`. */
const deniedStatus = signal(0);
const error = signal<Said | null>(null);
const rounds = signal<RoundSummary[]>([]);
const nickname = signal('');
const tab = signal<Tab>('replays');
const selected = signal<{ round: number; pairId: string } | null>(null);
/** Lessons read from the traces of opened replays whose rounds were stored without one (`round/pairId` → happened). */
const readLessons = signal<ReadonlyMap<string, boolean>>(new Map());
/** The replay shown, or what the viewer says instead (loading, an error). */
const replay = signal<LoadedTrace | null>(null);
const viewerNote = signal<ComponentChildren>(null);
/** The statistics, or what the statistics section says instead. */
const stats = signal<StatsResponse | null>(null);
const statsNote = signal<ComponentChildren>(null);
const code = computed(() => access.value?.code ?? route.value.code);

const pairKey = (round: number, pairId: string) => `${round}/${pairId}`;

const importer = new Importer((r) => {
  selected.value = null;
  const scenario = typeof r.trace.meta?.scenario === 'string' ? r.trace.meta.scenario : undefined;
  const cap = r.capture;
  showReplay({
    trace: r.trace, report: r.report, names: { client: '', server: '' },
    title: cap
      ? (l) => textIn(l, 'review.capture.title', { name: r.name, n: cap.connection, client: cap.client, server: cap.server })
      : (l) => textIn(l, 'review.viewer.imported', { name: r.name }),
    exportName: cap ? safeFileName(`${r.name.replace(/\.(pcapng|pcap|cap)$/i, '')}-c${cap.connection}`) : safeFileName(r.name.replace(/\.json$/i, '')),
    // A file that names a scenario is checked for its lesson as a recorded round is.
    ...(scenario ? { lesson: lessonOutcome(scenario, r.trace, { report: r.report }) } : {}),
    ...(cap?.notes.length ? { notes: cap.notes } : {}),
  });
  setTab('replays');
  // The Open button picked in the import section is hidden now: the keyboard goes on from the replay's heading.
  if (cap) setTimeout(() => document.getElementById('viewer-title')?.focus(), 0);
});

function showReplay(t: LoadedTrace | null, note: ComponentChildren = null): void {
  replay.value = t;
  viewerNote.value = note;
}

function setRoute(r: typeof route.value): void {
  route.value = r;
  history.replaceState(null, '', `${location.pathname}${reviewSearch(r)}`);
}

/** An error said in the page's language (role alert). */
function ErrorNote({ said }: { said: Said }) {
  return <p class="error" role="alert">{t(said.key, said.params)}</p>;
}

/** An API failure's words (not 401/403, which `fail` tells apart). */
function failure(e: unknown): Said {
  const reason = e instanceof ApiError ? e.reason : 'network';
  const key = reason === 'network' ? 'review.err.network' : reason === 'data' ? 'review.err.badData' : reason === 'not-found' ? 'review.err.notFound' : 'review.err.http';
  return { key, params: { status: e instanceof ApiError ? e.status : 0 } };
}

// ── Loading ──

async function open(a: Access): Promise<void> {
  access.value = a;
  phase.value = 'loading';
  error.value = null;
  try {
    const res = await listRounds(a);
    // Custom scenarios' titles come with their stored rounds (issue 16).
    rememberStored(res.rounds);
    rounds.value = res.rounds;
    readLessons.value = new Map();
    nickname.value = res.nickname ?? '';
    phase.value = 'ready';
    rememberAccess(a);
    const want = route.value.open;
    if (want && res.rounds.some((r) => r.round === want.round && r.pairId === want.pairId)) void openPair(want.round, want.pairId);
    if (tab.value === 'stats') void loadStats();
  } catch (e) {
    fail(e);
  }
}

/** An API failure: 401/403 shows the access message and nothing else; others say what went wrong. */
function fail(e: unknown): void {
  if (e instanceof ApiError && e.reason === 'auth') {
    phase.value = 'denied';
    deniedStatus.value = e.status;
    rounds.value = [];
    selected.value = null;
    showReplay(null);
    stats.value = null;
    statsNote.value = null;
  } else {
    phase.value = 'error';
    error.value = failure(e);
  }
}

async function openPair(round: number, pairId: string): Promise<void> {
  const a = access.value;
  if (!a) return;
  selected.value = { round, pairId };
  setRoute({ ...route.value, open: { round, pairId } });
  showReplay(null, <p class="muted" role="status">{t('review.viewer.loading')}</p>);
  try {
    const raw = await fetchTrace(a, round, pairId);
    if (selected.value?.round !== round || selected.value.pairId !== pairId) return;
    const report = checkTrace(raw);
    if (!report.valid) {
      showReplay(null, (
        <div role="alert">
          <ErrorNote said={{ key: 'review.err.badTrace' }} />
          <ul class="issues">{report.issues.slice(0, 50).map((i, k) => <li key={k}><code>{i.path}</code>{`: ${i.message}`}</li>)}</ul>
        </div>
      ));
      return;
    }
    const meta = rounds.value.find((r) => r.round === round && r.pairId === pairId);
    const loaded = recorded(raw as Trace, report, round, pairId, meta);
    showReplay(loaded);
    // A round stored before results had a lesson: the list learns it from the trace just read.
    if (meta?.result && meta.result.lesson === undefined && loaded.lesson && !readLessons.value.has(pairKey(round, pairId))) {
      readLessons.value = new Map([...readLessons.value, [pairKey(round, pairId), loaded.lesson.happened]]);
    }
  } catch (e) {
    if (e instanceof ApiError && e.reason === 'auth') return fail(e);
    showReplay(null, <ErrorNote said={failure(e)} />);
  }
}

function recorded(trace: Trace, report: LoadedTrace['report'], round: number, pairId: string, meta: RoundSummary | undefined): LoadedTrace {
  const scenario = meta?.scenario ?? (typeof trace.meta?.scenario === 'string' ? trace.meta.scenario : '?');
  // A round still being played may yet have its lesson: only an ended (or cut-short) round is told.
  const over = !meta || meta.result !== undefined || meta.interrupted === true;
  return {
    trace, report,
    title: (l) => textIn(l, 'review.viewer.title', { n: round, pair: pairName(pairId, l), scenario: scenarioTitle(scenario, l), mode: meta ? textIn(l, `review.mode.${meta.mode}`) : '?' }),
    names: { client: meta?.players.client ?? '', server: meta?.players.server ?? '' },
    exportName: safeFileName(`synack-${access.value?.code ?? ''}-round${round}-${pairId}`),
    ...(over ? { lesson: lessonOutcome(scenario, trace, { stored: meta?.result?.lesson, report }) } : {}),
  };
}

async function loadStats(): Promise<void> {
  const a = access.value;
  if (!a || phase.value !== 'ready') return;
  stats.value = null;
  if (a.kind !== 'host') {
    statsNote.value = <p class="muted">{t('review.stats.hostOnly')}</p>;
    return;
  }
  statsNote.value = null;
  try {
    stats.value = await fetchStats(a);
  } catch (e) {
    if (e instanceof ApiError && e.reason === 'auth') return fail(e);
    const said = failure(e);
    statsNote.value = <ErrorNote said={said.key === 'review.err.notFound' ? { ...said, key: 'review.err.http' } : said} />;
  }
}

// ── Exports ──

async function exportCsv(say: (s: Said) => void): Promise<void> {
  const a = access.value;
  if (!a || a.kind !== 'host') return;
  say({ key: 'review.access.loading' });
  try {
    const blob = await fetchCsv(a);
    const file = `synack-${a.code}.csv`;
    saveBlob(blob, file);
    say({ key: 'review.export.done', params: { file } });
  } catch (e) {
    if (e instanceof ApiError && e.reason === 'auth') return fail(e);
    say({ key: 'review.export.failed', params: { message: e instanceof Error ? e.message : String(e) } });
  }
}

function exportTrace(tr: LoadedTrace): void {
  const file = `${tr.exportName}.json`;
  saveBlob(new Blob([`${JSON.stringify(tr.trace, null, 2)}\n`], { type: 'application/json' }), file);
}

// ── The page ──

function setTab(next: Tab): void {
  tab.value = next === 'stats' && route.value.mine ? 'replays' : next;
  if (next === 'stats') void loadStats();
}

/** The class code and its key (the host key, or a student's replay token with `mine=1`). */
function AccessForm() {
  const mine = route.value.mine;
  const codeInput = useRef<HTMLInputElement>(null);
  const keyInput = useRef<HTMLInputElement>(null);
  const [msg, setMsg] = useState<Said | null>(null);
  const [invalid, setInvalid] = useState({ code: false, key: false });
  const busy = phase.value === 'loading';
  const submit = (e: Event) => {
    e.preventDefault();
    const c = classCode(codeInput.current?.value);
    const k = keyInput.current?.value.trim() ?? '';
    setInvalid({ code: !c, key: !k });
    if (!c) return void (setMsg({ key: 'review.access.needCode' }), codeInput.current?.focus());
    if (!k) return void (setMsg({ key: 'review.access.needKey' }), keyInput.current?.focus());
    setMsg(null);
    setRoute({ ...route.value, code: c });
    void open(mine ? { kind: 'student', code: c, token: k } : { kind: 'host', code: c, key: k });
  };
  return (
    <form class="access card" aria-labelledby="access-title" novalidate onSubmit={submit}>
      <h2 id="access-title">{t('review.access.heading')}</h2>
      <p class="muted">{t(mine ? 'review.access.introMine' : 'review.access.intro')}</p>
      <div class="fields-row">
        <div class="field">
          <label for="review-code">{t('review.access.code')}</label>
          <input
            id="review-code" data-testid="review-code-input" autocomplete="off" autocapitalize="characters" spellcheck={false} required class="mono"
            ref={codeInput} defaultValue={code.value} aria-invalid={invalid.code}
          />
        </div>
        <div class="field grow">
          <label for="review-key">{t(mine ? 'review.access.token' : 'review.access.key')}</label>
          <input id="review-key" data-testid="review-key-input" type="password" autocomplete="off" spellcheck={false} required class="mono" ref={keyInput} aria-invalid={invalid.key} />
          <span class="hint">{t('review.access.keyHint')}</span>
        </div>
        <button type="submit" class="primary" data-testid="review-load" disabled={busy}>{t(busy ? 'review.access.loading' : 'review.access.load')}</button>
      </div>
      <p class="error" role="alert">{msg ? t(msg.key, msg.params) : ''}</p>
      {phase.value !== 'denied' ? <p class="hint">{t('review.access.noKeyImport')}</p> : null}
    </form>
  );
}

/** The 401/403 message, in both languages at once: whoever opened the link reads one of them. */
function Denied() {
  // 401 (a key the server cannot read) and 403 (a wrong key, or no such class) say the same: this key does not open it.
  return (
    <div class="denied card" role="alert" data-testid="review-denied" data-status={deniedStatus.value}>
      <p lang="en">{`⚠ ${textIn('en', 'review.err.denied', { code: code.value })}`}</p>
      <p lang="zh-CN">{`⚠ ${textIn('zh-CN', 'review.err.denied', { code: code.value })}`}</p>
    </div>
  );
}

const TAB_TEXT = { replays: 'review.tab.replays', stats: 'review.tab.stats', import: 'review.tab.import' } as const;

/** The sections, as tabs: one Tab stop, ← → between them. */
function Tabs() {
  // Statistics are the instructor's: a student's page has no such tab.
  const all: Tab[] = route.value.mine ? ['replays', 'import'] : ['replays', 'stats', 'import'];
  return (
    <div class="tabs" role="tablist" aria-label={t('review.tab.label')}>
      {all.map((x, i) => {
        const sel = tab.value === x;
        return (
          <button
            key={x} type="button" role="tab" id={`tab-${x}`} data-testid={`tab-${x}`} aria-selected={sel} aria-controls={`panel-${x}`} tabIndex={sel ? 0 : -1}
            onClick={() => setTab(x)}
            onKeyDown={(e) => {
              const next = e.key === 'ArrowRight' ? all[(i + 1) % all.length] : e.key === 'ArrowLeft' ? all[(i + all.length - 1) % all.length] : undefined;
              if (!next) return;
              e.preventDefault();
              setTab(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >{t(TAB_TEXT[x])}</button>
        );
      })}
    </div>
  );
}

function Header() {
  const other = lang.value === 'en' ? 'zh-CN' : 'en';
  const c = code.value;
  const sub = phase.value === 'ready' && c
    ? access.value?.kind === 'student' ? (nickname.value ? t('review.page.mineAs', { code: c, name: nickname.value }) : t('review.page.mine', { code: c })) : t('review.page.class', { code: c })
    : '';
  return (
    <header class="topbar">
      <a class="brand" href="/" title={t('review.page.back')}>SYN/ACK</a>
      <h1 class="tagline"><strong>{t('review.page.heading')}</strong>{sub ? ` · ${sub}` : ''}</h1>
      <button type="button" class="lang-switch" lang={other} aria-label={t('lang.switchLabel')} data-testid="lang-switch" onClick={() => setLang(other)}>{t('lang.switch')}</button>
    </header>
  );
}

function Panel({ id, children }: { id: Tab; children: ComponentChildren }) {
  return <div role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} hidden={tab.value !== id} class={`panel panel-${id}`}>{children}</div>;
}

function App() {
  const ready = phase.value === 'ready';
  const viewer = (
    <Viewer loaded={replay.value} message={viewerNote.value} emptyHint={ready ? 'review.viewer.empty' : 'review.viewer.emptyNoClass'} onExport={exportTrace} />
  );
  return (
    <>
      <Header />
      <main class="review">
        {phase.value === 'denied' ? (
          <>
            <Denied />
            <AccessForm />
          </>
        ) : (
          <>
            {!ready ? <AccessForm /> : null}
            {phase.value === 'error' && error.value ? <div class="card"><ErrorNote said={error.value} /></div> : null}
            <Tabs />
            <Panel id="replays">
              {ready ? (
                <div class="replays">
                  <RoundList rounds={rounds.value} selected={selected.value} onOpen={(r) => void openPair(r.round, r.pairId)} readLesson={(r) => readLessons.value.get(pairKey(r.round, r.pairId))} />
                  {viewer}
                </div>
              ) : (
                <div class="replays solo">{viewer}</div>
              )}
            </Panel>
            {!route.value.mine ? (
              <Panel id="stats">
                {ready ? <StatsView stats={stats.value} note={statsNote.value} onCsv={(say) => void exportCsv(say)} /> : <div class="card"><p class="muted">{t('review.stats.needAccess')}</p></div>}
              </Panel>
            ) : null}
            <Panel id="import"><ImportView importer={importer} /></Panel>
          </>
        )}
      </main>
    </>
  );
}

// The tab's title in the page's language.
effect(() => {
  document.title = textIn(lang.value, 'review.page.title');
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

const root = document.getElementById('app');
if (root) {
  root.replaceChildren();
  const page = document.createElement('div');
  page.className = 'review-page';
  root.append(page);
  render(<App />, page);
}
if (access.value) void open(access.value);
