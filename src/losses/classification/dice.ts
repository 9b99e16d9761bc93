/**
 * Soft Dice loss for segmentation (Milletari et al. 2016, V-Net): one minus the soft Dice
 * coefficient between predicted probabilities and the target mask, per sample.
 */
import { tf, type Tensor } from '../../core/tf.js';
import type { ReductionOptions, TensorLike } from '../../core/types.js';
import { booleanOption, expectKnownOptions, expectRank, expectSameShape, expectValuesIn, numberOption, reductionOption, toTensor } from '../../core/validate.js';
import { reduce, sumAxis } from '../../core/reduce.js';
import type { LossDescriptor } from '../../catalog/types.js';
import { curveOf, REDUCTIONS } from './common.js';

export interface DiceOptions extends ReductionOptions {
  /** s > 0, added to numerator and denominator (keeps empty masks at 0 loss, not 0/0). Default 1e-6. */
  smooth?: number;
  /** true (default): Σp² + Σg² in the denominator (V-Net); false: Σp + Σg. */
  squared?: boolean;
}

/**
 * Soft Dice loss, per sample over all non-batch axes.
 *
 * For sample n with probabilities p and target g (all its channels and pixels together):
 *   l_n = 1 − (2 Σ p·g + s) / (Σ p² + Σ g² + s)      (`squared`, default; Milletari et al.)
 *   l_n = 1 − (2 Σ p·g + s) / (Σ p + Σ g + s)        (`squared: false`; the common soft Dice)
 * then 'mean' (default) or 'sum' over samples, or 'none' ([N]).
 *
 * A sample with an empty target and an empty prediction has loss 0 (s/s); s must be > 0 so that
 * is never 0/0. For a per-class Dice, call it on each channel (or average 'none' over classes).
 *
 * @param probs probabilities in [0, 1], shape [N, ...] (rank >= 2), e.g. [N, C, H, W]
 * @param target target mask in [0, 1], the same shape (one-hot for multi-class)
 * @param options.smooth s > 0, default 1e-6
 * @param options.squared default true
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'` ([N])
 * @see Milletari, Navab, Ahmadi, V-Net, 2016, https://arxiv.org/abs/1606.04797
 * @see monai.losses.DiceLoss (squared_pred, smooth_nr = smooth_dr = s)
 */
export function diceLoss(probs: TensorLike, target: TensorLike, options?: DiceOptions): Tensor {
  const loss = 'diceLoss';
  expectKnownOptions(options, ['smooth', 'squared'], loss);
  const reduction = reductionOption(options, loss);
  const smooth = numberOption(options, 'smooth', 1e-6, { min: 0, exclusiveMin: true }, loss);
  const squared = booleanOption(options, 'squared', true, loss);
  return tf.tidy(() => {
    const p = toTensor(probs, loss, 'probs');
    const g = toTensor(target, loss, 'target');
    expectRank(p, { min: 2 }, loss, 'probs', 'a tensor of shape [N, ...] with at least one non-batch axis');
    expectSameShape(p, g, loss, 'probs', 'target');
    expectValuesIn(p, 0, 1, loss, 'probs', 'probabilities in [0, 1]');
    expectValuesIn(g, 0, 1, loss, 'target', 'target values in [0, 1]');
    const perSample = (t: Tensor) => sumAxis(t.reshape([p.shape[0]!, -1]), 1);
    const intersection = perSample(tf.mul(p, g));
    const denom = squared ? tf.add(perSample(tf.square(p)), perSample(tf.square(g))) : tf.add(perSample(p), perSample(g));
    const l = tf.sub(1, tf.div(tf.add(tf.mul(2, intersection), smooth), tf.add(denom, smooth)));
    return reduce(l, reduction);
  });
}

export const diceLossInfo: LossDescriptor = {
  id: 'diceLoss',
  title: 'Dice loss',
  family: 'segmentation',
  summary: 'One minus the soft Dice overlap between predicted and true masks, per image: insensitive to how much background there is, so small structures count. Curve: one pixel with target 1.',
  formula: '\\ell = 1 - \\frac{2 \\sum p g + s}{\\sum p^2 + \\sum g^2 + s}',
  gradient: '\\frac{\\partial \\ell}{\\partial p_i} = -\\frac{2 g_i}{D} + \\frac{2 p_i (2 \\sum p g + s)}{D^2}, \\quad D = \\sum p^2 + \\sum g^2 + s',
  inputs: [
    { name: 'probs', description: 'predicted probabilities', shape: '[N, ...] (e.g. [N, C, H, W])', differentiable: true },
    { name: 'target', description: 'target mask in [0, 1]', shape: 'same as probs', differentiable: false },
  ],
  params: [
    { name: 'smooth', symbol: 's', description: 'added to numerator and denominator', kind: 'number', default: 1e-6, range: { min: 1e-6, max: 1, step: 0.01 }, valid: '> 0' },
    { name: 'squared', symbol: '\\text{squared}', description: 'Σp² + Σg² (true) or Σp + Σg (false) in the denominator', kind: 'boolean', default: true },
  ],
  reductions: REDUCTIONS,
  defaultReduction: 'mean',
  axis: { key: 'probability', label: 'predicted probability p (one pixel, target 1)', symbol: 'p', min: 0, max: 1 },
  curve: (x, prm) =>
    curveOf(x, (flat) =>
      diceLoss(flat.reshape([-1, 1]), tf.ones([flat.size, 1]), { smooth: prm['smooth'] as number | undefined, squared: prm['squared'] as boolean | undefined, reduction: 'none' }),
    ),
  reference: { title: 'V-Net: Fully Convolutional Neural Networks for Volumetric Medical Image Segmentation', authors: 'F. Milletari, N. Navab, S.-A. Ahmadi', year: 2016, url: 'https://arxiv.org/abs/1606.04797' },
  equivalents: { other: 'monai.losses.DiceLoss(squared_pred=True, smooth_nr=s, smooth_dr=s)' },
  notes: ['Per sample over all non-batch axes (channels included), then reduced over samples.', 'smooth must be > 0: an empty mask then gives 0 loss instead of 0/0.'],
};
