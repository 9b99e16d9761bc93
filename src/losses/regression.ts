/**
 * Regression losses: MAE (L1), MSE, Huber and Smooth L1. Each compares a prediction with a
 * target of the same shape element by element, then reduces.
 */
import { tf, type Tensor } from '../core/tf.js';
import type { ReductionOptions, TensorLike } from '../core/types.js';
import { expectKnownOptions, expectSameShape, numberOption, reductionOption, toTensor } from '../core/validate.js';
import { reduce } from '../core/reduce.js';
import { abs, positiveMask } from '../core/ops.js';
import type { LossDescriptor } from '../catalog/types.js';
import { useFused } from '../fused/dispatch.js';
import { fusedRegression, type RegressionKind } from '../fused/regression.js';

/** 1 where |d| < bound, else 0, with a zero gradient. */
function insideMask(absDiff: Tensor, bound: number): Tensor {
  return positiveMask(tf.sub(bound, absDiff));
}

function elementwise(
  loss: string,
  input: TensorLike,
  target: TensorLike,
  options: object | undefined,
  known: readonly string[],
  perElement: (diff: Tensor) => Tensor,
  fused: { kind: RegressionKind; param: number },
): Tensor {
  expectKnownOptions(options, known, loss);
  const reduction = reductionOption(options, loss);
  return tf.tidy(() => {
    const x = toTensor(input, loss, 'input');
    const y = toTensor(target, loss, 'target');
    expectSameShape(x, y, loss, 'input', 'target');
    if (useFused(x.size)) return fusedRegression(fused.kind, x, y, fused.param, reduction);
    return reduce(perElement(tf.sub(x, y)), reduction);
  });
}

/**
 * Mean absolute error, PyTorch's `L1Loss`.
 *
 * ℓ(x, y) = {l_1, …, l_N},  l_n = |x_n − y_n|, then reduced: mean (default), sum or none.
 *
 * d l_n / d x_n = sign(x_n − y_n) (0 at x_n = y_n, as torch).
 *
 * @param input predictions, any shape
 * @param target targets, the same shape
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'` (shape of input)
 * @see https://pytorch.org/docs/stable/generated/torch.nn.L1Loss.html
 */
export function l1Loss(input: TensorLike, target: TensorLike, options?: ReductionOptions): Tensor {
  return elementwise('l1Loss', input, target, options, [], (d) => abs(d), { kind: 'l1', param: 0 });
}

/**
 * Mean squared error, PyTorch's `MSELoss`.
 *
 * ℓ(x, y) = {l_1, …, l_N},  l_n = (x_n − y_n)², then reduced: mean (default), sum or none.
 *
 * d l_n / d x_n = 2 (x_n − y_n).
 *
 * @param input predictions, any shape
 * @param target targets, the same shape
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'` (shape of input)
 * @see https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html
 */
export function mseLoss(input: TensorLike, target: TensorLike, options?: ReductionOptions): Tensor {
  return elementwise('mseLoss', input, target, options, [], (d) => tf.square(d), { kind: 'mse', param: 0 });
}

export interface HuberOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear; > 0, default 1. */
  delta?: number;
}

/**
 * Huber loss, PyTorch's `HuberLoss` (Huber 1964).
 *
 * l_n = ½ (x_n − y_n)²                 if |x_n − y_n| < δ
 *       δ (|x_n − y_n| − ½ δ)          otherwise
 *
 * d l_n / d x_n = clamp(x_n − y_n, −δ, δ). Huber = δ · SmoothL1 with β = δ.
 *
 * @param options.delta δ > 0, default 1
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see https://pytorch.org/docs/stable/generated/torch.nn.HuberLoss.html
 */
export function huberLoss(input: TensorLike, target: TensorLike, options?: HuberOptions): Tensor {
  const delta = numberOption(options, 'delta', 1, { min: 0, exclusiveMin: true }, 'huberLoss');
  return elementwise('huberLoss', input, target, options, ['delta'], (d) => {
    const a = abs(d);
    const inner = insideMask(a, delta);
    return tf.add(tf.mul(inner, tf.mul(0.5, tf.square(d))), tf.mul(tf.sub(1, inner), tf.mul(delta, tf.sub(a, 0.5 * delta))));
  }, { kind: 'huber', param: delta });
}

export interface SmoothL1Options extends ReductionOptions {
  /** Where the loss turns from quadratic to linear; >= 0, default 1 (0 gives L1). */
  beta?: number;
}

/**
 * Smooth L1 loss, PyTorch's `SmoothL1Loss` (Girshick, Fast R-CNN 2015).
 *
 * l_n = ½ (x_n − y_n)² / β             if |x_n − y_n| < β
 *       |x_n − y_n| − ½ β              otherwise
 *
 * d l_n / d x_n = clamp((x_n − y_n) / β, −1, 1). With β = 0 it is L1. SmoothL1(β) = Huber(δ=β) / β.
 *
 * @param options.beta β >= 0, default 1
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see https://pytorch.org/docs/stable/generated/torch.nn.SmoothL1Loss.html
 */
export function smoothL1Loss(input: TensorLike, target: TensorLike, options?: SmoothL1Options): Tensor {
  const beta = numberOption(options, 'beta', 1, { min: 0 }, 'smoothL1Loss');
  return elementwise('smoothL1Loss', input, target, options, ['beta'], (d) => {
    const a = abs(d);
    if (beta === 0) return a;
    const inner = insideMask(a, beta);
    return tf.add(tf.mul(inner, tf.div(tf.mul(0.5, tf.square(d)), beta)), tf.mul(tf.sub(1, inner), tf.sub(a, 0.5 * beta)));
  }, beta === 0 ? { kind: 'l1', param: 0 } : { kind: 'smoothL1', param: beta });
}

// ---------------------------------------------------------------------------------------------
// Catalog descriptors

const residualAxis = { key: 'residual', label: 'residual x − y', symbol: 'x - y', min: -3, max: 3 } as const;
const regressionInputs = [
  { name: 'input', description: 'predictions', shape: 'any', differentiable: true },
  { name: 'target', description: 'targets', shape: 'same as input', differentiable: false },
] as const;
const reductionsAll = ['mean', 'sum', 'none'] as const;

export const l1LossInfo: LossDescriptor = {
  id: 'l1Loss',
  title: 'Mean absolute error (L1)',
  family: 'regression',
  summary: 'Penalises the absolute error. Robust to outliers (their gradient is bounded by 1), and estimates the median; its gradient does not shrink near the optimum.',
  formula: '\\ell(x, y) = |x - y|',
  gradient: '\\frac{\\partial \\ell}{\\partial x} = \\operatorname{sign}(x - y)',
  inputs: regressionInputs,
  params: [],
  reductions: reductionsAll,
  defaultReduction: 'mean',
  axis: residualAxis,
  curve: (x) => tf.tidy(() => l1Loss(x, tf.zerosLike(x), { reduction: 'none' })),
  reference: { title: 'torch.nn.L1Loss', authors: 'PyTorch', year: 2016, url: 'https://pytorch.org/docs/stable/generated/torch.nn.L1Loss.html' },
  equivalents: { pytorch: 'torch.nn.L1Loss', keras: 'keras.losses.MeanAbsoluteError' },
  notes: ['The gradient at x = y is 0, as in PyTorch.'],
};

export const mseLossInfo: LossDescriptor = {
  id: 'mseLoss',
  title: 'Mean squared error',
  family: 'regression',
  summary: 'Penalises the squared error: the maximum-likelihood loss under Gaussian noise. Estimates the mean; large errors dominate, so outliers pull hard.',
  formula: '\\ell(x, y) = (x - y)^2',
  gradient: '\\frac{\\partial \\ell}{\\partial x} = 2(x - y)',
  inputs: regressionInputs,
  params: [],
  reductions: reductionsAll,
  defaultReduction: 'mean',
  axis: residualAxis,
  curve: (x) => tf.tidy(() => mseLoss(x, tf.zerosLike(x), { reduction: 'none' })),
  reference: { title: 'torch.nn.MSELoss', authors: 'PyTorch', year: 2016, url: 'https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html' },
  equivalents: { pytorch: 'torch.nn.MSELoss', keras: 'keras.losses.MeanSquaredError' },
  notes: ['No factor 1/2: PyTorch and Keras define MSE without it.'],
};

export const huberLossInfo: LossDescriptor = {
  id: 'huberLoss',
  title: 'Huber loss',
  family: 'regression',
  summary: 'Quadratic for small errors, linear for large ones: MSE\'s smooth optimum with MAE\'s robustness to outliers. δ sets where the switch happens.',
  formula: '\\ell(x, y) = \\begin{cases} \\tfrac12 (x - y)^2 & |x - y| < \\delta \\\\ \\delta\\,(|x - y| - \\tfrac12 \\delta) & \\text{otherwise} \\end{cases}',
  gradient: '\\frac{\\partial \\ell}{\\partial x} = \\operatorname{clamp}(x - y, -\\delta, \\delta)',
  inputs: regressionInputs,
  params: [{ name: 'delta', symbol: '\\delta', description: 'where quadratic turns linear', kind: 'number', default: 1, range: { min: 0.1, max: 3, step: 0.05 }, valid: '> 0' }],
  reductions: reductionsAll,
  defaultReduction: 'mean',
  axis: residualAxis,
  curve: (x, p) => tf.tidy(() => huberLoss(x, tf.zerosLike(x), { delta: p['delta'] as number | undefined, reduction: 'none' })),
  reference: { title: 'Robust Estimation of a Location Parameter', authors: 'P. J. Huber', year: 1964, url: 'https://doi.org/10.1214/aoms/1177703732' },
  equivalents: { pytorch: 'torch.nn.HuberLoss', keras: 'keras.losses.Huber' },
  notes: ['huberLoss(δ) = δ · smoothL1Loss(β = δ).'],
};

export const smoothL1LossInfo: LossDescriptor = {
  id: 'smoothL1Loss',
  title: 'Smooth L1 loss',
  family: 'regression',
  summary: 'Huber loss divided by its threshold: the box-regression loss of Fast R-CNN. Its linear part has slope 1 whatever β, so β only rounds the corner of L1.',
  formula: '\\ell(x, y) = \\begin{cases} \\tfrac{0.5 (x - y)^2}{\\beta} & |x - y| < \\beta \\\\ |x - y| - \\tfrac12 \\beta & \\text{otherwise} \\end{cases}',
  gradient: '\\frac{\\partial \\ell}{\\partial x} = \\operatorname{clamp}\\!\\left(\\tfrac{x - y}{\\beta}, -1, 1\\right)',
  inputs: regressionInputs,
  params: [{ name: 'beta', symbol: '\\beta', description: 'where quadratic turns linear', kind: 'number', default: 1, range: { min: 0, max: 3, step: 0.05 }, valid: '>= 0 (0 gives L1)' }],
  reductions: reductionsAll,
  defaultReduction: 'mean',
  axis: residualAxis,
  curve: (x, p) => tf.tidy(() => smoothL1Loss(x, tf.zerosLike(x), { beta: p['beta'] as number | undefined, reduction: 'none' })),
  reference: { title: 'Fast R-CNN', authors: 'R. Girshick', year: 2015, url: 'https://arxiv.org/abs/1504.08083' },
  equivalents: { pytorch: 'torch.nn.SmoothL1Loss' },
  notes: ['β = 0 gives exactly L1, as in PyTorch.'],
};
