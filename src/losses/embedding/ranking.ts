/**
 * Ranking losses (family 'ranking'): margin ranking on pairs of scores, and the
 * multiple-negatives ranking loss of retrieval models (sentence-transformers).
 */
import { tf, type Tensor } from '../../core/tf.js';
import type { ReductionOptions, TensorLike } from '../../core/types.js';
import {
  booleanOption, choiceOption, expectKnownOptions, expectRank, expectSameShape, expectValuesAmong, numberOption,
  reductionOption, toTensor,
} from '../../core/validate.js';
import { reduce } from '../../core/reduce.js';
import { clampMin } from '../../core/ops.js';
import { rowCrossEntropy } from '../../core/softmax.js';
import { l2Normalize } from '../../core/distance.js';
import type { LossDescriptor } from '../../catalog/types.js';
import { matMul } from '../../fused/matmul.js';
import { ALL_REDUCTIONS, diagonalLabels, embeddingMatrix, expectBatch, expectWidth, tensorOption } from './common.js';

export interface MarginRankingOptions extends ReductionOptions {
  /** How far x1 must exceed x2 (for y = +1) before the loss is 0; any number, default 0. */
  margin?: number;
}

/**
 * Margin ranking loss, PyTorch's `MarginRankingLoss`: for scores x1, x2 and y ∈ {−1, +1} saying
 * which of the two should rank higher (y = +1: x1),
 *
 *   l_n = max(0, −y_n · (x1_n − x2_n) + margin), then reduced: mean (default), sum or none.
 *
 * ∂l_n/∂x1_n = −y_n where −y_n(x1_n − x2_n) + margin >= 0, else 0 (as torch's clamp_min, the
 * gradient still passes at exactly 0), and ∂l_n/∂x2_n = −∂l_n/∂x1_n.
 *
 * @param input1 scores x1, any shape
 * @param input2 scores x2, the same shape
 * @param target y, the same shape, every value −1 or +1 (anything else is a LossInputError)
 * @param options.margin default 0
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'` (shape of input1)
 * @see https://pytorch.org/docs/stable/generated/torch.nn.MarginRankingLoss.html
 */
export function marginRankingLoss(input1: TensorLike, input2: TensorLike, target: TensorLike, options?: MarginRankingOptions): Tensor {
  const loss = 'marginRankingLoss';
  expectKnownOptions(options, ['margin'], loss);
  const margin = numberOption(options, 'margin', 0, {}, loss);
  const reduction = reductionOption(options, loss);
  return tf.tidy(() => {
    const x1 = toTensor(input1, loss, 'input1');
    const x2 = toTensor(input2, loss, 'input2');
    const y = toTensor(target, loss, 'target');
    expectSameShape(x1, x2, loss, 'input1', 'input2');
    expectSameShape(x1, y, loss, 'input1', 'target');
    expectValuesAmong(y, [-1, 1], loss, 'target');
    return reduce(clampMin(tf.add(tf.mul(tf.neg(y), tf.sub(x1, x2)), margin), 0), reduction);
  });
}

export interface MultipleNegativesRankingOptions extends ReductionOptions {
  /**
   * Hard negatives: [N, D] (one per anchor) or [K, N, D] (K columns, as sentence-transformers'
   * (anchor, positive, negative_1, ..., negative_K) inputs). Every anchor sees all of them.
   */
  negatives?: TensorLike;
  /** Multiplies the similarities (1 / temperature); > 0, default 20. */
  scale?: number;
  /** `'cosine'` (default) or `'dot'` (then scale 1 is usual). */
  similarity?: 'cosine' | 'dot';
  /** Add the positive → anchors direction and average the two; default false. */
  symmetric?: boolean;
}

/**
 * Multiple negatives ranking loss, sentence-transformers' `MultipleNegativesRankingLoss` (in-batch
 * negatives; Henderson et al. 2017): each anchor a_i must pick its positive p_i among all
 * candidates c = [p_1 … p_N, hard negatives], scored s_ij = scale · sim(a_i, c_j):
 *
 *   l_i = −log( exp(s_ii) / Σ_j exp(s_ij) )   (cross-entropy with label i).
 *
 * sim is cosine (rows L2-normalised as torch's F.normalize, eps 1e-12, as sentence-transformers'
 * cos_sim) or the dot product. With `symmetric`, as sentence-transformers'
 * MultipleNegativesSymmetricRankingLoss (directions query_to_doc + doc_to_query, per direction):
 * l_i = ½ (l_i^→ + l_i^←), where l_i^← = −log softmax_k(scale · sim(p_i, a_k))_i runs over the
 * anchors only (hard negatives take part in the forward direction only).
 *
 * Without hard negatives it equals `infoNCE(anchors, positives, { temperature: 1 / scale })`.
 *
 * @param anchors [N, D]
 * @param positives [N, D]: positives[i] belongs to anchors[i]; the others are its in-batch negatives
 * @param options.negatives [N, D] or [K, N, D] hard negatives (optional)
 * @param options.scale > 0, default 20
 * @param options.similarity `'cosine'` (default) | `'dot'`
 * @param options.symmetric default false
 * @param options.reduction `'mean'` (default, sentence-transformers' only one) | `'sum'` | `'none'` ([N])
 * @see https://sbert.net/docs/package_reference/sentence_transformer/losses.html#multiplenegativesrankingloss
 */
export function multipleNegativesRankingLoss(anchors: TensorLike, positives: TensorLike, options?: MultipleNegativesRankingOptions): Tensor {
  const loss = 'multipleNegativesRankingLoss';
  expectKnownOptions(options, ['negatives', 'scale', 'similarity', 'symmetric'], loss);
  const scale = numberOption(options, 'scale', 20, { min: 0, exclusiveMin: true }, loss);
  const similarity = choiceOption(options, 'similarity', 'cosine', ['cosine', 'dot'] as const, loss);
  const symmetric = booleanOption(options, 'symmetric', false, loss);
  const reduction = reductionOption(options, loss);
  return tf.tidy(() => {
    const a = embeddingMatrix(anchors, loss, 'anchors');
    const p = toTensor(positives, loss, 'positives');
    expectSameShape(a, p, loss, 'anchors', 'positives');
    const [n, d] = a.shape as [number, number];
    let candidates = p;
    const rawNegatives = tensorOption(options, 'negatives');
    if (rawNegatives !== undefined) {
      const arg = 'options.negatives';
      const neg = toTensor(rawNegatives, loss, arg);
      expectRank(neg, [2, 3], loss, arg, 'a tensor of shape [N, D] or [K, N, D] (K hard negatives per anchor)');
      const cols = neg.rank === 2 ? tf.expandDims(neg, 0) : neg;
      expectBatch(cols, 1, n, loss, arg, 'anchors');
      expectWidth(cols, d, loss, arg, 'anchors');
      candidates = tf.concat([p, tf.reshape(cols, [-1, d])], 0);
    }
    const embed = similarity === 'cosine' ? (t: Tensor) => l2Normalize(t) : (t: Tensor) => t;
    const aE = embed(a);
    const labels = diagonalLabels(n);
    const forward = rowCrossEntropy(tf.mul(matMul(aE, embed(candidates), false, true), scale), labels);
    if (!symmetric) return reduce(forward, reduction);
    const backward = rowCrossEntropy(tf.mul(matMul(embed(p), aE, false, true), scale), labels);
    return reduce(tf.mul(tf.add(forward, backward), 0.5), reduction);
  });
}

// ---------------------------------------------------------------------------------------------
// Catalog descriptors

export const marginRankingLossInfo: LossDescriptor = {
  id: 'marginRankingLoss',
  title: 'Margin ranking loss',
  family: 'ranking',
  summary: 'Learns to order pairs: the score of the item that should rank higher must exceed the other by a margin. Only the difference of the two scores matters.',
  formula: '\\ell(x_1, x_2, y) = \\max\\big(0,\\; -y\\,(x_1 - x_2) + m\\big),\\quad y \\in \\{-1, +1\\}',
  gradient: '\\frac{\\partial \\ell}{\\partial x_1} = -y\\,\\mathbb{1}[-y(x_1 - x_2) + m \\ge 0] = -\\frac{\\partial \\ell}{\\partial x_2}',
  inputs: [
    { name: 'input1', description: 'scores x₁', shape: 'any', differentiable: true },
    { name: 'input2', description: 'scores x₂', shape: 'same as input1', differentiable: true },
    { name: 'target', description: 'y = +1 if x₁ should rank higher, −1 if x₂ should', shape: 'same as input1', differentiable: false },
  ],
  params: [{ name: 'margin', symbol: 'm', description: 'required score gap', kind: 'number', default: 0, range: { min: -1, max: 2, step: 0.05 }, valid: 'any number' }],
  reductions: ALL_REDUCTIONS,
  defaultReduction: 'mean',
  axis: { key: 'margin', label: 'y·(x₁ − x₂)', symbol: 'y(x_1 - x_2)', min: -3, max: 3 },
  // x = y(x1 − x2) with y = +1 and x2 = 0.
  curve: (x, p) => marginRankingLoss(x, tf.zerosLike(x), tf.onesLike(x), { margin: p['margin'] as number | undefined, reduction: 'none' }),
  reference: { title: 'torch.nn.MarginRankingLoss', authors: 'PyTorch', year: 2017, url: 'https://pytorch.org/docs/stable/generated/torch.nn.MarginRankingLoss.html' },
  equivalents: { pytorch: 'torch.nn.MarginRankingLoss' },
  notes: [
    'target must be −1 or +1; 0 (which torch silently accepts, giving loss = margin) is rejected.',
    'At −y(x₁ − x₂) + m = 0 exactly the gradient is −y, as torch\'s clamp_min (not 0 as a ReLU would give).',
  ],
};

/**
 * The MNRL curve: anchor i (i < P) has its positive at similarity x_i and one in-batch negative at
 * similarity 0 (the positive of an extra partner row P, which also scores 0 in the backward
 * direction); the other anchors' positives sit at −far, whose exp underflows, so the P anchors do
 * not see each other. The similarities are set exactly with `similarity: 'dot'` on one-hot anchors
 * (for unit vectors dot = cosine). One call for all points; O(P²) memory.
 */
function mnrlCurve(x: Tensor, params: Record<string, unknown>): Tensor {
  const scale = (params['scale'] as number | undefined) ?? 20;
  const points = x.size;
  const far = 100 / scale;
  const diagonal = tf.concat([tf.reshape(x, [-1]), tf.ones([1])]);
  const apart = tf.pad(tf.sub(tf.ones([points, points]), tf.eye(points)), [[0, 1], [0, 1]]);
  const positives = tf.sub(tf.mul(tf.eye(points + 1), diagonal), tf.mul(apart, far));
  const perRow = multipleNegativesRankingLoss(tf.eye(points + 1), positives, {
    scale, similarity: 'dot', symmetric: params['symmetric'] as boolean | undefined, reduction: 'none',
  });
  return tf.reshape(tf.slice(perRow, [0], [points]), x.shape);
}

export const multipleNegativesRankingLossInfo: LossDescriptor = {
  id: 'multipleNegativesRankingLoss',
  title: 'Multiple negatives ranking loss',
  family: 'ranking',
  summary: 'Trains retrieval embeddings from (anchor, positive) pairs alone: every other positive in the batch serves as a negative, so larger batches give harder training signal. Hard negatives can be added.',
  formula: '\\ell_i = -\\log \\frac{e^{s\\,\\mathrm{sim}(a_i, p_i)}}{\\sum_{j} e^{s\\,\\mathrm{sim}(a_i, c_j)}},\\quad c = [p_1, \\dots, p_N, n_1, \\dots]',
  gradient: '\\frac{\\partial \\ell_i}{\\partial\\, \\mathrm{sim}(a_i, c_j)} = s\\,\\big(\\mathrm{softmax}_j - \\mathbb{1}[j = i]\\big)',
  inputs: [
    { name: 'anchors', description: 'anchor (query) embeddings', shape: '[N, D]', differentiable: true },
    { name: 'positives', description: 'the matching positive of each anchor', shape: '[N, D]', differentiable: true },
  ],
  params: [
    { name: 'scale', symbol: 's', description: 'similarity scale (1 / temperature)', kind: 'number', default: 20, range: { min: 1, max: 64, step: 1 }, valid: '> 0' },
    { name: 'similarity', symbol: '\\mathrm{sim}', description: 'similarity function', kind: 'choice', default: 'cosine', choices: ['cosine', 'dot'] },
    { name: 'symmetric', symbol: '\\leftrightarrow', description: 'also rank anchors for each positive', kind: 'boolean', default: false },
  ],
  reductions: ALL_REDUCTIONS,
  defaultReduction: 'mean',
  axis: { key: 'similarity', label: 'similarity of the positive (one negative at 0)', symbol: '\\mathrm{sim}(a, p)', min: -1, max: 1 },
  curve: mnrlCurve,
  reference: { title: 'Efficient Natural Language Response Suggestion for Smart Reply', authors: 'M. Henderson, R. Al-Rfou, B. Strope, et al.', year: 2017, url: 'https://arxiv.org/abs/1705.00652' },
  equivalents: { other: 'sentence_transformers.losses.MultipleNegativesRankingLoss (symmetric: MultipleNegativesSymmetricRankingLoss)' },
  notes: [
    'symmetric: the mean of the anchor→candidates and positive→anchors cross-entropies, per anchor, as sentence-transformers\' symmetric variant; hard negatives enter the forward direction only.',
    '\'none\' gives each anchor\'s loss (the mean of its two terms when symmetric); sentence-transformers only returns the mean.',
    'Without hard negatives it equals infoNCE with temperature 1 / scale.',
    'The curve plots one anchor with one in-batch negative at similarity 0, computed with similarity \'dot\' on vectors whose dot products are the plotted similarities (for unit vectors dot = cosine).',
  ],
};
