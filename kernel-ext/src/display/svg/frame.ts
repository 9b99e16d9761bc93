/**
 * The frame every Cartesian chart shares: title, plot area, linear scales with "nice" ticks
 * (d3-scale), grid, axes with labels, a zero line, and a legend to the right of the plot.
 * A chart draws its marks between `frame.background` and `frame.foreground`, clipped to the plot.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { type Box, GRID_COLOR, MUTED_COLOR, esc, num, text, textWidth, uid } from './doc.js';

export interface LegendItem {
  label: string;
  color: string;
  /** How the key is drawn: a line (default), a filled square, or a marker of a scatter. */
  shape?: 'line' | 'dashed' | 'square' | 'circle' | 'diamond' | 'triangle';
}

export interface FrameOptions {
  title: string;
  /** A second, smaller line under the title (e.g. the reduced loss). */
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  xDomain: [number, number];
  yDomain: [number, number];
  /** Round the y domain out to tick values (default true). */
  niceY?: boolean;
  legend?: LegendItem[];
  width?: number;
  height?: number;
  /** Extra room at the right of the plot, e.g. for a colour bar. */
  rightExtra?: number;
  /** Tick positions with their own labels, instead of the scale's ticks (e.g. sample indices). */
  xTicks?: { value: number; label: string }[];
  /** Only integer x ticks (steps, epochs). */
  integerX?: boolean;
}

export interface Frame {
  width: number;
  height: number;
  plot: Box;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  clipId: string;
  /** Title, grid and axes: drawn before the marks. */
  background: string;
  /** Legend: drawn after the marks. */
  foreground: string;
}

/** A domain that has width: a single value v becomes [v − 1, v + 1] (or ± |v|/10). */
export function widen([a, b]: [number, number]): [number, number] {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return [0, 1];
  if (a < b) return [a, b];
  const d = a === 0 ? 1 : Math.abs(a) / 10;
  return [a - d, a + d];
}

/** The [min, max] of the finite values, or [0, 1] when there are none. */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

const LEGEND_FONT = 12;
const KEY = 22;

/** Splits a label into lines of at most `width` (by words; a word longer than a line is cut). */
export function wrapText(label: string, width: number, size: number, maxLines = 3): string[] {
  const perLine = Math.max(4, Math.floor(width / (size * 0.58)));
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if ([...next].length <= perLine) line = next;
    else {
      if (line) lines.push(line);
      line = [...word].length > perLine ? `${[...word].slice(0, perLine - 1).join('')}…` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) return [...lines.slice(0, maxLines - 1), `${[...lines[maxLines - 1]!].slice(0, perLine - 1).join('')}…`];
  return lines;
}

function legendKey(item: LegendItem, x: number, y: number): string {
  const c = esc(item.color);
  switch (item.shape ?? 'line') {
    case 'line':
      return `<line x1="${num(x)}" y1="${num(y)}" x2="${num(x + KEY - 4)}" y2="${num(y)}" stroke="${c}" stroke-width="2.5"/>`;
    case 'dashed':
      return `<line x1="${num(x)}" y1="${num(y)}" x2="${num(x + KEY - 4)}" y2="${num(y)}" stroke="${c}" stroke-width="2" stroke-dasharray="4 3"/>`;
    case 'square':
      return `<rect x="${num(x + 4)}" y="${num(y - 6)}" width="12" height="12" fill="${c}"/>`;
    default:
      return marker(item.shape as 'circle' | 'diamond' | 'triangle', x + KEY / 2 - 2, y, 5, item.color);
  }
}

/** A scatter marker centred at (x, y). */
export function marker(shape: 'circle' | 'diamond' | 'triangle', x: number, y: number, r: number, color: string, extra = ''): string {
  const c = esc(color);
  switch (shape) {
    case 'circle':
      return `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r)}" fill="${c}"${extra}/>`;
    case 'diamond':
      return `<path d="M${num(x)} ${num(y - r * 1.25)}L${num(x + r)} ${num(y)}L${num(x)} ${num(y + r * 1.25)}L${num(x - r)} ${num(y)}Z" fill="${c}"${extra}/>`;
    case 'triangle':
      return `<path d="M${num(x)} ${num(y - r * 1.2)}L${num(x + r * 1.1)} ${num(y + r * 0.8)}L${num(x - r * 1.1)} ${num(y + r * 0.8)}Z" fill="${c}"${extra}/>`;
  }
}

/** Lays out a chart and draws its frame. */
export function frame(o: FrameOptions): Frame {
  const width = o.width ?? 640;
  const height = o.height ?? 380;
  const legend = o.legend ?? [];
  const legendWidth = legend.length ? Math.min(220, Math.max(...legend.map((l) => textWidth(l.label, LEGEND_FONT))) + KEY + 16) : 0;

  const y = scaleLinear().domain(widen(o.yDomain));
  if (o.niceY !== false) y.nice();
  const yTicks = y.ticks(6);
  const yFormat = y.tickFormat(6);
  const yTickWidth = Math.max(...yTicks.map((t) => textWidth(yFormat(t), 11)), 10);

  const left = yTickWidth + 34;
  // Title (bold: measured as a larger font) and subtitle wrap to the width, two lines at most.
  const titleLines = wrapText(o.title, width - left - 12, 16, 2);
  const subtitleLines = o.subtitle ? wrapText(o.subtitle, width - left - 12, 12, 2) : [];
  const top = 12 + 18 * titleLines.length + 15 * subtitleLines.length + 4;
  const bottom = 46;
  const right = 14 + legendWidth + (o.rightExtra ?? 0);
  const plot: Box = { x: left, y: top, width: Math.max(width - left - right, 40), height: Math.max(height - top - bottom, 40) };
  y.range([plot.y + plot.height, plot.y]);
  const x = scaleLinear().domain(widen(o.xDomain)).range([plot.x, plot.x + plot.width]);
  const allTicks = x.ticks(Math.max(2, Math.round(plot.width / 80)));
  const autoTicks = o.integerX && allTicks.filter(Number.isInteger).length >= 2 ? allTicks.filter(Number.isInteger) : allTicks;
  const autoFormat = x.tickFormat(autoTicks.length);
  const xTicks = o.xTicks ?? autoTicks.map((t) => ({ value: t, label: autoFormat(t) }));
  const clipId = uid(`${o.title}|${o.xLabel}|${o.yLabel}|${o.xDomain}|${o.yDomain}|${width}x${height}|${legend.map((l) => l.label).join(',')}`);

  const parts: string[] = [];
  parts.push(`<defs><clipPath id="${clipId}"><rect x="${num(plot.x)}" y="${num(plot.y)}" width="${num(plot.width)}" height="${num(plot.height)}"/></clipPath></defs>`);
  titleLines.forEach((line, k) => parts.push(text(plot.x, 24 + 18 * k, line, { 'font-size': 15, 'font-weight': 'bold' })));
  subtitleLines.forEach((line, k) => parts.push(text(plot.x, 24 + 18 * (titleLines.length - 1) + 18 + 15 * k, line, { 'font-size': 12, fill: MUTED_COLOR })));
  const grid: string[] = [];
  for (const t of yTicks) grid.push(`M${num(plot.x)} ${num(y(t))}H${num(plot.x + plot.width)}`);
  if (!o.xTicks) for (const t of xTicks) grid.push(`M${num(x(t.value))} ${num(plot.y)}V${num(plot.y + plot.height)}`);
  parts.push(`<path d="${grid.join('')}" stroke="${GRID_COLOR}" stroke-width="1" fill="none"/>`);
  const [y0, y1] = y.domain() as [number, number];
  if (y0 < 0 && y1 > 0) parts.push(`<line x1="${num(plot.x)}" y1="${num(y(0))}" x2="${num(plot.x + plot.width)}" y2="${num(y(0))}" stroke="#999" stroke-width="1"/>`);
  parts.push(`<path d="M${num(plot.x)} ${num(plot.y)}V${num(plot.y + plot.height)}H${num(plot.x + plot.width)}" stroke="#444" stroke-width="1" fill="none"/>`);
  for (const t of xTicks) {
    parts.push(`<line x1="${num(x(t.value))}" y1="${num(plot.y + plot.height)}" x2="${num(x(t.value))}" y2="${num(plot.y + plot.height + 4)}" stroke="#444"/>`);
    parts.push(text(x(t.value), plot.y + plot.height + 16, t.label, { 'text-anchor': 'middle', 'font-size': 11 }));
  }
  for (const t of yTicks) {
    parts.push(`<line x1="${num(plot.x - 4)}" y1="${num(y(t))}" x2="${num(plot.x)}" y2="${num(y(t))}" stroke="#444"/>`);
    parts.push(text(plot.x - 7, y(t) + 4, yFormat(t), { 'text-anchor': 'end', 'font-size': 11 }));
  }
  parts.push(text(plot.x + plot.width / 2, plot.y + plot.height + 36, o.xLabel, { 'text-anchor': 'middle' }));
  const yl = { x: 14, y: plot.y + plot.height / 2 };
  parts.push(text(yl.x, yl.y, o.yLabel, { 'text-anchor': 'middle', transform: `rotate(-90 ${num(yl.x)} ${num(yl.y)})` }));

  const fg: string[] = [];
  let ly = plot.y + 8;
  for (const item of legend) {
    const lx = plot.x + plot.width + 14 + (o.rightExtra ?? 0);
    fg.push(legendKey(item, lx, ly));
    const lines = wrapText(item.label, legendWidth - KEY - 16, LEGEND_FONT);
    lines.forEach((line, k) => fg.push(text(lx + KEY, ly + 4 + k * 14, line, { 'font-size': LEGEND_FONT })));
    ly += 14 * lines.length + 6;
  }
  return { width, height, plot, x, y, clipId, background: parts.join(''), foreground: fg.join('') };
}
