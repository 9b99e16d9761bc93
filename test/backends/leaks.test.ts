// No loss leaks tensors on any backend: every golden case of every fixture file is run without an
// enclosing tf.tidy (as a user calls a loss), value and gradients are disposed, and the engine's
// tensor count must be back where it was. Also: switching backends leaks nothing.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll } from 'vitest';
import * as losslab from 'losslab';
import { tf, useBackend, type Tensor } from 'losslab';
import { loadFixture, type FixtureCase } from '../helpers/parity.js';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';

const FIXTURES = readdirSync(fileURLToPath(new URL('../fixtures', import.meta.url)))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

type LossFn = (...args: unknown[]) => Tensor;

/** Tensors left behind by one call of the loss and one gradient computation (0 when clean). */
function leftBehind(c: FixtureCase, fn: LossFn): number {
  const inputs = c.args.map((a) => tf.tensor(a.data, a.shape, a.dtype));
  const diff = c.args.map((a, i) => (a.grad ? i : -1)).filter((i) => i >= 0);
  const before = tf.memory().numTensors;
  const call = (...xs: Tensor[]) => {
    const all = inputs.slice();
    diff.forEach((k, j) => (all[k] = xs[j]!));
    return fn(...all, c.options);
  };
  const value = call(...diff.map((k) => inputs[k]!));
  value.dataSync();
  value.dispose();
  if (diff.length > 0) {
    const grads = tf.grads((...xs: Tensor[]) => tf.sum(call(...xs)))(diff.map((k) => inputs[k]!));
    tf.dispose(grads);
  }
  const leaked = tf.memory().numTensors - before;
  tf.dispose(inputs);
  return leaked;
}

for (const backend of requestedBackends()) {
  describe(`no tensor leaks on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });

    for (const fixture of FIXTURES) {
      it(`every ${fixture} case, value and gradient`, () => {
        const leaks: string[] = [];
        for (const c of loadFixture(fixture)) {
          const fn = (losslab as unknown as Record<string, unknown>)[c.fn];
          if (typeof fn !== 'function') continue; // reported by the parity suite
          let n: number;
          try {
            n = leftBehind(c, fn as LossFn);
          } catch {
            continue; // a golden case that throws is a parity failure, reported there
          }
          if (n !== 0) leaks.push(`${c.id}: ${n} tensor(s)`);
        }
        expect(leaks).toEqual([]);
      });
    }

    it('switching to every other backend and back leaves the tensor count unchanged', async () => {
      const before = tf.memory().numTensors;
      for (const other of requestedBackends()) await useBackend(other as losslab.BackendName);
      await useBackend(backend as losslab.BackendName);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
