/**
 * Softmax cross-entropy and negative log-likelihood, PyTorch's `CrossEntropyLoss` and `NLLLoss`:
 * class-index targets (with class weights, ignoreIndex and label smoothing) or class-probability
 * targets, on [N, C], spatial [N, C, d1, ...] and unbatched [C] inputs.
 */
import { tf, type Tensor } from '../../core/tf.js';
import type { ReductionOptions, TensorLike } from '../../core/types.js';
import { fail } from '../../core/errors.js';
import {
  expectKnownOptions,
  expectRank,
  expectValuesIn,
  formatShape,
  numberOption,
  reductionOption,
  toTensor,
} from '../../core/validate.js';
import { reduce, reduceWeighted, sumAxis } from '../../core/reduce.js';
import type { LossDescriptor } from '../../catalog/types.js';
import { useFused } from '../../fused/dispatch.js';
import { fusedCrossEntropy } from '../../fused/classification.js';
import { classAxisLast, classAxisSize, classRows, classVectorOption, curveOf, indexTargetShape, pickClass, ptLogits, REDUCTIONS, type ClassRows } from './common.js';

export interface NllOptions extends ReductionOptions {
  /** Per-class weights w_c, a 1-D array or tensor of length C. Default: all 1. */
  weight?: TensorLike;
  /** Target value that is skipped (contributes 0 and does not count in the mean). Default −100. */
  ignoreIndex?: number;
}

export interface CrossEntropyOptions extends NllOptions {
  /** ε in [0, 1]: mixes the target with the uniform distribution, (1 − ε)·y + ε/C. Default 0. */
  labelSmoothing?: number;
}

/**
 * The weighted NLL of rows of log-probabilities: w_{y_m} · (−logp[m, y_m]), 0 at ignored rows,
 * and the weights w_{y_m} of kept rows (the denominator of the weighted mean).
 */
function weightedNll(logp: Tensor, r: ClassRows, weight: Tensor | null): { perRow: Tensor; rowWeight: Tensor } {
  const rowWeight = weight ? tf.mul(tf.gather(weight, r.indices), r.keep) : r.keep;
  return { perRow: tf.mul(rowWeight, tf.neg(pickClass(logp, r.indices, r.numClasses))), rowWeight };
}

/**
 * Negative log-likelihood, PyTorch's `NLLLoss`, on log-probabilities x (e.g. from tf.logSoftmax).
 *
 * ℓ = {l_1, …, l_N},  l_n = −w_{y_n} · x_{n, y_n}, and l_n = 0 where y_n = ignoreIndex.
 * - `'mean'` (default): Σ_n l_n / Σ_n w_{y_n} over non-ignored n (the weighted mean, as torch);
 * - `'sum'`: Σ_n l_n;  `'none'`: l with the shape of target.
 *
 * When every target is ignored (or the kept weights sum to 0), torch's mean is 0/0 = NaN; losslab
 * returns 0 with a zero gradient.
 *
 * @param logProbs log-probabilities [N, C], [N, C, d1, ...] (spatial) or [C] (unbatched)
 * @param target class indices in [0, C) (or ignoreIndex), shape [N], [N, d1, ...] or []; any
 *   numeric dtype holding integers
 * @param options.weight per-class weights, length C (default: none)
 * @param options.ignoreIndex target value to skip, default −100
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html
 */
export function nllLoss(logProbs: TensorLike, target: TensorLike, options?: NllOptions): Tensor {
  const loss = 'nllLoss';
  expectKnownOptions(options, ['weight', 'ignoreIndex'], loss);
  const reduction = reductionOption(options, loss);
  const ignoreIndex = numberOption(options, 'ignoreIndex', -100, { integer: true }, loss);
  return tf.tidy(() => {
    const x = toTensor(logProbs, loss, 'logProbs');
    const r = classRows(x, toTensor(target, loss, 'target'), loss, 'logProbs', ignoreIndex);
    const weight = classVectorOption(options, 'weight', r.numClasses, loss);
    const { perRow, rowWeight } = weightedNll(r.rows, r, weight);
    return reduceWeighted(perRow.reshape(r.outShape), rowWeight, reduction);
  });
}

/**
 * Softmax cross-entropy, PyTorch's `CrossEntropyLoss`, on raw logits x. The log-softmax is taken
 * in the log-sum-exp form (tf.logSoftmax), so logits of ±1e4 give finite values and gradients.
 *
 * **Class-index targets** y (shape of x without its class axis):
 *   l_n = (1 − ε) · w_{y_n} · (−log softmax(x_n)_{y_n}) + (ε / C) · Σ_c w_c · (−log softmax(x_n)_c),
 *   l_n = 0 where y_n = ignoreIndex. With ε = 0 this is −w_{y_n} log p_{n, y_n}.
 *   - `'mean'`: Σ_n l_n / Σ_n w_{y_n} over non-ignored n: the smoothing term too is divided by the
 *     weight sum of the kept targets, exactly as torch (LossNLL.cpp, cross_entropy_loss_label_smoothing);
 *   - `'sum'`: Σ_n l_n;  `'none'`: l of shape [N, d1, ...] with 0 at ignored positions.
 *   If every target is ignored, 'mean' is 0 with a zero gradient (torch: NaN).
 *
 * **Class-probability targets** y (the shape of x, values in [0, 1]):
 *   l_n = −Σ_c w_c · ỹ_{n,c} · log softmax(x_n)_c,  ỹ = (1 − ε)·y + ε/C;
 *   'mean' divides by the number of samples N·d1·… (not by the weights), as torch.
 *   `ignoreIndex` does not apply and must be negative (torch's rule).
 *
 * Which kind of target is meant is decided by its rank, as in torch: the rank of x → probabilities,
 * one less → class indices.
 *
 * Gradient (indices, no weights, ε = 0): ∂l_n/∂x_{n,c} = softmax(x_n)_c − [c = y_n].
 *
 * @param logits [N, C], [N, C, d1, ...] or [C] (unbatched)
 * @param target class indices ([N], [N, d1, ...] or []) or class probabilities (shape of logits)
 * @param options.weight per-class weights w_c, length C (default: none)
 * @param options.ignoreIndex class-index target to skip, default −100
 * @param options.labelSmoothing ε in [0, 1], default 0
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html
 * @see Szegedy et al., Rethinking the Inception Architecture, 2016 (label smoothing), https://arxiv.org/abs/1512.00567
 */
export function crossEntropy(logits: TensorLike, target: TensorLike, options?: CrossEntropyOptions): Tensor {
  const loss = 'crossEntropy';
  expectKnownOptions(options, ['weight', 'ignoreIndex', 'labelSmoothing'], loss);
  const reduction = reductionOption(options, loss);
  const ignoreIndex = numberOption(options, 'ignoreIndex', -100, { integer: true }, loss);
  const eps = numberOption(options, 'labelSmoothing', 0, { min: 0, max: 1 }, loss);
  return tf.tidy(() => {
    const x = toTensor(logits, loss, 'logits');
    const y = toTensor(target, loss, 'target');
    expectRank(x, { min: 1 }, loss, 'logits', 'a tensor of shape [N, C], [N, C, d1, ...] or [C]');
    if (y.rank === x.rank) return probabilityTargets(x, y, options, ignoreIndex, eps, reduction);

    const r = classRows(x, y, loss, 'logits', ignoreIndex);
    const weight = classVectorOption(options, 'weight', r.numClasses, loss);
    if (x.rank <= 2 && useFused(x.size)) return fusedCrossEntropy(r, weight, eps, reduction);
    const logp = tf.logSoftmax(r.rows, -1);
    const { perRow, rowWeight } = weightedNll(logp, r, weight);
    let perSample = perRow;
    if (eps > 0) {
      const smooth = tf.mul(tf.neg(sumAxis(weight ? tf.mul(logp, weight) : logp, -1)), r.keep);
      perSample = tf.add(tf.mul(1 - eps, perRow), tf.mul(eps / r.numClasses, smooth));
    }
    return reduceWeighted(perSample.reshape(r.outShape), rowWeight, reduction);
  });
}

function probabilityTargets(
  x: Tensor,
  y: Tensor,
  options: CrossEntropyOptions | undefined,
  ignoreIndex: number,
  eps: number,
  reduction: 'mean' | 'sum' | 'none',
): Tensor {
  const loss = 'crossEntropy';
  if (x.shape.some((d, i) => d !== y.shape[i])) {
    fail(loss, 'target', `class probabilities of the shape of logits, ${formatShape(x.shape)} (or class indices of shape ${formatShape(indexTargetShape(x))})`, `shape ${formatShape(y.shape)}`);
  }
  if (ignoreIndex >= 0) {
    fail(loss, 'options.ignoreIndex', 'negative with class-probability targets (ignoreIndex applies to class indices only)', String(ignoreIndex));
  }
  expectValuesIn(y, 0, 1, loss, 'target', 'class probabilities in [0, 1]');
  const numClasses = classAxisSize(x);
  if (numClasses < 1) fail(loss, 'logits', 'at least one class (C >= 1)', `shape ${formatShape(x.shape)}`);
  const weight = classVectorOption(options, 'weight', numClasses, loss);
  const logp = tf.logSoftmax(classAxisLast(x).reshape([-1, numClasses]), -1);
  let t = classAxisLast(y).reshape([-1, numClasses]);
  if (eps > 0) t = tf.add(tf.mul(t, 1 - eps), eps / numClasses);
  if (weight) t = tf.mul(t, weight);
  const perSample = tf.neg(sumAxis(tf.mul(logp, t), -1));
  return reduce(perSample.reshape(indexTargetShape(x)), reduction);
}

// ---------------------------------------------------------------------------------------------
// Catalog descriptors

const ptAxis = { key: 'pt', label: 'probability of the true class p_t', symbol: 'p_t', min: 0.01, max: 0.99 } as const;

export const crossEntropyInfo: LossDescriptor = {
  id: 'crossEntropy',
  title: 'Cross-entropy (softmax)',
  family: 'classification',
  summary: 'The negative log-likelihood of the true class under a softmax: the default loss for multi-class classification. Confident mistakes cost without bound; class weights and label smoothing counter imbalance and over-confidence.',
  formula: '\\ell = -(1-\\varepsilon)\\, w_y \\log p_y - \\frac{\\varepsilon}{C} \\sum_c w_c \\log p_c, \\quad p = \\operatorname{softmax}(x)',
  gradient: '\\frac{\\partial \\ell}{\\partial x_c} = p_c - \\mathbb{1}[c = y] \\quad (w = 1,\\ \\varepsilon = 0)',
  inputs: [
    { name: 'logits', description: 'unnormalised class scores', shape: '[N, C], [N, C, d1, ...] or [C]', differentiable: true },
    { name: 'target', description: 'class indices, or class probabilities shaped like logits', shape: '[N], [N, d1, ...] or [N, C, ...]', differentiable: false },
  ],
  params: [
    { name: 'labelSmoothing', symbol: '\\varepsilon', description: 'mass moved from the target to the uniform distribution', kind: 'number', default: 0, range: { min: 0, max: 0.5, step: 0.01 }, valid: '[0, 1]' },
    { name: 'ignoreIndex', symbol: '\\text{ignore}', description: 'class-index target that is skipped', kind: 'integer', default: -100, valid: 'any integer (negative with probability targets)' },
  ],
  reductions: REDUCTIONS,
  defaultReduction: 'mean',
  axis: ptAxis,
  curve: (x, p) => curveOf(x, (flat) => crossEntropy(ptLogits(flat), tf.zeros([flat.size], 'int32'), { labelSmoothing: p['labelSmoothing'] as number | undefined, reduction: 'none' })),
  reference: { title: 'torch.nn.CrossEntropyLoss', authors: 'PyTorch', year: 2016, url: 'https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html' },
  equivalents: { pytorch: 'torch.nn.CrossEntropyLoss', keras: 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)' },
  notes: [
    "'mean' with class weights is sum(w·l) / sum(w) over non-ignored targets (PyTorch), not Keras' mean over samples.",
    'Label smoothing is weighted too and divided by the weight sum of kept targets, exactly as torch.',
    'All targets ignored: losslab returns 0 with a zero gradient where torch returns NaN.',
    'Option `weight` (per-class weights, length C) is not a slider.',
  ],
};

export const nllLossInfo: LossDescriptor = {
  id: 'nllLoss',
  title: 'Negative log-likelihood',
  family: 'classification',
  summary: 'Cross-entropy on log-probabilities the model already computed (e.g. with logSoftmax): minus the log-probability of the true class.',
  formula: '\\ell = -w_y\\, x_y, \\quad x = \\log p',
  gradient: '\\frac{\\partial \\ell}{\\partial x_c} = -w_y\\, \\mathbb{1}[c = y]',
  inputs: [
    { name: 'logProbs', description: 'log-probabilities', shape: '[N, C], [N, C, d1, ...] or [C]', differentiable: true },
    { name: 'target', description: 'class indices', shape: '[N], [N, d1, ...] or []', differentiable: false },
  ],
  params: [{ name: 'ignoreIndex', symbol: '\\text{ignore}', description: 'target value that is skipped', kind: 'integer', default: -100, valid: 'any integer' }],
  reductions: REDUCTIONS,
  defaultReduction: 'mean',
  axis: ptAxis,
  curve: (x) => curveOf(x, (flat) => nllLoss(tf.logSoftmax(ptLogits(flat), -1), tf.zeros([flat.size], 'int32'), { reduction: 'none' })),
  reference: { title: 'torch.nn.NLLLoss', authors: 'PyTorch', year: 2016, url: 'https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html' },
  equivalents: { pytorch: 'torch.nn.NLLLoss' },
  notes: ['crossEntropy(x, y) = nllLoss(logSoftmax(x), y).', 'All targets ignored: 0 with a zero gradient (torch: NaN).'],
};
