/**
 * Bar charts of one value per item (e.g. per-sample losses, hardest first). Up to BAR_LIMIT bars
 * are drawn one by one; beyond, each run of same-coloured bars becomes one step-shaped area (at
 * most one step per pixel column), so a batch of 4096 samples stays a small document.
 */
import { esc, num, svgDocument } from './doc.js';
import { extent, frame, type LegendItem } from './frame.js';

export interface Bar {
  value: number;
  color: string;
  /** Tick label under the bar (shown when there are few bars). */
  label?: string;
}

export interface BarChartOptions {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  bars: Bar[];
  legend?: LegendItem[];
  width?: number;
  height?: number;
}

const BAR_LIMIT = 80;
const LABEL_LIMIT = 30;

/** A bar chart as a standalone SVG document. Bar i spans [i, i + 1) on the x-axis. */
export function barChart(o: BarChartOptions): { svg: string; width: number; height: number } {
  const n = o.bars.length;
  const [lo, hi] = extent(o.bars.map((b) => b.value));
  const xTicks = n <= LABEL_LIMIT && o.bars.every((b) => b.label !== undefined) ? o.bars.map((b, i) => ({ value: i + 0.5, label: b.label! })) : undefined;
  const f = frame({
    title: o.title,
    subtitle: o.subtitle,
    xLabel: o.xLabel,
    yLabel: o.yLabel,
    xDomain: [0, Math.max(n, 1)],
    yDomain: [Math.min(0, lo), Math.max(0, hi)],
    legend: o.legend,
    width: o.width,
    height: o.height,
    xTicks,
  });
  const base = f.y(0);
  const marks: string[] = [];
  if (n <= BAR_LIMIT) {
    const w = f.x(1) - f.x(0);
    const gap = Math.min(w * 0.2, 3);
    o.bars.forEach((b, i) => {
      if (!Number.isFinite(b.value)) return;
      const top = f.y(Math.max(b.value, 0));
      const h = Math.abs(f.y(b.value) - base);
      marks.push(`<rect x="${num(f.x(i) + gap / 2)}" y="${num(top)}" width="${num(Math.max(w - gap, 0.5))}" height="${num(h)}" fill="${esc(b.color)}"/>`);
    });
  } else {
    // Runs of one colour as step areas; with more bars than pixels, each step is the largest
    // value of a bucket of bars (peaks stay visible) and the document stays small.
    const bucket = Math.max(1, Math.floor(n / f.plot.width));
    const valueAt = (k: number) => (Number.isFinite(o.bars[k]!.value) ? o.bars[k]!.value : 0);
    for (let i = 0; i < n; ) {
      let j = i;
      let d = `M${num(f.x(i))} ${num(base)}`;
      while (j < n && o.bars[j]!.color === o.bars[i]!.color) {
        let end = j + 1;
        let v = valueAt(j);
        while (end < n && end - j < bucket && o.bars[end]!.color === o.bars[i]!.color) {
          if (Math.abs(valueAt(end)) > Math.abs(v)) v = valueAt(end);
          end++;
        }
        d += `V${num(f.y(v))}H${num(f.x(end))}`;
        j = end;
      }
      marks.push(`<path d="${d}V${num(base)}Z" fill="${esc(o.bars[i]!.color)}"/>`);
      i = j;
    }
  }
  const body = `${f.background}<g clip-path="url(#${f.clipId})">${marks.join('')}</g>${f.foreground}`;
  return { svg: svgDocument(f.width, f.height, body, o.title), width: f.width, height: f.height };
}
