// The notebooks' own check helpers (notebooks/helpers/checks.ts): a correct derivation passes, a wrong
// one fails the cell with a message that says where; nothing leaks; the random inputs are seeded.
import { describe, it, expect, beforeAll, vi } from 'vitest';
import { tf, binaryCrossEntropy, binaryCrossEntropyWithLogits, mseLoss } from 'losslab';
import { checkGradient, checkSummary, CheckFailed, expectClose, expectTrue, rng } from '../../notebooks/helpers/checks.js';
import { useTestBackend } from '../helpers/backends.js';

/** What the helpers showed (outside a kernel, display prints text/plain). */
function shown(run: () => void): string {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    run();
    return log.mock.calls.map((c) => String(c[0])).join('\n');
  } finally {
    log.mockRestore();
  }
}

function thrown(run: () => void): Error {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    run();
  } catch (e) {
    return e as Error;
  } finally {
    log.mockRestore();
  }
  throw new Error('expected the check to throw');
}

beforeAll(async () => {
  await useTestBackend('cpu');
});

describe('checkGradient', () => {
  const y = tf.tensor2d([[1, 0, 1], [0, 0, 1]]);
  const bce = (x: tf.Tensor) => binaryCrossEntropyWithLogits(x, y, { reduction: 'sum' });

  it('passes a correct hand-derived gradient on random and extreme points, and shows both errors', () => {
    const r = rng(3);
    const out = shown(() =>
      checkGradient('BCE with logits', {
        loss: bce,
        hand: (x) => tf.sigmoid(x).sub(y),
        cases: [{ label: 'random', inputs: [r.normal([2, 3])] }, { label: 'logits ±30', inputs: [[[30, -30, 30], [-30, 30, -30]]] }],
      }),
    );
    expect(out).toMatch(/^ok gradient check: BCE with logits/);
    expect(out).toMatch(/random: \|hand-autodiff\| [\d.e-]+, \|hand-fd\| [\d.e-]+/);
    expect(out).toContain('logits ±30');
  });

  it('fails a gradient off by a factor of 2, naming the point and the element', () => {
    const e = thrown(() =>
      checkGradient('BCE with logits', {
        loss: bce,
        hand: (x) => tf.sigmoid(x).sub(y).mul(2),
        cases: [{ label: 'random', inputs: [rng(1).normal([2, 3])] }],
      }),
    );
    expect(e).toBeInstanceOf(CheckFailed);
    expect(e.message).toMatch(/gradient check 'BCE with logits' failed at 1 point\(s\): random: vs autodiff at \[\d, \d\]/);
  });

  it('fails a gradient whose shape is wrong', () => {
    const e = thrown(() => checkGradient('mse', { loss: (x) => mseLoss(x, [1, 2, 3]), hand: () => [0, 0], cases: [{ label: 'p', inputs: [[0, 0, 0]] }] }));
    expect(e.message).toMatch(/shape \[2\] vs expected \[3\]/);
  });

  it('compares with finite differences too: a loss whose autodiff gradient differs from its slope is caught', () => {
    // A custom gradient that lies: autodiff says 0, the loss has slope 2x. The hand gradient 0
    // matches autodiff but not the finite differences.
    const liar = tf.customGrad(((x: tf.Tensor) => ({ value: tf.sum(tf.square(x)), gradFunc: (dy: tf.Tensor) => tf.zerosLike(x) })) as never) as (x: tf.Tensor) => tf.Tensor;
    const e = thrown(() => checkGradient('liar', { loss: (x) => liar(x), hand: (x) => tf.zerosLike(x), cases: [{ label: 'p', inputs: [[1, 2]] }] }));
    expect(e.message).toMatch(/vs finite differences at \[1\]: 0 vs expected 4/);
  });

  it('skips finite differences where a point is on the edge of the domain, and says why', () => {
    const t = [1, 0];
    const out = shown(() =>
      checkGradient('BCE at p = 0 and 1', {
        loss: (p) => binaryCrossEntropy(p, t, { reduction: 'sum' }),
        hand: (p) => tf.div(tf.sub(p, t), tf.maximum(tf.mul(p, tf.sub(1, p)), 1e-12)),
        cases: [{ label: 'p on the edge', inputs: [[1, 0]], noFiniteDifference: 'p ± h leaves [0, 1]' }],
      }),
    );
    expect(out).toContain('|hand-fd| n/a');
  });

  it('checks several inputs with wrt: [i, j]', () => {
    const out = shown(() =>
      checkGradient('mse both ways', {
        loss: (x, t) => mseLoss(x, t, { reduction: 'sum' }),
        hand: (x, t) => [tf.mul(2, tf.sub(x, t)), tf.mul(-2, tf.sub(x, t))],
        wrt: [0, 1],
        cases: [{ label: 'random', inputs: [rng(2).normal([5]), rng(3).normal([5])] }],
      }),
    );
    expect(out).toContain('random (input 0)');
    expect(out).toContain('random (input 1)');
  });

  it('differentiates at a copy of the point, even when the point is the tensor the loss closes over', () => {
    const y = tf.tensor1d([1, -2, 0.5]);
    // ℓ(x) = Σ (2x − y)²: the gradient 4(2x − y) at x = y is 4y. Differentiating through both uses of
    // the same tensor would give 2y instead.
    const out = shown(() => checkGradient('x = y', { loss: (x) => mseLoss(x.mul(2), y, { reduction: 'sum' }), hand: (x) => tf.sub(x.mul(2), y).mul(4), cases: [{ label: 'y', inputs: [y] }] }));
    expect(out).toMatch(/^ok gradient check: x = y/);
  });

  it('leaves no tensors behind, passing or failing', () => {
    const x = tf.tensor1d([0.5, -1.5]);
    const t = tf.tensor1d([1, 0]);
    const before = tf.memory().numTensors;
    shown(() => checkGradient('ok', { loss: (v) => binaryCrossEntropyWithLogits(v, t), hand: (v) => tf.sigmoid(v).sub(t).div(2), cases: [{ label: 'a', inputs: [x] }] }));
    thrown(() => checkGradient('bad', { loss: (v) => binaryCrossEntropyWithLogits(v, t), hand: (v) => tf.sigmoid(v).sub(t), cases: [{ label: 'a', inputs: [x] }] }));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('expectClose and expectTrue', () => {
  it('passes equal values and shows the value', () => {
    expect(shown(() => expectClose('log 2', binaryCrossEntropyWithLogits([0], [1]), Math.log(2)))).toMatch(/^ok log 2 \(0\.6931\)/);
  });

  it('fails different values, different shapes, and NaN', () => {
    expect(thrown(() => expectClose('x', [1, 2], [1, 2.1])).message).toMatch(/^x: at \[1\]: 2 vs expected 2\.1/);
    expect(thrown(() => expectClose('x', [1, 2], [[1, 2]])).message).toMatch(/shape \[2\] vs expected \[1,2\]/);
    expect(thrown(() => expectClose('x', [NaN], [1])).message).toMatch(/NaN vs expected 1/);
    expect(thrown(() => expectClose('x', 1, NaN))).toBeInstanceOf(CheckFailed);
  });

  it('accepts equal infinities and a looser tolerance when asked', () => {
    shown(() => expectClose('inf', [Infinity], [Infinity]));
    shown(() => expectClose('loose', 1.01, 1, { rtol: 0.02 }));
  });

  it('expectTrue throws with the detail', () => {
    expect(thrown(() => expectTrue('finite', false, 'got NaN')).message).toBe('finite — got NaN');
    expect(shown(() => expectTrue('finite', true))).toBe('ok finite');
  });

  it('checkSummary counts the passed checks', () => {
    expect(shown(() => checkSummary())).toMatch(/^All \d+ checks of this notebook passed\.$/);
  });
});

describe('rng', () => {
  it('is seeded: the same values for the same seed, others for another', () => {
    expect(rng(7).normal([5]).arraySync()).toEqual(rng(7).normal([5]).arraySync());
    expect(rng(7).normal([5]).arraySync()).not.toEqual(rng(8).normal([5]).arraySync());
  });

  it('draws in the asked ranges and shapes', () => {
    const r = rng(1);
    const u = r.uniform([100], 0.2, 0.3).dataSync();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0.2);
    expect(Math.max(...u)).toBeLessThan(0.3);
    const c = r.classes([4, 5], 3);
    expect(c.dtype).toBe('int32');
    expect(c.shape).toEqual([4, 5]);
    expect(new Set(c.dataSync())).toEqual(new Set([0, 1, 2]));
    expect(new Set(r.bernoulli([50]).dataSync())).toEqual(new Set([0, 1]));
  });
});
