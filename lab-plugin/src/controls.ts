/**
 * The widgets' input controls, built from the catalog's parameter specs: a slider per numeric
 * parameter (range, step and default from the catalog), a checkbox per boolean, a select per
 * choice, and a segmented toggle. Every <input>/<select> carries `data-lm-suppress-shortcuts`, or
 * JupyterLab's notebook shortcuts (arrows, j/k, ...) would take the keys a focused slider needs.
 */
import type { ParamSpec } from 'losslab';
import { CLASS } from './constants.js';

export type ParamValue = number | boolean | string;

function suppressShortcuts(el: HTMLElement): void {
  el.setAttribute('data-lm-suppress-shortcuts', 'true');
}

function formatNumber(x: number, step: number): string {
  const decimals = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
  return x.toFixed(decimals);
}

/** A labelled row: `<label>symbol</label> <control> <value>`. */
function row(labelText: string, title: string, control: HTMLElement, value?: HTMLElement): HTMLElement {
  const r = document.createElement('label');
  r.className = CLASS.control;
  r.title = title;
  const name = document.createElement('span');
  name.className = `${CLASS.control}-name`;
  name.textContent = labelText;
  r.append(name, control);
  if (value) r.appendChild(value);
  return r;
}

/**
 * The slider range of a numeric parameter: the catalog's, widened to include `value` (a payload
 * may set a value outside the suggested range); parameters without one get [0, 2·max(|value|, 1)].
 */
export function sliderRange(spec: ParamSpec, value: number): { min: number; max: number; step: number } {
  const r = spec.range ?? { min: 0, max: 2 * Math.max(Math.abs(value), 1), step: spec.kind === 'integer' ? 1 : 0.01 };
  return { min: Math.min(r.min, value), max: Math.max(r.max, value), step: r.step };
}

/** Whether a parameter gets a control: booleans, choices, and numbers the catalog gives a slider range. */
export function hasControl(spec: ParamSpec): boolean {
  return spec.kind === 'boolean' || spec.kind === 'choice' || spec.range !== undefined;
}

/**
 * The value a control starts at: the payload's, else the catalog default. A number whose default
 * is null ("off": the option absent) starts as undefined.
 */
export function initialValue(spec: ParamSpec, given: ParamValue | undefined): ParamValue | undefined {
  if (given !== undefined) return given;
  if (spec.default !== null) return spec.default;
  switch (spec.kind) {
    case 'boolean':
      return false;
    case 'choice':
      return spec.choices?.[0] ?? '';
    default:
      return undefined;
  }
}

/**
 * A control for one parameter. `onChange` gets the new value on every movement (`input` events),
 * so dragging a slider redraws continuously; `undefined` when an optional number is switched off.
 * Numbers get a slider over the catalog's range; numbers whose default is "off" (null) get a
 * checkbox that switches them on. (Numbers without a range, e.g. ignoreIndex, get no control:
 * see `hasControl`.)
 */
export function paramControl(spec: ParamSpec, value: ParamValue | undefined, onChange: (v: ParamValue | undefined) => void): HTMLElement {
  const label = symbolLabel(spec);
  const title = `${spec.name}: ${spec.description}${spec.valid ? ` (valid: ${spec.valid})` : ''}`;
  if (spec.kind === 'boolean') {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = Boolean(value);
    box.dataset['param'] = spec.name;
    suppressShortcuts(box);
    box.addEventListener('change', () => onChange(box.checked));
    return row(label, title, box);
  }
  if (spec.kind === 'choice') {
    const select = document.createElement('select');
    for (const choice of spec.choices ?? []) {
      const option = document.createElement('option');
      option.value = option.textContent = choice;
      select.appendChild(option);
    }
    select.value = String(value);
    select.dataset['param'] = spec.name;
    suppressShortcuts(select);
    select.addEventListener('change', () => onChange(select.value));
    return row(label, title, select);
  }
  const on = value !== undefined;
  const numeric = typeof value === 'number' ? value : (spec.range?.min ?? 0);
  const { min, max, step } = sliderRange(spec, numeric);
  const input = document.createElement('input');
  input.type = 'range';
  input.min = String(min);
  input.max = String(max);
  input.step = String(step);
  input.value = String(numeric);
  const read = () => Number(input.value);
  const shown = document.createElement('span');
  shown.className = CLASS.value;
  const show = () => (shown.textContent = input.disabled ? 'off' : formatNumber(read(), step));
  input.dataset['param'] = spec.name;
  input.setAttribute('aria-label', `${spec.name} (${spec.description})`);
  suppressShortcuts(input);
  const emit = () => onChange(spec.kind === 'integer' ? Math.round(read()) : read());
  input.addEventListener('input', () => {
    show();
    emit();
  });
  input.disabled = !on;
  show();
  const r = row(label, title, input, shown);
  if (spec.default === null) {
    // An optional number: off (the option absent) until switched on.
    const enable = document.createElement('input');
    enable.type = 'checkbox';
    enable.checked = on;
    enable.dataset['paramEnable'] = spec.name;
    enable.title = `use ${spec.name} (off: the option is not passed)`;
    suppressShortcuts(enable);
    enable.addEventListener('change', () => {
      input.disabled = !enable.checked;
      show();
      if (enable.checked) emit();
      else onChange(undefined);
    });
    r.insertBefore(enable, input);
  }
  return r;
}

/** A labelled <select> among `choices` (e.g. the reduction). */
export function choiceControl(labelText: string, choices: readonly string[], value: string, onChange: (v: string) => void): HTMLElement {
  const spec: ParamSpec = { name: labelText, symbol: '', description: labelText, kind: 'choice', default: value, choices };
  return paramControl(spec, value, (v) => onChange(String(v ?? value)));
}

/** A segmented toggle (e.g. loss | gradient): buttons, one active. */
export function toggle<T extends string>(options: readonly { value: T; label: string }[], value: T, onChange: (v: T) => void): HTMLElement {
  const group = document.createElement('div');
  group.className = CLASS.toggle;
  group.setAttribute('role', 'radiogroup');
  const buttons = options.map((o) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = o.label;
    b.dataset['value'] = o.value;
    b.setAttribute('role', 'radio');
    suppressShortcuts(b);
    b.addEventListener('click', () => {
      if (b.classList.contains(CLASS.toggleActive)) return;
      select(o.value);
      onChange(o.value);
    });
    return b;
  });
  const select = (v: T) =>
    buttons.forEach((b) => {
      const on = b.dataset['value'] === v;
      b.classList.toggle(CLASS.toggleActive, on);
      b.setAttribute('aria-checked', String(on));
    });
  select(value);
  group.append(...buttons);
  return group;
}

/** A titled group of controls (e.g. the parameters of one curve). */
export function group(labelText: string, children: HTMLElement[]): HTMLElement {
  const g = document.createElement('fieldset');
  g.className = CLASS.group;
  const legend = document.createElement('legend');
  legend.className = CLASS.groupLabel;
  legend.textContent = labelText;
  g.append(legend, ...children);
  return g;
}

/** LaTeX names of Greek letters → the letters, for slider labels (the catalog's symbols are LaTeX). */
const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ',
  chi: 'χ', psi: 'ψ', omega: 'ω',
};

/** A parameter's label: its symbol when it reads as plain text (`\gamma` → γ, `m`), else its name. */
export function symbolLabel(spec: Pick<ParamSpec, 'name' | 'symbol'>): string {
  const s = spec.symbol.trim();
  const greek = GREEK[s.replace(/^\\/, '')];
  if (greek && s.startsWith('\\')) return greek;
  return /^[A-Za-z]{1,3}$/.test(s) ? s : spec.name;
}
