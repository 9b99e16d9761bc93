/**
 * Matrix products whose forward and backward passes use only untransposed products.
 *
 * tfjs's gradient of c = a·b multiplies transposed operands (dy·bᵀ, aᵀ·dy), and so does a·bᵀ
 * itself; tfjs-backend-wasm runs those up to 10× slower than a plain product (measured for
 * [1024, 256]·[256, 1024]: 761 ms transposed vs 73 ms plain, on a loaded 2-core machine), and
 * they dominate InfoNCE, multiple-negatives ranking, ArcFace and GE2E. Transposing explicitly and
 * multiplying plainly costs less on every backend measured (wasm ~9×, tensorflow ~2×, cpu ~1.2×
 * for a·bᵀ forward and backward; bench/ and docs/benchmarks.md).
 */
import { tf, type Tensor } from '../core/tf.js';

/** x·y for 2-D x [M, K] and y [K, N], with the gradients dy·yᵀ and xᵀ·dy as plain products too. */
const plainProduct = tf.customGrad(((x: Tensor, y: Tensor, save: tf.GradSaveFunc) => {
  save([x, y]);
  return {
    value: tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [xs, ys] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(ys)), tf.matMul(tf.transpose(xs), dy as tf.Tensor2D)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: Tensor, y: Tensor) => Tensor;

/**
 * op(a)·op(b) for 2-D a and b, op = transpose where asked (tf.matMul's arguments), computed with
 * plain products only. Differentiable (also twice). Other ranks go to tf.matMul.
 */
export function matMul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  if (a.rank !== 2 || b.rank !== 2) return tf.matMul(a, b, transposeA, transposeB);
  return plainProduct(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b);
}
