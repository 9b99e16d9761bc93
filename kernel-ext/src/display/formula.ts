/**
 * `showLoss(id)`'s bundle: a loss's catalog entry as a card — title, summary, formula and
 * gradient in LaTeX, its parameters as a table, inputs, reductions, reference and notes.
 * Markdown (with $$ math) renders in JupyterLab, nbconvert and GitHub; text/latex carries the
 * formula alone; text/plain the whole card in plain text.
 */
import { describeLoss, type LossDescriptor, type ParamSpec } from 'losslab';
import { type MimeBundle, textTable } from './bundle.js';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function defaultText(p: ParamSpec): string {
  return p.default === null ? 'off' : String(p.default);
}

function rangeText(p: ParamSpec): string {
  if (p.range) return `${p.range.min} … ${p.range.max}`;
  if (p.choices) return p.choices.join(', ');
  return p.kind === 'boolean' ? 'true, false' : '';
}

function equivalents(d: LossDescriptor): string[] {
  const e = d.equivalents;
  return [e.pytorch && `PyTorch: \`${e.pytorch}\``, e.keras && `Keras: \`${e.keras}\``, e.other && `Also: ${e.other}`].filter((s): s is string => !!s);
}

function markdown(d: LossDescriptor): string {
  const out: string[] = [`### ${d.title} (\`${d.id}\`)`, '', d.summary, '', `$$${d.formula}$$`, '', 'Gradient along its natural variable:', '', `$$${d.gradient}$$`, ''];
  if (d.params.length) {
    out.push('| Parameter | Symbol | Default | Slider range | Valid | Meaning |', '|---|---|---|---|---|---|');
    for (const p of d.params) {
      out.push(`| \`${p.name}\` | $${cell(p.symbol)}$ | ${cell(defaultText(p))} | ${cell(rangeText(p))} | ${cell(p.valid ?? '')} | ${cell(p.description)} |`);
    }
  } else {
    out.push('No parameters.');
  }
  out.push('');
  out.push(`**Inputs:** ${d.inputs.map((i) => `\`${i.name}\` (${i.description}; ${i.shape}${i.differentiable ? '; differentiable' : ''})`).join(', ')}.`);
  out.push(`**Reductions:** ${d.reductions.map((r) => (r === d.defaultReduction ? `\`${r}\` (default)` : `\`${r}\``)).join(', ')}. **Natural axis:** ${d.axis.label}.`);
  out.push(`**Reference:** [${d.reference.title}](${d.reference.url}), ${d.reference.authors}, ${d.reference.year}.${equivalents(d).length ? ` ${equivalents(d).join(' · ')}.` : ''}`);
  if (d.notes.length) out.push('', '**Notes:**', ...d.notes.map((n) => `- ${n}`));
  return out.join('\n');
}

function plain(d: LossDescriptor): string {
  const out = [`${d.title} (${d.id}), ${d.family}`, d.summary, '', `loss:     ${d.formula}`, `gradient: ${d.gradient}`, ''];
  if (d.params.length) {
    out.push(textTable(['parameter', 'default', 'range', 'valid', 'meaning'], d.params.map((p) => [p.name, defaultText(p), rangeText(p), p.valid ?? '', p.description])));
  } else {
    out.push('No parameters.');
  }
  out.push('', `inputs: ${d.inputs.map((i) => `${i.name} ${i.shape}`).join(', ')}`);
  out.push(`reductions: ${d.reductions.join(', ')} (default ${d.defaultReduction})`);
  out.push(`reference: ${d.reference.authors} (${d.reference.year}), ${d.reference.title}, ${d.reference.url}`);
  for (const e of equivalents(d)) out.push(e.replace(/`/g, ''));
  for (const n of d.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

/**
 * The bundle of `showLoss(id)`: text/markdown (the card), text/latex (the formula and gradient)
 * and text/plain.
 *
 * @throws LossInputError listing the known ids when `id` is not in the catalog.
 */
export function showLossBundle(id: string): MimeBundle {
  const d = describeLoss(id);
  return {
    'text/markdown': markdown(d),
    'text/latex': `$$${d.formula}$$\n$$${d.gradient}$$`,
    'text/plain': plain(d),
  };
}
