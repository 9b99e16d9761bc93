/**
 * Finite-difference gradient checks: the numeric gradient by central differences, and a
 * comparison of it with the analytic gradient tfjs computes (tf.grads). Used by losslab's own tests,
 * the notebooks (derive a gradient, then check it) and the course grader.
 *
 * Precision: tfjs computes in float32, so a central difference of f carries a rounding error of
 * about ulp(f)/eps ≈ 1e-7·|f|/eps on top of the truncation error eps²·|f'''|/6. With the default
 * eps = 1e-3 that is ~1e-4·|f|: check gradients of mean-reduced (O(1)) losses, away from kinks,
 * with tolerances of ~1e-2 relative, not the 1e-4 of a float64 check.
 */
import { tf, type Tensor } from '../core/tf.js';
import type { TensorLike } from '../core/types.js';
import { fail } from '../core/errors.js';
import { describeValue, expectKnownOptions, formatShape, numberOption, toTensor } from '../core/validate.js';

export interface NumericGradientOptions {
  /** The step h of the central difference (f(x + h) − f(x − h)) / 2h; > 0, default 1e-3. */
  eps?: number;
}

export interface GradCheckOptions extends NumericGradientOptions {
  /** Relative tolerance; an element passes when |analytic − numeric| <= atol + rtol·|numeric|. Default 1e-2. */
  rtol?: number;
  /** Absolute tolerance. Default 1e-3. */
  atol?: number;
  /** Indices of the inputs to check (the others are held fixed, e.g. class-index targets). Default: all. */
  wrt?: readonly number[];
}

/** The worst element of one input. */
export interface GradCheckWorst {
  /** Its position in the input, e.g. [1, 2]. */
  position: number[];
  analytic: number;
  numeric: number;
}

export interface GradCheckInputReport {
  /** The index of the input in `inputs`. */
  index: number;
  shape: number[];
  /** max |analytic − numeric| over the input's elements (Infinity if either is not finite). */
  maxAbsError: number;
  /** max |analytic − numeric| / max(|analytic|, |numeric|) (0 where both are 0). */
  maxRelError: number;
  /** The element furthest outside (or closest to) the tolerance. */
  worst: GradCheckWorst | null;
  pass: boolean;
}

export interface GradCheckReport {
  /** Every checked element of every checked input is within tolerance and finite. */
  pass: boolean;
  maxAbsError: number;
  maxRelError: number;
  eps: number;
  rtol: number;
  atol: number;
  inputs: GradCheckInputReport[];
}

type Fn = (...xs: Tensor[]) => Tensor;

function expectFunction(f: unknown, name: string, what: string): void {
  if (typeof f !== 'function') fail(name, 'f', what, describeValue(f));
}

/** Reads a tensor-like's values as float32 without keeping any tensor alive. */
function readInput(x: unknown, name: string, argument: string): { values: Float32Array; shape: number[] } {
  let values = new Float32Array(0);
  let shape: number[] = [];
  tf.tidy(() => {
    const t = toTensor(x, name, argument);
    values = Float32Array.from(t.dataSync());
    shape = t.shape.slice();
  });
  return { values, shape };
}

/** Σ f(x) in float64 (f may return a non-scalar: its elements are summed, as tf.grads does). */
function evaluate(f: (x: Tensor) => Tensor, values: Float32Array, shape: number[], name: string): number {
  return tf.tidy(() => {
    const out = f(tf.tensor(values, shape, 'float32'));
    if (!(out instanceof tf.Tensor)) fail(name, 'f', 'a function returning a tf.Tensor', describeValue(out));
    let s = 0;
    for (const v of out.dataSync()) s += v;
    return s;
  });
}

function centralDifferences(f: (x: Tensor) => Tensor, values: Float32Array, shape: number[], eps: number, name: string): Float64Array {
  const grad = new Float64Array(values.length);
  const probe = Float32Array.from(values);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const up = Math.fround(v + eps);
    const down = Math.fround(v - eps);
    probe[i] = up;
    const fUp = evaluate(f, probe, shape, name);
    probe[i] = down;
    const fDown = evaluate(f, probe, shape, name);
    probe[i] = v;
    // Divide by the step actually taken in float32, not by 2·eps.
    grad[i] = (fUp - fDown) / (up - down);
  }
  return grad;
}

/**
 * The gradient of Σ f(x) with respect to x by central differences:
 *   ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h,   h = eps,
 * one pair of evaluations per element of x (2·size calls of f). x ± h must stay inside f's domain
 * (e.g. probabilities away from 0 and 1) and away from kinks, where the two sides differ.
 *
 * @param f a function of one tensor returning a tensor (summed if not a scalar)
 * @param x the point, a tensor or (nested) array; read as float32
 * @param options.eps the step h > 0, default 1e-3
 * @returns a float32 tensor of x's shape (the caller disposes it)
 */
export function numericGradient(f: (x: Tensor) => Tensor, x: TensorLike, options?: NumericGradientOptions): Tensor {
  const name = 'numericGradient';
  expectFunction(f, name, 'a function (x: Tensor) => Tensor');
  expectKnownOptions(options, ['eps'], name);
  const eps = numberOption(options, 'eps', 1e-3, { min: 0, exclusiveMin: true }, name);
  const { values, shape } = readInput(x, name, 'x');
  return tf.tensor(Float32Array.from(centralDifferences(f, values, shape, eps, name)), shape, 'float32');
}

function positionOf(flat: number, shape: readonly number[]): number[] {
  const pos: number[] = [];
  let rest = flat;
  for (let k = shape.length - 1; k >= 0; k--) {
    pos.unshift(rest % shape[k]!);
    rest = Math.floor(rest / shape[k]!);
  }
  return pos;
}

function compare(index: number, shape: number[], analytic: ArrayLike<number>, numeric: ArrayLike<number>, rtol: number, atol: number): GradCheckInputReport {
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst: GradCheckWorst | null = null;
  let worstExcess = -Infinity;
  let pass = true;
  for (let i = 0; i < numeric.length; i++) {
    const a = analytic[i]!;
    const n = numeric[i]!;
    const finite = Number.isFinite(a) && Number.isFinite(n);
    const abs = finite ? Math.abs(a - n) : Infinity;
    const scale = Math.max(Math.abs(a), Math.abs(n));
    const rel = !finite ? Infinity : scale === 0 ? 0 : abs / scale;
    const allowed = atol + rtol * Math.abs(n);
    if (!(abs <= allowed)) pass = false;
    maxAbsError = Math.max(maxAbsError, abs);
    maxRelError = Math.max(maxRelError, rel);
    const excess = finite ? abs - allowed : Infinity;
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = { position: positionOf(i, shape), analytic: a, numeric: n };
    }
  }
  return { index, shape, maxAbsError, maxRelError, worst, pass };
}

/**
 * tf.grads of Σ f with respect to the inputs `wrt`, read back as arrays; every tensor made here is
 * freed by the tidy. tf.grads' own error for an input the result does not depend on differentiably
 * (e.g. class-index targets) becomes a LossInputError about `options.wrt`.
 */
function analyticGradients(f: Fn, read: { values: Float32Array; shape: number[] }[], wrt: readonly number[], name: string): Float32Array[] {
  const analytic: Float32Array[] = [];
  try {
    tf.tidy(() => {
      const all = read.map((r) => tf.tensor(r.values, r.shape, 'float32'));
      const grads = tf.grads((...xs: Tensor[]) => {
        const out = f(...all.map((t, i) => (wrt.includes(i) ? xs[wrt.indexOf(i)]! : t)));
        if (!(out instanceof tf.Tensor)) fail(name, 'f', 'a function returning a tf.Tensor', describeValue(out));
        return tf.sum(out);
      })(wrt.map((k) => all[k]!));
      grads.forEach((g) => analytic.push(Float32Array.from(g.dataSync())));
    });
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('Cannot compute gradient')) {
      fail(name, 'options.wrt', 'indices of inputs the result depends on differentiably (class-index targets are not)', `[${wrt.join(', ')}]`);
    }
    throw e;
  }
  return analytic;
}

/**
 * Compares the analytic gradient of Σ f(inputs) (tf.grads) with central differences, input by
 * input, like torch.autograd.gradcheck (but in float32: see the module note on precision).
 *
 * An element passes when |analytic − numeric| <= atol + rtol·|numeric| and both are finite. The
 * report gives, per checked input and overall, the largest absolute and relative error, and the
 * worst element with both values, so a failing check says where the gradient is wrong.
 *
 * @param f the function, e.g. `(x) => focalLoss(x, target)`; non-scalar results are summed
 * @param inputs its arguments (tensors or arrays); they are not modified or disposed
 * @param options.eps finite-difference step, default 1e-3
 * @param options.rtol relative tolerance, default 1e-2
 * @param options.atol absolute tolerance, default 1e-3
 * @param options.wrt indices of the inputs to check, default all
 * @see https://pytorch.org/docs/stable/generated/torch.autograd.gradcheck.gradcheck.html
 */
export function gradCheck(f: Fn, inputs: readonly TensorLike[], options?: GradCheckOptions): GradCheckReport {
  const name = 'gradCheck';
  expectFunction(f, name, 'a function (...inputs: Tensor[]) => Tensor');
  expectKnownOptions(options, ['eps', 'rtol', 'atol', 'wrt'], name);
  const eps = numberOption(options, 'eps', 1e-3, { min: 0, exclusiveMin: true }, name);
  const rtol = numberOption(options, 'rtol', 1e-2, { min: 0 }, name);
  const atol = numberOption(options, 'atol', 1e-3, { min: 0 }, name);
  if (!Array.isArray(inputs) || inputs.length === 0) fail(name, 'inputs', 'a non-empty array of tensors or arrays', describeValue(inputs));
  const wrt = options?.wrt ?? inputs.map((_, i) => i);
  if (!Array.isArray(wrt) || wrt.length === 0 || wrt.some((k) => !Number.isInteger(k) || k < 0 || k >= inputs.length) || new Set(wrt).size !== wrt.length) {
    fail(name, 'options.wrt', `a non-empty array of distinct input indices in [0, ${inputs.length - 1}]`, Array.isArray(wrt) ? `[${wrt.join(', ')}]` : describeValue(wrt));
  }

  const read = inputs.map((x, i) => readInput(x, name, `inputs[${i}]`));

  const analytic = analyticGradients(f, read, wrt, name);

  const reports = wrt.map((k, j) => {
    // Called inside evaluate()'s tidy, which frees the fixed inputs made here.
    const fk = (x: Tensor) => f(...read.map((r, i) => (i === k ? x : tf.tensor(r.values, r.shape, 'float32'))));
    const numeric = centralDifferences(fk, read[k]!.values, read[k]!.shape, eps, name);
    return compare(k, read[k]!.shape, analytic[j]!, numeric, rtol, atol);
  });

  return {
    pass: reports.every((r) => r.pass),
    maxAbsError: Math.max(...reports.map((r) => r.maxAbsError)),
    maxRelError: Math.max(...reports.map((r) => r.maxRelError)),
    eps,
    rtol,
    atol,
    inputs: reports,
  };
}

/** One line per checked input, for notebooks and grader feedback. */
export function formatGradCheck(report: GradCheckReport): string {
  const lines = report.inputs.map((r) => {
    const w = r.worst ? ` worst at ${formatShape(r.worst.position)}: analytic ${r.worst.analytic}, numeric ${r.worst.numeric}` : '';
    return `input ${r.index} ${formatShape(r.shape)}: ${r.pass ? 'ok' : 'FAILED'} (max abs ${r.maxAbsError.toExponential(2)}, max rel ${r.maxRelError.toExponential(2)})${w}`;
  });
  return [`gradCheck ${report.pass ? 'passed' : 'FAILED'} (eps ${report.eps}, rtol ${report.rtol}, atol ${report.atol})`, ...lines].join('\n');
}
