/**
 * Margin (SVM) losses: the binary hinge and squared hinge on scores with ±1 labels, and PyTorch's
 * `MultiMarginLoss`, the multi-class hinge of Weston & Watkins / Crammer & Singer style.
 */
import { tf, type Tensor } from '../../core/tf.js';
import type { ReductionOptions, TensorLike } from '../../core/types.js';
import { fail } from '../../core/errors.js';
import { expectKnownOptions, expectSameShape, expectValuesAmong, numberOption, reductionOption, toTensor } from '../../core/validate.js';
import { reduce, sumAxis } from '../../core/reduce.js';
import type { LossDescriptor } from '../../catalog/types.js';
import { classMask, classRows, classVectorOption, curveOf, pickClass, REDUCTIONS } from './common.js';

/**
 * Binary labels as ±1: labels already in {−1, +1} are kept; labels in {0, 1} are mapped to
 * 2y − 1. Anything else (another value, or a mix of −1 and 0) is a LossInputError.
 */
function plusMinusOne(target: Tensor, loss: string): Tensor {
  const values = target.dataSync();
  let hasZero = false;
  let hasMinusOne = false;
  for (const v of values) {
    if (v === 0) hasZero = true;
    else if (v === -1) hasMinusOne = true;
  }
  expectValuesAmong(target, [-1, 0, 1], loss, 'target');
  if (hasZero && hasMinusOne) fail(loss, 'target', 'labels in {-1, +1} or in {0, 1}, not a mix of both', 'both -1 and 0');
  return hasZero ? tf.sub(tf.mul(target, 2), 1) : target;
}

function binaryMargin(loss: string, scores: TensorLike, target: TensorLike, options: ReductionOptions | undefined, squared: boolean): Tensor {
  expectKnownOptions(options, [], loss);
  const reduction = reductionOption(options, loss);
  return tf.tidy(() => {
    const s = toTensor(scores, loss, 'scores');
    const t = toTensor(target, loss, 'target');
    expectSameShape(s, t, loss, 'scores', 'target');
    // relu's gradient at the hinge (1 − t·s = 0) is 0, as torch.relu's.
    const h = tf.relu(tf.sub(1, tf.mul(plusMinusOne(t, loss), s)));
    return reduce(squared ? tf.square(h) : h, reduction);
  });
}

/**
 * Hinge loss, the binary SVM loss.
 *
 * l_n = max(0, 1 − t_n · s_n), with labels t_n ∈ {−1, +1} ({0, 1} are accepted and mapped to
 * −1, +1), then 'mean' (default), 'sum' or 'none' (shape of scores).
 *
 * ∂l_n/∂s_n = −t_n where t_n s_n < 1, else 0 (0 at the hinge itself, as torch.relu).
 *
 * @param scores real-valued scores (decision values), any shape
 * @param target labels in {−1, +1} or {0, 1}, the same shape
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see Cortes & Vapnik, Support-Vector Networks, 1995, https://doi.org/10.1007/BF00994018
 * @see keras.losses.Hinge (the same {0, 1} → {−1, +1} mapping)
 */
export function hingeLoss(scores: TensorLike, target: TensorLike, options?: ReductionOptions): Tensor {
  return binaryMargin('hingeLoss', scores, target, options, false);
}

/**
 * Squared hinge loss (the L2-SVM loss): l_n = max(0, 1 − t_n · s_n)², labels as in hingeLoss.
 * Differentiable everywhere: ∂l_n/∂s_n = −2 t_n max(0, 1 − t_n s_n).
 *
 * @param scores real-valued scores, any shape
 * @param target labels in {−1, +1} or {0, 1}, the same shape
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see keras.losses.SquaredHinge; Rennie & Srebro 2005 / Lee & Lin 2013 (L2-SVM)
 */
export function squaredHingeLoss(scores: TensorLike, target: TensorLike, options?: ReductionOptions): Tensor {
  return binaryMargin('squaredHingeLoss', scores, target, options, true);
}

export interface MultiMarginOptions extends ReductionOptions {
  /** The exponent, 1 (default) or 2. */
  p?: number;
  /** The margin m, default 1. */
  margin?: number;
  /** Per-class weights w_c, length C: the loss of a sample with target y is scaled by w_y. */
  weight?: TensorLike;
}

/**
 * Multi-class margin (hinge) loss, PyTorch's `MultiMarginLoss`.
 *
 * l_n = (1 / C) Σ_{i ≠ y_n} w_{y_n} · max(0, m − x_{n, y_n} + x_{n, i})^p,
 * then 'mean' (default, a plain mean over samples: the weights do not normalise), 'sum' or
 * 'none' ([N]). The sum is divided by C, including the target class, as torch.
 *
 * Gradient: terms with m − x_y + x_i > 0 push x_i down and x_y up (p = 1: by w_y / C; p = 2: by
 * 2 w_y (m − x_y + x_i) / C); 0 at the hinge, as torch.
 *
 * @param scores class scores [N, C] or [C] (unbatched)
 * @param target class indices in [0, C), shape [N] or []
 * @param options.p 1 (default) or 2
 * @param options.margin m, default 1
 * @param options.weight per-class weights, length C (default: none)
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see https://pytorch.org/docs/stable/generated/torch.nn.MultiMarginLoss.html
 * @see Weston & Watkins, Support Vector Machines for Multi-Class Pattern Recognition, 1999
 */
export function multiMarginLoss(scores: TensorLike, target: TensorLike, options?: MultiMarginOptions): Tensor {
  const loss = 'multiMarginLoss';
  expectKnownOptions(options, ['p', 'margin', 'weight'], loss);
  const reduction = reductionOption(options, loss);
  const p = numberOption(options, 'p', 1, {}, loss);
  if (p !== 1 && p !== 2) fail(loss, 'options.p', '1 or 2', String(p));
  const margin = numberOption(options, 'margin', 1, {}, loss);
  return tf.tidy(() => {
    const r = classRows(toTensor(scores, loss, 'scores'), toTensor(target, loss, 'target'), loss, 'scores', undefined, 2);
    const weight = classVectorOption(options, 'weight', r.numClasses, loss);
    const targetScore = pickClass(r.rows, r.indices, r.numClasses).expandDims(1);
    const others = tf.logicalNot(classMask(r.indices, r.numClasses)).cast('float32');
    const h = tf.relu(tf.add(tf.sub(margin, targetScore), r.rows));
    const terms = tf.mul(p === 2 ? tf.square(h) : h, others);
    let perSample = tf.div(sumAxis(terms, -1), r.numClasses);
    if (weight) perSample = tf.mul(perSample, tf.gather(weight, r.indices));
    return reduce(perSample.reshape(r.outShape), reduction);
  });
}

// ---------------------------------------------------------------------------------------------
// Catalog descriptors

const marginAxis = { key: 'margin', label: 'margin t·s', symbol: 't s', min: -2, max: 3 } as const;
const binaryInputs = [
  { name: 'scores', description: 'real-valued scores', shape: 'any', differentiable: true },
  { name: 'target', description: 'labels in {−1, +1} or {0, 1}', shape: 'same as scores', differentiable: false },
] as const;

export const hingeLossInfo: LossDescriptor = {
  id: 'hingeLoss',
  title: 'Hinge loss',
  family: 'classification',
  summary: 'The SVM loss: zero once a sample is on the right side with margin 1, linear otherwise. Sparse gradients, no probabilities.',
  formula: '\\ell = \\max(0,\\ 1 - t\\,s)',
  gradient: '\\frac{\\partial \\ell}{\\partial s} = -t\\, \\mathbb{1}[t s < 1]',
  inputs: binaryInputs,
  params: [],
  reductions: REDUCTIONS,
  defaultReduction: 'mean',
  axis: marginAxis,
  curve: (x) => curveOf(x, (flat) => hingeLoss(flat, tf.onesLike(flat), { reduction: 'none' })),
  reference: { title: 'Support-Vector Networks', authors: 'C. Cortes, V. Vapnik', year: 1995, url: 'https://doi.org/10.1007/BF00994018' },
  equivalents: { keras: 'keras.losses.Hinge', other: 'sklearn.metrics.hinge_loss' },
  notes: ['Labels {0, 1} are mapped to {−1, +1} (as Keras); any other label is an error.', 'The gradient at the hinge (t·s = 1) is 0, as torch.relu.'],
};

export const squaredHingeLossInfo: LossDescriptor = {
  id: 'squaredHingeLoss',
  title: 'Squared hinge loss',
  family: 'classification',
  summary: 'The L2-SVM loss: the hinge squared, so it is differentiable and punishes large violations more.',
  formula: '\\ell = \\max(0,\\ 1 - t\\,s)^2',
  gradient: '\\frac{\\partial \\ell}{\\partial s} = -2t\\, \\max(0,\\ 1 - t s)',
  inputs: binaryInputs,
  params: [],
  reductions: REDUCTIONS,
  defaultReduction: 'mean',
  axis: marginAxis,
  curve: (x) => curveOf(x, (flat) => squaredHingeLoss(flat, tf.onesLike(flat), { reduction: 'none' })),
  reference: { title: 'keras.losses.SquaredHinge', authors: 'Keras', year: 2015, url: 'https://keras.io/api/losses/hinge_losses/' },
  equivalents: { keras: 'keras.losses.SquaredHinge' },
  notes: ['Labels {0, 1} are mapped to {−1, +1} (as Keras).'],
};

export const multiMarginLossInfo: LossDescriptor = {
  id: 'multiMarginLoss',
  title: 'Multi-class margin loss',
  family: 'classification',
  summary: 'The multi-class SVM hinge: every wrong class whose score comes within the margin of the true class\'s costs. Curve: two classes, x = score gap x_y − x_other.',
  formula: '\\ell = \\frac{1}{C} \\sum_{i \\ne y} w_y \\max(0,\\ m - x_y + x_i)^p',
  gradient: '\\frac{\\partial \\ell}{\\partial x_i} = \\frac{p\\, w_y}{C} \\max(0,\\ m - x_y + x_i)^{p-1} \\quad (i \\ne y)',
  inputs: [
    { name: 'scores', description: 'class scores', shape: '[N, C] or [C]', differentiable: true },
    { name: 'target', description: 'class indices', shape: '[N] or []', differentiable: false },
  ],
  params: [
    { name: 'p', symbol: 'p', description: 'exponent of the hinge', kind: 'integer', default: 1, range: { min: 1, max: 2, step: 1 }, valid: '1 or 2' },
    { name: 'margin', symbol: 'm', description: 'required gap between the true and other scores', kind: 'number', default: 1, range: { min: 0, max: 3, step: 0.1 }, valid: 'any finite number' },
  ],
  reductions: REDUCTIONS,
  defaultReduction: 'mean',
  axis: { key: 'margin', label: 'score gap x_y − x_other (2 classes)', symbol: 'x_y - x_i', min: -2, max: 3 },
  curve: (x, p) =>
    curveOf(x, (flat) =>
      multiMarginLoss(tf.stack([flat, tf.zerosLike(flat)], 1), tf.zeros([flat.size], 'int32'), {
        p: p['p'] as number | undefined,
        margin: p['margin'] as number | undefined,
        reduction: 'none',
      }),
    ),
  reference: { title: 'torch.nn.MultiMarginLoss', authors: 'PyTorch', year: 2016, url: 'https://pytorch.org/docs/stable/generated/torch.nn.MultiMarginLoss.html' },
  equivalents: { pytorch: 'torch.nn.MultiMarginLoss' },
  notes: ['The sum over wrong classes is divided by C (all classes), as torch.', "'mean' is a plain mean over samples even with weights, as torch.", 'Option `weight` (per class) is not a slider.'],
};
