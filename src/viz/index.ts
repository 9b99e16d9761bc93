/**
 * `losslab/viz`: figure data computed from a losslab payload with the losslab core. The JupyterLab
 * plugin turns it into Plotly traces on every slider move; the kernel turns the same objects into
 * static SVG fallbacks. Every function is synchronous, leaks no tensors, and throws a
 * LossInputError naming the loss id, parameter or field at fault.
 */
export type * from './types.js';
export { explorerFigure, EXPLORER_POINTS } from './explorer.js';
export { batchFigure } from './batch.js';
export { embeddingFigure, EMBEDDING_ADAPTERS, NEGATIVES_PER_ANCHOR } from './embedding.js';
export { landscapeFigure, LANDSCAPE_POINTS } from './landscape.js';
export { landscapeSpec } from './landscapes.js';
export { pca2, type Projection } from './pca.js';
export { symbolText, curveLabel } from './resolve.js';
