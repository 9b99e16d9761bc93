/**
 * The loss explorer's figure: each curve is a catalog loss with its parameters, evaluated along the
 * loss's natural axis by the descriptor's `curve` (which calls the loss function itself), or its
 * derivative along that axis by tf.grad of the same computation.
 */
import { tf, type Tensor } from '../core/tf.js';
import { fail } from '../core/errors.js';
import type { ExplorerPayload } from '../mime/index.js';
import type { ExplorerFigure, Series } from './types.js';
import { checkCount, checkParams, checkRange, compute, curveLabel, finiteOrNaN, linspace, lossDescriptor, paramsText, symbolText } from './resolve.js';

const WHERE = 'explorerFigure';
/** Points along the axis when the payload does not say. */
export const EXPLORER_POINTS = 201;

/**
 * Figure data of a loss explorer payload.
 *
 * For each curve c with loss ℓ_c and parameters θ_c, on the grid x_1..x_P of the natural axis:
 * view 'loss' plots ℓ_c(x_k; θ_c); view 'gradient' plots dℓ_c/dx at x_k, computed as
 * ∂/∂x_k Σ_j ℓ_c(x_j; θ_c) (the curve is elementwise, so this is each point's own derivative).
 * All curves must share one natural axis (e.g. the residual, or p_t): the figure has one x-axis.
 * Sampled curves (`payload.samples`, e.g. a student's loss from the grader) of the same view are
 * appended as given, non-finite points (null) as NaN gaps.
 *
 * @throws LossInputError for an unknown id, a parameter the loss does not have or of the wrong
 *   kind, a bad range or point count, curves on different axes, or a value the loss rejects.
 */
export function explorerFigure(payload: ExplorerPayload): ExplorerFigure {
  const curves = payload.curves;
  if (!Array.isArray(curves) || curves.length === 0) fail(WHERE, 'curves', 'a non-empty list of { loss, params?, label? }', String(curves));
  const resolved = curves.map((c, i) => {
    const desc = lossDescriptor(c?.loss, WHERE, `curves[${i}].loss`);
    return { desc, params: checkParams(desc, c.params, `curves[${i}].params`), label: c.label };
  });
  const axis = resolved[0]!.desc.axis;
  const other = resolved.find((r) => r.desc.axis.key !== axis.key);
  if (other) {
    fail(WHERE, 'curves', `losses on one natural axis (${resolved[0]!.desc.id} is on ${axis.key})`, `${other.desc.id} on ${other.desc.axis.key}`);
  }
  const view = payload.view ?? 'loss';
  if (view !== 'loss' && view !== 'gradient') fail(WHERE, 'view', "'loss' or 'gradient'", String(view));
  const [min, max] = payload.range === undefined ? [axis.min, axis.max] : checkRange(payload.range, WHERE, 'range');
  const points = payload.points === undefined ? EXPLORER_POINTS : checkCount(payload.points, WHERE, 'points', 2, 10_000);
  const x = linspace(min, max, points);

  // One loss under several settings (a sweep): the legend names the settings, the title the loss.
  const sweep = resolved.length > 1 && resolved.every((r) => r.desc.id === resolved[0]!.desc.id);
  const series: Series[] = compute(() => {
    const xs = tf.tensor1d(x);
    return resolved.map(({ desc, params, label }) => {
      const f = (t: Tensor) => desc.curve(t, params);
      const y = view === 'loss' ? f(xs) : tf.grad((t: Tensor) => tf.sum(f(t)))(xs);
      const auto = sweep ? paramsText(desc, params) || 'defaults' : curveLabel(desc, params);
      return { label: label ?? auto, x, y: finiteOrNaN(y), loss: desc.id };
    });
  });

  for (const sample of payload.samples ?? []) {
    if ((sample.view ?? 'loss') === view) series.push({ label: sample.label, x: sample.x, y: sample.y.map((v) => v ?? NaN) });
  }

  const seen = new Set<string>();
  const formulas = resolved
    .filter(({ desc }) => !seen.has(desc.id) && seen.add(desc.id))
    .map(({ desc }) => ({ loss: desc.id, latex: view === 'loss' ? desc.formula : desc.gradient }));
  const variable = symbolText(axis.symbol);
  const titles = [...seen].map((id) => resolved.find((r) => r.desc.id === id)!.desc.title);
  return {
    title: payload.title ?? (view === 'loss' ? titles.join(' vs ') : `Gradient of ${titles.join(' vs ')}`),
    xLabel: axis.label,
    yLabel: view === 'loss' ? 'loss ℓ' : `∂ℓ/∂${/\s/.test(variable) ? `(${variable})` : variable}`,
    formulas,
    series,
    view,
  };
}
