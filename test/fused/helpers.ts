/**
 * Helpers for the fused-kernel tests: which path a loss took (from tf.profile's kernel names),
 * what a call allocated on the backend, and large deterministic inputs.
 */
import { tf, type Tensor } from 'losslab';
import { rng } from '../helpers/random.js';

/** The kernel names a computation ran (a fused op shows as `fused:<kernel>`). */
export async function kernelNames(f: () => unknown): Promise<string[]> {
  const profile = await tf.profile(() => {
    const out = f();
    return out as Tensor;
  });
  return profile.kernels.map((k) => k.name);
}

/**
 * The sizes (in elements) of every buffer the active backend allocated while `f` ran. Works on
 * the cpu and wasm backends, where every tensor's data is made through `backend.write`.
 */
export function allocations(f: () => void): number[] {
  const backend = tf.backend() as unknown as { write: (values: unknown, shape: number[], dtype: string) => unknown };
  const original = backend.write;
  const sizes: number[] = [];
  backend.write = function (this: unknown, values: unknown, shape: number[], dtype: string) {
    sizes.push(shape.reduce((a, b) => a * b, 1));
    return original.call(this, values, shape, dtype);
  };
  try {
    f();
  } finally {
    backend.write = original;
  }
  return sizes;
}

/** A float32 array of n values, normal-ish (sum of uniforms), times `scale`. */
export function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (r() + r() + r() - 1.5) * 2 * scale;
  return out;
}

/** Largest |a − b| / (atol/rtol + |b|) style check: the first index off by more than the tolerance, or -1. */
export function firstOff(a: ArrayLike<number>, b: ArrayLike<number>, rtol: number, atol: number): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i]! - b[i]!) <= atol + rtol * Math.abs(b[i]!))) return i;
  }
  return -1;
}
