/**
 * Distances and similarities between embeddings, shared by the embedding, ranking and
 * verification losses, with PyTorch's values and gradients, including at zero distance:
 *
 * - `pairwiseDistance` and `cosineSimilarity`: the public helpers (torch.nn.functional's
 *   `pairwise_distance` and `cosine_similarity`);
 * - `vectorNorm`: the p-norm along an axis with torch's gradient (0 at the zero vector, where
 *   tf.norm's gradient is NaN);
 * - `l2Normalize`: torch's `F.normalize` (what info-nce-pytorch, sentence-transformers and insightface
 *   normalise with); `cosineUnit`: the normalisation inside torch's `cosine_similarity`.
 */
import { tf, type Tensor } from './tf.js';
import { fail } from './errors.js';
import type { TensorLike } from './types.js';
import { expectKnownOptions, booleanOption, formatShape, numberOption, toTensor } from './validate.js';
import { sumAxis } from './reduce.js';

function keepDimsShape(shape: readonly number[], axis: number): number[] {
  return shape.map((d, i) => (i === axis ? 1 : d));
}

/**
 * ‖x‖_p = (Σ_i |x_i|^p)^(1/p) along `axis`, for p >= 1, with PyTorch's gradient
 * ∂‖x‖/∂x_i = sign(x_i)·|x_i|^(p−1) / ‖x‖^(p−1) (x / ‖x‖ for p = 2, sign(x) for p = 1), and 0 where
 * ‖x‖ = 0 (the zero vector is a corner of the norm: torch picks the zero subgradient).
 */
export function vectorNorm(x: Tensor, p: number, axis = -1, keepDims = false): Tensor {
  const ax = axis < 0 ? x.rank + axis : axis;
  const kept = keepDimsShape(x.shape, ax);
  const f = tf.customGrad(((t: Tensor, save: tf.GradSaveFunc) => {
    const norm =
      p === 2 ? tf.sqrt(sumAxis(tf.square(t), ax, true))
      : p === 1 ? sumAxis(tf.abs(t), ax, true)
      : tf.pow(sumAxis(tf.pow(tf.abs(t), p), ax, true), 1 / p);
    save([t, norm]);
    return {
      value: keepDims ? norm : tf.squeeze(norm, [ax]),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [s, n] = saved as [Tensor, Tensor];
        const g = tf.reshape(dy, kept);
        if (p === 1) return tf.mul(g, tf.sign(s));
        if (p === 2) return tf.mul(g, tf.divNoNan(s, n));
        const num = tf.mul(tf.sign(s), tf.pow(tf.abs(s), p - 1));
        return tf.mul(g, tf.divNoNan(num, tf.pow(n, p - 1)));
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x) as Tensor;
}

/**
 * max(x, lo) whose gradient is that of x itself, as torch's `cosine_similarity` gets by clamping
 * its norms in place under no_grad: the value is clamped, the gradient passes unchanged.
 */
function clampValueOnly(x: Tensor, lo: number): Tensor {
  const f = tf.customGrad(((t: Tensor) => ({
    value: tf.maximum(t, lo),
    gradFunc: (dy: Tensor) => dy,
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x) as Tensor;
}

/**
 * x / max(‖x‖₂, eps) along `axis`: PyTorch's `F.normalize(x, p=2, dim=axis, eps)`, default eps
 * 1e-12. Below eps the denominator is the constant eps (torch's clamp_min: no gradient through it).
 */
export function l2Normalize(x: Tensor, axis = -1, eps = 1e-12): Tensor {
  return tf.div(x, tf.maximum(vectorNorm(x, 2, axis, true), eps));
}

/**
 * x / max(‖x‖₂, eps) along `axis` as inside torch's `cosine_similarity` (eps default 1e-8): the
 * norm is clamped in value only, so its gradient is the unclamped norm's. cosineSimilarity(a, b)
 * = Σ cosineUnit(a) · cosineUnit(b), so a matrix of such cosines is a matmul of unit rows.
 */
export function cosineUnit(x: Tensor, axis = -1, eps = 1e-8): Tensor {
  return tf.div(x, clampValueOnly(vectorNorm(x, 2, axis, true), eps));
}

/** The cosine similarity of already-validated tensors along `axis` (torch semantics). */
export function cosineAlong(x1: Tensor, x2: Tensor, axis: number, eps = 1e-8): Tensor {
  return sumAxis(tf.mul(cosineUnit(x1, axis, eps), cosineUnit(x2, axis, eps)), axis);
}

/** ‖x1 − x2 + eps‖_p over the last axis, of already-validated tensors (torch semantics). */
export function distanceAlongLast(x1: Tensor, x2: Tensor, p = 2, eps = 1e-6, keepDims = false): Tensor {
  return vectorNorm(tf.add(tf.sub(x1, x2), eps), p, -1, keepDims);
}

/** The NumPy broadcast of two shapes, or null when they do not broadcast. */
function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(Math.max(da, db));
  }
  return out;
}

function broadcastPair(x1: Tensor, x2: Tensor, loss: string): number[] {
  const shape = broadcastShape(x1.shape, x2.shape);
  if (shape === null) fail(loss, 'x2', `a shape that broadcasts with x1's ${formatShape(x1.shape)}`, `shape ${formatShape(x2.shape)}`);
  return shape;
}

export interface PairwiseDistanceOptions {
  /** The norm degree, p >= 1; default 2. */
  p?: number;
  /** Added to the difference before the norm, so the gradient is finite at x1 = x2; default 1e-6. */
  eps?: number;
  /** Keep the reduced last axis with size 1; default false. */
  keepdim?: boolean;
}

/**
 * The p-norm distance between the rows of x1 and x2, PyTorch's `F.pairwise_distance`:
 *
 *   d(x1, x2) = ‖x1 − x2 + ε‖_p = (Σ_i |x1_i − x2_i + ε|^p)^(1/p), over the last axis.
 *
 * ε enters the difference (not the norm), exactly as torch does: at x1 = x2 the distance is
 * ε·D^(1/p) and the gradient is finite (sign(ε)·D^(−1/p) per component for p = 2). x1 and x2
 * broadcast against each other (e.g. [N, D] with [D]). With eps = 0 and x1 = x2 the gradient is 0.
 *
 * @param x1 [..., D]
 * @param x2 [..., D], broadcastable with x1
 * @param options.p the norm degree, >= 1, default 2
 * @param options.eps ε added to the difference, >= 0, default 1e-6
 * @param options.keepdim keep the last axis (size 1), default false
 * @returns [...] (the broadcast shape without its last axis)
 * @see https://pytorch.org/docs/stable/generated/torch.nn.functional.pairwise_distance.html
 */
export function pairwiseDistance(x1: TensorLike, x2: TensorLike, options?: PairwiseDistanceOptions): Tensor {
  const loss = 'pairwiseDistance';
  expectKnownOptions(options, ['p', 'eps', 'keepdim'], loss);
  const p = numberOption(options, 'p', 2, { min: 1 }, loss);
  const eps = numberOption(options, 'eps', 1e-6, { min: 0 }, loss);
  const keepdim = booleanOption(options, 'keepdim', false, loss);
  return tf.tidy(() => {
    const a = toTensor(x1, loss, 'x1');
    const b = toTensor(x2, loss, 'x2');
    if (a.rank < 1) fail(loss, 'x1', 'a tensor of rank >= 1 (vectors along the last axis)', 'a scalar');
    if (b.rank < 1) fail(loss, 'x2', 'a tensor of rank >= 1 (vectors along the last axis)', 'a scalar');
    broadcastPair(a, b, loss);
    return distanceAlongLast(a, b, p, eps, keepdim);
  });
}

export interface CosineSimilarityOptions {
  /** The axis along which the vectors lie; default 1 (torch's default), negative counts from the end. */
  dim?: number;
  /** Lower bound of each norm; default 1e-8. */
  eps?: number;
}

/**
 * The cosine of the angle between x1 and x2 along `dim`, PyTorch's `F.cosine_similarity`:
 *
 *   cos(x1, x2) = Σ_i (x1_i / max(‖x1‖, ε)) · (x2_i / max(‖x2‖, ε)).
 *
 * As in current torch, each vector is divided by its own clamped norm (not the product of norms by
 * a clamped product), which keeps the result in [−1, 1]; the clamp acts on the value only, so the
 * gradient is the unclamped formula's with the norms' gradient 0 at the zero vector. A zero vector
 * has similarity 0 with everything. x1 and x2 broadcast against each other.
 *
 * @param x1 any shape with the `dim` axis
 * @param x2 broadcastable with x1
 * @param options.dim the vector axis, default 1 (as torch; -1 for the last axis)
 * @param options.eps ε > 0, default 1e-8
 * @returns the broadcast shape without `dim`
 * @see https://pytorch.org/docs/stable/generated/torch.nn.functional.cosine_similarity.html
 */
export function cosineSimilarity(x1: TensorLike, x2: TensorLike, options?: CosineSimilarityOptions): Tensor {
  const loss = 'cosineSimilarity';
  expectKnownOptions(options, ['dim', 'eps'], loss);
  const dim = numberOption(options, 'dim', 1, { integer: true }, loss);
  const eps = numberOption(options, 'eps', 1e-8, { min: 0, exclusiveMin: true }, loss);
  return tf.tidy(() => {
    const a = toTensor(x1, loss, 'x1');
    const b = toTensor(x2, loss, 'x2');
    const shape = broadcastPair(a, b, loss);
    if (dim < -shape.length || dim >= shape.length) {
      fail(loss, 'options.dim', `an axis in [${-shape.length}, ${shape.length - 1}] of the inputs' shape ${formatShape(shape)}`, String(dim));
    }
    const ax = dim < 0 ? shape.length + dim : dim;
    // torch expands both inputs before taking norms (it matters when `dim` itself broadcasts).
    return cosineAlong(tf.broadcastTo(a, shape), tf.broadcastTo(b, shape), ax, eps);
  });
}
