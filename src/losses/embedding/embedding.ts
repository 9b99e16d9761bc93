/**
 * Metric-learning losses (family 'embedding'): the triplet margin loss, the contrastive loss on
 * pairs, and InfoNCE. Each pulls matching embeddings together and pushes others apart.
 */
import { tf, type Tensor } from '../../core/tf.js';
import type { ReductionOptions, TensorLike } from '../../core/types.js';
import {
  booleanOption, choiceOption, expectKnownOptions, expectRank, expectSameShape, expectValuesAmong, numberOption,
  reductionOption, toTensor,
} from '../../core/validate.js';
import { reduce } from '../../core/reduce.js';
import { clampMin, minimum } from '../../core/ops.js';
import { rowCrossEntropy } from '../../core/softmax.js';
import { cosineAlong, distanceAlongLast, l2Normalize } from '../../core/distance.js';
import { fail } from '../../core/errors.js';
import type { LossDescriptor } from '../../catalog/types.js';
import { matMul } from '../../fused/matmul.js';
import { useFused } from '../../fused/dispatch.js';
import { fusedTriplet } from '../../fused/embedding.js';
import {
  ALL_REDUCTIONS, COS_AXIS_LIMIT, diagonalLabels, embeddingMatrix, expectBatch, expectWidth, tensorOption, unitCircleRows,
} from './common.js';

/** Embeddings [N, D] or a single one [D]; returns the tensor. Call inside `tf.tidy`. */
function embeddingsOrOne(x: TensorLike, loss: string, argument: string): Tensor {
  const t = toTensor(x, loss, argument);
  expectRank(t, [1, 2], loss, argument, 'a tensor of shape [N, D] or [D]');
  if (t.size === 0) fail(loss, argument, 'a non-empty tensor', `shape [${t.shape.join(', ')}] with no elements`);
  return t;
}

export interface TripletMarginOptions extends ReductionOptions {
  /** Required gap between the negative's and the positive's distance; > 0, default 1. */
  margin?: number;
  /** Norm degree of the distance, >= 1; default 2. */
  p?: number;
  /** Added to the difference inside the distance, ‖a − p + ε‖; >= 0, default 1e-6. */
  eps?: number;
  /** Use min(d(a, n), d(p, n)) as the negative distance (Balntas et al. 2016); default false. */
  swap?: boolean;
}

/**
 * Triplet margin loss, PyTorch's `TripletMarginLoss` (Schroff et al. 2015, FaceNet; Balntas et al.
 * 2016 for `swap`):
 *
 *   l_n = max(0, margin + d(a_n, p_n) − d(a_n, n_n)),   d(x, y) = ‖x − y + ε‖_p,
 *
 * then reduced: mean (default), sum or none ([N], or [] for unbatched [D] inputs). With `swap`,
 * d(a_n, n_n) is replaced by min(d(a_n, n_n), d(p_n, n_n)) (at a tie torch splits the gradient in
 * half; so does losslab).
 *
 * ε enters the difference as in torch's pairwise_distance, so an anchor identical to its positive
 * has distance ε·D^(1/p) and a finite gradient. At the hinge (loss exactly 0) the gradient passes,
 * as torch's clamp_min.
 *
 * @param anchor [N, D] or [D]
 * @param positive same shape as anchor
 * @param negative same shape as anchor
 * @param options.margin > 0 (torch rejects 0 too), default 1
 * @param options.p >= 1, default 2
 * @param options.eps >= 0, default 1e-6
 * @param options.swap default false
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see https://pytorch.org/docs/stable/generated/torch.nn.TripletMarginLoss.html
 */
export function tripletMarginLoss(anchor: TensorLike, positive: TensorLike, negative: TensorLike, options?: TripletMarginOptions): Tensor {
  const loss = 'tripletMarginLoss';
  expectKnownOptions(options, ['margin', 'p', 'eps', 'swap'], loss);
  const margin = numberOption(options, 'margin', 1, { min: 0, exclusiveMin: true }, loss);
  const p = numberOption(options, 'p', 2, { min: 1 }, loss);
  const eps = numberOption(options, 'eps', 1e-6, { min: 0 }, loss);
  const swap = booleanOption(options, 'swap', false, loss);
  const reduction = reductionOption(options, loss);
  return tf.tidy(() => {
    const a = embeddingsOrOne(anchor, loss, 'anchor');
    const pos = toTensor(positive, loss, 'positive');
    const neg = toTensor(negative, loss, 'negative');
    expectSameShape(a, pos, loss, 'anchor', 'positive');
    expectSameShape(a, neg, loss, 'anchor', 'negative');
    if (p === 2 && !swap && useFused(a.size)) return fusedTriplet(a, pos, neg, margin, eps, reduction);
    const dPos = distanceAlongLast(a, pos, p, eps);
    let dNeg = distanceAlongLast(a, neg, p, eps);
    if (swap) dNeg = minimum(dNeg, distanceAlongLast(pos, neg, p, eps));
    return reduce(clampMin(tf.add(tf.sub(dPos, dNeg), margin), 0), reduction);
  });
}

export interface ContrastiveOptions extends ReductionOptions {
  /** Dissimilar pairs closer than this are penalised; >= 0, default 1. */
  margin?: number;
  /** `'euclidean'` (default): d = ‖x1 − x2 + 1e-6‖₂; `'cosine'`: d = 1 − cos(x1, x2). */
  distance?: 'euclidean' | 'cosine';
}

/**
 * Contrastive loss on pairs (Hadsell, Chopra & LeCun 2006), with label y = 1 for a similar pair and
 * y = 0 for a dissimilar one:
 *
 *   l_n = ½ [ y_n · d_n² + (1 − y_n) · max(0, margin − d_n)² ],
 *
 * then reduced: mean (default), sum or none ([N], or [] for unbatched [D] inputs). Similar pairs are
 * pulled together; dissimilar pairs are pushed apart until they are `margin` away.
 *
 * d is the Euclidean distance as torch's pairwise_distance, ‖x1 − x2 + ε‖₂ with ε = 1e-6 (so the
 * gradient is finite for identical pairs), or with `distance: 'cosine'` d = 1 − cos(x1, x2) (torch's
 * cosine_similarity, eps 1e-8).
 *
 * Label convention: Hadsell et al. write Y = 0 for similar pairs; losslab follows the more common
 * y = 1 = similar (as in most PyTorch code). Libraries that use y = 1 for dissimilar pairs give the
 * mirror image: pass 1 − y.
 *
 * @param x1 [N, D] or [D]
 * @param x2 same shape as x1
 * @param label [N] (or [] for unbatched), every value 0 or 1
 * @param options.margin >= 0, default 1
 * @param options.distance `'euclidean'` (default) | `'cosine'`
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see http://yann.lecun.com/exdb/publis/pdf/hadsell-chopra-lecun-06.pdf
 */
export function contrastiveLoss(x1: TensorLike, x2: TensorLike, label: TensorLike, options?: ContrastiveOptions): Tensor {
  const loss = 'contrastiveLoss';
  expectKnownOptions(options, ['margin', 'distance'], loss);
  const margin = numberOption(options, 'margin', 1, { min: 0 }, loss);
  const distance = choiceOption(options, 'distance', 'euclidean', ['euclidean', 'cosine'] as const, loss);
  const reduction = reductionOption(options, loss);
  return tf.tidy(() => {
    const a = embeddingsOrOne(x1, loss, 'x1');
    const b = toTensor(x2, loss, 'x2');
    expectSameShape(a, b, loss, 'x1', 'x2');
    const y = toTensor(label, loss, 'label');
    const batchShape = a.shape.slice(0, -1);
    if (y.rank !== batchShape.length || y.shape.some((s, i) => s !== batchShape[i])) {
      fail(loss, 'label', `one label per pair, shape [${batchShape.join(', ')}]`, `shape [${y.shape.join(', ')}]`);
    }
    expectValuesAmong(y, [0, 1], loss, 'label');
    const d = distance === 'euclidean' ? distanceAlongLast(a, b, 2, 1e-6) : tf.sub(1, cosineAlong(a, b, a.rank - 1));
    const pull = tf.mul(y, tf.square(d));
    const push = tf.mul(tf.sub(1, y), tf.square(clampMin(tf.sub(margin, d), 0)));
    return reduce(tf.mul(0.5, tf.add(pull, push)), reduction);
  });
}

export interface InfoNCEOptions extends ReductionOptions {
  /** Explicit negatives: [M, D] shared by all queries (`'unpaired'`) or [N, M, D] per query (`'paired'`). */
  negativeKeys?: TensorLike;
  /** Divides the cosine similarities; > 0, default 0.1. */
  temperature?: number;
  /** How `negativeKeys` is laid out; default `'unpaired'`. Ignored without negativeKeys. */
  negativeMode?: 'unpaired' | 'paired';
}

/**
 * InfoNCE (van den Oord, Li & Vinyals 2018), as the widely used info-nce-pytorch package computes it.
 * All embeddings are L2-normalised (torch's F.normalize, eps 1e-12), then
 *
 * - without negativeKeys, the other positives of the batch are the negatives:
 *   logits = q · kᵀ / τ  [N, N], label of row i = i;
 * - `'unpaired'` negatives N [M, D]: logits_i = [q_i · k_i, q_i · N_1, …, q_i · N_M] / τ, label 0;
 * - `'paired'` negatives [N, M, D]: the same with query i's own M negatives;
 *
 *   l_i = −log softmax(logits_i)_label, then reduced: mean (default), sum or none ([N]).
 *
 * Without negativeKeys it equals multipleNegativesRankingLoss with scale = 1 / τ.
 *
 * @param query [N, D]
 * @param positiveKey [N, D]: positiveKey[i] is the positive of query[i]
 * @param options.negativeKeys [M, D] (unpaired) or [N, M, D] (paired), optional; differentiable
 * @param options.temperature τ > 0, default 0.1
 * @param options.negativeMode `'unpaired'` (default) | `'paired'`
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see https://arxiv.org/abs/1807.03748 and https://github.com/RElbers/info-nce-pytorch
 */
export function infoNCE(query: TensorLike, positiveKey: TensorLike, options?: InfoNCEOptions): Tensor {
  const loss = 'infoNCE';
  expectKnownOptions(options, ['negativeKeys', 'temperature', 'negativeMode'], loss);
  const temperature = numberOption(options, 'temperature', 0.1, { min: 0, exclusiveMin: true }, loss);
  const mode = choiceOption(options, 'negativeMode', 'unpaired', ['unpaired', 'paired'] as const, loss);
  const reduction = reductionOption(options, loss);
  return tf.tidy(() => {
    const q = embeddingMatrix(query, loss, 'query');
    const k = toTensor(positiveKey, loss, 'positiveKey');
    expectSameShape(q, k, loss, 'query', 'positiveKey');
    const [n, d] = q.shape as [number, number];
    const qU = l2Normalize(q);
    const kU = l2Normalize(k);
    const rawNegatives = tensorOption(options, 'negativeKeys');
    if (rawNegatives === undefined) {
      return reduce(rowCrossEntropy(tf.div(matMul(qU, kU, false, true), temperature), diagonalLabels(n)), reduction);
    }
    const arg = 'options.negativeKeys';
    const neg = toTensor(rawNegatives, loss, arg);
    let negativeLogits: Tensor;
    if (mode === 'unpaired') {
      expectRank(neg, [2], loss, arg, "a tensor of shape [M, D] (negativeMode 'unpaired')");
      expectWidth(neg, d, loss, arg, 'query');
      negativeLogits = matMul(qU, l2Normalize(neg), false, true);
    } else {
      expectRank(neg, [3], loss, arg, "a tensor of shape [N, M, D] (negativeMode 'paired')");
      expectBatch(neg, 0, n, loss, arg, 'query');
      expectWidth(neg, d, loss, arg, 'query');
      negativeLogits = tf.squeeze(tf.matMul(tf.expandDims(qU, 1), l2Normalize(neg), false, true), [1]);
    }
    const positiveLogit = tf.sum(tf.mul(qU, kU), 1, true);
    const logits = tf.div(tf.concat([positiveLogit, negativeLogits], 1), temperature);
    return reduce(rowCrossEntropy(logits, tf.zeros([n], 'int32')), reduction);
  });
}

// ---------------------------------------------------------------------------------------------
// Catalog descriptors

const pairInputs = (a: string, b: string, what: string) => [
  { name: a, description: `first ${what}`, shape: '[N, D] or [D]', differentiable: true },
  { name: b, description: `second ${what}`, shape: 'same as ' + a, differentiable: true },
];

export const tripletMarginLossInfo: LossDescriptor = {
  id: 'tripletMarginLoss',
  title: 'Triplet margin loss',
  family: 'embedding',
  summary: 'Learns an embedding where each anchor is closer to a positive (same identity) than to a negative by at least a margin. Triplets that already satisfy the margin contribute nothing, so mining hard triplets matters.',
  formula: '\\ell(a, p, n) = \\max\\big(0,\\; m + d(a, p) - d(a, n)\\big),\\quad d(x, y) = \\lVert x - y + \\varepsilon \\rVert_p',
  gradient: '\\frac{\\partial \\ell}{\\partial d(a,p)} = \\mathbb{1}[m + d(a,p) - d(a,n) \\ge 0] = -\\frac{\\partial \\ell}{\\partial d(a,n)}',
  inputs: [
    { name: 'anchor', description: 'anchor embeddings', shape: '[N, D] or [D]', differentiable: true },
    { name: 'positive', description: 'embeddings of the same identity', shape: 'same as anchor', differentiable: true },
    { name: 'negative', description: 'embeddings of another identity', shape: 'same as anchor', differentiable: true },
  ],
  params: [
    { name: 'margin', symbol: 'm', description: 'required distance gap', kind: 'number', default: 1, range: { min: 0.05, max: 3, step: 0.05 }, valid: '> 0' },
    { name: 'p', symbol: 'p', description: 'norm degree of the distance', kind: 'number', default: 2, range: { min: 1, max: 4, step: 0.5 }, valid: '>= 1' },
    { name: 'eps', symbol: '\\varepsilon', description: 'added to the difference inside the norm', kind: 'number', default: 1e-6, range: { min: 0, max: 1e-3, step: 1e-6 }, valid: '>= 0' },
    { name: 'swap', symbol: '\\mathrm{swap}', description: 'use min(d(a,n), d(p,n)) as the negative distance', kind: 'boolean', default: false },
  ],
  reductions: ALL_REDUCTIONS,
  defaultReduction: 'mean',
  axis: { key: 'distance', label: 'anchor–positive distance d(a, p) (negative at distance 1)', symbol: 'd(a, p)', min: 0, max: 3 },
  // 1-D embeddings: anchor 0, positive −x, negative −1, so d(a, p) = x + ε and d(a, n) = 1 + ε.
  curve: (x, p) => {
    const flat = tf.reshape(x, [-1, 1]);
    const values = tripletMarginLoss(tf.zerosLike(flat), tf.neg(flat), tf.fill(flat.shape, -1), {
      margin: p['margin'] as number | undefined, p: p['p'] as number | undefined, eps: p['eps'] as number | undefined,
      swap: p['swap'] as boolean | undefined, reduction: 'none',
    });
    return tf.reshape(values, x.shape);
  },
  reference: { title: 'FaceNet: A Unified Embedding for Face Recognition and Clustering', authors: 'F. Schroff, D. Kalenichenko, J. Philbin', year: 2015, url: 'https://arxiv.org/abs/1503.03832' },
  equivalents: { pytorch: 'torch.nn.TripletMarginLoss', other: 'pytorch_metric_learning.losses.TripletMarginLoss (mines triplets from labels instead)' },
  notes: [
    'ε is added to the difference, d = ‖a − p + ε‖_p, as torch\'s pairwise_distance: identical anchor and positive give a finite gradient.',
    'swap (Balntas et al. 2016): at a tie d(a,n) = d(p,n) the gradient is split in half, as torch.',
    'At the hinge (loss exactly 0) the gradient passes, as torch\'s clamp_min.',
  ],
};

export const contrastiveLossInfo: LossDescriptor = {
  id: 'contrastiveLoss',
  title: 'Contrastive loss',
  family: 'embedding',
  summary: 'Learns an embedding from labelled pairs: similar pairs are pulled together, dissimilar pairs pushed apart until they are a margin away (Siamese networks).',
  formula: '\\ell = \\tfrac12\\big[\\,y\\, d^2 + (1 - y) \\max(0, m - d)^2\\,\\big],\\quad y = 1 \\text{ similar}',
  gradient: '\\frac{\\partial \\ell}{\\partial d} = y\\, d - (1 - y)\\max(0, m - d)',
  inputs: [...pairInputs('x1', 'x2', 'embedding of each pair'), { name: 'label', description: '1 = similar pair, 0 = dissimilar', shape: '[N] or []', differentiable: false }],
  params: [
    { name: 'margin', symbol: 'm', description: 'distance beyond which dissimilar pairs cost nothing', kind: 'number', default: 1, range: { min: 0, max: 3, step: 0.05 }, valid: '>= 0' },
    { name: 'distance', symbol: 'd', description: 'distance between the pair', kind: 'choice', default: 'euclidean', choices: ['euclidean', 'cosine'] },
  ],
  reductions: ALL_REDUCTIONS,
  defaultReduction: 'mean',
  axis: { key: 'distance', label: 'distance d of a dissimilar pair (y = 0)', symbol: 'd', min: 0, max: 2.5 },
  // A dissimilar pair of 1-D embeddings at distance x (+ε); the formula in d is the same for both distances.
  curve: (x, p) => {
    const flat = tf.reshape(x, [-1, 1]);
    const values = contrastiveLoss(flat, tf.zerosLike(flat), tf.zeros([flat.shape[0]!]), { margin: p['margin'] as number | undefined, reduction: 'none' });
    return tf.reshape(values, x.shape);
  },
  reference: { title: 'Dimensionality Reduction by Learning an Invariant Mapping', authors: 'R. Hadsell, S. Chopra, Y. LeCun', year: 2006, url: 'http://yann.lecun.com/exdb/publis/pdf/hadsell-chopra-lecun-06.pdf' },
  equivalents: { other: 'pytorch_metric_learning.losses.ContrastiveLoss (unsquared hinge terms over mined pairs, not the same formula)' },
  notes: [
    'label 1 = similar pair (the paper writes Y = 0 for similar): libraries using 1 = dissimilar give the mirror image.',
    'Euclidean d = ‖x1 − x2 + 1e-6‖₂ (torch\'s pairwise_distance), finite gradient for identical pairs; cosine d = 1 − cos(x1, x2).',
    'The curve shows a dissimilar pair; a similar pair costs ½d².',
  ],
};

export const infoNCEInfo: LossDescriptor = {
  id: 'infoNCE',
  title: 'InfoNCE',
  family: 'embedding',
  summary: 'Contrastive predictive coding\'s loss: identify the positive key among negatives with a softmax over temperature-scaled cosine similarities. The backbone of SimCLR, MoCo and CLIP-style training.',
  formula: '\\ell_i = -\\log \\frac{e^{\\hat q_i \\cdot \\hat k_i / \\tau}}{e^{\\hat q_i \\cdot \\hat k_i / \\tau} + \\sum_{j} e^{\\hat q_i \\cdot \\hat n_j / \\tau}}',
  gradient: '\\frac{\\partial \\ell_i}{\\partial (\\hat q_i \\cdot \\hat k_i)} = \\frac{1}{\\tau}\\big(\\mathrm{softmax}_+ - 1\\big)',
  inputs: [
    { name: 'query', description: 'query embeddings', shape: '[N, D]', differentiable: true },
    { name: 'positiveKey', description: 'the positive key of each query', shape: '[N, D]', differentiable: true },
  ],
  params: [
    { name: 'temperature', symbol: '\\tau', description: 'softmax temperature', kind: 'number', default: 0.1, range: { min: 0.01, max: 1, step: 0.01 }, valid: '> 0' },
    { name: 'negativeMode', symbol: '\\mathrm{mode}', description: 'layout of negativeKeys', kind: 'choice', default: 'unpaired', choices: ['unpaired', 'paired'] },
  ],
  reductions: ALL_REDUCTIONS,
  defaultReduction: 'mean',
  axis: { key: 'similarity', label: 'cosine similarity of the positive (one negative at 0)', symbol: '\\hat q \\cdot \\hat k', min: -COS_AXIS_LIMIT, max: COS_AXIS_LIMIT },
  // Query (1, 0), positive on the unit circle at cosine x, one unpaired negative (0, 1) at cosine 0.
  curve: (x, p) => {
    const keys = unitCircleRows(x);
    const points = keys.shape[0]!;
    const query = tf.tile(tf.tensor2d([[1, 0]]), [points, 1]);
    const values = infoNCE(query, keys, { negativeKeys: tf.tensor2d([[0, 1]]), temperature: p['temperature'] as number | undefined, reduction: 'none' });
    return tf.reshape(values, x.shape);
  },
  reference: { title: 'Representation Learning with Contrastive Predictive Coding', authors: 'A. van den Oord, Y. Li, O. Vinyals', year: 2018, url: 'https://arxiv.org/abs/1807.03748' },
  equivalents: { other: 'info_nce.InfoNCE (info-nce-pytorch); sentence_transformers MultipleNegativesRankingLoss with scale = 1/τ' },
  notes: [
    'As info-nce-pytorch: every embedding is L2-normalised; without negativeKeys the other positives of the batch are the negatives (label i); with negativeKeys the positive is column 0.',
    `The curve stops at cosine ±${COS_AXIS_LIMIT}: on unit vectors the cosine is stationary at ±1, so no embedding-space slice has a usable gradient there.`,
  ],
};
