/**
 * The plain-product matMul behind the embedding losses: tf.matMul's values and first and second
 * derivatives for every transpose combination, on every test backend.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { tf, type Tensor } from 'losslab';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';
import { firstOff, randomArray } from './helpers.js';
// The helper is internal (not exported by losslab): reached through the built package files.
import { matMul } from '../../src/dist/fused/matmul.js';

for (const backend of requestedBackends()) {
  describe(`plain-product matMul on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });

    for (const [tA, tB] of [[false, false], [false, true], [true, false], [true, true]] as const) {
      it(`transposeA=${tA}, transposeB=${tB}: value, gradients and second derivatives of tf.matMul`, () => {
        const [M, K, N] = [37, 19, 23];
        const a = tf.tensor(randomArray(M * K, 21), tA ? [K, M] : [M, K]);
        const b = tf.tensor(randomArray(K * N, 22), tB ? [N, K] : [K, N]);
        const w = tf.tensor(randomArray(M * N, 23), [M, N]);
        const run = (mm: (x: Tensor, y: Tensor) => Tensor) =>
          tf.tidy(() => {
            const f = (x: Tensor, y: Tensor) => tf.sum(tf.mul(tf.square(mm(x, y)), w));
            const first = tf.grads(f)([a, b]);
            const second = tf.grads((x: Tensor, y: Tensor) => tf.sum(tf.grads(f)([x, y])[0]!))([a, b]);
            return [mm(a, b), ...first, ...second].map((t) => t.dataSync() as Float32Array);
          });
        const before = tf.memory().numTensors;
        const got = run((x, y) => matMul(x, y, tA, tB));
        expect(tf.memory().numTensors).toBe(before);
        const ref = run((x, y) => tf.matMul(x, y, tA, tB));
        got.forEach((g, i) => {
          const scale = ref[i]!.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          expect(firstOff(g, ref[i]!, 1e-4, 1e-5 * scale)).toBe(-1);
        });
        tf.dispose([a, b, w]);
      });
    }
  });
}
