// Every display helper's MIME bundle: the losslab payload (valid as the plugin checks it), an SVG
// fallback that parses and shows the figure's numbers, text/plain; the catalog card; readable
// errors for unknown ids and bad parameters; tensors accepted and not leaked.
import { describe, it, expect, beforeAll } from 'vitest';
import { tf, catalog, crossEntropy, LossInputError } from 'losslab';
import { LOSSLAB_MIME, checkPayload } from 'losslab/mime';
import { batchFigure, explorerFigure } from 'losslab/viz';
import {
  showLossBundle,
  plotLossBundle,
  compareLossesBundle,
  inspectBatchBundle,
  inspectEmbeddingsBundle,
  lossLandscapeBundle,
} from '../../kernel-ext/src/display/index.js';
import { parseSvg, pngPixels, svgTexts } from '../helpers/svg.js';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';
import { classes, rng, uniform } from '../helpers/random.js';

type Bundle = Record<string, unknown>;

/** The bundle has the payload (valid per the plugin's checker), a well-formed SVG and text. */
function expectWidgetBundle(b: Bundle, widget: string): { payload: Record<string, unknown>; svg: string; text: string } {
  expect(Object.keys(b).sort()).toEqual([LOSSLAB_MIME, 'image/svg+xml', 'text/plain'].sort());
  const check = checkPayload(b[LOSSLAB_MIME], { describe: (id) => catalog[id] });
  expect(check).toMatchObject({ ok: true });
  const payload = b[LOSSLAB_MIME] as Record<string, unknown>;
  expect(payload['widget']).toBe(widget);
  expect(payload['version']).toBe(1);
  // JSON round trip: what the notebook stores is what the plugin reads.
  expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
  const svg = b['image/svg+xml'] as string;
  parseSvg(svg);
  const text = b['text/plain'] as string;
  expect(text.length).toBeGreaterThan(20);
  return { payload, svg, text };
}

for (const backend of requestedBackends()) {
  describe(`display bundles on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });

    it('showLoss: markdown card with formula and parameter table, LaTeX, plain text, for every catalog loss', () => {
      for (const [id, d] of Object.entries(catalog)) {
        const b = showLossBundle(id);
        expect(Object.keys(b).sort()).toEqual(['text/latex', 'text/markdown', 'text/plain']);
        const md = b['text/markdown'] as string;
        expect(md).toContain(`$$${d.formula}$$`);
        expect(md).toContain(`$$${d.gradient}$$`);
        expect(md).toContain(d.reference.url);
        for (const p of d.params) expect(md).toContain(`| \`${p.name}\` |`);
        expect(b['text/latex']).toBe(`$$${d.formula}$$\n$$${d.gradient}$$`);
        expect(b['text/plain']).toContain(d.title);
      }
      const focal = showLossBundle('focalLoss')['text/markdown'] as string;
      expect(focal).toMatch(/\| `gamma` \| \$\\gamma\$ \| 2 \| 0 … 5 \| >= 0 \|/);
    });

    it('plotLoss: explorer payload with the curves asked for, SVG with one line per curve and its legend', () => {
      const b = plotLossBundle('focalLoss', { sweep: { gamma: [0, 1, 2, 5] } });
      const { payload, svg, text } = expectWidgetBundle(b, 'explorer');
      expect(payload['curves']).toEqual([0, 1, 2, 5].map((gamma) => ({ loss: 'focalLoss', params: { gamma } })));
      expect(payload['view']).toBeUndefined();
      const f = explorerFigure(payload as never);
      expect(svg.match(/fill="none" stroke="#[0-9a-f]{6}" stroke-width="2.2"/g)).toHaveLength(4);
      expect(svgTexts(svg)).toEqual(expect.arrayContaining([...f.series.map((s) => s.label), f.xLabel, f.yLabel, f.title]));
      // text/plain gives each curve's extremes, e.g. the maximum of cross-entropy (γ = 0) at the left end.
      expect(text.split('\n')).toHaveLength(1 + 4 + 1);
      expect(text).toContain(`${f.series[0]!.label}: min`);
      const g = plotLossBundle(['huberLoss', { loss: 'mseLoss', label: 'MSE' }], { view: 'gradient', params: { delta: 0.5 }, range: [-2, 2], points: 41 });
      const gp = expectWidgetBundle(g, 'explorer').payload;
      expect(gp).toMatchObject({ view: 'gradient', range: [-2, 2], points: 41, curves: [{ loss: 'huberLoss', params: { delta: 0.5 } }, { loss: 'mseLoss', label: 'MSE' }] });
    });

    it('compareLosses: both views stacked in the SVG (loss, then gradient)', () => {
      const b = compareLossesBundle(['crossEntropy', { loss: 'focalLoss', params: { gamma: 2 } }, { loss: 'polyLoss', params: { epsilon: 1 } }]);
      const { svg, text } = expectWidgetBundle(b, 'explorer');
      expect(svg.match(/<svg /g)).toHaveLength(3);
      expect(svg.match(/fill="none" stroke="#[0-9a-f]{6}" stroke-width="2.2"/g)).toHaveLength(6);
      expect(svgTexts(svg)).toEqual(expect.arrayContaining(['loss ℓ', explorerFigure({ version: 1, widget: 'explorer', curves: [{ loss: 'crossEntropy' }], view: 'gradient' }).yLabel]));
      expect(text).toMatch(/Gradient of/);
      expect(() => compareLossesBundle(['mseLoss'])).toThrow(/compareLosses: losses must be two or more losses/);
    });

    it('inspectBatch: batch payload from tensors or arrays, SVG of losses and gradient norms, table of the hardest', () => {
      const rand = rng(2);
      const logits = tf.tensor2d(uniform(rand, [20, 5], -2, 2) as unknown as number[][]);
      const targetArr = classes(rand, [20], 5) as number[];
      targetArr[4] = -100;
      const target = tf.tensor1d(targetArr, 'int32');
      const before = tf.memory().numTensors;
      const b = inspectBatchBundle('crossEntropy', [logits, target], { tensorParams: { weight: [1, 1, 2, 1, 0.5] }, params: { labelSmoothing: 0.1 } });
      expect(tf.memory().numTensors).toBe(before);
      const { payload, svg, text } = expectWidgetBundle(b, 'batch');
      expect(payload['inputs']).toEqual({ logits: logits.arraySync(), target: targetArr });
      expect(payload['tensorParams']).toEqual({ weight: [1, 1, 2, 1, 0.5] });
      const f = batchFigure(payload as never);
      const direct = tf.tidy(() => crossEntropy(logits, target, { weight: [1, 1, 2, 1, 0.5], labelSmoothing: 0.1 }).dataSync()[0]!);
      expect(f.reduced).toBeCloseTo(direct, 5);
      // 20 bars per panel (loss, gradient norm), labelled with the sample indices, hardest first.
      expect(svg.match(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#(e15759|4e79a7|bab0ac)"\/>/g)!.length).toBe(40 + 6);
      expect(svgTexts(svg)).toEqual(expect.arrayContaining([String(f.rows[0]!.index), 'ignored', 'per-sample loss', 'gradient L2 norm']));
      expect(text).toMatch(/^.*mean = /);
      expect(text).toContain('ignored');
      expect(text).toContain('mean without weight');
      expect(text.split('\n').filter((l) => /^\s*\d+\s+\d+\s/.test(l))).toHaveLength(10);
      const byName = inspectBatchBundle('mseLoss', { input: [1, 2, 3], target: [0, 0, 0] }, { reduction: 'sum' });
      expect(expectWidgetBundle(byName, 'batch').payload).toMatchObject({ reduction: 'sum', inputs: { input: [1, 2, 3], target: [0, 0, 0] } });
      logits.dispose();
      target.dispose();
    });

    it('inspectEmbeddings: embedding payload, scatter with the pairs, per-anchor table', () => {
      const rand = rng(4);
      const m = (n: number) => uniform(rand, [n, 8]) as unknown as number[][];
      const b = inspectEmbeddingsBundle('tripletMarginLoss', { anchors: tf.tensor2d(m(6)), positives: m(6), negatives: m(6) }, { params: { margin: 0.3 } });
      const { payload, svg, text } = expectWidgetBundle(b, 'embedding');
      expect((payload['anchors'] as number[][]).length).toBe(6);
      expect(svg.match(/stroke-dasharray="5 3"/g)).toHaveLength(6);
      expect(svgTexts(svg)).toEqual(expect.arrayContaining(['anchors', 'positives', 'negatives', 'positive pair', 'negative pair']));
      expect(text).toMatch(/PCA, \d+% of variance shown/);
      const c = inspectEmbeddingsBundle('contrastiveLoss', { anchors: m(4), positives: m(4), labels: [1, 0, 1, 0] });
      expectWidgetBundle(c, 'embedding');
    });

    it('lossLandscape: landscape payload, heatmap with colour bar and minimum, text with the extremes', () => {
      const b = lossLandscapeBundle('crossEntropy', { points: 21, params: { labelSmoothing: 0.1 } });
      const { payload, svg, text } = expectWidgetBundle(b, 'landscape');
      expect(payload).toMatchObject({ loss: 'crossEntropy', points: 21, params: { labelSmoothing: 0.1 } });
      expect(pngPixels(/href="data:image\/png;base64,([^"]+)"/.exec(svg)![1]!)).toMatchObject({ width: 21, height: 21 });
      expect(svgTexts(svg).some((t) => t.startsWith('min '))).toBe(true);
      expect(text).toMatch(/minimum .* at \(.*\); maximum/);
    });

    it('every helper names unknown ids and bad parameters in a LossInputError, and leaks nothing', () => {
      plotLossBundle('mseLoss');
      const before = tf.memory().numTensors;
      const cases: [() => unknown, RegExp][] = [
        [() => showLossBundle('focal'), /describeLoss: id must be one of .*focalLoss.*, but got "focal"/],
        [() => plotLossBundle('focal'), /explorerFigure: curves\[0\]\.loss must be a loss of the catalog/],
        [() => plotLossBundle('focalLoss', { params: { gama: 2 } }), /focalLoss: curves\[0\]\.params\.gama must be a parameter of focalLoss \(gamma, alpha, ignoreIndex\)/],
        [() => plotLossBundle('focalLoss', { params: { gamma: -1 } }), /focalLoss: options\.gamma must be >= 0, but got -1/],
        [() => plotLossBundle('focalLoss', { sweep: { gamma: [1], alpha: [1] } }), /plotLoss: options\.sweep must be one parameter/],
        [() => plotLossBundle([]), /plotLoss: losses must be at least one loss id/],
        [() => inspectBatchBundle('mseLoss', { input: [1, NaN], target: [0, 0] }), /mseLoss: inputs\.input must be finite numbers .*, but got NaN at \[1\]/],
        [() => inspectBatchBundle('mseLoss', { input: [1, 2] }), /mseLoss: inputs\.target must be given/],
        [() => inspectBatchBundle('nope', { input: [1] }), /describeLoss: id must be one of/],
        [() => inspectEmbeddingsBundle('ge2eLoss', { anchors: [[1, 2]], positives: [[1, 2]] }), /embeddingFigure: loss must be an embedding loss the inspector knows/],
        [() => lossLandscapeBundle('huberLoss', { params: { delta: 0 } }), /huberLoss: options\.delta must be > 0, but got 0/],
        [() => lossLandscapeBundle('huberLoss', { points: 1 }), /landscapeFigure: points must be an integer from 2 to 400, but got 1/],
      ];
      for (const [f, message] of cases) {
        expect(f).toThrow(LossInputError);
        expect(f).toThrow(message);
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
