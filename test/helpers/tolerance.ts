/**
 * Tolerances of the parity suite, stated once. losslab computes in float32; the references are
 * float64. A value passes when |actual − expected| <= atol + rtol·|expected|.
 */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** The project's float32 tolerance (issue 2): relative 1e-4, absolute 1e-5. */
export const FLOAT32: Tolerance = { rtol: 1e-4, atol: 1e-5 };

/**
 * Per-backend tolerances. wasm (XNNPACK) and native TensorFlow use different summation orders and
 * vectorised exp/log than cpu, which may differ in the last float32 bits; the same bound holds.
 */
export const BACKEND_TOLERANCE: Record<string, Tolerance> = {
  cpu: FLOAT32,
  wasm: FLOAT32,
  tensorflow: FLOAT32,
};

/**
 * Sums and means over millions of float32 elements (test/backends/reduce-accuracy.test.ts),
 * against a float64 sum of the same values: float32 level (blocked summation), far below the
 * percent-level error of one running float32 sum (wasm's tf.mean).
 */
export const LARGE_REDUCTION: Tolerance = { rtol: 1e-5, atol: 0 };

/**
 * Finite-difference gradient checks (test/losses/gradcheck.test.ts) in float32: a central
 * difference with step 1e-3 of an O(1) loss carries up to ~1e-4 of rounding error (ulp(f) / step;
 * measured: at most 6e-5 absolute over the suite's cases on cpu, wasm and tensorflow), so analytic
 * and numeric gradients are compared at 1e-2 relative / 2e-4 absolute (gradCheck's defaults are
 * the looser 1e-2 / 1e-3). Exact gradients are checked against torch at FLOAT32 by the parity suites.
 */
export const FINITE_DIFFERENCE: Tolerance & { eps: number } = { eps: 1e-3, rtol: 1e-2, atol: 2e-4 };

export function toleranceFor(backend: string): Tolerance {
  return BACKEND_TOLERANCE[backend] ?? FLOAT32;
}

/** The first element that is off, or null when all are within tolerance. */
export function firstMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
): { index: number; actual: number; expected: number } | null {
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e))) return { index: i, actual: a, expected: e };
  }
  return null;
}
