/**
 * LaTeX formulas above a plot, typeset with JupyterLab's own LaTeX typesetter (MathJax, passed to
 * every renderer) when the lab has one; otherwise the LaTeX source is shown as code.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { CLASS } from './constants.js';

export interface Formula {
  /** What the formula is of, e.g. the loss title; shown before it. */
  label: string;
  latex: string;
}

/** Fills `node` with the formulas and typesets them; returns when typesetting is done. */
export async function showFormulas(node: HTMLElement, formulas: readonly Formula[], typesetter: IRenderMime.ILatexTypesetter | null): Promise<void> {
  node.textContent = '';
  node.classList.add(CLASS.formula);
  for (const f of formulas) {
    const line = document.createElement('div');
    line.className = `${CLASS.formula}-line`;
    const label = document.createElement('span');
    label.className = `${CLASS.formula}-label`;
    label.textContent = f.label;
    const math = document.createElement(typesetter ? 'span' : 'code');
    math.className = `${CLASS.formula}-math`;
    // Inline delimiters MathJax looks for; textContent keeps the payload's text inert.
    math.textContent = typesetter ? `\\(\\displaystyle ${f.latex}\\)` : f.latex;
    line.append(label, math);
    node.appendChild(line);
  }
  if (typesetter) {
    try {
      await typesetter.typeset(node);
    } catch {
      // Typesetting is decoration: on failure the source text stays readable.
    }
  }
}
