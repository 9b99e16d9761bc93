/**
 * `checkLoss`: grades a student's loss function against losslab's on the loss's input battery,
 * comparing values and input gradients case by case, and explains each failure.
 */
import { LossInputError } from '../core/errors.js';
import { describeValue, expectKnownOptions, numberOption } from '../core/validate.js';
import { describeLoss } from '../catalog/index.js';
import type { LossDescriptor } from '../catalog/types.js';
import { batteryFor, gradeCases, type GradeCase } from './inputs.js';
import { hasTimeLimit, type Outcome } from './run.js';
import { allClose, compare, DEFAULT_TOLERANCE, show, type Values } from './compare.js';
import { DIAGNOSES } from './diagnoses.js';
import { diagnosis, executionDiagnosis, gradientDiagnosis, resolveCandidates, valueFinding, type Evidence, type PendingCase } from './diagnose.js';
import { numericStudentGradient, referenceFunction, referenceGradients, referenceValue, studentForward, studentGradients, type Setup } from './calls.js';
import { formatReport } from './report.js';
import { reportHtml } from './html.js';
import { LOSSLAB_DISPLAY } from '../mime/index.js';
import { curveOverlay } from './curves.js';
import type { CaseResult, CaseTag, CheckOptions, Comparison, Diagnosis, DiagnosisId, GradeReport, Reduction, StudentLoss, Tolerance } from './types.js';

const LOSS = 'checkLoss';
const TAGS: readonly CaseTag[] = ['random', 'batch-of-one', 'extreme', 'saturated', 'ignore-index', 'weights', 'zero-distance', 'params', 'spatial', 'negatives'];

/** Finite differences are too coarse at kinks, saturations and extreme inputs to tell anything. */
const SMOOTH_TAGS: readonly CaseTag[] = ['random', 'batch-of-one', 'params'];
const FINITE_DIFFERENCE_TOLERANCE: Tolerance = { rtol: 2e-2, atol: 2e-3 };

/**
 * What finite differences of the student's own loss say about a wrong gradient: whether the loss
 * is right and its (custom or hand-written) gradient wrong, or the gradient is that of a wrong loss.
 */
function finiteDifferenceNote(s: Setup, c: GradeCase, k: number, got: Values, expected: Values, source: 'autodiff' | 'hand'): string {
  if (!c.tags.every((t) => SMOOTH_TAGS.includes(t))) return '';
  const numeric = numericStudentGradient(s, c, k);
  if (!numeric) return '';
  if (allClose(numeric, expected, FINITE_DIFFERENCE_TOLERANCE)) {
    return source === 'autodiff'
      ? ' Finite differences of your own loss agree with the reference gradient: your loss is right and its custom gradient is not.'
      : ' Finite differences of your own loss agree with the reference gradient: your loss is right, re-derive the gradient.';
  }
  if (source === 'hand' && allClose(numeric, got, FINITE_DIFFERENCE_TOLERANCE)) {
    return ' It does match finite differences of your own loss, so the loss itself differs from the reference: fix the loss first.';
  }
  return '';
}

function compareGradients(s: Setup, ev: Evidence, got: Values[], expected: Values[], source: 'autodiff' | 'hand'): { comparisons: Record<string, Comparison>; diagnoses: Diagnosis[] } {
  const comparisons: Record<string, Comparison> = {};
  const diagnoses: Diagnosis[] = [];
  s.diff.forEach((k, j) => {
    const name = s.desc.inputs[k]!.name;
    comparisons[name] = compare(got[j]!, expected[j]!, s.tol);
    if (comparisons[name].ok || diagnoses.length > 0) return;
    const d = gradientDiagnosis(ev, name, got[j]!, expected[j]!, source);
    if (d.id === 'gradient-wrong' || d.id === 'student-gradient-wrong') d.message += finiteDifferenceNote(s, ev.c, k, got[j]!, expected[j]!, source);
    diagnoses.push(d);
  });
  return { comparisons, diagnoses };
}

function gradientFailure(outcome: Outcome<Values[]>, s: Setup, source: 'autodiff' | 'hand'): Diagnosis {
  if (outcome.kind === 'timeout') return executionDiagnosis(outcome, s.timeoutMs);
  const msg = outcome.kind === 'threw' ? (outcome.error instanceof Error ? outcome.error.message : String(outcome.error)) : '';
  if (source === 'hand') {
    if (/not implemented/i.test(msg)) return diagnosis('not-implemented', `Your gradient function throws "${msg}".`);
    return diagnosis('student-gradient-throws', `Your gradient function failed: ${msg}`);
  }
  return diagnosis('not-differentiable', `tf.grads could not differentiate your loss: ${msg}`);
}

function shownOptions(c: GradeCase, fixed: Record<string, unknown>): Record<string, unknown> {
  const tensors = Object.fromEntries(Object.entries(c.tensorOptions ?? {}).map(([k, a]) => [k, show(a).text]));
  return { ...c.params, ...fixed, ...tensors };
}

function runCase(s: Setup, c: GradeCase): { result: CaseResult; pending: PendingCase } {
  const expected = referenceValue(s, c, {});
  if (!expected) throw new Error(`The reference ${s.desc.id} rejected the grader's case '${c.name}' (a bug in src/grader/inputs.ts).`);
  const ev: Evidence = { c, tol: s.tol, battery: s.battery, expected, reference: (change) => referenceValue(s, c, change) };
  const result: CaseResult = {
    name: c.name,
    tags: c.tags.slice(),
    reduction: c.reduction,
    options: shownOptions(c, s.fixed),
    inputs: Object.fromEntries(c.args.map((a, i) => [s.desc.inputs[i]!.name, show(a)])),
    passed: false,
    value: null,
    gradients: {},
    leakedTensors: 0,
    diagnoses: [],
    ms: 0,
  };
  const pending: PendingCase = { batch: c.name.replace(/, reduction '.*'$/, ''), diagnoses: result.diagnoses };

  let refGrads: Values[] | undefined;
  const referenceGrads = () => (refGrads ??= referenceGradients(s, c));
  // At probabilities of exactly 0 and 1 the gradient is a convention of PyTorch's backward
  // (e.g. ±1e12 for BCE), not something a student can be asked to reproduce: values only.
  const gradable = s.diff.length > 0 && !c.tags.includes('saturated');

  const fwd = studentForward(s, c);
  result.ms += fwd.outcome.ms;
  result.leakedTensors = fwd.leaked;
  if (!fwd.got) {
    result.diagnoses.push(executionDiagnosis(fwd.outcome, s.timeoutMs, fwd.notTensor));
    if (fwd.outcome.kind !== 'ok') result.error = fwd.outcome.kind === 'timeout' ? `timed out after ${s.timeoutMs} ms` : String((fwd.outcome.error as Error)?.message ?? fwd.outcome.error);
    result.value = compare(null, expected, s.tol);
  } else {
    result.value = compare(fwd.got, expected, s.tol);
    if (!result.value.ok) {
      pending.finding = valueFinding(ev, fwd.got);
    } else if (gradable) {
      const auto = studentGradients(s, c, 'autodiff');
      result.ms += auto.ms;
      if (auto.kind !== 'ok') result.diagnoses.push(gradientFailure(auto, s, 'autodiff'));
      else {
        const g = compareGradients(s, ev, auto.value, referenceGrads(), 'autodiff');
        result.gradients = g.comparisons;
        result.diagnoses.push(...g.diagnoses);
      }
    }
  }
  if (s.options.gradient && gradable) {
    const hand = studentGradients(s, c, 'hand');
    result.ms += hand.ms;
    if (hand.kind !== 'ok') result.diagnoses.push(gradientFailure(hand, s, 'hand'));
    else {
      const g = compareGradients(s, ev, hand.value, referenceGrads(), 'hand');
      result.studentGradients = g.comparisons;
      result.diagnoses.push(...g.diagnoses);
    }
  }
  if (fwd.leaked > 0) {
    result.diagnoses.push(diagnosis('leak', `One call of your function left ${fwd.leaked} tensor${fwd.leaked > 1 ? 's' : ''} allocated.`));
  }
  return { result, pending };
}

function checkOptions(desc: LossDescriptor, options: CheckOptions): { reductions: Reduction[]; tol: Tolerance; timeoutMs: number; seed: number } {
  expectKnownOptions(options, ['reductions', 'skip', 'only', 'params', 'gradient', 'timeoutMs', 'seed', 'tolerance'], LOSS);
  const reductions = options.reductions ?? desc.reductions;
  if (!Array.isArray(reductions) || reductions.length === 0 || reductions.some((r) => !desc.reductions.includes(r))) {
    throw new LossInputError(LOSS, 'options.reductions', `a non-empty list of ${desc.id}'s reductions (${desc.reductions.join(', ')})`, describeValue(reductions));
  }
  for (const key of ['skip', 'only'] as const) {
    const v = options[key];
    if (v !== undefined && (!Array.isArray(v) || v.some((t) => !TAGS.includes(t)))) {
      throw new LossInputError(LOSS, `options.${key}`, `a list of case tags (${TAGS.join(', ')})`, describeValue(v));
    }
  }
  if (options.gradient !== undefined && typeof options.gradient !== 'function') {
    throw new LossInputError(LOSS, 'options.gradient', 'a function returning the gradient tensor(s)', describeValue(options.gradient));
  }
  if (options.params !== undefined && (typeof options.params !== 'object' || options.params === null || Array.isArray(options.params))) {
    throw new LossInputError(LOSS, 'options.params', 'an object of parameter values, e.g. { gamma: 0 }', describeValue(options.params));
  }
  const tol = options.tolerance ?? DEFAULT_TOLERANCE;
  if (typeof tol !== 'object' || tol === null || !(tol.rtol >= 0 && tol.atol >= 0)) throw new LossInputError(LOSS, 'options.tolerance', '{ rtol, atol } with non-negative numbers', JSON.stringify(tol));
  return {
    reductions: [...reductions],
    tol,
    timeoutMs: numberOption(options, 'timeoutMs', 2000, { min: 0, exclusiveMin: true }, LOSS),
    seed: numberOption(options, 'seed', 1, { integer: true }, LOSS),
  };
}

/**
 * Grades a student's implementation of a losslab loss.
 *
 * The student's function is called like the losslab function, `studentFn(...inputs, options)`
 * with tf.Tensor inputs (class indices as int32) and `options.reduction` set, on a battery of cases
 * for that loss (see `inputs.ts`): seeded random batches at each reduction the student supports,
 * and the edge cases where hand-written losses break. In each case the student's value is compared
 * with losslab's, then (when it is right) the gradient of the student's function with respect to
 * each differentiable input (by autodiff, `tf.grads`), and, with `options.gradient`, a hand-written
 * gradient too. Each call runs under a time limit (Node), and a throw, a hang, a result that is not a
 * tensor, a wrong shape, NaN/Infinity or leaked tensors give a verdict instead of an exception.
 *
 * Values pass when |got − expected| <= atol + rtol·|expected| (default rtol 1e-3, atol 1e-5: a
 * correct formula computed in another order passes in float32).
 *
 * @param studentFn the student's loss
 * @param lossId the catalog id of the loss it implements, e.g. `'focalLoss'`
 * @param options `reductions` (default: all the loss has), `skip`/`only` case tags, fixed `params`,
 *   `gradient` (hand-written gradient), `timeoutMs` (2000), `seed` (1), `tolerance`
 * @returns a JSON report: each case with inputs, expected vs got, diagnoses, and a text summary
 */
export function checkLoss(studentFn: StudentLoss, lossId: string, options: CheckOptions = {}): GradeReport {
  if (typeof studentFn !== 'function') throw new LossInputError(LOSS, 'studentFn', 'a function (your loss)', describeValue(studentFn));
  const desc = describeLoss(lossId);
  const { reductions, tol, timeoutMs, seed } = checkOptions(desc, options);
  const battery = batteryFor(desc);
  const s: Setup = {
    desc,
    battery,
    reference: referenceFunction(desc),
    student: studentFn,
    diff: desc.inputs.map((inp, i) => (inp.differentiable ? i : -1)).filter((i) => i >= 0),
    fixed: { ...(options.params ?? {}) },
    tol,
    timeoutMs,
    options,
  };
  const cases = gradeCases(desc, battery, seed, { reductions, skip: options.skip, only: options.only, fixedParams: options.params });
  if (cases.length === 0) throw new LossInputError(LOSS, 'options.skip / options.only', 'a selection that leaves at least one case', 'no case to run');
  for (const c of cases) {
    if (c.args.length !== desc.inputs.length) throw new Error(`The grader's battery for ${desc.id} has ${c.args.length} inputs, the catalog ${desc.inputs.length}.`);
  }
  const runs = cases.map((c) => ({ case: c, ...runCase(s, c) }));
  resolveCandidates(runs.map((r) => r.pending));
  const results = runs.map((r) => {
    r.result.passed = r.result.diagnoses.length === 0 && r.result.value?.ok === true && Object.values(r.result.gradients).every((g) => g.ok);
    return r.result;
  });
  const report = buildReport(desc, results);
  const overlayCase = runs.find((r) => !r.result.passed && !r.result.diagnoses.some((d) => EXECUTION.includes(d.id)));
  if (overlayCase) {
    const curve = curveOverlay(s, overlayCase.case.params ?? {}, reductions);
    if (curve) report.curve = curve;
  }
  return report;
}

/** Failures where the student's code gave no value: no curve to draw. */
const EXECUTION: readonly DiagnosisId[] = ['throws', 'not-implemented', 'timeout', 'not-a-tensor'];

function buildReport(desc: LossDescriptor, cases: CaseResult[]): GradeReport {
  const byId = new Map<string, Diagnosis & { cases: string[] }>();
  for (const c of cases) {
    for (const d of c.diagnoses) {
      const entry = byId.get(d.id);
      if (!entry) byId.set(d.id, { ...d, cases: [c.name] });
      else if (!entry.cases.includes(c.name)) entry.cases.push(c.name);
    }
  }
  const diagnoses = [...byId.values()].sort((a, b) => DIAGNOSES[a.id].rank - DIAGNOSES[b.id].rank);
  const passed = cases.filter((c) => c.passed).length;
  const report: GradeReport = {
    loss: desc.id,
    title: desc.title,
    passed: passed === cases.length,
    score: { passed, total: cases.length },
    cases,
    diagnoses,
    timeLimited: hasTimeLimit(),
    summary: '',
  };
  report.summary = formatReport(report);
  // Shown as its HTML table when a notebook cell ends with the report (not part of its JSON).
  Object.defineProperty(report, LOSSLAB_DISPLAY, { value: () => ({ 'text/html': reportHtml(report), 'text/plain': report.summary }), enumerable: false });
  return report;
}
