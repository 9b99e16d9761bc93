/**
 * No loss of issue 2 leaves a tensor behind: not on a plain call (every reduction), not under
 * tf.grad, not on the error path, and not in its catalog curve; on every test backend.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as L from 'losslab';
import { tf, catalog, type Tensor } from 'losslab';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';

interface LeakCase {
  id: string;
  /** A valid call with the differentiable input x. */
  call: (x: Tensor, reduction: 'mean' | 'sum' | 'none') => Tensor;
  x: () => Tensor;
  /** A call that must throw (bad target or option), on plain arrays: every tensor is the loss's. */
  bad: () => unknown;
}

const logitsArray = [[1, -2, 0.5], [0.3, 0.2, -1], [2, 1, 0]];
const logits = () => tf.tensor2d(logitsArray);
const spatial = () => tf.tensor4d(Array.from({ length: 24 }, (_, i) => Math.sin(i)), [2, 3, 2, 2]);
const spatialArray = (spatial_: () => Tensor) => { const t = spatial_(); const a = t.arraySync() as number[][][][]; t.dispose(); return a; };
const spatialTarget = [[[0, -100], [2, 1]], [[1, 1], [-100, 0]]];
const probsArray = [[0.2, 0.7], [0.5, 0.9]];
const probs = () => tf.tensor2d(probsArray);
const labels = [[0, 1], [1, 1]];

const cases: LeakCase[] = [
  { id: 'l1Loss', call: (x, r) => L.l1Loss(x, [[0, 1], [1, 0]], { reduction: r }), x: probs, bad: () => L.l1Loss([1], [1, 2]) },
  { id: 'mseLoss', call: (x, r) => L.mseLoss(x, [[0, 1], [1, 0]], { reduction: r }), x: probs, bad: () => L.mseLoss([1], [1], { reduction: 'x' as never }) },
  { id: 'huberLoss', call: (x, r) => L.huberLoss(x, [[0, 1], [1, 0]], { delta: 0.3, reduction: r }), x: probs, bad: () => L.huberLoss([1], [[1]]) },
  { id: 'smoothL1Loss', call: (x, r) => L.smoothL1Loss(x, [[0, 1], [1, 0]], { beta: 0.3, reduction: r }), x: probs, bad: () => L.smoothL1Loss([1], [1], { beta: -1 }) },
  { id: 'crossEntropy', call: (x, r) => L.crossEntropy(x, spatialTarget, { weight: [1, 2, 0.5], labelSmoothing: 0.1, reduction: r }), x: spatial, bad: () => L.crossEntropy(spatialArray(spatial), [[[0, 3], [0, 0]], [[0, 0], [0, 0]]]) },
  { id: 'crossEntropy (probabilities)', call: (x, r) => L.crossEntropy(x, [[1, 0, 0], [0.5, 0.5, 0], [0, 0, 1]], { weight: [1, 2, 3], reduction: r }), x: logits, bad: () => L.crossEntropy(logitsArray, [[2, 0, 0], [0, 1, 0], [0, 0, 1]]) },
  { id: 'nllLoss', call: (x, r) => L.nllLoss(x, [0, 2, -100], { weight: [1, 2, 3], reduction: r }), x: logits, bad: () => L.nllLoss(logitsArray, [0, 1, 2], { weight: [1, 2] }) },
  { id: 'binaryCrossEntropy', call: (x, r) => L.binaryCrossEntropy(x, labels, { weight: [2, 1], reduction: r }), x: probs, bad: () => L.binaryCrossEntropy([0.5, 1.5], [0, 1]) },
  { id: 'binaryCrossEntropyWithLogits', call: (x, r) => L.binaryCrossEntropyWithLogits(x, labels, { posWeight: [2, 1], reduction: r }), x: probs, bad: () => L.binaryCrossEntropyWithLogits(probsArray, labels, { posWeight: [1, 2, 3] }) },
  { id: 'hingeLoss', call: (x, r) => L.hingeLoss(x, labels, { reduction: r }), x: probs, bad: () => L.hingeLoss(probsArray, [[0, 2], [1, 1]]) },
  { id: 'squaredHingeLoss', call: (x, r) => L.squaredHingeLoss(x, [[-1, 1], [1, -1]], { reduction: r }), x: probs, bad: () => L.squaredHingeLoss(probsArray, [[-1, 0], [1, 1]]) },
  { id: 'multiMarginLoss', call: (x, r) => L.multiMarginLoss(x, [0, 2, 1], { p: 2, weight: [1, 2, 3], reduction: r }), x: logits, bad: () => L.multiMarginLoss(logitsArray, [0, 2, 1], { p: 3 }) },
  { id: 'sigmoidFocalLoss', call: (x, r) => L.sigmoidFocalLoss(x, labels, { reduction: r }), x: probs, bad: () => L.sigmoidFocalLoss(probsArray, [[0, 1], [1, 5]]) },
  { id: 'focalLoss', call: (x, r) => L.focalLoss(x, spatialTarget, { alpha: [0.2, 0.3, 0.5], gamma: 0.5, reduction: r }), x: spatial, bad: () => L.focalLoss(spatialArray(spatial), spatialTarget, { alpha: [1, 2] }) },
  { id: 'polyLoss', call: (x, r) => L.polyLoss(x, [0, 2, 1], { epsilon: [1, 2], reduction: r }), x: logits, bad: () => L.polyLoss(logitsArray, [0, 2, 1.5]) },
  { id: 'diceLoss', call: (x, r) => L.diceLoss(x, labels, { reduction: r }), x: probs, bad: () => L.diceLoss(probsArray, labels, { smooth: -1 }) },
];

for (const backend of requestedBackends()) {
  describe(`no tensor leaks on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });

    it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
      const x = c.x();
      const before = tf.memory().numTensors;
      for (const r of ['mean', 'sum', 'none'] as const) {
        c.call(x, r).dispose();
        expect(tf.memory().numTensors, `call, reduction ${r}`).toBe(before);
        const { value, grad } = tf.valueAndGrad((t: Tensor) => tf.sum(c.call(t, r)))(x);
        tf.dispose([value, grad]);
        expect(tf.memory().numTensors, `valueAndGrad, reduction ${r}`).toBe(before);
      }
      expect(() => c.bad()).toThrow(L.LossInputError);
      expect(tf.memory().numTensors, 'error path').toBe(before);
      x.dispose();
    });

    const curveLeaks = (ids: string[]) => () => {
      const x = tf.linspace(0.05, 0.95, 7);
      const before = tf.memory().numTensors;
      for (const id of ids) {
        const d = catalog[id]!;
        d.curve(x, {}).dispose();
        tf.grad((t: Tensor) => tf.sum(d.curve(t, {})))(x).dispose();
        expect(tf.memory().numTensors, id).toBe(before);
      }
      x.dispose();
    };
    it('every classification catalog curve (and its gradient) frees its tensors', curveLeaks(L.classificationCatalog.map((d) => d.id)));
    it('every regression catalog curve frees its tensors', curveLeaks(['l1Loss', 'mseLoss', 'huberLoss', 'smoothL1Loss']));
  });
}
