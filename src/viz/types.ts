/**
 * Figure data computed from a losslab payload (see ../mime): what a widget draws, before it is
 * drawn. The JupyterLab plugin turns these into Plotly traces; the kernel turns the same objects
 * into the static SVG/HTML fallbacks. Computing them in one place is what keeps the interactive
 * widget and its fallback showing the same numbers.
 */

export interface Series {
  label: string;
  x: number[];
  /** Non-finite values (a log of 0, an overflow) are NaN: a gap in the line. */
  y: number[];
  /** The catalog id of the loss drawn, when the series is one. */
  loss?: string;
}

/** Loss (or gradient) curves over a natural axis. */
export interface ExplorerFigure {
  title: string;
  xLabel: string;
  yLabel: string;
  /** LaTeX formulas of the losses shown, one per distinct loss (the gradient's in gradient view). */
  formulas: { loss: string; latex: string }[];
  series: Series[];
  view: 'loss' | 'gradient';
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
  /** How many of the hardest rows to mark: the fewest whose shares add up to half the total. */
  hardest: number;
  /** Number of samples (the leading axis of the loss's inputs). */
  size: number;
  /** Samples whose target is the ignore index (they add nothing, and have no gradient). */
  ignoredCount: number;
  /** The inputs whose gradient makes up `gradNorm`, e.g. `['input']`. */
  gradientOf: string[];
  /** The same batch under other settings: each reduction, and without the tensor options (weights). */
  effects: BatchEffect[];
}

/** The reduced loss of the batch under one setting, e.g. `sum` or `mean without weight`. */
export interface BatchEffect {
  label: string;
  value: number;
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
  /**
   * The loss of the term this pair enters: a triplet's loss for both of its pairs, a pair's own
   * loss for pair losses; for softmax losses the anchor's loss on its positive pair and, on each
   * negative pair, the part of it that negative causes (shares that add up to the anchor's loss).
   */
  loss: number;
  /** The distance or similarity the loss uses between the two points (see `distanceLabel`). */
  distance: number;
}

export interface EmbeddingFigure {
  title: string;
  loss: string;
  points: EmbeddingPoint[];
  pairs: EmbeddingPair[];
  /** Per-anchor loss (per pair for pair losses). */
  perAnchor: number[];
  /** The loss of the whole batch, reduced as the loss's default. */
  reduced: number;
  /** What `EmbeddingPair.distance` is, e.g. `Euclidean distance` or `cosine similarity`. */
  distanceLabel: string;
  /** The loss's margin, in units of `distanceLabel`, when it has one. */
  margin?: number;
  /** How the points were placed: PCA of the embeddings, or their own coordinates when 2-D. */
  projection: 'pca' | 'identity';
  /** Share of the variance the two axes explain (1 for 'identity'). */
  explained: [number, number];
  xLabel: string;
  yLabel: string;
}

/** A loss over two variables on a grid: z[i][j] is the loss at (x[j], y[i]). */
export interface LandscapeFigure {
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  y: number[];
  /** Non-finite values are NaN. */
  z: number[][];
  zLabel: string;
  /** What the surface shows, from the landscape spec. */
  description: string;
  /** The grid point with the lowest loss. */
  minimum: { x: number; y: number; z: number };
}
