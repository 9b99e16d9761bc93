/**
 * What the parity suite does not cover for the embedding, ranking and verification losses: their
 * catalog entries (curves equal to the closed form of the documented slice, with the right
 * gradient), tensor hygiene (no leaks, forward and backward), the documented equivalences, and
 * trainable GE2E parameters. Runs on every test backend.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import {
  tf, catalog, describeLoss, marginRankingLoss, tripletMarginLoss, contrastiveLoss, infoNCE, multipleNegativesRankingLoss,
  arcFaceLoss, arcFaceLogits, ge2eLoss, pairwiseDistance, cosineSimilarity, type Tensor, type ParamValues,
} from 'losslab';
import * as losslab from 'losslab';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';

const softplus = (z: number) => (z > 30 ? z : Math.log1p(Math.exp(z)));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The arcFace target logit before scaling, insightface's formula. */
function arcTarget(c: number, m: number): number {
  return c > Math.cos(Math.PI - m) ? c * Math.cos(m) - Math.sqrt(1 - c * c) * Math.sin(m) : c - m * Math.sin(m);
}

/** Each curve's documented slice in closed form (default parameters), in float64. */
const closedForms: Record<string, (x: number, p: ParamValues) => number> = {
  marginRankingLoss: (x, p) => Math.max(0, (p['margin'] as number) - x),
  tripletMarginLoss: (x, p) => Math.max(0, (p['margin'] as number) + x - 1),
  contrastiveLoss: (x, p) => 0.5 * Math.max(0, (p['margin'] as number) - (x + 1e-6)) ** 2,
  infoNCE: (x, p) => softplus(-x / (p['temperature'] as number)),
  multipleNegativesRankingLoss: (x, p) => softplus(-(p['scale'] as number) * x),
  arcFaceLoss: (x, p) => softplus(-(p['scale'] as number) * arcTarget(x, p['margin'] as number)),
  ge2eLoss: (x, p) => (p['method'] === 'contrast'
    ? 1 - sigmoid((p['w'] as number) * x + (p['b'] as number)) + sigmoid(p['b'] as number)
    : softplus(-(p['w'] as number) * x)),
};

const IDS = ['marginRankingLoss', 'tripletMarginLoss', 'contrastiveLoss', 'infoNCE', 'multipleNegativesRankingLoss', 'arcFaceLoss', 'ge2eLoss'];
const embeddingCatalog = IDS.map((id) => describeLoss(id));

function defaults(id: string): ParamValues {
  const out: ParamValues = {};
  for (const spec of describeLoss(id).params) if (spec.default !== null) out[spec.name] = spec.default;
  return out;
}

/** 40 points strictly inside the axis (no point on a kink at a round number). */
function grid(min: number, max: number): number[] {
  return Array.from({ length: 40 }, (_, i) => min + ((i + 0.5) * (max - min)) / 40);
}

function rand(shape: number[], seed: number): Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

for (const backend of requestedBackends()) {
  describe(`embedding losses on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });

    it('lists every loss in the catalog with a known family and an exported function', () => {
      for (const d of embeddingCatalog) {
        expect(catalog[d.id]).toBe(d);
        expect(typeof (losslab as Record<string, unknown>)[d.id]).toBe('function');
        expect(['ranking', 'embedding', 'verification']).toContain(d.family);
        expect(d.reductions).toEqual(['mean', 'sum', 'none']);
        expect(d.notes.length).toBeGreaterThan(0);
      }
    });

    for (const d of embeddingCatalog) {
      for (const variant of d.id === 'ge2eLoss' ? ['softmax', 'contrast'] : ['default']) {
        it(`${d.id} curve (${variant}) is the closed form of its slice, with its derivative, and leaks nothing`, () => {
          const params = { ...defaults(d.id), ...(variant === 'contrast' ? { method: 'contrast' } : {}) };
          const xs = grid(d.axis.min, d.axis.max);
          const before = tf.memory().numTensors;
          const [values, grads] = tf.tidy(() => {
            const x = tf.tensor1d(xs);
            const y = d.curve(x, params);
            const g = tf.grad((t: Tensor) => tf.sum(d.curve(t, params)))(x);
            return [Array.from(y.dataSync()), Array.from(g.dataSync())];
          });
          expect(tf.memory().numTensors).toBe(before);
          const f = closedForms[d.id]!;
          xs.forEach((x, i) => {
            const h = 1e-5;
            const slope = (f(x + h, params) - f(x - h, params)) / (2 * h);
            expect(Math.abs(values[i]! - f(x, params)), `${d.id} value at ${x}`).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(f(x, params)));
            expect(Math.abs(grads[i]! - slope), `${d.id} slope at ${x}: ${grads[i]} vs ${slope}`).toBeLessThanOrEqual(2e-3 * (1 + Math.abs(slope)));
          });
        });
      }
    }

    it('leaks no tensor, forward or backward, for any loss', () => {
      const a = rand([5, 4], 1);
      const p = rand([5, 4], 2);
      const n = rand([5, 4], 3);
      const speakers = rand([3, 2, 4], 4);
      const w = rand([4, 6], 5);
      const y = tf.tensor2d([1, -1, 1, 1, -1, -1, 1, 1, 1, -1, -1, -1, 1, -1, 1, 1, 1, 1, -1, -1], [5, 4]);
      const labels = tf.tensor1d([0, 1, 1, 0, 1]);
      const classes = tf.tensor1d([0, 5, 2, 2, 1], 'int32');
      const wT = tf.scalar(3);
      const bT = tf.scalar(-1);
      const calls: Array<[string, Tensor[], (...xs: Tensor[]) => Tensor]> = [
        ['marginRankingLoss', [a, p], (u, v) => marginRankingLoss(u!, v!, y, { margin: 0.2 })],
        ['tripletMarginLoss', [a, p, n], (u, v, t) => tripletMarginLoss(u!, v!, t!, { swap: true })],
        ['contrastiveLoss', [a, p], (u, v) => contrastiveLoss(u!, v!, labels, { distance: 'cosine' })],
        ['infoNCE', [a, p, n], (u, v, t) => infoNCE(u!, v!, { negativeKeys: t! })],
        ['multipleNegativesRankingLoss', [a, p, n], (u, v, t) => multipleNegativesRankingLoss(u!, v!, { negatives: t!, symmetric: true })],
        ['arcFaceLoss', [a, w], (u, v) => arcFaceLoss(u!, classes, v!)],
        ['ge2eLoss/softmax', [speakers, wT, bT], (e, s, o) => ge2eLoss(e!, { w: s!, b: o! })],
        ['ge2eLoss/contrast', [speakers, wT, bT], (e, s, o) => ge2eLoss(e!, { w: s!, b: o!, method: 'contrast' })],
        ['pairwiseDistance', [a, p], (u, v) => pairwiseDistance(u!, v!)],
        ['cosineSimilarity', [a, p], (u, v) => cosineSimilarity(u!, v!)],
      ];
      for (const [name, inputs, fn] of calls) {
        const before = tf.memory().numTensors;
        const value = fn(...inputs);
        expect(tf.memory().numTensors, `${name} forward`).toBe(before + 1);
        value.dispose();
        const grads = tf.grads((...xs: Tensor[]) => tf.sum(fn(...xs)))(inputs);
        expect(grads.every((g) => Array.from(g.dataSync()).every(Number.isFinite)), `${name} gradients finite`).toBe(true);
        tf.dispose(grads);
        expect(tf.memory().numTensors, `${name} backward`).toBe(before);
      }
      tf.dispose([a, p, n, speakers, w, y, labels, classes, wT, bT]);
    });

    it('accepts plain arrays as well as tensors', () => {
      const value = tf.tidy(() => tripletMarginLoss([[0, 0], [1, 1]], [[0, 1], [1, 2]], [[3, 0], [1, 1.5]], { reduction: 'none' }).arraySync() as number[]);
      // d(a,p) = 1 (+eps), d(a,n) = 3 and 0.5: max(0, 1 + 1 − 3) = 0 and max(0, 1 + 1 − 0.5) = 1.5.
      expect(value[0]).toBeCloseTo(0, 5);
      expect(value[1]).toBeCloseTo(1.5, 5);
    });

    it('multipleNegativesRankingLoss without hard negatives equals infoNCE at temperature 1 / scale', () => {
      tf.tidy(() => {
        const a = rand([6, 5], 11);
        const p = rand([6, 5], 12);
        const f = (u: Tensor, v: Tensor) => multipleNegativesRankingLoss(u, v, { scale: 20, reduction: 'none' });
        const g = (u: Tensor, v: Tensor) => infoNCE(u, v, { temperature: 1 / 20, reduction: 'none' });
        const expected = Array.from(g(a, p).dataSync());
        Array.from(f(a, p).dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
        const [ga, gp] = tf.grads((u: Tensor, v: Tensor) => tf.sum(f(u, v)))([a, p]);
        const [ha, hp] = tf.grads((u: Tensor, v: Tensor) => tf.sum(g(u, v)))([a, p]);
        expect(tf.max(tf.abs(tf.sub(ga!, ha!))).dataSync()[0]).toBeLessThan(1e-5);
        expect(tf.max(tf.abs(tf.sub(gp!, hp!))).dataSync()[0]).toBeLessThan(1e-5);
      });
    });

    it('arcFaceLogits applies the margin to the target only, with the fallback past π − m', () => {
      const z = tf.tidy(() => arcFaceLogits([[0.5, 0.2], [-0.95, 0.1], [0.3, 1]], [0, 0, 1], { scale: 64, margin: 0.5 }).arraySync() as number[][]);
      expect(z[0]![0]).toBeCloseTo(64 * Math.cos(Math.acos(0.5) + 0.5), 3);
      expect(z[0]![1]).toBeCloseTo(64 * 0.2, 4);
      expect(z[1]![0]).toBeCloseTo(64 * (-0.95 - 0.5 * Math.sin(0.5)), 3);
      expect(z[1]![1]).toBeCloseTo(64 * 0.1, 4);
      expect(z[2]![1]).toBeCloseTo(64 * Math.cos(0.5), 3);
    });

    it('arcFaceLoss has a finite gradient when an embedding lies exactly on its class centre', () => {
      tf.tidy(() => {
        const w = rand([4, 3], 21);
        const x = tf.transpose(w);
        const [gx, gw] = tf.grads((u: Tensor, v: Tensor) => arcFaceLoss(u, [0, 1, 2], v))([x, w]);
        expect(Array.from(gx!.dataSync()).every(Number.isFinite)).toBe(true);
        expect(Array.from(gw!.dataSync()).every(Number.isFinite)).toBe(true);
      });
    });

    it('distances: zero distance has the finite torch gradient, a zero vector has cosine 0', () => {
      tf.tidy(() => {
        const a = tf.tensor2d([[1, 2, 3, 4]]);
        const same = tf.clone(a);
        const d = pairwiseDistance(a, same);
        expect(d.dataSync()[0]).toBeCloseTo(2e-6, 8);
        // ‖a − a + ε‖ = ε·√4; the gradient is (a − a + ε) / that = 1/√4 per component.
        const g = tf.grad((u: Tensor) => tf.sum(pairwiseDistance(u, same)))(a);
        Array.from(g.dataSync()).forEach((v) => expect(v).toBeCloseTo(0.5, 4));
        const zero = tf.zeros([1, 4]);
        expect(cosineSimilarity(zero, a).dataSync()[0]).toBe(0);
        const gz = tf.grad((u: Tensor) => tf.sum(cosineSimilarity(u, a)))(zero);
        expect(Array.from(gz.dataSync()).every(Number.isFinite)).toBe(true);
      });
    });

    it('ge2eLoss trains w and b as variables, and keeps w positive', () => {
      const e = tf.tidy(() => {
        const raw = rand([4, 3, 8], 31);
        return tf.div(raw, tf.norm(raw, 'euclidean', -1, true));
      });
      const w = tf.variable(tf.scalar(10));
      const b = tf.variable(tf.scalar(-5));
      const optimizer = tf.train.sgd(0.5);
      const first = tf.tidy(() => ge2eLoss(e, { w, b }).dataSync()[0]!);
      for (let i = 0; i < 10; i++) optimizer.minimize(() => ge2eLoss(e, { w, b }) as tf.Scalar, false, [w, b]);
      const last = tf.tidy(() => ge2eLoss(e, { w, b }).dataSync()[0]!);
      expect(last).toBeLessThan(first);
      expect(w.dataSync()[0]).not.toBe(10);
      // A w driven below zero acts as 1e-6: the loss stays finite and w gets no gradient.
      const negative = tf.scalar(-2);
      const gw = tf.tidy(() => tf.grad((t: Tensor) => ge2eLoss(e, { w: t, b }))(negative).dataSync()[0]);
      expect(Math.abs(gw!)).toBe(0);
      tf.dispose([e, w, b, negative]);
      optimizer.dispose();
    });
  });
}
