import type { Side, TcpState } from '../../../shared/tcp/types';
import { pathAt, shownAt, stepY, type LadderLayout, type LadderSend, type PathView } from './layout';

/**
 * The one ladder renderer: draws a ladder layout (layout.ts) as SVG at one step, for the review's
 * replay and for the projector's live ladder (live.ts turns the host's events into a trace).
 * Colours follow the Okabe–Ito palette (safe for colour-blind readers) and every verdict also has
 * a symbol (✓ / ✗), so colour is never the only signal. Each segment's group also names its
 * sender (`from-client` / `from-server`) so that a page may colour by side instead (the
 * projector, where nothing is judged). The texts come from the page, in its language.
 */
export interface LadderTexts {
  /** The diagram's accessible name. */
  label: string;
  /** "client" / "server" over a line (only when `heads` is drawn). */
  side(side: Side): string;
  /** A declaration's mark: "declares ESTABLISHED". */
  declares(state: TcpState): string;
  /** The note over a window of a long trace: n earlier events are not drawn. */
  window(n: number): string;
  /** An event's accessible name (segments and declarations, when they are buttons). */
  event(index: number): string;
  /** Network time down the left edge (null: no time ticks). */
  time: ((ms: number) => string) | null;
  /** A connect's mark when it reuses the ports of the side's earlier connection (default `connect()`). */
  reconnect?: string;
}

export interface LadderView {
  layout: LadderLayout;
  step: number;
  selected: number | null;
  texts: LadderTexts;
  /**
   * The names over the lines, inside the diagram (the review). Null: the page shows them outside,
   * where they stay in view while the diagram scrolls (the projector, `ladderNames`).
   */
  heads: Record<Side, string> | null;
  /** Segments and declarations are buttons (the review: Enter opens an event's details). */
  interactive: boolean;
  /** Arrowheads coloured by verdict (the review, the default) or by sender (the projector: nothing is judged live). */
  colour?: 'verdict' | 'side';
}

type Attrs = Record<string, string | number | boolean | null | undefined>;

const NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and an optional text. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The CSS class that colours a send. */
export function sendClass(send: Pick<LadderSend, 'judged' | 'origin'>): string {
  if (send.origin === 'network') return 'stale';
  return send.judged === 'ok' ? 'ok' : send.judged === 'wrong' ? 'wrong' : 'unjudged';
}

const MARKER_KINDS = ['ok', 'wrong', 'unjudged', 'stale'] as const;

function pathEl(p: PathView, head: string, copy: number): SVGElement[] {
  const out: SVGElement[] = [];
  // A wide invisible twin makes the thin arrow easy to hit with a mouse or a finger.
  out.push(s('line', { x1: p.x1, y1: p.y1, x2: p.x2, y2: p.y2, class: 'hit' }));
  const line = s('line', { x1: p.x1, y1: p.y1, x2: p.x2, y2: p.y2, class: `path ${p.end}${copy > 0 ? ' copy' : ''}`, 'data-testid': 'ladder-arrow' });
  if (p.end === 'arrow') line.setAttribute('marker-end', `url(#head-${head})`);
  out.push(line);
  if (p.end === 'lost') {
    const c = 7;
    out.push(s('path', { d: `M${p.x2 - c},${p.y2 - c} L${p.x2 + c},${p.y2 + c} M${p.x2 - c},${p.y2 + c} L${p.x2 + c},${p.y2 - c}`, class: 'cross' }));
  } else if (p.end === 'refused') {
    // A stop bar across the stub: this answer never reached the network.
    const dx = p.x2 - p.x1;
    const dy = p.y2 - p.y1;
    const len = Math.hypot(dx, dy) || 1;
    const nx = (-dy / len) * 7;
    const ny = (dx / len) * 7;
    out.push(s('line', { x1: p.x2 - nx, y1: p.y2 - ny, x2: p.x2 + nx, y2: p.y2 + ny, class: 'stop' }));
  } else if (p.end === 'partial' || p.end === 'open') {
    out.push(s('circle', { cx: p.x2, cy: p.y2, r: 3.5, class: 'head-dot' }));
  }
  if (copy > 0 && p.end !== 'partial') {
    const mx = p.x1 + 0.62 * (p.x2 - p.x1);
    const my = p.y1 + 0.62 * (p.y2 - p.y1);
    out.push(s('text', { x: mx, y: my - 5, class: 'copy-mark', 'text-anchor': 'middle' }, `×${copy + 1}`));
  }
  return out;
}

/**
 * The most events drawn at once. A long trace (an imported capture: tens of thousands of events)
 * is drawn as the window of events that ends at the replay's step; the diagram keeps its full
 * height, so positions and scrolling stay the same, and the window moves as the replay does.
 */
export const LADDER_WINDOW = 1500;

/** The first event index drawn at `step` (0 unless the trace is longer than the window). */
export function windowStart(total: number, step: number): number {
  return total > LADDER_WINDOW ? Math.max(0, step - LADDER_WINDOW) : 0;
}

export function renderLadder(v: LadderView): SVGSVGElement {
  const L = v.layout;
  const g = L.geometry;
  const tx = v.texts;
  const lo = windowStart(L.total, v.step);
  const drawn = (index: number) => index >= lo && shownAt(index, v.step);
  // A button is named by its event; a drawing that is only looked at is one image.
  const button = (index: number) => (v.interactive ? { tabindex: 0, role: 'button', 'aria-label': tx.event(index) } : {});
  const svg = s('svg', {
    viewBox: `0 0 ${g.width} ${L.height}`, width: g.width, height: L.height, class: 'ladder', role: v.interactive ? 'group' : 'img',
    'data-testid': 'ladder', 'aria-label': tx.label,
  });
  const bySide = v.colour === 'side';
  const defs = s('defs');
  for (const kind of bySide ? (['client', 'server', 'stale'] as const) : MARKER_KINDS) {
    const m = s('marker', { id: `head-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', markerUnits: 'strokeWidth' });
    m.append(s('path', { d: 'M0,0 L10,5 L0,10 z', class: `head ${kind}` }));
    defs.append(m);
  }
  svg.append(defs);

  // The current row of a replay, so the eye finds the last event shown (a live ladder is always at its end).
  if (v.interactive && v.step > 0 && v.step <= L.total) {
    const y = L.rowY[v.step - 1] ?? 0;
    svg.append(s('rect', { x: 0, y: y - g.rowH / 2, width: g.width, height: g.rowH, class: 'current-row' }));
  }

  // Names over the lines, and the lines.
  for (const side of ['client', 'server'] as const) {
    const x = g.lines[side];
    if (v.heads) {
      svg.append(s('text', { x, y: 20, 'text-anchor': 'middle', class: `who ${side}` }, tx.side(side)));
      if (v.heads[side]) svg.append(s('text', { x, y: 38, 'text-anchor': 'middle', class: 'who-name' }, v.heads[side]));
    }
    svg.append(s('line', { x1: x, y1: v.heads ? 46 : 4, x2: x, y2: L.height - 8, class: `life ${side}` }));
  }

  if (lo > 0) {
    const y = (L.rowY[lo] ?? 0) - g.rowH;
    svg.append(s('text', { x: g.width / 2, y, 'text-anchor': 'middle', class: 'tick', 'data-testid': 'ladder-window' }, tx.window(lo)));
  }

  // Time, down the left edge, where it changes.
  const time = tx.time;
  if (time) for (const tk of L.ticks) if (drawn(tk.index)) svg.append(s('text', { x: 4, y: tk.y + 4, class: 'tick' }, time(tk.t)));

  for (const st of L.states) {
    if (st.index >= 0 ? !drawn(st.index) : lo > 0) continue;
    const x = g.lines[st.side];
    svg.append(s('line', { x1: x - 5, y1: st.y, x2: x + 5, y2: st.y, class: 'state-tick' }));
    svg.append(s('text', { x: st.x, y: st.y + 4, 'text-anchor': st.anchor, class: `state ${st.side}`, 'data-testid': 'ladder-state' }, st.state));
  }

  // Segments and declared states, appended in event order, so that Tab walks through time.
  const items: { index: number; el: SVGElement }[] = [];
  for (const m of L.marks) {
    if (!drawn(m.index)) continue;
    const anchor = m.x > g.lines[m.side] ? 'start' : 'end';
    if (m.kind === 'declare') {
      const kind = m.judged === 'ok' ? 'ok' : m.judged === 'wrong' ? 'wrong' : 'unjudged';
      const mark = m.judged === 'ok' ? ' ✓' : m.judged === 'wrong' ? ' ✗' : '';
      const grp = s('g', {
        class: `declare ${kind} from-${m.side}${v.selected === m.index ? ' selected' : ''}`, 'data-index': m.index,
        'data-testid': `ladder-state-${m.index}`, ...button(m.index),
      });
      grp.append(s('rect', { x: g.lines[m.side] - 4, y: m.y - 4, width: 8, height: 8, class: 'declare-dot', transform: `rotate(45 ${g.lines[m.side]} ${m.y})` }));
      grp.append(s('text', { x: m.x + (anchor === 'start' ? 4 : -4), y: m.y + 4, 'text-anchor': anchor, class: 'mark-text' }, `${tx.declares(m.state ?? 'CLOSED')}${mark}`));
      items.push({ index: m.index, el: grp });
      continue;
    }
    const text = m.kind === 'app' ? (m.call === 'send' ? `send(${m.bytes ?? 0})` : m.reuse && tx.reconnect ? tx.reconnect : `${m.call}()`) : `◷ ${m.timer === 'retransmit' ? 'RTO' : '2×MSL'}`;
    svg.append(s('circle', { cx: g.lines[m.side], cy: m.y, r: 4, class: `mark-dot ${m.kind}` }));
    svg.append(s('text', { x: m.x, y: m.y + 4, 'text-anchor': anchor, class: `mark-text ${m.kind}` }, text));
  }

  for (const send of L.sends) {
    if (!drawn(send.index)) continue;
    const kind = sendClass(send);
    const head = bySide && kind !== 'stale' ? send.side : kind;
    const grp = s('g', {
      class: `seg ${kind} from-${send.side}${send.retransmit ? ' retx' : ''}${v.selected === send.index ? ' selected' : ''}`,
      'data-index': send.index, 'data-testid': `ladder-segment-${send.index}`, ...button(send.index),
    });
    let labelShown = false;
    send.paths.forEach((p) => {
      const view = pathAt(L, send, p, v.step);
      if (!view) return;
      for (const el of pathEl(view, head, p.copy)) grp.append(el);
      if (p.copy === 0) labelShown = true;
    });
    if (labelShown) {
      const a = send.labelAt;
      const t = s('text', { x: a.x, y: a.y, 'text-anchor': a.anchor, class: 'seg-label', transform: a.angle ? `rotate(${a.angle} ${a.x} ${a.y})` : null, dy: a.dy });
      if (send.retransmit) t.append(s('tspan', { class: 'retx-mark' }, '↻ '));
      t.append(s('tspan', {}, send.label));
      if (send.judged) t.append(s('tspan', { class: 'verdict-mark' }, send.judged === 'ok' ? ' ✓' : ' ✗'));
      grp.append(t);
    }
    items.push({ index: send.index, el: grp });
  }
  for (const b of items.sort((a, c) => a.index - c.index)) svg.append(b.el);

  // The moment the replay is at: a thin rule under the last event shown.
  if (v.step < L.total) svg.append(s('line', { x1: 0, y1: stepY(L, v.step), x2: g.width, y2: stepY(L, v.step), class: 'now-line' }));
  return svg;
}
