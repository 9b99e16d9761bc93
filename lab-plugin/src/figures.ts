/**
 * Figure data (from `losslab/viz`) → Plotly traces and layout, for a theme. Pure functions with no
 * DOM, so they are unit-tested in Node; the widgets only add controls around them. All text that
 * comes from a payload (titles, labels) goes through `plotText`, so it stays text in Plotly.
 */
import type { BatchFigure, EmbeddingFigure, ExplorerFigure, LandscapeFigure } from 'losslab/viz';
import type { Data, Layout } from './plot.js';
import { baseLayout, plotText } from './plot.js';
import type { PlotTheme } from './theme.js';

export interface PlotFigure {
  data: Data[];
  layout: Layout;
}

/** Formats a number for hover text and summaries: 4 significant digits, exponent when tiny or huge. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e5 || a < 1e-3 ? x.toExponential(3) : Number(x.toPrecision(4)).toString();
}

function title(text: string, theme: PlotTheme): Layout['title'] {
  return { text: plotText(text), x: 0, xanchor: 'left', font: { size: 14, color: theme.foreground } };
}

// ---------------------------------------------------------------------------------------------

/** A horizontal legend on the figure's bottom edge (container coordinates), under the x-axis title. */
const BOTTOM_LEGEND = { orientation: 'h', x: 0, xanchor: 'left', yref: 'container', y: 0, yanchor: 'bottom' } as const;

/** Loss explorer: one line per curve over the natural axis. */
export function explorerPlot(fig: ExplorerFigure, theme: PlotTheme): PlotFigure {
  const base = baseLayout(theme);
  const data: Data[] = fig.series.map((s) => ({
    type: 'scatter',
    mode: 'lines',
    name: plotText(s.label),
    x: s.x,
    y: s.y,
    line: { width: 2 },
    hovertemplate: `${plotText(s.label)}<br>x = %{x:.3f}<br>${fig.view === 'loss' ? 'ℓ' : '∂ℓ'} = %{y:.4g}<extra></extra>`,
  }));
  return {
    data,
    layout: {
      ...base,
      title: title(fig.title, theme),
      xaxis: { ...base.xaxis, title: { text: plotText(fig.xLabel) } },
      yaxis: { ...base.yaxis, title: { text: plotText(fig.yLabel) } },
      showlegend: fig.series.length > 1,
      // Below the axis title, anchored to the figure's bottom edge so long labels never overlap it.
      legend: { ...base.legend, ...BOTTOM_LEGEND },
      margin: { ...base.margin, b: fig.series.length > 1 ? 96 : base.margin?.b },
      hovermode: 'x unified',
      height: fig.series.length > 1 ? 420 : 380,
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** Above this many samples the batch inspector draws filled lines instead of bars (speed). */
export const BATCH_BAR_LIMIT = 256;
/** Above this many samples the batch inspector's lines are drawn from this many buckets' extremes. */
export const BATCH_DRAW_BUCKETS = 500;

/**
 * Min-max decimation for drawing: the indices of the smallest and largest value of each of
 * `buckets` equal runs of `ys`, in order (all indices when there are no more than 2·buckets). A line
 * through them has the same envelope as the full line at any width up to `buckets` pixels, and
 * every kept point is a real sample (its hover text stays true).
 */
export function decimate(ys: readonly number[], buckets: number): number[] {
  const n = ys.length;
  if (n <= 2 * buckets) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      // NaN never wins a comparison: a bucket keeps finite extremes when it has any.
      if (ys[i]! < ys[lo]! || Number.isNaN(ys[lo]!)) lo = i;
      if (ys[i]! > ys[hi]! || Number.isNaN(ys[hi]!)) hi = i;
    }
    if (lo === hi) out.push(lo);
    else out.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  return out;
}

function pick<T>(xs: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => xs[i]!);
}

/**
 * Batch inspector: per-sample loss, sorted hardest first, with its cumulative share of the total
 * (right axis) and the hardest samples (those carrying half the total) marked; below, each
 * sample's gradient norm in the same order.
 */
export function batchPlot(fig: BatchFigure, theme: PlotTheme): PlotFigure {
  const base = baseLayout(theme);
  const n = fig.rows.length;
  const rank = Array.from({ length: n }, (_, i) => i + 1);
  const loss = fig.rows.map((r) => r.loss);
  const grad = fig.rows.map((r) => r.gradNorm);
  let acc = 0;
  const cumulative = fig.rows.map((r) => (acc += r.share));
  const hoverOf = (i: number) => {
    const r = fig.rows[i]!;
    return `sample #${r.index}${r.ignored ? ' (ignored)' : ''}<br>loss ${fmt(r.loss)}<br>share ${(100 * r.share).toFixed(2)}%<br>‖∇‖ ${fmt(r.gradNorm)}`;
  };
  const bars = n <= BATCH_BAR_LIMIT;
  // Hover text only for the points drawn (formatting thousands of strings is a visible cost).
  const hover = bars ? rank.map((_, i) => hoverOf(i)) : [];
  const [c0, c1] = theme.colorway;
  const colors = fig.rows.map((r, i) => (r.ignored ? theme.muted : i < fig.hardest ? theme.accent : c0));
  // Large batches: draw each line from its buckets' extremes (same picture, a fraction of the work).
  const lossIdx = decimate(loss, BATCH_DRAW_BUCKETS);
  const gradIdx = decimate(grad, BATCH_DRAW_BUCKETS);
  const shareIdx = decimate(cumulative, BATCH_DRAW_BUCKETS);
  const lossTrace: Data = bars
    ? { type: 'bar', x: rank, y: loss, marker: { color: colors }, name: 'loss per sample', text: hover, hoverinfo: 'text', textposition: 'none' }
    : { type: 'scatter', mode: 'lines', x: pick(rank, lossIdx), y: pick(loss, lossIdx), fill: 'tozeroy', line: { color: c0, width: 1 }, name: 'loss per sample', text: lossIdx.map(hoverOf), hoverinfo: 'text' };
  const gradTrace: Data = bars
    ? { type: 'bar', x: rank, y: grad, xaxis: 'x2', yaxis: 'y2', marker: { color: c1 }, name: 'gradient norm', text: hover, hoverinfo: 'text', textposition: 'none' }
    : { type: 'scatter', mode: 'lines', x: pick(rank, gradIdx), y: pick(grad, gradIdx), xaxis: 'x2', yaxis: 'y2', line: { color: c1, width: 1 }, name: 'gradient norm', text: gradIdx.map(hoverOf), hoverinfo: 'text' };
  const shareTrace: Data = {
    type: 'scatter',
    mode: 'lines',
    x: pick(rank, shareIdx),
    y: pick(cumulative, shareIdx),
    yaxis: 'y3',
    line: { color: theme.muted, width: 1.5, dash: 'dot' },
    name: 'cumulative share',
    hovertemplate: 'top %{x}: %{y:.1%} of the total<extra></extra>',
  };
  const shapes: Layout['shapes'] =
    fig.hardest > 0
      ? [{ type: 'rect', xref: 'x', yref: 'paper', x0: 0.5, x1: fig.hardest + 0.5, y0: 0.45, y1: 1, fillcolor: theme.accent, opacity: 0.1, line: { width: 0 }, layer: 'below' }]
      : [];
  const axis = base.xaxis as object;
  return {
    data: [lossTrace, shareTrace, gradTrace],
    layout: {
      ...base,
      title: title(fig.title, theme),
      height: 460,
      showlegend: true,
      legend: { ...base.legend, ...BOTTOM_LEGEND },
      margin: { ...base.margin, b: 96 },
      bargap: n > 64 ? 0 : 0.15,
      xaxis: { ...axis, anchor: 'y', domain: [0, 1], matches: 'x2', showticklabels: false },
      yaxis: { ...axis, domain: [0.45, 1], title: { text: 'loss' } },
      yaxis3: { ...axis, overlaying: 'y', side: 'right', range: [0, 1.02], tickformat: '.0%', showgrid: false, title: { text: 'cumulative share' } },
      xaxis2: { ...axis, anchor: 'y2', domain: [0, 1], title: { text: 'samples, hardest first' } },
      yaxis2: { ...axis, domain: [0, 0.36], title: { text: '‖∂L/∂x‖' }, exponentformat: 'e' },
      shapes,
      annotations:
        fig.hardest > 0
          ? [{ xref: 'x', yref: 'paper', x: fig.hardest + 0.5, y: 1, xanchor: 'left', yanchor: 'top', showarrow: false, font: { color: theme.accent, size: 11 }, text: `hardest ${fig.hardest} carry half the total` }]
          : [],
    },
  };
}

// ---------------------------------------------------------------------------------------------

const ROLE_SYMBOL = { anchor: 'circle', positive: 'diamond', negative: 'x' } as const;

/**
 * Embedding inspector: anchors, positives and negatives in the projection's plane; the pairs the
 * loss acts on as segments (solid when the pair adds loss, dotted when it adds none), with each
 * pair's distance and loss on hover at its midpoint.
 */
export function embeddingPlot(fig: EmbeddingFigure, theme: PlotTheme): PlotFigure {
  const base = baseLayout(theme);
  const [c0, , c2, c3] = theme.colorway;
  const roleColor = { anchor: c0, positive: c2 ?? theme.good, negative: c3 ?? theme.accent };
  const data: Data[] = [];
  for (const kind of ['positive', 'negative'] as const) {
    for (const active of [true, false]) {
      const pairs = fig.pairs.filter((p) => p.kind === kind && (p.loss > 0) === active);
      if (!pairs.length) continue;
      const x: (number | null)[] = [];
      const y: (number | null)[] = [];
      for (const p of pairs) {
        const a = fig.points[p.from]!;
        const b = fig.points[p.to]!;
        x.push(a.x, b.x, null);
        y.push(a.y, b.y, null);
      }
      data.push({
        type: 'scatter',
        mode: 'lines',
        x,
        y,
        name: `${kind} pairs${active ? ' with loss' : ' without loss'}`,
        line: { color: roleColor[kind], width: active ? 2 : 1, dash: active ? 'solid' : 'dot' },
        opacity: active ? 0.9 : 0.5,
        hoverinfo: 'skip',
      });
    }
  }
  // Hover targets at pair midpoints: Plotly hovers points, not segments.
  data.push({
    type: 'scatter',
    mode: 'markers',
    x: fig.pairs.map((p) => (fig.points[p.from]!.x + fig.points[p.to]!.x) / 2),
    y: fig.pairs.map((p) => (fig.points[p.from]!.y + fig.points[p.to]!.y) / 2),
    marker: { size: 10, opacity: 0 },
    text: fig.pairs.map((p) => {
      const a = fig.points[p.from]!;
      const b = fig.points[p.to]!;
      return `${p.kind} pair: ${a.role} #${a.index} – ${b.role} #${b.index}<br>${plotText(fig.distanceLabel)} ${fmt(p.distance)}<br>loss ${fmt(p.loss)}`;
    }),
    hoverinfo: 'text',
    showlegend: false,
    name: 'pairs',
  });
  for (const role of ['anchor', 'positive', 'negative'] as const) {
    const pts = fig.points.filter((p) => p.role === role);
    if (!pts.length) continue;
    data.push({
      type: 'scatter',
      mode: 'markers',
      x: pts.map((p) => p.x),
      y: pts.map((p) => p.y),
      name: `${role}s`,
      marker: { symbol: ROLE_SYMBOL[role], size: role === 'anchor' ? 11 : 9, color: roleColor[role], line: { width: 1, color: theme.background } },
      text: pts.map((p) => {
        const extra = role === 'anchor' && fig.perAnchor[p.index] !== undefined ? `<br>anchor loss ${fmt(fig.perAnchor[p.index]!)}` : '';
        return `${role} #${p.index}${p.label !== undefined ? ` (label ${p.label})` : ''}${extra}`;
      }),
      hoverinfo: 'text',
    });
  }
  return {
    data,
    layout: {
      ...base,
      title: title(fig.title, theme),
      height: 440,
      xaxis: { ...base.xaxis, title: { text: plotText(fig.xLabel) }, zeroline: false },
      yaxis: { ...base.yaxis, title: { text: plotText(fig.yLabel) }, zeroline: false, scaleanchor: 'x', scaleratio: 1 },
      // Beside the plot: six entries in two rows below it would cover the x-axis title.
      legend: { ...base.legend, orientation: 'v', x: 1.02, xanchor: 'left', y: 1 },
      hovermode: 'closest',
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** Landscape: the loss over two variables as a filled contour, its lowest grid point marked. */
export function landscapePlot(fig: LandscapeFigure, theme: PlotTheme): PlotFigure {
  const base = baseLayout(theme);
  const data: Data[] = [
    {
      type: 'contour',
      x: fig.x,
      y: fig.y,
      z: fig.z,
      colorscale: theme.colorscale,
      contours: { coloring: 'heatmap', showlines: true },
      line: { color: theme.background, width: 0.5 },
      ncontours: 24,
      colorbar: { title: { text: plotText(fig.zLabel), side: 'right' }, outlinewidth: 0, tickfont: { color: theme.foreground } },
      hovertemplate: `${plotText(fig.xLabel)} %{x:.3f}<br>${plotText(fig.yLabel)} %{y:.3f}<br>${plotText(fig.zLabel)} %{z:.4g}<extra></extra>`,
      name: plotText(fig.zLabel),
    },
    {
      type: 'scatter',
      mode: 'markers',
      x: [fig.minimum.x],
      y: [fig.minimum.y],
      marker: { symbol: 'x', size: 12, color: theme.foreground, line: { width: 2, color: theme.background } },
      cliponaxis: false,
      name: 'lowest loss on the grid',
      hovertemplate: `lowest on the grid: %{x:.3f}, %{y:.3f}<br>${plotText(fig.zLabel)} ${fmt(fig.minimum.z)}<extra></extra>`,
      showlegend: false,
    },
  ];
  return {
    data,
    layout: {
      ...base,
      title: title(fig.title, theme),
      height: 440,
      // The grid's own extent: no autorange padding around the lowest-point marker.
      xaxis: { ...base.xaxis, title: { text: plotText(fig.xLabel) }, range: [fig.x[0], fig.x[fig.x.length - 1]] },
      yaxis: { ...base.yaxis, title: { text: plotText(fig.yLabel) }, range: [fig.y[0], fig.y[fig.y.length - 1]] },
      hovermode: 'closest',
    },
  };
}
