// The 2-D PCA that places embeddings: known configurations and the defining properties.
import { describe, it, expect } from 'vitest';
import { pca2 } from 'losslab/viz';
import { rng } from '../helpers/random.js';

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('pca2', () => {
  it('finds the line that points lie on, with all variance on the first axis', () => {
    const dir = [1, 2, 2].map((v) => v / 3);
    const ts = [-2, -1, 0, 0.5, 3];
    const p = pca2(ts.map((t) => dir.map((d) => 5 + t * d)));
    expect(p.explained[0]).toBeCloseTo(1, 10);
    expect(p.explained[1]).toBeCloseTo(0, 10);
    expect(Math.abs(dot(p.components[0], dir))).toBeCloseTo(1, 10);
    const mean = ts.reduce((a, b) => a + b, 0) / ts.length;
    // Coordinates are the positions along the line, centred, up to one sign for all.
    const sign = Math.sign(p.coords[4]![0]);
    p.coords.forEach(([x, y], i) => {
      expect(x * sign).toBeCloseTo(ts[i]! - mean, 10);
      expect(y).toBeCloseTo(0, 10);
    });
  });

  it('recovers the axes of a rotated ellipse embedded in 5-D, with its variances', () => {
    const rand = rng(5);
    // Orthonormal u, v in R^5 (Gram–Schmidt of two random vectors).
    const r1 = Array.from({ length: 5 }, () => rand() - 0.5);
    const r2 = Array.from({ length: 5 }, () => rand() - 0.5);
    const u = r1.map((v) => v / Math.sqrt(dot(r1, r1)));
    const w = r2.map((v, i) => v - dot(r2, u) * u[i]!);
    const v = w.map((x) => x / Math.sqrt(dot(w, w)));
    const angles = Array.from({ length: 40 }, (_, k) => (2 * Math.PI * k) / 40);
    const rows = angles.map((t) => u.map((ui, i) => 3 * Math.cos(t) * ui + 1 * Math.sin(t) * v[i]!));
    const p = pca2(rows);
    expect(Math.abs(dot(p.components[0], u))).toBeCloseTo(1, 8);
    expect(Math.abs(dot(p.components[1], v))).toBeCloseTo(1, 8);
    expect(dot(p.components[0], p.components[1])).toBeCloseTo(0, 10);
    // Variances 9/2 and 1/2 of a full circle: 90% and 10% of the total.
    expect(p.explained[0]).toBeCloseTo(0.9, 8);
    expect(p.explained[1]).toBeCloseTo(0.1, 8);
    // Projection preserves the distances within the plane the points span.
    const d = (a: number[], b: number[]) => Math.hypot(...a.map((x, i) => x - b[i]!));
    expect(d(p.coords[0]!, p.coords[7]!)).toBeCloseTo(d(rows[0]!, rows[7]!), 8);
  });

  it('handles one dimension, identical points and a single row without NaN', () => {
    expect(pca2([[1], [3], [2]]).coords.map((c) => c[1])).toEqual([0, 0, 0]);
    const same = pca2([[1, 1, 1], [1, 1, 1]]);
    expect(same.coords.flat().every((x) => x === 0)).toBe(true);
    expect(same.explained).toEqual([0, 0]);
    expect(pca2([[4, 5, 6]]).coords).toEqual([[0, 0]]);
  });

  it('separates clustered 384-dimensional embeddings, deterministically and fast', () => {
    const rand = rng(9);
    // Three clusters 16 apart (centres differ in 256 coordinates by 1), noise of variance 0.04/12 per axis.
    const rows = Array.from({ length: 1500 }, (_, i) => Array.from({ length: 384 }, (_, j) => (j % 3 === i % 3 ? 1 : 0) + 0.2 * (rand() - 0.5)));
    const t0 = performance.now();
    const a = pca2(rows);
    const ms = performance.now() - t0;
    expect(pca2(rows).coords).toEqual(a.coords);
    // The between-cluster variance (in a plane) is nearly all of it: 85.3 per point against 384 · 0.04/12 = 1.28 of noise.
    expect(a.explained[0] + a.explained[1]).toBeGreaterThan(0.95);
    const centre = (c: number) => {
      const pts = a.coords.filter((_, i) => i % 3 === c);
      return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
    };
    const [c0, c1, c2] = [centre(0), centre(1), centre(2)];
    const d = (p: number[], q: number[]) => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!);
    // An equilateral triangle of side 16: the clusters' true distances, kept by the projection.
    for (const side of [d(c0!, c1!), d(c1!, c2!), d(c0!, c2!)]) expect(side).toBeCloseTo(16, 1);
    expect(ms).toBeLessThan(5000);
  });
});
