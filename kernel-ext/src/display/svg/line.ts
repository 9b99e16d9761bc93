/** Line charts: several series over one x-axis, with gaps where values are not finite. */
import { esc, num, svgDocument } from './doc.js';
import { extent, frame, type LegendItem } from './frame.js';
import { seriesColor } from './palette.js';

export interface LineSeries {
  label: string;
  x: readonly number[];
  y: readonly number[];
  color?: string;
  dashed?: boolean;
}

export interface LineChartOptions {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  /** Show the legend (default: when there are 2 or more series). */
  legend?: boolean;
  /** Draw a dot at each point too (for short series such as a training curve's first steps). */
  dots?: boolean;
  /** Only integer ticks on the x-axis (steps, epochs). */
  integerX?: boolean;
  width?: number;
  height?: number;
}

/** The path of a series, broken at non-finite values. */
function linePath(xs: readonly number[], ys: readonly number[], sx: (v: number) => number, sy: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const ok = Number.isFinite(ys[i]) && Number.isFinite(xs[i]);
    if (ok) d += `${pen ? 'L' : 'M'}${num(sx(xs[i]!))} ${num(sy(ys[i]!))}`;
    pen = ok;
  }
  return d;
}

/**
 * The y-range to draw: all finite values, unless a few extreme ones (a gradient of −1/p near
 * p = 0) would flatten everything else: when the full range is over CLIP_RATIO times the range of
 * the 5th–95th percentiles (with 0), the latter, padded by 10%, and the lines are clipped.
 */
function yDomain(values: number[]): { domain: [number, number]; clipped: boolean } {
  const full = extent(values);
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length < 20) return { domain: full, clipped: false };
  const q = (p: number) => finite[Math.min(finite.length - 1, Math.floor(p * (finite.length - 1)))]!;
  const lo = Math.min(q(0.05), 0 >= full[0] ? 0 : q(0.05));
  const hi = Math.max(q(0.95), 0 <= full[1] ? 0 : q(0.95));
  if (!(full[1] - full[0] > CLIP_RATIO * (hi - lo)) || hi <= lo) return { domain: full, clipped: false };
  const pad = (hi - lo) * 0.1;
  return { domain: [Math.max(full[0], lo - pad), Math.min(full[1], hi + pad)], clipped: true };
}

const CLIP_RATIO = 3;

/** A line chart as a standalone SVG document. */
export function lineChart(o: LineChartOptions): { svg: string; width: number; height: number } {
  const colored = o.series.map((s, i) => ({ ...s, color: s.color ?? seriesColor(i) }));
  const showLegend = o.legend ?? colored.length > 1;
  const legend: LegendItem[] = showLegend ? colored.map((s) => ({ label: s.label, color: s.color, shape: s.dashed ? 'dashed' : 'line' })) : [];
  const y = yDomain(colored.flatMap((s) => s.y));
  const subtitle = y.clipped ? [o.subtitle, 'y-axis clipped to the bulk of the values'].filter(Boolean).join(' · ') : o.subtitle;
  const f = frame({
    title: o.title,
    subtitle,
    xLabel: o.xLabel,
    yLabel: o.yLabel,
    xDomain: extent(colored.flatMap((s) => s.x)),
    yDomain: y.domain,
    integerX: o.integerX,
    legend,
    width: o.width,
    height: o.height,
  });
  const marks = colored.map((s) => {
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const path = `<path d="${linePath(s.x, s.y, f.x, f.y)}" fill="none" stroke="${esc(s.color)}" stroke-width="2.2" stroke-linejoin="round"${dash}/>`;
    const dots = o.dots
      ? s.x.map((x, i) => (Number.isFinite(s.y[i]) ? `<circle cx="${num(f.x(x))}" cy="${num(f.y(s.y[i]!))}" r="2.5" fill="${esc(s.color)}"/>` : '')).join('')
      : '';
    return path + dots;
  });
  const body = `${f.background}<g clip-path="url(#${f.clipId})">${marks.join('')}</g>${f.foreground}`;
  return { svg: svgDocument(f.width, f.height, body, o.title), width: f.width, height: f.height };
}
