import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CaptureNote } from '../../../shared/capture/index';
import type { LessonOutcome } from '../../../shared/review/lesson';
import type { Side } from '../../../shared/tcp/types';
import type { TraceReport } from '../../../shared/trace/check';
import type { Trace } from '../../../shared/trace/schema';
import { lang as langSignal, pluralIn, textIn, type Lang, type Key } from '../i18n/ui';
import { ladderLayout, type LadderLayout } from '../ladder/layout';
import { renderLadder } from '../ladder/svg';
import { noteText } from './capture-text';
import { describeEvent, eventDetail, joinSentences } from './detail';
import { DetailContent } from './detail-view';
import { formatTime, lessonNote, playerName } from './format';
import { initialPlayer, playerReduce, type PlayerAction, type PlayerState } from './player';

/** A trace ready to replay: recorded (from the API) or imported. */
export interface LoadedTrace {
  trace: Trace;
  report: TraceReport;
  /** Heading of the replay, in a language. */
  title: (lang: Lang) => string;
  names: Record<Side, string>;
  /** File name for the JSON export. */
  exportName: string;
  /** The scenario's lesson (`lessonOutcome`); absent when it is not known or not decided yet (a round still running). */
  lesson?: Pick<LessonOutcome, 'happened' | 'missing'>;
  /** A capture's notes on its conversion to a trace (client by the lower port, no handshake, an abort's RST…). */
  notes?: CaptureNote[];
}

const SPEEDS = [0.5, 1, 2, 4] as const;
const BASE_TICK_MS = 800;

const KEYS: Record<string, PlayerAction> = { ArrowRight: { type: 'forward' }, ArrowLeft: { type: 'back' }, Home: { type: 'home' }, End: { type: 'end' }, ' ': { type: 'toggle' } };

interface LadderBoxProps {
  t: LoadedTrace;
  layout: LadderLayout;
  player: PlayerState;
  selected: number | null;
  lang: Lang;
  /** Keep the newest event in view (stepping, scrubbing, playing). */
  follow: boolean;
  /** Focus this event's mark once drawn (closing its details). */
  focusIndex: number | null;
  onKey: (e: KeyboardEvent) => void;
  onSelect: (index: number) => void;
}

/**
 * The one SVG ladder (ladder/svg.ts), drawn into a box Preact keeps: the renderer builds its own
 * nodes, so the box redraws them after each render and gives the focus back to the mark that had
 * it (by its data-testid), as the renderer's nodes are new each time.
 */
function LadderBox({ t, layout, player, selected, lang, follow, focusIndex, onKey, onSelect }: LadderBoxProps) {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const focused = document.activeElement && el.contains(document.activeElement) ? document.activeElement.getAttribute('data-testid') : null;
    const svg = renderLadder({
      layout, step: player.step, selected, interactive: true,
      heads: { client: t.names.client ? playerName(t.names.client, lang) : '', server: t.names.server ? playerName(t.names.server, lang) : '' },
      texts: {
        label: pluralIn(lang, 'review.ladder.label', layout.total, { shown: player.step }),
        side: (side) => textIn(lang, `side.${side}`),
        declares: (state) => textIn(lang, 'review.ladder.declares', { state }),
        window: (n) => pluralIn(lang, 'review.ladder.window', n),
        // The event's sentence ends once: its own full stop goes before the label's.
        event: (i) => textIn(lang, 'review.ladder.segmentLabel', { text: describeEvent(t.trace, t.report, i, lang).replace(/[.。]\s*$/, '') }),
        time: (ms) => formatTime(ms, lang),
        reconnect: textIn(lang, 'review.ladder.reconnect'),
      },
    });
    el.replaceChildren(svg);
    if (focusIndex !== null) el.querySelector<SVGElement>(`[data-index="${focusIndex}"]`)?.focus();
    else if (focused) el.querySelector<SVGElement>(`[data-testid="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
    if (follow && player.step > 0) {
      const scale = svg.getBoundingClientRect().height / layout.height || 1;
      const y = (layout.rowY[player.step - 1] ?? 0) * scale;
      const margin = Math.min(60, el.clientHeight / 4);
      if (y < el.scrollTop + margin || y > el.scrollTop + el.clientHeight - margin) el.scrollTop = Math.max(0, y - el.clientHeight / 2);
    }
  });
  return (
    <div
      class="ladder-box" tabIndex={0} ref={box} aria-label={textIn(lang, 'review.ctl.keys')}
      onKeyDown={onKey}
      onClick={(e) => {
        const target = (e.target as Element).closest('[data-index]');
        if (target) onSelect(Number(target.getAttribute('data-index')));
      }}
    />
  );
}

/** The replay of one loaded trace: transport (play, pause, step, scrub, speed), ladder, details, legend. */
function Replay({ t, lang, onExport }: { t: LoadedTrace; lang: Lang; onExport: (t: LoadedTrace) => void }) {
  const layout = useMemo(() => ladderLayout(t.trace, t.report), [t]);
  const [player, setPlayer] = useState<PlayerState>(() => initialPlayer(layout.total));
  const [selected, setSelected] = useState<number | null>(null);
  const [speed, setSpeed] = useState(1);
  const follow = useRef(false);
  const focusIndex = useRef<number | null>(null);
  const detailBox = useRef<HTMLElement>(null);

  // One tick per interval while playing; the interval follows the speed.
  useEffect(() => {
    if (!player.playing) return;
    const timer = setInterval(() => dispatch({ type: 'tick' }), BASE_TICK_MS / speed);
    return () => clearInterval(timer);
  }, [player.playing, speed]);

  function dispatch(a: PlayerAction): void {
    follow.current = true;
    setPlayer((p) => playerReduce(p, a));
  }
  function select(index: number): void {
    if (!Number.isInteger(index)) return;
    setSelected(index);
    requestAnimationFrame(() => detailBox.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' }));
  }
  const onKey = (e: KeyboardEvent) => {
    const onItem = (e.target as Element).closest?.('[data-index]');
    if (onItem && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      select(Number(onItem.getAttribute('data-index')));
      return;
    }
    const a = KEYS[e.key];
    if (!a) return;
    e.preventDefault();
    dispatch(a);
  };

  const doFollow = follow.current;
  follow.current = false;
  const doFocus = focusIndex.current;
  focusIndex.current = null;
  const sum = t.report.summary;
  const missed = t.lesson ? lessonNote(t.lesson, lang) : null;
  const p = player;
  const position = p.step === 0 ? textIn(lang, 'review.ctl.start') : textIn(lang, 'review.ctl.position', { i: p.step, n: p.total, t: formatTime(t.trace.events[p.step - 1]?.t ?? 0, lang) });
  const named = p.step > 0 ? t.report.events[p.step - 1]?.named : undefined;
  // The states as the game names them (a state begins with the segment that makes it).
  const status = p.step > 0
    ? joinSentences(lang, describeEvent(t.trace, t.report, p.step - 1, lang), named ? textIn(lang, 'review.ev.states', { client: named.client, server: named.server }) : '')
    : textIn(lang, 'review.ctl.start');
  const d = selected === null ? null : eventDetail(t.trace, t.report, selected);
  return (
    <>
      <div class="viewer-head">
        <div>
          <h2 id="viewer-title" tabIndex={-1}>{t.title(lang)}</h2>
          <p class="muted" data-testid="replay-summary">{sum.judged ? pluralIn(lang, 'review.viewer.summary', sum.judged, { correct: sum.correct }) : textIn(lang, 'review.viewer.noJudged')}</p>
          {missed ? <p class="lesson-missed" role="note" data-testid="replay-lesson">{missed}</p> : null}
          {t.notes?.length ? (
            <div class="capture-notes" role="note" aria-labelledby="replay-notes-title" data-testid="replay-notes">
              <strong id="replay-notes-title">{textIn(lang, 'review.capture.notes')}</strong>
              <ul>{t.notes.map((n, i) => <li key={`${n.id}-${i}`}>{noteText(n, lang)}</li>)}</ul>
            </div>
          ) : null}
        </div>
        <button type="button" data-testid="export-trace" onClick={() => onExport(t)}>{textIn(lang, 'review.export.trace')}</button>
      </div>
      <div class="controls" role="group" aria-label={textIn(lang, 'review.ctl.label')}>
        <button type="button" data-testid="step-back" disabled={p.step <= 0} onClick={() => dispatch({ type: 'back' })}>{`◀ ${textIn(lang, 'review.ctl.back')}`}</button>
        <button type="button" data-testid="play" class="primary" aria-pressed={p.playing} onClick={() => dispatch({ type: 'toggle' })}>
          {p.playing ? `❚❚ ${textIn(lang, 'review.ctl.pause')}` : `▶ ${textIn(lang, 'review.ctl.play')}`}
        </button>
        <button type="button" data-testid="step-forward" disabled={p.step >= p.total} onClick={() => dispatch({ type: 'forward' })}>{`${textIn(lang, 'review.ctl.forward')} ▶`}</button>
        <label class="scrub" for="scrub">
          <span class="sr-only">{textIn(lang, 'review.ctl.scrub')}</span>
          <input
            type="range" min={0} max={layout.total} step={1} value={p.step} data-testid="scrub" id="scrub"
            aria-label={textIn(lang, 'review.ctl.scrub')} aria-valuetext={position}
            onInput={(e) => dispatch({ type: 'seek', step: Number((e.currentTarget as HTMLInputElement).value) })}
          />
        </label>
        <label class="speed" for="replay-speed">
          {`${textIn(lang, 'review.ctl.speed')} `}
          <select data-testid="speed" id="replay-speed" value={String(speed)} onChange={(e) => setSpeed(Number((e.currentTarget as HTMLSelectElement).value) || 1)}>
            {SPEEDS.map((sp) => <option key={sp} value={String(sp)}>{`${sp}×`}</option>)}
          </select>
        </label>
        <span class="position" data-testid="replay-position">{position}</span>
      </div>
      <p class="status" role="status" data-testid="replay-status">{status}</p>
      <div class="viewer-body">
        <div class="ladder-col">
          <LadderBox t={t} layout={layout} player={p} selected={selected} lang={lang} follow={doFollow} focusIndex={doFocus} onKey={onKey} onSelect={select} />
          <p class="hint">{textIn(lang, 'review.ctl.keys')}</p>
        </div>
        <aside class="detail" data-testid="detail-panel" aria-live="polite" aria-labelledby="detail-heading" ref={detailBox}>
          <button
            type="button" class="small close" data-testid="detail-close" aria-label={textIn(lang, 'review.detail.close')} hidden={!d}
            onClick={() => {
              focusIndex.current = selected;
              setSelected(null);
            }}
          >×</button>
          <DetailContent d={d} lang={lang} names={t.names} judge={t.trace.judge} />
        </aside>
      </div>
      <Legend lang={lang} />
    </>
  );
}

export interface ViewerProps {
  loaded: LoadedTrace | null;
  /** Shown instead of a replay (loading, an error). */
  message: ComponentChildren;
  /** What the empty viewer says (it depends on the page). */
  emptyHint: Key;
  onExport: (t: LoadedTrace) => void;
}

/**
 * The replay viewer: the ladder, the transport (play, pause, step, scrub), the legend and the
 * detail panel. The transport's state lives in player.ts; a newly loaded trace starts afresh
 * (the replay is keyed by the loaded trace itself).
 */
export function Viewer({ loaded, message, emptyHint, onExport }: ViewerProps) {
  const lang = langSignal.value;
  return (
    <section class="viewer card" aria-labelledby="viewer-title">
      {loaded && !message ? (
        <Replay key={loaded} t={loaded} lang={lang} onExport={onExport} />
      ) : (
        <>
          <h2 id="viewer-title">{textIn(lang, 'review.tab.replays')}</h2>
          {message || <p class="muted">{textIn(lang, emptyHint)}</p>}
        </>
      )}
    </section>
  );
}

/** A legend swatch: a short line in the diagram's classes, with what else it draws. */
function Swatch({ path, seg, children }: { path?: string; seg?: string; children?: ComponentChildren }) {
  return (
    <svg width={46} height={16} viewBox="0 0 46 16" class={seg ? `swatch seg ${seg}` : 'swatch'} aria-hidden="true">
      {path ? <line x1={2} y1={8} x2={36} y2={8} class={`path ${path}`} /> : null}
      {children}
    </svg>
  );
}

/** The legend: each colour with its symbol and line style, drawn with the diagram's own classes. */
function Legend({ lang }: { lang: Lang }) {
  const item = (swatch: ComponentChildren, symbol: string, key: Key) => (
    <li key={key}>{swatch}<span class="sym">{symbol}</span><span>{textIn(lang, key)}</span></li>
  );
  return (
    <details class="legend" open data-testid="legend">
      <summary>{textIn(lang, 'review.legend.heading')}</summary>
      <ul class="legend-list">
        {item(<Swatch path="arrow" seg="ok" />, '✓', 'review.legend.ok')}
        {item(<Swatch path="arrow" seg="wrong" />, '✗', 'review.legend.wrong')}
        {item(<Swatch path="arrow" seg="unjudged" />, '', 'review.legend.unjudged')}
        {item(<Swatch path="arrow" seg="stale" />, '', 'review.legend.stale')}
        {item(<Swatch seg="unjudged"><line x1={2} y1={8} x2={24} y2={8} class="path lost" /><path d="M18,2 L30,14 M18,14 L30,2" class="cross" /></Swatch>, '✕', 'review.legend.lost')}
        {item(<Swatch seg="wrong"><line x1={2} y1={8} x2={20} y2={8} class="path refused" /><line x1={20} y1={1} x2={20} y2={15} class="stop" /></Swatch>, '⊣', 'review.legend.refused')}
        {item(<Swatch />, '↻', 'review.legend.retransmit')}
        {item(<Swatch />, '×2', 'review.legend.dup')}
        {item(<Swatch><circle cx={10} cy={8} r={4} class="mark-dot app" /></Swatch>, 'connect()', 'review.legend.app')}
        {item(<Swatch><circle cx={10} cy={8} r={4} class="mark-dot timer" /></Swatch>, '◷', 'review.legend.timer')}
        {item(<Swatch><text x={2} y={12} class="state small">{textIn(lang, 'review.legend.stateWord')}</text></Swatch>, '', 'review.legend.state')}
        {item(<Swatch><text x={2} y={12} class="tick">{formatTime(300, lang).replace('0.300', '0.3')}</text></Swatch>, 't', 'review.legend.time')}
      </ul>
    </details>
  );
}
