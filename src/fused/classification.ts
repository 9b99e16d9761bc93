/**
 * Fused classification losses: softmax cross-entropy and multi-class focal loss on rows of logits
 * with class-index targets, and BCE with logits, each in one pass over the logits (the formulas of
 * losses/classification/*.ts; the kernels are in wasm/assembly/kernels.ts).
 *
 * The losses validate their inputs first and call these with what they validated; these only
 * compute. Targets are never differentiated (class indices), and BCE's target gradient (soft
 * labels) is taken with tfjs ops, only when asked for.
 */
import { tf, type Tensor } from '../core/tf.js';
import type { Reduction } from '../core/types.js';
import { fusedLoss } from './op.js';
import { CHUNK_ELEMENTS, streamChunks } from './stream.js';
import { tensorData } from './tensorData.js';

const MODE_CROSS_ENTROPY = 0;
const MODE_FOCAL = 1;

/** Class-index rows as the losses validated them. */
export interface IndexRows {
  /** [M, C] logits. */
  rows: Tensor;
  /** [M] int32 classes (ignored rows hold any valid class). */
  indices: Tensor;
  /** [M] float: 1 kept, 0 ignored. */
  keep: Tensor;
  /** The shape of the unreduced loss. */
  outShape: number[];
}

/** The classes as int32 with −1 at ignored rows, and the number of kept rows. */
function keptTargets(r: IndexRows): { targets: Int32Array; kept: number } {
  const idx = r.indices.dataSync();
  const keep = r.keep.dataSync();
  const targets = new Int32Array(idx.length);
  let kept = 0;
  for (let i = 0; i < idx.length; i++) {
    if (keep[i]! > 0) {
      targets[i] = idx[i]!;
      kept++;
    } else targets[i] = -1;
  }
  return { targets, kept };
}

function softmaxRows(
  name: string,
  mode: number,
  rows: Tensor,
  outShape: number[],
  classWeight: Float32Array | null,
  targets: Int32Array,
  denominator: number,
  reduction: Reduction,
  smoothing: number,
  gamma: number,
): Tensor {
  const [rowsN, C] = rows.shape as [number, number];
  // 'mean' divides by the kept rows' weight sum (or count); when that is 0, the loss is 0 with a zero gradient.
  const gscale = reduction !== 'mean' ? 1 : denominator > 0 ? 1 / denominator : 0;
  let wsum = C;
  if (classWeight) {
    wsum = 0;
    for (let c = 0; c < C; c++) wsum += classWeight[c]!;
  }
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / C));
  return fusedLoss({
    name,
    inputs: [rows],
    upstream: reduction === 'none' ? 'rows' : 'scalar',
    pass(withGrad) {
      const io = tensorData();
      const gradOut = withGrad ? io.output(rows.shape) : null;
      const lossOut = reduction === 'none' ? io.output(outShape) : null;
      const logits = io.read(rows);
      const total = streamChunks(
        rowsN,
        rowsPerChunk,
        [{ data: logits, perUnit: C }, { data: targets, perUnit: 1 }],
        [{ data: classWeight, repeat: 1 }],
        [{ data: gradOut?.data() ?? null, perUnit: C }, { data: lossOut?.data() ?? null, perUnit: 1 }],
        (k, p, count) =>
          k.softmaxRows(mode, p.inputs[0]!, p.inputs[1]!, p.fixed[0]!, p.outputs[0]!, p.outputs[1]!, count, C, gscale, smoothing, wsum, gamma),
      );
      const value = lossOut ? lossOut.tensor() : tf.scalar(reduction === 'mean' ? total * gscale : total);
      return { value, grads: gradOut ? [gradOut.tensor()] : null };
    },
  });
}

/**
 * Softmax cross-entropy of rows [M, C] with class indices: the class weights `weight` (length C
 * or null) and label smoothing ε as in crossEntropy; 'mean' divides by Σ w_y over kept rows.
 */
export function fusedCrossEntropy(r: IndexRows, weight: Tensor | null, smoothing: number, reduction: Reduction): Tensor {
  const { targets } = keptTargets(r);
  const w = weight ? (weight.dataSync() as Float32Array) : null;
  let denominator = 0;
  for (let i = 0; i < targets.length; i++) if (targets[i]! >= 0) denominator += w ? w[targets[i]!]! : 1;
  return softmaxRows('crossEntropy', MODE_CROSS_ENTROPY, r.rows, r.outShape, w, targets, denominator, reduction, smoothing, 0);
}

/**
 * Multi-class focal loss of rows [M, C] with class indices: −α_y (1 − p_t)^γ log p_t, `alpha`
 * per class (length C) or null; 'mean' is the plain mean over kept rows.
 */
export function fusedFocal(r: IndexRows, alpha: Tensor | null, gamma: number, reduction: Reduction): Tensor {
  const { targets, kept } = keptTargets(r);
  const a = alpha ? (alpha.dataSync() as Float32Array) : null;
  return softmaxRows('focalLoss', MODE_FOCAL, r.rows, r.outShape, a, targets, kept, reduction, 0, gamma);
}

/**
 * Per-row softmax cross-entropy of logits [M, C] with int32 classes [M] in [0, C): the fused form
 * of core/softmax.ts rowCrossEntropy (shape [M]). null when an index is out of range (the caller
 * keeps its own path).
 */
export function fusedRowCrossEntropy(logits: Tensor, indices: Tensor): Tensor | null {
  const C = logits.shape[1]!;
  const targets = Int32Array.from(indices.dataSync());
  if (!targets.every((t) => t >= 0 && t < C)) return null;
  return softmaxRows('rowCrossEntropy', MODE_CROSS_ENTROPY, logits, [logits.shape[0]!], null, targets, targets.length, 'none', 0, 0);
}

/**
 * The period of a weight broadcast to `shape` when it repeats along the leading axes (its shape,
 * leading 1s dropped, is a suffix of `shape`): the weight's size. null for other broadcasts.
 */
function broadcastPeriod(w: Tensor, shape: readonly number[]): number | null {
  const dims = [...w.shape];
  while (dims.length > 0 && dims[0] === 1) dims.shift();
  const offset = shape.length - dims.length;
  if (offset < 0 || dims.some((d, i) => d !== shape[offset + i])) return null;
  return w.size;
}

/**
 * The chunk length for weights tiled with these periods (null: streamed in full): a multiple of
 * every period, so each chunk starts at a period boundary. null when no such chunk is small.
 */
function tiledChunk(periods: Array<number | null>): number | null {
  const lcm = periods.reduce<number>((acc, p) => (p ? (acc * p) / gcd(acc, p) : acc), 1);
  return lcm > CHUNK_ELEMENTS ? null : Math.floor(CHUNK_ELEMENTS / lcm) * lcm;
}

/** The tiling periods of BCE weights over an input of n elements (null: absent or streamed in full). */
function weightPeriods(n: number, weights: Array<Tensor | null>): Array<number | null> {
  return weights.map((w) => (w && w.size < n ? w.size : null));
}

/**
 * Whether fusedBceWithLogits takes these weights: absent, of the input's shape, or repeating along
 * the leading axes (e.g. one per class [C]) with a small period.
 */
export function bceWeightsFusable(shape: readonly number[], ...weights: Array<Tensor | null>): boolean {
  const n = shape.reduce((a, b) => a * b, 1);
  if (!weights.every((w) => !w || broadcastPeriod(w, shape) !== null)) return false;
  return tiledChunk(weightPeriods(n, weights)) !== null;
}

/**
 * BCE with logits of x and targets y (same shape), weights as binaryCrossEntropyWithLogits takes
 * them (check bceWeightsFusable first); 'mean' over all elements.
 */
export function fusedBceWithLogits(x: Tensor, y: Tensor, weight: Tensor | null, posWeight: Tensor | null, reduction: Reduction): Tensor {
  const n = x.size;
  const gscale = reduction === 'mean' ? 1 / n : 1;
  const periods = weightPeriods(n, [weight, posWeight]);
  const chunk = tiledChunk(periods);
  if (chunk === null) throw new Error('fusedBceWithLogits: weights not fusable (check bceWeightsFusable)');
  return fusedLoss({
    name: 'binaryCrossEntropyWithLogits',
    inputs: [x, y],
    upstream: reduction === 'none' ? 'elementwise' : 'scalar',
    keep: [x, ...(weight ? [weight] : []), ...(posWeight ? [posWeight] : [])],
    otherGrads: [
      // ∂l/∂y = w · [−x + (pw − 1) · softplus(−x)]
      ({ dy, kept }) => {
        const [xs, w, pw] = [kept[0]!, weight ? kept[1]! : null, posWeight ? kept[weight ? 2 : 1]! : null];
        let g = tf.neg(xs);
        if (pw) g = tf.add(g, tf.mul(tf.sub(pw, 1), tf.softplus(tf.neg(xs))));
        if (w) g = tf.mul(g, w);
        return tf.mul(tf.mul(g, gscale), dy);
      },
    ],
    pass(withGrad) {
      const io = tensorData();
      const gradOut = withGrad ? io.output(x.shape) : null;
      const lossOut = reduction === 'none' ? io.output(x.shape) : null;
      const xs = io.read(x);
      const ys = io.read(y);
      const ws = [weight, posWeight].map((w) => (w ? (io.read(w) as Float32Array) : null));
      const streamed = (i: number) => (periods[i] === null ? ws[i]! : null);
      const tiled = (i: number) => (periods[i] !== null ? ws[i]! : null);
      const total = streamChunks(
        n,
        chunk,
        [{ data: xs, perUnit: 1 }, { data: ys, perUnit: 1 }, { data: streamed(0), perUnit: 1 }, { data: streamed(1), perUnit: 1 }],
        [0, 1].map((i) => ({ data: tiled(i), repeat: periods[i] ? chunk / periods[i]! : 1 })),
        [{ data: gradOut?.data() ?? null, perUnit: 1 }, { data: lossOut?.data() ?? null, perUnit: 1 }],
        (k, p, count) =>
          k.bceWithLogits(
            p.inputs[0]!, p.inputs[1]!, p.inputs[2]! || p.fixed[0]!, p.inputs[3]! || p.fixed[1]!,
            p.outputs[0]!, p.outputs[1]!, count, gscale,
          ),
      );
      const value = lossOut ? lossOut.tensor() : tf.scalar(reduction === 'mean' ? total / n : total);
      return { value, grads: gradOut ? [gradOut.tensor()] : null };
    },
  });
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
