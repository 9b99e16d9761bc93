/**
 * The display helpers notebooks call. Each builds its MIME bundle (a pure function, exported too,
 * with the suffix `Bundle`) and shows it with the kernel's `display`:
 *
 * - `showLoss(id)`: the catalog card (formula, gradient, parameters) as Markdown/LaTeX/text;
 * - `plotLoss(ids, options)`, `compareLosses(ids, options)`: the loss explorer;
 * - `inspectBatch(id, inputs, options)`: per-sample losses of a batch;
 * - `inspectEmbeddings(id, batch, options)`: a 2-D projection of embeddings and the loss's pairs;
 * - `lossLandscape(id, options)`: a loss over two variables;
 * - `liveLossCurve(options)`: a training curve that updates in place.
 *
 * Widgets carry `application/vnd.losslab.v1+json` (drawn by the losslab JupyterLab plugin) with an
 * `image/svg+xml` and a `text/plain` fallback. The helpers return nothing, so a cell that ends with
 * one shows the figure alone (no execute_result).
 */
import { display } from '../runtime/display.js';
import { showLossBundle } from './formula.js';
import { compareLossesBundle, plotLossBundle, type CurveInput, type PlotLossOptions } from './explorer.js';
import { inspectBatchBundle, type BatchInputs, type InspectBatchOptions } from './batch.js';
import { inspectEmbeddingsBundle, type EmbeddingBatch, type InspectEmbeddingsOptions } from './embedding.js';
import { lossLandscapeBundle, type LossLandscapeOptions } from './landscape.js';
import { LiveLossCurve, type LiveLossCurveOptions } from './live.js';
import { reportBundle, reportBundles, reportCurveBundle, reportCurvePayload } from './grader.js';
import type { GradeReport } from 'losslab/grader';

export { showLossBundle, plotLossBundle, compareLossesBundle, inspectBatchBundle, inspectEmbeddingsBundle, lossLandscapeBundle, LiveLossCurve };
export { liveCurveBundle } from './live.js';
export { reportBundle, reportCurveBundle, reportCurvePayload };
export type { CurveInput, PlotLossOptions, BatchInputs, InspectBatchOptions, EmbeddingBatch, InspectEmbeddingsOptions, LossLandscapeOptions, LiveLossCurveOptions };

/** Shows a loss's catalog card: formula, gradient, parameter table, reference. */
export function showLoss(id: string): void {
  display(showLossBundle(id));
}

/**
 * Plots one or more losses (or their gradients) along their natural axis, e.g.
 * `plotLoss('focalLoss', { sweep: { gamma: [0, 1, 2, 5] } })` or
 * `plotLoss(['huberLoss', 'mseLoss'], { view: 'gradient' })`.
 */
export function plotLoss(losses: CurveInput | CurveInput[], options?: PlotLossOptions): void {
  display(plotLossBundle(losses, options));
}

/** Overlays several losses; the static fallback shows the losses and their gradients. */
export function compareLosses(losses: CurveInput[], options?: Omit<PlotLossOptions, 'view'> & { view?: 'loss' | 'gradient' }): void {
  display(compareLossesBundle(losses, options));
}

/** Per-sample losses of a batch, hardest first, with shares and gradient norms. */
export function inspectBatch(id: string, inputs: BatchInputs, options?: InspectBatchOptions): void {
  display(inspectBatchBundle(id, inputs, options));
}

/** Anchors, positives and negatives in 2-D with the pairs the loss acts on. */
export function inspectEmbeddings(id: string, batch: EmbeddingBatch, options?: InspectEmbeddingsOptions): void {
  display(inspectEmbeddingsBundle(id, batch, options));
}

/** A loss over two variables (e.g. two logits, or prediction × target) as a heatmap. */
export function lossLandscape(id: string, options?: LossLandscapeOptions): void {
  display(lossLandscapeBundle(id, options));
}

/**
 * A live training curve: `const curve = liveLossCurve(); ... curve.push(step, { train, val }); ...
 * curve.done()`. Displays at once and updates that output in place.
 */
export function liveLossCurve(options?: LiveLossCurveOptions): LiveLossCurve {
  return new LiveLossCurve(options, display);
}

/**
 * Shows a grade report of `losslab/grader`'s checkLoss: the diagnoses and the pass/fail table, and,
 * when it failed, the student's loss over losslab's in the loss explorer.
 */
export function showReport(report: GradeReport): void {
  for (const bundle of reportBundles(report)) display(bundle);
}
