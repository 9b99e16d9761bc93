/**
 * A 2-D principal component projection in plain JavaScript, for placing embeddings on a plane.
 * Synchronous and cheap: block subspace iteration on the centred data X (never forming the D × D
 * covariance), then Rayleigh–Ritz on the block, as in randomized SVD (Halko, Martinsson & Tropp
 * 2011). The block is wider than 2, so close eigenvalues do not stall it; data of rank <= the block
 * width is resolved exactly in one step. At most MAX_ITERATIONS steps: enough for data with
 * structure (clusters, classes); where the spectrum is flat (noise) the top directions are nearly
 * interchangeable and the projection shows as much either way.
 */

export interface Projection {
  /** Each row's coordinates along the two components. */
  coords: [number, number][];
  /** The unit components (length D each; empty when D < 1). */
  components: [number[], number[]];
  /** The variance along each component over the total variance (0 when there is none). */
  explained: [number, number];
}

const BLOCK = 10;
const MAX_ITERATIONS = 12;
const RITZ_TOLERANCE = 1e-6;

type Matrix = Float64Array[];

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Removes from `c` its components along `basis` (unit vectors); returns the remaining norm. */
function deflate(c: Float64Array, basis: Matrix): number {
  for (let pass = 0; pass < 2; pass++) {
    for (const b of basis) {
      const p = dot(c, b);
      for (let i = 0; i < c.length; i++) c[i]! -= p * b[i]!;
    }
  }
  return Math.sqrt(dot(c, c));
}

/**
 * Orthonormalises the columns (stored as rows here) in place, Gram–Schmidt twice for stability.
 * A column that vanishes (rank-deficient data) is replaced by the first unit vector e_i that is not
 * in the span of the columns before it (k <= D, so one always is).
 */
function orthonormalize(cols: Matrix): void {
  cols.forEach((c, j) => {
    const before = cols.slice(0, j);
    let n = deflate(c, before);
    for (let e = 0; n < 1e-10 && e < c.length; e++) {
      c.fill(0);
      c[e] = 1;
      n = deflate(c, before);
    }
    for (let i = 0; i < c.length; i++) c[i]! /= n;
  });
}

/** X Q for rows X [N, D] and columns Q (k of length D): k columns of length N. */
function times(rows: Matrix, cols: Matrix): Matrix {
  return cols.map((q) => Float64Array.from(rows, (r) => dot(r, q)));
}

/** Xᵀ Z for rows X [N, D] and columns Z (k of length N): k columns of length D. */
function timesT(rows: Matrix, cols: Matrix, dim: number): Matrix {
  return cols.map((z) => {
    const out = new Float64Array(dim);
    rows.forEach((r, n) => {
      const c = z[n]!;
      if (c !== 0) for (let i = 0; i < dim; i++) out[i]! += c * r[i]!;
    });
    return out;
  });
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi: values descending with vectors. */
function symmetricEigen(a: number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((r) => r.slice());
  const v: number[][] = a.map((_, i) => a.map((__, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(m[p]![q]!) < 1e-300) continue;
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * m[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p]!;
          const mkq = m[k]![q]!;
          m[k]![p] = c * mkp - s * mkq;
          m[k]![q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k]!;
          const mqk = m[q]![k]!;
          m[p]![k] = c * mpk - s * mqk;
          m[q]![k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = m.map((r, i) => ({ value: r[i]!, i })).sort((x, y) => y.value - x.value);
  return { values: order.map((o) => o.value), vectors: order.map((o) => v.map((row) => row[o.i]!)) };
}

/** Deterministic start columns (a fixed linear congruential sequence). */
function startBlock(k: number, dim: number): Matrix {
  let s = 12345;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  return Array.from({ length: k }, () => Float64Array.from({ length: dim }, next));
}

/**
 * Projects rows (all of one length D >= 1) onto their first two principal components: the rows
 * are centred on their mean, and component k maximises the variance of X v_k among unit vectors
 * orthogonal to v_1..v_{k-1}. Each component's sign makes its largest entry positive. For D = 1
 * the second coordinate is 0.
 */
export function pca2(data: readonly (readonly number[])[]): Projection {
  const dim = data[0]?.length ?? 0;
  const mean = new Float64Array(dim);
  for (const r of data) for (let i = 0; i < dim; i++) mean[i]! += r[i]! / data.length;
  const rows: Matrix = data.map((r) => Float64Array.from(r, (v, i) => v - mean[i]!));
  const total = rows.reduce((s, r) => s + dot(r, r), 0);
  if (dim === 0 || total === 0) {
    return { coords: rows.map(() => [0, 0]), components: [new Array(dim).fill(0).map((_, i) => (i === 0 ? 1 : 0)), new Array(dim).fill(0).map((_, i) => (i === 1 ? 1 : 0))], explained: [0, 0] };
  }

  const k = Math.min(BLOCK, dim);
  let q = startBlock(k, dim);
  orthonormalize(q);
  let ritz: { values: number[]; vectors: number[][] } = { values: [], vectors: [] };
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    const z = times(rows, q);
    // Rayleigh–Ritz: the eigenpairs of (XQ)ᵀ(XQ) within span(Q).
    const s = z.map((a) => z.map((b) => dot(a, b)));
    const next = symmetricEigen(s);
    const done = it > 0 && next.values.slice(0, 2).every((v, i) => Math.abs(v - ritz.values[i]!) <= RITZ_TOLERANCE * total);
    ritz = next;
    if (done || k === dim) break;
    q = timesT(rows, z, dim);
    orthonormalize(q);
  }

  const comps = [0, 1].map((c) => {
    if (c >= k) return new Float64Array(dim);
    const v = new Float64Array(dim);
    ritz.vectors[c]!.forEach((w, j) => {
      for (let i = 0; i < dim; i++) v[i]! += w * q[j]![i]!;
    });
    let big = 0;
    for (let i = 1; i < dim; i++) if (Math.abs(v[i]!) > Math.abs(v[big]!)) big = i;
    if (v[big]! < 0) for (let i = 0; i < dim; i++) v[i] = -v[i]!;
    return v;
  });
  const variance = (c: number) => (c < k ? Math.max(ritz.values[c]!, 0) : 0);
  return {
    coords: rows.map((r) => [dot(r, comps[0]!), dot(r, comps[1]!)] as [number, number]),
    components: [Array.from(comps[0]!), Array.from(comps[1]!)],
    explained: [variance(0) / total, variance(1) / total],
  };
}
