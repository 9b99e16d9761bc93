import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * How per-element losses are combined, as in PyTorch:
 * - `'mean'`: the mean over elements (for weighted class losses, sum(w·l) / sum(w) over kept targets);
 * - `'sum'`: the sum;
 * - `'none'`: the unreduced per-element (or per-sample) losses.
 */
export type Reduction = 'mean' | 'sum' | 'none';

/** A nested array of numbers, any depth. */
export interface NestedArray extends Array<number | NestedArray> {}

/** Anything losslab accepts where a tensor is expected. */
export type TensorLike =
  | Tensor
  | number
  | NestedArray
  | number[]
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array;

/** The option every loss takes. */
export interface ReductionOptions {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}
