/**
 * The landscape widget's figure: a loss over two variables on a points × points grid, the
 * variables chosen by the loss's landscape spec (its descriptor's, or its family's).
 */
import { tf } from '../core/tf.js';
import { fail } from '../core/errors.js';
import type { LandscapePayload } from '../mime/index.js';
import type { LandscapeFigure } from './types.js';
import { checkCount, checkParams, checkRange, compute, finiteOrNaN, linspace, lossDescriptor } from './resolve.js';
import { landscapeSpec } from './landscapes.js';

const WHERE = 'landscapeFigure';
/** Grid points per side when neither the payload nor the loss's landscape spec says. */
export const LANDSCAPE_POINTS = 51;

/**
 * Figure data of a landscape payload: z[i][j] = ℓ(x_j, y_i; θ) on an evenly spaced grid over the
 * spec's ranges (or the payload's `x` / `y`), with the grid point of lowest loss.
 *
 * @throws LossInputError for an unknown id, unknown or ill-typed parameters, a bad range or point
 *   count, a loss without a landscape, or a value the loss rejects.
 */
export function landscapeFigure(payload: LandscapePayload): LandscapeFigure {
  const desc = lossDescriptor(payload.loss, WHERE, 'loss');
  const params = checkParams(desc, payload.params);
  const spec = landscapeSpec(desc);
  const range = (r: { min: number; max: number } | undefined, fallback: { min: number; max: number }, name: string) =>
    r === undefined ? [fallback.min, fallback.max] : typeof r === 'object' && r !== null ? checkRange([r.min, r.max], WHERE, name) : fail(WHERE, name, '{ min, max }', String(r));
  const [x0, x1] = range(payload.x, spec.x, 'x');
  const [y0, y1] = range(payload.y, spec.y, 'y');
  const n = payload.points === undefined ? (spec.points ?? LANDSCAPE_POINTS) : checkCount(payload.points, WHERE, 'points', 2, 400);
  const x = linspace(x0!, x1!, n);
  const y = linspace(y0!, y1!, n);

  const flat = compute(() => {
    const xs = tf.tensor1d(y.flatMap(() => x));
    const ys = tf.tensor1d(y.flatMap((v) => x.map(() => v)));
    return finiteOrNaN(spec.surface(xs, ys, params));
  });
  const z = y.map((_, i) => flat.slice(i * n, (i + 1) * n));
  let best = { x: NaN, y: NaN, z: Infinity };
  z.forEach((row, i) => row.forEach((v, j) => v < best.z && (best = { x: x[j]!, y: y[i]!, z: v })));
  return {
    title: payload.title ?? `${desc.title}: loss landscape`,
    xLabel: spec.x.label,
    yLabel: spec.y.label,
    x,
    y,
    z,
    zLabel: 'loss ℓ',
    description: spec.description,
    minimum: best.z === Infinity ? { x: NaN, y: NaN, z: NaN } : best,
  };
}
