import { formatSegment, otherSide, type AppCall, type Segment, type Side, type TcpState, type TimerName } from '../../../shared/tcp/types';
import type { TraceReport } from '../../../shared/trace/check';
import type { Trace } from '../../../shared/trace/schema';

/**
 * The replay's ladder diagram as pure geometry (GAME.md "After class"): time flows down, the
 * client's line on the left, the server's on the right. Every trace event has its own row, and a
 * pause before it adds up to `maxGapRows` more (on a log scale of the trace's typical pause), so
 * y grows with time and a segment that stayed long in the network slants more, while a 60 s
 * TIME_WAIT does not push the end off the screen. Time is the trace's `t`, network time (never
 * `wall`): the pair's clock stands still while a person thinks, so the diagram shows delays and
 * timers as the network saw them. No DOM here: svg.ts draws this, for the review's replay and the projector's live ladder (live.ts).
 */
export interface LadderGeometry {
  width: number;
  /** x of each endpoint's line. */
  lines: Record<Side, number>;
  /** y of the first event's row. */
  top: number;
  /** Height of one row, px. */
  rowH: number;
  /** A pause adds at most this many rows. */
  maxGapRows: number;
  /** Estimated advance of one label character (11px monospace), for keeping labels apart. */
  charW: number;
}

export const DEFAULT_GEOMETRY: LadderGeometry = { width: 760, lines: { client: 205, server: 635 }, top: 84, rowH: 24, maxGapRows: 2.5, charW: 6.7 };

/** How one copy of a segment ends: arrives, is lost midway, was never sent (refused), or is still travelling when the trace ends. */
export type PathEnd = 'arrow' | 'lost' | 'refused' | 'open';

export interface LadderPath {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  end: PathEnd;
  /** The deliver/drop event that ends this copy; null for refused and open ones. */
  endIndex: number | null;
  /** 0 for the first delivery, 1 for a duplicate's second copy, … */
  copy: number;
}

export type Judged = 'ok' | 'wrong' | null;

export interface LadderSend {
  /** The send event's index in trace.events. */
  index: number;
  id: string;
  side: Side;
  to: Side;
  t: number;
  segment: Segment;
  /** `SYN seq=4021` (formatSegment without a zero length). */
  label: string;
  origin: 'player' | 'auto' | 'network';
  /**
   * Another address than the other side (the SYN flood's forged sources): the segment came from it
   * (origin network) or went to it, and reaches nobody on the ladder.
   */
  peer?: string;
  /** The verdict on a judged send; null when the send is not judged. */
  judged: Judged;
  retransmit: boolean;
  paths: LadderPath[];
  /** Where the label sits: on the first path, rotated along it, `dy` across it (or beside a refused stub). */
  labelAt: { x: number; y: number; angle: number; dy: number; anchor: 'start' | 'middle' | 'end' };
  /** The space the label takes, for keeping labels apart. */
  labelBox: TextBox;
  /** The label's text: ↻ for a retransmission, the segment, ✓ / ✗ for a verdict. */
  text: string;
}

export interface LadderMark {
  index: number;
  side: Side;
  x: number;
  y: number;
  kind: 'app' | 'timer' | 'declare';
  call?: AppCall;
  bytes?: number;
  /** A connect on the ports of the side's earlier connection (the trace's `reuse`). */
  reuse?: true;
  timer?: TimerName;
  state?: TcpState;
  judged?: Judged;
}

/**
 * A state written beside its line where it changes (index -1: the state before any event), as the
 * game names it (checkTrace's `named`): a state begins with the segment that makes it, so after
 * close() a pure ACK still shows ESTABLISHED and FIN_WAIT_1 appears at the FIN.
 */
export interface StateLabel {
  index: number;
  side: Side;
  x: number;
  y: number;
  state: TcpState;
  anchor: 'start' | 'end';
}

export interface TimeTick {
  index: number;
  y: number;
  t: number;
}

export interface LadderLayout {
  geometry: LadderGeometry;
  /** y of each event's row, by index. */
  rowY: number[];
  sends: LadderSend[];
  marks: LadderMark[];
  states: StateLabel[];
  ticks: TimeTick[];
  height: number;
  /** Number of events. */
  total: number;
}

/**
 * Row position of each event: one row each, plus `min(maxGapRows, 0.45·log2(1 + pause/unit))`
 * for the pause before it, `unit` being the trace's median pause. Non-decreasing in time.
 */
export function rowPositions(times: readonly number[], maxGapRows = DEFAULT_GEOMETRY.maxGapRows): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const g = (times[i] ?? 0) - (times[i - 1] ?? 0);
    if (g > 0) gaps.push(g);
  }
  gaps.sort((a, b) => a - b);
  const unit = gaps.length ? (gaps[Math.floor((gaps.length - 1) / 2)] ?? 1) : 1;
  const out: number[] = [];
  let row = 0;
  times.forEach((t, i) => {
    if (i > 0) {
      const pause = Math.max(0, t - (times[i - 1] ?? t));
      row += 1 + Math.min(maxGapRows, 0.45 * Math.log2(1 + pause / unit));
    }
    out.push(row);
  });
  return out;
}

/** The label of a segment on the diagram: formatSegment, without ` len=0`. */
export function segmentLabel(seg: Segment): string {
  // A segment without flags: the dash the game prints (formatSegment's "(none)" is for logs).
  return formatSegment(seg).replace(/ len=0$/, '').replace(/^\(none\)/, '—');
}

/**
 * The sends that are retransmissions, as the checker reports them (TraceReport `send`: the judge's
 * reading of each send against the endpoint before it, judge.ts `isRetransmission`): data, a SYN,
 * a SYN+ACK or a FIN that the side had already sent. A refused wrong answer was never sent, so a
 * resend after it is a first send; a stale duplicate injected by the network is not the side's
 * own; the SYN+ACK of a simultaneous open (same ISN as the SYN, now with ACK) is an answer.
 */
export function retransmissions(trace: Trace, report: TraceReport): Set<number> {
  const out = new Set<number>();
  trace.events.forEach((e, i) => {
    if (e.type === 'send' && report.events[i]?.send?.retransmission) out.add(i);
  });
  return out;
}

function judgedOf(report: TraceReport, i: number): Judged {
  const v = report.events[i]?.verdict;
  return v ? (v.ok ? 'ok' : 'wrong') : null;
}

/** The point at `fraction` of the way along a segment. */
function along(p: { x1: number; y1: number; x2: number; y2: number }, f: number): { x: number; y: number } {
  return { x: p.x1 + f * (p.x2 - p.x1), y: p.y1 + f * (p.y2 - p.y1) };
}

/** An angle in degrees, turned so that text along it reads left to right. */
export function uprightAngle(dx: number, dy: number): number {
  let a = (Math.atan2(dy, dx) * 180) / Math.PI;
  if (a > 90) a -= 180;
  if (a < -90) a += 180;
  return Math.round(a * 10) / 10;
}

/** The text on a segment: ↻ for a retransmission, the label, ✓ / ✗ for a verdict. */
export function labelText(send: Pick<LadderSend, 'judged' | 'retransmit' | 'label'> & { peer?: string; origin?: LadderSend['origin'] }): string {
  // A forged source's segment names its address: from it (the network's), or to it.
  const peer = send.peer === undefined ? '' : send.origin === 'network' ? ` ⇠ ${send.peer}` : ` ⇢ ${send.peer}`;
  return `${send.retransmit ? '↻ ' : ''}${send.label}${peer}${send.judged === 'ok' ? ' ✓' : send.judged === 'wrong' ? ' ✗' : ''}`;
}

/** A line of text as a centre line: centre, angle (degrees), half its length. */
export interface TextBox {
  cx: number;
  cy: number;
  angle: number;
  halfLen: number;
}

function samples(b: TextBox): { x: number; y: number }[] {
  const n = Math.max(1, Math.ceil((2 * b.halfLen) / 8));
  const cos = Math.cos((b.angle * Math.PI) / 180);
  const sin = Math.sin((b.angle * Math.PI) / 180);
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i <= n; i++) {
    const o = -b.halfLen + (i * 2 * b.halfLen) / n;
    out.push({ x: b.cx + o * cos, y: b.cy + o * sin });
  }
  return out;
}

/** Whether two lines of text come closer than `clearance` px (about a line's height). */
export function boxesCollide(a: TextBox, b: TextBox, clearance = 11): boolean {
  const reach = a.halfLen + b.halfLen + clearance;
  if (Math.abs(a.cx - b.cx) > reach || Math.abs(a.cy - b.cy) > reach) return false;
  const pa = samplesOf(a);
  const pb = samplesOf(b);
  const c2 = clearance * clearance;
  for (const p of pa) {
    for (const q of pb) {
      const dx = p.x - q.x;
      const dy = p.y - q.y;
      if (dx * dx + dy * dy < c2) return true;
    }
  }
  return false;
}

/** A box's sample points, made once per box (a placed label is compared with many candidates). */
const sampleCache = new WeakMap<TextBox, { x: number; y: number }[]>();
function samplesOf(b: TextBox): { x: number; y: number }[] {
  let pts = sampleCache.get(b);
  if (!pts) {
    pts = samples(b);
    sampleCache.set(b, pts);
  }
  return pts;
}

/**
 * The labels placed so far, filed by height in bands, so that a new label is compared only with
 * those that could reach it (a long trace has tens of thousands: comparing with all was quadratic).
 */
class PlacedBoxes {
  private static readonly BAND = 64;
  private readonly bands = new Map<number, TextBox[]>();
  private longest = 0;

  push(b: TextBox): void {
    const k = Math.floor(b.cy / PlacedBoxes.BAND);
    const band = this.bands.get(k);
    if (band) band.push(b);
    else this.bands.set(k, [b]);
    this.longest = Math.max(this.longest, b.halfLen);
  }

  /** Every placed box whose centre is within reach of `b` vertically (boxesCollide's first test). */
  near(b: TextBox, clearance = 11): TextBox[] {
    const reach = b.halfLen + this.longest + clearance;
    const out: TextBox[] = [];
    const from = Math.floor((b.cy - reach) / PlacedBoxes.BAND);
    const to = Math.floor((b.cy + reach) / PlacedBoxes.BAND);
    for (let k = from; k <= to; k++) {
      const band = this.bands.get(k);
      if (band) out.push(...band);
    }
    return out;
  }
}

/** Gaps between the sender's line and the near end of a label, px, in order of preference. */
const LABEL_GAPS = [30, 80, 14, 130, 180, 230];
/** Baseline offsets of a label from its arrow (the renderer's `dy`): above it, then below it. */
const ABOVE = -5;
const BELOW = 13;

/** The box of a label whose baseline's middle is at (x, y) on its arrow, shifted by `dy` across it. */
function labelBoxAt(x: number, y: number, angle: number, dy: number, halfLen: number): TextBox {
  const r = (angle * Math.PI) / 180;
  // The text's middle is about 4px above its baseline.
  const off = dy - 4;
  return { cx: x - Math.sin(r) * off, cy: y + Math.cos(r) * off, angle, halfLen };
}

/**
 * Put each segment's label on its first arrow, near the sender, where it overlaps no label placed
 * before it (in time order) and no mark beside a line: the gaps of LABEL_GAPS in turn above the
 * arrow, then below it, always between the two lines. When every spot collides, the first one
 * that fits is kept.
 */
function placeLabels(sends: LadderSend[], marks: readonly LadderMark[], g: LadderGeometry): void {
  const span = Math.abs(g.lines.server - g.lines.client);
  const placed = new PlacedBoxes();
  for (const m of marks) {
    const chars = m.kind === 'app' ? (m.reuse ? 26 : 10) : m.kind === 'timer' ? 7 : 22;
    const half = (chars * g.charW) / 2;
    placed.push({ cx: m.x > g.lines[m.side] ? m.x + half : m.x - half, cy: m.y, angle: 0, halfLen: half });
  }
  const free = (b: TextBox) => !placed.near(b).some((o) => boxesCollide(b, o));
  for (const s of sends) {
    const p = s.paths[0];
    if (!p) continue;
    const half = (s.text.length * g.charW) / 2;
    const dir = p.x2 >= p.x1 ? 1 : -1;
    if (p.end === 'refused') {
      // Beside the stub: just above its row, else just below its end.
      const x = p.x2 + dir * 8;
      const above: TextBox = { cx: x + dir * half, cy: p.y1 - 7, angle: 0, halfLen: half };
      const below: TextBox = { cx: x + dir * half, cy: p.y2 + 9, angle: 0, halfLen: half };
      const b = free(above) || !free(below) ? above : below;
      s.labelAt = { x, y: b.cy + 4, angle: 0, dy: 0, anchor: dir > 0 ? 'start' : 'end' };
      s.labelBox = b;
      placed.push(b);
      continue;
    }
    const dx = Math.abs(p.x2 - p.x1) || 1;
    const angle = uprightAngle(p.x2 - p.x1, p.y2 - p.y1);
    const cos = Math.abs(Math.cos((angle * Math.PI) / 180));
    const spots: { x: number; y: number; dy: number; box: TextBox }[] = [];
    for (const dy of [ABOVE, BELOW]) {
      for (const gap of LABEL_GAPS) {
        const centre = gap + half * cos;
        if (gap + 2 * half * cos > span - 8) continue;
        const at = along(p, centre / dx);
        spots.push({ x: at.x, y: at.y, dy, box: labelBoxAt(at.x, at.y, angle, dy, half) });
      }
    }
    // A label longer than the span fits no spot: it is centred between the lines.
    const mid = along(p, span / 2 / dx);
    const pick = spots.find((c) => free(c.box)) ?? spots[0] ?? { x: mid.x, y: mid.y, dy: ABOVE, box: labelBoxAt(mid.x, mid.y, angle, ABOVE, half) };
    s.labelAt = { x: pick.x, y: pick.y, angle, dy: pick.dy, anchor: 'middle' };
    s.labelBox = pick.box;
    placed.push(pick.box);
  }
}

/** Lay out a valid trace with its report (checkTrace). An invalid report gives an empty diagram. */
export function ladderLayout(trace: Trace, report: TraceReport, g: LadderGeometry = DEFAULT_GEOMETRY): LadderLayout {
  const events = report.valid ? trace.events : [];
  const rows = rowPositions(events.map((e) => e.t), g.maxGapRows);
  const rowY = rows.map((r) => g.top + r * g.rowH);
  const lastY = rowY.length ? (rowY[rowY.length - 1] ?? g.top) : g.top;
  const x = g.lines;
  const span = Math.abs(x.server - x.client);
  const mid = (x.client + x.server) / 2;
  const inward = (s: Side) => (s === 'client' ? 1 : -1) * Math.sign(x.server - x.client || 1);
  const retx = retransmissions(trace, report);

  const sends: LadderSend[] = [];
  const byId = new Map<string, LadderSend>();
  const marks: LadderMark[] = [];
  const states: StateLabel[] = [];
  const ticks: TimeTick[] = [];
  const stateLabel = (index: number, side: Side, y: number, state: TcpState): StateLabel => ({
    index, side, y, state, x: x[side] - inward(side) * 10, anchor: inward(side) > 0 ? 'end' : 'start',
  });
  states.push(stateLabel(-1, 'client', g.top - g.rowH, 'CLOSED'), stateLabel(-1, 'server', g.top - g.rowH, 'CLOSED'));
  let prev: Record<Side, TcpState> = { client: 'CLOSED', server: 'CLOSED' };
  let lastT: number | null = null;

  events.forEach((e, i) => {
    const y = rowY[i] ?? g.top;
    if (e.t !== lastT) ticks.push({ index: i, y, t: e.t });
    lastT = e.t;
    switch (e.type) {
      case 'send': {
        const s: LadderSend = {
          index: i, id: e.id, side: e.side, to: otherSide(e.side), t: e.t, segment: e.segment, label: segmentLabel(e.segment),
          origin: e.origin ?? 'player', ...(e.peer !== undefined ? { peer: e.peer } : {}), judged: judgedOf(report, i), retransmit: retx.has(i), paths: [],
          labelAt: { x: 0, y: 0, angle: 0, dy: 0, anchor: 'middle' }, labelBox: { cx: 0, cy: 0, angle: 0, halfLen: 0 }, text: '',
        };
        s.text = labelText(s);
        sends.push(s);
        byId.set(e.id, s);
        break;
      }
      case 'deliver':
      case 'drop': {
        const s = byId.get(e.id);
        // Sent to a forged address: it reaches nobody on the ladder (the send stays a stub).
        if (!s || (s.peer !== undefined && s.origin !== 'network')) break;
        const y1 = rowY[s.index] ?? g.top;
        s.paths.push(e.type === 'deliver'
          ? { x1: x[s.side], y1, x2: x[s.to], y2: y, end: 'arrow', endIndex: i, copy: s.paths.length }
          : { x1: x[s.side], y1, x2: mid, y2: y, end: 'lost', endIndex: i, copy: s.paths.length });
        break;
      }
      case 'app':
        marks.push({ index: i, side: e.side, x: x[e.side] + inward(e.side) * 8, y, kind: 'app', call: e.call, ...(e.bytes !== undefined ? { bytes: e.bytes } : {}), ...(e.reuse ? { reuse: true as const } : {}) });
        break;
      case 'timeout':
        marks.push({ index: i, side: e.side, x: x[e.side] + inward(e.side) * 8, y, kind: 'timer', timer: e.timer });
        break;
      case 'state':
        marks.push({ index: i, side: e.side, x: x[e.side] + inward(e.side) * 8, y, kind: 'declare', state: e.state, judged: judgedOf(report, i) });
        break;
    }
    const now = report.events[i]?.named;
    if (now) {
      for (const side of ['client', 'server'] as const) if (now[side] !== prev[side]) states.push(stateLabel(i, side, y, now[side]));
      prev = now;
    }
  });

  for (const s of sends) {
    const x1 = x[s.side];
    const y1 = rowY[s.index] ?? g.top;
    if (s.paths.length === 0) {
      // Never delivered nor lost: a refused wrong answer stops at once; anything else is still travelling.
      s.paths.push(s.judged === 'wrong'
        ? { x1, y1, x2: x1 + inward(s.side) * 0.12 * span, y2: y1 + 0.4 * g.rowH, end: 'refused', endIndex: null, copy: 0 }
        : { x1, y1, x2: mid, y2: Math.max(lastY + g.rowH, y1 + g.rowH), end: 'open', endIndex: null, copy: 0 });
    }
  }
  placeLabels(sends, marks, g);

  const bottom = Math.max(lastY, ...sends.flatMap((s) => s.paths.map((p) => p.y2)));
  return { geometry: g, rowY, sends, marks, states, ticks, height: Math.ceil(bottom + 2 * g.rowH), total: events.length };
}

/** A path as shown after `step` events (0 = none, total = all), or null when its send is not shown yet. */
export interface PathView {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** `partial`: the segment is in the network at this step; drawn up to the current row. */
  end: PathEnd | 'partial';
}

/** The y of the step's current row: half a row below the last event shown. */
export function stepY(L: LadderLayout, step: number): number {
  if (step <= 0) return L.geometry.top - L.geometry.rowH / 2;
  return (L.rowY[Math.min(step, L.total) - 1] ?? L.geometry.top) + L.geometry.rowH / 2;
}

export function pathAt(L: LadderLayout, send: LadderSend, path: LadderPath, step: number): PathView | null {
  if (send.index >= step) return null;
  const full: PathView = { x1: path.x1, y1: path.y1, x2: path.x2, y2: path.y2, end: path.end };
  if (path.end === 'refused') return full;
  if (path.endIndex !== null ? path.endIndex < step : step >= L.total) return full;
  const cur = Math.min(stepY(L, step), path.y2);
  const f = path.y2 > path.y1 ? Math.max(0, (cur - path.y1) / (path.y2 - path.y1)) : 1;
  const p = along(path, f);
  return { x1: path.x1, y1: path.y1, x2: p.x, y2: p.y, end: 'partial' };
}

/** Every element's visibility at a step: events with index < step are shown. */
export function shownAt(index: number, step: number): boolean {
  return index < step;
}
