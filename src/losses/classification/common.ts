/**
 * Pieces shared by the class-index losses (cross-entropy, NLL, multi-margin, focal, PolyLoss):
 * bringing logits of shape [N, C, d1, ...] to rows [M, C] with their targets, picking the target
 * class of each row, per-class weights, and the p_t axis the catalog curves are drawn on.
 */
import { tf, type Tensor } from '../../core/tf.js';
import { fail } from '../../core/errors.js';
import { classIndices, expectRank, expectValuesIn, formatShape, toTensor } from '../../core/validate.js';

/** Logits (or log-probabilities, or scores) as rows with the class axis last, and their targets. */
export interface ClassRows {
  /** [M, C]: one row per sample (and per spatial position), M = N·d1·…. */
  rows: Tensor;
  /** [M] int32 target classes; ignored positions hold class 0 (masked out by `keep`). */
  indices: Tensor;
  /** [M] float: 1 for kept targets, 0 for ignored ones. */
  keep: Tensor;
  /** The shape of the unreduced loss: [N, d1, ...], or [] for unbatched input [C]. */
  outShape: number[];
  numClasses: number;
}

/** The class axis of an input: 0 for unbatched [C], else 1 ([N, C, d1, ...]). */
export function classAxisSize(input: Tensor): number {
  return input.rank === 1 ? input.shape[0]! : input.shape[1]!;
}

/** The shape class-index targets must have for `input`: input's shape without the class axis. */
export function indexTargetShape(input: Tensor): number[] {
  return input.rank === 1 ? [] : [input.shape[0]!, ...input.shape.slice(2)];
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Validates an input of shape [C], [N, C] or [N, C, d1, ...] (up to `maxRank`) with class-index
 * targets of its shape minus the class axis, and returns both as rows. Call inside `tf.tidy`.
 */
export function classRows(
  input: Tensor,
  target: Tensor,
  loss: string,
  inputName: string,
  ignoreIndex: number | undefined,
  maxRank?: number,
): ClassRows {
  const shapes = maxRank === 2 ? '[N, C] or [C]' : '[N, C], [N, C, d1, ...] or [C]';
  expectRank(input, { min: 1, max: maxRank }, loss, inputName, `a tensor of shape ${shapes}`);
  const numClasses = classAxisSize(input);
  if (numClasses < 1) fail(loss, inputName, 'at least one class (C >= 1)', `shape ${formatShape(input.shape)}`);
  const outShape = indexTargetShape(input);
  if (!sameShape(target.shape, outShape)) {
    fail(loss, 'target', `class indices of shape ${formatShape(outShape)} (the shape of ${inputName}, ${formatShape(input.shape)}, without its class axis)`, `shape ${formatShape(target.shape)}`);
  }
  const { indices, keep } = classIndices(target, numClasses, loss, 'target', ignoreIndex);
  return {
    // [N, C] is already rows: no reshape (its gradient saves a copy of the input on wasm).
    rows: input.rank === 2 ? input : classAxisLast(input).reshape([-1, numClasses]),
    indices: indices.reshape([-1]),
    keep: keep.reshape([-1]),
    outShape,
    numClasses,
  };
}

/** Moves the class axis of [N, C, d1, ...] to the end ([N, d1, ..., C]); [C] and [N, C] unchanged. */
export function classAxisLast(input: Tensor): Tensor {
  if (input.rank <= 2) return input;
  const perm = [0, ...Array.from({ length: input.rank - 2 }, (_, k) => k + 2), 1];
  return tf.transpose(input, perm);
}

/**
 * rows[m, indices[m]] for every row: shape [M]. Selected with `where` rather than multiplied by a
 * one-hot mask, so a −inf elsewhere in the row (a log-probability of 0) cannot make 0·(−inf) = NaN,
 * and without tf.gather, whose gradient has no kernel on the wasm backend.
 */
export function pickClass(rows: Tensor, indices: Tensor, numClasses: number): Tensor {
  return tf.sum(tf.where(classMask(indices, numClasses), rows, tf.zerosLike(rows)), -1);
}

/**
 * The boolean one-hot mask [M, C] of int32 class indices [M]: true at (m, indices[m]). tf.oneHot
 * refuses C = 1, where every index is 0 and the mask is all true. (A broadcast tf.equal against
 * range(C) gives the same mask but was ~20x slower on the wasm backend for [4096, 1000].)
 */
export function classMask(indices: Tensor, numClasses: number): Tensor {
  if (numClasses === 1) return tf.ones([indices.shape[0]!, 1], 'bool');
  return tf.cast(tf.oneHot(indices, numClasses), 'bool');
}

/**
 * A per-class vector option (`weight`, `alpha`): a 1-D tensor-like of length C with finite values,
 * or null when absent. A plain number, where `allowScalar`, stands for that value in every class.
 * Call inside `tf.tidy`.
 */
export function classVectorOption(
  options: object | undefined,
  key: string,
  numClasses: number,
  loss: string,
  allowScalar = false,
): Tensor | null {
  const raw = (options as Record<string, unknown> | undefined)?.[key];
  if (raw === undefined || raw === null) return null;
  const argument = `options.${key}`;
  if (typeof raw === 'number' && allowScalar) {
    if (!Number.isFinite(raw)) fail(loss, argument, 'a finite number or one finite number per class', String(raw));
    return tf.fill([numClasses], raw);
  }
  const w = toTensor(raw, loss, argument);
  const what = `a 1-D array of one weight per class (length C = ${numClasses})${allowScalar ? ' or a number' : ''}`;
  expectRank(w, [1], loss, argument, what);
  if (w.shape[0] !== numClasses) fail(loss, argument, what, `length ${w.shape[0]}`);
  expectValuesIn(w, -Number.MAX_VALUE, Number.MAX_VALUE, loss, argument, 'finite numbers');
  return w;
}

/**
 * Two-class logits whose softmax puts probability x on class 0: [log x, log(1 − x)], with x
 * clipped to [1e-7, 1 − 1e-7] so the ends of the p_t axis stay finite (the gradient is 0 beyond
 * the clip). Used by the catalog curves of the softmax losses, with target class 0.
 */
export function ptLogits(x: Tensor): Tensor {
  const p = tf.clipByValue(x.reshape([-1, 1]), 1e-7, 1 - 1e-7);
  return tf.concat([tf.log(p), tf.log(tf.sub(1, p))], 1);
}

/** Curve helper: evaluates a per-sample loss on a batch built from `x` and gives it x's shape. */
export function curveOf(x: Tensor, perSample: (flat: Tensor) => Tensor): Tensor {
  return tf.tidy(() => perSample(x.reshape([-1])).reshape(x.shape));
}

export const REDUCTIONS = ['mean', 'sum', 'none'] as const;
