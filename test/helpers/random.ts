/**
 * Deterministic pseudo-random test inputs (mulberry32), so a failing test fails the same way on
 * every run and machine.
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A nested array of `shape` with values uniform in [lo, hi). */
export function uniform(rand: () => number, shape: number[], lo = -1, hi = 1): number[] | number {
  if (shape.length === 0) return lo + (hi - lo) * rand();
  const [n, ...rest] = shape;
  return Array.from({ length: n! }, () => uniform(rand, rest, lo, hi)) as number[];
}

/** Integer class indices in [0, numClasses), as a nested array of `shape`. */
export function classes(rand: () => number, shape: number[], numClasses: number): number[] | number {
  if (shape.length === 0) return Math.floor(rand() * numClasses);
  const [n, ...rest] = shape;
  return Array.from({ length: n! }, () => classes(rand, rest, numClasses)) as number[];
}
