/**
 * Numbers as the grader compares and shows them: tensors read back as plain arrays, element-wise
 * comparison within a tolerance, the constant ratio between two arrays (for "off by a factor"
 * diagnoses), and the short rendering of a tensor a report shows.
 */
import type { Comparison, ShownTensor, Tolerance } from './types.js';

/** A tensor read back: its shape and values as plain numbers. */
export interface Values {
  shape: number[];
  data: number[];
}

export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-5 };

/** At most this many values of a tensor are shown in a report. */
export const SHOWN_VALUES = 24;

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return '0';
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(3).replace(/\.?0+e/, 'e') : String(Number(v.toPrecision(4)));
}

function nest(data: string[], shape: readonly number[]): string {
  if (shape.length === 0) return data[0] ?? '';
  if (shape.length === 1) return `[${data.join(', ')}]`;
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  const parts: string[] = [];
  for (let i = 0; i < shape[0]!; i++) parts.push(nest(data.slice(i * inner, (i + 1) * inner), shape.slice(1)));
  return `[${parts.join(', ')}]`;
}

/** A tensor as a report shows it: all values when few, else the first SHOWN_VALUES. */
export function show(v: Values): ShownTensor {
  const truncated = v.data.length > SHOWN_VALUES;
  const values = v.data.slice(0, SHOWN_VALUES);
  const text = truncated
    ? `shape [${v.shape.join(', ')}]: ${values.map(formatNumber).join(', ')}, …`
    : nest(values.map(formatNumber), v.shape);
  return { shape: v.shape.slice(), values, truncated, text };
}

function close(a: number, e: number, tol: Tolerance): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
}

/** Whether `got` equals `expected` in shape and, element-wise, within tolerance. */
export function allClose(got: Values, expected: Values, tol: Tolerance): boolean {
  return sameShape(got.shape, expected.shape) && expected.data.every((e, i) => close(got.data[i]!, e, tol));
}

/** The comparison record of a report. */
export function compare(got: Values | null, expected: Values, tol: Tolerance): Comparison {
  if (!got || !sameShape(got.shape, expected.shape)) {
    return { expected: show(expected), got: got ? show(got) : null, ok: false, maxAbsError: NaN, firstBad: -1 };
  }
  let maxAbsError = 0;
  let firstBad = -1;
  expected.data.forEach((e, i) => {
    const a = got.data[i]!;
    maxAbsError = Math.max(maxAbsError, Math.abs(a - e));
    if (firstBad < 0 && !close(a, e, tol)) firstBad = i;
  });
  return { expected: show(expected), got: show(got), ok: firstBad < 0, maxAbsError, firstBad };
}

/** True where the reference is finite and the student's value is not. */
export function nonFiniteWhereFinite(got: Values, expected: Values): boolean {
  return expected.data.some((e, i) => Number.isFinite(e) && !Number.isFinite(got.data[i]!));
}

/**
 * The constant k with got ≈ k·expected element-wise, when there is one (elements with a
 * negligible expected value must then be negligible too); null otherwise. `support` counts the
 * elements that determined k.
 */
export function constantRatio(got: Values, expected: Values, tol: Tolerance): { k: number; support: number } | null {
  if (!sameShape(got.shape, expected.shape)) return null;
  const scale = Math.max(...expected.data.map(Math.abs));
  if (!(scale > 0) || !Number.isFinite(scale)) return null;
  const tiny = Math.max(tol.atol * 10, scale * 1e-4);
  const ratios: number[] = [];
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i]!;
    const a = got.data[i]!;
    if (!Number.isFinite(a)) return null;
    if (Math.abs(e) <= tiny) continue;
    ratios.push(a / e);
  }
  if (ratios.length === 0) return null;
  const k = ratios.reduce((s, r) => s + r, 0) / ratios.length;
  if (!ratios.every((r) => Math.abs(r - k) <= 1e-3 * Math.max(1, Math.abs(k)))) return null;
  // Elements the reference has at ~0 must be ~0 for the student too.
  const ok = expected.data.every((e, i) => Math.abs(e) > tiny || Math.abs(got.data[i]!) <= tiny * Math.max(1, Math.abs(k)) * 10);
  return ok ? { k, support: ratios.length } : null;
}

/** Whether two factors are the same within the ratio precision. */
export function sameFactor(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-3 * Math.max(1, Math.abs(a), Math.abs(b));
}
