/**
 * What every losslab widget shares: its DOM frame (formula, controls, summary, a line for errors,
 * the plot), and the redraw loop. A control calls `update()`; the widget recomputes its figure with
 * the losslab core and redraws at once, or, while a redraw is still running, once more when it ends
 * (the latest values win; no queue builds up while a slider is dragged).
 *
 * A value the loss rejects (a LossInputError) shows as an error line above the plot, which keeps
 * its last good drawing, so the user can move the slider back.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import type { WidgetKind } from 'losslab/mime';
import { backendInfo, tf } from 'losslab';
import { CLASS, WIDGET_ATTRIBUTE } from '../constants.js';
import { PlotView, type FigureSpec, type PlotlyModule } from '../plot.js';
import { issuesOf } from '../errorbox.js';

export interface ViewContext {
  Plotly: PlotlyModule;
  latexTypesetter: IRenderMime.ILatexTypesetter | null;
}

/** The event a view dispatches on its node after each finished redraw (tests time it). */
export const DRAWN_EVENT = 'losslab:drawn';

export interface DrawnDetail {
  /** Milliseconds from the control change (or the first draw) to Plotly's finished redraw. */
  ms: number;
  /** Of which: computing the figure data with the losslab core. */
  computeMs: number;
  /** Of which: Plotly's redraw. */
  drawMs: number;
  ok: boolean;
}

export abstract class LosslabView {
  readonly node: HTMLElement;
  protected readonly formula: HTMLElement;
  protected readonly controls: HTMLElement;
  protected readonly summary: HTMLElement;
  protected readonly plot: PlotView;
  private readonly errorLine: HTMLElement;
  private busy = false;
  private pending = false;
  private requestedAt = 0;
  private disposed = false;

  constructor(
    kind: WidgetKind,
    protected readonly ctx: ViewContext,
  ) {
    this.node = document.createElement('div');
    this.node.className = CLASS.view;
    this.node.setAttribute(WIDGET_ATTRIBUTE, kind);
    this.node.dataset['backend'] = backendInfo().backend;
    this.formula = document.createElement('div');
    this.controls = document.createElement('div');
    this.controls.className = CLASS.controls;
    this.summary = document.createElement('div');
    this.summary.className = CLASS.summary;
    this.errorLine = document.createElement('div');
    this.errorLine.className = CLASS.error;
    this.errorLine.setAttribute('role', 'alert');
    this.errorLine.hidden = true;
    this.plot = new PlotView(ctx.Plotly, `losslab-${kind}`);
    this.node.append(this.formula, this.controls, this.errorLine, this.plot.node, this.summary);
  }

  /**
   * Computes the figure for the current control values (synchronously, with the losslab core) and
   * returns how to draw it; throws what the loss throws for a bad value.
   */
  protected abstract figure(): FigureSpec;

  /** Draws the first time; resolves when drawn. A failure here is the payload's: it throws. */
  async start(): Promise<void> {
    this.requestedAt = performance.now();
    const t0 = performance.now();
    const spec = this.figure();
    const computeMs = performance.now() - t0;
    await this.plot.draw(spec);
    this.drawn({ ms: performance.now() - this.requestedAt, computeMs, drawMs: performance.now() - t0 - computeMs, ok: true });
  }

  /** Asks for a redraw with the current control values. */
  update(): void {
    this.requestedAt = performance.now();
    if (this.busy) {
      this.pending = true;
      return;
    }
    void this.loop();
  }

  private async loop(): Promise<void> {
    this.setBusy(true);
    do {
      this.pending = false;
      const requestedAt = this.requestedAt;
      let ok = true;
      let computeMs = 0;
      let drawMs = 0;
      try {
        const t0 = performance.now();
        const spec = this.figure();
        computeMs = performance.now() - t0;
        this.showError(null);
        await this.plot.draw(spec);
        drawMs = performance.now() - t0 - computeMs;
      } catch (e) {
        ok = false;
        this.showError(issuesOf(e).join(' '));
      }
      if (this.disposed) return;
      if (!this.pending) this.drawn({ ms: performance.now() - requestedAt, computeMs, drawMs, ok });
    } while (this.pending);
    this.setBusy(false);
  }

  /** `data-busy` tells tests (and styles) that a redraw is running. */
  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.node.dataset['busy'] = String(busy);
  }

  private drawn(detail: DrawnDetail): void {
    this.node.dataset['tensors'] = String(tf.memory().numTensors);
    this.node.dispatchEvent(new CustomEvent<DrawnDetail>(DRAWN_EVENT, { detail }));
  }

  private showError(message: string | null): void {
    this.errorLine.hidden = message === null;
    this.errorLine.textContent = message ?? '';
  }

  resize(): void {
    this.plot.resize();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.plot.dispose();
    this.node.remove();
  }
}
