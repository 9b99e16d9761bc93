/**
 * `inspectBatch`'s bundle: the batch inspector payload (the batch itself, so the plugin can
 * recompute as parameters move) with an SVG of per-sample losses, hardest first, over their
 * gradient norms, and a text table of the hardest samples.
 */
import { LossInputError, describeLoss, type ParamValues, type Reduction, type Tensor, type TensorLike } from 'losslab';
import type { BatchPayload, JsonTensor } from 'losslab/mime';
import { batchFigure, type BatchFigure } from 'losslab/viz';
import { barChart, stackVertically, ROLE_COLORS, type Bar } from './svg/index.js';
import { fmt } from './svg/doc.js';
import { PLUGIN_HINT, type MimeBundle, jsonTensor, textTable, widgetBundle } from './bundle.js';

export interface InspectBatchOptions {
  params?: ParamValues;
  reduction?: Reduction;
  /** Tensor-valued options, e.g. class weights `{ weight: [1, 5, 1] }`. */
  tensorParams?: Record<string, TensorLike | Tensor>;
  title?: string;
}

/** The loss's inputs: by name (`{ logits, target }`) or in the catalog's order (`[logits, target]`). */
export type BatchInputs = Record<string, TensorLike | Tensor> | (TensorLike | Tensor)[];

const TABLE_ROWS = 10;

export function batchPayload(id: string, inputs: BatchInputs, o: InspectBatchOptions = {}): BatchPayload {
  const d = describeLoss(id);
  let named: Record<string, TensorLike | Tensor>;
  if (Array.isArray(inputs) && inputs.length === d.inputs.length && !inputs.every((v) => typeof v === 'number')) {
    named = Object.fromEntries(d.inputs.map((s, i) => [s.name, inputs[i]!]));
  } else if (inputs && typeof inputs === 'object' && !Array.isArray(inputs) && !ArrayBuffer.isView(inputs) && !('dtype' in inputs)) {
    named = inputs as Record<string, TensorLike | Tensor>;
  } else {
    throw new LossInputError('inspectBatch', 'inputs', `{ ${d.inputs.map((s) => s.name).join(', ')} } or [${d.inputs.map((s) => s.name).join(', ')}]`, Array.isArray(inputs) ? `an array of ${inputs.length}` : typeof inputs);
  }
  const json: Record<string, JsonTensor> = Object.fromEntries(Object.entries(named).map(([k, v]) => [k, jsonTensor(v, id, `inputs.${k}`)]));
  const tensors = o.tensorParams ? Object.fromEntries(Object.entries(o.tensorParams).map(([k, v]) => [k, jsonTensor(v, id, `tensorParams.${k}`)])) : undefined;
  return {
    version: 1,
    widget: 'batch',
    loss: id,
    inputs: json,
    ...(o.params ? { params: o.params } : {}),
    ...(o.reduction ? { reduction: o.reduction } : {}),
    ...(tensors ? { tensorParams: tensors } : {}),
    ...(o.title !== undefined ? { title: o.title } : {}),
  };
}

function colorOf(f: BatchFigure, rank: number): string {
  const row = f.rows[rank]!;
  return row.ignored ? ROLE_COLORS.ignored : rank < f.hardest ? ROLE_COLORS.hardest : ROLE_COLORS.normal;
}

function subtitle(f: BatchFigure): string {
  const parts = [`${f.reduction} = ${fmt(f.reduced)}`];
  if (f.size > 0 && f.hardest > 0) parts.push(`the ${f.hardest} hardest of ${f.size} samples carry half of the loss`);
  if (f.ignoredCount) parts.push(`${f.ignoredCount} ignored`);
  return parts.join(' · ');
}

/** The SVG of a batch figure: per-sample losses (hardest first) above their gradient norms. */
export function batchSvg(f: BatchFigure): string {
  const labels = f.rows.map((r) => String(r.index));
  const legend = [
    { label: `hardest (${f.hardest})`, color: ROLE_COLORS.hardest, shape: 'square' as const },
    { label: 'other samples', color: ROLE_COLORS.normal, shape: 'square' as const },
    ...(f.ignoredCount ? [{ label: 'ignored', color: ROLE_COLORS.ignored, shape: 'square' as const }] : []),
  ];
  const bars = (value: (rank: number) => number): Bar[] => f.rows.map((_, k) => ({ value: value(k), color: colorOf(f, k), label: labels[k] }));
  const xLabel = f.size <= 30 ? 'sample index, hardest first' : 'samples, hardest first';
  const losses = barChart({ title: f.title, subtitle: subtitle(f), xLabel, yLabel: 'per-sample loss', bars: bars((k) => f.rows[k]!.loss), legend, height: 330 });
  const grads = barChart({
    title: `Gradient norm per sample (∂ ${f.reduction === 'none' ? 'sum' : f.reduction} / ∂ ${f.gradientOf.join(', ') || 'inputs'})`,
    subtitle: f.effects.map((e) => `${e.label} = ${fmt(e.value)}`).join(' · '),
    xLabel,
    yLabel: 'gradient L2 norm',
    bars: bars((k) => f.rows[k]!.gradNorm),
    legend,
    height: 300,
  });
  return stackVertically([losses, grads], f.title);
}

function plain(f: BatchFigure): string {
  const rows = f.rows.slice(0, TABLE_ROWS).map((r, k) => [String(k + 1), String(r.index), fmt(r.loss), `${(r.share * 100).toFixed(1)}%`, fmt(r.gradNorm), r.ignored ? 'ignored' : k < f.hardest ? 'hardest' : '']);
  return [
    `${f.title}: ${subtitle(f)}`,
    textTable(['rank', 'sample', 'loss', 'share', 'grad norm', ''], rows),
    f.rows.length > TABLE_ROWS ? `... ${f.rows.length - TABLE_ROWS} more samples` : '',
    f.effects.map((e) => `${e.label} = ${fmt(e.value)}`).join(', '),
  ].filter(Boolean).join('\n');
}

/**
 * The bundle of `inspectBatch`: the batch payload, an SVG of sorted per-sample losses over their
 * gradient norms, and a text table of the hardest samples with the reduced loss under each setting.
 *
 * @throws LossInputError for an unknown id, missing or extra inputs, bad parameters, non-finite
 *   input values, or inputs the loss rejects.
 */
export function inspectBatchBundle(id: string, inputs: BatchInputs, options: InspectBatchOptions = {}): MimeBundle {
  const payload = batchPayload(id, inputs, options);
  const f = batchFigure(payload);
  return widgetBundle(payload, batchSvg(f), `${plain(f)}\n${PLUGIN_HINT}`);
}
