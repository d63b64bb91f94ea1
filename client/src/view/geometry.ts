import { otherSide, type Side } from '../../../shared/index';
import type { EnvelopeView } from './flights';

/** A box by its centre. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Where things sit in the round scene for a canvas of this size: the client's host on the left,
 * the server's on the right (as on a ladder diagram), the network between them, one lane per
 * direction, state badges above the hosts and timer rings below them.
 */
export interface SceneGeometry {
  width: number;
  height: number;
  narrow: boolean;
  fontPx: number;
  hosts: Record<Side, Box>;
  badgeY: number;
  /** y of the lane used by segments that `side` sends. */
  lanes: Record<Side, number>;
  /** x where a segment sent by `side` starts; it ends at the other side's start. */
  edge: Record<Side, number>;
  midX: number;
  envelopeH: number;
  ringsY: number;
  ringR: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export function sceneGeometry(width: number, height: number): SceneGeometry {
  const narrow = width < 560;
  const fontPx = narrow ? 11 : 13;
  const w = clamp(width * 0.16, 58, 130);
  const h = clamp(height * 0.38, 64, 130);
  const margin = narrow ? 4 : 16;
  const cy = Math.round(height * 0.47);
  const hosts = {
    client: { x: margin + w / 2, y: cy, w, h },
    server: { x: width - margin - w / 2, y: cy, w, h },
  };
  // Narrow screens print envelopes on three lines (see view/label.ts).
  const envelopeH = fontPx * (narrow ? 3 : 2) + 12;
  const laneOffset = Math.max(h * 0.22, envelopeH / 2 + 3);
  return {
    width,
    height,
    narrow,
    fontPx,
    hosts,
    badgeY: Math.max(14, cy - h / 2 - 18),
    lanes: { client: cy - laneOffset, server: cy + laneOffset },
    edge: { client: hosts.client.x + w / 2, server: hosts.server.x - w / 2 },
    midX: width / 2,
    envelopeH,
    ringsY: Math.min(height - 16, cy + h / 2 + 26),
    ringR: narrow ? 11 : 14,
  };
}

export interface PlacedEnvelope extends EnvelopeView {
  x: number;
  y: number;
}

/**
 * Put each envelope on its lane at its progress. Envelopes of one lane that are in the air at the
 * same time stack away from the centre line (the client's upwards, the server's downwards), so
 * that labels never cover each other; at most three levels, then they share the last one.
 */
export function placeEnvelopes(views: readonly EnvelopeView[], g: SceneGeometry): PlacedEnvelope[] {
  const placed: PlacedEnvelope[] = [];
  for (const side of ['client', 'server'] as const) {
    const lane = views.filter((v) => v.from === side).sort((a, b) => a.sentAt - b.sentAt || a.copy - b.copy);
    const to = otherSide(side);
    const dir = side === 'client' ? -1 : 1;
    lane.forEach((v, i) => {
      const level = Math.min(i, 2);
      const y = g.lanes[side] + dir * level * (g.envelopeH + 4);
      const half = g.envelopeH / 2 + 2;
      placed.push({
        ...v,
        x: g.edge[side] + (g.edge[to] - g.edge[side]) * v.progress,
        y: Math.min(g.height - half, Math.max(half, y)),
      });
    });
  }
  return placed;
}

/** Room left between an envelope's card and a host box (px). */
export const ENVELOPE_GAP = 4;

/**
 * The x of the centre of an envelope card `halfW` wide on each side (its tag included), sent by
 * `from`, at `progress` (0 leaving, 1 arriving): it travels between the two hosts' inner edges
 * with its whole card clear of both boxes (and so on the canvas). A card wider than the gap
 * between the hosts stays in the middle.
 */
export function envelopeX(from: Side, progress: number, halfW: number, g: SceneGeometry): number {
  const lo = g.edge.client + halfW + ENVELOPE_GAP;
  const hi = g.edge.server - halfW - ENVELOPE_GAP;
  if (lo > hi) return (g.edge.client + g.edge.server) / 2;
  const p = clamp(progress, 0, 1);
  return from === 'client' ? lo + (hi - lo) * p : hi - (hi - lo) * p;
}
