/**
 * What every figure needs before it computes: the descriptor and the function of a loss id, the
 * parameter values checked against the catalog, grids along an axis, and labels in plain text.
 * Every rule throws a LossInputError that names the id, parameter or field at fault.
 */
import { tf, type Tensor } from '../core/tf.js';
import { fail } from '../core/errors.js';
import { describeValue } from '../core/validate.js';
import { catalog } from '../catalog/index.js';
import type { LossDescriptor, ParamSpec, ParamValues } from '../catalog/types.js';
import * as regression from '../losses/regression.js';
import * as classification from '../losses/classification/index.js';
import * as embedding from '../losses/embedding/index.js';

/** A loss function as the catalog's ids name them: positional inputs, then an options object. */
export type LossFunction = (...args: unknown[]) => Tensor;

const modules: Record<string, unknown>[] = [regression, classification, embedding];

/** Edit distance (Levenshtein), case-insensitive: how far a typo is from a known id. */
function distance(a: string, b: string): number {
  const [s, t] = [a.toLowerCase(), b.toLowerCase()];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[t.length]!;
}

/**
 * The descriptor of `id`; a LossInputError listing the known ids when there is none, led by the
 * closest one when it is a likely typo ("did you mean 'focalLoss'?").
 */
export function lossDescriptor(id: unknown, where: string, argument: string): LossDescriptor {
  const desc = typeof id === 'string' && Object.hasOwn(catalog, id) ? catalog[id] : undefined;
  if (!desc) {
    const ids = Object.keys(catalog);
    const near = typeof id === 'string' ? ids.map((k) => ({ k, d: distance(id, k) })).sort((x, y) => x.d - y.d)[0] : undefined;
    const hint = near && near.d <= Math.max(2, Math.floor(near.k.length / 4)) ? `did you mean '${near.k}'? ` : '';
    fail(where, argument, `a loss of the catalog (${hint}${ids.join(', ')})`, describeValue(id));
  }
  return desc;
}

/** The function a descriptor describes (its `id` is the export name). */
export function lossFunction(desc: LossDescriptor): LossFunction {
  for (const m of modules) {
    const fn = m[desc.id];
    if (typeof fn === 'function') return fn as LossFunction;
  }
  throw new Error(`losslab: the catalog lists ${desc.id} but no loss module exports it`);
}

function checkParam(desc: LossDescriptor, spec: ParamSpec, value: unknown, argument: string): void {
  const bad = (expected: string): never => fail(desc.id, argument, expected, describeValue(value));
  switch (spec.kind) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) bad('a finite number');
      break;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) bad('an integer');
      break;
    case 'boolean':
      if (typeof value !== 'boolean') bad('true or false');
      break;
    case 'choice':
      if (typeof value !== 'string' || !(spec.choices ?? []).includes(value)) {
        bad(`one of ${(spec.choices ?? []).map((c) => `'${c}'`).join(', ')}`);
      }
      break;
  }
}

/**
 * Checks parameter values against the loss's catalog entry: every name must be one of its
 * parameters and every value of the parameter's kind. Ranges are left to the loss function, whose
 * own LossInputError then names the option. Returns the values (an empty object when absent).
 */
export function checkParams(desc: LossDescriptor, params: unknown, argument = 'params'): ParamValues {
  if (params === undefined) return {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    fail(desc.id, argument, 'an object of parameter values, e.g. { gamma: 2 }', describeValue(params));
  }
  for (const [name, value] of Object.entries(params)) {
    const spec = desc.params.find((p) => p.name === name);
    if (!spec) {
      const names = desc.params.map((p) => p.name);
      fail(desc.id, `${argument}.${name}`, `a parameter of ${desc.id} (${names.length ? names.join(', ') : 'it has none'})`, `'${name}'`);
    }
    checkParam(desc, spec, value, `${argument}.${name}`);
  }
  return params as ParamValues;
}

/** The value a parameter has in effect: the given one, else the catalog default (null: off). */
export function paramValue(desc: LossDescriptor, params: ParamValues, name: string): number | boolean | string | null {
  if (params[name] !== undefined) return params[name]!;
  return desc.params.find((p) => p.name === name)?.default ?? null;
}

/** Checks a [min, max] range: finite, min < max. */
export function checkRange(range: unknown, where: string, argument: string): [number, number] {
  const r = range as [unknown, unknown];
  if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === 'number' && Number.isFinite(v)) || !((r[0] as number) < (r[1] as number))) {
    fail(where, argument, 'two finite numbers [min, max] with min < max', Array.isArray(r) ? JSON.stringify(r) : describeValue(r));
  }
  return [r[0] as number, r[1] as number];
}

/** Checks a point count: an integer in [min, max]. */
export function checkCount(n: unknown, where: string, argument: string, min: number, max: number): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    fail(where, argument, `an integer from ${min} to ${max}`, describeValue(n));
  }
  return n;
}

/** `n` evenly spaced values from `min` to `max`, both included, as plain numbers. */
export function linspace(min: number, max: number, n: number): number[] {
  const step = (max - min) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? max : min + i * step));
}

/** A tensor's values as plain numbers, non-finite ones as NaN (a gap in a plot). */
export function finiteOrNaN(t: Tensor): number[] {
  return Array.from(t.dataSync(), (v) => (Number.isFinite(v) ? v : NaN));
}

/** Runs `f` in a tf.tidy scope and returns its plain (non-tensor) result. */
export function compute<T>(f: () => T): T {
  let out: T;
  tf.tidy(() => {
    out = f();
  });
  return out!;
}

const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ',
  phi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Delta: 'Δ', Theta: 'Θ', Sigma: 'Σ', Omega: 'Ω', ell: 'ℓ',
  cdot: '·', times: '×', cos: 'cos', sin: 'sin', log: 'log', exp: 'exp',
};
const SUBSCRIPT: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', t: 'ₜ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', n: 'ₙ', p: 'ₚ', y: 'ᵧ' };

/**
 * A short LaTeX symbol as plain text for labels and legends: `\gamma` → γ, `p_t` → pₜ,
 * `x - y` → x − y, `\cos\theta` → cos θ. Not a LaTeX renderer: meant for symbols, not formulas.
 */
export function symbolText(latex: string): string {
  return latex
    // Font commands only style their argument: \mathrm{sim} → sim.
    .replace(/\\(mathrm|mathbf|mathit|mathsf|operatorname|textrm|text)\s*/g, '')
    .replace(/\\([A-Za-z]+)\s*/g, (m, name: string) => (GREEK[name] !== undefined ? `${GREEK[name]}${/^(cos|sin|log|exp)$/.test(name) ? ' ' : ''}` : name))
    .replace(/_\{([^}]*)\}|_(\w)/g, (m, group: string | undefined, one: string | undefined) => {
      const s = group ?? one ?? '';
      return [...s].every((c) => SUBSCRIPT[c]) ? [...s].map((c) => SUBSCRIPT[c]).join('') : `_${s}`;
    })
    .replace(/[{}]/g, '')
    .replace(/ - /g, ' − ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `δ = 0.5, β = 1`: the parameters given, with their symbols ('' when none). */
export function paramsText(desc: LossDescriptor, params: ParamValues): string {
  return Object.entries(params)
    .map(([name, value]) => {
      const spec = desc.params.find((p) => p.name === name);
      return `${spec ? symbolText(spec.symbol) : name} = ${value}`;
    })
    .join(', ');
}

/** `Huber loss (δ = 0.5)`: a loss's title with the parameters given, for a legend. */
export function curveLabel(desc: LossDescriptor, params: ParamValues): string {
  const p = paramsText(desc, params);
  return p ? `${desc.title} (${p})` : desc.title;
}
