/**
 * PolyLoss (Leng et al. 2022): cross-entropy with its leading polynomial coefficients in (1 − p_t)
 * perturbed. Poly-1 adds ε(1 − p_t); Poly-N adds Σ_j ε_j (1 − p_t)^j.
 */
import { tf, type Tensor } from '../../core/tf.js';
import type { ReductionOptions, TensorLike } from '../../core/types.js';
import { fail } from '../../core/errors.js';
import { describeValue, expectKnownOptions, numberOption, reductionOption, toTensor } from '../../core/validate.js';
import { reduceWeighted } from '../../core/reduce.js';
import { powNonNeg } from '../../core/ops.js';
import type { LossDescriptor } from '../../catalog/types.js';
import { classRows, curveOf, pickClass, ptLogits, REDUCTIONS } from './common.js';

export interface PolyOptions extends ReductionOptions {
  /** ε for Poly-1 (default 1), or [ε_1, …, ε_N] for Poly-N. */
  epsilon?: number | readonly number[];
  /** Class-index target to skip. Default −100. */
  ignoreIndex?: number;
}

function epsilonOption(options: PolyOptions | undefined, loss: string): number[] {
  const raw = options?.epsilon as unknown;
  if (raw === undefined) return [1];
  if (typeof raw === 'number') return [numberOption(options, 'epsilon', 1, {}, loss)];
  const ok = Array.isArray(raw) && raw.length > 0 && raw.every((e) => typeof e === 'number' && Number.isFinite(e));
  if (!ok) fail(loss, 'options.epsilon', 'a finite number or a non-empty array of finite numbers [ε1, ..., εN]', Array.isArray(raw) ? `[${raw.map(describeValue).join(', ')}]` : describeValue(raw));
  return raw as number[];
}

/**
 * PolyLoss on softmax logits with class-index targets.
 *
 * With p_t = softmax(x_n)_{y_n} and CE = −log p_t:
 *   Poly-1: l_n = CE + ε (1 − p_t)                       (`epsilon` a number, default 1)
 *   Poly-N: l_n = CE + Σ_{j=1..N} ε_j (1 − p_t)^j         (`epsilon` = [ε_1, …, ε_N])
 * l_n = 0 where y_n = ignoreIndex; 'mean' (default) over non-ignored samples, 'sum', 'none'
 * ([N, d1, ...]). All targets ignored: 0 with a zero gradient.
 *
 * Why this form: CE = Σ_j (1 − p_t)^j / j; PolyLoss perturbs the coefficients 1/j by ε_j, so the
 * added term is ε_j (1 − p_t)^j, not divided by j again (the paper's Eq. 2 and its experiments;
 * the overview notes that write ε_j (1 − p_t)^j / j describe the expansion, not the perturbation).
 * ε = −1 removes the first term of CE's expansion; the paper's best ImageNet setting is ε = 2.
 *
 * @param logits [N, C], [N, C, d1, ...] or [C]
 * @param target class indices, shape of logits without the class axis
 * @param options.epsilon ε (default 1) or [ε_1, …, ε_N]; any finite values
 * @param options.ignoreIndex default −100
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see Leng et al., PolyLoss: A Polynomial Expansion Perspective of Classification Loss Functions,
 *   ICLR 2022, https://arxiv.org/abs/2204.12511
 */
export function polyLoss(logits: TensorLike, target: TensorLike, options?: PolyOptions): Tensor {
  const loss = 'polyLoss';
  expectKnownOptions(options, ['epsilon', 'ignoreIndex'], loss);
  const reduction = reductionOption(options, loss);
  const eps = epsilonOption(options, loss);
  const ignoreIndex = numberOption(options, 'ignoreIndex', -100, { integer: true }, loss);
  return tf.tidy(() => {
    const r = classRows(toTensor(logits, loss, 'logits'), toTensor(target, loss, 'target'), loss, 'logits', ignoreIndex);
    const logPt = pickClass(tf.logSoftmax(r.rows, -1), r.indices, r.numClasses);
    // 1 − p_t = −expm1(log p_t): exact where p_t is close to 1.
    const oneMinusPt = tf.neg(tf.expm1(logPt));
    let l = tf.neg(logPt);
    eps.forEach((e, k) => {
      if (e !== 0) l = tf.add(l, tf.mul(e, powNonNeg(oneMinusPt, k + 1)));
    });
    return reduceWeighted(tf.mul(l, r.keep).reshape(r.outShape), r.keep, reduction);
  });
}

export const polyLossInfo: LossDescriptor = {
  id: 'polyLoss',
  title: 'PolyLoss (Poly-1 / Poly-N)',
  family: 'classification',
  summary: 'Cross-entropy seen as a polynomial in (1 − p_t), with the leading coefficient(s) adjusted: ε > 0 keeps pushing confident predictions, ε < 0 relaxes them. One extra hyperparameter, often a free gain over CE.',
  formula: '\\ell = -\\log p_t + \\sum_{j=1}^{N} \\varepsilon_j (1 - p_t)^j',
  gradient: '\\frac{\\partial \\ell}{\\partial p_t} = -\\frac{1}{p_t} - \\sum_{j} j\\, \\varepsilon_j (1 - p_t)^{j-1}',
  inputs: [
    { name: 'logits', description: 'unnormalised class scores', shape: '[N, C], [N, C, d1, ...] or [C]', differentiable: true },
    { name: 'target', description: 'class indices', shape: '[N], [N, d1, ...] or []', differentiable: false },
  ],
  params: [{ name: 'epsilon', symbol: '\\varepsilon', description: 'Poly-1 coefficient (an array [ε1..εN] in code gives Poly-N)', kind: 'number', default: 1, range: { min: -1, max: 5, step: 0.1 }, valid: 'any finite number, or an array' }],
  reductions: REDUCTIONS,
  defaultReduction: 'mean',
  axis: { key: 'pt', label: 'probability of the true class p_t', symbol: 'p_t', min: 0.01, max: 0.99 },
  curve: (x, p) => curveOf(x, (flat) => polyLoss(ptLogits(flat), tf.zeros([flat.size], 'int32'), { epsilon: p['epsilon'] as number | undefined, reduction: 'none' })),
  reference: { title: 'PolyLoss: A Polynomial Expansion Perspective of Classification Loss Functions', authors: 'Z. Leng, M. Tan, C. Liu, E. D. Cubuk, X. Shi, S. Cheng, D. Anguelov', year: 2022, url: 'https://arxiv.org/abs/2204.12511' },
  equivalents: { other: 'the paper\'s TensorFlow snippet (poly1_cross_entropy)' },
  notes: [
    'Poly-N adds ε_j (1 − p_t)^j (the paper\'s perturbation of the 1/j coefficients), not ε_j (1 − p_t)^j / j.',
    "'mean' is over non-ignored samples.",
  ],
};
