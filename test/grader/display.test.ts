/**
 * How a grade report shows in a notebook: its display hook (HTML table + text), and the kernel's
 * showReport bundles (table; explorer payload with the student's curve as samples + SVG fallback).
 */
import { describe, it, expect } from 'vitest';
import { mseLoss, tf } from 'losslab';
import { checkLoss, type GradeReport } from 'losslab/grader';
import { LOSSLAB_DISPLAY, LOSSLAB_MIME, validatePayload, type ExplorerPayload } from 'losslab/mime';
import { explorerFigure } from 'losslab/viz';
import { catalog } from 'losslab';
import { reportBundle, reportBundles, reportCurveBundle } from '../../kernel-ext/src/display/grader.js';
import { WRONG } from './students.js';

const half = WRONG.find((w) => w.expect === 'constant-factor')!;
const failed = (): GradeReport => checkLoss(half.fn, half.loss);

function hook(r: GradeReport): Record<string, string> {
  return (r as unknown as Record<symbol, () => Record<string, string>>)[LOSSLAB_DISPLAY]!();
}

describe('the report display hook', () => {
  it('gives an HTML table of the cases and the text summary, and is not part of the JSON', () => {
    const r = failed();
    const b = hook(r);
    expect(Object.keys(b).sort()).toEqual(['text/html', 'text/plain']);
    expect(b['text/plain']).toBe(r.summary);
    const html = b['text/html']!;
    expect(html).toContain('0/4 cases passed');
    expect((html.match(/<tr>/g) ?? []).length).toBe(1 + r.cases.length);
    expect(html).toContain('Off by a constant factor');
    expect(html).toContain('Inputs of the failed cases');
    expect(html).not.toMatch(/<script/i);
    expect(JSON.stringify(r)).not.toContain('losslab.display');
  });

  it('escapes what student code puts in messages', () => {
    const r = checkLoss(() => {
      throw new Error('<img src=x onerror=alert(1)>');
    }, 'mseLoss');
    expect(hook(r)['text/html']).not.toContain('<img');
    expect(hook(r)['text/html']).toContain('&lt;img');
  });
});

describe("the kernel's showReport bundles", () => {
  it('a passing report is the table only', () => {
    const r = checkLoss(mseLoss, 'mseLoss');
    expect(reportBundles(r)).toHaveLength(1);
    expect(reportCurveBundle(r)).toBeNull();
    expect(reportBundle(r)['text/html']).toContain('PASSED');
  });

  it("a failed report adds the explorer with the student's curve as samples, and an SVG of both", () => {
    const r = failed();
    const [table, curve] = reportBundles(r);
    expect(table!['text/plain']).toBe(r.summary);
    const payload = validatePayload(curve![LOSSLAB_MIME], { describe: (id) => catalog[id] }) as ExplorerPayload;
    expect(payload.curves).toEqual([{ loss: 'mseLoss', label: 'losslab (reference)' }]);
    expect(payload.samples![0]!.y).toEqual(r.curve!.student);
    // The figure the plugin and the fallback draw: the reference, then the student's samples at half.
    const fig = explorerFigure(payload);
    expect(fig.series.map((s) => s.label)).toEqual(['losslab (reference)', 'your loss']);
    fig.series[1]!.y.forEach((y, i) => expect(y).toBeCloseTo(fig.series[0]!.y[i]! / 2, 4));
    const svg = curve!['image/svg+xml'] as string;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('your loss');
    expect(svg).toContain('stroke-dasharray');
    expect(curve!['text/plain']).toContain('The curves part at residual x − y = -3');
  });

  it('rejects what is not a report', () => {
    expect(() => reportBundle({} as GradeReport)).toThrow('reportBundle: report must be a report returned by checkLoss');
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(0);
  });
});

describe('sampled curves in the explorer payload', () => {
  const base = { version: 1, widget: 'explorer', curves: [{ loss: 'mseLoss' }] } as const;
  it.each([
    [{ label: 'a', x: [0, 1], y: [0, null] }, null],
    [{ label: 'a', x: [0, 1], y: [0] }, 'samples[0].y must be one finite number (or null for a gap) per x'],
    [{ label: 'a', x: [0], y: [0] }, 'samples[0].x must be 2 to 10000 finite numbers'],
    [{ x: [0, 1], y: [0, 1] }, 'samples[0].label must be a string'],
    [{ label: 'a', x: [0, 1], y: [0, 1], view: 'both' }, 'samples[0].view must be "loss" or "gradient"'],
  ])('%j', (sample, problem) => {
    const call = () => validatePayload({ ...base, samples: [sample] });
    if (problem === null) expect(call).not.toThrow();
    else expect(call).toThrow(problem);
  });
  it('are drawn only in their view, with null as a gap', () => {
    const p = { ...base, samples: [{ label: 's', x: [-1, 1], y: [1, null] }, { label: 'g', x: [-1, 1], y: [0, 0], view: 'gradient' as const }] };
    const loss = explorerFigure(p as unknown as ExplorerPayload);
    expect(loss.series.map((s) => s.label)).toEqual(['Mean squared error', 's']);
    expect(loss.series[1]!.y).toEqual([1, NaN]);
    expect(explorerFigure({ ...(p as unknown as ExplorerPayload), view: 'gradient' }).series.map((s) => s.label)).toEqual(['Mean squared error', 'g']);
  });
});
