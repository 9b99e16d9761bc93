/**
 * The fused triplet margin loss (p = 2, no swap) on every test backend: values and all three
 * gradients of the tfjs-ops path, active and inactive rows, rows at the hinge, which calls take
 * the fused path, no leaks, and only the three gradients as input-sized allocations.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as L from 'losslab';
import { tf, setFusedKernels, fusedKernelsMode, type Tensor, type FusedKernelsMode } from 'losslab';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';
import { allocations, firstOff, kernelNames, randomArray } from './helpers.js';

type Reduction = 'mean' | 'sum' | 'none';

function withMode<T>(mode: FusedKernelsMode, f: () => T): T {
  const before = fusedKernelsMode();
  setFusedKernels(mode);
  try {
    return f();
  } finally {
    setFusedKernels(before);
  }
}

type Triplet = (a: Tensor, p: Tensor, n: Tensor) => Tensor;

function evaluate(f: Triplet, inputs: Tensor[]): Float32Array[] {
  return tf.tidy(() => [
    f(inputs[0]!, inputs[1]!, inputs[2]!).dataSync() as Float32Array,
    ...tf.grads((a: Tensor, p: Tensor, n: Tensor) => tf.sum(f(a, p, n)))(inputs).map((g) => g.dataSync() as Float32Array),
  ]);
}

function expectSameAsOps(f: Triplet, inputs: Tensor[]): void {
  const ref = withMode('never', () => evaluate(f, inputs));
  const got = withMode('always', () => evaluate(f, inputs));
  ref.forEach((r, i) => {
    const scale = r.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(got[i]!.length).toBe(r.length);
    expect(firstOff(got[i]!, r, 1e-4, 1e-6 * scale)).toBe(-1);
  });
}

const N = 500;
const D = 130; // not a multiple of 4

for (const backend of requestedBackends()) {
  describe(`fused triplet margin loss on ${backend}`, () => {
    let a: Tensor;
    let p: Tensor;
    let n: Tensor;
    beforeAll(async () => {
      await useTestBackend(backend);
      a = tf.tensor(randomArray(N * D, 11), [N, D]);
      p = tf.tensor(randomArray(N * D, 12), [N, D]);
      n = tf.tensor(randomArray(N * D, 13), [N, D]);
    });
    afterAll(() => tf.dispose([a, p, n]));

    it('takes the fused op for p = 2 without swap, the tfjs ops otherwise', async () => {
      await withMode('always', async () => {
        const grads = (o: object) => () => tf.grads((x: Tensor, y: Tensor, z: Tensor) => L.tripletMarginLoss(x, y, z, o))([a, p, n]);
        expect(await kernelNames(grads({}))).toEqual(['fused:tripletMarginLoss']);
        expect(await kernelNames(grads({ p: 1 }))).not.toContain('fused:tripletMarginLoss');
        expect(await kernelNames(grads({ swap: true }))).not.toContain('fused:tripletMarginLoss');
      });
    });

    for (const r of ['mean', 'sum', 'none'] as Reduction[]) {
      it(`matches the tfjs ops (${r}): margins that make some rows inactive, eps, unbatched`, () => {
        for (const margin of [0.5, 1, 3]) expectSameAsOps((x, y, z) => L.tripletMarginLoss(x, y, z, { margin, reduction: r }), [a, p, n]);
        expectSameAsOps((x, y, z) => L.tripletMarginLoss(x, y, z, { eps: 0.1, reduction: r }), [a, p, n]);
        const one = [a, p, n].map((t) => t.slice([3, 0], [1, D]).reshape([D]));
        expectSameAsOps((x, y, z) => L.tripletMarginLoss(x, y, z, { margin: 20, reduction: r }), one);
        tf.dispose(one);
      });
    }

    it('passes the gradient at the hinge and gives 0 for an anchor equal to its positive with eps 0', () => {
      withMode('always', () => {
        // d(a, p) = 0, d(a, n) = 1 and margin 1: exactly at the hinge, where torch's clamp_min passes the gradient.
        const x = tf.tensor2d([[0, 0]]);
        const y = tf.tensor2d([[0, 0]]);
        const z = tf.tensor2d([[1, 0]]);
        const [ga, gp, gn] = tf.tidy(() => tf.grads((u: Tensor, v: Tensor, w: Tensor) => L.tripletMarginLoss(u, v, w, { eps: 0 }))([x, y, z]).map((g) => Array.from(g.dataSync(), (v) => v + 0)));
        expect(ga).toEqual([1, 0]);
        expect(gp).toEqual([0, 0]);
        expect(gn).toEqual([-1, 0]);
        tf.dispose([x, y, z]);
      });
    });

    it('InfoNCE and multiple-negatives ranking take the fused row cross-entropy and match the tfjs ops', async () => {
      const q = a.slice([0, 0], [200, D]);
      const k = p.slice([0, 0], [200, D]);
      await withMode('always', async () => {
        expect(await kernelNames(() => tf.grads((x: Tensor, y: Tensor) => L.infoNCE(x, y))([q, k]))).toContain('fused:rowCrossEntropy');
      });
      for (const r of ['mean', 'none'] as Reduction[]) {
        expectSameAsOps((x, y) => L.infoNCE(x, y, { temperature: 0.05, reduction: r }), [q, k, k]);
        expectSameAsOps((x, y, z) => L.infoNCE(x, y, { negativeKeys: z, reduction: r }), [q, k, n.slice([0, 0], [50, D])]);
        expectSameAsOps((x, y) => L.multipleNegativesRankingLoss(x, y, { symmetric: true, reduction: r }), [q, k, k]);
      }
      tf.dispose([q, k]);
    });

    it('leaks no tensor', () => {
      withMode('always', () => {
        const before = tf.memory().numTensors;
        tf.dispose(L.tripletMarginLoss(a, p, n, { reduction: 'none' }));
        tf.dispose(tf.grads((x: Tensor, y: Tensor, z: Tensor) => L.tripletMarginLoss(x, y, z))([a, p, n]));
        tf.dispose(tf.grad((x: Tensor) => L.tripletMarginLoss(x, p, n, { reduction: 'none' }).sum())(a));
        expect(tf.memory().numTensors).toBe(before);
      });
    });

    if (backend === 'cpu' || backend === 'wasm') {
      it('allocates nothing of the input size but the three gradients', () => {
        withMode('always', () => {
          const sizes = allocations(() => tf.tidy(() => tf.valueAndGrads((x: Tensor, y: Tensor, z: Tensor) => L.tripletMarginLoss(x, y, z))([a, p, n])));
          expect(sizes.filter((s) => s >= N * D)).toEqual([N * D, N * D, N * D]);
        });
      });
    }
  });
}
