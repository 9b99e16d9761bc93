/**
 * What every display helper's bundle shares: the losslab payload (checked as the JupyterLab plugin
 * will check it), its static fallbacks, and conversions of user values to JSON.
 */
import { catalog, tf, type Tensor, type TensorLike } from 'losslab';
import { LOSSLAB_MIME, validatePayload, type JsonTensor, type LosslabPayload } from 'losslab/mime';
import { LossInputError } from 'losslab';

/** A MIME bundle: MIME type → data. */
export type MimeBundle = Record<string, unknown>;

/** The message shown in text/plain under a widget's summary. */
export const PLUGIN_HINT = '(interactive with the losslab JupyterLab extension; this is its text fallback)';

/**
 * A widget bundle: the losslab payload, validated against the catalog as the plugin validates it,
 * with an SVG fallback (nbconvert, GitHub, JupyterLab without the plugin) and plain text.
 */
export function widgetBundle(payload: LosslabPayload, svg: string, plain: string): MimeBundle {
  validatePayload(payload, { describe: (id) => catalog[id] });
  return { [LOSSLAB_MIME]: payload, 'image/svg+xml': svg, 'text/plain': plain };
}

/**
 * A tensor-like as JSON (nested arrays of numbers): tensors are read back, typed arrays copied.
 * Non-finite numbers are rejected (JSON cannot hold them) with a LossInputError naming `argument`.
 */
export function jsonTensor(x: TensorLike | Tensor | unknown, loss: string, argument: string): JsonTensor {
  let value: unknown = x;
  if (x instanceof tf.Tensor) value = x.arraySync();
  else if (ArrayBuffer.isView(x)) value = Array.from(x as Float32Array);
  const bad = firstNonFinite(value);
  if (bad !== null) throw new LossInputError(loss, argument, 'finite numbers (a tensor, a number or nested arrays of numbers)', bad);
  return value as JsonTensor;
}

function firstNonFinite(v: unknown, at = ''): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : `${v} at ${at || '[]'}`;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const bad = firstNonFinite(v[i], `${at}[${i}]`);
      if (bad) return bad;
    }
    return null;
  }
  if (ArrayBuffer.isView(v)) return firstNonFinite(Array.from(v as Float32Array), at);
  return `${v === null ? 'null' : typeof v} at ${at || '[]'}`;
}

/** A matrix of row vectors as JSON (for embeddings). */
export function jsonRows(x: TensorLike | Tensor | unknown, loss: string, argument: string): number[][] {
  const v = jsonTensor(x, loss, argument);
  if (!Array.isArray(v) || !v.every((r) => Array.isArray(r) && r.every((e) => typeof e === 'number'))) {
    throw new LossInputError(loss, argument, 'a matrix of row vectors [N, D]', Array.isArray(v) ? 'an array that is not [N, D]' : String(v));
  }
  return v as number[][];
}

/** Plain-text table with right-aligned numeric columns. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
