/**
 * Validation of a losslab MIME payload (`application/vnd.losslab.v1+json`), for whatever reads one:
 * the JupyterLab plugin before it draws, the kernel's display helpers before they emit.
 *
 * It never throws on bad data: `checkPayload` returns every problem found, each as a sentence a
 * notebook user can act on ("curves[1].params.gamma must be a finite number, but got "2"."), and
 * says apart a payload written by a newer losslab (`reason: 'newer-version'`) from a malformed one.
 * It imports no tensor code, so a viewer can check a payload before it loads the losslab core; pass
 * `describe` (e.g. the catalog's lookup) to also check loss ids, parameter names and values, and the
 * batch's input names against the catalog.
 */
import type { LossDescriptor, ParamSpec } from '../catalog/types.js';
import type { LosslabPayload, WidgetKind } from './index.js';
import { LOSSLAB_PAYLOAD_VERSION } from './index.js';

/** The widget kinds this version of losslab draws. */
export const WIDGET_KINDS: readonly WidgetKind[] = ['explorer', 'batch', 'embedding', 'landscape'];

/** Size limits that keep a payload drawable in a browser without freezing the page. */
export const PAYLOAD_LIMITS = {
  /** Points along the explorer's axis, per curve. */
  explorerPoints: { min: 2, max: 10_000 },
  /** Curves overlaid in one explorer. */
  curves: 32,
  /** Grid points per side of a landscape (the grid is points × points). */
  landscapePoints: { min: 2, max: 400 },
  /** Numbers in all of a batch's inputs together. */
  batchElements: 4_000_000,
  /** Rows of anchors (and of positives, negatives) in an embedding inspector. */
  embeddingRows: 10_000,
} as const;

/** Why a payload cannot be drawn. */
export type PayloadProblemReason = 'malformed' | 'newer-version';

export type PayloadCheck =
  | { ok: true; payload: LosslabPayload }
  | { ok: false; reason: PayloadProblemReason; issues: string[] };

export interface CheckOptions {
  /** Looks a loss id up (the catalog); when given, ids, parameters and input names are checked. */
  describe?: (id: string) => LossDescriptor | undefined;
  /** Stop collecting after this many issues (default 20). */
  maxIssues?: number;
}

/** Thrown by `validatePayload`; `issues` holds each problem as a sentence. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';

  constructor(
    readonly reason: PayloadProblemReason,
    readonly issues: readonly string[],
  ) {
    super(issues.length === 1 ? issues[0] : `${issues.length} problems in a losslab payload:\n- ${issues.join('\n- ')}`);
  }
}

/**
 * Returns the payload typed as `LosslabPayload` when it is well formed, else every problem found
 * (up to `maxIssues`). A payload whose `version` is above `LOSSLAB_PAYLOAD_VERSION` is reported as
 * `'newer-version'` with one issue saying which losslab reads it, whatever else it holds.
 */
export function checkPayload(data: unknown, options: CheckOptions = {}): PayloadCheck {
  const c = new Checker(options.maxIssues ?? 20, options.describe);
  if (!isObject(data)) {
    c.issue('The losslab payload', 'a JSON object', data);
    return c.result(data);
  }
  const version = data['version'];
  if (typeof version === 'number' && Number.isInteger(version) && version > LOSSLAB_PAYLOAD_VERSION) {
    return {
      ok: false,
      reason: 'newer-version',
      issues: [
        `This output was written by a newer losslab (payload version ${version}); this viewer reads version ` +
          `${LOSSLAB_PAYLOAD_VERSION}. Update the losslab JupyterLab extension (@losslab/jupyterlab) to see it.`,
      ],
    };
  }
  if (version !== LOSSLAB_PAYLOAD_VERSION) c.issue('version', `${LOSSLAB_PAYLOAD_VERSION}`, version);
  if (data['title'] !== undefined && typeof data['title'] !== 'string') c.issue('title', 'a string', data['title']);

  const widget = data['widget'];
  switch (widget) {
    case 'explorer':
      c.explorer(data);
      break;
    case 'batch':
      c.batch(data);
      break;
    case 'embedding':
      c.embedding(data);
      break;
    case 'landscape':
      c.landscape(data);
      break;
    default:
      c.issue('widget', `one of ${WIDGET_KINDS.map((k) => `"${k}"`).join(', ')}`, widget);
  }
  return c.result(data);
}

/** `checkPayload` that returns the typed payload or throws a `PayloadError` listing the problems. */
export function validatePayload(data: unknown, options: CheckOptions = {}): LosslabPayload {
  const r = checkPayload(data, options);
  if (!r.ok) throw new PayloadError(r.reason, r.issues);
  return r.payload;
}

// ---------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function isObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** A short description of a JSON value, for "but got ..." (never the whole value). */
export function describeJson(x: unknown): string {
  if (x === undefined) return 'nothing (the field is missing)';
  if (x === null) return 'null';
  if (typeof x === 'number') return Number.isNaN(x) ? 'NaN' : String(x);
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}...` : x);
  if (typeof x === 'boolean') return String(x);
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === 'object') return 'an object';
  return `a value of type ${typeof x}`;
}

/** Collects issues while walking a payload; each check reads as one rule. */
class Checker {
  private readonly issues: string[] = [];

  constructor(
    private readonly maxIssues: number,
    private readonly describe?: (id: string) => LossDescriptor | undefined,
  ) {}

  issue(where: string, expected: string, got: unknown, gotInWords?: string): void {
    if (this.issues.length < this.maxIssues) this.issues.push(`${where} must be ${expected}, but got ${gotInWords ?? describeJson(got)}.`);
  }

  result(data: unknown): PayloadCheck {
    return this.issues.length ? { ok: false, reason: 'malformed', issues: this.issues } : { ok: true, payload: data as LosslabPayload };
  }

  // --- widgets ---------------------------------------------------------------------------------

  explorer(d: Obj): void {
    const curves = d['curves'];
    if (!Array.isArray(curves) || curves.length === 0 || curves.length > PAYLOAD_LIMITS.curves) {
      this.issue('curves', `a list of 1 to ${PAYLOAD_LIMITS.curves} curves ({ loss, params?, label? })`, curves);
    } else {
      curves.forEach((curve, i) => {
        const at = `curves[${i}]`;
        if (!isObject(curve)) return this.issue(at, 'an object { loss, params?, label? }', curve);
        const desc = this.lossId(curve['loss'], `${at}.loss`);
        this.params(curve['params'], `${at}.params`, desc);
        if (curve['label'] !== undefined && typeof curve['label'] !== 'string') this.issue(`${at}.label`, 'a string', curve['label']);
      });
    }
    const view = d['view'];
    if (view !== undefined && view !== 'loss' && view !== 'gradient') this.issue('view', '"loss" or "gradient"', view);
    const range = d['range'];
    if (range !== undefined) {
      if (!Array.isArray(range) || range.length !== 2 || !range.every(isFiniteNumber) || !(range[0] < range[1])) {
        this.issue('range', 'two finite numbers [min, max] with min < max', range, Array.isArray(range) ? JSON.stringify(range) : undefined);
      }
    }
    this.intIn(d['points'], 'points', PAYLOAD_LIMITS.explorerPoints);
    this.samples(d['samples']);
  }

  private samples(samples: unknown): void {
    if (samples === undefined) return;
    if (!Array.isArray(samples) || samples.length > PAYLOAD_LIMITS.curves) {
      return this.issue('samples', `a list of up to ${PAYLOAD_LIMITS.curves} sampled curves ({ label, x, y, view? })`, samples);
    }
    samples.forEach((c, i) => {
      const at = `samples[${i}]`;
      if (!isObject(c)) return this.issue(at, 'an object { label, x, y, view? }', c);
      if (typeof c['label'] !== 'string') this.issue(`${at}.label`, 'a string', c['label']);
      const x = c['x'];
      const y = c['y'];
      const n = Array.isArray(x) ? x.length : -1;
      const { min, max } = PAYLOAD_LIMITS.explorerPoints;
      if (!Array.isArray(x) || n < min || n > max || !x.every(isFiniteNumber)) this.issue(`${at}.x`, `${min} to ${max} finite numbers`, x, Array.isArray(x) ? `${n} values` : undefined);
      if (!Array.isArray(y) || y.length !== n || !y.every((v) => v === null || isFiniteNumber(v))) {
        this.issue(`${at}.y`, 'one finite number (or null for a gap) per x', y, Array.isArray(y) ? `${y.length} values` : undefined);
      }
      if (c['view'] !== undefined && c['view'] !== 'loss' && c['view'] !== 'gradient') this.issue(`${at}.view`, '"loss" or "gradient"', c['view']);
    });
  }

  batch(d: Obj): void {
    const desc = this.lossId(d['loss'], 'loss');
    this.params(d['params'], 'params', desc);
    this.reduction(d['reduction'], desc);
    const inputs = d['inputs'];
    if (!isObject(inputs) || Object.keys(inputs).length === 0) {
      return this.issue('inputs', 'an object of the loss\'s inputs by name, e.g. { "input": [...], "target": [...] }', inputs);
    }
    const known = desc?.inputs.map((s) => s.name);
    let elements = 0;
    for (const [name, value] of Object.entries(inputs)) {
      if (known && !known.includes(name)) {
        this.issue(`inputs.${name}`, `an input of ${desc!.id} (${known.join(', ')})`, name, `an input named "${name}"`);
        continue;
      }
      elements += this.tensor(value, `inputs.${name}`);
    }
    const tensorParams = d['tensorParams'];
    if (tensorParams !== undefined) {
      if (!isObject(tensorParams)) {
        this.issue('tensorParams', 'an object of tensor-valued options, e.g. { "weight": [1, 5] }', tensorParams);
      } else {
        for (const [name, value] of Object.entries(tensorParams)) elements += this.tensor(value, `tensorParams.${name}`);
      }
    }
    if (elements > PAYLOAD_LIMITS.batchElements) {
      this.issue('inputs', `at most ${PAYLOAD_LIMITS.batchElements} numbers in all`, inputs, `${elements}`);
    }
  }

  embedding(d: Obj): void {
    const desc = this.lossId(d['loss'], 'loss');
    this.params(d['params'], 'params', desc);
    const anchors = this.matrix(d['anchors'], 'anchors');
    const positives = this.matrix(d['positives'], 'positives');
    const negatives = d['negatives'] === undefined ? null : this.matrix(d['negatives'], 'negatives');
    if (anchors && positives) {
      if (positives.rows !== anchors.rows) this.issue('positives', `${anchors.rows} rows (one per anchor)`, null, `${positives.rows} rows`);
      if (positives.cols !== anchors.cols) this.issue('positives', `rows of dimension ${anchors.cols}, as the anchors`, null, `dimension ${positives.cols}`);
    }
    if (anchors && negatives && negatives.cols !== anchors.cols) {
      this.issue('negatives', `rows of dimension ${anchors.cols}, as the anchors`, null, `dimension ${negatives.cols}`);
    }
    const labels = d['labels'];
    if (labels !== undefined) {
      if (!Array.isArray(labels) || !labels.every((l) => Number.isInteger(l))) this.issue('labels', 'a list of integer class labels', labels);
      else if (anchors && labels.length !== anchors.rows) this.issue('labels', `${anchors.rows} labels (one per anchor)`, labels);
    }
  }

  landscape(d: Obj): void {
    const desc = this.lossId(d['loss'], 'loss');
    this.params(d['params'], 'params', desc);
    for (const axis of ['x', 'y'] as const) {
      const r = d[axis];
      if (r === undefined) continue;
      if (!isObject(r) || !isFiniteNumber(r['min']) || !isFiniteNumber(r['max']) || !(r['min'] < r['max'])) {
        this.issue(axis, '{ min, max } with finite min < max', r, isObject(r) ? JSON.stringify(r) : undefined);
      }
    }
    this.intIn(d['points'], 'points', PAYLOAD_LIMITS.landscapePoints);
  }

  // --- parts -----------------------------------------------------------------------------------

  /** Checks a loss id; returns its descriptor when a catalog was given and knows it. */
  private lossId(id: unknown, where: string): LossDescriptor | undefined {
    if (typeof id !== 'string' || id === '') {
      this.issue(where, 'a loss id (a string such as "focalLoss")', id);
      return undefined;
    }
    if (!this.describe) return undefined;
    const desc = this.describe(id);
    if (!desc) this.issue(where, 'a loss of the losslab catalog', id, `"${id}", which this losslab does not know`);
    return desc;
  }

  private params(params: unknown, where: string, desc: LossDescriptor | undefined): void {
    if (params === undefined) return;
    if (!isObject(params)) return this.issue(where, 'an object of parameter values, e.g. { "gamma": 2 }', params);
    for (const [name, value] of Object.entries(params)) {
      const at = `${where}.${name}`;
      if (!desc) {
        if (!isFiniteNumber(value) && typeof value !== 'boolean' && typeof value !== 'string') this.issue(at, 'a finite number, a boolean or a string', value);
        continue;
      }
      const spec = desc.params.find((p) => p.name === name);
      if (!spec) {
        const names = desc.params.map((p) => p.name);
        this.issue(at, `a parameter of ${desc.id} (${names.length ? names.join(', ') : 'it has none'})`, value, `a parameter named "${name}"`);
        continue;
      }
      this.paramValue(value, at, spec);
    }
  }

  private paramValue(value: unknown, at: string, spec: ParamSpec): void {
    switch (spec.kind) {
      case 'number':
        if (!isFiniteNumber(value)) this.issue(at, 'a finite number', value);
        break;
      case 'integer':
        if (!Number.isInteger(value)) this.issue(at, 'an integer', value);
        break;
      case 'boolean':
        if (typeof value !== 'boolean') this.issue(at, 'true or false', value);
        break;
      case 'choice':
        if (typeof value !== 'string' || !(spec.choices ?? []).includes(value)) {
          this.issue(at, `one of ${(spec.choices ?? []).map((s) => `"${s}"`).join(', ')}`, value);
        }
        break;
    }
  }

  private reduction(r: unknown, desc: LossDescriptor | undefined): void {
    if (r === undefined) return;
    const allowed = desc?.reductions ?? ['mean', 'sum', 'none'];
    if (typeof r !== 'string' || !(allowed as readonly string[]).includes(r)) {
      this.issue('reduction', `one of ${allowed.map((s) => `"${s}"`).join(', ')}`, r);
    }
  }

  private intIn(x: unknown, where: string, range: { min: number; max: number }): void {
    if (x === undefined) return;
    if (!Number.isInteger(x) || (x as number) < range.min || (x as number) > range.max) {
      this.issue(where, `an integer from ${range.min} to ${range.max}`, x);
    }
  }

  /**
   * Checks a nested list of finite numbers that is rectangular; returns its element count (0 when
   * it is not a tensor). Reports the first bad element with its position, e.g. `[3][1]`.
   */
  private tensor(x: unknown, where: string): number {
    if (isFiniteNumber(x)) return 1;
    if (!Array.isArray(x)) {
      this.issue(where, 'a number or a (nested) list of numbers', x);
      return 0;
    }
    const shape: number[] = [];
    for (let level: unknown = x; Array.isArray(level); level = level[0]) shape.push(level.length);
    const count = shape.reduce((a, b) => a * b, 1);
    // Too large to draw: say so before scanning millions of elements.
    if (count > PAYLOAD_LIMITS.batchElements) return count;
    const bad = firstBadElement(x, shape, 0);
    if (bad) {
      this.issue(where, bad.expected, bad.value, bad.inWords ? `${bad.inWords} at ${bad.at}` : `${describeJson(bad.value)} at ${bad.at}`);
      return 0;
    }
    return count;
  }

  /** A non-empty list of equally long, non-empty rows of finite numbers. */
  private matrix(x: unknown, where: string): { rows: number; cols: number } | null {
    if (!Array.isArray(x) || x.length === 0 || !Array.isArray(x[0]) || x[0].length === 0) {
      this.issue(where, 'a non-empty list of vectors (rows of numbers)', x);
      return null;
    }
    if (x.length > PAYLOAD_LIMITS.embeddingRows) {
      this.issue(where, `at most ${PAYLOAD_LIMITS.embeddingRows} rows`, x);
      return null;
    }
    const shape = [x.length, (x[0] as unknown[]).length];
    const bad = firstBadElement(x, shape, 0);
    if (bad) {
      this.issue(where, bad.expected, bad.value, bad.inWords ? `${bad.inWords} at ${bad.at}` : `${describeJson(bad.value)} at ${bad.at}`);
      return null;
    }
    return { rows: shape[0], cols: shape[1] };
  }
}

interface BadElement {
  at: string;
  expected: string;
  value: unknown;
  inWords?: string;
}

/** The first element of `x` that breaks the shape `shape` or is not a finite number. */
function firstBadElement(x: unknown, shape: readonly number[], depth: number, at = ''): BadElement | null {
  if (depth === shape.length) {
    return isFiniteNumber(x) ? null : { at: at || '[]', expected: 'a (nested) list of finite numbers', value: x };
  }
  if (!Array.isArray(x)) {
    return { at: at || '[]', expected: `a rectangular list of shape [${shape.join(', ')}]`, value: x, inWords: describeJson(x) };
  }
  if (x.length !== shape[depth]) {
    return {
      at: at || '[]',
      expected: `a rectangular list of shape [${shape.join(', ')}]`,
      value: x,
      inWords: `a list of length ${x.length} where ${shape[depth]} was expected`,
    };
  }
  for (let i = 0; i < x.length; i++) {
    const bad = firstBadElement(x[i], shape, depth + 1, `${at}[${i}]`);
    if (bad) return bad;
  }
  return null;
}
