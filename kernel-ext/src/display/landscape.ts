/**
 * `lossLandscape`'s bundle: the landscape payload with an SVG heatmap of the same grid (its
 * minimum marked) and a text summary.
 */
import type { ParamValues } from 'losslab';
import type { LandscapePayload } from 'losslab/mime';
import { landscapeFigure, type LandscapeFigure } from 'losslab/viz';
import { heatmap } from './svg/index.js';
import { fmt } from './svg/doc.js';
import { PLUGIN_HINT, type MimeBundle, widgetBundle } from './bundle.js';

export interface LossLandscapeOptions {
  params?: ParamValues;
  x?: { min: number; max: number };
  y?: { min: number; max: number };
  /** Grid points per side (default 51). */
  points?: number;
  title?: string;
}

export function landscapePayload(id: string, o: LossLandscapeOptions = {}): LandscapePayload {
  return {
    version: 1,
    widget: 'landscape',
    loss: id,
    ...(o.params ? { params: o.params } : {}),
    ...(o.x ? { x: o.x } : {}),
    ...(o.y ? { y: o.y } : {}),
    ...(o.points !== undefined ? { points: o.points } : {}),
    ...(o.title !== undefined ? { title: o.title } : {}),
  };
}

/** The SVG of a landscape figure. */
export function landscapeSvg(f: LandscapeFigure): string {
  return heatmap({
    title: f.title,
    subtitle: f.description,
    xLabel: f.xLabel,
    yLabel: f.yLabel,
    x: f.x,
    y: f.y,
    z: f.z,
    zLabel: f.zLabel,
    mark: Number.isFinite(f.minimum.z) ? { x: f.minimum.x, y: f.minimum.y, label: `min ${fmt(f.minimum.z)}` } : undefined,
  }).svg;
}

function plain(f: LandscapeFigure): string {
  const finite = f.z.flat().filter(Number.isFinite);
  const max = finite.length ? Math.max(...finite) : NaN;
  return [
    `${f.title}: ${f.description}`,
    `${f.zLabel} over ${f.xLabel} in [${fmt(f.x[0]!)}, ${fmt(f.x[f.x.length - 1]!)}] × ${f.yLabel} in [${fmt(f.y[0]!)}, ${fmt(f.y[f.y.length - 1]!)}] (${f.x.length} × ${f.y.length} grid)`,
    `minimum ${fmt(f.minimum.z)} at (${fmt(f.minimum.x)}, ${fmt(f.minimum.y)}); maximum ${fmt(max)}`,
  ].join('\n');
}

/**
 * The bundle of `lossLandscape`: the landscape payload, an SVG heatmap with the minimum marked,
 * and text/plain with the grid's range and extremes.
 *
 * @throws LossInputError for an unknown id, bad parameters, ranges or point counts, or a loss
 *   without a landscape.
 */
export function lossLandscapeBundle(id: string, options: LossLandscapeOptions = {}): MimeBundle {
  const payload = landscapePayload(id, options);
  const f = landscapeFigure(payload);
  return widgetBundle(payload, landscapeSvg(f), `${plain(f)}\n${PLUGIN_HINT}`);
}
