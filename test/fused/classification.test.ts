/**
 * The fused classification kernels (crossEntropy, focalLoss, binaryCrossEntropyWithLogits) on
 * every test backend: the values and gradients of the tfjs-ops path on large inputs with every
 * option they take, which calls take the fused path, no leaks, and no input-sized intermediates.
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

/** Value and d/dx of sum(f(x)), as arrays. */
function valueAndGrad(f: (x: Tensor) => Tensor, x: Tensor): { value: Float32Array; grad: Float32Array } {
  return tf.tidy(() => ({
    value: f(x).dataSync() as Float32Array,
    grad: tf.grad((a: Tensor) => tf.sum(f(a)))(x).dataSync() as Float32Array,
  }));
}

/**
 * The fused path against the tfjs-ops path: values to 1e-5 relative; gradients to 1e-4 relative
 * or 2e-6 of the largest gradient (float32 rounding of terms that nearly cancel, e.g. σ(x) − y).
 */
function expectSameAsOps(f: (x: Tensor) => Tensor, x: Tensor): void {
  const ref = withMode('never', () => valueAndGrad(f, x));
  const got = withMode('always', () => valueAndGrad(f, x));
  expect(got.value.length).toBe(ref.value.length);
  expect(firstOff(got.value, ref.value, 1e-5, 1e-6)).toBe(-1);
  const scale = ref.grad.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
  expect(firstOff(got.grad, ref.grad, 1e-4, 2e-6 * scale)).toBe(-1);
}

const N = 300;
const C = 130; // not a multiple of 4: rows straddle vector groups
const REDUCTIONS: Reduction[] = ['mean', 'sum', 'none'];

for (const backend of requestedBackends()) {
  describe(`fused classification on ${backend}`, () => {
    let logits: Tensor;
    let target: Tensor;
    let withIgnored: Tensor;
    let classWeight: Tensor;
    let x: Tensor;
    let y: Tensor;
    beforeAll(async () => {
      await useTestBackend(backend);
      logits = tf.tensor(randomArray(N * C, 3, 4), [N, C]);
      const t = Array.from({ length: N }, (_, i) => (i * 37) % C);
      target = tf.tensor1d(t, 'int32');
      withIgnored = tf.tensor1d(t.map((v, i) => (i % 7 === 0 ? -100 : v)), 'int32');
      classWeight = tf.tensor1d(Array.from({ length: C }, (_, c) => 0.5 + (c % 5) / 4));
      x = tf.tensor(randomArray(N * C, 4, 3), [N, C]);
      y = tf.tensor(randomArray(N * C, 5).map((v) => (v > 0 ? 1 : 0)), [N, C]);
    });
    afterAll(() => tf.dispose([logits, target, withIgnored, classWeight, x, y]));

    it('takes the fused op for [N, C] and [C] logits, the tfjs ops for spatial ones', async () => {
      await withMode('always', async () => {
        expect(await kernelNames(() => tf.grad((z: Tensor) => L.crossEntropy(z, target))(logits))).toContain('fused:crossEntropy');
        expect(await kernelNames(() => tf.grad((z: Tensor) => L.focalLoss(z, target))(logits))).toContain('fused:focalLoss');
        expect(await kernelNames(() => tf.grad((z: Tensor) => L.binaryCrossEntropyWithLogits(z, y))(x))).toContain('fused:binaryCrossEntropyWithLogits');
        expect(await kernelNames(() => tf.grad((z: Tensor) => L.crossEntropy(z, 3))(tf.ones([C])))).toContain('fused:crossEntropy');
        const spatial = tf.ones([2, C, 3]);
        expect(await kernelNames(() => tf.grad((z: Tensor) => L.crossEntropy(z, tf.zeros([2, 3], 'int32')))(spatial))).not.toContain('fused:crossEntropy');
        spatial.dispose();
      });
    });

    for (const r of REDUCTIONS) {
      it(`crossEntropy (${r}): plain, weighted, smoothed, ignored targets`, () => {
        expectSameAsOps((z) => L.crossEntropy(z, target, { reduction: r }), logits);
        expectSameAsOps((z) => L.crossEntropy(z, withIgnored, { weight: classWeight, reduction: r }), logits);
        expectSameAsOps((z) => L.crossEntropy(z, withIgnored, { labelSmoothing: 0.15, reduction: r }), logits);
        expectSameAsOps((z) => L.crossEntropy(z, withIgnored, { weight: classWeight, labelSmoothing: 0.3, reduction: r }), logits);
      });

      it(`focalLoss (${r}): γ = 0, 0.5, 2, per-class and scalar α, ignored targets`, () => {
        expectSameAsOps((z) => L.focalLoss(z, target, { gamma: 0, reduction: r }), logits);
        expectSameAsOps((z) => L.focalLoss(z, withIgnored, { gamma: 0.5, alpha: classWeight, reduction: r }), logits);
        expectSameAsOps((z) => L.focalLoss(z, withIgnored, { gamma: 2, alpha: 0.25, reduction: r }), logits);
      });

      it(`binaryCrossEntropyWithLogits (${r}): per-class, full and scalar weights, posWeight`, () => {
        const perClass = tf.tensor1d(Array.from({ length: C }, (_, c) => 0.2 + c / C));
        const full = tf.tensor(randomArray(N * C, 6).map((v) => 1 + v / 4), [N, C]);
        const pw = tf.tensor2d([Array.from({ length: C }, (_, c) => 0.5 + (c % 3))]);
        expectSameAsOps((z) => L.binaryCrossEntropyWithLogits(z, y, { reduction: r }), x);
        expectSameAsOps((z) => L.binaryCrossEntropyWithLogits(z, y, { weight: perClass, posWeight: pw, reduction: r }), x);
        expectSameAsOps((z) => L.binaryCrossEntropyWithLogits(z, y, { weight: full, reduction: r }), x);
        expectSameAsOps((z) => L.binaryCrossEntropyWithLogits(z, y, { weight: 0.5 as never, reduction: r }), x);
        tf.dispose([perClass, full, pw]);
      });
    }

    it('BCE with logits: values and gradients float32-accurate (vs float64) even where they are tiny', () => {
      withMode('always', () => {
        const xs = Array.from({ length: 401 }, (_, i) => Math.fround(-20 + i * 0.1));
        const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
        const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
        for (const t of [0, 1, 0.3]) {
          const [v, g] = tf.tidy(() => {
            const x = tf.tensor1d(xs);
            const y = tf.fill([xs.length], t);
            const f = (a: Tensor) => L.binaryCrossEntropyWithLogits(a, y, { posWeight: [2], reduction: 'none' });
            return [f(x).dataSync(), tf.grad((a: Tensor) => tf.sum(f(a)))(x).dataSync()];
          });
          // l = (1 − y)·softplus(x) + pw·y·softplus(−x), dl/dx = (1 − y)·σ(x) − pw·y·σ(−x)
          const value = xs.map((x) => (1 - t) * softplus(x) + 2 * t * softplus(-x));
          const grad = xs.map((x) => (1 - t) * sigmoid(x) - 2 * t * sigmoid(-x));
          expect(firstOff(v!, value, 1e-6, 0)).toBe(-1);
          expect(firstOff(g!, grad, 2e-6, 0)).toBe(-1);
        }
      });
    });

    it('all targets ignored: 0 with a zero gradient', () => {
      withMode('always', () => {
        const none = tf.fill([N], -100, 'int32');
        const { value, grad } = valueAndGrad((z) => L.crossEntropy(z, none), logits);
        expect(value[0]).toBe(0);
        expect(grad.every((g) => g === 0)).toBe(true);
        none.dispose();
      });
    });

    it('BCE: other weight broadcasts take the tfjs ops; the target gradient of soft labels is right', () => {
      withMode('always', () => {
        const column = tf.ones([N, 1]);
        expectSameAsOps((z) => L.binaryCrossEntropyWithLogits(z, y, { weight: column }), x);
        column.dispose();
        const soft = tf.tensor(randomArray(N * C, 7).map((v) => 0.5 + v / 8), [N, C]);
        const gy = (mode: FusedKernelsMode) =>
          withMode(mode, () => tf.tidy(() => tf.grad((t: Tensor) => L.binaryCrossEntropyWithLogits(x, t, { posWeight: [2], reduction: 'sum' }))(soft).dataSync()));
        expect(firstOff(gy('always'), gy('never'), 1e-5, 1e-6)).toBe(-1);
        soft.dispose();
      });
    });

    it('leaks no tensor, also when the target is derived from the logits (its gradient is taken)', () => {
      withMode('always', () => {
        const before = tf.memory().numTensors;
        tf.dispose(L.crossEntropy(logits, withIgnored, { weight: classWeight, labelSmoothing: 0.1, reduction: 'none' }));
        tf.dispose(tf.grad((z: Tensor) => L.focalLoss(z, withIgnored, { reduction: 'none' }).sum())(logits));
        tf.dispose(tf.grad((z: Tensor) => L.binaryCrossEntropyWithLogits(tf.reshape(z, [-1]), tf.sigmoid(tf.reshape(z, [-1])), { weight: [2] }))(x));
        expect(tf.memory().numTensors).toBe(before);
      });
    });

    if (backend === 'cpu' || backend === 'wasm') {
      it('allocates nothing of the input size but the gradient', () => {
        withMode('always', () => {
          const size = N * C;
          const ce = allocations(() => tf.tidy(() => tf.valueAndGrad((z: Tensor) => L.crossEntropy(z, withIgnored, { weight: classWeight, labelSmoothing: 0.1 }))(logits)));
          expect(ce.filter((s) => s >= size)).toEqual([size]);
          const focal = allocations(() => tf.tidy(() => tf.valueAndGrad((z: Tensor) => L.focalLoss(z, target))(logits)));
          expect(focal.filter((s) => s >= size)).toEqual([size]);
          const bce = allocations(() => tf.tidy(() => tf.valueAndGrad((z: Tensor) => L.binaryCrossEntropyWithLogits(z, y, { posWeight: [3] }))(x)));
          expect(bce.filter((s) => s >= size)).toEqual([size]);
        });
      });
    }
  });
}
