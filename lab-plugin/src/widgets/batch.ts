/**
 * Batch inspector: a batch stored in the output, its per-sample losses sorted hardest first with
 * their shares and gradient norms; sliders for the loss's parameters and a choice of reduction;
 * a summary of the reduced loss and of the same batch under other settings (the effects of the
 * reduction, the weights, the ignored targets).
 */
import { catalog, type ParamValues, type Reduction } from 'losslab';
import type { BatchPayload } from 'losslab/mime';
import { batchFigure, type BatchFigure } from 'losslab/viz';
import { choiceControl, group } from '../controls.js';
import { batchPlot, fmt } from '../figures.js';
import type { FigureSpec } from '../plot.js';
import { LosslabView, type ViewContext } from './base.js';
import { paramControls } from './params.js';

export class BatchView extends LosslabView {
  private readonly state: BatchPayload;

  constructor(payload: BatchPayload, ctx: ViewContext) {
    super('batch', ctx);
    // Shallow copy: the inputs (possibly large) are read, never changed.
    this.state = { ...payload, params: { ...(payload.params ?? {}) } };
    const desc = catalog[payload.loss]!;
    this.state.reduction ??= desc.defaultReduction;
    const values = this.state.params as ParamValues;
    const children = paramControls(desc, values, () => this.update());
    if (desc.reductions.length > 1) {
      children.push(
        choiceControl('reduction', desc.reductions, this.state.reduction, (v) => {
          this.state.reduction = v as Reduction;
          this.update();
        }),
      );
    }
    if (children.length) this.controls.appendChild(group(desc.title, children));
  }

  protected figure(): FigureSpec {
    const fig = batchFigure(this.state);
    this.showSummary(fig);
    return (theme) => batchPlot(fig, theme);
  }

  private showSummary(fig: BatchFigure): void {
    const lines = [
      `${fig.reduction} over ${fig.size} samples = ${fmt(fig.reduced)}` +
        (fig.ignoredCount ? `; ${fig.ignoredCount} ignored` : '') +
        `; the hardest ${fig.hardest} carry half the total; gradient norms with respect to ${fig.gradientOf.join(', ') || 'nothing'}`,
    ];
    if (fig.effects.length) lines.push(`same batch: ${fig.effects.map((e) => `${e.label} = ${fmt(e.value)}`).join(' · ')}`);
    this.summary.textContent = '';
    for (const l of lines) {
      const div = document.createElement('div');
      div.textContent = l;
      this.summary.appendChild(div);
    }
  }
}
