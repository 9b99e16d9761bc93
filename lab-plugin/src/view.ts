/**
 * The lazily loaded part of the extension: the losslab core, the widgets and (in its own chunk)
 * Plotly. `mountView` checks the payload against the catalog, then builds and draws its widget.
 */
import './wasm-paths.js';
import { catalog } from 'losslab';
import { validatePayload, type LosslabPayload } from 'losslab/mime';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { ensureBackend } from './backend.js';
import { loadPlotly } from './plot.js';
import type { LosslabView, ViewContext } from './widgets/base.js';
import { ExplorerView } from './widgets/explorer.js';
import { BatchView } from './widgets/batch.js';
import { EmbeddingView } from './widgets/embedding.js';
import { LandscapeView } from './widgets/landscape.js';

export interface MountedView {
  resize(): void;
  dispose(): void;
}

export interface MountOptions {
  latexTypesetter: IRenderMime.ILatexTypesetter | null;
}

function create(payload: LosslabPayload, ctx: ViewContext): LosslabView {
  switch (payload.widget) {
    case 'explorer':
      return new ExplorerView(payload, ctx);
    case 'batch':
      return new BatchView(payload, ctx);
    case 'embedding':
      return new EmbeddingView(payload, ctx);
    case 'landscape':
      return new LandscapeView(payload, ctx);
  }
}

/**
 * Builds the widget of `payload` inside `host` and draws it. Throws a PayloadError when the
 * catalog rejects the payload (unknown loss, parameter), or what the loss throws for its values.
 */
export async function mountView(host: HTMLElement, payload: LosslabPayload, options: MountOptions): Promise<MountedView> {
  const [Plotly] = await Promise.all([loadPlotly(), ensureBackend()]);
  validatePayload(payload, { describe: (id) => (Object.hasOwn(catalog, id) ? catalog[id] : undefined) });
  const view = create(payload, { Plotly, latexTypesetter: options.latexTypesetter });
  host.appendChild(view.node);
  try {
    await view.start();
  } catch (e) {
    view.dispose();
    throw e;
  }
  return view;
}

