// The display helpers through the kernel runtime: each publishes one display_data with its full
// bundle; liveLossCurve publishes once, then update_display_data under the same display id.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { LOSSLAB_MIME } from 'losslab/mime';
import { setKernelHost } from '../../kernel-ext/src/runtime/host.js';
import { showLoss, plotLoss, compareLosses, inspectBatch, inspectEmbeddings, lossLandscape, liveLossCurve, LiveLossCurve } from '../../kernel-ext/src/display/index.js';
import { parseSvg, svgTexts } from '../helpers/svg.js';

interface Sent {
  msgType: string;
  content: { data: Record<string, unknown>; metadata: unknown; transient: { display_id: string } };
}

let sent: Sent[] = [];
beforeEach(() => {
  sent = [];
  setKernelHost({ publish: (msgType: string, content: Record<string, unknown>) => void sent.push({ msgType, content: content as Sent['content'] }) } as unknown as Parameters<typeof setKernelHost>[0]);
});
afterEach(() => setKernelHost(undefined));

describe('display helpers in a kernel', () => {
  it('each helper publishes one display_data with its bundle and returns nothing (no execute_result)', () => {
    const results = [
      showLoss('huberLoss'),
      plotLoss('huberLoss'),
      compareLosses(['l1Loss', 'mseLoss']),
      inspectBatch('mseLoss', { input: [1, 2], target: [0, 0] }),
      inspectEmbeddings('tripletMarginLoss', { anchors: [[0, 0]], positives: [[1, 0]], negatives: [[0, 2]] }),
      lossLandscape('mseLoss', { points: 5 }),
    ];
    expect(results).toEqual(new Array(6).fill(undefined));
    expect(sent.map((s) => s.msgType)).toEqual(new Array(6).fill('display_data'));
    expect(new Set(sent.map((s) => s.content.transient.display_id)).size).toBe(6);
    expect(Object.keys(sent[0]!.content.data)).toContain('text/markdown');
    for (const s of sent.slice(1)) expect(Object.keys(s.content.data).sort()).toEqual([LOSSLAB_MIME, 'image/svg+xml', 'text/plain'].sort());
  });

  it('liveLossCurve: a placeholder at once, then updates in place, throttled, with the last state on done()', () => {
    const curve = liveLossCurve({ title: 'Training', throttleMs: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.msgType).toBe('display_data');
    expect(sent[0]!.content.data['text/plain']).toBe('Training: waiting for the first step');
    const id = sent[0]!.content.transient.display_id;
    expect(curve.displayId).toBe(id);
    curve.push(1, { train: 2.5, val: 2.7 }).push(2, { train: 1.5, val: 2.0 }).push(3, { train: 1.0, val: NaN });
    expect(sent.slice(1).map((s) => [s.msgType, s.content.transient.display_id])).toEqual(new Array(3).fill(['update_display_data', id]));
    const last = sent[3]!.content.data;
    expect(last['text/plain']).toBe('Training, step 3: train 1 (best 1 at 3), val NaN (best 2 at 2)');
    const svg = last['image/svg+xml'] as string;
    parseSvg(svg);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['Training', 'train', 'val', 'step', 'loss']));
    expect(curve.series.map((s) => s.y)).toEqual([[2.5, 1.5, 1.0], [2.7, 2.0, NaN]]);
    curve.done();
    expect(sent).toHaveLength(4); // nothing new since the last draw
  });

  it('liveLossCurve: with a throttle, pushes between draws are drawn by done()', () => {
    const curve = liveLossCurve({ throttleMs: 60_000 });
    for (let step = 0; step < 100; step++) curve.push(step, Math.exp(-step / 20));
    expect(sent.map((s) => s.msgType)).toEqual(['display_data', 'update_display_data']);
    curve.done();
    expect(sent.map((s) => s.msgType)).toEqual(['display_data', 'update_display_data', 'update_display_data']);
    expect(sent[2]!.content.data['text/plain']).toMatch(/^Training loss, step 99: loss 0\.007083/);
  });

  it('liveLossCurve rejects bad steps and values with a LossInputError', () => {
    const curve = new LiveLossCurve({}, () => 'id');
    expect(() => curve.push(NaN, 1)).toThrow(/liveLossCurve\.push: step must be a finite number, but got NaN/);
    expect(() => curve.push(1, { a: '1' as unknown as number })).toThrow(/liveLossCurve\.push: values\.a must be a number, but got string/);
    expect(() => new LiveLossCurve({ throttleMs: -1 }, () => 'id')).toThrow(/options\.throttleMs must be a number >= 0/);
  });
});
