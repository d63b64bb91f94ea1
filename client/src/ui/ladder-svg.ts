import type { SeatEvent, Side } from '../../../shared/index';
import { h } from './dom';
import { ladderLayout, type LadderGeometry } from '../view/ladder';

const NS = 'http://www.w3.org/2000/svg';
const G: LadderGeometry = { width: 760, top: 24, rowH: 30, gutter: 150 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * The live ladder diagram of one pair, as SVG (sharp at projector size): time flows down, the
 * client on the left, the server on the right, segments as arrows, lost ones ending in a cross,
 * declared states written beside their line. Layout from view/ladder.ts.
 */
export function ladderSvg(events: readonly SeatEvent[], label: string): SVGSVGElement {
  const L = ladderLayout(events, G);
  const root = svg('svg', { viewBox: `0 0 ${G.width} ${L.height}`, role: 'img', 'aria-label': label, class: 'ladder', 'data-testid': 'ladder' });
  const defs = svg('defs', {});
  for (const side of ['client', 'server'] as const) {
    const marker = svg('marker', { id: `head-${side}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `head ${side}` }));
    defs.append(marker);
  }
  root.append(defs);
  for (const side of ['client', 'server'] as const) {
    const x = L.lines[side];
    root.append(svg('line', { x1: x, y1: 4, x2: x, y2: L.height - 8, class: 'life' }));
  }
  for (const a of L.arrows) {
    const cls = `arrow ${a.from}${a.stale ? ' stale' : ''}${a.end === 'flight' ? ' flight' : ''}`;
    const line = svg('line', { x1: a.x1, y1: a.y1, x2: a.x2, y2: a.y2, class: cls, 'data-testid': 'ladder-arrow' });
    if (a.end === 'arrow') line.setAttribute('marker-end', `url(#head-${a.from})`);
    root.append(line);
    if (a.end === 'lost') {
      const c = 9;
      root.append(svg('path', { d: `M${a.x2 - c},${a.y2 - c} L${a.x2 + c},${a.y2 + c} M${a.x2 - c},${a.y2 + c} L${a.x2 + c},${a.y2 - c}`, class: 'cross' }));
    }
    const mx = (a.x1 + a.x2) / 2;
    const my = (a.y1 + a.y2) / 2 - 6;
    const angle = (Math.atan2(a.y2 - a.y1, a.x2 - a.x1) * 180) / Math.PI;
    const upright = angle > 90 || angle < -90 ? angle + 180 : angle;
    root.append(svg('text', { x: mx, y: my, 'text-anchor': 'middle', class: `seg-label ${a.from}`, transform: `rotate(${upright.toFixed(1)} ${mx} ${my})` }, a.label));
  }
  for (const m of L.marks) {
    const left = m.side === 'client';
    root.append(svg('text', { x: left ? m.x - 10 : m.x + 10, y: m.y + 5, 'text-anchor': left ? 'end' : 'start', class: 'state-mark', 'data-testid': 'ladder-state' }, m.state));
  }
  return root;
}

/** The two names over the ladder's lines, outside the scrolling diagram so they stay in view. */
export function ladderNames(names: Record<Side, string>): HTMLElement {
  const share = `${((G.gutter / G.width) * 100).toFixed(2)}%`;
  const el = h('div', { class: 'ladder-names' }, h('span', { class: 'who client', text: names.client }), h('span', { class: 'who server', text: names.server }));
  // Set through the CSSOM: the page's Content-Security-Policy refuses style attributes.
  el.style.setProperty('--gutter', share);
  return el;
}
