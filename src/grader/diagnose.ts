/**
 * Which diagnosis explains a failed case. Each check compares the student's result with what a
 * typical mistake would give, computed with the reference function itself on changed inputs or
 * options (a sum instead of a mean, a class index shifted by one, the wrong axis, an option left
 * out), so a diagnosis is only made when the numbers match that mistake.
 *
 * A case yields candidates in order of specificity; `resolveCandidates` (report level) settles
 * cases where several mistakes give the same numbers (with a batch of one, a sum is a mean over
 * samples) by the diagnosis the unambiguous cases agree on, and turns a per-case ratio into
 * "constant factor" only when it is seen consistently.
 */
import type { ArgData, Battery, GradeCase } from './inputs.js';
import { allClose, constantRatio, formatNumber, nonFiniteWhereFinite, sameFactor, sameShape, type Values } from './compare.js';
import { DIAGNOSES } from './diagnoses.js';
import type { Diagnosis, DiagnosisId, Reduction, Tolerance } from './types.js';
import { errorMessage, type Outcome } from './run.js';

/** How the reference is re-run for a hypothesis. */
export interface RefChange {
  args?: ArgData[];
  reduction?: Reduction;
  /** Leave out the case's non-default options (parameters and tensor options). */
  plainOptions?: boolean;
}

/** What a case's diagnosis is computed from. */
export interface Evidence {
  c: GradeCase;
  tol: Tolerance;
  battery: Battery;
  expected: Values;
  /** The reference on changed inputs or options; null when it rejects them. */
  reference(change: RefChange): Values | null;
}

/** A diagnosis with its message; `specificHint` (the loss's own fix) replaces the general hint. */
export function diagnosis(id: DiagnosisId, message: string, specificHint?: string): Diagnosis {
  return { id, message, hint: specificHint ?? DIAGNOSES[id].hint };
}

function shape(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}

// ---------------------------------------------------------------------------------------------
// The student's code did not give a tensor

/** A diagnosis for a call that threw, hung or returned something other than a tensor. */
export function executionDiagnosis(outcome: Outcome<unknown>, timeoutMs: number, notTensor?: string): Diagnosis {
  if (outcome.kind === 'timeout') {
    return diagnosis('timeout', `Your function was stopped after ${timeoutMs} ms without returning.`);
  }
  if (outcome.kind === 'threw') {
    const msg = errorMessage(outcome.error);
    if (/not implemented/i.test(msg)) return diagnosis('not-implemented', `Your function throws "${msg}".`);
    return diagnosis('throws', `Your function threw: ${msg}`);
  }
  return diagnosis('not-a-tensor', `Your function returned ${notTensor ?? 'something that is not a tensor'}.`);
}

// ---------------------------------------------------------------------------------------------
// Wrong values

/** A possible explanation of a failed value, in order of specificity. */
export interface Candidate {
  diagnosis: Diagnosis;
}

export interface ValueFinding {
  candidates: Candidate[];
  /** got ≈ k·expected, when the student's values are a constant multiple of the reference's. */
  factor?: { k: number; support: number };
}

function matches(ev: Evidence, got: Values, change: RefChange): boolean {
  const v = ev.reference(change);
  return v !== null && allClose(got, v, ev.tol);
}

function wrongAxis(ev: Evidence, got: Values): Candidate | null {
  const w = ev.battery.wrongAxis;
  if (!w || !matches(ev, got, { args: w.transform(ev.c.args) })) return null;
  return { diagnosis: diagnosis('wrong-axis', `Your values are those of ${w.what}.`) };
}

function shapeFinding(ev: Evidence, got: Values): ValueFinding {
  const axis = wrongAxis(ev, got);
  if (axis) return { candidates: [axis] };
  const exp = shape(ev.expected.shape);
  if (ev.c.reduction === 'none') {
    let why = '';
    if (got.shape.length === 0) why = ' You returned a scalar: is options.reduction read?';
    else if (got.shape.length > ev.expected.shape.length) why = ' You kept an axis the loss reduces over (e.g. the class or feature axis).';
    else if (got.shape.length < ev.expected.shape.length) why = ' You reduced over an axis that must stay.';
    return { candidates: [{ diagnosis: diagnosis('none-shape', `With reduction 'none' the result must have shape ${exp}, but yours has shape ${shape(got.shape)}.${why}`) }] };
  }
  const none = ev.reference({ reduction: 'none' });
  const unreduced = none && sameShape(none.shape, got.shape) ? ` That is the shape of the unreduced losses: apply reduction '${ev.c.reduction}'.` : '';
  return { candidates: [{ diagnosis: diagnosis('wrong-shape', `The result must have shape ${exp} (a scalar), but yours has shape ${shape(got.shape)}.${unreduced}`) }] };
}

function nonFiniteFinding(ev: Evidence, got: Values): ValueFinding {
  const tags = ev.c.tags;
  const where = `Your value is ${got.data.filter((v) => !Number.isFinite(v)).map(formatNumber)[0]} where the reference gives a finite value`;
  if (tags.includes('saturated')) return { candidates: [{ diagnosis: diagnosis('missing-clamp', `${where} (${ev.c.name.replace(/, reduction.*/, '')}).`) }] };
  if (tags.includes('extreme')) return { candidates: [{ diagnosis: diagnosis('unstable-at-extremes', `${where} at extreme inputs (${ev.c.name.replace(/, reduction.*/, '')}).`, ev.battery.extremeHint) }] };
  return { candidates: [{ diagnosis: diagnosis('non-finite', `${where}.`) }] };
}

function countOf(a: ArgData): { samples: number; elements: number } {
  return { samples: a.shape[0] ?? 1, elements: a.data.length };
}

/** got ≈ Σ / d for some d other than the right one: which d, in words. */
function denominatorCandidates(ev: Evidence, got: Values): Candidate[] {
  if (ev.c.reduction !== 'mean' || got.shape.length !== 0) return [];
  const sum = ev.reference({ reduction: 'sum' });
  if (!sum) return [];
  const { samples, elements } = countOf(ev.c.args[0]!);
  const options = [
    { label: `the batch size (${samples})`, value: samples, kind: 'count' as const },
    { label: `the number of elements of the input (${elements})`, value: elements, kind: 'count' as const },
    ...(ev.c.denominators ?? []).map((d) => ({ label: `${d.label} (${formatNumber(d.value)})`, value: d.value, kind: 'count' as const })),
    { label: '1', value: 1, kind: 'sum' as const },
  ];
  const out: Candidate[] = [];
  for (const o of options) {
    if (!(o.value > 0) || !allClose(got, { shape: [], data: [sum.data[0]! / o.value] }, ev.tol)) continue;
    const msg = `Your value ${formatNumber(got.data[0]!)} is the sum of the losses (${formatNumber(sum.data[0]!)}) divided by ${o.label}; the reference's mean is ${formatNumber(ev.expected.data[0]!)}.`;
    if (o.kind === 'sum') out.push({ diagnosis: diagnosis('sum-instead-of-mean', `Your value ${formatNumber(got.data[0]!)} is the sum of the losses, not their mean (${formatNumber(ev.expected.data[0]!)}).`) });
    else if (ev.c.tags.includes('ignore-index')) out.push({ diagnosis: diagnosis('ignored-targets-counted', `${msg} Ignored targets count in your denominator.`) });
    else if (ev.c.tags.includes('weights')) out.push({ diagnosis: diagnosis('weighted-mean-denominator', msg) });
    else out.push({ diagnosis: diagnosis('mean-over-wrong-count', msg) });
  }
  return out;
}

function offByOne(ev: Evidence, got: Values): Candidate | null {
  const spec = ev.battery.classArg;
  if (!spec) return null;
  const k = spec.numClasses(ev.c.args);
  const target = ev.c.args[spec.index]!;
  for (const shift of [1, -1]) {
    const data = target.data.map((t) => (t === spec.ignoreIndex ? t : (((t + shift) % k) + k) % k));
    const args = ev.c.args.slice();
    args[spec.index] = { ...target, data };
    if (matches(ev, got, { args })) {
      return { diagnosis: diagnosis('off-by-one-class', `Your values are the reference's for class indices ${shift > 0 ? 'one higher' : 'one lower'} (y ${shift > 0 ? '+' : '−'} 1).`) };
    }
  }
  return null;
}

function optionIgnored(ev: Evidence, got: Values): Candidate | null {
  const names = [...Object.keys(ev.c.params ?? {}), ...Object.keys(ev.c.tensorOptions ?? {})];
  if (names.length === 0 || !matches(ev, got, { plainOptions: true })) return null;
  const shown = (n: string) => (ev.c.params && n in ev.c.params ? `options.${n} = ${JSON.stringify(ev.c.params[n])}` : `options.${n}`);
  const list = names.map(shown).join(', ');
  return { diagnosis: diagnosis('option-ignored', `Your values are what the reference gives with the default instead of ${list}: your function ignores ${names.length > 1 ? 'them' : 'it'}.`) };
}

function ignoredPositions(ev: Evidence, got: Values): Candidate | null {
  const ignored = ev.c.ignored;
  if (!ignored || ev.c.reduction !== 'none') return null;
  const bad = ev.expected.data.map((e, i) => i).filter((i) => !allClose({ shape: [], data: [got.data[i]!] }, { shape: [], data: [ev.expected.data[i]!] }, ev.tol));
  if (bad.length === 0 || !bad.every((i) => ignored.includes(i))) return null;
  return { diagnosis: diagnosis('ignored-targets-counted', `Your losses differ only at ignored targets (positions ${bad.join(', ')}), where the reference gives 0.`) };
}

/** Explains a value of the right shape that is wrong or not finite, or a value of the wrong shape. */
export function valueFinding(ev: Evidence, got: Values): ValueFinding {
  if (!sameShape(got.shape, ev.expected.shape)) return shapeFinding(ev, got);
  if (nonFiniteWhereFinite(got, ev.expected)) return nonFiniteFinding(ev, got);
  const factor = constantRatio(got, ev.expected, ev.tol) ?? undefined;
  if (factor && sameFactor(factor.k, -1)) {
    return { candidates: [{ diagnosis: diagnosis('sign-flipped', 'Your values are the reference\'s with the opposite sign.') }], factor };
  }
  const candidates: Candidate[] = [];
  const push = (c: Candidate | null) => c && candidates.push(c);
  push(optionIgnored(ev, got));
  candidates.push(...denominatorCandidates(ev, got));
  if (ev.c.reduction === 'sum' && matches(ev, got, { reduction: 'mean' })) {
    candidates.push({ diagnosis: diagnosis('mean-instead-of-sum', `Your value is the mean of the losses, not their sum (${formatNumber(ev.expected.data[0]!)}).`) });
  }
  push(ignoredPositions(ev, got));
  push(offByOne(ev, got));
  push(wrongAxis(ev, got));
  if (candidates.length === 0 && ev.c.tags.includes('saturated')) {
    candidates.push({ diagnosis: diagnosis('clamp-differs', `Your value differs from the reference only where probabilities are exactly 0 or 1 (expected ${ev.expected.data.slice(0, 4).map(formatNumber).join(', ')}, got ${got.data.slice(0, 4).map(formatNumber).join(', ')}).`) });
  }
  if (candidates.length === 0 && ev.c.tags.includes('extreme')) {
    candidates.push({ diagnosis: diagnosis('unstable-at-extremes', `Your value is wrong at extreme inputs (${ev.c.name.replace(/, reduction.*/, '')}).`, ev.battery.extremeHint) });
  }
  return { candidates, factor };
}

// ---------------------------------------------------------------------------------------------
// Wrong gradients

/** Explains a gradient (of the student's own function, or hand-written) that differs from the reference's. */
export function gradientDiagnosis(ev: Evidence, name: string, got: Values, expected: Values, source: 'autodiff' | 'hand'): Diagnosis {
  const whose = source === 'autodiff' ? `The gradient of your loss with respect to ${name}` : `Your hand-written gradient with respect to ${name}`;
  const id: DiagnosisId = source === 'autodiff' ? 'gradient-wrong' : 'student-gradient-wrong';
  if (!sameShape(got.shape, expected.shape)) return diagnosis(id, `${whose} has shape ${shape(got.shape)}; it must have the shape of ${name}, ${shape(expected.shape)}.`);
  if (nonFiniteWhereFinite(got, expected)) {
    const bad = `${whose} contains ${got.data.filter((v) => !Number.isFinite(v)).map(formatNumber)[0]} where the reference's is finite`;
    if (source === 'autodiff' && ev.c.tags.includes('zero-distance')) return diagnosis('nan-gradient-at-zero-distance', `${bad}, at zero distance.`);
    if (source === 'autodiff' && ev.c.tags.includes('extreme')) return diagnosis('unstable-at-extremes', `${bad}, at extreme inputs.`, ev.battery.extremeHint);
    if (source === 'autodiff' && ev.c.tags.includes('saturated')) return diagnosis('missing-clamp', `${bad}, at probabilities of 0 and 1.`);
    return diagnosis(id, `${bad}.`);
  }
  if (source === 'autodiff' && ev.c.tags.includes('extreme')) {
    // Right value, wrong gradient only at extreme inputs: an intermediate overflowed or underflowed.
    return diagnosis('unstable-at-extremes', `${whose} is wrong at extreme inputs (${ev.c.name.replace(/, reduction.*/, '')}), though your value is right: an intermediate of your formula overflows or underflows there.`, ev.battery.extremeHint);
  }
  const factor = constantRatio(got, expected, ev.tol);
  let detail = '';
  if (got.data.every((v) => v === 0)) detail = ' It is zero everywhere: something cuts the loss off from its input (tf.stopGradient?).';
  else if (factor && sameFactor(factor.k, -1)) detail = ' It has the opposite sign.';
  else if (factor) detail = ` It is ${formatNumber(factor.k)} times the reference's${source === 'hand' && ev.c.reduction === 'mean' ? ' (did you divide by the count of the mean?)' : ''}.`;
  return diagnosis(id, `${whose} differs from the reference's${source === 'autodiff' ? ' while your value is right' : ''}.${detail}`);
}

// ---------------------------------------------------------------------------------------------
// Report level

/** A case's findings as the report-level pass sees them. */
export interface PendingCase {
  /** The batch the case ran on (cases of one batch at several reductions share it). */
  batch: string;
  finding?: ValueFinding;
  diagnoses: Diagnosis[];
}

function factorMessage(k: number): { message: string; hint: string } {
  const x = formatNumber(k);
  if (sameFactor(k, 0.5)) return { message: `Your values are exactly half the reference's.`, hint: 'A stray ½? (PyTorch\'s MSE has none; the ½ belongs to Huber\'s quadratic part.)' };
  if (sameFactor(k, 2)) return { message: `Your values are exactly twice the reference's.`, hint: 'A missing ½ (Huber, Smooth L1 and contrastive loss have one), or a term counted twice?' };
  return { message: `Your values are ${x} times the reference's in every case.`, hint: '' };
}

/**
 * Settles each failed value: an ambiguous case takes the diagnosis the unambiguous cases agree on;
 * a case with no candidate gets "constant factor" when the same factor is seen consistently (in two
 * cases, or over several elements of one), else "wrong value".
 */
export function resolveCandidates(cases: PendingCase[]): void {
  const votes = new Map<DiagnosisId, number>();
  for (const c of cases) {
    if (c.finding?.candidates.length === 1) {
      const id = c.finding.candidates[0]!.diagnosis.id;
      votes.set(id, (votes.get(id) ?? 0) + 1);
    }
  }
  const unexplained = cases.filter((c) => c.finding && c.finding.candidates.length === 0);
  const factors = unexplained.map((c) => c.finding!.factor);
  const k = factors[0]?.k;
  // One batch at 'mean' and 'sum' gives the same ratio whatever the mistake: it takes two batches,
  // or several elements of one, to call a ratio a constant factor.
  const batches = new Set(unexplained.map((c) => c.batch));
  const consistent =
    k !== undefined &&
    factors.every((f) => f && sameFactor(f.k, k)) &&
    (batches.size >= 2 || factors.some((f) => f!.support >= 2));
  for (const c of cases) {
    if (!c.finding) continue;
    const cands = c.finding.candidates;
    if (cands.length > 0) {
      const best = cands.slice().sort((a, b) => (votes.get(b.diagnosis.id) ?? 0) - (votes.get(a.diagnosis.id) ?? 0))[0]!;
      c.diagnoses.unshift(best.diagnosis);
    } else if (consistent && c.finding.factor) {
      const { message, hint } = factorMessage(c.finding.factor.k);
      c.diagnoses.unshift(diagnosis('constant-factor', message, hint ? `${hint} ${DIAGNOSES['constant-factor'].hint}` : undefined));
    } else {
      c.diagnoses.unshift(diagnosis('value-mismatch', 'Your value differs from the reference and matches none of the usual mistakes the grader knows.'));
    }
  }
}
