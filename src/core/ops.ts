/**
 * Small differentiable ops whose tfjs gradients differ from PyTorch's at special points.
 * Every loss uses these instead of the raw tfjs op where the difference would show.
 */
import { tf, type Tensor } from './tf.js';

/**
 * |x| with PyTorch's gradient sign(x), which is 0 at x = 0. (tfjs's Abs gradient is −1 at 0.)
 */
export function abs(x: Tensor): Tensor {
  const f = tf.customGrad(((t: Tensor, save: tf.GradSaveFunc) => {
    save([t]);
    return { value: tf.abs(t), gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(dy, tf.sign(saved[0]!)) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x) as Tensor;
}

/**
 * 1 where x > 0, else 0, with a zero gradient: a mask that may sit on the gradient path.
 * (A comparison op such as tf.less on that path has no gradient, and tfjs would throw.)
 */
export function positiveMask(x: Tensor): Tensor {
  return tf.step(x);
}

/**
 * x^p for x >= 0 and a constant p >= 0 (a slightly negative x, from float rounding, counts as 0),
 * with PyTorch's gradient p·x^(p−1) wherever that is finite. At x = 0 the gradient is 1 for p = 1
 * and 0 otherwise: torch gives 0 for p = 0 and p > 1 as well, but +inf for 0 < p < 1, which turns
 * into NaN downstream (inf · 0); losslab uses 0 there. (tf.pow's gradient is NaN at 0 for p < 1
 * and for p = 0.) Used for the focal modulating factor (1 − p_t)^γ and PolyLoss's (1 − p_t)^j.
 */
export function powNonNeg(x: Tensor, p: number): Tensor {
  const f = tf.customGrad(((t: Tensor, save: tf.GradSaveFunc) => {
    save([t]);
    const base = tf.relu(t);
    const value = p === 0 ? tf.onesLike(t) : tf.pow(base, p);
    return {
      value,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const s = saved[0]!;
        if (p === 0) return tf.zerosLike(s);
        if (p === 1) return tf.mul(dy, tf.onesLike(s));
        const b = tf.relu(s);
        // where() selects the 0 branch at b = 0, so the inf of 0^(p−1) for p < 1 is never used.
        return tf.mul(dy, tf.where(tf.greater(b, 0), tf.mul(p, tf.pow(b, p - 1)), tf.zerosLike(b)));
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x) as Tensor;
}
