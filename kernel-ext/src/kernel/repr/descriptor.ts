/**
 * A loss descriptor (losslab's catalog entry) as a cell result: its card from the display helpers
 * (formula and gradient in LaTeX, parameters) when the catalog knows the id, else a short card
 * built from the descriptor itself.
 */
import type { LossDescriptor } from 'losslab';

export function isLossDescriptor(value: unknown): value is LossDescriptor {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.title === 'string' && typeof v.formula === 'string' && Array.isArray(v.params) && typeof v.curve === 'function';
}

function fallbackBundle(d: LossDescriptor): Record<string, string> {
  const params = d.params.map((p) => `| \`${p.name}\` | $${p.symbol.replace(/\|/g, '\\|')}$ | ${p.default === null ? 'off' : String(p.default)} | ${p.description.replace(/\|/g, '\\|')} |`);
  const table = params.length ? ['| Parameter | Symbol | Default | Meaning |', '|---|---|---|---|', ...params].join('\n') : 'No parameters.';
  return {
    'text/markdown': `### ${d.title} (\`${d.id}\`)\n\n$$${d.formula}$$\n\n${table}`,
    'text/latex': `$$${d.formula}$$`,
    'text/plain': `${d.title} (${d.id})\nloss: ${d.formula}\n${d.params.map((p) => `${p.name} = ${String(p.default)}: ${p.description}`).join('\n')}`,
  };
}

export async function descriptorBundle(d: LossDescriptor): Promise<Record<string, unknown>> {
  try {
    // Loaded when first needed: it imports losslab (and tfjs), which the kernel must not load itself.
    const { showLossBundle } = await import('../../display/formula.js');
    return showLossBundle(d.id);
  } catch {
    return fallbackBundle(d);
  }
}
