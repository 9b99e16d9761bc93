// Landscape figure data: the grid, values against the loss functions and closed forms for each
// family's two variables, the minimum, every catalog loss, errors and leaks.
import { describe, it, expect, beforeAll } from 'vitest';
import { tf, catalog, huberLoss, LossInputError, type LossDescriptor } from 'losslab';
import { landscapeFigure, landscapeSpec, LANDSCAPE_POINTS } from 'losslab/viz';
import type { LandscapePayload } from 'losslab/mime';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';
import { FLOAT32, firstMismatch } from '../helpers/tolerance.js';

const land = (loss: string, rest: Partial<LandscapePayload> = {}) => landscapeFigure({ version: 1, widget: 'landscape', loss, ...rest });
const grid = (f: { x: number[]; y: number[] }, g: (x: number, y: number) => number) => f.y.flatMap((y) => f.x.map((x) => g(x, y)));

for (const backend of requestedBackends()) {
  describe(`landscapeFigure on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });

    it('regression: prediction × target, z[i][j] = ℓ(x_j, y_i), minimum on the diagonal', () => {
      const f = land('huberLoss', { params: { delta: 0.7 }, points: 13 });
      expect(f.x).toHaveLength(13);
      expect(f.z).toHaveLength(13);
      expect(f.z.every((r) => r.length === 13)).toBe(true);
      const direct = tf.tidy(() => Array.from(huberLoss(grid(f, (x) => x), grid(f, (_, y) => y), { delta: 0.7, reduction: 'none' }).dataSync()));
      expect(firstMismatch(f.z.flat(), direct, FLOAT32)).toBeNull();
      expect(f.minimum.z).toBe(0);
      expect(f.minimum.x).toBe(f.minimum.y);
      expect(f.xLabel).toBe('prediction x');
      expect(f.yLabel).toBe('target y');
    });

    it('class-index losses: the two logits of a 2-class problem with target 0, ℓ = log(1 + e^(z₁ − z₀)) for cross-entropy', () => {
      const f = land('crossEntropy', { points: 9 });
      expect(firstMismatch(f.z.flat(), grid(f, (z0, z1) => Math.log1p(Math.exp(z1 - z0))), FLOAT32)).toBeNull();
      // Focal: (1 − p)^γ · CE with p = σ(z₀ − z₁).
      const g = land('focalLoss', { points: 9, params: { gamma: 2 } });
      const focal = (z0: number, z1: number) => {
        const p = 1 / (1 + Math.exp(z1 - z0));
        return (1 - p) ** 2 * -Math.log(p);
      };
      expect(firstMismatch(g.z.flat(), grid(g, focal), FLOAT32)).toBeNull();
      expect(g.minimum).toEqual({ x: 4, y: -4, z: g.z[0]![8]! });
    });

    it('binary, hinge, Dice, ranking and embedding losses have their own two variables', () => {
      const bce = land('binaryCrossEntropyWithLogits', { points: 7 });
      const softplus = (v: number) => Math.log1p(Math.exp(-Math.abs(v))) + Math.max(v, 0);
      expect(firstMismatch(bce.z.flat(), grid(bce, (z, t) => softplus(z) - t * z), FLOAT32)).toBeNull();
      const hinge = land('hingeLoss', { points: 7 });
      expect(firstMismatch(hinge.z.flat(), grid(hinge, (sp, sn) => (Math.max(0, 1 - sp) + Math.max(0, 1 + sn)) / 2), FLOAT32)).toBeNull();
      const rank = land('marginRankingLoss', { points: 7, params: { margin: 0.5 } });
      expect(firstMismatch(rank.z.flat(), grid(rank, (x1, x2) => Math.max(0, -(x1 - x2) + 0.5)), FLOAT32)).toBeNull();
      const triplet = land('tripletMarginLoss', { points: 7 });
      expect(firstMismatch(triplet.z.flat(), grid(triplet, (dp, dn) => Math.max(0, dp + 1e-6 - (dn + 1e-6) + 1)), FLOAT32)).toBeNull();
      const nce = land('infoNCE', { points: 7, params: { temperature: 0.5 } });
      expect(firstMismatch(nce.z.flat(), grid(nce, (cp, cn) => Math.log1p(Math.exp((cn - cp) / 0.5))), FLOAT32)).toBeNull();
      const dice = land('diceLoss', { points: 5 });
      expect(firstMismatch(dice.z.flat(), grid(dice, (p1, p0) => 1 - (2 * p1 + 1e-6) / (p1 * p1 + p0 * p0 + 1 + 1e-6)), FLOAT32)).toBeNull();
    });

    it('other losses: the natural axis × their first numeric parameter, by the descriptor\'s curve', () => {
      const huber = catalog['huberLoss']!;
      const fake: LossDescriptor = { ...huber, id: 'huberLoss', family: 'ranking' };
      const spec = landscapeSpec(fake);
      expect(spec.y.min).toBe(huber.params[0]!.range!.min);
      const xs = [-2, -0.5, 0.3, 2];
      const ys = [0.5, 0.5, 1.5, 1.5];
      const z = tf.tidy(() => Array.from(spec.surface(tf.tensor1d(xs), tf.tensor1d(ys), {}).dataSync()));
      const h = (r: number, d: number) => (Math.abs(r) < d ? 0.5 * r * r : d * (Math.abs(r) - 0.5 * d));
      expect(firstMismatch(z, xs.map((x, k) => h(x, ys[k]!)), FLOAT32)).toBeNull();
      // A descriptor's own landscape wins over every rule.
      const own = { ...huber, landscape: { ...spec, description: 'own' } };
      expect(landscapeSpec(own).description).toBe('own');
      expect(() => landscapeSpec({ ...catalog['mseLoss']!, family: 'ranking' })).toThrow(/landscapeFigure: loss must be a loss with a landscape/);
      // GE2E's curve is one loss call per point (centroids couple a batch): a coarser default grid.
      expect(landscapeSpec(catalog['ge2eLoss']!).points).toBe(21);
      expect(spec.points).toBeUndefined();
    });

    describe('every catalog loss has a landscape with finite values', () => {
      for (const id of Object.keys(catalog)) {
        it(id, () => {
          const f = land(id, { points: 11 });
          expect(f.z.flat().filter(Number.isFinite).length).toBeGreaterThan(0.9 * 121);
          expect(Number.isFinite(f.minimum.z)).toBe(true);
          expect(f.description.length).toBeGreaterThan(10);
        });
      }
    });

    it('uses the payload\'s ranges and the default point count; leaks nothing; names errors', () => {
      land('mseLoss');
      const before = tf.memory().numTensors;
      const f = land('mseLoss', { x: { min: 0, max: 1 }, y: { min: -1, max: 0 } });
      expect(f.x).toHaveLength(LANDSCAPE_POINTS);
      expect([f.x[0], f.x[f.x.length - 1], f.y[0], f.y[f.y.length - 1]]).toEqual([0, 1, -1, 0]);
      for (const id of Object.keys(catalog)) land(id, { points: 5 });
      expect(() => land('huberLoss', { params: { delta: 0 } })).toThrow(/huberLoss: options\.delta must be > 0/);
      expect(tf.memory().numTensors).toBe(before);
      expect(() => land('nope')).toThrow(/landscapeFigure: loss must be a loss of the catalog/);
      expect(() => land('mseLoss', { x: { min: 1, max: 0 } })).toThrow(/landscapeFigure: x must be two finite numbers/);
      expect(() => land('mseLoss', { points: 1000 })).toThrow(/landscapeFigure: points must be an integer from 2 to 400/);
      expect(() => land('huberLoss', { params: { gamma: 1 } })).toThrow(LossInputError);
    });
  });
}
