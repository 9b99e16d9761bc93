/**
 * Classification behaviour the torch fixtures cannot state: losslab's 0 where torch gives NaN (all
 * targets ignored), finite gradients where torch's are inf·0, identities between losses, output
 * shapes, accepted input forms, and the catalog descriptors; on every test backend.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as L from 'losslab';
import { tf, catalog, lossIds, type Tensor } from 'losslab';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';
import { FLOAT32, firstMismatch } from '../helpers/tolerance.js';

function values(t: Tensor): number[] {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

function expectClose(actual: Tensor | number[], expected: number[] | Tensor, what = ''): void {
  const a = Array.isArray(actual) ? actual : values(actual);
  const e = Array.isArray(expected) ? expected : values(expected);
  expect(a.length, what).toBe(e.length);
  expect(firstMismatch(a, e, FLOAT32), what).toBeNull();
}

/** The loss's (unreduced) values and the gradient of their sum. */
function gradOf(f: (x: Tensor) => Tensor, x: number[] | number[][] | number[][][][]): { value: number[]; grad: number[] } {
  const xt = tf.tensor(x as number[]);
  const value = values(f(xt));
  const grad = values(tf.grad((t: Tensor) => tf.sum(f(t)))(xt));
  xt.dispose();
  return { value, grad };
}

const allZero = (v: number[]) => v.every((x) => x === 0);

const allFinite = (v: number[]) => v.every(Number.isFinite);
const logits = [[1.5, -0.3, 0.2], [0.1, 2, -1], [-0.5, 0.4, 0.9]];
const spatial = [[[[0.1, 2], [-1, 0.5]], [[1, -1], [0.3, 0.2]], [[-2, 0.4], [1.2, 0]]]]; // [1, 3, 2, 2]

const CLASSIFICATION_IDS = ['crossEntropy', 'nllLoss', 'binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'hingeLoss', 'squaredHingeLoss', 'multiMarginLoss', 'sigmoidFocalLoss', 'focalLoss', 'polyLoss', 'diceLoss'];

for (const backend of requestedBackends()) {
  describe(`classification edge cases on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });

    it('every target ignored: mean 0 (torch: NaN), sum 0, none all zeros, zero gradient', () => {
      const ignored = [-100, -100, -100];
      const calls: [string, (x: Tensor, r: 'mean' | 'sum' | 'none') => Tensor][] = [
        ['crossEntropy', (x, r) => L.crossEntropy(x, ignored, { reduction: r })],
        ['crossEntropy weight+smoothing', (x, r) => L.crossEntropy(x, ignored, { weight: [1, 2, 3], labelSmoothing: 0.2, reduction: r })],
        ['nllLoss', (x, r) => L.nllLoss(x, ignored, { weight: [1, 2, 3], reduction: r })],
        ['focalLoss', (x, r) => L.focalLoss(x, ignored, { alpha: [0.2, 0.3, 0.5], reduction: r })],
        ['polyLoss', (x, r) => L.polyLoss(x, ignored, { epsilon: [1, 2], reduction: r })],
      ];
      for (const [name, f] of calls) {
        for (const r of ['mean', 'sum', 'none'] as const) {
          const { value, grad } = gradOf((x) => f(x, r), logits);
          expect(value.length, `${name} ${r}`).toBe(r === 'none' ? 3 : 1);
          expect(allZero(value), `${name} ${r}`).toBe(true);
          expect(allZero(grad), `${name} ${r} gradient`).toBe(true);
        }
        const none = f(tf.tensor2d(logits), 'none');
        expect(none.shape, name).toEqual([3]);
        none.dispose();
      }
      // Spatial, with a custom ignoreIndex.
      const t = [[[7, 7], [7, 7]]];
      expect(values(L.crossEntropy(spatial, t, { ignoreIndex: 7 }))).toEqual([0]);
      expect(values(L.focalLoss(spatial, t, { ignoreIndex: 7 }))).toEqual([0]);
    });

    it('kept class weights summing to 0 give 0, not 0/0', () => {
      const { value, grad } = gradOf((x) => L.crossEntropy(x, [0, 0, 0], { weight: [0, 1, 1] }), logits);
      expect(allZero(value)).toBe(true);
      expect(allFinite(grad)).toBe(true);
    });

    it('ignored positions do not count: mean over kept targets equals the mean of the kept rows alone', () => {
      const kept = L.crossEntropy(logits.slice(0, 2), [2, 0], { weight: [1, 2, 3], labelSmoothing: 0.1 });
      expectClose(L.crossEntropy(logits, [2, 0, -100], { weight: [1, 2, 3], labelSmoothing: 0.1 }), kept);
      expectClose(L.focalLoss(logits, [2, 0, -100]), L.focalLoss(logits.slice(0, 2), [2, 0]));
      expectClose(L.polyLoss(logits, [2, 0, -100]), L.polyLoss(logits.slice(0, 2), [2, 0]));
    });

    it('logits of ±1e4: finite values and gradients, also where torch has inf·0 (γ < 1)', () => {
      const sat = [[1e4, -1e4, 0], [-1e4, 1e4, 0], [0, 0, 1e4]];
      const target = [0, 0, 2];
      for (const gamma of [0.25, 0.5, 0.9]) {
        const { value, grad } = gradOf((x) => L.focalLoss(x, target, { gamma, reduction: 'none' }), sat);
        expect(allFinite(value) && allFinite(grad), `focal γ=${gamma}`).toBe(true);
        // Rows 0 and 2 are certain and right: no loss and no gradient. Row 1 is certain and wrong.
        expect(allZero([value[0]!, value[2]!])).toBe(true);
        expect(value[1]).toBeCloseTo(2e4, -1);
        expect(allZero(grad.slice(0, 3))).toBe(true);
        const s = gradOf((x) => L.sigmoidFocalLoss(x, [1, 0, 0, 1], { gamma, reduction: 'none' }), [1e4, -1e4, 1e4, -1e4]);
        expect(allFinite(s.value) && allFinite(s.grad), `sigmoid focal γ=${gamma}`).toBe(true);
        expect(allZero(s.value.slice(0, 2))).toBe(true);
        expect(allZero(s.grad.slice(0, 2))).toBe(true);
      }
      for (const f of [
        (x: Tensor) => L.crossEntropy(x, target),
        (x: Tensor) => L.polyLoss(x, target, { epsilon: [1, -1, 0.5] }),
        (x: Tensor) => L.multiMarginLoss(x, target, { p: 2 }),
        (x: Tensor) => L.binaryCrossEntropyWithLogits(x, [[1, 0, 1], [0, 1, 0], [1, 1, 1]], { posWeight: [3, 1, 2] }),
      ]) {
        const { value, grad } = gradOf(f, sat);
        expect(allFinite(value) && allFinite(grad)).toBe(true);
      }
    });

    it('binaryCrossEntropy at probabilities 0 and 1: the clamp at 100 and torch\'s finite gradient', () => {
      const { value, grad } = gradOf((x) => L.binaryCrossEntropy(x, [1, 0, 1, 0], { reduction: 'none' }), [0, 1, 1, 0]);
      expectClose(value, [100, 100, 0, 0]);
      // (p − y) / max(p(1 − p), 1e-12): ∓1e12 where wrong, 0 where right.
      expectClose(grad, [-1e12, 1e12, 0, 0]);
    });

    it('identities: focal γ=0 is cross-entropy, Poly ε=0 is cross-entropy, sigmoid focal γ=0 α<0 is BCE with logits', () => {
      const t = [2, 0, 1];
      const ce = values(L.crossEntropy(logits, t, { reduction: 'none' }));
      expectClose(L.focalLoss(logits, t, { gamma: 0, reduction: 'none' }), ce);
      expectClose(L.polyLoss(logits, t, { epsilon: 0, reduction: 'none' }), ce);
      expectClose(L.polyLoss(logits, t, { epsilon: [0, 0, 0], reduction: 'none' }), ce);
      expectClose(L.nllLoss(tf.logSoftmax(tf.tensor2d(logits)), t, { reduction: 'none' }), ce);
      const y = [[1, 0, 1], [0, 0, 1], [1, 1, 0]];
      expectClose(L.sigmoidFocalLoss(logits, y, { gamma: 0, alpha: -1 }), L.binaryCrossEntropyWithLogits(logits, y));
      // A scalar focal α scales the loss; BCE with logits agrees with BCE on sigmoid probabilities.
      expectClose(L.focalLoss(logits, t, { alpha: 0.25 }), values(L.focalLoss(logits, t)).map((v) => 0.25 * v));
      expectClose(L.binaryCrossEntropyWithLogits(logits, y), L.binaryCrossEntropy(tf.sigmoid(tf.tensor2d(logits)), y));
      // Label smoothing 1 is the uniform target: Σ_c −log p_c / C.
      const uniform = values(tf.neg(tf.mean(tf.logSoftmax(tf.tensor2d(logits)), 1)));
      expectClose(L.crossEntropy(logits, t, { labelSmoothing: 1, reduction: 'none' }), uniform);
    });

    it('hinge labels {0, 1} equal {−1, +1}; tensors, int32 targets and typed arrays equal plain arrays', () => {
      const s = [0.3, -1.2, 2, -0.4];
      expectClose(L.hingeLoss(s, [1, 0, 1, 0]), L.hingeLoss(s, [1, -1, 1, -1]));
      expectClose(L.squaredHingeLoss(s, [1, 1, 1, 1]), L.squaredHingeLoss(s, [1, 1, 1, 1]));
      const plain = values(L.crossEntropy(logits, [2, 0, 1], { weight: [1, 2, 3] }));
      const int32 = tf.tensor1d([2, 0, 1], 'int32');
      const float = tf.tensor1d([2, 0, 1], 'float32');
      const lt = tf.tensor2d(logits);
      expectClose(L.crossEntropy(lt, int32, { weight: tf.tensor1d([1, 2, 3]) }), plain);
      expectClose(L.crossEntropy(lt, float, { weight: [1, 2, 3] }), plain);
      expectClose(L.crossEntropy(logits, new Int32Array([2, 0, 1]), { weight: new Float32Array([1, 2, 3]) }), plain);
      tf.dispose([int32, float, lt]);
      expectClose(L.binaryCrossEntropy(new Float32Array([0.2, 0.9]), new Uint8Array([0, 1])), L.binaryCrossEntropy([0.2, 0.9], [0, 1]));
    });

    it('output shapes: scalars [] unless none; none keeps [N, d1, ...]; unbatched [C] gives []', () => {
      const shape = (t: Tensor) => {
        const s = t.shape;
        t.dispose();
        return s;
      };
      expect(shape(L.crossEntropy(spatial, [[[0, 1], [2, 0]]]))).toEqual([]);
      expect(shape(L.crossEntropy(spatial, [[[0, 1], [2, 0]]], { reduction: 'none' }))).toEqual([1, 2, 2]);
      expect(shape(L.crossEntropy(spatial, tf.softmax(tf.transpose(tf.tensor4d(spatial), [0, 2, 3, 1])).transpose([0, 3, 1, 2]), { reduction: 'none' }))).toEqual([1, 2, 2]);
      expect(shape(L.crossEntropy([0.2, 1, -1], 1, { reduction: 'none' }))).toEqual([]);
      expect(shape(L.focalLoss(spatial, [[[0, 1], [2, 0]]], { reduction: 'none' }))).toEqual([1, 2, 2]);
      expect(shape(L.polyLoss([0.2, 1, -1], 2, { reduction: 'none' }))).toEqual([]);
      expect(shape(L.multiMarginLoss(logits, [0, 1, 2], { reduction: 'none' }))).toEqual([3]);
      expect(shape(L.multiMarginLoss([0.2, 1, -1], 2, { reduction: 'none' }))).toEqual([]);
      expect(shape(L.diceLoss(tf.sigmoid(tf.tensor4d(spatial)), tf.zeros([1, 3, 2, 2]), { reduction: 'none' }))).toEqual([1]);
      expect(shape(L.sigmoidFocalLoss(spatial, tf.ones([1, 3, 2, 2]), { reduction: 'none' }))).toEqual([1, 3, 2, 2]);
      expect(shape(L.binaryCrossEntropy([[0.5]], [[1]]))).toEqual([]);
      // Unbatched equals a batch of one.
      expectClose(L.crossEntropy([0.2, 1, -1], 2, { labelSmoothing: 0.1 }), L.crossEntropy([[0.2, 1, -1]], [2], { labelSmoothing: 0.1 }));
    });

    it('one class: cross-entropy, focal and poly are 0 with a zero gradient', () => {
      for (const f of [(x: Tensor) => L.crossEntropy(x, [0, 0]), (x: Tensor) => L.focalLoss(x, [0, 0]), (x: Tensor) => L.polyLoss(x, [0, 0])]) {
        const { value, grad } = gradOf(f, [[3], [-2]]);
        expect(allZero(value) && value.length === 1).toBe(true);
        expect(allZero(grad) && grad.length === 2).toBe(true);
      }
    });

    it('dice: an empty target with an empty prediction is a perfect 0; a disjoint pair is ~1', () => {
      expectClose(L.diceLoss([[0, 0, 0]], [[0, 0, 0]]), [0]);
      expectClose(L.diceLoss([[1, 0]], [[0, 1]]), [1]);
      expectClose(L.diceLoss([[1, 0]], [[1, 0]]), [0]);
    });

    it('the catalog lists every classification loss with a curve computed by the loss itself', () => {
      for (const id of CLASSIFICATION_IDS) {
        expect(lossIds()).toContain(id);
        const d = catalog[id]!;
        expect(d.id).toBe(id);
        expect(['classification', 'segmentation']).toContain(d.family);
        expect(d.formula.length).toBeGreaterThan(5);
        expect(d.reference.url).toMatch(/^https:\/\//);
        // The descriptor's defaults are the function's defaults.
        const defaults = Object.fromEntries(d.params.filter((p) => p.default !== null).map((p) => [p.name, p.default as number | boolean]));
        const grid = tf.linspace(d.axis.min + 1e-3, d.axis.max - 1e-3, 9);
        expectClose(d.curve(grid, defaults), d.curve(grid, {}), `${id} defaults`);
        const { value, grad } = tf.valueAndGrad((x: Tensor) => tf.sum(d.curve(x, {})))(grid);
        expect(allFinite(values(value)) && allFinite(values(grad)), `${id} curve finite`).toBe(true);
        expect(d.curve(grid.reshape([3, 3]), {}).shape, id).toEqual([3, 3]);
        grid.dispose();
      }
    });

    it('the curves are the closed forms along their axes', () => {
      const p = [0.05, 0.3, 0.6, 0.9];
      const z = [-2, -0.5, 0.5, 2.5];
      const curve = (id: string, x: number[], params = {}) => values(catalog[id]!.curve(tf.tensor1d(x), params));
      const log = Math.log;
      expectClose(curve('crossEntropy', p), p.map((v) => -log(v)));
      expectClose(curve('nllLoss', p), p.map((v) => -log(v)));
      expectClose(curve('focalLoss', p, { gamma: 2 }), p.map((v) => -((1 - v) ** 2) * log(v)));
      expectClose(curve('polyLoss', p, { epsilon: 2 }), p.map((v) => -log(v) + 2 * (1 - v)));
      expectClose(curve('sigmoidFocalLoss', p), p.map((v) => -0.25 * (1 - v) ** 2 * log(v)));
      expectClose(curve('binaryCrossEntropy', p), p.map((v) => -log(v)));
      expectClose(curve('binaryCrossEntropyWithLogits', z, { posWeight: 2 }), z.map((v) => 2 * log(1 + Math.exp(-v))));
      expectClose(curve('hingeLoss', z), z.map((v) => Math.max(0, 1 - v)));
      expectClose(curve('squaredHingeLoss', z), z.map((v) => Math.max(0, 1 - v) ** 2));
      expectClose(curve('multiMarginLoss', z, { margin: 1.5, p: 2 }), z.map((v) => Math.max(0, 1.5 - v) ** 2 / 2));
      expectClose(curve('diceLoss', p, { smooth: 0.5 }), p.map((v) => 1 - (2 * v + 0.5) / (v * v + 1 + 0.5)));
    });
  });
}
