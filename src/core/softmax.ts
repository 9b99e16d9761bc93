/**
 * Softmax cross-entropy on rows of logits, in the log-sum-exp form: the shared core of
 * crossEntropy, focal, PolyLoss, InfoNCE, multiple-negatives ranking and ArcFace.
 */
import { tf, type Tensor } from './tf.js';
import { useFused } from '../fused/dispatch.js';
import { fusedRowCrossEntropy } from '../fused/classification.js';

/**
 * Per-row cross-entropy ℓ_n = −log softmax(z_n)_{y_n} = logsumexp(z_n) − z_{n,y_n}
 * for logits z of shape [N, C] and int32 class indices y of shape [N]. Returns shape [N].
 * Stable for any logit magnitude (tf.logSoftmax subtracts the row max).
 */
export function rowCrossEntropy(logits: Tensor, indices: Tensor): Tensor {
  const fused = logits.rank === 2 && useFused(logits.size) ? fusedRowCrossEntropy(logits, indices) : null;
  if (fused) return fused;
  const logp = tf.logSoftmax(logits, -1);
  const picked = tf.mul(logp, oneHotRows(indices, logits.shape[logits.rank - 1]!));
  return tf.neg(tf.sum(picked, -1));
}

/**
 * float32 one-hot rows [..., depth] of int32 indices; unlike tf.oneHot it accepts depth 1 (a single
 * class or candidate, e.g. a batch of one in InfoNCE, whose loss is then 0).
 */
export function oneHotRows(indices: Tensor, depth: number): Tensor {
  return tf.cast(tf.equal(tf.expandDims(indices, -1), tf.range(0, depth, 1, 'int32')), 'float32');
}
