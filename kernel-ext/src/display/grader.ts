/**
 * `showReport(report)`: a grade report of `losslab/grader` in a notebook. Two outputs:
 *
 * 1. the report: the diagnoses with their hints and a pass/fail table of the cases (text/html),
 *    with the text summary (text/plain);
 * 2. when the report failed and the loss has a curve: the student's loss overlaid on losslab's in
 *    the loss explorer (the losslab payload, whose `samples` carry the student's curve, since the
 *    plugin cannot recompute a student's code), with the same figure as an SVG fallback.
 *
 * They are separate outputs because a notebook shows one MIME type per output: with the plugin the
 * widget would otherwise hide the table.
 */
import { reportHtml, type GradeReport } from 'losslab/grader';
import type { ExplorerPayload } from 'losslab/mime';
import { explorerFigure } from 'losslab/viz';
import { LossInputError } from 'losslab';
import { lineChart } from './svg/index.js';
import { PLUGIN_HINT, widgetBundle, type MimeBundle } from './bundle.js';

const STUDENT_LABEL = 'your loss';

function expectReport(report: unknown, where: string): asserts report is GradeReport {
  const r = report as Partial<GradeReport> | null;
  if (!r || typeof r !== 'object' || !Array.isArray(r.cases) || typeof r.summary !== 'string' || typeof r.loss !== 'string') {
    throw new LossInputError(where, 'report', 'a report returned by checkLoss (losslab/grader)', r === null ? 'null' : typeof r);
  }
}

function paramText(report: GradeReport): string {
  const p = Object.entries(report.curve?.params ?? {});
  return p.length ? `, at ${p.map(([k, v]) => `${k} = ${v}`).join(', ')}` : '';
}

/** The report's table bundle: text/html and text/plain. */
export function reportBundle(report: GradeReport): MimeBundle {
  expectReport(report, 'reportBundle');
  return { 'text/html': reportHtml(report), 'text/plain': report.summary };
}

/** The explorer payload overlaying the student's curve on the reference, or null without a curve. */
export function reportCurvePayload(report: GradeReport): ExplorerPayload | null {
  expectReport(report, 'reportCurvePayload');
  const c = report.curve;
  if (!c) return null;
  const params = Object.keys(c.params).length > 0 ? { params: c.params } : {};
  return {
    version: 1,
    widget: 'explorer',
    title: `${report.title}: your loss vs losslab`,
    curves: [{ loss: c.loss, ...params, label: 'losslab (reference)' }],
    samples: [{ label: STUDENT_LABEL, x: c.x, y: c.student }],
    range: [c.axis.min, c.axis.max],
    points: c.x.length,
  };
}

/**
 * The overlay's bundle: the explorer payload, an SVG line chart of the same figure (the student's
 * curve dashed), and text naming where the curves part. Null when the report has no curve.
 */
export function reportCurveBundle(report: GradeReport): MimeBundle | null {
  const payload = reportCurvePayload(report);
  if (!payload) return null;
  const f = explorerFigure(payload);
  const chart = lineChart({
    title: f.title,
    subtitle: `the reference (losslab) and your loss along the natural axis${paramText(report)}`,
    xLabel: f.xLabel,
    yLabel: f.yLabel,
    series: f.series.map((s) => ({ ...s, dashed: s.label === STUDENT_LABEL })),
  });
  const c = report.curve!;
  const apart = c.x.findIndex((_, i) => {
    const a = c.reference[i];
    const b = c.student[i];
    return a === null || b === null ? a !== b : Math.abs(a - b) > 1e-3 * Math.max(1, Math.abs(a));
  });
  const where = apart < 0 ? 'The curves agree at these parameters: the difference is in a case the curve does not cover.' : `The curves part at ${c.axis.label} = ${c.x[apart]!.toPrecision(3)}.`;
  return widgetBundle(payload, chart.svg, `${f.title}\n${where}\n${PLUGIN_HINT}`);
}

/** The bundles `showReport` displays: the table, then (when the report failed) the curve overlay. */
export function reportBundles(report: GradeReport): MimeBundle[] {
  const curve = reportCurveBundle(report);
  return curve ? [reportBundle(report), curve] : [reportBundle(report)];
}
