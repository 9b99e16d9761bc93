/**
 * Plotly, loaded lazily (its own chunk, fetched the first time a losslab widget is drawn), and a
 * small wrapper that draws a figure into a div with the JupyterLab theme, follows the theme and the
 * div's size, offers Plotly's PNG download, and reports when a redraw has finished.
 */
import type * as PlotlyTypes from 'plotly.js';
import { onThemeChange, readTheme, type PlotTheme } from './theme.js';
import { CLASS } from './constants.js';

export type PlotlyModule = typeof PlotlyTypes;
export type Data = PlotlyTypes.Data;
export type Layout = Partial<PlotlyTypes.Layout>;

let plotly: Promise<PlotlyModule> | null = null;

/** The Plotly module, fetched once. */
export function loadPlotly(): Promise<PlotlyModule> {
  plotly ??= import('plotly.js-dist-min').then((m) => ((m as { default?: PlotlyModule }).default ?? m) as PlotlyModule);
  return plotly;
}

/** What a widget draws: traces and a layout made for the given theme. */
export type FigureSpec = (theme: PlotTheme) => { data: Data[]; layout: Layout };

/** The layout every widget starts from: theme colours and fonts, tight margins. */
export function baseLayout(theme: PlotTheme): Layout {
  const axis = {
    // Every axis is numeric: saying so spares Plotly guessing (it tries each value as a date).
    type: 'linear' as const,
    gridcolor: theme.grid,
    zerolinecolor: theme.zeroline,
    linecolor: theme.zeroline,
    tickcolor: theme.zeroline,
    automargin: true,
  };
  return {
    paper_bgcolor: theme.background,
    plot_bgcolor: theme.background,
    font: { family: theme.font, color: theme.foreground, size: 12 },
    colorway: theme.colorway,
    margin: { l: 56, r: 16, t: 36, b: 48 },
    xaxis: { ...axis },
    yaxis: { ...axis },
    legend: { bgcolor: 'rgba(0,0,0,0)', font: { color: theme.foreground } },
    hoverlabel: { font: { family: theme.font } },
    autosize: true,
  };
}

/**
 * Escapes text from a payload for Plotly, which reads a few HTML-like tags in titles, labels and
 * hover text: a notebook's data must stay text.
 */
export function plotText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A drawn Plotly figure that redraws on demand, on theme changes and on resize. */
export class PlotView {
  readonly node: HTMLDivElement;
  private spec: FigureSpec | null = null;
  /** The theme, read once and again after each theme change (reading CSS variables forces a style recalc). */
  private theme: PlotTheme | null = null;
  private readonly stopTheme: () => void;
  private readonly resizeObserver: ResizeObserver;
  private lastWidth = 0;
  private disposed = false;

  constructor(
    private readonly Plotly: PlotlyModule,
    private readonly filename: string,
  ) {
    this.node = document.createElement('div');
    this.node.className = CLASS.plot;
    this.stopTheme = onThemeChange(() => {
      this.theme = null;
      void this.redraw();
    });
    this.resizeObserver = new ResizeObserver((entries) => {
      const width = Math.round(entries[entries.length - 1]?.contentRect.width ?? 0);
      if (width > 0 && width !== this.lastWidth) {
        this.lastWidth = width;
        this.resize();
      }
    });
    this.resizeObserver.observe(this.node);
  }

  /** Draws (or redraws) the figure; resolves when Plotly has finished. */
  async draw(spec: FigureSpec): Promise<void> {
    this.spec = spec;
    await this.redraw();
  }

  /** Redraws the last figure with the current theme. */
  async redraw(): Promise<void> {
    if (!this.spec || this.disposed) return;
    if (!this.theme || !this.node.isConnected) this.theme = readTheme(this.node.isConnected ? this.node : document.body);
    const { data, layout } = this.spec(this.theme);
    await this.Plotly.react(this.node, data, layout, {
      displaylogo: false,
      responsive: false,
      // The camera button is Plotly's PNG download.
      modeBarButtonsToRemove: ['select2d', 'lasso2d'],
      toImageButtonOptions: { format: 'png', filename: this.filename, scale: 2 },
    });
  }

  resize(): void {
    if (this.disposed || !this.spec || !this.node.isConnected || this.node.clientWidth === 0) return;
    void this.Plotly.Plots.resize(this.node);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopTheme();
    this.resizeObserver.disconnect();
    this.Plotly.purge(this.node);
  }
}
