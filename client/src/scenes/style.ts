import type { Side } from '../../../shared/index';

/** The scene's colours and fonts (the system's own; "SynAck CJK" and "SynAck CJK Names" of style.css for Chinese: the system's CJK font, else the bundled ones). */
export const SANS = '"SynAck CJK", "SynAck CJK Names", system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
export const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace';

export const COLORS = {
  background: 0xf4f7fb,
  lane: 0x9aa9bd,
  host: 0x1f2d3d,
  hostText: '#ffffff',
  ink: '#1f2d3d',
  muted: '#5b6b7f',
  lost: 0xd0342c,
  lostText: '#b42318',
  stale: { fill: 0xe5e7eb, stroke: 0x6b7280 },
  side: {
    client: { fill: 0xdbeafe, stroke: 0x1d4ed8 },
    server: { fill: 0xffedd5, stroke: 0xc2410c },
  } satisfies Record<Side, { fill: number; stroke: number }>,
} as const;
