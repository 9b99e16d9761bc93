/**
 * The grader's calls of the reference and of the student's code on one case: each with fresh input
 * tensors, inside a scope that frees what it made, the student's under `bounded` (time limit, no
 * throw). Everything returned is plain numbers.
 */
import * as losslab from '../index.js';
import { tf, type Tensor } from '../core/tf.js';
import { describeValue } from '../core/validate.js';
import { numericGradient } from '../check/gradcheck.js';
import type { LossDescriptor } from '../catalog/types.js';
import type { ArgData, Battery, GradeCase } from './inputs.js';
import { bounded, type Outcome } from './run.js';
import type { Values } from './compare.js';
import type { RefChange } from './diagnose.js';
import type { CheckOptions, StudentLoss, Tolerance } from './types.js';

export type AnyLoss = (...args: unknown[]) => Tensor;

export function referenceFunction(desc: LossDescriptor): AnyLoss {
  const fn = (losslab as unknown as Record<string, unknown>)[desc.id];
  if (typeof fn !== 'function') throw new Error(`losslab has no function '${desc.id}' for its catalog entry`);
  return fn as AnyLoss;
}

function tensorOf(a: ArgData): Tensor {
  return tf.tensor(a.data, a.shape, a.dtype);
}

/** Fresh input tensors and the options object of one call. */
interface Call {
  args: Tensor[];
  options: Record<string, unknown>;
  dispose(): void;
}

function materialize(c: GradeCase, fixed: Record<string, unknown>, change: RefChange = {}): Call {
  const args = (change.args ?? c.args).map(tensorOf);
  const tensors = change.plainOptions ? {} : Object.fromEntries(Object.entries(c.tensorOptions ?? {}).map(([k, a]) => [k, tensorOf(a)]));
  const options = { ...(change.plainOptions ? {} : c.params), ...fixed, ...tensors, reduction: change.reduction ?? c.reduction };
  return { args, options, dispose: () => tf.dispose([...args, ...(Object.values(tensors) as Tensor[])]) };
}

export function read(t: Tensor): Values {
  return { shape: t.shape.slice(), data: Array.from(t.dataSync()) };
}

function withDiffArgs(call: Call, diff: number[], xs: Tensor[]): Tensor[] {
  const all = call.args.slice();
  diff.forEach((k, j) => (all[k] = xs[j]!));
  return all;
}

/** Runs `fn` in a tidy scope and returns what `body` reads out of it (never tensors). */
export function scoped<T>(body: () => T): T {
  let out!: T;
  tf.tidy(() => {
    out = body();
  });
  return out;
}

export interface Setup {
  desc: LossDescriptor;
  battery: Battery;
  reference: AnyLoss;
  student: StudentLoss;
  diff: number[];
  fixed: Record<string, unknown>;
  tol: Tolerance;
  timeoutMs: number;
  options: CheckOptions;
}

export function referenceValue(s: Setup, c: GradeCase, change: RefChange): Values | null {
  const call = materialize(c, s.fixed, change);
  try {
    return scoped(() => read(s.reference(...call.args, call.options)));
  } catch {
    return null;
  } finally {
    call.dispose();
  }
}

export function referenceGradients(s: Setup, c: GradeCase): Values[] {
  if (s.diff.length === 0) return [];
  const call = materialize(c, s.fixed);
  try {
    return scoped(() => {
      const f = (...xs: Tensor[]) => {
        const out = s.reference(...withDiffArgs(call, s.diff, xs), call.options);
        return c.reduction === 'none' ? tf.sum(out) : out;
      };
      return tf.grads(f)(s.diff.map((k) => call.args[k]!)).map(read);
    });
  } finally {
    call.dispose();
  }
}

export interface Forward {
  outcome: Outcome<unknown>;
  got: Values | null;
  notTensor?: string;
  leaked: number;
}

function describeReturn(x: unknown): string {
  if (x instanceof Promise || (typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function')) return 'a Promise (make the loss synchronous)';
  if (x instanceof tf.Tensor && x.isDisposed) return 'a disposed tensor (do not dispose the result you return)';
  return describeValue(x);
}

/** One call of the student's loss: its value, and the tensors it left allocated. */
export function studentForward(s: Setup, c: GradeCase): Forward {
  const call = materialize(c, s.fixed);
  const engine = tf.engine();
  engine.startScope('grader: student');
  try {
    const before = tf.memory().numTensors;
    const outcome = bounded(() => s.student(...call.args, call.options), s.timeoutMs);
    if (outcome.kind !== 'ok') return { outcome, got: null, leaked: 0 };
    const out = outcome.value;
    if (!(out instanceof tf.Tensor) || out.isDisposed) return { outcome, got: null, notTensor: describeReturn(out), leaked: 0 };
    const fresh = call.args.includes(out) ? 0 : 1;
    const leaked = Math.max(0, tf.memory().numTensors - before - fresh);
    return { outcome, got: read(out), leaked };
  } finally {
    engine.endScope();
    call.dispose();
  }
}

/** Gradients of the student's loss by autodiff, or of their hand-written gradient function. */
export function studentGradients(s: Setup, c: GradeCase, source: 'autodiff' | 'hand'): Outcome<Values[]> {
  const call = materialize(c, s.fixed);
  try {
    let grads: Values[] = [];
    const outcome = bounded(
      () =>
        scoped(() => {
          let gs: (Tensor | undefined)[];
          if (source === 'autodiff') {
            const f = (...xs: Tensor[]) => {
              const out = s.student(...withDiffArgs(call, s.diff, xs), call.options);
              return c.reduction === 'none' ? tf.sum(out) : out;
            };
            gs = tf.grads(f)(s.diff.map((k) => call.args[k]!));
          } else {
            const g = s.options.gradient!(...call.args, call.options);
            gs = Array.isArray(g) ? g : [g];
            if (gs.length !== s.diff.length || gs.some((t) => !(t instanceof tf.Tensor))) {
              throw new Error(`expected ${s.diff.length === 1 ? 'a tensor' : `an array of ${s.diff.length} tensors`} (one per differentiable input: ${s.diff.map((k) => s.desc.inputs[k]!.name).join(', ')}), got ${describeValue(g)}`);
            }
          }
          grads = gs.map((g, j) => {
            if (!g) throw new Error(`no gradient reaches ${s.desc.inputs[s.diff[j]!]!.name}`);
            return read(g);
          });
        }),
      s.timeoutMs,
    );
    return outcome.kind === 'ok' ? { ...outcome, value: grads } : outcome;
  } finally {
    call.dispose();
  }
}

/**
 * The gradient of the student's loss with respect to input k by central differences (losslab's
 * numericGradient), or null when the student's code fails: used to tell a wrong custom or
 * hand-written gradient from a wrong loss.
 */
export function numericStudentGradient(s: Setup, c: GradeCase, k: number): Values | null {
  const call = materialize(c, s.fixed);
  try {
    const outcome = bounded(
      () =>
        scoped(() => {
          const f = (x: Tensor) => {
            const all = call.args.slice();
            all[k] = x;
            return s.student(...all, call.options);
          };
          return read(numericGradient(f, call.args[k]!));
        }),
      s.timeoutMs * 4,
    );
    return outcome.kind === 'ok' ? outcome.value : null;
  } finally {
    call.dispose();
  }
}
