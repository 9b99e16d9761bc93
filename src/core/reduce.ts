/**
 * Reductions shared by every loss: `'mean' | 'sum' | 'none'` as PyTorch defines them, computed
 * accurately on every backend.
 *
 * Why blocked sums: the wasm (and webgl) backends accumulate a whole reduction in one float32
 * running sum; over 4M elements that was seen 0.36% off a float64 reference (3% for values near
 * 0.1: test/backends/reduce-accuracy.test.ts). Summing in blocks of
 * BLOCK and then summing the block sums keeps the error at float32 level. The cpu backend
 * accumulates in float64, and TensorFlow reduces the innermost axis with a tree, so they take the
 * plain path; but TensorFlow sums an outer axis with one running float32 sum (6.7e-4 off over 1M
 * rows), so `sumAxis` first moves the reduced axes innermost.
 */
import { tf, type Tensor } from './tf.js';
import type { Reduction } from './types.js';

const BLOCK = 1024;
const ACCURATE_BACKENDS = new Set(['cpu', 'tensorflow']);

function needsBlockedSum(size: number): boolean {
  return size > BLOCK && !ACCURATE_BACKENDS.has(tf.getBackend());
}

/**
 * Row sums of a 2-D tensor [rows, n], summing n in blocks of BLOCK and then the block sums (again
 * in blocks), so that no float32 running sum adds more than BLOCK terms.
 */
function blockedRowSums(m: Tensor): Tensor {
  const [rows, n] = m.shape as [number, number];
  if (n <= BLOCK) return tf.sum(m, 1);
  const whole = Math.floor(n / BLOCK) * BLOCK;
  const head = blockedRowSums(m.slice([0, 0], [rows, whole]).reshape([rows, whole / BLOCK, BLOCK]).sum(2));
  return whole === n ? head : head.add(m.slice([0, whole], [rows, n - whole]).sum(1));
}

/** The sum of all elements of `x`, accurate to float32 on every backend. Differentiable. */
export function sumAll(x: Tensor): Tensor {
  if (!needsBlockedSum(x.size)) return tf.sum(x);
  return tf.tidy(() => blockedRowSums(x.reshape([1, x.size])).reshape([]));
}

/** The mean of all elements of `x`, accurate to float32 on every backend. Differentiable. */
export function meanAll(x: Tensor): Tensor {
  return tf.tidy(() => tf.div(sumAll(x), Math.max(x.size, 1)));
}

/**
 * Sums over `axis` (one or several), accurate to float32 on every backend like `sumAll` (used for
 * per-sample sums over large feature axes). Differentiable. Takes tf.sum where the backend is
 * already accurate or the reduced size is small.
 */
export function sumAxis(x: Tensor, axis: number | number[], keepDims = false): Tensor {
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const reduced = axes.reduce((size, a) => size * x.shape[a]!, 1);
  if (reduced <= BLOCK || tf.getBackend() === 'cpu') return tf.sum(x, axis, keepDims);
  return tf.tidy(() => {
    const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const keptShape = kept.map((i) => x.shape[i]!);
    const perm = [...kept, ...axes];
    const innermost = perm.every((p, i) => p === i) ? x : tf.transpose(x, perm);
    const rows = innermost.reshape([tf.util.sizeFromShape(keptShape), reduced]);
    const sums = (needsBlockedSum(reduced) ? blockedRowSums(rows) : tf.sum(rows, 1)).reshape(keptShape);
    return keepDims ? sums.reshape(x.shape.map((d, i) => (axes.includes(i) ? 1 : d))) : sums;
  });
}

/**
 * Applies a reduction to per-element losses: `'none'` returns them, `'sum'` their sum, `'mean'`
 * their mean over elements.
 */
export function reduce(perElement: Tensor, reduction: Reduction): Tensor {
  switch (reduction) {
    case 'none':
      return perElement;
    case 'sum':
      return sumAll(perElement);
    case 'mean':
      return meanAll(perElement);
  }
}

/**
 * The weighted reduction of class losses, PyTorch's: `'mean'` is sum(w·l) / sum(w) over kept
 * targets (`weightedLoss` already holds w·l, zero where ignored); `'sum'` is sum(w·l); `'none'`
 * returns w·l. When every target is ignored, torch's mean is 0/0 = NaN; losslab returns 0 with a
 * zero gradient instead (a batch with nothing to learn from should not poison training).
 */
export function reduceWeighted(weightedLoss: Tensor, weights: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return weightedLoss;
  const total = sumAll(weightedLoss);
  if (reduction === 'sum') return total;
  const denom = sumAll(weights);
  return tf.div(total, tf.where(tf.greater(denom, 0), denom, tf.onesLike(denom)));
}
