/**
 * Bad input, for every loss of issue 2 (regression and classification): a LossInputError whose
 * message names the loss, the argument, what was expected and what was given; no raw tfjs error,
 * no NaN, and no tensor left behind on the error path.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as L from 'losslab';
import { tf, LossInputError } from 'losslab';
import { useTestBackend } from '../helpers/backends.js';

interface BadCase {
  /** What is wrong, for the test name. */
  what: string;
  call: () => unknown;
  loss: string;
  argument: string;
  /** Substrings of the `expected` and `received` parts. */
  expected: string;
  received: string;
}

const x23 = [[1, 2, 3], [0.5, -1, 2]];

/** A nested array of zeros (not a tensor: the leak check counts every tensor made in a case). */
function zeros(shape: number[]): unknown {
  return shape.length === 0 ? 0 : Array.from({ length: shape[0]! }, () => zeros(shape.slice(1)));
}
const p22 = [[0.2, 0.8], [0.5, 0.1]];

const cases: BadCase[] = [
  // --- regression --------------------------------------------------------------------------
  { what: 'shape mismatch', call: () => L.l1Loss([1, 2], [1, 2, 3]), loss: 'l1Loss', argument: 'target', expected: 'the same shape as input, [2]', received: 'shape [3]' },
  { what: 'a string input', call: () => L.mseLoss('abc' as never, [1]), loss: 'mseLoss', argument: 'input', expected: 'a tf.Tensor, a number or a (nested) array of numbers', received: '"abc"' },
  { what: 'a ragged array', call: () => L.mseLoss([[1, 2], [3]] as never, [[1, 2], [3, 4]]), loss: 'mseLoss', argument: 'input', expected: 'rectangular', received: 'rows of shapes [2] and [1]' },
  { what: 'an unknown reduction', call: () => L.mseLoss([1], [1], { reduction: 'avg' as never }), loss: 'mseLoss', argument: 'options.reduction', expected: "one of 'mean', 'sum', 'none'", received: '"avg"' },
  { what: 'an unknown option', call: () => L.mseLoss([1], [1], { delta: 1 } as never), loss: 'mseLoss', argument: 'options.delta', expected: 'one of the known options', received: "unknown option 'delta'" },
  { what: 'delta = 0', call: () => L.huberLoss([1], [1], { delta: 0 }), loss: 'huberLoss', argument: 'options.delta', expected: '> 0', received: '0' },
  { what: 'delta NaN', call: () => L.huberLoss([1], [1], { delta: NaN }), loss: 'huberLoss', argument: 'options.delta', expected: 'a finite number', received: 'NaN' },
  { what: 'beta < 0', call: () => L.smoothL1Loss([1], [1], { beta: -1 }), loss: 'smoothL1Loss', argument: 'options.beta', expected: '>= 0', received: '-1' },
  { what: 'a disposed tensor', call: () => { const t = tf.tensor([1]); t.dispose(); return L.l1Loss(t, [1]); }, loss: 'l1Loss', argument: 'input', expected: 'a live tensor', received: 'a disposed tensor' },

  // --- crossEntropy --------------------------------------------------------------------------
  { what: 'class index out of range', call: () => L.crossEntropy(x23, [0, 3]), loss: 'crossEntropy', argument: 'target', expected: 'class indices in [0, 2] (or ignoreIndex -100)', received: '3 at position [1]' },
  { what: 'negative class index', call: () => L.crossEntropy(x23, [-1, 0]), loss: 'crossEntropy', argument: 'target', expected: 'class indices in [0, 2]', received: '-1 at position [0]' },
  { what: 'non-integer class index', call: () => L.crossEntropy(x23, [0, 1.5]), loss: 'crossEntropy', argument: 'target', expected: 'integer class indices', received: '1.5 at position [1]' },
  { what: 'spatial index out of range', call: () => L.crossEntropy(zeros([1, 2, 2, 2]) as never, [[[0, 1], [2, 0]]]), loss: 'crossEntropy', argument: 'target', expected: 'class indices in [0, 1]', received: '2 at position [0, 1, 0]' },
  { what: 'target of the wrong length', call: () => L.crossEntropy(x23, [0, 1, 2]), loss: 'crossEntropy', argument: 'target', expected: 'class indices of shape [2]', received: 'shape [3]' },
  { what: 'spatial target of the wrong shape', call: () => L.crossEntropy(zeros([2, 3, 4]) as never, zeros([2, 5]) as never), loss: 'crossEntropy', argument: 'target', expected: 'class indices of shape [2, 4]', received: 'shape [2, 5]' },
  { what: 'probability target of the wrong shape', call: () => L.crossEntropy(zeros([2, 3, 4]) as never, zeros([2, 3, 5]) as never), loss: 'crossEntropy', argument: 'target', expected: 'class probabilities of the shape of logits, [2, 3, 4]', received: 'shape [2, 3, 5]' },
  { what: 'probability target outside [0, 1]', call: () => L.crossEntropy(x23, [[0.5, -0.25, 0.75], [0, 1, 0]]), loss: 'crossEntropy', argument: 'target', expected: 'class probabilities in [0, 1]', received: '-0.25 at position [0, 1]' },
  { what: 'ignoreIndex with probability targets', call: () => L.crossEntropy(x23, [[1, 0, 0], [0, 1, 0]], { ignoreIndex: 0 }), loss: 'crossEntropy', argument: 'options.ignoreIndex', expected: 'negative with class-probability targets', received: '0' },
  { what: 'weight of the wrong length', call: () => L.crossEntropy(x23, [0, 1], { weight: [1, 2] }), loss: 'crossEntropy', argument: 'options.weight', expected: 'length C = 3', received: 'length 2' },
  { what: 'weight of rank 2', call: () => L.crossEntropy(x23, [0, 1], { weight: [[1, 2, 3]] }), loss: 'crossEntropy', argument: 'options.weight', expected: 'a 1-D array of one weight per class', received: 'shape [1, 3] (rank 2)' },
  { what: 'weight with NaN', call: () => L.crossEntropy(x23, [0, 1], { weight: [1, NaN, 1] }), loss: 'crossEntropy', argument: 'options.weight', expected: 'finite numbers', received: 'NaN at position [1]' },
  { what: 'label smoothing > 1', call: () => L.crossEntropy(x23, [0, 1], { labelSmoothing: 1.5 }), loss: 'crossEntropy', argument: 'options.labelSmoothing', expected: '<= 1', received: '1.5' },
  { what: 'non-integer ignoreIndex', call: () => L.crossEntropy(x23, [0, 1], { ignoreIndex: 0.5 }), loss: 'crossEntropy', argument: 'options.ignoreIndex', expected: 'an integer', received: '0.5' },
  { what: 'scalar logits', call: () => L.crossEntropy(3, 0), loss: 'crossEntropy', argument: 'logits', expected: 'a tensor of shape [N, C], [N, C, d1, ...] or [C]', received: 'shape [] (rank 0)' },
  { what: 'zero classes', call: () => L.crossEntropy(zeros([2, 0]) as never, [0, 0]), loss: 'crossEntropy', argument: 'logits', expected: 'at least one class', received: 'shape [2, 0]' },
  { what: 'options not an object', call: () => L.crossEntropy(x23, [0, 1], 5 as never), loss: 'crossEntropy', argument: 'options', expected: 'an options object', received: '5' },

  // --- nllLoss ------------------------------------------------------------------------------
  { what: 'class index out of range', call: () => L.nllLoss(x23, [5, 0]), loss: 'nllLoss', argument: 'target', expected: 'class indices in [0, 2]', received: '5 at position [0]' },
  { what: 'weight of the wrong length', call: () => L.nllLoss(x23, [0, 1], { weight: [1, 2, 3, 4] }), loss: 'nllLoss', argument: 'options.weight', expected: 'length C = 3', received: 'length 4' },
  { what: 'labelSmoothing is not an NLL option', call: () => L.nllLoss(x23, [0, 1], { labelSmoothing: 0.1 } as never), loss: 'nllLoss', argument: 'options.labelSmoothing', expected: 'one of the known options', received: "unknown option 'labelSmoothing'" },

  // --- binaryCrossEntropy ---------------------------------------------------------------------
  { what: 'probability > 1', call: () => L.binaryCrossEntropy([0.5, 1.5], [0, 1]), loss: 'binaryCrossEntropy', argument: 'probs', expected: 'probabilities in [0, 1]', received: '1.5 at position [1]' },
  { what: 'probability < 0', call: () => L.binaryCrossEntropy(p22.map((r) => r.map((v) => v - 0.25)), p22), loss: 'binaryCrossEntropy', argument: 'probs', expected: 'probabilities in [0, 1]', received: '-0.05000000074505806 at position [0, 0]' },
  { what: 'probability NaN', call: () => L.binaryCrossEntropy([NaN, 0.5], [0, 1]), loss: 'binaryCrossEntropy', argument: 'probs', expected: 'probabilities in [0, 1]', received: 'NaN at position [0]' },
  { what: 'target > 1', call: () => L.binaryCrossEntropy([0.5, 0.5], [0, 2]), loss: 'binaryCrossEntropy', argument: 'target', expected: 'targets in [0, 1]', received: '2 at position [1]' },
  { what: 'shape mismatch', call: () => L.binaryCrossEntropy(p22, [0, 1]), loss: 'binaryCrossEntropy', argument: 'target', expected: 'the same shape as probs, [2, 2]', received: 'shape [2]' },
  { what: 'weight not broadcastable', call: () => L.binaryCrossEntropy(p22, p22, { weight: [1, 2, 3] }), loss: 'binaryCrossEntropy', argument: 'options.weight', expected: 'broadcastable to the shape of input, [2, 2]', received: 'shape [3]' },

  // --- binaryCrossEntropyWithLogits ----------------------------------------------------------
  { what: 'target outside [0, 1]', call: () => L.binaryCrossEntropyWithLogits([1, -1], [-1, 1]), loss: 'binaryCrossEntropyWithLogits', argument: 'target', expected: 'targets in [0, 1]', received: '-1 at position [0]' },
  { what: 'posWeight not broadcastable', call: () => L.binaryCrossEntropyWithLogits(p22, p22, { posWeight: [1, 2, 3] }), loss: 'binaryCrossEntropyWithLogits', argument: 'options.posWeight', expected: 'broadcastable to the shape of input, [2, 2]', received: 'shape [3]' },
  { what: 'weight with more dimensions', call: () => L.binaryCrossEntropyWithLogits([1, 2], [0, 1], { weight: [[1, 2]] }), loss: 'binaryCrossEntropyWithLogits', argument: 'options.weight', expected: 'broadcastable to the shape of input, [2]', received: 'shape [1, 2]' },
  { what: 'posWeight NaN', call: () => L.binaryCrossEntropyWithLogits([1, 2], [0, 1], { posWeight: [NaN] }), loss: 'binaryCrossEntropyWithLogits', argument: 'options.posWeight', expected: 'finite numbers', received: 'NaN' },
  { what: 'shape mismatch', call: () => L.binaryCrossEntropyWithLogits([1, 2, 3], [0, 1]), loss: 'binaryCrossEntropyWithLogits', argument: 'target', expected: 'the same shape as logits, [3]', received: 'shape [2]' },

  // --- hinge ---------------------------------------------------------------------------------
  { what: 'label 2', call: () => L.hingeLoss([0.5, 1], [1, 2]), loss: 'hingeLoss', argument: 'target', expected: 'values in {-1, 0, 1}', received: '2 at position [1]' },
  { what: 'a mix of -1 and 0', call: () => L.hingeLoss([0.5, 1, 2], [-1, 0, 1]), loss: 'hingeLoss', argument: 'target', expected: 'labels in {-1, +1} or in {0, 1}, not a mix', received: 'both -1 and 0' },
  { what: 'shape mismatch', call: () => L.squaredHingeLoss([0.5, 1], [1]), loss: 'squaredHingeLoss', argument: 'target', expected: 'the same shape as scores, [2]', received: 'shape [1]' },
  { what: 'label 0.5', call: () => L.squaredHingeLoss([0.5, 1], [0.5, 1]), loss: 'squaredHingeLoss', argument: 'target', expected: 'values in {-1, 0, 1}', received: '0.5 at position [0]' },

  // --- multiMarginLoss ------------------------------------------------------------------------
  { what: 'p = 3', call: () => L.multiMarginLoss(x23, [0, 1], { p: 3 }), loss: 'multiMarginLoss', argument: 'options.p', expected: '1 or 2', received: '3' },
  { what: 'margin NaN', call: () => L.multiMarginLoss(x23, [0, 1], { margin: NaN }), loss: 'multiMarginLoss', argument: 'options.margin', expected: 'a finite number', received: 'NaN' },
  { what: 'rank-3 scores', call: () => L.multiMarginLoss(zeros([2, 3, 4]) as never, zeros([2, 4]) as never), loss: 'multiMarginLoss', argument: 'scores', expected: 'a tensor of shape [N, C] or [C]', received: 'shape [2, 3, 4] (rank 3)' },
  { what: 'class index out of range', call: () => L.multiMarginLoss(x23, [0, 3]), loss: 'multiMarginLoss', argument: 'target', expected: 'class indices in [0, 2]', received: '3 at position [1]' },
  { what: 'weight of the wrong length', call: () => L.multiMarginLoss(x23, [0, 1], { weight: [1] }), loss: 'multiMarginLoss', argument: 'options.weight', expected: 'length C = 3', received: 'length 1' },

  // --- sigmoidFocalLoss -----------------------------------------------------------------------
  { what: 'negative gamma', call: () => L.sigmoidFocalLoss([1, -1], [1, 0], { gamma: -1 }), loss: 'sigmoidFocalLoss', argument: 'options.gamma', expected: '>= 0', received: '-1' },
  { what: 'alpha > 1', call: () => L.sigmoidFocalLoss([1, -1], [1, 0], { alpha: 1.5 }), loss: 'sigmoidFocalLoss', argument: 'options.alpha', expected: '<= 1', received: '1.5' },
  { what: 'target outside [0, 1]', call: () => L.sigmoidFocalLoss([1, -1], [1, 3]), loss: 'sigmoidFocalLoss', argument: 'target', expected: 'targets in [0, 1]', received: '3 at position [1]' },
  { what: 'shape mismatch', call: () => L.sigmoidFocalLoss([[1, -1]], [1, 0]), loss: 'sigmoidFocalLoss', argument: 'target', expected: 'the same shape as logits, [1, 2]', received: 'shape [2]' },

  // --- focalLoss -------------------------------------------------------------------------------
  { what: 'negative gamma', call: () => L.focalLoss(x23, [0, 1], { gamma: -0.5 }), loss: 'focalLoss', argument: 'options.gamma', expected: '>= 0', received: '-0.5' },
  { what: 'alpha of the wrong length', call: () => L.focalLoss(x23, [0, 1], { alpha: [0.25, 0.75] }), loss: 'focalLoss', argument: 'options.alpha', expected: 'length C = 3) or a number', received: 'length 2' },
  { what: 'alpha infinite', call: () => L.focalLoss(x23, [0, 1], { alpha: Infinity }), loss: 'focalLoss', argument: 'options.alpha', expected: 'a finite number', received: 'Infinity' },
  { what: 'class index out of range', call: () => L.focalLoss(x23, [0, 7]), loss: 'focalLoss', argument: 'target', expected: 'class indices in [0, 2] (or ignoreIndex -100)', received: '7 at position [1]' },
  { what: 'target of the wrong shape', call: () => L.focalLoss(x23, [[0, 1]]), loss: 'focalLoss', argument: 'target', expected: 'class indices of shape [2]', received: 'shape [1, 2]' },

  // --- polyLoss --------------------------------------------------------------------------------
  { what: 'empty epsilon array', call: () => L.polyLoss(x23, [0, 1], { epsilon: [] }), loss: 'polyLoss', argument: 'options.epsilon', expected: 'a non-empty array of finite numbers', received: '[]' },
  { what: 'NaN in epsilon', call: () => L.polyLoss(x23, [0, 1], { epsilon: [1, NaN] }), loss: 'polyLoss', argument: 'options.epsilon', expected: 'a finite number or a non-empty array', received: '[1, NaN]' },
  { what: 'epsilon a string', call: () => L.polyLoss(x23, [0, 1], { epsilon: 'one' as never }), loss: 'polyLoss', argument: 'options.epsilon', expected: 'a finite number', received: '"one"' },
  { what: 'epsilon infinite', call: () => L.polyLoss(x23, [0, 1], { epsilon: -Infinity }), loss: 'polyLoss', argument: 'options.epsilon', expected: 'a finite number', received: '-Infinity' },
  { what: 'class index out of range', call: () => L.polyLoss(x23, [0, -2]), loss: 'polyLoss', argument: 'target', expected: 'class indices in [0, 2]', received: '-2 at position [1]' },

  // --- diceLoss --------------------------------------------------------------------------------
  { what: 'smooth = 0', call: () => L.diceLoss(p22, p22, { smooth: 0 }), loss: 'diceLoss', argument: 'options.smooth', expected: '> 0', received: '0' },
  { what: 'squared not a boolean', call: () => L.diceLoss(p22, p22, { squared: 'yes' as never }), loss: 'diceLoss', argument: 'options.squared', expected: 'true or false', received: '"yes"' },
  { what: 'rank-1 input', call: () => L.diceLoss([0.5, 0.5], [1, 0]), loss: 'diceLoss', argument: 'probs', expected: 'at least one non-batch axis', received: 'shape [2] (rank 1)' },
  { what: 'probability > 1', call: () => L.diceLoss([[0.5, 2]], [[1, 0]]), loss: 'diceLoss', argument: 'probs', expected: 'probabilities in [0, 1]', received: '2 at position [0, 1]' },
  { what: 'target outside [0, 1]', call: () => L.diceLoss([[0.5, 0.2]], [[1, -1]]), loss: 'diceLoss', argument: 'target', expected: 'target values in [0, 1]', received: '-1 at position [0, 1]' },
  { what: 'shape mismatch', call: () => L.diceLoss(p22, [[1, 0]]), loss: 'diceLoss', argument: 'target', expected: 'the same shape as probs, [2, 2]', received: 'shape [1, 2]' },
];

describe('bad input → LossInputError naming loss, argument, expectation and value', () => {
  beforeAll(async () => {
    await useTestBackend('cpu');
  });

  it.each(cases.map((c) => [`${c.loss}: ${c.what}`, c] as const))('%s', (_name, c) => {
    const before = tf.memory().numTensors;
    let error: unknown;
    try {
      c.call();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LossInputError);
    const e = error as LossInputError;
    expect(e.loss).toBe(c.loss);
    expect(e.argument).toBe(c.argument);
    expect(e.expected).toContain(c.expected);
    expect(e.received).toContain(c.received);
    expect(e.message).toBe(`${c.loss}: ${c.argument} must be ${e.expected}, but got ${e.received}.`);
    expect(tf.memory().numTensors, 'tensors left behind on the error path').toBe(before);
  });

  it('covers every loss of issue 2', () => {
    const covered = new Set(cases.map((c) => c.loss));
    const issue2 = ['l1Loss', 'mseLoss', 'huberLoss', 'smoothL1Loss', 'crossEntropy', 'nllLoss', 'binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'hingeLoss', 'squaredHingeLoss', 'multiMarginLoss', 'sigmoidFocalLoss', 'focalLoss', 'polyLoss', 'diceLoss'];
    expect(issue2.filter((id) => !covered.has(id))).toEqual([]);
  });
});
