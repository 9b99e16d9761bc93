/**
 * The student's loss and the reference's along the loss's natural axis (the loss explorer's x:
 * the residual, the logit, p_t, ...), for a report to overlay: where two curves part is often
 * where the mistake is (a factor, a missing clamp near p = 0, the wrong branch past a margin).
 *
 * The batch for the points comes from the battery (`Battery.curve`), and is used only when the
 * reference on it reproduces the catalog's own curve, so the overlay and the plugin's explorer show
 * the same reference. Only values are compared here (the gradient is in the report's cases).
 */
import { tf } from '../core/tf.js';
import type { ParamValues } from '../catalog/types.js';
import { linspace } from '../viz/resolve.js';
import type { ArgData, GradeCase } from './inputs.js';
import { allClose, DEFAULT_TOLERANCE, type Values } from './compare.js';
import { read, referenceValue, scoped, studentForward, type Setup } from './calls.js';
import type { CurveOverlay } from './types.js';

export const CURVE_POINTS = 81;

/** Row i of every argument (axis 0), keeping the batch axis: a batch of one. */
function rowOf(a: ArgData, i: number): ArgData {
  const inner = a.data.length / a.shape[0]!;
  return { ...a, shape: [1, ...a.shape.slice(1)], data: a.data.slice(i * inner, (i + 1) * inner) };
}

function orNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** The student's per-point losses: one call with 'none' when supported, else one 'mean' call per point. */
function studentCurve(s: Setup, base: GradeCase, batched: boolean[], reductions: readonly string[], points: number): (number | null)[] {
  if (reductions.includes('none')) {
    const f = studentForward(s, { ...base, reduction: 'none' });
    if (f.got && f.got.data.length === points) return f.got.data.map(orNull);
  }
  const reduction = reductions.includes('mean') ? 'mean' : 'sum';
  const out: (number | null)[] = [];
  for (let i = 0; i < points; i++) {
    const f = studentForward(s, { ...base, reduction, args: base.args.map((a, k) => (batched[k] === false ? a : rowOf(a, i))) });
    // A student whose code hangs or throws here has a verdict already: stop sampling.
    if (f.outcome.kind !== 'ok') return [];
    out.push(f.got && f.got.data.length === 1 ? orNull(f.got.data[0]!) : null);
  }
  return out;
}

/**
 * The overlay of the student's and the reference's curves at `params`, or null when the loss has no
 * curve batch (or it does not reproduce the catalog's curve) or the student's code cannot be sampled.
 */
export function curveOverlay(s: Setup, params: ParamValues, reductions: readonly string[]): CurveOverlay | null {
  const build = s.battery.curve;
  if (!build) return null;
  const axis = s.desc.axis;
  const x = linspace(axis.min, axis.max, CURVE_POINTS);
  const { args, tensorOptions, batched = [] } = build(x, axis.key);
  const base: GradeCase = { name: 'curve', tags: [], args, tensorOptions, params, reduction: 'none' };
  const reference = referenceValue(s, base, {});
  if (!reference) return null;
  const allParams = { ...params, ...s.fixed } as ParamValues;
  let catalog: Values;
  try {
    catalog = scoped(() => read(s.desc.curve(tf.tensor1d(x), allParams)));
  } catch {
    return null;
  }
  const flat = (v: Values): Values => ({ shape: [v.data.length], data: v.data });
  if (!allClose(flat(reference), flat(catalog), DEFAULT_TOLERANCE)) return null;
  const student = studentCurve(s, base, batched, reductions, CURVE_POINTS);
  if (student.length !== CURVE_POINTS) return null;
  return {
    loss: s.desc.id,
    params: allParams,
    axis: { key: axis.key, label: axis.label, min: axis.min, max: axis.max },
    x,
    reference: reference.data.map(orNull),
    student,
  };
}
