/**
 * Fused regression losses: l1, mse, huber, smoothL1 in one pass over (input, target), the same
 * formulas as losses/regression.ts (see there; the kernels are in wasm/assembly/kernels.ts).
 * The gradient w.r.t. the target is minus the gradient w.r.t. the input (the losses depend on
 * x − y), taken only when asked for.
 */
import { tf, type Tensor } from '../core/tf.js';
import type { Reduction } from '../core/types.js';
import { fusedLoss } from './op.js';
import { CHUNK_ELEMENTS, streamChunks } from './stream.js';
import { tensorData } from './tensorData.js';

export type RegressionKind = 'l1' | 'mse' | 'huber' | 'smoothL1';

/**
 * The loss `kind` of x and y (same shape, float32) with its parameter (δ for huber, β > 0 for
 * smoothL1, ignored otherwise), reduced as asked.
 */
export function fusedRegression(kind: RegressionKind, x: Tensor, y: Tensor, param: number, reduction: Reduction): Tensor {
  const n = x.size;
  const gscale = reduction === 'mean' ? 1 / n : 1;
  return fusedLoss({
    name: kind,
    inputs: [x, y],
    upstream: reduction === 'none' ? 'elementwise' : 'scalar',
    otherGrads: [(ctx) => tf.neg(ctx.grad(0))],
    pass(withGrad) {
      const io = tensorData();
      const gradOut = withGrad ? io.output(x.shape) : null;
      const lossOut = reduction === 'none' ? io.output(x.shape) : null;
      const xs = io.read(x);
      const ys = io.read(y);
      const total = streamChunks(
        n,
        CHUNK_ELEMENTS,
        [{ data: xs, perUnit: 1 }, { data: ys, perUnit: 1 }],
        [],
        [{ data: gradOut?.data() ?? null, perUnit: 1 }, { data: lossOut?.data() ?? null, perUnit: 1 }],
        (k, p, count) => k[kind](p.inputs[0]!, p.inputs[1]!, p.outputs[0]!, p.outputs[1]!, count, param, gscale),
      );
      const value = lossOut ? lossOut.tensor() : tf.scalar(reduction === 'mean' ? total / n : total);
      return { value, grads: gradOut ? [gradOut.tensor()] : null };
    },
  });
}
