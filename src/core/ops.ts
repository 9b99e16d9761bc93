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

/**
 * max(x, lo) with PyTorch's `clamp_min` gradient: 1 where x >= lo, so the gradient still passes at
 * x = lo exactly (tf.relu's is 0 there). The hinge of the ranking and triplet losses sits on it.
 */
export function clampMin(x: Tensor, lo: number): Tensor {
  // tfjs's Maximum gradient is dy·(x >= lo) for x: PyTorch's clamp_min rule.
  return tf.maximum(x, lo);
}

/**
 * Element-wise min(a, b) of two tensors of the same shape, with PyTorch's gradient: where a = b the
 * gradient is split in half between them (tf.minimum gives it all to a).
 */
export function minimum(a: Tensor, b: Tensor): Tensor {
  const f = tf.customGrad(((x: Tensor, y: Tensor, save: tf.GradSaveFunc) => {
    save([x, y]);
    return {
      value: tf.minimum(x, y),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [s, t] = saved as [Tensor, Tensor];
        const tie = tf.mul(tf.cast(tf.equal(s, t), 'float32'), 0.5);
        const toA = tf.add(tf.cast(tf.less(s, t), 'float32'), tie);
        return [tf.mul(dy, toA), tf.mul(dy, tf.sub(1, toA))];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(a, b) as Tensor;
}

/**
 * The maximum over one axis, with PyTorch's `amax` gradient: split evenly between tied maxima
 * (tf.max gives each tied element the full gradient, so ties would count twice).
 */
export function amax(x: Tensor, axis: number): Tensor {
  const ax = axis < 0 ? x.rank + axis : axis;
  const f = tf.customGrad(((t: Tensor, save: tf.GradSaveFunc) => {
    const top = tf.max(t, ax, true);
    save([t, top]);
    return {
      value: tf.squeeze(top, [ax]),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [s, m] = saved as [Tensor, Tensor];
        const hit = tf.cast(tf.equal(s, m), 'float32');
        return tf.mul(tf.expandDims(dy, ax), tf.div(hit, tf.sum(hit, ax, true)));
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x) as Tensor;
}
