// The loss explorer's figure data: values against the loss functions and closed forms, gradients
// against finite differences of the same curves (every catalog loss), labels, errors, no leaks.
import { describe, it, expect, beforeAll } from 'vitest';
import { tf, catalog, mseLoss, huberLoss, LossInputError } from 'losslab';
import { explorerFigure, type ExplorerFigure } from 'losslab/viz';
import type { ExplorerPayload } from 'losslab/mime';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';
import { FINITE_DIFFERENCE, FLOAT32, firstMismatch } from '../helpers/tolerance.js';

const explorer = (curves: ExplorerPayload['curves'], rest: Partial<ExplorerPayload> = {}): ExplorerFigure =>
  explorerFigure({ version: 1, widget: 'explorer', curves, ...rest });

/** Central differences of a curve, with the points where it has a kink (one-sided slopes differ). */
function finiteDifferences(loss: string, x: number[], h: number): { fd: number[]; kink: boolean[] } {
  const at = (dx: number) => explorer([{ loss }], { range: [x[0]! + dx, x[x.length - 1]! + dx], points: x.length }).series[0]!.y;
  const [lo, mid, hi] = [at(-h), at(0), at(h)];
  const fd = x.map((_, i) => (hi[i]! - lo[i]!) / (2 * h));
  const kink = x.map((_, i) => {
    const right = (hi[i]! - mid[i]!) / h;
    const left = (mid[i]! - lo[i]!) / h;
    return !Number.isFinite(right) || !Number.isFinite(left) || Math.abs(right - left) > 0.05 * (1 + Math.abs(fd[i]!));
  });
  return { fd, kink };
}

for (const backend of requestedBackends()) {
  describe(`explorerFigure on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });

    it('plots each loss along its natural axis as the loss function computes it, and as closed forms', () => {
      const f = explorer([{ loss: 'mseLoss' }, { loss: 'huberLoss', params: { delta: 0.5 } }], { points: 61 });
      expect(f.series.map((s) => s.label)).toEqual(['Mean squared error', 'Huber loss (δ = 0.5)']);
      expect(f.xLabel).toBe(catalog['mseLoss']!.axis.label);
      const x = f.series[0]!.x;
      expect(x).toHaveLength(61);
      expect(x[0]).toBe(-3);
      expect(x[60]).toBe(3);
      const direct = tf.tidy(() => ({
        mse: Array.from(mseLoss(x, new Array(x.length).fill(0), { reduction: 'none' }).dataSync()),
        huber: Array.from(huberLoss(x, new Array(x.length).fill(0), { delta: 0.5, reduction: 'none' }).dataSync()),
      }));
      expect(firstMismatch(f.series[0]!.y, direct.mse, FLOAT32)).toBeNull();
      expect(firstMismatch(f.series[1]!.y, direct.huber, FLOAT32)).toBeNull();
      expect(firstMismatch(f.series[0]!.y, x.map((v) => v * v), FLOAT32)).toBeNull();
      const huber = (r: number, d: number) => (Math.abs(r) < d ? 0.5 * r * r : d * (Math.abs(r) - 0.5 * d));
      expect(firstMismatch(f.series[1]!.y, x.map((v) => huber(v, 0.5)), FLOAT32)).toBeNull();
      expect(f.formulas.map((g) => g.loss)).toEqual(['mseLoss', 'huberLoss']);
    });

    it('gives the derivative along the axis in gradient view (closed forms: 2r, clamp(r, −δ, δ))', () => {
      const f = explorer([{ loss: 'mseLoss' }, { loss: 'huberLoss', params: { delta: 0.5 } }], { view: 'gradient', points: 41 });
      const x = f.series[0]!.x;
      expect(firstMismatch(f.series[0]!.y, x.map((v) => 2 * v), FLOAT32)).toBeNull();
      expect(firstMismatch(f.series[1]!.y, x.map((v) => Math.max(-0.5, Math.min(0.5, v))), FLOAT32)).toBeNull();
      expect(f.yLabel).toBe('∂ℓ/∂(x − y)');
      expect(f.formulas[0]!.latex).toBe(catalog['mseLoss']!.gradient);
      expect(f.view).toBe('gradient');
    });

    it('overlays a sweep of one loss (cross-entropy vs focal for several γ) with legends that name the parameter', () => {
      const f = explorer([{ loss: 'crossEntropy' }, ...[0, 2, 5].map((gamma) => ({ loss: 'focalLoss', params: { gamma } }))], { points: 50 });
      const focal = catalog['focalLoss']!.title;
      expect(f.series.map((s) => s.label)).toEqual([catalog['crossEntropy']!.title, `${focal} (γ = 0)`, `${focal} (γ = 2)`, `${focal} (γ = 5)`]);
      // Focal with γ = 0 is cross-entropy; larger γ only lowers the loss of easy examples.
      expect(firstMismatch(f.series[1]!.y, f.series[0]!.y, FLOAT32)).toBeNull();
      for (let i = 0; i < 50; i++) expect(f.series[3]!.y[i]!).toBeLessThanOrEqual(f.series[2]!.y[i]! + 1e-6);
      expect(f.formulas).toHaveLength(2);
      // One loss under several settings: the legend names the settings, the title the loss.
      const sweep = explorer([0, 2].map((gamma) => ({ loss: 'focalLoss', params: { gamma } })).concat([{ loss: 'focalLoss', params: {} as { gamma: number } }]));
      expect(sweep.series.map((s) => s.label)).toEqual(['γ = 0', 'γ = 2', 'defaults']);
      expect(sweep.title).toBe(focal);
    });

    describe('every catalog loss: gradient view = finite differences of loss view', () => {
      for (const id of Object.keys(catalog)) {
        it(id, () => {
          // An inner grid, so that x ± h stays in the axis's range (probabilities in [0, 1]), offset
          // so that no point falls within h of a round number, where losses put their kinks.
          const { min, max } = catalog[id]!.axis;
          const h = FINITE_DIFFERENCE.eps;
          const f = explorer([{ loss: id }], { view: 'gradient', points: 97, range: [min + h + 0.00731, max - h - 0.00419] });
          const x = f.series[0]!.x;
          const { fd, kink } = finiteDifferences(id, x, h);
          const checked = x.map((_, i) => i).filter((i) => !kink[i] && Number.isFinite(f.series[0]!.y[i]));
          expect(checked.length).toBeGreaterThan(0.8 * x.length);
          const bad = firstMismatch(checked.map((i) => f.series[0]!.y[i]!), checked.map((i) => fd[i]!), FINITE_DIFFERENCE);
          expect(bad && { x: x[checked[bad.index]!], ...bad }).toBeNull();
        });
      }
    });

    it('leaks no tensors, for values, gradients and errors', () => {
      explorer([{ loss: 'huberLoss' }]);
      const before = tf.memory().numTensors;
      for (const id of Object.keys(catalog)) {
        explorer([{ loss: id }]);
        explorer([{ loss: id }], { view: 'gradient' });
      }
      expect(() => explorer([{ loss: 'huberLoss', params: { delta: -1 } }])).toThrow(LossInputError);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('names unknown ids, parameters and bad values in a LossInputError', () => {
      expect(() => explorer([{ loss: 'mseLoss' }, { loss: 'focalLos' }])).toThrow(/explorerFigure: curves\[1\]\.loss must be a loss of the catalog \(.*mseLoss.*\), but got "focalLos"/);
      expect(() => explorer([{ loss: 'focalLos' }])).toThrow(/\(did you mean 'focalLoss'\? l1Loss, /);
      expect(() => explorer([{ loss: 'somethingElse' }])).toThrow(/must be a loss of the catalog \(l1Loss, /);
      expect(() => explorer([{ loss: 'huberLoss', params: { dleta: 1 } }])).toThrow(/huberLoss: curves\[0\]\.params\.dleta must be a parameter of huberLoss \(delta\), but got 'dleta'/);
      expect(() => explorer([{ loss: 'huberLoss', params: { delta: '1' as unknown as number } }])).toThrow(/params\.delta must be a finite number, but got "1"/);
      expect(() => explorer([{ loss: 'mseLoss', params: { delta: 1 } }])).toThrow(/mseLoss \(it has none\)/);
      expect(() => explorer([{ loss: 'huberLoss', params: { delta: -1 } }])).toThrow(/huberLoss: options\.delta must be > 0, but got -1/);
      expect(() => explorer([{ loss: 'mseLoss' }], { range: [2, 1] })).toThrow(/range must be two finite numbers \[min, max\] with min < max/);
      expect(() => explorer([{ loss: 'mseLoss' }], { points: 1 })).toThrow(/points must be an integer from 2/);
      expect(() => explorer([])).toThrow(LossInputError);
      expect(() => explorer([{ loss: 'mseLoss' }, { loss: 'crossEntropy' }])).toThrow(/losses on one natural axis \(mseLoss is on residual\), but got crossEntropy on pt/);
    });

    it('keeps non-finite values as NaN gaps, never ±Infinity', () => {
      const f = explorer([{ loss: 'mseLoss' }], { range: [-1e30, 1e30], points: 3 });
      expect(f.series[0]!.y[0]).toBeNaN();
      expect(f.series[0]!.y[1]).toBe(0);
    });
  });
}
