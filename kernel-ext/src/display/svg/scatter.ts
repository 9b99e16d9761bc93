/**
 * Scatter charts with segments between points (an embedding projection with the pairs a loss acts
 * on). Both axes use the same units per pixel, so distances on the page are comparable.
 */
import { MUTED_COLOR, esc, num, svgDocument, text } from './doc.js';
import { extent, frame, marker, widen, type LegendItem } from './frame.js';

export interface ScatterPoint {
  x: number;
  y: number;
  color: string;
  shape: 'circle' | 'diamond' | 'triangle';
  /** A short tag drawn next to the point (e.g. its index), when there are few points. */
  tag?: string;
}

export interface Segment {
  from: [number, number];
  to: [number, number];
  color: string;
  dashed?: boolean;
  /** Stroke width in px. */
  width: number;
  opacity?: number;
}

export interface ScatterChartOptions {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  points: ScatterPoint[];
  segments?: Segment[];
  legend?: LegendItem[];
  width?: number;
  height?: number;
}

const TAG_LIMIT = 40;

/** Grows the narrower domain so that both have the same units per pixel on a w × h plot. */
function equalAspect(xd: [number, number], yd: [number, number], w: number, h: number): [[number, number], [number, number]] {
  const [x0, x1] = widen(xd);
  const [y0, y1] = widen(yd);
  const perPx = Math.max((x1 - x0) / w, (y1 - y0) / h) * 1.08;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return [
    [cx - (perPx * w) / 2, cx + (perPx * w) / 2],
    [cy - (perPx * h) / 2, cy + (perPx * h) / 2],
  ];
}

/** A scatter chart as a standalone SVG document. */
export function scatterChart(o: ScatterChartOptions): { svg: string; width: number; height: number } {
  const base = { title: o.title, subtitle: o.subtitle, xLabel: o.xLabel, yLabel: o.yLabel, legend: o.legend, width: o.width, height: o.height, niceY: false };
  const xd = extent(o.points.map((p) => p.x));
  const yd = extent(o.points.map((p) => p.y));
  const probe = frame({ ...base, xDomain: xd, yDomain: yd });
  const [ex, ey] = equalAspect(xd, yd, probe.plot.width, probe.plot.height);
  const f = frame({ ...base, xDomain: ex, yDomain: ey });
  const segs = (o.segments ?? []).map(
    (s) =>
      `<line x1="${num(f.x(s.from[0]))}" y1="${num(f.y(s.from[1]))}" x2="${num(f.x(s.to[0]))}" y2="${num(f.y(s.to[1]))}" ` +
      `stroke="${esc(s.color)}" stroke-width="${num(s.width)}"${s.dashed ? ' stroke-dasharray="5 3"' : ''}${s.opacity !== undefined ? ` stroke-opacity="${num(s.opacity)}"` : ''}/>`,
  );
  const pts = o.points.map((p) => marker(p.shape, f.x(p.x), f.y(p.y), 5, p.color, ' stroke="#fff" stroke-width="1"'));
  const tags = o.points.length <= TAG_LIMIT ? o.points.filter((p) => p.tag).map((p) => text(f.x(p.x) + 7, f.y(p.y) - 6, p.tag!, { 'font-size': 10, fill: MUTED_COLOR })) : [];
  const body = `${f.background}<g clip-path="url(#${f.clipId})">${segs.join('')}${pts.join('')}${tags.join('')}</g>${f.foreground}`;
  return { svg: svgDocument(f.width, f.height, body, o.title), width: f.width, height: f.height };
}
