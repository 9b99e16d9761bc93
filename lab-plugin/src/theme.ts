/**
 * The JupyterLab theme as Plotly needs it: colours and fonts read from JupyterLab's CSS variables
 * (so light, dark and any custom theme work), and a watcher that tells when the theme changes
 * (JupyterLab sets `data-jp-theme-name` / `data-jp-theme-light` on <body>).
 */

export interface PlotTheme {
  light: boolean;
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  zeroline: string;
  font: string;
  /** Trace colours, in order. */
  colorway: string[];
  /** Marks the hardest samples, negatives, minima. */
  accent: string;
  /** Positive pairs and "good" marks. */
  good: string;
  /** A sequential colour scale for heatmaps, low to high. */
  colorscale: [number, string][];
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

/** Reads the current theme from the CSS variables visible at `el` (document.body by default). */
export function readTheme(el: Element = document.body): PlotTheme {
  const style = getComputedStyle(el);
  const light = document.body.dataset['jpThemeLight'] !== 'false';
  const v = (name: string, fallback: string) => cssVar(style, name, fallback);
  return {
    light,
    background: v('--jp-layout-color0', light ? '#ffffff' : '#111111'),
    foreground: v('--jp-ui-font-color1', light ? 'rgba(0,0,0,0.87)' : 'rgba(255,255,255,0.87)'),
    muted: v('--jp-ui-font-color2', light ? 'rgba(0,0,0,0.54)' : 'rgba(255,255,255,0.54)'),
    grid: v('--jp-border-color2', light ? '#e0e0e0' : '#424242'),
    zeroline: v('--jp-border-color1', light ? '#bdbdbd' : '#616161'),
    font: v('--jp-ui-font-family', 'system-ui, sans-serif'),
    // JupyterLab's brand/accent/warn/success palettes, which each theme adapts to its background.
    colorway: [
      v('--jp-brand-color1', '#1976d2'),
      v('--jp-warn-color1', '#f57c00'),
      v('--jp-success-color1', '#388e3c'),
      v('--jp-error-color1', '#d32f2f'),
      v('--jp-accent-color1', '#00897b'),
      light ? '#7b1fa2' : '#ce93d8',
      light ? '#5d4037' : '#bcaaa4',
      light ? '#455a64' : '#b0bec5',
    ],
    accent: v('--jp-error-color1', '#d32f2f'),
    good: v('--jp-success-color1', '#388e3c'),
    colorscale: light
      ? [[0, '#0d0887'], [0.25, '#7e03a8'], [0.5, '#cc4778'], [0.75, '#f89540'], [1, '#f0f921']]
      : [[0, '#000004'], [0.25, '#51127c'], [0.5, '#b73779'], [0.75, '#fc8961'], [1, '#fcfdbf']],
  };
}

type Listener = () => void;
const listeners = new Set<Listener>();
let observer: MutationObserver | null = null;

/** Calls `listener` after each theme change; returns the function that stops it. */
export function onThemeChange(listener: Listener): () => void {
  listeners.add(listener);
  if (!observer) {
    observer = new MutationObserver(() => {
      // The theme's CSS is swapped in as the attribute changes; read it on the next frame.
      requestAnimationFrame(() => listeners.forEach((l) => l()));
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ['data-jp-theme-name', 'data-jp-theme-light'] });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && observer) {
      observer.disconnect();
      observer = null;
    }
  };
}
