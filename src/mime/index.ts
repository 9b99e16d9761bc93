/**
 * The losslab MIME type: what the kernel's display helpers emit and the JupyterLab plugin renders.
 * This file is the one definition of the payload; both sides import it from `losslab/mime`.
 *
 * The payload carries the inputs of a figure (loss ids, parameters, a batch), not its pixels: the
 * plugin recomputes with the same losslab core, so sliders redraw without the kernel. Every bundle
 * that carries this type also carries `image/svg+xml` or `text/html` and `text/plain` fallbacks.
 */
import type { ParamValues } from '../catalog/types.js';
import type { Reduction } from '../core/types.js';

/** The MIME type, versioned: a breaking change to the payload makes a new type (v2). */
export const LOSSLAB_MIME = 'application/vnd.losslab.v1+json';
export const LOSSLAB_PAYLOAD_VERSION = 1;

/**
 * The display hook: an object with a `[LOSSLAB_DISPLAY]()` method returning a MIME bundle
 * (`{ 'text/html': ..., 'text/plain': ... }`) is shown as that bundle when it is a notebook cell's
 * result in the losslab kernel. A registered symbol, so any copy of this module agrees on it.
 */
export const LOSSLAB_DISPLAY: unique symbol = Symbol.for('losslab.display') as never;

/** A nested array of numbers, as JSON holds a tensor. */
export type JsonTensor = number | JsonTensor[];

/** One loss curve of the explorer: a catalog id with its parameter values. */
export interface CurveSpec {
  loss: string;
  params?: ParamValues;
  /** Legend label; defaults to the loss title with its parameters. */
  label?: string;
}

interface PayloadBase {
  version: typeof LOSSLAB_PAYLOAD_VERSION;
  title?: string;
}

/** Loss explorer: loss (or gradient) over the natural axis, one slider per parameter. */
export interface ExplorerPayload extends PayloadBase {
  widget: 'explorer';
  curves: CurveSpec[];
  view?: 'loss' | 'gradient';
  /** Plot range of the natural axis; defaults to the catalog's. */
  range?: [number, number];
  points?: number;
  /**
   * Curves sampled elsewhere and drawn over the computed ones, unchanged by the sliders: e.g. a
   * student's own loss from `losslab/grader`. y is null where a value is not finite (a gap).
   */
  samples?: SampledCurve[];
}

/** A fixed curve of an explorer: points along the natural axis, in the loss (default) or gradient view. */
export interface SampledCurve {
  label: string;
  x: number[];
  y: (number | null)[];
  view?: 'loss' | 'gradient';
}

/** Batch inspector: per-sample losses of one batch, sorted, with shares and gradient norms. */
export interface BatchPayload extends PayloadBase {
  widget: 'batch';
  loss: string;
  params?: ParamValues;
  /** The loss's positional inputs by the catalog's input names, e.g. { input, target }. */
  inputs: Record<string, JsonTensor>;
  reduction?: Reduction;
  /** Tensor-valued options passed to the loss as given, e.g. class weights `{ weight: [1, 5] }`. */
  tensorParams?: Record<string, JsonTensor>;
}

/** Embedding inspector: a 2-D projection of anchors, positives and negatives and per-pair losses. */
export interface EmbeddingPayload extends PayloadBase {
  widget: 'embedding';
  loss: string;
  params?: ParamValues;
  anchors: number[][];
  positives: number[][];
  negatives?: number[][];
  labels?: number[];
}

/** Landscape: a loss over two variables as a heatmap / contour. */
export interface LandscapePayload extends PayloadBase {
  widget: 'landscape';
  loss: string;
  params?: ParamValues;
  x?: { min: number; max: number };
  y?: { min: number; max: number };
  points?: number;
}

export type LosslabPayload = ExplorerPayload | BatchPayload | EmbeddingPayload | LandscapePayload;
export type WidgetKind = LosslabPayload['widget'];

export { checkPayload, validatePayload, PayloadError, PAYLOAD_LIMITS, WIDGET_KINDS } from './validate.js';
export type { PayloadCheck, PayloadProblemReason, CheckOptions } from './validate.js';
