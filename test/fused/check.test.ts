/**
 * The SIMD value check behind expectValuesIn: with the fused kernels on, bad values are still
 * caught (NaN, ±Infinity, one float32 step outside a bound, the last element of a long tensor)
 * with the same LossInputError as without them, and good values at the bounds pass.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as L from 'losslab';
import { tf, setFusedKernels, LossInputError } from 'losslab';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof LossInputError) return e.message;
    throw e;
  }
  return 'no error';
}

/** The message (or 'no error') with the fused kernels on and off; they must agree. */
function bothModes(f: () => unknown): string {
  setFusedKernels('always');
  const on = errorOf(f);
  setFusedKernels('never');
  const off = errorOf(f);
  setFusedKernels('auto');
  expect(on).toBe(off);
  return on;
}

const N = 50001;

for (const backend of requestedBackends()) {
  describe(`fused value checks on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });

    it('targets in [0, 1]: exact bounds pass; NaN, one step outside and the last element fail', () => {
      const logits = tf.zeros([N]);
      const target = (edit: (a: Float32Array) => void) => {
        const a = new Float32Array(N).fill(0.5);
        edit(a);
        return tf.tensor1d(a);
      };
      const bce = (t: L.Tensor) => () => L.binaryCrossEntropyWithLogits(logits, t);
      expect(bothModes(bce(target((a) => { a[0] = 0; a[N - 1] = 1; a[7] = -0; })))).toBe('no error');
      expect(bothModes(bce(target((a) => (a[N - 1] = NaN))))).toMatch(/targets in \[0, 1\].*NaN at position \[50000\]/);
      expect(bothModes(bce(target((a) => (a[N - 1] = Math.fround(1 + 2 ** -23)))))).toMatch(/1\.0000001\d* at position \[50000\]/);
      // the smallest negative float32 (a subnormal) is outside [0, 1]
      expect(bothModes(bce(target((a) => (a[12345] = -1.401298464324817e-45))))).toMatch(/at position \[12345\]/);
      logits.dispose();
    });

    it('finite weights: ±Infinity is caught, the largest float32 passes', () => {
      const x = tf.zeros([N]);
      const y = tf.zeros([N]);
      const weight = (v: number) => {
        const a = new Float32Array(N).fill(1);
        a[N - 2] = v;
        return tf.tensor1d(a);
      };
      expect(bothModes(() => L.binaryCrossEntropyWithLogits(x, y, { weight: weight(3.4028234663852886e38) }))).toBe('no error');
      expect(bothModes(() => L.binaryCrossEntropyWithLogits(x, y, { weight: weight(-Infinity) }))).toMatch(/finite numbers.*-Infinity at position \[49999\]/);
      expect(bothModes(() => L.binaryCrossEntropyWithLogits(x, y, { weight: weight(Infinity) }))).toMatch(/Infinity at position \[49999\]/);
      tf.dispose([x, y]);
    });
  });
}
