// The fused loss kernels, in AssemblyScript with 128-bit SIMD. Compiled to WebAssembly by
// `npm run wasm` (src/fused/wasm/compile.mjs) into src/fused/wasm/binary.ts; tsc does not compile
// this folder (it is AssemblyScript, not TypeScript).
//
// Every kernel makes one pass over a chunk of its input that the caller copied into this module's
// memory, and returns the sum of the chunk's losses in float64. Where `grad` is non-zero it writes
// d(loss)/d(input) · gscale in the same pass; where `loss` is non-zero it writes the unreduced
// losses (reduction 'none'). Pointers are byte offsets; every buffer is padded by at least 4
// floats, so a kernel may read and write the whole last group of 4 lanes (the lanes past the end
// are masked out of every sum).
//
// Float32 arithmetic per element, as every tfjs backend does; sums in float64 lanes.

const IOTA: v128 = i32x4(0, 1, 2, 3);
const ZERO: v128 = f32x4(0, 0, 0, 0);
const ONE: v128 = f32x4(1, 1, 1, 1);

/** All-ones in the lanes whose index is < remaining. */
// @ts-ignore: decorator
@inline function laneMask(remaining: i32): v128 {
  return i32x4.lt_s(IOTA, i32x4.splat(remaining));
}

/** The float64 sum of the four float32 lanes of v, added to the two float64 accumulators. */
// @ts-ignore: decorator
@inline function lanesLow(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
// @ts-ignore: decorator
@inline function lanesHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
}
// @ts-ignore: decorator
@inline function total2(a: v128, b: v128): f64 {
  return f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1) + f64x2.extract_lane(b, 0) + f64x2.extract_lane(b, 1);
}

/**
 * e^x for x <= 0 (Cephes expf): x = k ln2 + r with |r| <= ln2/2, e^r by a degree-7 polynomial,
 * 2^k added to the exponent bits. Relative error < 1e-7 for x >= -87.3; below that (where e^x
 * is under the smallest normal float32) it returns e^-87.3 ≈ 1.2e-38 instead of 0.
 */
// @ts-ignore: decorator
@inline function expNeg(x: v128): v128 {
  x = f32x4.pmax(x, f32x4.splat(-87.3));
  const MAGIC = f32x4.splat(12582912.0); // 1.5 · 2^23: adding it rounds to an integer
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), MAGIC);
  const k = f32x4.sub(t, MAGIC);
  let r = f32x4.sub(x, f32x4.mul(k, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(k, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), ONE);
  // k is in the low mantissa bits of t; k << 23 added to p's bits multiplies p by 2^k.
  return i32x4.add(p, i32x4.shl(i32x4.sub(t, i32x4.splat(0x4b400000)), 23));
}

/**
 * log(1 + e) for 0 <= e <= 1, accurate for tiny e: with m = 1 + e (halved, and ln 2 added, above
 * √2), log m = 2·atanh(s), s = (m − 1)/(m + 1) in [−0.172, 0.172], by its series
 * 2s (1 + s²/3 + s⁴/5 + s⁶/7 + s⁸/9); the first omitted term is below float32 precision.
 */
// @ts-ignore: decorator
@inline function log1pUnit(e: v128): v128 {
  const big = f32x4.gt(e, f32x4.splat(0.41421356));
  const num = v128.bitselect(f32x4.sub(e, ONE), e, big);
  const den = v128.bitselect(f32x4.add(e, f32x4.splat(3)), f32x4.add(e, f32x4.splat(2)), big);
  const u = f32x4.div(num, den);
  const u2 = f32x4.mul(u, u);
  let s = f32x4.splat(<f32>(1.0 / 9));
  s = f32x4.add(f32x4.mul(s, u2), f32x4.splat(<f32>(1.0 / 7)));
  s = f32x4.add(f32x4.mul(s, u2), f32x4.splat(<f32>(1.0 / 5)));
  s = f32x4.add(f32x4.mul(s, u2), f32x4.splat(<f32>(1.0 / 3)));
  s = f32x4.add(f32x4.mul(s, u2), ONE);
  return f32x4.add(f32x4.mul(f32x4.add(u, u), s), v128.and(big, f32x4.splat(0.693147181)));
}

// ---------------------------------------------------------------------------------------------
// Regression: l1 (kind 0), mse (1), huber (2, param δ), smoothL1 (3, param β > 0).

/** One group of 4 of a regression loss: stores gscale · dl/dx (and l) when asked; returns l. */
// @ts-ignore: decorator
@inline function regressionQuad(kind: i32, x: usize, y: usize, grad: usize, loss: usize, off: usize, param: f32, g: v128): v128 {
  const p = f32x4.splat(param);
  const halfP = f32x4.splat(<f32>(0.5 * <f64>param));
  const d = f32x4.sub(v128.load(x + off), v128.load(y + off));
  let l: v128;
  let dl: v128;
  if (kind == 0) {
    l = f32x4.abs(d);
    // sign(d), 0 at d = 0 as torch: (d < 0 ? -1 : 0) - (d > 0 ? -1 : 0)
    dl = f32x4.convert_i32x4_s(i32x4.sub(f32x4.lt(d, ZERO), f32x4.gt(d, ZERO)));
  } else if (kind == 1) {
    l = f32x4.mul(d, d);
    dl = f32x4.add(d, d);
  } else if (kind == 2) {
    const a = f32x4.abs(d);
    const inside = f32x4.lt(a, p);
    l = v128.bitselect(f32x4.mul(f32x4.splat(0.5), f32x4.mul(d, d)), f32x4.mul(p, f32x4.sub(a, halfP)), inside);
    dl = f32x4.pmin(f32x4.pmax(d, f32x4.neg(p)), p);
  } else {
    const invP = f32x4.splat(<f32>(1.0 / <f64>param));
    const a = f32x4.abs(d);
    const inside = f32x4.lt(a, p);
    l = v128.bitselect(f32x4.mul(f32x4.mul(f32x4.splat(0.5), f32x4.mul(d, d)), invP), f32x4.sub(a, halfP), inside);
    dl = f32x4.pmin(f32x4.pmax(f32x4.mul(d, invP), f32x4.splat(-1)), ONE);
  }
  if (grad) v128.store(grad + off, f32x4.mul(dl, g));
  if (loss) v128.store(loss + off, l);
  return l;
}

// @ts-ignore: decorator
@inline function regression(kind: i32, x: usize, y: usize, grad: usize, loss: usize, n: i32, param: f32, gscale: f32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let s2 = f64x2.splat(0);
  let s3 = f64x2.splat(0);
  const g = f32x4.splat(gscale);
  let i = 0;
  // Two groups per iteration: independent work for the CPU to overlap.
  for (; i + 8 <= n; i += 8) {
    const off = (<usize>i) << 2;
    const a = regressionQuad(kind, x, y, grad, loss, off, param, g);
    const b = regressionQuad(kind, x, y, grad, loss, off + 16, param, g);
    s0 = f64x2.add(s0, lanesLow(a));
    s1 = f64x2.add(s1, lanesHigh(a));
    s2 = f64x2.add(s2, lanesLow(b));
    s3 = f64x2.add(s3, lanesHigh(b));
  }
  for (; i < n; i += 4) {
    let l = regressionQuad(kind, x, y, grad, loss, (<usize>i) << 2, param, g);
    if (i + 4 > n) l = v128.and(l, laneMask(n - i));
    s0 = f64x2.add(s0, lanesLow(l));
    s1 = f64x2.add(s1, lanesHigh(l));
  }
  return total2(s0, s1) + total2(s2, s3);
}

export function l1(x: usize, y: usize, grad: usize, loss: usize, n: i32, param: f32, gscale: f32): f64 {
  return regression(0, x, y, grad, loss, n, param, gscale);
}
export function mse(x: usize, y: usize, grad: usize, loss: usize, n: i32, param: f32, gscale: f32): f64 {
  return regression(1, x, y, grad, loss, n, param, gscale);
}
export function huber(x: usize, y: usize, grad: usize, loss: usize, n: i32, param: f32, gscale: f32): f64 {
  return regression(2, x, y, grad, loss, n, param, gscale);
}
export function smoothL1(x: usize, y: usize, grad: usize, loss: usize, n: i32, param: f32, gscale: f32): f64 {
  return regression(3, x, y, grad, loss, n, param, gscale);
}

// ---------------------------------------------------------------------------------------------
// Binary cross-entropy with logits, torch's BCEWithLogitsLoss:
//   l = w · [(1 − y)·x + (1 + (pw − 1)·y) · softplus(−x)]
//     = w · [(1 − y) · softplus(x) + pw·y · softplus(−x)]
//   dl/dx = w · [(1 + (pw − 1)·y) · σ(x) − pw·y] = w · [(1 − y) · σ(x) − pw·y · σ(−x)]
// computed in the second forms, whose terms do not cancel (torch's first forms lose digits in
// float32 where the loss or the gradient is small). softplus(±x) = max(±x, 0) + log1p(e^−|x|).
// `w` and `pw` point to weights laid out like x (0: absent, i.e. 1).

/** One group of 4 of BCE with logits: stores gscale · dl/dx (and l) when asked; returns l. */
// @ts-ignore: decorator
@inline function bceQuad(x: usize, y: usize, w: usize, pw: usize, grad: usize, loss: usize, off: usize, g: v128): v128 {
  const v = v128.load(x + off);
  const t = v128.load(y + off);
  const e = expNeg(f32x4.neg(f32x4.abs(v)));
  const log1pe = log1pUnit(e);
  const softplusPos = f32x4.add(f32x4.pmax(v, ZERO), log1pe);
  const softplusNeg = f32x4.add(f32x4.pmax(f32x4.neg(v), ZERO), log1pe);
  const negWeight = f32x4.sub(ONE, t);
  const posWeight = pw ? f32x4.mul(v128.load(pw + off), t) : t;
  let l = f32x4.add(f32x4.mul(negWeight, softplusPos), f32x4.mul(posWeight, softplusNeg));
  const wv = w ? v128.load(w + off) : ONE;
  if (w) l = f32x4.mul(wv, l);
  if (loss) v128.store(loss + off, l);
  if (grad) {
    // σ(|x|) = 1 / (1 + e), σ(−|x|) = e / (1 + e), with e = e^−|x|.
    const inv = f32x4.div(ONE, f32x4.add(ONE, e));
    const small = f32x4.mul(e, inv);
    const nonNeg = f32x4.ge(v, ZERO);
    const sigPos = v128.bitselect(inv, small, nonNeg);
    const sigNeg = v128.bitselect(small, inv, nonNeg);
    let dl = f32x4.sub(f32x4.mul(negWeight, sigPos), f32x4.mul(posWeight, sigNeg));
    if (w) dl = f32x4.mul(wv, dl);
    v128.store(grad + off, f32x4.mul(dl, g));
  }
  return l;
}

export function bceWithLogits(x: usize, y: usize, w: usize, pw: usize, grad: usize, loss: usize, n: i32, gscale: f32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let s2 = f64x2.splat(0);
  let s3 = f64x2.splat(0);
  const g = f32x4.splat(gscale);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const off = (<usize>i) << 2;
    const a = bceQuad(x, y, w, pw, grad, loss, off, g);
    const b = bceQuad(x, y, w, pw, grad, loss, off + 16, g);
    s0 = f64x2.add(s0, lanesLow(a));
    s1 = f64x2.add(s1, lanesHigh(a));
    s2 = f64x2.add(s2, lanesLow(b));
    s3 = f64x2.add(s3, lanesHigh(b));
  }
  for (; i < n; i += 4) {
    let l = bceQuad(x, y, w, pw, grad, loss, (<usize>i) << 2, g);
    if (i + 4 > n) l = v128.and(l, laneMask(n - i));
    s0 = f64x2.add(s0, lanesLow(l));
    s1 = f64x2.add(s1, lanesHigh(l));
  }
  return total2(s0, s1) + total2(s2, s3);
}

// ---------------------------------------------------------------------------------------------
// Softmax rows: cross-entropy (mode 0) and multi-class focal loss (mode 1) on logits [rows, C]
// with int32 class indices (−1: ignored row: zero loss, zero gradient).
//
// Cross-entropy with class weights w (0: all 1, wsum = Σw) and label smoothing ε:
//   l = (1 − ε)·w_y·(lse − z_y) + (ε/C)·Σ_c w_c·(lse − z_c)
//   dl/dz_j = p_j·[(1 − ε)·w_y + (ε/C)·wsum] − (1 − ε)·w_y·[j = y] − (ε/C)·w_j
// Focal loss with per-class α (0: all 1) and γ, log p_t = z_y − lse, q = 1 − p_t:
//   l = −α_y·q^γ·log p_t,   dl/dz_j = K·(p_j − [j = y]),  K = α_y·(q^γ − γ·p_t·log p_t·q^(γ−1))

/** Row maximum over C floats (masked tail). */
// @ts-ignore: decorator
@inline function rowMax(row: usize, C: i32): f32 {
  let m = f32x4.splat(-Infinity);
  const NEG_INF = f32x4.splat(-Infinity);
  for (let j = 0; j < C; j += 4) {
    let v = v128.load(row + ((<usize>j) << 2));
    if (j + 4 > C) v = v128.bitselect(v, NEG_INF, laneMask(C - j));
    m = f32x4.pmax(m, v);
  }
  return max(max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
}

/** Σ_c w_c·z_c (or Σ_c z_c when w = 0), in float64. */
// @ts-ignore: decorator
@inline function rowDot(row: usize, w: usize, C: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  for (let j = 0; j < C; j += 4) {
    const off = (<usize>j) << 2;
    let v = v128.load(row + off);
    if (w) v = f32x4.mul(v, v128.load(w + off));
    if (j + 4 > C) v = v128.and(v, laneMask(C - j));
    s0 = f64x2.add(s0, lanesLow(v));
    s1 = f64x2.add(s1, lanesHigh(v));
  }
  return total2(s0, s1);
}

/** Σ_j e^(z_j − m) in float64; stores the exponentials in out when out is non-zero. */
// @ts-ignore: decorator
@inline function rowExpSum(row: usize, out: usize, C: i32, m: f32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let s2 = f64x2.splat(0);
  let s3 = f64x2.splat(0);
  const mv = f32x4.splat(m);
  let j = 0;
  // Two groups per iteration: the exp polynomial is a long dependency chain.
  for (; j + 8 <= C; j += 8) {
    const off = (<usize>j) << 2;
    const a = expNeg(f32x4.sub(v128.load(row + off), mv));
    const b = expNeg(f32x4.sub(v128.load(row + off + 16), mv));
    if (out) {
      v128.store(out + off, a);
      v128.store(out + off + 16, b);
    }
    s0 = f64x2.add(s0, lanesLow(a));
    s1 = f64x2.add(s1, lanesHigh(a));
    s2 = f64x2.add(s2, lanesLow(b));
    s3 = f64x2.add(s3, lanesHigh(b));
  }
  for (; j < C; j += 4) {
    const off = (<usize>j) << 2;
    let a = expNeg(f32x4.sub(v128.load(row + off), mv));
    if (j + 4 > C) a = v128.and(a, laneMask(C - j));
    if (out) v128.store(out + off, a);
    s0 = f64x2.add(s0, lanesLow(a));
    s1 = f64x2.add(s1, lanesHigh(a));
  }
  return total2(s0, s1) + total2(s2, s3);
}

/** out_j = a·out_j − c·(w_j or 1), in place over a row of exponentials. */
// @ts-ignore: decorator
@inline function rowScale(out: usize, w: usize, C: i32, a: f32, c: f32): void {
  const av = f32x4.splat(a);
  const cv = f32x4.splat(c);
  if (c == 0) {
    for (let j = 0; j < C; j += 4) {
      const off = (<usize>j) << 2;
      v128.store(out + off, f32x4.mul(v128.load(out + off), av));
    }
  } else if (w) {
    for (let j = 0; j < C; j += 4) {
      const off = (<usize>j) << 2;
      v128.store(out + off, f32x4.sub(f32x4.mul(v128.load(out + off), av), f32x4.mul(cv, v128.load(w + off))));
    }
  } else {
    for (let j = 0; j < C; j += 4) {
      const off = (<usize>j) << 2;
      v128.store(out + off, f32x4.sub(f32x4.mul(v128.load(out + off), av), cv));
    }
  }
}

/**
 * One pass per row of logits z [rows, C]: the row's loss (summed into the result, and stored in
 * loss[r] when loss is non-zero) and, when grad is non-zero, gscale · dl/dz into grad [rows, C].
 * Rows are written in order and a row's last group of 4 may spill into the next row's gradient,
 * which that row then overwrites.
 */
export function softmaxRows(
  mode: i32, z: usize, target: usize, w: usize, grad: usize, loss: usize, rows: i32, C: i32,
  gscale: f64, smoothing: f64, wsum: f64, gamma: f64,
): f64 {
  let total: f64 = 0;
  const eps = smoothing / <f64>C;
  for (let r = 0; r < rows; r++) {
    const rowOff = (<usize>r * <usize>C) << 2;
    const row = z + rowOff;
    const out = grad ? grad + rowOff : 0;
    const y = load<i32>(target + ((<usize>r) << 2));
    if (y < 0) {
      if (out) for (let j = 0; j < C; j += 4) v128.store(out + ((<usize>j) << 2), ZERO);
      if (loss) store<f32>(loss + ((<usize>r) << 2), 0);
      continue;
    }
    const m = rowMax(row, C);
    const sum = rowExpSum(row, out, C, m);
    const lse = <f64>m + Math.log(sum);
    const zy = <f64>load<f32>(row + ((<usize>y) << 2));
    const wy: f64 = w ? <f64>load<f32>(w + ((<usize>y) << 2)) : 1.0;
    let l: f64;
    let a: f64; // coefficient of p_j
    let b: f64; // subtracted at j = y
    if (mode == 0) {
      l = (1 - smoothing) * wy * (lse - zy);
      a = (1 - smoothing) * wy;
      b = a;
      if (smoothing != 0) {
        l += eps * (wsum * lse - rowDot(row, w, C));
        a += eps * wsum;
      }
    } else {
      const logpt = zy - lse;
      const pt = Math.exp(logpt);
      const q = -Math.expm1(logpt);
      const qg = gamma == 0 ? 1.0 : Math.pow(q, gamma);
      l = -wy * qg * logpt;
      // γ·p·log p·q^(γ−1) → 0 as q → 0 (log p ≈ −q); exact 0 at q = 0 avoids 0·∞.
      const tail = gamma == 0 || q == 0 ? 0.0 : gamma * pt * logpt * Math.pow(q, gamma - 1);
      a = wy * (qg - tail);
      b = a;
    }
    total += l;
    if (loss) store<f32>(loss + ((<usize>r) << 2), <f32>l);
    if (out) {
      rowScale(out, w, C, <f32>(gscale * a / sum), mode == 0 ? <f32>(gscale * eps) : 0);
      const at = out + ((<usize>y) << 2);
      store<f32>(at, <f32>(<f64>load<f32>(at) - gscale * b));
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Triplet margin loss with the Euclidean distance, torch's TripletMarginLoss (p = 2, no swap), on
// rows of anchors a, positives p and negatives n [rows, D]:
//   u = a − p + ε,  v = a − n + ε,  l = max(0, margin + ‖u‖ − ‖v‖)
//   where margin + ‖u‖ − ‖v‖ >= 0 (torch's clamp_min passes the gradient at 0):
//   dl/da = u/‖u‖ − v/‖v‖,  dl/dp = −u/‖u‖,  dl/dn = v/‖v‖  (a zero norm contributes 0, as torch)

/** Σ_j (a_j − b_j + ε)² over a row, in float64. */
// @ts-ignore: decorator
@inline function rowSquaredDistance(a: usize, b: usize, D: i32, eps: v128): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  for (let j = 0; j < D; j += 4) {
    const off = (<usize>j) << 2;
    let d = f32x4.add(f32x4.sub(v128.load(a + off), v128.load(b + off)), eps);
    d = f32x4.mul(d, d);
    if (j + 4 > D) d = v128.and(d, laneMask(D - j));
    s0 = f64x2.add(s0, lanesLow(d));
    s1 = f64x2.add(s1, lanesHigh(d));
  }
  return total2(s0, s1);
}

/**
 * One pass per row: the row's loss (summed into the result; stored in loss[r] when loss is
 * non-zero) and, when ga is non-zero, gscale · dl/da, dl/dp, dl/dn into ga, gp, gn.
 */
export function tripletRows(
  a: usize, p: usize, n: usize, ga: usize, gp: usize, gn: usize, loss: usize, rows: i32, D: i32,
  margin: f64, eps: f32, gscale: f64,
): f64 {
  let total: f64 = 0;
  const ev = f32x4.splat(eps);
  for (let r = 0; r < rows; r++) {
    const rowOff = (<usize>r * <usize>D) << 2;
    const ar = a + rowOff;
    const pr = p + rowOff;
    const nr = n + rowOff;
    const dPos = Math.sqrt(rowSquaredDistance(ar, pr, D, ev));
    const dNeg = Math.sqrt(rowSquaredDistance(ar, nr, D, ev));
    const z = margin + dPos - dNeg;
    const l = z > 0 ? z : 0.0;
    total += l;
    if (loss) store<f32>(loss + ((<usize>r) << 2), <f32>l);
    if (ga) {
      const active = z >= 0;
      const cu = f32x4.splat(active && dPos > 0 ? <f32>(gscale / dPos) : 0);
      const cv = f32x4.splat(active && dNeg > 0 ? <f32>(gscale / dNeg) : 0);
      for (let j = 0; j < D; j += 4) {
        const off = (<usize>j) << 2;
        const av = v128.load(ar + off);
        const u = f32x4.mul(f32x4.add(f32x4.sub(av, v128.load(pr + off)), ev), cu);
        const v = f32x4.mul(f32x4.add(f32x4.sub(av, v128.load(nr + off)), ev), cv);
        v128.store(ga + rowOff + off, f32x4.sub(u, v));
        v128.store(gp + rowOff + off, f32x4.neg(u));
        v128.store(gn + rowOff + off, v);
      }
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Validation: how many of n values lie outside [lo, hi] (NaN counts as outside).

export function countOutside(x: usize, n: i32, lo: f32, hi: f32): i32 {
  let count = i32x4.splat(0);
  const lov = f32x4.splat(lo);
  const hiv = f32x4.splat(hi);
  for (let i = 0; i < n; i += 4) {
    const v = v128.load(x + ((<usize>i) << 2));
    let outside = v128.not(v128.and(f32x4.ge(v, lov), f32x4.le(v, hiv)));
    if (i + 4 > n) outside = v128.and(outside, laneMask(n - i));
    count = i32x4.sub(count, outside); // an all-ones lane is −1
  }
  return i32x4.extract_lane(count, 0) + i32x4.extract_lane(count, 1) + i32x4.extract_lane(count, 2) + i32x4.extract_lane(count, 3);
}
