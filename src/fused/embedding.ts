/**
 * Fused embedding losses: the triplet margin loss with the Euclidean distance (torch's
 * TripletMarginLoss with p = 2 and no swap; see losses/embedding/embedding.ts), one pass over the
 * anchor, positive and negative rows that gives the loss and all three gradients.
 */
import { tf, type Tensor } from '../core/tf.js';
import type { Reduction } from '../core/types.js';
import { fusedLoss } from './op.js';
import { CHUNK_ELEMENTS, streamChunks } from './stream.js';
import { tensorData } from './tensorData.js';

/**
 * max(0, margin + ‖a − p + ε‖₂ − ‖a − n + ε‖₂) per row of anchors, positives and negatives of one
 * shape, [N, D] or [D]; reduced as asked ('none': [N], or [] for [D]).
 */
export function fusedTriplet(anchor: Tensor, positive: Tensor, negative: Tensor, margin: number, eps: number, reduction: Reduction): Tensor {
  const D = anchor.shape[anchor.rank - 1]!;
  const rows = anchor.size / D;
  const outShape = anchor.rank === 1 ? [] : [rows];
  const gscale = reduction === 'mean' ? 1 / rows : 1;
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / D));
  return fusedLoss({
    name: 'tripletMarginLoss',
    inputs: [anchor, positive, negative],
    upstream: reduction === 'none' ? 'rows' : 'scalar',
    pass(withGrad) {
      const io = tensorData();
      const gradOuts = withGrad ? [0, 1, 2].map(() => io.output(anchor.shape)) : null;
      const lossOut = reduction === 'none' ? io.output(outShape) : null;
      const [as, ps, ns] = [anchor, positive, negative].map((t) => io.read(t));
      const total = streamChunks(
        rows,
        rowsPerChunk,
        [as!, ps!, ns!].map((data) => ({ data, perUnit: D })),
        [],
        [...[0, 1, 2].map((i) => ({ data: gradOuts?.[i]!.data() ?? null, perUnit: D })), { data: lossOut?.data() ?? null, perUnit: 1 }],
        (k, p, count) =>
          k.tripletRows(p.inputs[0]!, p.inputs[1]!, p.inputs[2]!, p.outputs[0]!, p.outputs[1]!, p.outputs[2]!, p.outputs[3]!, count, D, margin, eps, gscale),
      );
      const value = lossOut ? lossOut.tensor() : tf.scalar(reduction === 'mean' ? total / rows : total);
      return { value, grads: gradOuts ? gradOuts.map((g) => g.tensor()) : null };
    },
  });
}
