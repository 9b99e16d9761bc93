/**
 * Embedding inspector: anchors, positives and negatives projected to 2-D, the pairs the loss acts
 * on with their distances and losses, and sliders for the loss's parameters (margin, scale, ...).
 */
import { catalog, type ParamValues } from 'losslab';
import type { EmbeddingPayload } from 'losslab/mime';
import { embeddingFigure, type EmbeddingFigure } from 'losslab/viz';
import { group } from '../controls.js';
import { embeddingPlot, fmt } from '../figures.js';
import type { FigureSpec } from '../plot.js';
import { LosslabView, type ViewContext } from './base.js';
import { paramControls } from './params.js';

export class EmbeddingView extends LosslabView {
  private readonly state: EmbeddingPayload;

  constructor(payload: EmbeddingPayload, ctx: ViewContext) {
    super('embedding', ctx);
    this.state = { ...payload, params: { ...(payload.params ?? {}) } };
    const desc = catalog[payload.loss]!;
    const controls = paramControls(desc, this.state.params as ParamValues, () => this.update());
    if (controls.length) this.controls.appendChild(group(desc.title, controls));
  }

  protected figure(): FigureSpec {
    const fig = embeddingFigure(this.state);
    this.showSummary(fig);
    return (theme) => embeddingPlot(fig, theme);
  }

  private showSummary(fig: EmbeddingFigure): void {
    const active = fig.pairs.filter((p) => p.loss > 0).length;
    const projection =
      fig.projection === 'pca'
        ? `PCA of the embeddings (the axes explain ${(100 * fig.explained[0]).toFixed(0)}% and ${(100 * fig.explained[1]).toFixed(0)}% of the variance)`
        : 'the embeddings’ own 2-D coordinates';
    this.summary.textContent =
      `loss = ${fmt(fig.reduced)}; ${active} of ${fig.pairs.length} pairs add loss; ${fig.distanceLabel}` +
      (fig.margin !== undefined ? `, margin ${fmt(fig.margin)}` : '') +
      `; shown in ${projection}.`;
  }
}
