/**
 * Landscape: a loss over two variables (e.g. two logits, or prediction × target) as a filled
 * contour with its lowest grid point, and sliders for the loss's parameters.
 */
import { catalog, type ParamValues } from 'losslab';
import type { LandscapePayload } from 'losslab/mime';
import { landscapeFigure, type LandscapeFigure } from 'losslab/viz';
import { group } from '../controls.js';
import { fmt, landscapePlot } from '../figures.js';
import type { FigureSpec } from '../plot.js';
import { LosslabView, type ViewContext } from './base.js';
import { paramControls } from './params.js';

export class LandscapeView extends LosslabView {
  private readonly state: LandscapePayload;

  constructor(payload: LandscapePayload, ctx: ViewContext) {
    super('landscape', ctx);
    this.state = { ...payload, params: { ...(payload.params ?? {}) } };
    const desc = catalog[payload.loss]!;
    const controls = paramControls(desc, this.state.params as ParamValues, () => this.update());
    if (controls.length) this.controls.appendChild(group(desc.title, controls));
  }

  protected figure(): FigureSpec {
    const fig = landscapeFigure(this.state);
    this.showSummary(fig);
    return (theme) => landscapePlot(fig, theme);
  }

  private showSummary(fig: LandscapeFigure): void {
    this.summary.textContent = `${fig.description.replace(/\.\s*$/, '')}. Lowest on the grid: ${fmt(fig.minimum.z)} at (${fmt(fig.minimum.x)}, ${fmt(fig.minimum.y)}).`;
  }
}
