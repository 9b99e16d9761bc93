/**
 * The finite-difference gradient checker (src/check/gradcheck.ts): that it finds wrong gradients
 * and passes right ones, and then the gradient of every loss against central differences, on
 * every test backend.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as L from 'losslab';
import { tf, gradCheck, numericGradient, formatGradCheck, LossInputError, type Tensor } from 'losslab';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';
import { FINITE_DIFFERENCE } from '../helpers/tolerance.js';
import { classes, rng, uniform } from '../helpers/random.js';

const { eps, rtol, atol } = FINITE_DIFFERENCE;

/** A function whose gradient is deliberately wrong by `factor`: value x², gradient factor·2x. */
function wrongSquare(factor: number) {
  return (x: Tensor) =>
    (
      tf.customGrad(((t: Tensor, save: tf.GradSaveFunc) => {
        save([t]);
        return { value: tf.sum(tf.square(t)), gradFunc: (dy: Tensor, s: Tensor[]) => tf.mul(dy, tf.mul(2 * factor, s[0]!)) };
      }) as unknown as Parameters<typeof tf.customGrad>[0])(x) as Tensor
    );
}

describe('numericGradient and gradCheck', () => {
  beforeAll(async () => {
    await useTestBackend('cpu');
  });

  it('numericGradient approximates d/dx Σ x³ = 3x² by central differences', () => {
    const x = [[0.5, -1.25], [2, 0.1]];
    const g = numericGradient((t) => tf.pow(t, 3), x);
    expect(g.shape).toEqual([2, 2]);
    const expected = x.flat().map((v) => 3 * v * v);
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 3));
    g.dispose();
  });

  it('numericGradient honours eps: the O(eps²) truncation error of a cubic is eps² exactly', () => {
    // (f(x+h) − f(x−h)) / 2h = 3x² + h² for f = x³.
    const g = numericGradient((t) => tf.pow(t, 3), [1], { eps: 0.1 });
    expect(g.dataSync()[0]).toBeCloseTo(3.01, 4);
    g.dispose();
  });

  it('gradCheck passes a correct gradient and reports small errors', () => {
    const report = gradCheck((a, b) => tf.sum(tf.mul(tf.sin(a), b)), [[0.3, -0.7, 1.1], [2, -1, 0.5]]);
    expect(report.pass).toBe(true);
    expect(report.inputs.map((r) => r.index)).toEqual([0, 1]);
    expect(report.maxAbsError).toBeLessThan(1e-3);
    expect(report.inputs[0]!.shape).toEqual([3]);
    expect(formatGradCheck(report)).toMatch(/^gradCheck passed/);
  });

  it('gradCheck fails a gradient that is 10% off, naming the worst element with both values', () => {
    const report = gradCheck(wrongSquare(1.1), [[[1, -2], [3, 0.5]]]);
    expect(report.pass).toBe(false);
    const r = report.inputs[0]!;
    expect(r.pass).toBe(false);
    // Worst at x = 3: analytic 6.6, numeric 6.
    expect(r.worst!.position).toEqual([1, 0]);
    expect(r.worst!.analytic).toBeCloseTo(6.6, 4);
    expect(r.worst!.numeric).toBeCloseTo(6, 2);
    expect(r.maxRelError).toBeCloseTo(0.1 / 1.1, 2);
    expect(formatGradCheck(report)).toContain('FAILED');
  });

  it('gradCheck catches a gradient off by 2% at its default tolerance but not one off by 0.1%', () => {
    expect(gradCheck(wrongSquare(1.02), [[1, 2, 3]]).pass).toBe(false);
    expect(gradCheck(wrongSquare(1.001), [[1, 2, 3]]).pass).toBe(true);
  });

  it('gradCheck reports a NaN gradient as a failure with infinite error', () => {
    const report = gradCheck((x) => tf.sqrt(x), [[0, 1]]);
    expect(report.pass).toBe(false);
    expect(report.maxAbsError).toBe(Infinity);
  });

  it('gradCheck checks only the inputs in wrt, and leaves the inputs as they were', () => {
    const logits = tf.tensor2d([[1, 2, 0.5], [0.1, -1, 2]]);
    const target = tf.tensor1d([2, 0], 'int32');
    const values = Array.from(logits.dataSync());
    const before = tf.memory().numTensors;
    const report = gradCheck((x, y) => L.crossEntropy(x, y), [logits, target], { wrt: [0] });
    expect(report.pass).toBe(true);
    expect(report.inputs).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(before);
    expect(logits.isDisposed).toBe(false);
    expect(Array.from(logits.dataSync())).toEqual(values);
    tf.dispose([logits, target]);
  });

  it('neither function leaks tensors, also when f throws', () => {
    const before = tf.memory().numTensors;
    numericGradient((t) => tf.square(t), [1, 2]).dispose();
    gradCheck((a) => tf.square(a), [[1, 2]]);
    expect(() => gradCheck((a) => L.binaryCrossEntropy(a, [1, 1]), [[0.5, 2]])).toThrow(LossInputError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad arguments with a LossInputError naming the argument', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => numericGradient((t) => t, [1], { eps: 0 }), 'options.eps', /> 0/],
      [() => numericGradient('f' as never, [1]), 'f', /function/],
      [() => numericGradient((t) => t, 'x' as never), 'x', /array of numbers/],
      [() => gradCheck((t) => t, [[1]], { rtol: -1 }), 'options.rtol', />= 0/],
      [() => gradCheck((t) => t, []), 'inputs', /non-empty/],
      [() => gradCheck((t) => t, [[1]], { wrt: [1] }), 'options.wrt', /input indices in \[0, 0\]/],
      [() => gradCheck((t) => t, [[1]], { wrt: [0, 0] }), 'options.wrt', /distinct/],
      [() => gradCheck((x, y) => L.crossEntropy(x, y), [[[1, 2]], [1]]), 'options.wrt', /differentiably/],
      [() => gradCheck(() => 3 as never, [[1]]), 'f', /returning a tf.Tensor/],
      [() => gradCheck((t) => t, [[1]], { epsilon: 1 } as never), 'options.epsilon', /known options/],
    ];
    for (const [call, argument, expected] of cases) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(error, argument).toBeInstanceOf(LossInputError);
      expect((error as LossInputError).argument).toBe(argument);
      expect((error as LossInputError).message).toMatch(expected);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Every loss against central differences. Inputs stay away from kinks (hinges, |x − y| = δ) and
// domain edges (probabilities within [0.05, 0.95]) by more than eps.

interface FdCase {
  name: string;
  f: (x: Tensor) => Tensor;
  x: unknown;
}

function fdCases(): FdCase[] {
  const r = rng(20240611);
  const logits = uniform(r, [4, 3], -2, 2);
  const target = classes(r, [4], 3) as number[];
  const spatial = uniform(r, [2, 3, 2, 2], -2, 2);
  const spatialTarget = [[[0, -100], [2, 1]], [[1, 1], [-100, 0]]];
  const probs = uniform(r, [3, 4], 0.05, 0.95);
  const soft = uniform(r, [3, 4], 0, 1);
  const labels = [[1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 0, 0]];
  const probTargets = [[0.2, 0.5, 0.3], [1, 0, 0], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]];
  // Scores with |1 − t·s| >= 0.2 for t = ±1, and multi-margin gaps away from the margin.
  const scores = [[0.3, -0.4, 1.5, -2], [0.7, 1.3, -0.6, 0.2]];
  const pm = [[1, -1, 1, -1], [-1, 1, 1, -1]];
  const mmScores = [[0.3, 1.6, -0.9], [2.2, -0.5, 0.75], [0.1, 0.15, 1.4]];
  const mmTarget = [1, 0, 2];
  const regX = [[0.3, -1.7, 2.4], [0.05, 1.2, -0.6]];
  const regY = [[0, 0, 0.1], [-0.5, 0.4, 0.3]];
  return [
    { name: 'crossEntropy', f: (x) => L.crossEntropy(x, target), x: logits },
    { name: 'crossEntropy weight+smoothing', f: (x) => L.crossEntropy(x, target, { weight: [0.5, 2, 1], labelSmoothing: 0.2 }), x: logits },
    { name: 'crossEntropy spatial+ignore', f: (x) => L.crossEntropy(x, spatialTarget, { weight: [1, 3, 0.5], labelSmoothing: 0.1 }), x: spatial },
    { name: 'crossEntropy probabilities', f: (x) => L.crossEntropy(x, probTargets, { weight: [1, 2, 0.5], labelSmoothing: 0.1 }), x: logits },
    { name: 'nllLoss', f: (x) => L.nllLoss(tf.logSoftmax(x), target, { weight: [2, 1, 0.5] }), x: logits },
    { name: 'binaryCrossEntropy', f: (x) => L.binaryCrossEntropy(x, soft), x: probs },
    { name: 'binaryCrossEntropy weight', f: (x) => L.binaryCrossEntropy(x, labels, { weight: [1, 2, 0.5, 1] }), x: probs },
    { name: 'binaryCrossEntropyWithLogits', f: (x) => L.binaryCrossEntropyWithLogits(x, soft, { weight: [1, 2, 0.5, 1], posWeight: [3, 1, 0.5, 2] }), x: uniform(r, [3, 4], -3, 3) },
    { name: 'hingeLoss', f: (x) => L.hingeLoss(x, pm), x: scores },
    { name: 'squaredHingeLoss', f: (x) => L.squaredHingeLoss(x, pm), x: scores },
    { name: 'multiMarginLoss p=1', f: (x) => L.multiMarginLoss(x, mmTarget, { weight: [1, 2, 0.5] }), x: mmScores },
    { name: 'multiMarginLoss p=2', f: (x) => L.multiMarginLoss(x, mmTarget, { p: 2, margin: 1.5 }), x: mmScores },
    { name: 'sigmoidFocalLoss', f: (x) => L.sigmoidFocalLoss(x, labels), x: uniform(r, [3, 4], -3, 3) },
    { name: 'sigmoidFocalLoss gamma=0.5 soft', f: (x) => L.sigmoidFocalLoss(x, soft, { gamma: 0.5, alpha: -1 }), x: uniform(r, [3, 4], -3, 3) },
    { name: 'focalLoss', f: (x) => L.focalLoss(x, target, { alpha: [0.25, 0.5, 1] }), x: logits },
    { name: 'focalLoss gamma=0.5 spatial+ignore', f: (x) => L.focalLoss(x, spatialTarget, { gamma: 0.5 }), x: spatial },
    { name: 'polyLoss', f: (x) => L.polyLoss(x, target), x: logits },
    { name: 'polyLoss Poly-3', f: (x) => L.polyLoss(x, target, { epsilon: [2, -1, 0.5] }), x: logits },
    { name: 'diceLoss', f: (x) => L.diceLoss(x, labels), x: probs },
    { name: 'diceLoss not squared', f: (x) => L.diceLoss(x, labels, { squared: false, smooth: 1 }), x: probs },
    { name: 'l1Loss', f: (x) => L.l1Loss(x, regY), x: regX },
    { name: 'mseLoss', f: (x) => L.mseLoss(x, regY), x: regX },
    { name: 'huberLoss', f: (x) => L.huberLoss(x, regY, { delta: 0.5 }), x: regX },
    { name: 'smoothL1Loss', f: (x) => L.smoothL1Loss(x, regY, { beta: 0.5 }), x: regX },
  ];
}

for (const backend of requestedBackends()) {
  describe(`finite-difference gradients on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });
    it.each(fdCases().map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const report = gradCheck(c.f, [c.x as number[]], { eps, rtol, atol });
      expect(report.pass, formatGradCheck(report)).toBe(true);
    });
  });
}
