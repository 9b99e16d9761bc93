/**
 * `plotLoss` and `compareLosses` bundles: the loss explorer payload (curves over the natural axis,
 * sliders in the plugin) with an SVG line chart of the same figure data and a text summary.
 */
import { LossInputError, type ParamValues } from 'losslab';
import type { CurveSpec, ExplorerPayload } from 'losslab/mime';
import { explorerFigure, type ExplorerFigure, type Series } from 'losslab/viz';
import { lineChart, stackVertically } from './svg/index.js';
import { PLUGIN_HINT, type MimeBundle, widgetBundle } from './bundle.js';
import { fmt } from './svg/doc.js';

/** A loss to plot: its catalog id, or a curve spec `{ loss, params?, label? }`. */
export type CurveInput = string | CurveSpec;

export interface PlotLossOptions {
  /** Parameter values for every loss given by id (a loss without one of them is an error). */
  params?: ParamValues;
  /** One parameter and its values: one curve per value for each loss given by id, e.g. { gamma: [0, 1, 2, 5] }. */
  sweep?: Record<string, (number | boolean | string)[]>;
  /** Plot the loss (default) or its derivative along the natural axis. */
  view?: 'loss' | 'gradient';
  /** Range of the natural axis (default: the catalog's). */
  range?: [number, number];
  /** Points along the axis (default 201). */
  points?: number;
  title?: string;
}

/** The explorer payload for some losses and options; every field the user did not set is left out. */
export function explorerPayload(where: string, losses: CurveInput | CurveInput[], o: PlotLossOptions = {}): ExplorerPayload {
  const list = Array.isArray(losses) ? losses : [losses];
  if (list.length === 0) throw new LossInputError(where, 'losses', 'at least one loss id or { loss, params }', 'an empty list');
  const sweep = Object.entries(o.sweep ?? {});
  if (sweep.length > 1) throw new LossInputError(where, 'options.sweep', 'one parameter with its values, e.g. { gamma: [0, 2, 5] }', `${sweep.length} parameters (${sweep.map(([k]) => k).join(', ')})`);
  const [swept, values] = sweep[0] ?? [undefined, undefined];
  if (swept !== undefined && (!Array.isArray(values) || values.length === 0)) {
    throw new LossInputError(where, `options.sweep.${swept}`, 'a non-empty list of values', String(values));
  }
  const curves: CurveSpec[] = list.flatMap((item): CurveSpec[] => {
    if (typeof item !== 'string') return [item];
    const base = o.params ? { ...o.params } : undefined;
    if (swept === undefined) return [base ? { loss: item, params: base } : { loss: item }];
    return values!.map((v) => ({ loss: item, params: { ...base, [swept]: v } }));
  });
  return {
    version: 1,
    widget: 'explorer',
    curves,
    ...(o.view ? { view: o.view } : {}),
    ...(o.range ? { range: o.range } : {}),
    ...(o.points !== undefined ? { points: o.points } : {}),
    ...(o.title !== undefined ? { title: o.title } : {}),
  };
}

function seriesSummary(s: Series): string {
  let lo = -1;
  let hi = -1;
  s.y.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    if (lo < 0 || v < s.y[lo]!) lo = i;
    if (hi < 0 || v > s.y[hi]!) hi = i;
  });
  if (lo < 0) return `  ${s.label}: no finite values`;
  return `  ${s.label}: min ${fmt(s.y[lo]!)} at ${fmt(s.x[lo]!)}, max ${fmt(s.y[hi]!)} at ${fmt(s.x[hi]!)}`;
}

function chartOf(f: ExplorerFigure, width?: number, height?: number) {
  return lineChart({
    title: f.title,
    subtitle: f.view === 'loss' ? 'loss along the natural axis' : 'derivative along the natural axis (tf.grad of the loss)',
    xLabel: f.xLabel,
    yLabel: f.yLabel,
    series: f.series,
    width,
    height,
  });
}

function summary(f: ExplorerFigure): string {
  const x = f.series[0]!.x;
  const head = `${f.title}: ${f.yLabel} over ${f.xLabel} in [${fmt(x[0]!)}, ${fmt(x[x.length - 1]!)}] (${x.length} points)`;
  return [head, ...f.series.map(seriesSummary)].join('\n');
}

/**
 * The bundle of `plotLoss`: the explorer payload, an SVG of its curves in the payload's view, and
 * text/plain with each curve's minimum and maximum.
 *
 * @throws LossInputError for unknown ids, parameters a loss does not have, bad values or options.
 */
export function plotLossBundle(losses: CurveInput | CurveInput[], options: PlotLossOptions = {}): MimeBundle {
  const payload = explorerPayload('plotLoss', losses, options);
  const f = explorerFigure(payload);
  return widgetBundle(payload, chartOf(f).svg, `${summary(f)}\n${PLUGIN_HINT}`);
}

/**
 * The bundle of `compareLosses`: the explorer payload of several losses overlaid, with an SVG of
 * both views stacked (the losses, then their gradients), and text/plain of both.
 *
 * @throws LossInputError as plotLoss, or when fewer than two curves are given.
 */
export function compareLossesBundle(losses: CurveInput[], options: Omit<PlotLossOptions, 'view'> & { view?: 'loss' | 'gradient' } = {}): MimeBundle {
  const payload = explorerPayload('compareLosses', losses, options);
  if (payload.curves.length < 2) throw new LossInputError('compareLosses', 'losses', 'two or more losses (or one with a sweep)', `${payload.curves.length} curve`);
  const loss = explorerFigure({ ...payload, view: 'loss' });
  const grad = explorerFigure({ ...payload, view: 'gradient' });
  const svg = stackVertically([chartOf(loss, 640, 340), chartOf(grad, 640, 340)], loss.title);
  return widgetBundle(payload, svg, `${summary(loss)}\n${summary(grad)}\n${PLUGIN_HINT}`);
}
