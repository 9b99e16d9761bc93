/**
 * Fast value checks for input validation: one SIMD pass over a tensor's data, read in place where
 * the backend allows, instead of a copy and a JavaScript loop. They only answer "all fine"; when
 * something is wrong (or the kernels are not available) the caller's own scan finds and reports it.
 */
import type { Tensor } from '../core/tf.js';
import { useFused } from './dispatch.js';
import { CHUNK_ELEMENTS, streamChunks } from './stream.js';
import { tensorData } from './tensorData.js';

const bits = new Float32Array(1);
const bitsInt = new Int32Array(bits.buffer);

/** The float32 next to finite-or-infinite x in the direction `step` (+1 up, −1 down). */
function nextFloat32(x: number, step: 1 | -1): number {
  if (x === 0) return step * 1.401298464324817e-45;
  bits[0] = x;
  bitsInt[0]! += x > 0 === (step > 0) ? 1 : -1;
  return bits[0]!;
}

/** The float32 bounds [lo32, hi32] holding exactly the float32 values v with lo <= v <= hi. */
function float32Bounds(lo: number, hi: number): [number, number] {
  let lo32 = Math.fround(lo);
  if (lo32 < lo) lo32 = nextFloat32(lo32, 1);
  let hi32 = Math.fround(hi);
  if (hi32 > hi) hi32 = nextFloat32(hi32, -1);
  return [lo32, hi32];
}

/**
 * True when every value of the float32 tensor t is known to lie in [lo, hi] (no NaN); false when
 * one does not, or when the fast check cannot run here (then the caller scans).
 */
export function allValuesIn(t: Tensor, lo: number, hi: number): boolean {
  if (t.dtype !== 'float32' || !useFused(t.size)) return false;
  const [lo32, hi32] = float32Bounds(lo, hi);
  const outside = streamChunks(t.size, CHUNK_ELEMENTS, [{ data: tensorData().read(t), perUnit: 1 }], [], [], (k, p, count) =>
    k.countOutside(p.inputs[0]!, count, lo32, hi32),
  );
  return outside === 0;
}
