/**
 * The parity harness: runs the golden cases of a fixture file (made by test/fixtures/generate.py
 * from PyTorch in float64) through losslab on every test backend, comparing the value and the
 * gradient of sum(loss) with respect to each differentiable input.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll } from 'vitest';
import * as losslab from 'losslab';
import { tf } from 'losslab';
import { requestedBackends, useTestBackend } from './backends.js';
import { firstMismatch, toleranceFor } from './tolerance.js';

export interface FixtureTensor {
  shape: number[];
  data: number[];
}
export interface FixtureArg extends FixtureTensor {
  name: string;
  dtype: 'float32' | 'int32';
  grad: boolean;
}
export interface FixtureCase {
  id: string;
  fn: string;
  args: FixtureArg[];
  options: Record<string, unknown>;
  expected: FixtureTensor;
  grads: Record<string, FixtureTensor>;
  /**
   * Tensors passed inside the options object, by name (e.g. hard negatives, GE2E's trainable w and
   * b); those with `grad` are differentiated like positional args. Absent in most fixtures.
   */
  optionArgs?: FixtureArg[];
  note?: string;
}

export function loadFixture(name: string): FixtureCase[] {
  const path = fileURLToPath(new URL(`../fixtures/${name}.json`, import.meta.url));
  return (JSON.parse(readFileSync(path, 'utf8')) as { cases: FixtureCase[] }).cases;
}

type LossFn = (...args: unknown[]) => losslab.Tensor;

function lossFunction(name: string): LossFn {
  const fn = (losslab as unknown as Record<string, unknown>)[name];
  if (typeof fn !== 'function') throw new Error(`losslab has no export ${name}`);
  return fn as LossFn;
}

function describeMismatch(what: string, m: { index: number; actual: number; expected: number }): string {
  return `${what}[${m.index}]: got ${m.actual}, expected ${m.expected}`;
}

/** Runs one case on the current backend; returns the list of mismatches (empty when it passes). */
export function checkCase(c: FixtureCase, backend: string): string[] {
  const tol = toleranceFor(backend);
  const fn = lossFunction(c.fn);
  const problems: string[] = [];
  tf.tidy(() => {
    const specs = [...c.args, ...(c.optionArgs ?? [])];
    const tensors = specs.map((a) => tf.tensor(a.data, a.shape, a.dtype));
    const diffIdx = specs.map((a, i) => (a.grad ? i : -1)).filter((i) => i >= 0);
    const call = (...xs: losslab.Tensor[]) => {
      const all = tensors.slice();
      diffIdx.forEach((k, j) => (all[k] = xs[j]!));
      const options: Record<string, unknown> = { ...c.options };
      specs.forEach((a, k) => k >= c.args.length && (options[a.name] = all[k]));
      return fn(...all.slice(0, c.args.length), options);
    };
    const value = call(...diffIdx.map((k) => tensors[k]!));
    if (value.shape.join(',') !== c.expected.shape.join(',')) {
      problems.push(`value shape [${value.shape}] != expected [${c.expected.shape}]`);
      return;
    }
    const vm = firstMismatch(value.dataSync(), c.expected.data, tol);
    if (vm) problems.push(describeMismatch('value', vm));
    if (diffIdx.length > 0) {
      const grads = tf.grads((...xs: losslab.Tensor[]) => tf.sum(call(...xs)))(diffIdx.map((k) => tensors[k]!));
      diffIdx.forEach((k, j) => {
        const name = specs[k]!.name;
        const exp = c.grads[name];
        if (!exp) return;
        const gm = firstMismatch(grads[j]!.dataSync(), exp.data, tol);
        if (gm) problems.push(describeMismatch(`d/d${name}`, gm));
      });
    }
  });
  return problems;
}

/** Declares the parity suite of one fixture file on every test backend. */
export function paritySuite(fixture: string): void {
  const cases = loadFixture(fixture);
  for (const backend of requestedBackends()) {
    describe(`${fixture} parity on ${backend}`, () => {
      beforeAll(async () => {
        await useTestBackend(backend);
      });
      it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
        expect(checkCase(c, backend)).toEqual([]);
      });
    });
  }
}
