import { otherSide, type SeatEvent, type Side, type TcpState } from '../../../shared/index';
import { shortLabel } from './label';

/**
 * The ladder diagram's layout (GAME.md "after class"): time flows down, the client's line on the
 * left and the server's on the right. Every segment event (sent, delivered, lost) and every
 * declared state takes the next row, and a pause between events adds up to `maxGapRows` more, so a
 * segment that waited in the network slants more; a lost one ends in the middle with a cross; one
 * still in the air ends, dashed, at the current row. Rows may be fractional.
 */
export interface LadderGeometry {
  width: number;
  top: number;
  rowH: number;
  /** Space kept on each side for state names. */
  gutter: number;
  /** A pause of this many ms between two events adds one row (default 2000). */
  msPerRow?: number;
  /** At most this many extra rows for one pause (default 3). */
  maxGapRows?: number;
}

export interface LadderArrow {
  key: string;
  from: Side;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  end: 'arrow' | 'lost' | 'flight';
  label: string;
  stale: boolean;
}

export interface LadderMark {
  key: string;
  side: Side;
  x: number;
  y: number;
  state: TcpState;
}

export interface LadderLayout {
  arrows: LadderArrow[];
  marks: LadderMark[];
  lines: Record<Side, number>;
  height: number;
  rows: number;
}

export function ladderX(g: LadderGeometry): Record<Side, number> {
  return { client: g.gutter, server: g.width - g.gutter };
}

export function rowY(g: LadderGeometry, row: number): number {
  return g.top + row * g.rowH;
}

export function ladderLayout(events: readonly SeatEvent[], g: LadderGeometry): LadderLayout {
  const x = ladderX(g);
  const mid = (x.client + x.server) / 2;
  const sent = new Map<string, { row: number; from: Side; label: string; stale: boolean; copies: number }>();
  const arrows: LadderArrow[] = [];
  const marks: LadderMark[] = [];
  let row = 0;
  let lastT: number | null = null;
    const msPerRow = g.msPerRow ?? 2000;
  const maxGap = g.maxGapRows ?? 3;
  for (const e of events) {
    if (e.kind === 'app' || e.kind === 'timer') continue;
    // One row per event, plus a little more for the time that passed since the last one.
    if (lastT !== null) row += Math.min(maxGap, Math.max(0, e.t - lastT) / msPerRow);
    lastT = e.t;
    row += 1;
    if (e.kind === 'sent') {
      sent.set(e.id, { row, from: e.side, label: shortLabel(e.segment), stale: e.origin === 'network', copies: 0 });
      // A state declared together with the send belongs on the sender's line too.
      if (e.state) marks.push({ key: `m${row}s`, side: e.side, x: x[e.side], y: rowY(g, row), state: e.state });
    } else if (e.kind === 'delivered') {
      let s = sent.get(e.id);
      if (!s) {
        s = { row, from: otherSide(e.to), label: shortLabel(e.segment), stale: true, copies: 0 };
        sent.set(e.id, s);
      }
      arrows.push({ key: `${e.id}#${s.copies}`, from: s.from, x1: x[s.from], y1: rowY(g, s.row), x2: x[e.to], y2: rowY(g, row), end: 'arrow', label: s.label, stale: s.stale });
      s.copies += 1;
    } else if (e.kind === 'lost') {
      const s = sent.get(e.id);
      if (!s) continue;
      arrows.push({ key: `${e.id}#lost`, from: s.from, x1: x[s.from], y1: rowY(g, s.row), x2: mid, y2: rowY(g, row), end: 'lost', label: s.label, stale: s.stale });
      s.copies = -1;
    } else {
      marks.push({ key: `m${row}`, side: e.side, x: x[e.side], y: rowY(g, row), state: e.state });
    }
  }
  // What is still in the air reaches halfway, dashed, one row below the last.
  for (const [id, s] of sent) {
    if (s.copies !== 0) continue;
    const y2 = rowY(g, row + 1);
    arrows.push({ key: `${id}#air`, from: s.from, x1: x[s.from], y1: rowY(g, s.row), x2: mid, y2, end: 'flight', label: s.label, stale: s.stale });
  }
  return { arrows, marks, lines: x, height: rowY(g, row + 2), rows: row };
}
