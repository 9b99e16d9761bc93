import { describe, expect, it } from 'vitest';
import { symbolText } from 'losslab/viz';
import { catalog } from 'losslab';

describe('symbolText: LaTeX symbols as plain-text axis labels', () => {
  it.each([
    ['\\gamma', 'γ'],
    ['p_t', 'pₜ'],
    ['x - y', 'x − y'],
    ['\\mathrm{sim}(a, p)', 'sim(a, p)'],
    ['\\operatorname{sign}(x)', 'sign(x)'],
  ])('%s → %s', (latex, text) => {
    expect(symbolText(latex)).toBe(text);
  });

  it('leaves no LaTeX command names in any catalog axis or parameter label', () => {
    const symbols = Object.values(catalog).flatMap((d) => [d.axis.symbol, ...d.params.map((p) => p.symbol)]);
    for (const s of symbols) expect(symbolText(s), s).not.toMatch(/\\|mathrm|operatorname|[{}]/);
  });
});
