/**
 * Verification losses (family 'verification'): ArcFace for face recognition and the generalized
 * end-to-end (GE2E) loss for speaker verification. Both score embeddings by cosine against class
 * (or speaker) prototypes and apply a softmax over them.
 */
import { tf, type Tensor } from '../../core/tf.js';
import type { ReductionOptions, TensorLike } from '../../core/types.js';
import { fail } from '../../core/errors.js';
import {
  choiceOption, classIndices, describeValue, expectKnownOptions, expectRank, expectValuesIn, formatShape, numberOption,
  reductionOption, toTensor,
} from '../../core/validate.js';
import { reduce } from '../../core/reduce.js';
import { amax, positiveMask } from '../../core/ops.js';
import { oneHotRows, rowCrossEntropy } from '../../core/softmax.js';
import { cosineUnit, l2Normalize } from '../../core/distance.js';
import type { LossDescriptor } from '../../catalog/types.js';
import { matMul } from '../../fused/matmul.js';
import { ALL_REDUCTIONS, COS_AXIS_LIMIT, embeddingMatrix, expectBatch, unitCircleRows } from './common.js';

export interface ArcFaceOptions extends ReductionOptions {
  /** s, multiplies every logit; > 0, default 64. */
  scale?: number;
  /** m, the additive angular margin in radians; in [0, π/2], default 0.5. */
  margin?: number;
}

/** Below this, 1 − cos² is held constant: sin θ = 0 has an infinite derivative in cos θ. */
const SIN2_FLOOR = 1e-12;

/**
 * ArcFace's margin logits from cosines: s·cos θ_j for j ≠ y, and for the target class
 * s·cos(θ_y + m) = s·(cos θ_y cos m − sin θ_y sin m) if θ_y < π − m, else s·(cos θ_y − m sin m).
 * `onehot` [N, C] marks the targets. No validation (internal).
 */
function marginLogits(cosine: Tensor, onehot: Tensor, scale: number, margin: number): Tensor {
  const target = tf.sum(tf.mul(cosine, onehot), 1, true);
  const sin = tf.sqrt(tf.maximum(tf.sub(1, tf.square(target)), SIN2_FLOOR));
  const withMargin = tf.sub(tf.mul(target, Math.cos(margin)), tf.mul(sin, Math.sin(margin)));
  const fallback = tf.sub(target, margin * Math.sin(margin));
  // θ_y < π − m  ⟺  cos θ_y > cos(π − m); insightface's `cosine > th` (the fallback at equality).
  const inRange = positiveMask(tf.sub(target, Math.cos(Math.PI - margin)));
  const modified = tf.add(tf.mul(inRange, withMargin), tf.mul(tf.sub(1, inRange), fallback));
  return tf.mul(tf.add(cosine, tf.mul(onehot, tf.sub(modified, target))), scale);
}

function arcFaceParams(options: ArcFaceOptions | undefined, loss: string): { scale: number; margin: number } {
  expectKnownOptions(options, ['scale', 'margin'], loss);
  return {
    scale: numberOption(options, 'scale', 64, { min: 0, exclusiveMin: true }, loss),
    margin: numberOption(options, 'margin', 0.5, { min: 0, max: Math.PI / 2 }, loss),
  };
}

/** Labels [N] as int32 class indices in [0, C) and their one-hot rows. Call inside `tf.tidy`. */
function targetRows(labels: TensorLike, n: number, numClasses: number, loss: string): { indices: Tensor; onehot: Tensor } {
  const y = toTensor(labels, loss, 'labels');
  expectRank(y, [1], loss, 'labels', 'a tensor of shape [N] (one class index per embedding)');
  expectBatch(y, 0, n, loss, 'labels', 'the embeddings');
  const { indices } = classIndices(y, numClasses, loss, 'labels');
  return { indices, onehot: oneHotRows(indices, numClasses) };
}

/**
 * ArcFace's margin logits (insightface's `ArcFace` head on cosine logits), for plots and custom
 * heads: given cos θ [N, C] between normalised embeddings and class weights,
 *
 *   z_ij = s·cos θ_ij                      (j ≠ y_i)
 *   z_iy = s·cos(θ_iy + m)                 if θ_iy < π − m
 *        = s·(cos θ_iy − m·sin m)          otherwise (insightface's easy_margin = false branch),
 *
 * computed as cos θ cos m − sin θ sin m with sin θ = √(1 − cos²θ), held at √1e-12 where
 * 1 − cos²θ < 1e-12 so the gradient stays finite at cos θ = ±1. arcFaceLoss is the cross-entropy
 * of these logits.
 *
 * @param cosine [N, C] cosines, in [−1, 1] (up to 1e-5 of float rounding)
 * @param labels [N] class indices in [0, C)
 * @param options.scale s > 0, default 64
 * @param options.margin m in radians, [0, π/2], default 0.5
 * @returns [N, C] logits
 * @see https://arxiv.org/abs/1801.07698
 */
export function arcFaceLogits(cosine: TensorLike, labels: TensorLike, options?: Omit<ArcFaceOptions, 'reduction'>): Tensor {
  const loss = 'arcFaceLogits';
  const { scale, margin } = arcFaceParams(options, loss);
  return tf.tidy(() => {
    const cos = toTensor(cosine, loss, 'cosine');
    expectRank(cos, [2], loss, 'cosine', 'a tensor of shape [N, C] (the cosines of N embeddings to C classes)');
    if (cos.shape[1] === 0) fail(loss, 'cosine', 'at least one class column', `shape ${formatShape(cos.shape)}`);
    expectValuesIn(cos, -1 - 1e-5, 1 + 1e-5, loss, 'cosine', 'cosines in [-1, 1]');
    const [n, c] = cos.shape as [number, number];
    const { onehot } = targetRows(labels, n, c, loss);
    return marginLogits(cos, onehot, scale, margin);
  });
}

/**
 * ArcFace, the additive angular margin loss (Deng et al. 2019, insightface): embeddings x [N, D] and
 * class weights W [D, C] are L2-normalised (torch's F.normalize, eps 1e-12; W column-wise), so
 * cos θ_ij = x̂_i · ŵ_j; the target logit gets the angular margin m and all logits the scale s
 * (see `arcFaceLogits`), then
 *
 *   l_i = −log softmax(z_i)_{y_i},   reduced: mean (default), sum or none ([N]).
 *
 * Where θ_y + m would pass π, cos(θ_y + m) stops decreasing in θ_y; insightface (and
 * pytorch-metric-learning) use cos θ_y − m·sin m there, and so does losslab. Gradients flow to the
 * embeddings and to the weights.
 *
 * @param embeddings x [N, D]
 * @param labels [N] class indices in [0, C)
 * @param weights W [D, C], one column per class (as pytorch-metric-learning's ArcFaceLoss.W)
 * @param options.scale s > 0, default 64
 * @param options.margin m in radians, [0, π/2], default 0.5 (pytorch-metric-learning's default is
 *   28.6°, 0.4992 rad)
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'`
 * @see https://arxiv.org/abs/1801.07698
 */
export function arcFaceLoss(embeddings: TensorLike, labels: TensorLike, weights: TensorLike, options?: ArcFaceOptions): Tensor {
  const loss = 'arcFaceLoss';
  const { scale, margin } = arcFaceParams(options, loss);
  const reduction = reductionOption(options, loss);
  return tf.tidy(() => {
    const x = embeddingMatrix(embeddings, loss, 'embeddings');
    const w = toTensor(weights, loss, 'weights');
    expectRank(w, [2], loss, 'weights', 'a tensor of shape [D, C] (one column of width D per class)');
    if (w.shape[1] === 0) fail(loss, 'weights', 'at least one class column', `shape ${formatShape(w.shape)}`);
    if (w.shape[0] !== x.shape[1]) {
      fail(loss, 'weights', `${x.shape[1]} rows, the embedding width D of embeddings`, `${w.shape[0]} rows (shape ${formatShape(w.shape)})`);
    }
    const { indices, onehot } = targetRows(labels, x.shape[0]!, w.shape[1]!, loss);
    const cosine = matMul(l2Normalize(x), l2Normalize(w, 0));
    return reduce(rowCrossEntropy(marginLogits(cosine, onehot, scale, margin), indices), reduction);
  });
}

export interface GE2EOptions extends ReductionOptions {
  /** Similarity scale w: a number > 0 or a trainable scalar tensor (clamped at 1e-6); default 10. */
  w?: number | Tensor;
  /** Similarity offset b: a number or a trainable scalar tensor; default −5. */
  b?: number | Tensor;
  /** `'softmax'` (default) or `'contrast'`. */
  method?: 'softmax' | 'contrast';
}

/** Smallest w used: w is clamped to >= W_MIN so the similarity scale stays positive. */
const W_MIN = 1e-6;

/** A number or a scalar tensor option (w, b of GE2E). Call inside `tf.tidy`. */
function scalarParam(options: GE2EOptions | undefined, key: 'w' | 'b', fallback: number, positive: boolean, loss: string): Tensor {
  const raw = options?.[key];
  const argument = `options.${key}`;
  if (raw === undefined) return tf.scalar(fallback);
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) fail(loss, argument, 'a finite number or a scalar tf.Tensor', describeValue(raw));
    if (positive && raw <= 0) fail(loss, argument, '> 0 (a positive similarity scale)', String(raw));
    return tf.scalar(raw);
  }
  if (!(raw instanceof tf.Tensor)) fail(loss, argument, 'a number or a scalar tf.Tensor', describeValue(raw));
  const t = toTensor(raw, loss, argument);
  if (t.size !== 1) fail(loss, argument, 'a number or a tensor with one element', `shape ${formatShape(t.shape)}`);
  return tf.reshape(t, []);
}

/**
 * The generalized end-to-end loss for speaker verification (Wan, Wang, Papir & Lopez Moreno 2018).
 * For embeddings e [N speakers, M utterances, D], centroids c_k = mean_i e_ki, and for the
 * utterance's own speaker the centroid without it, c_j^(−i) = (M·c_j − e_ji) / (M − 1):
 *
 *   S_ji,k = w · cos(e_ji, c_k) + b      (c_j^(−i) for k = j)
 *   'softmax':  l_ji = −S_ji,j + log Σ_k exp(S_ji,k)
 *   'contrast': l_ji = 1 − σ(S_ji,j) + max_{k≠j} σ(S_ji,k)
 *
 * reduced: mean over the N·M utterances (default), sum (the paper's L_G) or none ([N, M]).
 * cos is torch's cosine_similarity (eps 1e-8). Embeddings are used as given: the paper's network
 * L2-normalises its output, do that in the model.
 *
 * w and b may be numbers or trainable scalar tensors (they then get gradients). w is kept positive
 * as the paper requires by clamping: w_eff = max(w, 1e-6), as common PyTorch implementations do
 * (torch.clamp(w, 1e-6)); a tensor w below the clamp gets no gradient. A number w must be > 0.
 * In 'contrast', tied maxima over k share the gradient evenly (torch.amax).
 *
 * @param embeddings [N, M, D], N >= 2 speakers, M >= 2 utterances each
 * @param options.w number > 0 or scalar tensor, default 10 (the paper's initial value)
 * @param options.b number or scalar tensor, default −5 (the paper's initial value)
 * @param options.method `'softmax'` (default) | `'contrast'`
 * @param options.reduction `'mean'` (default) | `'sum'` | `'none'` ([N, M])
 * @see https://arxiv.org/abs/1710.10467
 */
export function ge2eLoss(embeddings: TensorLike, options?: GE2EOptions): Tensor {
  const loss = 'ge2eLoss';
  expectKnownOptions(options, ['w', 'b', 'method'], loss);
  const method = choiceOption(options, 'method', 'softmax', ['softmax', 'contrast'] as const, loss);
  const reduction = reductionOption(options, loss);
  return tf.tidy(() => {
    const w = scalarParam(options, 'w', 10, true, loss);
    const b = scalarParam(options, 'b', -5, false, loss);
    const e = toTensor(embeddings, loss, 'embeddings');
    expectRank(e, [3], loss, 'embeddings', 'a tensor of shape [N, M, D] (N speakers, M utterances each, width D)');
    const [n, m, d] = e.shape as [number, number, number];
    if (n < 2) fail(loss, 'embeddings', 'at least 2 speakers (N >= 2 along axis 0)', `N = ${n} (shape ${formatShape(e.shape)})`);
    if (m < 2) fail(loss, 'embeddings', 'at least 2 utterances per speaker (M >= 2 along axis 1)', `M = ${m} (shape ${formatShape(e.shape)})`);
    if (d < 1) fail(loss, 'embeddings', 'an embedding width D >= 1', `shape ${formatShape(e.shape)}`);

    const total = tf.sum(e, 1, true);
    const centroids = tf.squeeze(tf.div(total, m), [1]);
    const exclusive = tf.div(tf.sub(total, e), m - 1);
    const eUnit = cosineUnit(e);
    const cosAll = tf.reshape(matMul(tf.reshape(eUnit, [n * m, d]), cosineUnit(centroids), false, true), [n, m, n]);
    const cosOwn = tf.sum(tf.mul(eUnit, cosineUnit(exclusive)), -1, true);
    const own = tf.reshape(oneHotRows(tf.range(0, n, 1, 'int32'), n), [n, 1, n]);
    const cos = tf.add(tf.mul(cosAll, tf.sub(1, own)), tf.mul(cosOwn, own));
    const s = tf.add(tf.mul(tf.maximum(w, W_MIN), cos), b);

    let perUtterance: Tensor;
    if (method === 'softmax') {
      const labels = tf.reshape(tf.tile(tf.reshape(tf.range(0, n, 1, 'int32'), [n, 1]), [1, m]), [n * m]);
      perUtterance = tf.reshape(rowCrossEntropy(tf.reshape(s, [n * m, n]), labels), [n, m]);
    } else {
      const sig = tf.sigmoid(s);
      const positive = tf.sum(tf.mul(sig, own), -1);
      // σ ∈ (0, 1): subtracting 2 on k = j keeps the own speaker out of the max.
      const hardest = amax(tf.sub(sig, tf.mul(own, 2)), -1);
      perUtterance = tf.add(tf.sub(1, positive), hardest);
    }
    return reduce(perUtterance, reduction);
  });
}

// ---------------------------------------------------------------------------------------------
// Catalog descriptors

export const arcFaceLossInfo: LossDescriptor = {
  id: 'arcFaceLoss',
  title: 'ArcFace (additive angular margin)',
  family: 'verification',
  summary: 'Softmax over cosines to class centres with an angular margin added to the true class: embeddings of one identity cluster tightly on the hypersphere, which is what face verification thresholds rely on.',
  formula: '\\ell_i = -\\log \\frac{e^{s \\cos(\\theta_{y_i} + m)}}{e^{s \\cos(\\theta_{y_i} + m)} + \\sum_{j \\ne y_i} e^{s \\cos \\theta_j}}',
  gradient: '\\frac{\\partial \\ell_i}{\\partial \\cos\\theta_{y_i}} = s\\,(p_{y_i} - 1)\\Big(\\cos m + \\frac{\\cos\\theta_{y_i}}{\\sin\\theta_{y_i}} \\sin m\\Big)',
  inputs: [
    { name: 'embeddings', description: 'embeddings (normalised inside)', shape: '[N, D]', differentiable: true },
    { name: 'labels', description: 'class index of each embedding', shape: '[N]', differentiable: false },
    { name: 'weights', description: 'class centres, one column per class (normalised inside)', shape: '[D, C]', differentiable: true },
  ],
  params: [
    { name: 'scale', symbol: 's', description: 'logit scale (radius of the hypersphere)', kind: 'number', default: 64, range: { min: 1, max: 64, step: 1 }, valid: '> 0' },
    { name: 'margin', symbol: 'm', description: 'additive angular margin (radians)', kind: 'number', default: 0.5, range: { min: 0, max: 1, step: 0.01 }, valid: '[0, π/2]' },
  ],
  reductions: ALL_REDUCTIONS,
  defaultReduction: 'mean',
  axis: { key: 'cosTheta', label: 'cos θ to the true class (other class at cos 0)', symbol: '\\cos\\theta_y', min: -COS_AXIS_LIMIT, max: COS_AXIS_LIMIT },
  // Embedding (x, √(1 − x²), 0); classes (1, 0, 0) (the label) and (0, 0, 1) (orthogonal).
  curve: (x, p) => {
    const rows = unitCircleRows(x);
    const points = rows.shape[0]!;
    const embeddings = tf.concat([rows, tf.zeros([points, 1])], 1);
    const weights = tf.tensor2d([[1, 0], [0, 0], [0, 1]]);
    const values = arcFaceLoss(embeddings, tf.zeros([points], 'int32'), weights, {
      scale: p['scale'] as number | undefined, margin: p['margin'] as number | undefined, reduction: 'none',
    });
    return tf.reshape(values, x.shape);
  },
  reference: { title: 'ArcFace: Additive Angular Margin Loss for Deep Face Recognition', authors: 'J. Deng, J. Guo, N. Xue, S. Zafeiriou', year: 2019, url: 'https://arxiv.org/abs/1801.07698' },
  equivalents: { other: 'insightface arcface_torch ArcFace / CombinedMarginLoss; pytorch_metric_learning.losses.ArcFaceLoss (margin in degrees)' },
  notes: [
    'margin 0.5 rad and scale 64, as insightface; pytorch-metric-learning\'s default margin is 28.6° (0.4992 rad).',
    'Where θ_y + m > π the target logit is cos θ_y − m·sin m (insightface\'s easy_margin = false branch), not cos(θ_y + m).',
    'sin θ = √max(1 − cos²θ, 1e-12): the gradient stays finite when an embedding lies exactly on its class centre.',
    'arcFaceLogits(cosine, labels) gives the margin logits for plots and custom heads.',
    `The curve stops at cos θ = ±${COS_AXIS_LIMIT} (the cosine is stationary at ±1: no embedding slice has a usable gradient there).`,
  ],
};

export const ge2eLossInfo: LossDescriptor = {
  id: 'ge2eLoss',
  title: 'Generalized end-to-end (GE2E) loss',
  family: 'verification',
  summary: 'Speaker-verification loss on a batch of N speakers × M utterances: each utterance must be closer (by scaled cosine) to its own speaker\'s centroid than to every other speaker\'s.',
  formula: '\\ell_{ji} = -S_{ji,j} + \\log \\sum_k e^{S_{ji,k}},\\quad S_{ji,k} = w \\cos(e_{ji}, c_k) + b',
  gradient: '\\frac{\\partial \\ell_{ji}}{\\partial S_{ji,k}} = \\mathrm{softmax}_k(S_{ji}) - \\mathbb{1}[k = j]',
  inputs: [{ name: 'embeddings', description: 'N speakers × M utterances', shape: '[N, M, D]', differentiable: true }],
  params: [
    { name: 'w', symbol: 'w', description: 'similarity scale (kept positive)', kind: 'number', default: 10, range: { min: 0.5, max: 30, step: 0.5 }, valid: '> 0 (or a scalar tensor, clamped at 1e-6)' },
    { name: 'b', symbol: 'b', description: 'similarity offset', kind: 'number', default: -5, range: { min: -15, max: 5, step: 0.5 }, valid: 'any number (or a scalar tensor)' },
    { name: 'method', symbol: '\\mathrm{method}', description: 'softmax or contrast', kind: 'choice', default: 'softmax', choices: ['softmax', 'contrast'] },
  ],
  reductions: ALL_REDUCTIONS,
  defaultReduction: 'mean',
  axis: { key: 'similarity', label: 'cosine to own (exclusive) centroid (other speaker at 0)', symbol: '\\cos(e_{ji}, c_j^{(-i)})', min: -COS_AXIS_LIMIT, max: COS_AXIS_LIMIT },
  curve: ge2eCurve,
  reference: { title: 'Generalized End-to-End Loss for Speaker Verification', authors: 'L. Wan, Q. Wang, A. Papir, I. Lopez Moreno', year: 2018, url: 'https://arxiv.org/abs/1710.10467' },
  equivalents: { other: 'GE2E implementations in Real-Time-Voice-Cloning, PyTorch_Speaker_Verification' },
  notes: [
    'For k = j the centroid excludes the utterance itself (the paper\'s Eq. 8), which is why M >= 2.',
    'w is kept positive by clamping at 1e-6 (torch.clamp(w, 1e-6)); w and b may be trainable scalar tensors.',
    'Embeddings are used as given; the paper L2-normalises the network output before the loss.',
    '\'mean\' averages over the N·M utterances; \'sum\' is the paper\'s total; \'none\' is [N, M].',
    'The curve is the loss of one utterance in a 2-speaker × 2-utterance batch; centroids couple a batch, so each point is its own ge2eLoss call (a few ms per point: sample it coarsely).',
  ],
};

/**
 * The GE2E curve: for each x a batch of 2 speakers × 2 utterances, e_00 = (x, √(1 − x²), 0) and
 * e_01 = (1, 0, 0) (so e_00's exclusive centroid is e_01, at cosine x), speaker 1 at (0, 0, 1)
 * (cosine 0); the loss of e_00. The centroids couple a batch, so each point is its own call.
 */
function ge2eCurve(x: Tensor, p: Record<string, unknown>): Tensor {
  const rows = unitCircleRows(x);
  const points = rows.shape[0]!;
  const e01 = tf.tensor2d([[1, 0, 0]]);
  const speaker1 = tf.tensor3d([[[0, 0, 1], [0, 0, 1]]]);
  const opts = { w: p['w'] as number | undefined, b: p['b'] as number | undefined, method: p['method'] as 'softmax' | 'contrast' | undefined, reduction: 'none' as const };
  const values: Tensor[] = [];
  for (let i = 0; i < points; i++) {
    const e00 = tf.concat([tf.slice(rows, [i, 0], [1, 2]), tf.zeros([1, 1])], 1);
    const batch = tf.concat([tf.stack([e00, e01], 1), speaker1], 0);
    values.push(tf.reshape(tf.slice(ge2eLoss(batch, opts), [0, 0], [1, 1]), []));
  }
  return tf.reshape(tf.stack(values), x.shape);
}
