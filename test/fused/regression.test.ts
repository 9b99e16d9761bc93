/**
 * The fused regression kernels (l1, mse, huber, smoothL1) on every test backend: the same values
 * and gradients as the tfjs-ops path on inputs of many chunks, the path each mode takes, the
 * upstream gradient, higher-order gradients, no leaks, and no intermediate of the input's size.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as L from 'losslab';
import { tf, setFusedKernels, fusedKernelsMode, fusedKernelsStatus, type Tensor, type FusedKernelsMode } from 'losslab';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';
import { allocations, firstOff, kernelNames, randomArray } from './helpers.js';

type Reduction = 'mean' | 'sum' | 'none';
type Loss = (x: Tensor, y: Tensor, reduction: Reduction) => Tensor;

const LOSSES: Array<[string, string, Loss]> = [
  ['l1Loss', 'l1', (x, y, r) => L.l1Loss(x, y, { reduction: r })],
  ['mseLoss', 'mse', (x, y, r) => L.mseLoss(x, y, { reduction: r })],
  ['huberLoss δ=0.7', 'huber', (x, y, r) => L.huberLoss(x, y, { delta: 0.7, reduction: r })],
  ['smoothL1Loss β=0.3', 'smoothL1', (x, y, r) => L.smoothL1Loss(x, y, { beta: 0.3, reduction: r })],
  ['smoothL1Loss β=0', 'l1', (x, y, r) => L.smoothL1Loss(x, y, { beta: 0, reduction: r })],
];
const REDUCTIONS: Reduction[] = ['mean', 'sum', 'none'];

/** Several 16384-element chunks and a tail that is not a multiple of 4. */
const N = 3 * 16384 + 7;

function withMode<T>(mode: FusedKernelsMode, f: () => T): T {
  const before = fusedKernelsMode();
  setFusedKernels(mode);
  try {
    return f();
  } finally {
    setFusedKernels(before);
  }
}

/** Value, d/dx and d/dy of sum(loss) as plain arrays. */
function evaluate(loss: Loss, x: Tensor, y: Tensor, r: Reduction): { value: Float32Array; gx: Float32Array; gy: Float32Array } {
  return tf.tidy(() => {
    const value = loss(x, y, r).dataSync() as Float32Array;
    const [gx, gy] = tf.grads((a: Tensor, b: Tensor) => tf.sum(loss(a, b, r)))([x, y]);
    return { value, gx: gx!.dataSync() as Float32Array, gy: gy!.dataSync() as Float32Array };
  });
}

describe('fused kernel switch', () => {
  it('rejects an unknown mode with the modes it accepts', () => {
    expect(() => setFusedKernels('sometimes' as never)).toThrow(/'auto', 'always', 'never'.*sometimes/);
  });

  it('reads its initial mode from LOSSLAB_FUSED', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', "import('losslab').then((m) => console.log(m.fusedKernelsMode()))"], {
      env: { ...process.env, LOSSLAB_FUSED: 'never', LOSSLAB_BACKEND: 'cpu' },
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('never');
  });

  it('has its kernels available here (Node has WebAssembly SIMD)', () => {
    expect(fusedKernelsStatus()).toMatchObject({ available: true, reason: '' });
  });
});

for (const backend of requestedBackends()) {
  describe(`fused regression on ${backend}`, () => {
    let x: Tensor;
    let y: Tensor;
    beforeAll(async () => {
      await useTestBackend(backend);
      x = tf.tensor(randomArray(N, 1, 2));
      y = tf.tensor(randomArray(N, 2, 2));
    });
    afterAll(() => {
      x.dispose();
      y.dispose();
    });

    it('takes the fused op in "always" and tfjs ops in "never"', async () => {
      const grad = () => tf.grad((a: Tensor) => L.mseLoss(a, y))(x);
      const fused = await withMode('always', () => kernelNames(grad));
      const ops = await withMode('never', () => kernelNames(grad));
      expect(fused).toEqual(['fused:mse']);
      expect(ops).toContain('Sub');
      expect(await withMode('always', () => kernelNames(() => L.mseLoss(x, y)))).toEqual([]);
    });

    for (const [name, , loss] of LOSSES) {
      for (const r of REDUCTIONS) {
        it(`${name} (${r}): the value and both gradients of the tfjs-ops path`, () => {
          const ref = withMode('never', () => evaluate(loss, x, y, r));
          const got = withMode('always', () => evaluate(loss, x, y, r));
          expect(got.value.length).toBe(ref.value.length);
          expect(firstOff(got.value, ref.value, 1e-5, 1e-6)).toBe(-1);
          expect(firstOff(got.gx, ref.gx, 1e-5, 1e-12)).toBe(-1);
          expect(firstOff(got.gy, ref.gy, 1e-5, 1e-12)).toBe(-1);
        });
      }
    }

    it('scales its saved gradient by the upstream gradient', () => {
      withMode('always', () => {
        const [g1, g3, gw, gn] = tf.tidy(() => [
          tf.grad((a: Tensor) => L.mseLoss(a, y))(x),
          tf.grad((a: Tensor) => tf.mul(L.mseLoss(a, y), 3))(x),
          tf.grad((a: Tensor) => tf.sum(tf.mul(L.mseLoss(a, y, { reduction: 'none' }), y)))(x),
          tf.grad((a: Tensor) => L.mseLoss(a, y, { reduction: 'sum' }))(x),
        ].map((t) => t.dataSync()));
        const xs = x.dataSync();
        const ys = y.dataSync();
        for (const i of [0, 1, 12345, N - 1]) {
          const d = xs[i]! - ys[i]!;
          expect(g1![i]).toBeCloseTo((2 * d) / N, 9);
          expect(g3![i]).toBeCloseTo((6 * d) / N, 9);
          expect(gw![i]).toBeCloseTo(2 * d * ys[i]!, 4);
          expect(gn![i]).toBeCloseTo(2 * d, 4);
        }
      });
    });

    it('gives a correct second derivative (it steps aside for higher-order gradients)', () => {
      withMode('always', () => {
        const h = tf.tidy(() => tf.grad((a: Tensor) => tf.sum(tf.grad((b: Tensor) => L.mseLoss(b, y))(a)))(x).dataSync());
        expect(h[0]).toBeCloseTo(2 / N, 10);
        expect(h[N - 1]).toBeCloseTo(2 / N, 10);
      });
    });

    it('leaks no tensor: forward, gradient, target-only gradient, and off the gradient path', () => {
      withMode('always', () => {
        const before = tf.memory().numTensors;
        tf.dispose(L.huberLoss(x, y));
        const { value, grads } = tf.valueAndGrads((a: Tensor, b: Tensor) => L.huberLoss(a, b))([x, y]);
        tf.dispose([value, ...grads]);
        tf.dispose(tf.grad((b: Tensor) => L.l1Loss(x, b, { reduction: 'none' }).sum())(y));
        // Computed under a tape but not on the path to the result: the gradient it made is freed.
        tf.dispose(tf.grad((a: Tensor) => { L.mseLoss(x, y); return tf.sum(a); })(x));
        expect(tf.memory().numTensors).toBe(before);
      });
    });

    if (backend === 'cpu' || backend === 'wasm') {
      it('allocates nothing of the input size but the gradient', () => {
        withMode('always', () => {
          for (const r of ['mean', 'sum'] as const) {
            const sizes = allocations(() => tf.tidy(() => tf.valueAndGrad((a: Tensor) => L.mseLoss(a, y, { reduction: r }))(x)));
            expect(sizes.filter((s) => s >= N)).toEqual([N]);
          }
          const forward = allocations(() => tf.tidy(() => L.huberLoss(x, y)));
          expect(forward.filter((s) => s > 1)).toEqual([]);
        });
      });
    }

    it('keeps its scratch memory to a few chunks, whatever the input size', () => {
      withMode('always', () => tf.tidy(() => tf.valueAndGrad((a: Tensor) => L.mseLoss(a, y))(x)));
      expect(fusedKernelsStatus().scratchBytes).toBeLessThan(1 << 20);
    });
  });
}
