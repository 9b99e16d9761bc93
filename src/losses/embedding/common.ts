/**
 * Pieces shared by the embedding, ranking and verification losses: shape rules for batches of
 * embeddings, index targets 0..N−1, and the unit-circle slice the catalog curves are drawn on.
 */
import { tf, type Tensor } from '../../core/tf.js';
import { fail } from '../../core/errors.js';
import type { TensorLike } from '../../core/types.js';
import { expectNonEmpty, expectRank, formatShape, toTensor } from '../../core/validate.js';

/** A batch of embeddings [N, D] with N, D >= 1. Call inside `tf.tidy`. */
export function embeddingMatrix(x: TensorLike | undefined, loss: string, argument: string): Tensor {
  const t = toTensor(x, loss, argument);
  expectRank(t, [2], loss, argument, 'a tensor of shape [N, D] (N embeddings of width D)');
  expectNonEmpty(t, loss, argument);
  return t;
}

/** Requires the last axis of `t` (an embedding width) to be `width`, the width of `of`. */
export function expectWidth(t: Tensor, width: number, loss: string, argument: string, of: string): void {
  const d = t.shape[t.rank - 1];
  if (d !== width) fail(loss, argument, `embeddings of width ${width}, as ${of}`, `width ${d} (shape ${formatShape(t.shape)})`);
}

/** Requires axis `axis` of `t` (a batch axis) to be `size`, the batch size of `of`. */
export function expectBatch(t: Tensor, axis: number, size: number, loss: string, argument: string, of: string): void {
  const n = t.shape[axis];
  if (n !== size) {
    fail(loss, argument, `${size} along axis ${axis} (the batch size of ${of})`, `${n} (shape ${formatShape(t.shape)})`);
  }
}

/** int32 [0, 1, ..., n − 1]: the label of row i is column i. */
export function diagonalLabels(n: number): Tensor {
  return tf.range(0, n, 1, 'int32');
}

/** Reads an option that, when present, is a tensor-like input (e.g. `negativeKeys`). */
export function tensorOption(options: object | undefined, key: string): unknown {
  return (options as Record<string, unknown> | undefined)?.[key];
}

/**
 * The rows (x, √(1 − x²)): unit vectors whose cosine with (1, 0) is x, for the curves drawn over a
 * cosine. Any such chart has an infinite slope at x = ±1 (the cosine is stationary where vectors
 * align), so the gradient there would be 0 · ∞: the cosine axes stop at ±COS_AXIS_LIMIT.
 */
export function unitCircleRows(x: Tensor): Tensor {
  const c = tf.reshape(x, [-1, 1]);
  return tf.concat([c, tf.sqrt(tf.maximum(tf.sub(1, tf.square(c)), 0))], 1);
}

/** How close to ±1 the cosine axes of the catalog go (see `unitCircleRows`). */
export const COS_AXIS_LIMIT = 0.99;

export const ALL_REDUCTIONS = ['mean', 'sum', 'none'] as const;
