/** A small SVG chart renderer for static fallbacks: line, bar, scatter and heatmap charts. */
export { lineChart, type LineSeries, type LineChartOptions } from './line.js';
export { barChart, type Bar, type BarChartOptions } from './bar.js';
export { scatterChart, type ScatterPoint, type Segment, type ScatterChartOptions } from './scatter.js';
export { heatmap, type HeatmapOptions } from './heatmap.js';
export { stackVertically, fmt, esc } from './doc.js';
export { seriesColor, ROLE_COLORS } from './palette.js';
export type { LegendItem } from './frame.js';
