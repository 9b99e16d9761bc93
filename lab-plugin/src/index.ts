/**
 * @losslab/jupyterlab: a JupyterLab 4 mime renderer extension for losslab's MIME type. Outputs of
 * `application/vnd.losslab.v1+json` become interactive Plotly widgets (loss explorer, batch
 * inspector, embedding inspector, landscape) that recompute in the browser with the losslab core.
 *
 * This entry module stays small: the losslab core (TensorFlow.js) and Plotly are loaded lazily by
 * the renderer the first time a losslab output is shown.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { EXTENSION_ID, MIME_TYPE } from './constants.js';
import { LosslabRenderer } from './renderer.js';

/**
 * The renderer factory. `safe`: the renderer draws untrusted (hand-written, freshly cloned)
 * notebooks too, since it only ever reads the payload as data (text, numbers), never as HTML or code.
 */
export const rendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [MIME_TYPE],
  // Below text/html (50) and image/svg+xml: the bundle's static fallbacks lose to the widget.
  defaultRank: 0,
  createRenderer: (options) => new LosslabRenderer(options),
};

const extension: IRenderMime.IExtension = {
  id: EXTENSION_ID,
  description: 'Renders losslab outputs as interactive Plotly widgets that recompute in the browser.',
  rendererFactory,
  rank: 0,
  dataType: 'json',
};

export default extension;
export { MIME_TYPE, CLASS } from './constants.js';
