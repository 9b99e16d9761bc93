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
