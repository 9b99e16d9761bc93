/**
 * The grader's types: what a teacher passes to `checkLoss` and the report it returns.
 * A report is plain JSON (no tensors, no functions), so the kernel can display it and a course
 * can store it.
 */
import type { Tensor } from '../core/tf.js';
import type { Reduction } from '../core/types.js';
import type { ParamValues } from '../catalog/types.js';

/** A student's loss: the same call signature as the losslab function it is graded against. */
export type StudentLoss = (...args: any[]) => Tensor;

/**
 * A student's hand-written gradient: called like the loss, returns the gradient of the reduced
 * loss (of its sum when `reduction` is `'none'`) with respect to each differentiable input, in
 * the catalog's order — one tensor when the loss has one differentiable input.
 */
export type StudentGradient = (...args: any[]) => Tensor | Tensor[];

/**
 * What a case exercises; a teacher can `skip` tags the assignment does not ask for.
 * - `random`: a seeded random batch; `batch-of-one`: N = 1;
 * - `extreme`: logits of ±50 and ±1e4 (or a tiny temperature / large scale);
 * - `saturated`: probabilities of exactly 0 and 1;
 * - `ignore-index`: targets equal to the ignore index;
 * - `weights`: class or element weights;
 * - `zero-distance`: identical embeddings (distance 0);
 * - `params`: options other than the defaults;
 * - `spatial`: inputs with extra spatial axes;
 * - `negatives`: extra negatives passed as an option.
 */
export type CaseTag =
  | 'random'
  | 'batch-of-one'
  | 'extreme'
  | 'saturated'
  | 'ignore-index'
  | 'weights'
  | 'zero-distance'
  | 'params'
  | 'spatial'
  | 'negatives';

export interface Tolerance {
  rtol: number;
  atol: number;
}

export interface CheckOptions {
  /**
   * The reductions the student's function supports (it is called with `options.reduction`);
   * default: every reduction the catalog lists for the loss.
   */
  reductions?: readonly Reduction[];
  /** Case tags to leave out, e.g. `['weights', 'ignore-index']` when the assignment has no options. */
  skip?: readonly CaseTag[];
  /** Only these tags (a case runs when it has at least one of them). */
  only?: readonly CaseTag[];
  /** Parameter values passed to every case (e.g. `{ gamma: 0 }`), over the catalog's defaults. */
  params?: ParamValues;
  /** Also grade a hand-written gradient function against the reference gradient. */
  gradient?: StudentGradient;
  /** Time limit per call of the student's code, in ms (default 2000). Node only: see `bounded`. */
  timeoutMs?: number;
  /** Seed of the random batches (default 1). */
  seed?: number;
  /** Comparison tolerance, |got − expected| <= atol + rtol·|expected| (default rtol 1e-3, atol 1e-5). */
  tolerance?: Tolerance;
}

/** A small tensor as the report shows it. */
export interface ShownTensor {
  shape: number[];
  /** The values, flattened; at most `SHOWN_VALUES` of them (see `truncated`). */
  values: number[];
  truncated: boolean;
  /** A one-line rendering, e.g. `[[0.12, -1.3], [2, 0]]`. */
  text: string;
}

/** One diagnosis: what is wrong and what to look at, in words a student can act on. */
export interface Diagnosis {
  /** A stable id, e.g. `constant-factor` (see `DIAGNOSES`). */
  id: DiagnosisId;
  /** One sentence: what the grader saw. */
  message: string;
  /** What to check or change. */
  hint: string;
}

export type DiagnosisId =
  | 'throws'
  | 'not-implemented'
  | 'timeout'
  | 'not-a-tensor'
  | 'leak'
  | 'wrong-shape'
  | 'none-shape'
  | 'sign-flipped'
  | 'constant-factor'
  | 'sum-instead-of-mean'
  | 'mean-instead-of-sum'
  | 'mean-over-wrong-count'
  | 'weighted-mean-denominator'
  | 'ignored-targets-counted'
  | 'off-by-one-class'
  | 'wrong-axis'
  | 'option-ignored'
  | 'unstable-at-extremes'
  | 'missing-clamp'
  | 'clamp-differs'
  | 'non-finite'
  | 'value-mismatch'
  | 'not-differentiable'
  | 'gradient-wrong'
  | 'nan-gradient-at-zero-distance'
  | 'student-gradient-wrong'
  | 'student-gradient-throws';

/** A comparison of the student's tensor with the reference's. */
export interface Comparison {
  expected: ShownTensor;
  got: ShownTensor | null;
  ok: boolean;
  /** The largest |got − expected| (NaN when shapes differ or a value is not finite). */
  maxAbsError: number;
  /** The flat index of the first element out of tolerance, or -1. */
  firstBad: number;
}

export interface CaseResult {
  /** e.g. `random batch, reduction 'mean'`. */
  name: string;
  tags: CaseTag[];
  reduction: Reduction;
  /** The options passed (reduction excluded), tensors shown small. */
  options: Record<string, unknown>;
  /** The positional inputs by the catalog's names, shown small. */
  inputs: Record<string, ShownTensor>;
  passed: boolean;
  value: Comparison | null;
  /** Autodiff of the student's function vs the reference gradient, per differentiable input. */
  gradients: Record<string, Comparison>;
  /** The student's hand-written gradient vs the reference, when one was given. */
  studentGradients?: Record<string, Comparison>;
  /** Tensors left allocated by one call of the student's function. */
  leakedTensors: number;
  /** The student's error message, when the function threw or timed out. */
  error?: string;
  diagnoses: Diagnosis[];
  /** Wall time of the student's calls in this case, ms. */
  ms: number;
}

/** The student's and the reference's loss along the natural axis (one sample per point). */
export interface CurveOverlay {
  loss: string;
  /** The parameters both were evaluated at (those of the first failed case). */
  params: ParamValues;
  axis: { key: string; label: string; min: number; max: number };
  x: number[];
  /** Per-point losses; null where a value is not finite. */
  reference: (number | null)[];
  student: (number | null)[];
}

export interface GradeReport {
  /** The catalog id graded against. */
  loss: string;
  title: string;
  passed: boolean;
  /** Cases passed / run. */
  score: { passed: number; total: number };
  cases: CaseResult[];
  /** The distinct diagnoses, most important first, each with the names of its cases. */
  diagnoses: (Diagnosis & { cases: string[] })[];
  /** Whether student code ran under a time limit (Node) or without one (browser). */
  timeLimited: boolean;
  /** When the report failed: both losses along the natural axis, where the loss has such a curve. */
  curve?: CurveOverlay;
  /** A readable multi-line summary (also `formatReport(report)`). */
  summary: string;
}

/** Re-exported for the battery definitions. */
export type { Reduction, ParamValues };
