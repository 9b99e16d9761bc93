/**
 * The checks the losslab notebooks run on their own derivations. Every check shows one line (or a
 * small table) of what it compared and throws `CheckFailed` when the comparison does not hold, so
 * a wrong derivation fails the notebook (and CI, which executes every notebook).
 *
 * ```ts
 * import { checkGradient, expectClose, expectTrue, rng, checkSummary } from './helpers/checks';
 * checkGradient('BCE with logits, ∂ℓ/∂x', {
 *   loss: (x) => binaryCrossEntropyWithLogits(x, y, { reduction: 'sum' }),
 *   hand: (x) => tf.sigmoid(x).sub(y),            // the gradient derived in the Markdown above
 *   cases: [{ label: 'random logits', inputs: [r.normal([4, 3])] }, { label: 'logits ±40', inputs: [[-40, 40]] }],
 * });
 * ```
 */
import { tf, numericGradient, type Tensor, type TensorLike } from 'losslab';
import { display } from '@losslab/kernel';

/** A check of a notebook did not hold. */
export class CheckFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailed';
  }
}

export interface Tolerance {
  /** Relative tolerance: |a − b| <= atol + rtol·|b| for every element. */
  rtol?: number;
  /** Absolute tolerance. */
  atol?: number;
}

/** Hand-derived vs autodiff gradient: both are float32 evaluations of exact formulas. */
export const AUTODIFF_TOLERANCE: Required<Tolerance> = { rtol: 1e-4, atol: 1e-6 };
/** Hand-derived vs central differences in float32 (step 1e-3): truncation and rounding, see gradCheck. */
export const FINITE_DIFFERENCE_TOLERANCE: Required<Tolerance> = { rtol: 1e-2, atol: 1e-3 };
/** Two float32 computations of the same quantity (identities, limits). */
export const VALUE_TOLERANCE: Required<Tolerance> = { rtol: 1e-5, atol: 1e-6 };

let passed = 0;

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}

function show(markdown: string, plain: string): void {
  display({ 'text/markdown': markdown, 'text/plain': plain });
}

/** Reads a number or tensor-like as flat float64 values and its shape, leaving no tensors behind. */
function read(x: number | TensorLike): { values: number[]; shape: number[] } {
  if (typeof x === 'number') return { values: [x], shape: [] };
  return tf.tidy(() => {
    const t = x instanceof tf.Tensor ? x : tf.tensor(x as never);
    return { values: Array.from(t.dataSync(), Number), shape: t.shape.slice() };
  });
}

interface Comparison {
  maxAbs: number;
  /** max over elements of |a − b| / (atol + rtol·|b|): 1 is the edge of the tolerance. */
  ofTolerance: number;
  /** The element that is furthest outside (or closest to) its tolerance. */
  worst: { index: number; actual: number; expected: number } | null;
  ok: boolean;
  problem?: string;
}

function compare(actual: number | TensorLike, expected: number | TensorLike, tol: Required<Tolerance>): Comparison {
  const a = read(actual);
  const e = read(expected);
  const sameShape = a.shape.length === e.shape.length && a.shape.every((d, i) => d === e.shape[i]);
  if (!sameShape) return { maxAbs: Infinity, ofTolerance: Infinity, worst: null, ok: false, problem: `shape [${a.shape}] vs expected [${e.shape}]` };
  let maxAbs = 0;
  let ofTolerance = 0;
  let worst: Comparison['worst'] = null;
  let worstExcess = -Infinity;
  let ok = true;
  a.values.forEach((av, i) => {
    const ev = e.values[i]!;
    const bothSameInfinity = !Number.isFinite(ev) && av === ev;
    const diff = bothSameInfinity ? 0 : Math.abs(av - ev);
    const allowed = tol.atol + tol.rtol * Math.abs(ev);
    const excess = Number.isNaN(diff) ? Infinity : diff - allowed;
    if (!(diff <= allowed)) ok = false;
    if (!Number.isNaN(diff)) maxAbs = Math.max(maxAbs, diff);
    else maxAbs = NaN;
    ofTolerance = Number.isNaN(diff) ? Infinity : Math.max(ofTolerance, allowed > 0 ? diff / allowed : diff > 0 ? Infinity : 0);
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = { index: i, actual: av, expected: ev };
    }
  });
  return { maxAbs, ofTolerance, worst, ok };
}

/** "3.36 (31% of tol.)": an error and how much of its tolerance it uses. */
function withShare(abs: number, share: number): string {
  const pct = share * 100;
  return `${fmt(abs)} (${Number.isFinite(pct) ? (pct < 1 ? '<1' : pct.toFixed(0)) : '∞'}% of tol.)`;
}

function positionOf(flat: number, shape: readonly number[]): string {
  const pos: number[] = [];
  let rest = flat;
  for (let k = shape.length - 1; k >= 0; k--) {
    pos.unshift(rest % shape[k]!);
    rest = Math.floor(rest / shape[k]!);
  }
  return `[${pos.join(', ')}]`;
}

function describeFailure(c: Comparison, shape: readonly number[]): string {
  if (c.problem) return c.problem;
  if (!c.worst) return 'no elements';
  return `at ${positionOf(c.worst.index, shape)}: ${fmt(c.worst.actual)} vs expected ${fmt(c.worst.expected)}`;
}

/**
 * Checks that `actual` equals `expected` element by element within a tolerance (default
 * VALUE_TOLERANCE) and that the shapes agree; a NaN anywhere fails. Shows one line; throws
 * CheckFailed naming the worst element otherwise.
 */
export function expectClose(what: string, actual: number | TensorLike, expected: number | TensorLike, tolerance: Tolerance = {}): void {
  const tol = { ...VALUE_TOLERANCE, ...tolerance };
  const c = compare(actual, expected, tol);
  const shape = read(expected).shape;
  if (!c.ok) {
    show(`✘ **${what}** — ${describeFailure(c, shape)}`, `FAILED ${what}: ${describeFailure(c, shape)}`);
    throw new CheckFailed(`${what}: ${describeFailure(c, shape)} (rtol ${tol.rtol}, atol ${tol.atol})`);
  }
  passed++;
  const value = read(actual).values;
  const shown = value.length === 1 ? ` (${fmt(value[0]!)})` : ` (${value.length} values)`;
  show(`✔ ${what}${shown} — max \\|Δ\\| = ${fmt(c.maxAbs)}`, `ok ${what}${shown}: max |diff| ${fmt(c.maxAbs)}`);
}

/** Checks a condition; `detail` says what was seen. Shows one line; throws CheckFailed when false. */
export function expectTrue(what: string, condition: boolean, detail = ''): void {
  const tail = detail ? ` — ${detail}` : '';
  if (!condition) {
    show(`✘ **${what}**${tail}`, `FAILED ${what}${tail}`);
    throw new CheckFailed(`${what}${tail}`);
  }
  passed++;
  show(`✔ ${what}${tail}`, `ok ${what}${tail}`);
}

/** One point at which a gradient is checked. */
export interface GradientCase {
  /** What is special about this point, e.g. 'random logits' or 'logits of ±50'. */
  label: string;
  /** The loss's arguments at this point. */
  inputs: TensorLike[];
  /** Finite-difference step (default 1e-3); smaller near the edge of the domain. */
  eps?: number;
  /** Tolerance against the finite-difference estimate (default FINITE_DIFFERENCE_TOLERANCE). */
  fdTolerance?: Tolerance;
  /**
   * Set when central differences cannot be taken here (a point on the edge of the domain, e.g. a
   * probability of exactly 0): the reason is shown, and only autodiff is compared.
   */
  noFiniteDifference?: string;
}

export interface GradientCheckSpec {
  /** The losslab loss as a function of its arguments; a non-scalar result is summed. */
  loss: (...inputs: Tensor[]) => Tensor;
  /**
   * The hand-derived gradient of (the sum of) `loss` with respect to `inputs[wrt]`, written as code;
   * with several `wrt` indices, an array of gradients in that order.
   */
  hand: (...inputs: Tensor[]) => TensorLike | TensorLike[];
  /** Index (or indices) of the argument(s) to differentiate; default 0. */
  wrt?: number | number[];
  cases: GradientCase[];
  /** Tolerance of hand vs autodiff (default AUTODIFF_TOLERANCE). */
  autodiffTolerance?: Tolerance;
}

interface GradientCaseReport {
  label: string;
  input: number;
  size: number;
  vsAutodiff: Comparison;
  vsFiniteDifference: Comparison | null;
  ok: boolean;
  failure?: string;
}

/**
 * Checks a hand-derived gradient: at every case it must equal the autodiff gradient of the
 * losslab loss (tf.grads) and a central finite-difference estimate (numericGradient). Shows the
 * comparison as a table and throws CheckFailed if any case fails. Returns nothing, so a call that
 * ends a cell adds no output of its own.
 */
export function checkGradient(title: string, spec: GradientCheckSpec): void {
  const wrt = Array.isArray(spec.wrt) ? spec.wrt : [spec.wrt ?? 0];
  const many = Array.isArray(spec.wrt);
  const adTol = { ...AUTODIFF_TOLERANCE, ...spec.autodiffTolerance };
  if (!spec.cases.length) throw new CheckFailed(`${title}: no cases to check`);
  const rows: GradientCaseReport[] = [];
  for (const c of spec.cases) {
    tf.tidy(() => {
      // A copy: the point may be the very tensor the loss closes over (e.g. x = y), which tf.grads
      // would then differentiate through both uses.
      const inputs = c.inputs.map((x) => (x instanceof tf.Tensor ? x : tf.tensor(x as never)).toFloat().clone());
      const total = (...xs: Tensor[]) => tf.sum(spec.loss(...xs));
      const auto = tf.grads((...vs: Tensor[]) => total(...inputs.map((x, i) => (wrt.includes(i) ? vs[wrt.indexOf(i)]! : x))))(wrt.map((i) => inputs[i]!));
      const handOut = spec.hand(...inputs);
      const hands = many ? (handOut as TensorLike[]) : [handOut as TensorLike];
      if (hands.length !== wrt.length) throw new CheckFailed(`${title}: hand() returned ${hands.length} gradient(s) for ${wrt.length} input(s)`);
      wrt.forEach((k, j) => {
        const shape = inputs[k]!.shape;
        const vsAuto = compare(hands[j]!, auto[j]!, adTol);
        let vsFd: Comparison | null = null;
        if (!c.noFiniteDifference) {
          const fdTol = { ...FINITE_DIFFERENCE_TOLERANCE, ...c.fdTolerance };
          const fk = (x: Tensor) => total(...inputs.map((t, i) => (i === k ? x : t)));
          vsFd = compare(hands[j]!, numericGradient(fk, inputs[k]!, { eps: c.eps ?? 1e-3 }), fdTol);
        }
        const ok = vsAuto.ok && (vsFd?.ok ?? true);
        const failure = !vsAuto.ok ? `vs autodiff ${describeFailure(vsAuto, shape)}` : vsFd && !vsFd.ok ? `vs finite differences ${describeFailure(vsFd, shape)}` : undefined;
        rows.push({ label: c.label, input: k, size: inputs[k]!.size, vsAutodiff: vsAuto, vsFiniteDifference: vsFd, ok, ...(failure ? { failure } : {}) });
      });
    });
  }
  const ok = rows.every((r) => r.ok);
  const fdCell = (r: GradientCaseReport, c: GradientCase | undefined) => (r.vsFiniteDifference === null ? `— (${c?.noFiniteDifference})` : withShare(r.vsFiniteDifference.maxAbs, r.vsFiniteDifference.ofTolerance));
  const caseOf = (r: GradientCaseReport) => spec.cases.find((c) => c.label === r.label);
  const md = [
    `${ok ? '✔' : '✘'} **gradient check: ${title}**`,
    '',
    `| point | ${many ? 'input | ' : ''}elements | max \\|hand − autodiff\\| | max \\|hand − finite diff.\\| | |`,
    `|---|${many ? '---|' : ''}---|---|---|---|`,
    ...rows.map((r) => `| ${r.label} | ${many ? `${r.input} | ` : ''}${r.size} | ${withShare(r.vsAutodiff.maxAbs, r.vsAutodiff.ofTolerance)} | ${fdCell(r, caseOf(r))} | ${r.ok ? '✔' : `✘ ${r.failure}`} |`),
  ].join('\n');
  const plain = [`${ok ? 'ok' : 'FAILED'} gradient check: ${title}`, ...rows.map((r) => `  ${r.label}${many ? ` (input ${r.input})` : ''}: |hand-autodiff| ${fmt(r.vsAutodiff.maxAbs)}, |hand-fd| ${r.vsFiniteDifference === null ? 'n/a' : fmt(r.vsFiniteDifference.maxAbs)}${r.ok ? '' : ` FAILED ${r.failure}`}`)].join('\n');
  show(md, plain);
  if (!ok) {
    const bad = rows.filter((r) => !r.ok).map((r) => `${r.label}: ${r.failure}`);
    throw new CheckFailed(`gradient check '${title}' failed at ${bad.length} point(s): ${bad.join('; ')}`);
  }
  passed += rows.length;
}

/** Shows how many checks this notebook ran, all of which passed (a failed one has thrown). */
export function checkSummary(): void {
  show(`**All ${passed} checks of this notebook passed.**`, `All ${passed} checks of this notebook passed.`);
}

/**
 * Seeded random tensors (mulberry32), the same on every run and backend:
 * `const r = rng(1); r.normal([4, 3]); r.uniform([8], 0.05, 0.95); r.classes([4], 3)`.
 */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const size = (shape: number[]) => shape.reduce((n, d) => n * d, 1);
  const normalValue = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return {
    /** The next uniform number in [0, 1). */
    next,
    /** Standard normal values (times `std`, plus `mean`). */
    normal: (shape: number[], mean = 0, std = 1): Tensor => tf.tensor(Array.from({ length: size(shape) }, () => mean + std * normalValue()), shape),
    /** Uniform values in [lo, hi). */
    uniform: (shape: number[], lo = 0, hi = 1): Tensor => tf.tensor(Array.from({ length: size(shape) }, () => lo + (hi - lo) * next()), shape),
    /** Class indices in [0, numClasses), int32. */
    classes: (shape: number[], numClasses: number): Tensor => tf.tensor(Array.from({ length: size(shape) }, () => Math.floor(next() * numClasses)), shape, 'int32'),
    /** Labels in {0, 1}, float32, 1 with probability `p`. */
    bernoulli: (shape: number[], p = 0.5): Tensor => tf.tensor(Array.from({ length: size(shape) }, () => (next() < p ? 1 : 0)), shape),
  };
}
