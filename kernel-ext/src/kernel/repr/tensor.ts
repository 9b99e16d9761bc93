/**
 * A tf.Tensor as a cell result: a compact HTML table (at most 10 × 10 values per 2-D slice, the
 * middle elided) headed by dtype and shape, and the text tfjs prints.
 *
 * Tensors are recognised by shape (not `instanceof`), so a tensor from any copy of tfjs works.
 */
import { escapeHtml } from './html.js';

export interface TensorLikeValue {
  shape: number[];
  dtype: string;
  size: number;
  rank: number;
  isDisposed?: boolean;
  dataSync(): ArrayLike<number | string | boolean> & { length: number };
  toString(verbose?: boolean): string;
}

export function isTensor(value: unknown): value is TensorLikeValue {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return Array.isArray(v.shape) && typeof v.dtype === 'string' && typeof v.dataSync === 'function' && typeof v.rank === 'number' && typeof v.size === 'number';
}

/** Rows and columns shown per 2-D slice, and 2-D slices shown per tensor. */
const EDGE = 5;
const MAX_SLICES = 4;
/** Above this many values the tensor's values are not read (only shape and dtype shown). */
const MAX_READ = 5_000_000;

const TABLE_STYLE = 'border-collapse:collapse;font-family:var(--jp-code-font-family,monospace);font-size:12px';
const CELL_STYLE = 'padding:1px 6px;text-align:right;border:1px solid var(--jp-border-color2,#ddd)';
const HEAD_STYLE = `${CELL_STYLE};color:var(--jp-ui-font-color2,#888);font-weight:normal`;

function describeShape(t: TensorLikeValue): string {
  return `Tensor ${t.dtype} [${t.shape.join(', ')}]`;
}

function formatValue(v: number | string | boolean, dtype: string): string {
  if (dtype === 'bool') return v ? 'true' : 'false';
  if (typeof v !== 'number') return String(v);
  if (dtype === 'int32' || Number.isInteger(v)) return String(v);
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  return abs !== 0 && (abs < 1e-4 || abs >= 1e6) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}

/** Indices to show along an axis of length n: all, or the first and last EDGE with a gap (-1). */
function shownIndices(n: number): number[] {
  if (n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: EDGE }, (_, i) => i), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)];
}

function valueAt(t: TensorLikeValue, data: ArrayLike<number | string | boolean>, flat: number): string {
  if (t.dtype === 'complex64') return `${formatValue(data[2 * flat] as number, 'float32')}${(data[2 * flat + 1] as number) < 0 ? '-' : '+'}${formatValue(Math.abs(data[2 * flat + 1] as number), 'float32')}i`;
  return formatValue(data[flat]!, t.dtype);
}

function matrixHtml(t: TensorLikeValue, data: ArrayLike<number | string | boolean>, offset: number, rows: number, cols: number, caption?: string): string {
  const rowIdx = shownIndices(rows);
  const colIdx = shownIndices(cols);
  const gap = `<td style="${CELL_STYLE}">…</td>`;
  const head = `<tr><th style="${HEAD_STYLE}"></th>${colIdx.map((c) => `<th style="${HEAD_STYLE}">${c < 0 ? '…' : c}</th>`).join('')}</tr>`;
  const body = rowIdx
    .map((r) => {
      if (r < 0) return `<tr><th style="${HEAD_STYLE}">⋮</th>${colIdx.map(() => gap).join('')}</tr>`;
      const cells = colIdx.map((c) => (c < 0 ? gap : `<td style="${CELL_STYLE}">${escapeHtml(valueAt(t, data, offset + r * cols + c))}</td>`));
      return `<tr><th style="${HEAD_STYLE}">${r}</th>${cells.join('')}</tr>`;
    })
    .join('');
  const cap = caption ? `<caption style="caption-side:top;text-align:left;font-size:11px">${escapeHtml(caption)}</caption>` : '';
  return `<table style="${TABLE_STYLE}">${cap}${head}${body}</table>`;
}

function tensorHtml(t: TensorLikeValue, data: ArrayLike<number | string | boolean> | undefined): string {
  const title = `<div style="font-family:var(--jp-code-font-family,monospace);font-size:12px;color:var(--jp-ui-font-color2,#666)">${escapeHtml(describeShape(t))}</div>`;
  if (!data) return `${title}<div style="font-size:12px">(${t.size} values, not shown)</div>`;
  if (t.rank === 0) return `${title}<div style="font-family:var(--jp-code-font-family,monospace)">${escapeHtml(valueAt(t, data, 0))}</div>`;
  if (t.rank === 1) return title + matrixHtml(t, data, 0, 1, t.shape[0]!);
  const rows = t.shape[t.rank - 2]!;
  const cols = t.shape[t.rank - 1]!;
  const lead = t.shape.slice(0, -2);
  const slices = lead.reduce((a, b) => a * b, 1);
  if (t.rank === 2) return title + matrixHtml(t, data, 0, rows, cols);
  const parts: string[] = [];
  for (let s = 0; s < Math.min(slices, MAX_SLICES); s++) {
    const index: number[] = [];
    let rest = s;
    for (let d = lead.length - 1; d >= 0; d--) {
      index.unshift(rest % lead[d]!);
      rest = Math.floor(rest / lead[d]!);
    }
    parts.push(matrixHtml(t, data, s * rows * cols, rows, cols, `[${index.join(', ')}, :, :]`));
  }
  if (slices > MAX_SLICES) parts.push(`<div style="font-size:11px">… ${slices - MAX_SLICES} more slices</div>`);
  return title + parts.join('');
}

/** The bundle of a tensor: text/html and text/plain. */
export function tensorBundle(t: TensorLikeValue): Record<string, string> {
  if (t.isDisposed) return { 'text/plain': `${describeShape(t)} (disposed)` };
  const data = t.size <= MAX_READ ? t.dataSync() : undefined;
  let text = `${describeShape(t)} (${t.size} values, not shown)`;
  try {
    if (data) text = t.toString().replace(/^Tensor\b/, describeShape(t));
  } catch {
    text = describeShape(t);
  }
  return { 'text/html': tensorHtml(t, data), 'text/plain': text };
}
