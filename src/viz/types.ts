/**
 * Figure data computed from a losslab payload (see ../mime): what a widget draws, before it is
 * drawn. The JupyterLab plugin turns these into Plotly traces; the kernel turns the same objects
 * into the static SVG/HTML fallbacks. Computing them in one place is what keeps the interactive
 * widget and its fallback showing the same numbers.
 */

export interface Series {
  label: string;
  x: number[];
  y: number[];
}

/** Loss (or gradient) curves over a natural axis. */
export interface ExplorerFigure {
  title: string;
  xLabel: string;
  yLabel: string;
  /** LaTeX formulas of the losses shown, one per distinct loss. */
  formulas: { loss: string; latex: string }[];
  series: Series[];
}

/** One sample of a batch. */
export interface BatchRow {
  /** Index of the sample in the batch. */
  index: number;
  loss: number;
  /** Its share of the reduced total, in [0, 1] (0 for ignored samples). */
  share: number;
  /** L2 norm of the gradient of the reduced loss with respect to this sample's input. */
  gradNorm: number;
  ignored: boolean;
}

export interface BatchFigure {
  title: string;
  loss: string;
  reduction: 'mean' | 'sum' | 'none';
  /** The reduced loss of the whole batch. */
  reduced: number;
  /** Rows sorted by loss, hardest first. */
  rows: BatchRow[];
  /** How many of the hardest rows to mark. */
  hardest: number;
}

export interface EmbeddingPoint {
  x: number;
  y: number;
  role: 'anchor' | 'positive' | 'negative';
  index: number;
  label?: number;
}

export interface EmbeddingPair {
  /** Indices into `points`. */
  from: number;
  to: number;
  kind: 'positive' | 'negative';
  /** The loss this pair (or triplet) contributes. */
  loss: number;
  distance: number;
}

export interface EmbeddingFigure {
  title: string;
  loss: string;
  points: EmbeddingPoint[];
  pairs: EmbeddingPair[];
  /** Per-anchor loss. */
  perAnchor: number[];
}

/** A loss over two variables on a grid: z[i][j] is the loss at (x[j], y[i]). */
export interface LandscapeFigure {
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  y: number[];
  z: number[][];
}
