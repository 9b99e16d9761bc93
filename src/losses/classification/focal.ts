/**
 * Focal losses (Lin et al. 2017): cross-entropy scaled by (1 − p_t)^γ so that easy, well-classified
 * examples count less. The sigmoid form is torchvision's `sigmoid_focal_loss` (dense detection,
 * one-vs-all); the softmax form is the usual multi-class variant with per-class α.
 */
import { tf, type Tensor } from '../../core/tf.js';
import type { ReductionOptions, TensorLike } from '../../core/types.js';
import { expectKnownOptions, expectSameShape, expectValuesIn, numberOption, reductionOption, toTensor } from '../../core/validate.js';
import { reduce, reduceWeighted } from '../../core/reduce.js';
import { powNonNeg } from '../../core/ops.js';
import type { LossDescriptor } from '../../catalog/types.js';
import { useFused } from '../../fused/dispatch.js';
import { fusedFocal } from '../../fused/classification.js';
import { bceWithLogitsElementwise } from './binary.js';
import { classRows, classVectorOption, curveOf, pickClass, ptLogits, REDUCTIONS } from './common.js';

export interface SigmoidFocalOptions extends ReductionOptions {
  /** Weight of positives α ≤ 1 (negatives get 1 − α); any α < 0 disables the α term. Default 0.25. */
  alpha?: number;
  /** Focusing parameter γ >= 0; 0 gives (α-weighted) BCE. Default 2. */
  gamma?: number;
}

/**
 * Sigmoid focal loss, torchvision's `sigmoid_focal_loss` (RetinaNet), but with `reduction`
 * defaulting to `'mean'` (torchvision: `'none'`).
 *
 * With p = σ(x) and binary (or soft) targets y:
 *   p_t = p·y + (1 − p)(1 − y),   α_t = α·y + (1 − α)(1 − y),
 *   l_n = α_t · (1 − p_t)^γ · BCEWithLogits(x_n, y_n)
 * then 'mean' (over all elements), 'sum' or 'none' (shape of logits). Any α < 0 drops α_t
 * (torchvision accepts only −1 for that); α > 1 is an error, as in torchvision.
 *
 * 1 − p_t is computed as y·σ(−x) + (1 − y)·σ(x) (equal, without the cancellation of 1 − p_t in
 * float32), and (1 − p_t)^γ has a finite gradient where 1 − p_t = 0 (logits of ±1e4).
 *
 * @param logits raw scores, any shape
 * @param target targets in [0, 1] (0 negative, 1 positive), the same shape
 * @param options.alpha α, default 0.25 (< 0: no α weighting)
 * @param options.gamma γ >= 0, default 2
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see Lin et al., Focal Loss for Dense Object Detection, 2017, https://arxiv.org/abs/1708.02002
 * @see https://pytorch.org/vision/stable/generated/torchvision.ops.sigmoid_focal_loss.html
 */
export function sigmoidFocalLoss(logits: TensorLike, target: TensorLike, options?: SigmoidFocalOptions): Tensor {
  const loss = 'sigmoidFocalLoss';
  expectKnownOptions(options, ['alpha', 'gamma'], loss);
  const reduction = reductionOption(options, loss);
  const alpha = numberOption(options, 'alpha', 0.25, { max: 1 }, loss);
  const gamma = numberOption(options, 'gamma', 2, { min: 0 }, loss);
  return tf.tidy(() => {
    const x = toTensor(logits, loss, 'logits');
    const y = toTensor(target, loss, 'target');
    expectSameShape(x, y, loss, 'logits', 'target');
    expectValuesIn(y, 0, 1, loss, 'target', 'targets in [0, 1]');
    const oneMinusPt = tf.add(tf.mul(y, tf.sigmoid(tf.neg(x))), tf.mul(tf.sub(1, y), tf.sigmoid(x)));
    let l = tf.mul(bceWithLogitsElementwise(x, y), powNonNeg(oneMinusPt, gamma));
    if (alpha >= 0) l = tf.mul(l, tf.add(tf.mul(alpha, y), tf.mul(1 - alpha, tf.sub(1, y))));
    return reduce(l, reduction);
  });
}

export interface FocalOptions extends ReductionOptions {
  /** Focusing parameter γ >= 0; 0 gives (α-weighted) cross-entropy. Default 2. */
  gamma?: number;
  /** Per-class weights α_c (length C), or one number for every class. Default: none (1). */
  alpha?: TensorLike;
  /** Class-index target to skip. Default −100. */
  ignoreIndex?: number;
}

/**
 * Multi-class (softmax) focal loss.
 *
 * With p_t = softmax(x_n)_{y_n}:  l_n = −α_{y_n} · (1 − p_t)^γ · log p_t,  0 where y_n = ignoreIndex;
 * 'mean' (default) is the plain mean over non-ignored samples (not divided by Σα, unlike
 * crossEntropy's weighted mean: the usual implementations do this), 'sum', or 'none'
 * ([N, d1, ...], 0 at ignored). All targets ignored: 0 with a zero gradient.
 *
 * log p_t comes from tf.logSoftmax and 1 − p_t from −expm1(log p_t), so logits of ±1e4 and p_t
 * close to 1 stay accurate; (1 − p_t)^γ has a finite gradient at p_t = 1. γ = 0 without α is
 * crossEntropy.
 *
 * @param logits [N, C], [N, C, d1, ...] (e.g. segmentation) or [C]
 * @param target class indices, shape of logits without the class axis
 * @param options.gamma γ >= 0, default 2
 * @param options.alpha per-class α (length C) or a number (default: none)
 * @param options.ignoreIndex default −100
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see Lin et al., Focal Loss for Dense Object Detection, 2017, https://arxiv.org/abs/1708.02002
 */
export function focalLoss(logits: TensorLike, target: TensorLike, options?: FocalOptions): Tensor {
  const loss = 'focalLoss';
  expectKnownOptions(options, ['gamma', 'alpha', 'ignoreIndex'], loss);
  const reduction = reductionOption(options, loss);
  const gamma = numberOption(options, 'gamma', 2, { min: 0 }, loss);
  const ignoreIndex = numberOption(options, 'ignoreIndex', -100, { integer: true }, loss);
  return tf.tidy(() => {
    const r = classRows(toTensor(logits, loss, 'logits'), toTensor(target, loss, 'target'), loss, 'logits', ignoreIndex);
    const alpha = classVectorOption(options, 'alpha', r.numClasses, loss, true);
    if (r.outShape.length <= 1 && useFused(r.rows.size)) return fusedFocal(r, alpha, gamma, reduction);
    const logPt = pickClass(tf.logSoftmax(r.rows, -1), r.indices, r.numClasses);
    let l = tf.mul(tf.neg(powNonNeg(tf.neg(tf.expm1(logPt)), gamma)), logPt);
    if (alpha) l = tf.mul(l, tf.gather(alpha, r.indices));
    return reduceWeighted(tf.mul(l, r.keep).reshape(r.outShape), r.keep, reduction);
  });
}

// ---------------------------------------------------------------------------------------------
// Catalog descriptors

const ptAxis = { key: 'pt', label: 'probability of the true class p_t', symbol: 'p_t', min: 0.01, max: 0.99 } as const;
const gammaParam = { name: 'gamma', symbol: '\\gamma', description: 'focusing: how much easy examples are down-weighted', kind: 'number', default: 2, range: { min: 0, max: 5, step: 0.1 }, valid: '>= 0' } as const;
const focalReference = { title: 'Focal Loss for Dense Object Detection', authors: 'T.-Y. Lin, P. Goyal, R. Girshick, K. He, P. Dollár', year: 2017, url: 'https://arxiv.org/abs/1708.02002' };

export const sigmoidFocalLossInfo: LossDescriptor = {
  id: 'sigmoidFocalLoss',
  title: 'Sigmoid focal loss',
  family: 'classification',
  summary: 'BCE with logits scaled by (1 − p_t)^γ: easy examples (p_t near 1) barely count, so the rare hard ones dominate. Built for dense detection with extreme foreground/background imbalance. Curve: target 1.',
  formula: '\\ell = -\\alpha_t (1 - p_t)^{\\gamma} \\log p_t, \\quad p = \\sigma(x),\\ p_t = p y + (1 - p)(1 - y)',
  gradient: '\\frac{\\partial \\ell}{\\partial x} = \\alpha_t\\, y_{\\pm} (1 - p_t)^{\\gamma} \\left[\\gamma\\, p_t \\log p_t + p_t - 1\\right], \\quad y_{\\pm} = 2y - 1',
  inputs: [
    { name: 'logits', description: 'raw scores', shape: 'any', differentiable: true },
    { name: 'target', description: 'targets in [0, 1]', shape: 'same as logits', differentiable: false },
  ],
  params: [
    { name: 'alpha', symbol: '\\alpha', description: 'weight of positives (negatives: 1 − α); < 0 disables', kind: 'number', default: 0.25, range: { min: 0, max: 1, step: 0.05 }, valid: '<= 1 (any value < 0 disables α)' },
    gammaParam,
  ],
  reductions: REDUCTIONS,
  defaultReduction: 'mean',
  axis: ptAxis,
  curve: (x, p) =>
    curveOf(x, (flat) => {
      const [logPos, logNeg] = tf.split(ptLogits(flat), 2, 1) as [Tensor, Tensor];
      return sigmoidFocalLoss(tf.sub(logPos, logNeg).reshape([-1]), tf.onesLike(flat), {
        alpha: p['alpha'] as number | undefined,
        gamma: p['gamma'] as number | undefined,
        reduction: 'none',
      });
    }),
  reference: focalReference,
  equivalents: { pytorch: 'torchvision.ops.sigmoid_focal_loss', keras: 'keras.losses.BinaryFocalCrossentropy' },
  notes: ["reduction defaults to 'mean' (torchvision: 'none').", 'Any α < 0 disables α (torchvision accepts only −1).'],
};

export const focalLossInfo: LossDescriptor = {
  id: 'focalLoss',
  title: 'Focal loss (softmax, multi-class)',
  family: 'classification',
  summary: 'Softmax cross-entropy scaled by (1 − p_t)^γ: confident correct predictions stop contributing, which helps with class imbalance and many easy examples. γ = 0 is cross-entropy.',
  formula: '\\ell = -\\alpha_y (1 - p_t)^{\\gamma} \\log p_t, \\quad p_t = \\operatorname{softmax}(x)_y',
  gradient: '\\frac{\\partial \\ell}{\\partial \\log p_t} = -\\alpha_y (1 - p_t)^{\\gamma - 1} \\left[(1 - p_t) - \\gamma\\, p_t \\log p_t\\right]',
  inputs: [
    { name: 'logits', description: 'unnormalised class scores', shape: '[N, C], [N, C, d1, ...] or [C]', differentiable: true },
    { name: 'target', description: 'class indices', shape: '[N], [N, d1, ...] or []', differentiable: false },
  ],
  params: [
    gammaParam,
    { name: 'alpha', symbol: '\\alpha', description: 'class weight (a number here; per class in code)', kind: 'number', default: null, range: { min: 0, max: 1, step: 0.05 }, valid: 'a number or one finite number per class' },
    { name: 'ignoreIndex', symbol: '\\text{ignore}', description: 'class-index target that is skipped', kind: 'integer', default: -100, valid: 'any integer' },
  ],
  reductions: REDUCTIONS,
  defaultReduction: 'mean',
  axis: ptAxis,
  curve: (x, p) =>
    curveOf(x, (flat) =>
      focalLoss(ptLogits(flat), tf.zeros([flat.size], 'int32'), { gamma: p['gamma'] as number | undefined, alpha: p['alpha'] as number | undefined, reduction: 'none' }),
    ),
  reference: focalReference,
  equivalents: { other: 'kornia.losses.FocalLoss; timm / mmdet softmax focal loss' },
  notes: ["With α, 'mean' is the plain mean over non-ignored samples (not divided by the sum of α).", "'none' gives 0 at ignored positions; all ignored: 0 with a zero gradient."],
};
