/**
 * Colours of the static charts: Tableau 10 for series (distinct, colour-blind aware), fixed
 * colours for the roles the widgets also use, viridis (perceptually uniform) for heatmaps.
 */
import { interpolateViridis, schemeTableau10 } from 'd3-scale-chromatic';

/** The colour of series i. */
export function seriesColor(i: number): string {
  return schemeTableau10[i % schemeTableau10.length]!;
}

export const ROLE_COLORS = {
  anchor: '#4e79a7',
  positive: '#59a14f',
  negative: '#e15759',
  hardest: '#e15759',
  normal: '#4e79a7',
  ignored: '#bab0ac',
} as const;

/** Viridis at t in [0, 1]. */
export const heatColor: (t: number) => string = interpolateViridis;
