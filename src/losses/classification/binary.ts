/**
 * Binary cross-entropy on probabilities and on logits, PyTorch's `BCELoss` and
 * `BCEWithLogitsLoss`: element-wise, for binary and multi-label targets of any shape.
 */
import { tf, type Tensor } from '../../core/tf.js';
import type { ReductionOptions, TensorLike } from '../../core/types.js';
import {
  expectBroadcastableTo,
  expectKnownOptions,
  expectSameShape,
  expectValuesIn,
  reductionOption,
  toTensor,
} from '../../core/validate.js';
import { reduce } from '../../core/reduce.js';
import type { LossDescriptor } from '../../catalog/types.js';
import { useFused } from '../../fused/dispatch.js';
import { bceWeightsFusable, fusedBceWithLogits } from '../../fused/classification.js';
import { curveOf, REDUCTIONS } from './common.js';

export interface BinaryCrossEntropyOptions extends ReductionOptions {
  /** Per-element weights, broadcastable to the input's shape. Default: all 1. */
  weight?: TensorLike;
}

export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /** Weight of the positive term p_c, broadcastable to the input (usually one per class, [C]). Default: 1. */
  posWeight?: TensorLike;
}

/** torch's clamp: log values below −100 are raised to −100, so log(0) gives −100, not −inf. */
const LOG_FLOOR = -100;
/** torch's EPSILON in binary_cross_entropy_backward (aten/src/ATen/native/Loss.cpp). */
const GRAD_EPSILON = 1e-12;

function clampedLog(x: Tensor): Tensor {
  return tf.maximum(tf.log(x), LOG_FLOOR);
}

/**
 * −[y log x + (1 − y) log(1 − x)] with both logs clamped at −100, and torch's gradients:
 * ∂/∂x = (x − y) / max(x(1 − x), 1e-12) (finite at x = 0 and 1: 0 where x = y, ±1e12 otherwise),
 * ∂/∂y = log(1 − x) − log(x) with the logs clamped (torch leaves this one unclamped: ±inf at 0, 1).
 */
function clampedBce(x: Tensor, y: Tensor): Tensor {
  const f = tf.customGrad(((p: Tensor, t: Tensor, save: tf.GradSaveFunc) => {
    save([p, t]);
    const value = tf.neg(tf.add(tf.mul(t, clampedLog(p)), tf.mul(tf.sub(1, t), clampedLog(tf.sub(1, p)))));
    return {
      value,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [ps, ts] = saved as [Tensor, Tensor];
        const denom = tf.maximum(tf.mul(ps, tf.sub(1, ps)), GRAD_EPSILON);
        return [
          tf.mul(dy, tf.div(tf.sub(ps, ts), denom)),
          tf.mul(dy, tf.sub(clampedLog(tf.sub(1, ps)), clampedLog(ps))),
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x, y) as Tensor;
}

/** Reads an optional per-element weight option, checked to broadcast to `shape` and be finite. */
function elementWeightOption(options: object | undefined, key: string, shape: readonly number[], loss: string): Tensor | null {
  const raw = (options as Record<string, unknown> | undefined)?.[key];
  if (raw === undefined || raw === null) return null;
  const w = toTensor(raw, loss, `options.${key}`);
  expectBroadcastableTo(w, shape, loss, `options.${key}`);
  expectValuesIn(w, -Number.MAX_VALUE, Number.MAX_VALUE, loss, `options.${key}`, 'finite numbers');
  return w;
}

/**
 * Binary cross-entropy on probabilities, PyTorch's `BCELoss`.
 *
 * l_n = −w_n [y_n · max(log x_n, −100) + (1 − y_n) · max(log(1 − x_n), −100)],
 * then 'mean' (default, over all elements; weights do not normalise), 'sum' or 'none' (shape of x).
 *
 * The clamp at −100 is torch's: x = 0 or 1 give finite values (at most 100 per element). The
 * gradient is torch's too, ∂l_n/∂x_n = w_n (x_n − y_n) / max(x_n (1 − x_n), 1e-12): finite at 0 and 1
 * (0 where x = y, e.g. −1e12 at x = 0, y = 1).
 *
 * Prefer `binaryCrossEntropyWithLogits` on raw scores: it is exact where sigmoid saturates.
 *
 * @param probs probabilities in [0, 1], any shape (outside [0, 1]: LossInputError, as torch)
 * @param target targets in [0, 1] (labels or soft labels), the same shape
 * @param options.weight per-element weights broadcastable to probs (default: none)
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html
 */
export function binaryCrossEntropy(probs: TensorLike, target: TensorLike, options?: BinaryCrossEntropyOptions): Tensor {
  const loss = 'binaryCrossEntropy';
  expectKnownOptions(options, ['weight'], loss);
  const reduction = reductionOption(options, loss);
  return tf.tidy(() => {
    const x = toTensor(probs, loss, 'probs');
    const y = toTensor(target, loss, 'target');
    expectSameShape(x, y, loss, 'probs', 'target');
    expectValuesIn(x, 0, 1, loss, 'probs', 'probabilities in [0, 1]');
    expectValuesIn(y, 0, 1, loss, 'target', 'targets in [0, 1]');
    const weight = elementWeightOption(options, 'weight', x.shape, loss);
    const l = clampedBce(x, y);
    return reduce(weight ? tf.mul(l, weight) : l, reduction);
  });
}

/**
 * Binary cross-entropy on logits, PyTorch's `BCEWithLogitsLoss` (sigmoid and BCE in one, stable).
 *
 * l_n = −w_n [p_n y_n log σ(x_n) + (1 − y_n) log(1 − σ(x_n))]
 *     = w_n [(1 − y_n) x_n + (1 + (p_n − 1) y_n) · softplus(−x_n)]
 * (the second form, torch's, is what is computed: softplus(−x) = −log σ(x) never overflows, so
 * logits of ±1e4 give exact values and gradients). 'mean' (default) is over all elements.
 *
 * ∂l_n/∂x_n = w_n [(1 − y_n) − (1 + (p_n − 1) y_n) σ(−x_n)]; with p = 1 that is w_n (σ(x_n) − y_n).
 *
 * @param logits raw scores, any shape
 * @param target targets in [0, 1], the same shape
 * @param options.weight per-element weights w broadcastable to logits (default: none)
 * @param options.posWeight weight p of positive examples, broadcastable to logits, usually one per
 *   class [C] on the last axis (default: none, i.e. 1); > 1 raises recall
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html
 */
export function binaryCrossEntropyWithLogits(logits: TensorLike, target: TensorLike, options?: BinaryCrossEntropyWithLogitsOptions): Tensor {
  const loss = 'binaryCrossEntropyWithLogits';
  expectKnownOptions(options, ['weight', 'posWeight'], loss);
  const reduction = reductionOption(options, loss);
  return tf.tidy(() => {
    const x = toTensor(logits, loss, 'logits');
    const y = toTensor(target, loss, 'target');
    expectSameShape(x, y, loss, 'logits', 'target');
    expectValuesIn(y, 0, 1, loss, 'target', 'targets in [0, 1]');
    const weight = elementWeightOption(options, 'weight', x.shape, loss);
    const posWeight = elementWeightOption(options, 'posWeight', x.shape, loss);
    if (useFused(x.size) && bceWeightsFusable(x.shape, weight, posWeight)) return fusedBceWithLogits(x, y, weight, posWeight, reduction);
    return reduce(bceWithLogitsElementwise(x, y, weight, posWeight), reduction);
  });
}

/**
 * The unreduced BCE-with-logits of already validated tensors, shape of x. Shared with
 * sigmoidFocalLoss, whose cross-entropy term it is.
 */
export function bceWithLogitsElementwise(x: Tensor, y: Tensor, weight: Tensor | null = null, posWeight: Tensor | null = null): Tensor {
  const logWeight = posWeight ? tf.add(1, tf.mul(tf.sub(posWeight, 1), y)) : null;
  const softplusNeg = tf.softplus(tf.neg(x));
  const l = tf.add(tf.mul(tf.sub(1, y), x), logWeight ? tf.mul(logWeight, softplusNeg) : softplusNeg);
  return weight ? tf.mul(l, weight) : l;
}

// ---------------------------------------------------------------------------------------------
// Catalog descriptors

const binaryInputs = (first: string, what: string) =>
  [
    { name: first, description: what, shape: 'any', differentiable: true },
    { name: 'target', description: 'targets in [0, 1]', shape: `same as ${first}`, differentiable: false },
  ] as const;

export const binaryCrossEntropyInfo: LossDescriptor = {
  id: 'binaryCrossEntropy',
  title: 'Binary cross-entropy (probabilities)',
  family: 'classification',
  summary: 'Cross-entropy of independent yes/no outcomes, on probabilities. Curve: target 1, so ℓ = −log p. Logs are clamped at −100 (torch), so p = 0 or 1 stay finite; prefer the logits version for stability.',
  formula: '\\ell = -w\\,[\\,y \\log p + (1 - y) \\log(1 - p)\\,]',
  gradient: '\\frac{\\partial \\ell}{\\partial p} = w\\,\\frac{p - y}{\\max(p(1 - p),\\ 10^{-12})}',
  inputs: binaryInputs('probs', 'probabilities in [0, 1]'),
  params: [],
  reductions: REDUCTIONS,
  defaultReduction: 'mean',
  axis: { key: 'probability', label: 'predicted probability p (target 1)', symbol: 'p', min: 0.01, max: 0.99 },
  curve: (x) => curveOf(x, (flat) => binaryCrossEntropy(flat, tf.onesLike(flat), { reduction: 'none' })),
  reference: { title: 'torch.nn.BCELoss', authors: 'PyTorch', year: 2016, url: 'https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html' },
  equivalents: { pytorch: 'torch.nn.BCELoss', keras: 'keras.losses.BinaryCrossentropy' },
  notes: [
    'log is clamped at −100 as in torch (Keras clips p to [1e-7, 1 − 1e-7] instead, so values differ near 0 and 1).',
    'The gradient at p = 0 and 1 is torch\'s (p − y)/max(p(1 − p), 1e-12): finite.',
    'Option `weight` (per element, broadcastable) is not a slider.',
  ],
};

export const binaryCrossEntropyWithLogitsInfo: LossDescriptor = {
  id: 'binaryCrossEntropyWithLogits',
  title: 'Binary cross-entropy with logits',
  family: 'classification',
  summary: 'Sigmoid plus binary cross-entropy in one stable step: the loss for binary and multi-label classification. posWeight trades precision for recall on rare positives. Curve: target 1.',
  formula: '\\ell = w\\,[(1 - y)\\,x + (1 + (p_w - 1)\\,y)\\,\\log(1 + e^{-x})]',
  gradient: '\\frac{\\partial \\ell}{\\partial x} = w\\,[(1 - y) - (1 + (p_w - 1)\\,y)\\,\\sigma(-x)]',
  inputs: binaryInputs('logits', 'raw scores'),
  params: [{ name: 'posWeight', symbol: 'p_w', description: 'weight of the positive term (a number here; per class in code)', kind: 'number', default: 1, range: { min: 0.1, max: 10, step: 0.1 }, valid: 'finite, broadcastable to logits' }],
  reductions: REDUCTIONS,
  defaultReduction: 'mean',
  axis: { key: 'logit', label: 'logit x (target 1)', symbol: 'x', min: -6, max: 6 },
  curve: (x, p) =>
    curveOf(x, (flat) =>
      binaryCrossEntropyWithLogits(flat, tf.onesLike(flat), { posWeight: p['posWeight'] === undefined ? undefined : [p['posWeight'] as number], reduction: 'none' }),
    ),
  reference: { title: 'torch.nn.BCEWithLogitsLoss', authors: 'PyTorch', year: 2016, url: 'https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html' },
  equivalents: { pytorch: 'torch.nn.BCEWithLogitsLoss', keras: 'keras.losses.BinaryCrossentropy(from_logits=True)' },
  notes: ['Computed as torch does, with softplus(−x): finite and exact for logits of ±1e4.'],
};
