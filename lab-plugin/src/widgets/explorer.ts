/**
 * Loss explorer: loss (or gradient) curves over the loss's natural axis, several losses overlaid,
 * one group of sliders per curve from the catalog, a loss | gradient toggle, and the formulas of
 * the losses shown (of their gradients in gradient view), typeset above the plot.
 */
import { catalog, type ParamValues } from 'losslab';
import type { ExplorerPayload } from 'losslab/mime';
import { explorerFigure } from 'losslab/viz';
import { group, toggle } from '../controls.js';
import { explorerPlot } from '../figures.js';
import { showFormulas } from '../formula.js';
import type { FigureSpec } from '../plot.js';
import { LosslabView, type ViewContext } from './base.js';
import { paramControls } from './params.js';

export class ExplorerView extends LosslabView {
  private readonly state: ExplorerPayload;
  private shownFormulas = '';

  constructor(payload: ExplorerPayload, ctx: ViewContext) {
    super('explorer', ctx);
    // The widget's own copy: controls change it, the stored output stays as it was.
    this.state = structuredClone(payload);
    this.state.view ??= 'loss';
    this.controls.appendChild(
      toggle(
        [
          { value: 'loss', label: 'loss' },
          { value: 'gradient', label: 'gradient' },
        ],
        this.state.view,
        (v) => {
          this.state.view = v;
          this.update();
        },
      ),
    );
    this.state.curves.forEach((curve, i) => {
      const desc = catalog[curve.loss]!;
      if (!desc.params.length) return;
      const values: ParamValues = (curve.params = { ...(curve.params ?? {}) });
      const name = curve.label ?? (this.state.curves.filter((c) => c.loss === curve.loss).length > 1 ? `${desc.title} (${i + 1})` : desc.title);
      this.controls.appendChild(group(name, paramControls(desc, values, () => this.update())));
    });
  }

  protected figure(): FigureSpec {
    const fig = explorerFigure(this.state);
    const key = fig.formulas.map((f) => f.latex).join('\n');
    if (key !== this.shownFormulas) {
      this.shownFormulas = key;
      const formulas = fig.formulas.map((f) => ({ label: `${catalog[f.loss]?.title ?? f.loss}${fig.view === 'gradient' ? ' (gradient)' : ''}:`, latex: f.latex }));
      void showFormulas(this.formula, formulas, this.ctx.latexTypesetter);
    }
    return (theme) => explorerPlot(fig, theme);
  }
}
