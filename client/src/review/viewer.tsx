import type { LessonOutcome } from '../../../shared/review/lesson';
import type { Side } from '../../../shared/tcp/types';
import type { TraceReport } from '../../../shared/trace/check';
import type { Trace } from '../../../shared/trace/schema';
import { describeEvent, eventDetail, joinSentences } from './detail';
import { detailContent } from './detail-view';
import { h, s } from './dom';
import { formatTime, lessonNote, playerName, REVIEW_TEXT, rt, rtIn, type Lang, type ReviewKey } from './i18n';
import { pluralKey } from '../i18n/plural';
import { ladderLayout, type LadderLayout } from '../ladder/layout';
import { renderLadder } from '../ladder/svg';
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
}

const SPEEDS = [0.5, 1, 2, 4] as const;
const BASE_TICK_MS = 800;

/**
 * The replay viewer: the ladder, the transport (play, pause, step, scrub), the legend and the
 * detail panel. The transport's state lives in player.ts; this file only wires it to the page.
 */
export class Viewer {
  readonly el = h('section', { class: 'viewer card', 'aria-labelledby': 'viewer-title' });
  private loaded: LoadedTrace | null = null;
  private layout: LadderLayout | null = null;
  private player: PlayerState = initialPlayer(0);
  private selected: number | null = null;
  private speed = 1;
  private timer: ReturnType<typeof setInterval> | null = null;
  private ladderBox = h('div', { class: 'ladder-box', tabindex: 0 });
  private detailBox = h('aside', { class: 'detail', 'data-testid': 'detail-panel', 'aria-live': 'polite', 'aria-labelledby': 'detail-heading' });
  private status = h('p', { class: 'status', role: 'status', 'data-testid': 'replay-status' });
  private position = h('span', { class: 'position', 'data-testid': 'replay-position' });
  private scrub = h('input', { type: 'range', min: 0, max: 0, step: 1, value: 0, 'data-testid': 'scrub', id: 'scrub' });
  private playBtn = h('button', { type: 'button', 'data-testid': 'play', class: 'primary' });
  private backBtn = h('button', { type: 'button', 'data-testid': 'step-back' });
  private fwdBtn = h('button', { type: 'button', 'data-testid': 'step-forward' });
  private message: HTMLElement | null = null;

  constructor(private readonly lang: () => Lang, private readonly onExport: (t: LoadedTrace) => void, private readonly emptyHint: () => ReviewKey = () => 'viewer.empty') {
    this.backBtn.addEventListener('click', () => this.dispatch({ type: 'back' }));
    this.fwdBtn.addEventListener('click', () => this.dispatch({ type: 'forward' }));
    this.playBtn.addEventListener('click', () => this.dispatch({ type: 'toggle' }));
    this.scrub.addEventListener('input', () => this.dispatch({ type: 'seek', step: Number(this.scrub.value) }));
    this.ladderBox.addEventListener('keydown', (e) => this.onKey(e));
    this.ladderBox.addEventListener('click', (e) => {
      const target = (e.target as Element).closest('[data-index]');
      if (target) this.select(Number(target.getAttribute('data-index')));
    });
    this.render();
  }

  /** Show a message (loading, an error) instead of a replay. */
  showMessage(el: HTMLElement | null): void {
    this.stop();
    this.message = el;
    this.loaded = null;
    this.layout = null;
    this.render();
  }

  show(t: LoadedTrace): void {
    this.stop();
    this.message = null;
    this.loaded = t;
    this.layout = ladderLayout(t.trace, t.report);
    this.player = initialPlayer(this.layout.total);
    this.selected = null;
    this.render();
  }

  /** Re-render the empty state (its hint depends on the page). */
  refreshEmpty(): void {
    if (!this.loaded && !this.message) this.render();
  }

  get current(): LoadedTrace | null {
    return this.loaded;
  }

  dispose(): void {
    this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.player = { ...this.player, playing: false };
  }

  private dispatch(a: PlayerAction): void {
    const was = this.player.playing;
    this.player = playerReduce(this.player, a);
    if (this.player.playing && !was) {
      this.timer = setInterval(() => this.dispatch({ type: 'tick' }), BASE_TICK_MS / this.speed);
    } else if (!this.player.playing && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.renderStep(true);
  }

  private onKey(e: KeyboardEvent): void {
    const onItem = (e.target as Element).closest?.('[data-index]');
    if (onItem && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      this.select(Number(onItem.getAttribute('data-index')));
      return;
    }
    const map: Record<string, PlayerAction> = { ArrowRight: { type: 'forward' }, ArrowLeft: { type: 'back' }, Home: { type: 'home' }, End: { type: 'end' }, ' ': { type: 'toggle' } };
    const a = map[e.key];
    if (!a) return;
    e.preventDefault();
    this.dispatch(a);
  }

  private select(index: number): void {
    if (!Number.isInteger(index)) return;
    this.selected = index;
    this.renderStep();
    this.renderDetail();
    this.detailBox.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }

  /** Rebuild everything (first show, language switch). */
  render(): void {
    const lang = this.lang();
    this.el.replaceChildren();
    if (!this.loaded || !this.layout) {
      this.el.append(h('h2', { id: 'viewer-title', text: rt('tab.replays') }), this.message ?? h('p', { class: 'muted', text: rtIn(lang, this.emptyHint()) }));
      return;
    }
    const t = this.loaded;
    const sum = t.report.summary;
    const missed = t.lesson ? lessonNote(t.lesson, lang) : null;
    const exportBtn = h('button', { type: 'button', 'data-testid': 'export-trace', text: rtIn(lang, 'export.trace') });
    exportBtn.addEventListener('click', () => this.onExport(t));
    this.backBtn.textContent = `◀ ${rtIn(lang, 'ctl.back')}`;
    this.fwdBtn.textContent = `${rtIn(lang, 'ctl.forward')} ▶`;
    this.scrub.max = String(this.layout.total);
    this.scrub.setAttribute('aria-label', rtIn(lang, 'ctl.scrub'));
    const controls = h('div', { class: 'controls', role: 'group', 'aria-label': rtIn(lang, 'ctl.label') },
      this.backBtn, this.playBtn, this.fwdBtn,
      h('label', { class: 'scrub', for: 'scrub' }, h('span', { class: 'sr-only', text: rtIn(lang, 'ctl.scrub') }), this.scrub),
      this.speedSelect(lang), this.position);
    this.el.append(
      h('div', { class: 'viewer-head' },
        h('div', {}, h('h2', { id: 'viewer-title', text: t.title(lang) }),
          h('p', { class: 'muted', 'data-testid': 'replay-summary', text: sum.judged ? rtIn(lang, 'viewer.summary', { correct: sum.correct, judged: sum.judged }) : rtIn(lang, 'viewer.noJudged') }),
          missed ? h('p', { class: 'lesson-missed', role: 'note', 'data-testid': 'replay-lesson', text: missed }) : null),
        exportBtn),
      controls,
      this.status,
      h('div', { class: 'viewer-body' }, h('div', { class: 'ladder-col' }, this.ladderBox, h('p', { class: 'hint', text: rtIn(lang, 'ctl.keys') })), this.detailBox),
      legend(lang),
    );
    this.ladderBox.setAttribute('aria-label', rtIn(lang, 'ctl.keys'));
    this.renderStep();
    this.renderDetail();
  }

  private speedSelect(lang: Lang): HTMLElement {
    const sel = h('select', { 'data-testid': 'speed', id: 'replay-speed' });
    for (const sp of SPEEDS) sel.append(h('option', { value: sp, text: `${sp}×`, selected: sp === this.speed }));
    sel.addEventListener('change', () => {
      this.speed = Number(sel.value) || 1;
      if (this.player.playing) {
        this.dispatch({ type: 'pause' });
        this.dispatch({ type: 'play' });
      }
    });
    return h('label', { class: 'speed', for: 'replay-speed' }, `${rtIn(lang, 'ctl.speed')} `, sel);
  }

  /** Redraw the diagram and the transport at the current step; `follow` keeps the current row in view. */
  private renderStep(follow = false): void {
    const t = this.loaded;
    const L = this.layout;
    if (!t || !L) return;
    const lang = this.lang();
    const p = this.player;
    const focused = document.activeElement && this.ladderBox.contains(document.activeElement) ? document.activeElement.getAttribute('data-testid') : null;
    const svg = renderLadder({
      layout: L, step: p.step, selected: this.selected, interactive: true,
      heads: { client: t.names.client ? playerName(t.names.client, lang) : '', server: t.names.server ? playerName(t.names.server, lang) : '' },
      texts: {
        label: rtIn(lang, 'ladder.label', { shown: p.step, n: L.total }),
        side: (side) => rtIn(lang, `side.${side}`),
        declares: (state) => rtIn(lang, 'ladder.declares', { state }),
        window: (n) => rtIn(lang, pluralKey(REVIEW_TEXT, 'ladder.window', lang, n), { n }),
        // The event's sentence ends once: its own full stop goes before the label's.
        event: (i) => rtIn(lang, 'ladder.segmentLabel', { text: describeEvent(t.trace, t.report, i, lang).replace(/[.。]\s*$/, '') }),
        time: (ms) => formatTime(ms, lang),
      },
    });
    this.ladderBox.replaceChildren(svg);
    if (focused) (this.ladderBox.querySelector(`[data-testid="${focused}"]`) as SVGElement | null)?.focus({ preventScroll: true });
    this.scrub.value = String(p.step);
    this.scrub.setAttribute('aria-valuetext', p.step === 0 ? rtIn(lang, 'ctl.start') : rtIn(lang, 'ctl.position', { i: p.step, n: p.total, t: formatTime(t.trace.events[p.step - 1]?.t ?? 0, lang) }));
    this.position.textContent = p.step === 0 ? rtIn(lang, 'ctl.start') : rtIn(lang, 'ctl.position', { i: p.step, n: p.total, t: formatTime(t.trace.events[p.step - 1]?.t ?? 0, lang) });
    this.playBtn.textContent = p.playing ? `❚❚ ${rtIn(lang, 'ctl.pause')}` : `▶ ${rtIn(lang, 'ctl.play')}`;
    this.playBtn.setAttribute('aria-pressed', String(p.playing));
    this.backBtn.toggleAttribute('disabled', p.step <= 0);
    this.fwdBtn.toggleAttribute('disabled', p.step >= p.total);
    if (p.step > 0) {
      const i = p.step - 1;
      // The states as the game names them (a state begins with the segment that makes it).
      const st = t.report.events[i]?.named;
      this.status.textContent = joinSentences(lang, describeEvent(t.trace, t.report, i, lang), st ? rtIn(lang, 'ev.states', { client: st.client, server: st.server }) : '');
    } else this.status.textContent = rtIn(lang, 'ctl.start');
    // Stepping, scrubbing or playing: keep the newest event in view (centred when it leaves the view).
    if (follow && p.step > 0) {
      const box = this.ladderBox;
      const scale = svg.getBoundingClientRect().height / L.height || 1;
      const y = (L.rowY[p.step - 1] ?? 0) * scale;
      const margin = Math.min(60, box.clientHeight / 4);
      if (y < box.scrollTop + margin || y > box.scrollTop + box.clientHeight - margin) box.scrollTop = Math.max(0, y - box.clientHeight / 2);
    }
  }

  private renderDetail(): void {
    const t = this.loaded;
    if (!t) return;
    const d = this.selected === null ? null : eventDetail(t.trace, t.report, this.selected);
    const close = h('button', { type: 'button', class: 'small close', 'data-testid': 'detail-close', 'aria-label': rtIn(this.lang(), 'detail.close'), text: '×', hidden: !d });
    close.addEventListener('click', () => {
      const index = this.selected;
      this.selected = null;
      this.renderStep();
      this.renderDetail();
      if (index !== null) (this.ladderBox.querySelector(`[data-index="${index}"]`) as SVGElement | null)?.focus();
    });
    this.detailBox.replaceChildren(close, ...detailContent(d, this.lang(), t.names, t.trace.judge));
  }
}

/** The legend: each colour with its symbol and line style, drawn with the diagram's own classes. */
function legend(lang: Lang): HTMLElement {
  const swatch = (cls: string, extra?: (svg: SVGSVGElement) => void, text?: string) => {
    const svg = s('svg', { width: 46, height: 16, viewBox: '0 0 46 16', class: 'swatch', 'aria-hidden': 'true' });
    if (cls) svg.append(s('line', { x1: 2, y1: 8, x2: 36, y2: 8, class: `path ${cls}` }));
    extra?.(svg);
    if (text) svg.append(s('text', { x: 40, y: 12, class: 'swatch-text', 'text-anchor': 'middle' }, text));
    return svg;
  };
  const seg = (kind: string) => (svg: SVGSVGElement) => svg.setAttribute('class', `swatch seg ${kind}`);
  const item = (svg: SVGSVGElement, symbol: string, key: Parameters<typeof rtIn>[1]) => h('li', {}, svg, h('span', { class: 'sym', text: symbol }), h('span', { text: rtIn(lang, key) }));
  const list = h('ul', { class: 'legend-list' },
    item(swatch('arrow', seg('ok')), '✓', 'legend.ok'),
    item(swatch('arrow', seg('wrong')), '✗', 'legend.wrong'),
    item(swatch('arrow', seg('unjudged')), '', 'legend.unjudged'),
    item(swatch('arrow', seg('stale')), '', 'legend.stale'),
    item(swatch('', (svg) => { seg('unjudged')(svg); svg.append(s('line', { x1: 2, y1: 8, x2: 24, y2: 8, class: 'path lost' }), s('path', { d: 'M18,2 L30,14 M18,14 L30,2', class: 'cross' })); }), '✕', 'legend.lost'),
    item(swatch('', (svg) => { seg('wrong')(svg); svg.append(s('line', { x1: 2, y1: 8, x2: 20, y2: 8, class: 'path refused' }), s('line', { x1: 20, y1: 1, x2: 20, y2: 15, class: 'stop' })); }), '⊣', 'legend.refused'),
    item(swatch(''), '↻', 'legend.retransmit'),
    item(swatch(''), '×2', 'legend.dup'),
    item(swatch('', (svg) => svg.append(s('circle', { cx: 10, cy: 8, r: 4, class: 'mark-dot app' }))), 'connect()', 'legend.app'),
    item(swatch('', (svg) => svg.append(s('circle', { cx: 10, cy: 8, r: 4, class: 'mark-dot timer' }))), '◷', 'legend.timer'),
    item(swatch('', (svg) => svg.append(s('text', { x: 2, y: 12, class: 'state small' }, rtIn(lang, 'legend.stateWord')))), '', 'legend.state'),
    item(swatch('', (svg) => svg.append(s('text', { x: 2, y: 12, class: 'tick' }, formatTime(300, lang).replace('0.300', '0.3')))), 't', 'legend.time'),
  );
  return h('details', { class: 'legend', open: true, 'data-testid': 'legend' }, h('summary', { text: rtIn(lang, 'legend.heading') }), list);
}
