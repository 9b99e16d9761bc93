/**
 * A 2-D principal component projection in plain JavaScript, for placing embeddings on a plane.
 * Small and synchronous: block power iteration on the centred data, never forming the D × D
 * covariance, so 10 000 rows of 768-dimensional embeddings stay cheap.
 */

export interface Projection {
  /** Each row's coordinates along the two components. */
  coords: [number, number][];
  /** The unit components (length D each). */
  components: [number[], number[]];
  /** The variance along each component over the total variance (0 when there is none). */
  explained: [number, number];
}

const MAX_ITERATIONS = 500;
const TOLERANCE = 1e-12;

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function normalize(v: Float64Array): number {
  const n = Math.sqrt(dot(v, v));
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return n;
}

/** Removes from v its components along each of `basis` (unit vectors). */
function orthogonalize(v: Float64Array, basis: Float64Array[]): void {
  for (const b of basis) {
    const c = dot(v, b);
    for (let i = 0; i < v.length; i++) v[i]! -= c * b[i]!;
  }
}

/** Xᵀ(X v) for the centred rows X. */
function covTimes(rows: Float64Array[], v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (const r of rows) {
    const c = dot(r, v);
    if (c !== 0) for (let i = 0; i < v.length; i++) out[i]! += c * r[i]!;
  }
  return out;
}

/** The leading eigenvector of XᵀX orthogonal to `basis`, by power iteration from the longest row. */
function leadingComponent(rows: Float64Array[], dim: number, basis: Float64Array[]): Float64Array {
  let v = new Float64Array(dim);
  let best = -1;
  for (const r of rows) {
    const c = r.slice();
    orthogonalize(c, basis);
    const n = dot(c, c);
    if (n > best) [best, v] = [n, c];
  }
  if (normalize(v) === 0) {
    // No variance left: any unit vector orthogonal to the basis will do.
    for (let i = 0; i < dim && normalize(v) === 0; i++) {
      v = new Float64Array(dim);
      v[i] = 1;
      orthogonalize(v, basis);
    }
    return v;
  }
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    const w = covTimes(rows, v);
    orthogonalize(w, basis);
    if (normalize(w) === 0) break;
    const change = 1 - Math.abs(dot(w, v));
    v = w;
    if (change < TOLERANCE) break;
  }
  // A deterministic sign: the largest entry is positive.
  let k = 0;
  for (let i = 1; i < dim; i++) if (Math.abs(v[i]!) > Math.abs(v[k]!)) k = i;
  if (v[k]! < 0) for (let i = 0; i < dim; i++) v[i] = -v[i]!;
  return v;
}

/**
 * Projects rows (all of one length D >= 1) onto their first two principal components: the rows
 * are centred on their mean, and component k maximises the variance of X v_k among unit vectors
 * orthogonal to v_1..v_{k-1}. For D = 1 the second coordinate is 0.
 */
export function pca2(data: readonly (readonly number[])[]): Projection {
  const dim = data[0]?.length ?? 0;
  const mean = new Float64Array(dim);
  for (const r of data) for (let i = 0; i < dim; i++) mean[i]! += r[i]! / data.length;
  const rows = data.map((r) => Float64Array.from(r, (v, i) => v - mean[i]!));
  const total = rows.reduce((s, r) => s + dot(r, r), 0);

  const basis: Float64Array[] = [];
  const variances: number[] = [];
  for (let k = 0; k < 2; k++) {
    if (k >= dim) {
      variances.push(0);
      continue;
    }
    const v = leadingComponent(rows, dim, basis);
    basis.push(v);
    variances.push(rows.reduce((s, r) => s + dot(r, v) ** 2, 0));
  }
  const coords = rows.map((r) => [basis[0] ? dot(r, basis[0]) : 0, basis[1] ? dot(r, basis[1]) : 0] as [number, number]);
  return {
    coords,
    components: [Array.from(basis[0] ?? []), Array.from(basis[1] ?? [])],
    explained: [total > 0 ? variances[0]! / total : 0, total > 0 ? variances[1]! / total : 0],
  };
}
