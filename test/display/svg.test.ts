// The static SVG renderer: every chart kind is well-formed XML, carries its title, labels, ticks
// and legend, escapes text, breaks lines at gaps, and stays small for large inputs.
import { describe, it, expect } from 'vitest';
import { lineChart, barChart, scatterChart, heatmap, stackVertically } from '../../kernel-ext/src/display/svg/index.js';
import { parseSvg, pngPixels, svgTexts } from '../helpers/svg.js';

describe('svg renderer', () => {
  it('line chart: title, axis labels, ticks, one path per series, legend for several', () => {
    const x = [0, 1, 2, 3, 4];
    const { svg, width, height } = lineChart({
      title: 'Loss <vs> "gradient" & more',
      xLabel: 'residual x − y',
      yLabel: 'loss ℓ',
      series: [
        { label: 'MSE', x, y: x.map((v) => v * v) },
        { label: 'L1', x, y: x, dashed: true },
      ],
    });
    const doc = parseSvg(svg) as { svg: { '@width': string; title: string } };
    expect(doc.svg['@width']).toBe(String(width));
    expect(doc.svg.title).toBe('Loss <vs> "gradient" & more');
    const texts = svgTexts(svg);
    expect(texts).toContain('Loss <vs> "gradient" & more');
    expect(texts).toContain('residual x − y');
    expect(texts).toContain('loss ℓ');
    expect(texts).toEqual(expect.arrayContaining(['MSE', 'L1', '0', '4', '16']));
    expect(svg.match(/stroke-width="2.2"/g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(height).toBeGreaterThan(100);
    // One series: no legend.
    expect(svgTexts(lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ label: 'only', x, y: x }] }).svg)).not.toContain('only');
  });

  it('line chart: NaN values break the line into pieces, infinite values too', () => {
    const { svg } = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ label: 's', x: [0, 1, 2, 3, 4, 5], y: [1, 2, NaN, 3, Infinity, 4] }] });
    const d = /<path d="(M[^"]*)" fill="none" stroke="#/.exec(svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(3);
    expect(svg).not.toMatch(/NaN|Infinity/);
    parseSvg(svg);
  });

  it('bar chart: one rect per bar when few, with sample labels; step areas when many', () => {
    const few = barChart({ title: 'b', xLabel: 'sample', yLabel: 'loss', bars: [3, 1, 2].map((v, i) => ({ value: v, color: i === 0 ? '#e15759' : '#4e79a7', label: String(i) })) });
    parseSvg(few.svg);
    expect(few.svg.match(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#(e15759|4e79a7)"/g)).toHaveLength(3);
    expect(svgTexts(few.svg)).toEqual(expect.arrayContaining(['0', '1', '2']));
    const many = barChart({ title: 'b', xLabel: 'x', yLabel: 'y', bars: Array.from({ length: 4096 }, (_, i) => ({ value: 1 / (1 + i), color: i < 100 ? '#e15759' : '#4e79a7' })) });
    parseSvg(many.svg);
    // Two colour runs: two areas, and a document far smaller than 4096 rects.
    expect(many.svg.match(/Z" fill=/g)).toHaveLength(2);
    expect(many.svg.length).toBeLessThan(200_000);
  });

  it('scatter chart: markers per shape, segments, tags, equal units on both axes', () => {
    const { svg } = scatterChart({
      title: 's',
      xLabel: 'PC 1',
      yLabel: 'PC 2',
      points: [
        { x: 0, y: 0, color: '#4e79a7', shape: 'circle', tag: '0' },
        { x: 10, y: 1, color: '#59a14f', shape: 'diamond', tag: '0' },
        { x: 5, y: -1, color: '#e15759', shape: 'triangle', tag: '0' },
      ],
      segments: [{ from: [0, 0], to: [10, 1], color: '#59a14f', width: 2 }],
      legend: [{ label: 'anchors', color: '#4e79a7', shape: 'circle' }],
    });
    parseSvg(svg);
    expect(svg.match(/<circle /g)!.length).toBeGreaterThanOrEqual(2); // point + legend key
    expect(svg.match(/<line x1="[^"]+" y1="[^"]+" x2="[^"]+" y2="[^"]+" stroke="#59a14f" stroke-width="2"/g)).toHaveLength(1);
    // The segment from (0,0) to (10,1): its pixel slope equals the data slope (equal aspect).
    const m = /<line x1="([^"]+)" y1="([^"]+)" x2="([^"]+)" y2="([^"]+)" stroke="#59a14f"/.exec(svg)!;
    const [x1, y1, x2, y2] = m.slice(1, 5).map(Number) as [number, number, number, number];
    expect(-(y2 - y1) / (x2 - x1)).toBeCloseTo(0.1, 2);
    expect(svgTexts(svg)).toContain('anchors');
  });

  it('heatmap: the grid as one PNG pixel per cell (NaN grey), a colour bar with ticks, the marked minimum', () => {
    const x = [0, 1, 2, 3];
    const y = [0, 1, 2];
    const z = y.map((b) => x.map((a) => (a === 3 && b === 2 ? NaN : a + b)));
    const { svg } = heatmap({ title: 'h', xLabel: 'z₀', yLabel: 'z₁', x, y, z, zLabel: 'loss', mark: { x: 0, y: 0, label: 'min 0' } });
    parseSvg(svg);
    const png = pngPixels(/href="data:image\/png;base64,([^"]+)"/.exec(svg)![1]!);
    expect([png.width, png.height]).toEqual([4, 3]);
    // Top row of the image is the largest y: (x=3, y=2) is NaN, (x=0, y=0) the minimum (viridis(0)).
    expect(png.pixel(3, 0)).toEqual([217, 217, 217]);
    expect(png.pixel(0, 2)).toEqual([68, 1, 84]);
    expect(png.pixel(2, 0)).toEqual(png.pixel(3, 1)); // equal values, equal colours
    // 60 colour-bar steps.
    expect(svg.match(/<rect x="[^"]+" y="[^"]+" width="14" height="[^"]+" fill="[^"]+"\/>/g)).toHaveLength(60);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['min 0', 'loss', 'z₀', 'z₁', '0', '4']));
  });

  it('stacks charts in one document that is still well-formed, with unique clip ids', () => {
    const a = lineChart({ title: 'a', xLabel: 'x', yLabel: 'y', series: [{ label: 's', x: [0, 1], y: [0, 1] }] });
    const b = lineChart({ title: 'b', xLabel: 'x', yLabel: 'y', series: [{ label: 's', x: [0, 1], y: [1, 0] }] });
    const svg = stackVertically([a, b], 'both');
    parseSvg(svg);
    const ids = [...svg.matchAll(/clipPath id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(2);
    expect(svg).toMatch(new RegExp(`^<svg [^>]*height="${a.height + b.height}"`));
  });
});
