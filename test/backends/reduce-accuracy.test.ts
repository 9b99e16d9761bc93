// Reductions over millions of float32 elements are as accurate on every backend as float32 allows
// (core/reduce.ts, blocked summation), compared with a float64 sum of the very same values.
import { describe, it, expect, beforeAll } from 'vitest';
import { tf, meanAll, sumAll, mseLoss, type Tensor } from 'losslab';
import { sumAxis } from '../../src/core/reduce.js';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';
import { LARGE_REDUCTION } from '../helpers/tolerance.js';

const N = 4 * 1024 * 1024;
const ROWS = 4;

/**
 * Values near 0.1 (0.1 + 0.01·u, seeded): not representable in binary, so a single float32 running
 * sum rounds the same way millions of times; this is where wasm's tf.mean was seen 3% off.
 */
function values(n: number): Float32Array {
  const out = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = 0.1 + 0.01 * (s / 2 ** 32);
  }
  return out;
}

function sum64(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]!;
  return s;
}

function relErr(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

const x = values(N);
const total = sum64(x);
const rowLen = N / ROWS;
const rowTotals = Array.from({ length: ROWS }, (_, r) => sum64(x, r * rowLen, (r + 1) * rowLen));

for (const backend of requestedBackends()) {
  describe(`large reductions on ${backend}`, () => {
    let t: Tensor;
    beforeAll(async () => {
      await useTestBackend(backend);
      t = tf.tensor1d(x);
      return () => t.dispose();
    });

    it('sumAll and meanAll of 4M float32 match a float64 sum', () => {
      const [s, m] = tf.tidy(() => [sumAll(t).dataSync()[0]!, meanAll(t).dataSync()[0]!]);
      expect(relErr(s, total)).toBeLessThan(LARGE_REDUCTION.rtol);
      expect(relErr(m, total / N)).toBeLessThan(LARGE_REDUCTION.rtol);
    });

    it("a loss with reduction 'mean' / 'sum' over 4M elements is accurate", () => {
      // mse(x, 0) = mean(x²); the reference squares in float32 like the backend, then sums in float64.
      let sq = 0;
      for (let i = 0; i < N; i++) sq += Math.fround(x[i]! * x[i]!);
      const [mean, sum] = tf.tidy(() => {
        const zeros = tf.zerosLike(t);
        return [mseLoss(t, zeros).dataSync()[0]!, mseLoss(t, zeros, { reduction: 'sum' }).dataSync()[0]!];
      });
      expect(relErr(mean, sq / N)).toBeLessThan(LARGE_REDUCTION.rtol);
      expect(relErr(sum, sq)).toBeLessThan(LARGE_REDUCTION.rtol);
    });

    it('sumAxis over a 1M-long axis is accurate, with and without keepDims', () => {
      const [rows, kept, shape] = tf.tidy(() => {
        const m = t.reshape([ROWS, rowLen]);
        const k = sumAxis(m, 1, true);
        return [Array.from(sumAxis(m, 1).dataSync()), Array.from(k.dataSync()), k.shape];
      });
      expect(shape).toEqual([ROWS, 1]);
      rows.forEach((v, r) => expect(relErr(v, rowTotals[r]!)).toBeLessThan(LARGE_REDUCTION.rtol));
      expect(kept).toEqual(rows);
      // Reducing the leading axis (transposed internally) and several axes at once.
      const [cols, both] = tf.tidy(() => {
        const m = t.reshape([rowLen, ROWS]);
        return [Array.from(sumAxis(m, 0).dataSync()), sumAxis(m, [0, 1]).dataSync()[0]!];
      });
      for (let c = 0; c < ROWS; c++) {
        let ref = 0;
        for (let i = c; i < N; i += ROWS) ref += x[i]!;
        expect(relErr(cols[c]!, ref)).toBeLessThan(LARGE_REDUCTION.rtol);
      }
      expect(relErr(both, total)).toBeLessThan(LARGE_REDUCTION.rtol);
    });

    it('the gradient of meanAll is 1/N everywhere and nothing leaks', () => {
      const before = tf.memory().numTensors;
      const g = tf.grad((v: Tensor) => meanAll(v))(t);
      const gv = g.dataSync();
      g.dispose();
      expect(tf.memory().numTensors).toBe(before);
      for (const i of [0, 1, 1023, 1024, N - 1]) expect(gv[i]).toBeCloseTo(1 / N, 12);
    });

    if (backend === 'wasm') {
      it('(control) a plain tf.mean on wasm is far off for this data: the test above exercises the problem', () => {
        const m = tf.tidy(() => tf.mean(t).dataSync()[0]!);
        expect(relErr(m, total / N)).toBeGreaterThan(100 * LARGE_REDUCTION.rtol);
      });
    }
  });
}
