/**
 * `liveLossCurve()`: a training curve that redraws in place while a model trains. The first call
 * displays an output; each `push(step, values)` records the values and, at most every
 * `throttleMs`, replaces that output (update_display_data by display id) with the new chart.
 */
import { LossInputError } from 'losslab';
import { lineChart, type LineSeries } from './svg/index.js';
import { fmt } from './svg/doc.js';
import type { MimeBundle } from './bundle.js';

export interface LiveLossCurveOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Minimum time between redraws in ms (default 250); `done()` always draws the last state. */
  throttleMs?: number;
}

/** How a live curve shows itself: `display(bundle, { displayId, update })` of the kernel runtime. */
export type Publish = (bundle: MimeBundle, options: { displayId?: string; update?: boolean }) => string;

const DOTS_UP_TO = 30;

/** The bundle of a training curve: SVG line chart and a text line with the latest values. */
export function liveCurveBundle(title: string, xLabel: string, yLabel: string, series: LineSeries[]): MimeBundle {
  const steps = series.reduce((n, s) => Math.max(n, s.x.length), 0);
  const latest = series
    .filter((s) => s.x.length)
    .map((s) => {
      let best = -1;
      s.y.forEach((v, i) => Number.isFinite(v) && (best < 0 || v < s.y[best]!) && (best = i));
      const last = `${s.label} ${fmt(s.y[s.y.length - 1]!)}`;
      return best >= 0 ? `${last} (best ${fmt(s.y[best]!)} at ${fmt(s.x[best]!)})` : last;
    });
  const lastStep = series.reduce((m, s) => (s.x.length ? Math.max(m, s.x[s.x.length - 1]!) : m), -Infinity);
  const plain = steps ? `${title}, ${xLabel} ${fmt(lastStep)}: ${latest.join(', ')}` : `${title}: waiting for the first ${xLabel}`;
  const svg = lineChart({
    title,
    subtitle: steps ? `${xLabel} ${fmt(lastStep)}: ${latest.join(' · ')}` : `waiting for the first ${xLabel}`,
    xLabel,
    yLabel,
    series,
    legend: series.length > 1,
    dots: steps <= DOTS_UP_TO,
    integerX: series.every((s) => s.x.every(Number.isInteger)),
    height: 340,
  }).svg;
  return { 'image/svg+xml': svg, 'text/plain': plain };
}

/** A training curve shown in one output that updates in place. */
export class LiveLossCurve {
  readonly displayId: string;
  private readonly title: string;
  private readonly xLabel: string;
  private readonly yLabel: string;
  private readonly throttleMs: number;
  private readonly history = new Map<string, { x: number[]; y: number[] }>();
  private lastDraw = -Infinity;
  private dirty = false;

  constructor(
    options: LiveLossCurveOptions = {},
    private readonly publish: Publish,
  ) {
    this.title = options.title ?? 'Training loss';
    this.xLabel = options.xLabel ?? 'step';
    this.yLabel = options.yLabel ?? 'loss';
    const t = options.throttleMs ?? 250;
    if (typeof t !== 'number' || !(t >= 0)) throw new LossInputError('liveLossCurve', 'options.throttleMs', 'a number >= 0', String(t));
    this.throttleMs = t;
    this.displayId = this.publish(this.bundle(), {});
  }

  /** The recorded series, one per name pushed. */
  get series(): LineSeries[] {
    return [...this.history].map(([label, s]) => ({ label, x: s.x.slice(), y: s.y.slice() }));
  }

  /**
   * Records the values at `step` (a number, or named values such as `{ train: 0.4, val: 0.5 }`) and
   * redraws when `throttleMs` has passed since the last redraw. A NaN value is kept (a gap in its
   * line: a diverging run shows as such). Returns this, for chaining.
   */
  push(step: number, values: number | Record<string, number>): this {
    if (typeof step !== 'number' || !Number.isFinite(step)) throw new LossInputError('liveLossCurve.push', 'step', 'a finite number', String(step));
    const named = typeof values === 'number' ? { [this.yLabel]: values } : values;
    if (named === null || typeof named !== 'object') throw new LossInputError('liveLossCurve.push', 'values', 'a number or an object of named numbers', String(values));
    for (const [name, v] of Object.entries(named)) {
      if (typeof v !== 'number') throw new LossInputError('liveLossCurve.push', `values.${name}`, 'a number', typeof v);
      const s = this.history.get(name) ?? this.history.set(name, { x: [], y: [] }).get(name)!;
      s.x.push(step);
      s.y.push(v);
    }
    this.dirty = true;
    if (Date.now() - this.lastDraw >= this.throttleMs) this.render();
    return this;
  }

  /** Redraws now. */
  render(): void {
    this.publish(this.bundle(), { displayId: this.displayId, update: true });
    this.lastDraw = Date.now();
    this.dirty = false;
  }

  /** Draws the final state if anything changed since the last redraw. */
  done(): void {
    if (this.dirty) this.render();
  }

  private bundle(): MimeBundle {
    return liveCurveBundle(this.title, this.xLabel, this.yLabel, this.series);
  }
}
