/**
 * Heatmaps of a function on a grid (a loss landscape), in viridis with a colour bar and an
 * optional marked point (the minimum). Cells are centred on the grid values; the grid is one
 * embedded PNG (one pixel per cell), so a 51 × 51 landscape is a few kilobytes.
 */
import { scaleLinear } from 'd3-scale';
import { esc, num, svgDocument, text } from './doc.js';
import { extent, frame } from './frame.js';
import { heatColor } from './palette.js';
import { encodePng, parseColor } from './png.js';

export interface HeatmapOptions {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  /** Grid values along x (columns) and y (rows); z[i][j] is the value at (x[j], y[i]). */
  x: readonly number[];
  y: readonly number[];
  z: readonly (readonly number[])[];
  zLabel: string;
  mark?: { x: number; y: number; label: string };
  width?: number;
  height?: number;
}

const BAR_ROOM = 86;
const NAN_COLOR = '#d9d9d9';

function cellEdges(v: readonly number[]): number[] {
  if (v.length === 1) return [v[0]! - 0.5, v[0]! + 0.5];
  const edges = [v[0]! - (v[1]! - v[0]!) / 2];
  for (let i = 0; i < v.length - 1; i++) edges.push((v[i]! + v[i + 1]!) / 2);
  edges.push(v[v.length - 1]! + (v[v.length - 1]! - v[v.length - 2]!) / 2);
  return edges;
}

/** A heatmap as a standalone SVG document. */
export function heatmap(o: HeatmapOptions): { svg: string; width: number; height: number } {
  const ex = cellEdges(o.x);
  const ey = cellEdges(o.y);
  const f = frame({
    title: o.title,
    subtitle: o.subtitle,
    xLabel: o.xLabel,
    yLabel: o.yLabel,
    xDomain: [ex[0]!, ex[ex.length - 1]!],
    yDomain: [ey[0]!, ey[ey.length - 1]!],
    niceY: false,
    width: o.width ?? 560,
    height: o.height ?? 460,
    rightExtra: BAR_ROOM,
  });
  const [z0, z1] = extent(o.z.flat());
  const t = (v: number) => (z1 > z0 ? (v - z0) / (z1 - z0) : 0.5);
  // The grid as one image, one pixel per cell (top row = largest y), scaled without smoothing.
  const rows = o.z.length;
  const cols = o.z[0]?.length ?? 0;
  const rgb = new Uint8Array(rows * cols * 3);
  o.z.forEach((row, i) => {
    row.forEach((v, j) => rgb.set(parseColor(Number.isFinite(v) ? heatColor(t(v)) : NAN_COLOR), ((rows - 1 - i) * cols + j) * 3));
  });
  const png = encodePng(cols, rows, rgb).toString('base64');
  const [left, right, top, bottom] = [f.x(ex[0]!), f.x(ex[ex.length - 1]!), f.y(ey[ey.length - 1]!), f.y(ey[0]!)];
  const cells = [
    `<image x="${num(left)}" y="${num(top)}" width="${num(right - left)}" height="${num(bottom - top)}" preserveAspectRatio="none" ` +
      `style="image-rendering:pixelated" href="data:image/png;base64,${png}"/>`,
  ];
  const marks: string[] = [];
  if (o.mark) {
    const mx = f.x(o.mark.x);
    const my = f.y(o.mark.y);
    marks.push(`<path d="M${num(mx - 6)} ${num(my - 6)}L${num(mx + 6)} ${num(my + 6)}M${num(mx - 6)} ${num(my + 6)}L${num(mx + 6)} ${num(my - 6)}" stroke="#fff" stroke-width="2.5"/>`);
    marks.push(text(mx + 9, my - 7, o.mark.label, { fill: '#fff', 'font-size': 11, stroke: '#000', 'stroke-width': 0.4 }));
  }
  // Colour bar: 60 steps, ticks from a linear scale over [z0, z1].
  const bx = f.plot.x + f.plot.width + 18;
  const scale = scaleLinear().domain([z0, z1 > z0 ? z1 : z0 + 1]).range([f.plot.y + f.plot.height, f.plot.y]);
  const bar: string[] = [];
  const steps = 60;
  for (let k = 0; k < steps; k++) {
    const y0 = f.plot.y + f.plot.height - ((k + 1) * f.plot.height) / steps;
    bar.push(`<rect x="${num(bx)}" y="${num(y0)}" width="14" height="${num(f.plot.height / steps + 0.5)}" fill="${heatColor((k + 0.5) / steps)}"/>`);
  }
  const fmt = scale.tickFormat(5);
  for (const v of scale.ticks(5)) {
    bar.push(`<line x1="${num(bx + 14)}" y1="${num(scale(v))}" x2="${num(bx + 18)}" y2="${num(scale(v))}" stroke="#444"/>`);
    bar.push(text(bx + 21, scale(v) + 4, fmt(v), { 'font-size': 11 }));
  }
  const lx = bx + 70;
  const ly = f.plot.y + f.plot.height / 2;
  bar.push(text(lx, ly, o.zLabel, { 'text-anchor': 'middle', transform: `rotate(-90 ${num(lx)} ${num(ly)})` }));
  const body = `${f.background}<g clip-path="url(#${esc(f.clipId)})">${cells.join('')}${marks.join('')}</g>${bar.join('')}${f.foreground}`;
  return { svg: svgDocument(f.width, f.height, body, o.title), width: f.width, height: f.height };
}
