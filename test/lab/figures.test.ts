// Unit tests of the lab plugin's pure parts: figure data → Plotly traces, the decimation of large
// batches, and the slider rules from catalog specs. (The widgets themselves run in test/lab/run.mjs.)
import { describe, it, expect } from 'vitest';
import type { BatchFigure, EmbeddingFigure, ExplorerFigure, LandscapeFigure } from 'losslab/viz';
import type { ParamSpec } from 'losslab';
import { batchPlot, decimate, embeddingPlot, explorerPlot, fmt, landscapePlot, BATCH_BAR_LIMIT, BATCH_DRAW_BUCKETS } from '../../lab-plugin/src/figures.js';
import { hasControl, initialValue, sliderRange, symbolLabel } from '../../lab-plugin/src/controls.js';
import type { PlotTheme } from '../../lab-plugin/src/theme.js';

const theme: PlotTheme = {
  light: true,
  background: 'white',
  foreground: 'black',
  muted: 'gray',
  grid: '#eee',
  zeroline: '#ccc',
  font: 'sans-serif',
  colorway: ['c0', 'c1', 'c2', 'c3'],
  accent: 'red',
  good: 'green',
  colorscale: [[0, 'black'], [1, 'white']],
};

type AnyTrace = Record<string, unknown> & { x?: unknown[]; y?: unknown[]; text?: unknown[] };

describe('decimate', () => {
  it('keeps every index of a short series', () => {
    expect(decimate([3, 1, 2], 2)).toEqual([0, 1, 2]);
  });

  it('keeps each bucket\'s min and max, in order, so spikes survive', () => {
    const ys = Array.from({ length: 1000 }, (_, i) => (i === 637 ? 100 : i === 901 ? -100 : Math.sin(i / 50)));
    const idx = decimate(ys, 50);
    expect(idx.length).toBeLessThanOrEqual(100);
    expect(idx).toContain(637);
    expect(idx).toContain(901);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    expect(Math.max(...idx.map((i) => ys[i]!))).toBe(100);
    expect(Math.min(...idx.map((i) => ys[i]!))).toBe(-100);
  });

  it('prefers finite values over NaN (a gap does not hide a bucket)', () => {
    const ys = [NaN, 5, NaN, 1, ...Array.from({ length: 8 }, () => 2)];
    const idx = decimate(ys, 3);
    expect(idx.slice(0, 2)).toEqual([1, 3]);
  });
});

describe('explorerPlot', () => {
  const fig: ExplorerFigure = {
    title: 'Focal <b>vs</b> CE',
    xLabel: 'p_t',
    yLabel: 'loss ℓ',
    formulas: [],
    series: [
      { label: 'γ = 0', x: [0.1, 0.5], y: [2.3, 0.69] },
      { label: 'γ = 2', x: [0.1, 0.5], y: [1.8, 0.17] },
    ],
    view: 'loss',
  };

  it('draws one line per series with its data and label, and a legend when there are several', () => {
    const { data, layout } = explorerPlot(fig, theme);
    const traces = data as AnyTrace[];
    expect(traces.map((t) => t['name'])).toEqual(['γ = 0', 'γ = 2']);
    expect(traces[1]!.y).toEqual([1.8, 0.17]);
    expect(layout.showlegend).toBe(true);
    expect(layout.paper_bgcolor).toBe('white');
  });

  it('escapes payload text, which Plotly would read as markup', () => {
    const { layout } = explorerPlot(fig, theme);
    expect((layout.title as { text: string }).text).toBe('Focal &lt;b&gt;vs&lt;/b&gt; CE');
  });
});

function batchFigure(n: number, hardest: number): BatchFigure {
  const rows = Array.from({ length: n }, (_, i) => ({ index: n - 1 - i, loss: n - i, share: (n - i) / ((n * (n + 1)) / 2), gradNorm: 1 / (i + 1), ignored: i === n - 1 }));
  return { title: 'b', loss: 'crossEntropy', reduction: 'mean', reduced: 1, rows, hardest, size: n, ignoredCount: 1, gradientOf: ['logits'], effects: [] };
}

describe('batchPlot', () => {
  it('small batches: bars in hardest-first order, the hardest in the accent colour, ignored ones muted', () => {
    const { data, layout } = batchPlot(batchFigure(10, 3), theme);
    const [loss, share, grad] = data as AnyTrace[];
    expect(loss!['type']).toBe('bar');
    expect(loss!.y).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const colors = (loss!['marker'] as { color: string[] }).color;
    expect(colors.slice(0, 4)).toEqual(['red', 'red', 'red', 'c0']);
    expect(colors[9]).toBe('gray');
    expect(grad!['yaxis']).toBe('y2');
    expect((share!.y as number[]).at(-1)).toBeCloseTo(1, 12);
    expect((layout.shapes as { x1: number }[])[0]!.x1).toBe(3.5);
    expect(String(loss!.text![0])).toContain('sample #9');
  });

  it('large batches: lines drawn from bucket extremes, hover text of real samples', () => {
    const n = 4096;
    const { data } = batchPlot(batchFigure(n, 600), theme);
    const [loss, , grad] = data as AnyTrace[];
    expect(n).toBeGreaterThan(BATCH_BAR_LIMIT);
    expect(loss!['type']).toBe('scatter');
    expect(loss!.x!.length).toBeLessThanOrEqual(2 * BATCH_DRAW_BUCKETS);
    expect(loss!.x![0]).toBe(1);
    expect(loss!.x!.at(-1)).toBe(n);
    // Sample of rank r has loss n - r + 1, and its hover text names its index.
    const k = 123;
    const rank = loss!.x![k] as number;
    expect(loss!.y![k]).toBe(n - rank + 1);
    expect(String(loss!.text![k])).toContain(`sample #${n - rank}`);
    expect(grad!.x!.length).toBeLessThanOrEqual(2 * BATCH_DRAW_BUCKETS);
  });
});

describe('embeddingPlot', () => {
  const fig: EmbeddingFigure = {
    title: 'triplets',
    loss: 'tripletMarginLoss',
    points: [
      { x: 0, y: 0, role: 'anchor', index: 0 },
      { x: 1, y: 0, role: 'positive', index: 0 },
      { x: 0, y: 1, role: 'negative', index: 0 },
    ],
    pairs: [
      { from: 0, to: 1, kind: 'positive', loss: 0.5, distance: 1 },
      { from: 0, to: 2, kind: 'negative', loss: 0, distance: 1 },
    ],
    perAnchor: [0.5],
    reduced: 0.5,
    distanceLabel: 'Euclidean distance',
    margin: 1,
    projection: 'identity',
    explained: [1, 1],
    xLabel: 'x',
    yLabel: 'y',
  };

  it('draws pairs with loss solid, without loss dotted, hover targets at midpoints, points by role', () => {
    const { data, layout } = embeddingPlot(fig, theme);
    const traces = data as AnyTrace[];
    const names = traces.map((t) => t['name']);
    expect(names).toEqual(['positive pairs with loss', 'negative pairs without loss', 'pairs', 'anchors', 'positives', 'negatives']);
    expect((traces[0]!['line'] as { dash: string }).dash).toBe('solid');
    expect((traces[1]!['line'] as { dash: string }).dash).toBe('dot');
    expect(traces[2]!.x).toEqual([0.5, 0]);
    expect(String(traces[2]!.text![0])).toContain('loss 0.5');
    expect(String(traces[3]!.text![0])).toContain('anchor loss 0.5');
    expect((layout.yaxis as { scaleanchor: string }).scaleanchor).toBe('x');
  });
});

describe('landscapePlot', () => {
  it('draws a contour on the grid\'s own extent with the lowest point marked', () => {
    const fig: LandscapeFigure = {
      title: 't', xLabel: 'x', yLabel: 'y', x: [-1, 0, 1], y: [-2, 2], z: [[1, 2, 3], [4, 5, NaN]],
      zLabel: 'loss', description: 'd', minimum: { x: -1, y: -2, z: 1 },
    };
    const { data, layout } = landscapePlot(fig, theme);
    const [contour, min] = data as AnyTrace[];
    expect(contour!['type']).toBe('contour');
    expect(contour!['z']).toBe(fig.z);
    expect(min!.x).toEqual([-1]);
    expect((layout.xaxis as { range: number[] }).range).toEqual([-1, 1]);
    expect((layout.yaxis as { range: number[] }).range).toEqual([-2, 2]);
  });
});

describe('controls from catalog specs', () => {
  const gamma: ParamSpec = { name: 'gamma', symbol: '\\gamma', description: 'focusing', kind: 'number', default: 2, range: { min: 0, max: 5, step: 0.1 } };
  const alpha: ParamSpec = { name: 'alpha', symbol: '\\alpha', description: 'class weight', kind: 'number', default: null, range: { min: 0, max: 1, step: 0.05 } };
  const ignoreIndex: ParamSpec = { name: 'ignoreIndex', symbol: '\\text{ignore}', description: 'ignored target', kind: 'integer', default: -100 };
  const squared: ParamSpec = { name: 'squared', symbol: 's', description: 'squared denominator', kind: 'boolean', default: true };

  it('labels a parameter by its symbol when it reads as text, else by its name', () => {
    expect(symbolLabel(gamma)).toBe('γ');
    expect(symbolLabel({ name: 'margin', symbol: 'm' })).toBe('m');
    expect(symbolLabel(ignoreIndex)).toBe('ignoreIndex');
  });

  it('gives controls to ranged numbers, booleans and choices only', () => {
    expect([gamma, alpha, ignoreIndex, squared].map(hasControl)).toEqual([true, true, false, true]);
  });

  it('starts at the payload value, else the default; an "off" default starts off', () => {
    expect(initialValue(gamma, 4)).toBe(4);
    expect(initialValue(gamma, undefined)).toBe(2);
    expect(initialValue(alpha, undefined)).toBeUndefined();
    expect(initialValue(squared, undefined)).toBe(true);
  });

  it('widens the slider range to hold a payload value outside the catalog\'s', () => {
    expect(sliderRange(gamma, 2)).toEqual({ min: 0, max: 5, step: 0.1 });
    expect(sliderRange(gamma, 8)).toEqual({ min: 0, max: 8, step: 0.1 });
  });
});

describe('fmt', () => {
  it('four significant digits, exponents for tiny and huge values', () => {
    expect([fmt(0), fmt(1.23456), fmt(1234.5), fmt(3.354e-4), fmt(2e6), fmt(NaN)]).toEqual(['0', '1.235', '1235', '3.354e-4', '2.000e+6', 'NaN']);
  });
});
