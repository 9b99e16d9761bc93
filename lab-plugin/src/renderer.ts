/**
 * The renderer widget: one per losslab output. It checks the payload at once (a malformed or
 * newer-version payload gets the error box without loading anything), then loads the widget code,
 * the losslab core and Plotly lazily and mounts the widget the payload asks for.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { checkPayload } from 'losslab/mime';
import { CLASS } from './constants.js';
import { errorBox, issuesOf } from './errorbox.js';
import type { MountedView } from './view.js';

const HINT_MALFORMED =
  'The rest of the notebook is unaffected. Re-run the cell that made this output, or fix the payload it displays.';
const HINT_NEWER =
  'Rebuild and reinstall the extension from the same losslab checkout as the kernel (npm run setup), then reload the page.';

export class LosslabRenderer extends Widget implements IRenderMime.IRenderer {
  private view: MountedView | null = null;
  /** Counts renderModel calls, so a slow earlier render never replaces a later one. */
  private generation = 0;

  constructor(private readonly options: IRenderMime.IRendererOptions) {
    super();
    this.addClass(CLASS.root);
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const generation = ++this.generation;
    this.clear();
    const check = checkPayload(model.data[this.options.mimeType]);
    if (!check.ok) {
      const newer = check.reason === 'newer-version';
      this.node.appendChild(
        errorBox({
          heading: newer ? 'This losslab output needs a newer losslab extension' : 'losslab cannot draw this output: its data is malformed',
          issues: check.issues,
          hint: newer ? HINT_NEWER : HINT_MALFORMED,
        }),
      );
      return;
    }
    const loading = document.createElement('div');
    loading.className = CLASS.loading;
    loading.textContent = 'Loading the losslab widget…';
    this.node.appendChild(loading);
    const host = document.createElement('div');
    this.node.appendChild(host);
    try {
      const { mountView } = await import('./view.js');
      if (generation !== this.generation || this.isDisposed) return;
      const view = await mountView(host, check.payload, { latexTypesetter: this.options.latexTypesetter });
      if (generation !== this.generation || this.isDisposed) {
        view.dispose();
        return;
      }
      this.view = view;
      loading.remove();
    } catch (e) {
      if (generation !== this.generation || this.isDisposed) return;
      this.clear();
      this.node.appendChild(
        errorBox({ heading: 'losslab could not compute this output', issues: issuesOf(e), hint: HINT_MALFORMED }),
      );
    }
  }

  protected override onResize(): void {
    this.view?.resize();
  }

  protected override onAfterShow(): void {
    this.view?.resize();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.clear();
    super.dispose();
  }

  private clear(): void {
    this.view?.dispose();
    this.view = null;
    this.node.textContent = '';
  }
}
