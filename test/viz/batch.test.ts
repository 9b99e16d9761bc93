// The batch inspector's figure data: per-sample losses and shares against the loss functions,
// gradient norms against closed forms, ignored targets and weights, errors, leaks, speed.
import { describe, it, expect, beforeAll } from 'vitest';
import { tf, catalog, crossEntropy, mseLoss, LossInputError } from 'losslab';
import { batchFigure } from 'losslab/viz';
import type { BatchPayload } from 'losslab/mime';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';
import { FLOAT32, firstMismatch } from '../helpers/tolerance.js';
import { classes, rng, uniform } from '../helpers/random.js';

const batch = (loss: string, inputs: BatchPayload['inputs'], rest: Partial<BatchPayload> = {}) => batchFigure({ version: 1, widget: 'batch', loss, inputs, ...rest });
const close = (a: number, b: number) => Math.abs(a - b) <= FLOAT32.atol + FLOAT32.rtol * Math.abs(b);

for (const backend of requestedBackends()) {
  describe(`batchFigure on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });

    it('MSE on [N, D]: per-sample sums, sorted hardest first, shares summing to 1, gradient norms 2‖x_n − y_n‖ / (N·D)', () => {
      const input = [[1, 2], [3, 0], [0, 0], [0.5, -0.5]];
      const target = [[0, 0], [0, 0], [0, 1], [0, 0]];
      const f = batch('mseLoss', { input, target });
      expect(f.reduction).toBe('mean');
      expect(f.size).toBe(4);
      expect(f.rows.map((r) => r.index)).toEqual([1, 0, 2, 3]);
      expect(f.rows.map((r) => r.loss)).toEqual([9, 5, 1, 0.5]);
      expect(f.rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 6);
      expect(f.rows[0]!.share).toBeCloseTo(9 / 15.5, 6);
      expect(close(f.reduced, tf.tidy(() => mseLoss(input, target).dataSync()[0]!))).toBe(true);
      for (const r of f.rows) {
        const d = input[r.index]!.map((v, j) => v - target[r.index]![j]!);
        expect(close(r.gradNorm, (2 * Math.hypot(...d)) / 8)).toBe(true);
      }
      expect(f.hardest).toBe(1); // 9 of 15.5 is more than half
      expect(f.gradientOf).toEqual(['input']);
      expect(f.effects).toEqual([{ label: 'mean', value: 15.5 / 8 }, { label: 'sum', value: 15.5 }]);
    });

    it('reduction sum and none: the reduced value and the gradient scale follow', () => {
      const input = [1, -2, 0.5];
      const target = [0, 0, 0];
      const s = batch('mseLoss', { input, target }, { reduction: 'sum' });
      expect(s.reduced).toBeCloseTo(5.25, 5);
      expect(s.rows.map((r) => r.gradNorm)).toEqual([4, 2, 1]);
      const n = batch('mseLoss', { input, target }, { reduction: 'none' });
      expect(n.reduction).toBe('none');
      expect(n.reduced).toBeCloseTo(5.25, 5);
      expect(n.rows.map((r) => r.share)).toEqual(s.rows.map((r) => r.share));
    });

    it('cross-entropy with class weights and ignored targets: ignored rows flagged with no share and no gradient, weights effect shown', () => {
      const rand = rng(7);
      const logits = uniform(rand, [12, 4], -2, 2) as unknown as number[][];
      const target = classes(rand, [12], 4) as number[];
      target[3] = -100;
      target[8] = -100;
      const weight = [1, 2, 0.5, 3];
      const f = batch('crossEntropy', { logits, target }, { tensorParams: { weight } });
      expect(f.ignoredCount).toBe(2);
      const ignored = f.rows.filter((r) => r.ignored);
      expect(ignored.map((r) => r.index).sort()).toEqual([3, 8]);
      for (const r of ignored) {
        expect(r.loss).toBe(0);
        expect(r.share).toBe(0);
        expect(r.gradNorm).toBe(0);
      }
      expect(f.rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 5);
      const direct = tf.tidy(() => ({
        mean: crossEntropy(logits, target, { weight }).dataSync()[0]!,
        unweighted: crossEntropy(logits, target).dataSync()[0]!,
        none: Array.from(crossEntropy(logits, target, { weight, reduction: 'none' }).dataSync()),
      }));
      expect(close(f.reduced, direct.mean)).toBe(true);
      const byIndex = [...f.rows].sort((a, b) => a.index - b.index);
      expect(firstMismatch(byIndex.map((r) => r.loss), direct.none, FLOAT32)).toBeNull();
      const effect = (label: string) => f.effects.find((e) => e.label === label)?.value;
      expect(close(effect('mean without weight')!, direct.unweighted)).toBe(true);
      expect(effect('sum / 12 (ignored samples counted as 0)')).toBeCloseTo(direct.none.reduce((a, b) => a + b, 0) / 12, 5);
      // Gradient of the weighted mean w.r.t. row n's logits: w_yn (softmax(z_n) − e_yn) / Σ w.
      const wsum = target.filter((t) => t >= 0).reduce((s, t) => s + weight[t]!, 0);
      for (const r of f.rows.filter((x) => !x.ignored)) {
        const z = logits[r.index]!;
        const m = Math.max(...z);
        const e = z.map((v) => Math.exp(v - m));
        const p = e.map((v) => v / e.reduce((a, b) => a + b, 0));
        const g = p.map((v, c) => (weight[target[r.index]!]! * (v - (c === target[r.index] ? 1 : 0))) / wsum);
        expect(close(r.gradNorm, Math.hypot(...g))).toBe(true);
      }
    });

    it('marks the fewest hardest samples that carry half of the loss', () => {
      const f = batch('l1Loss', { input: [4, 3, 2, 1, 0.5, 0.5], target: [0, 0, 0, 0, 0, 0] });
      // Shares: 4/11, 3/11 → 7/11 ≥ 1/2 after two.
      expect(f.hardest).toBe(2);
      const zero = batch('l1Loss', { input: [0, 0], target: [0, 0] });
      expect(zero.hardest).toBe(0);
      expect(zero.rows.every((r) => r.share === 0)).toBe(true);
    });

    it('works for a loss of every family (inputs by catalog name)', () => {
      const rand = rng(3);
      const f = batch('tripletMarginLoss', {
        anchor: uniform(rand, [5, 3]) as number[],
        positive: uniform(rand, [5, 3]) as number[],
        negative: uniform(rand, [5, 3]) as number[],
      });
      expect(f.size).toBe(5);
      expect(f.gradientOf).toEqual(['anchor', 'positive', 'negative']);
      const g = batch('focalLoss', { logits: uniform(rand, [6, 3], -2, 2) as number[], target: classes(rand, [6], 3) as number[] }, { params: { gamma: 2 } });
      expect(g.rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 5);
      const a = batch('arcFaceLoss', { embeddings: uniform(rand, [4, 3]) as number[], labels: [0, 1, 2, 0], weights: uniform(rand, [3, 3]) as number[] });
      // The class centres [D, C] are not per-sample: only the embeddings make up the norms.
      expect(a.gradientOf).toEqual(['embeddings']);
    });

    it('names bad ids, inputs, parameters and reductions in a LossInputError', () => {
      const ok = { input: [1, 2], target: [0, 0] };
      expect(() => batch('mseLos', ok)).toThrow(/batchFigure: loss must be a loss of the catalog .*, but got "mseLos"/);
      expect(() => batch('mseLoss', { input: [1, 2] })).toThrow(/mseLoss: inputs\.target must be given/);
      expect(() => batch('mseLoss', { ...ok, weights: [1] })).toThrow(/mseLoss: inputs\.weights must be one of its inputs \(input, target\)/);
      expect(() => batch('mseLoss', ok, { params: { delta: 1 } })).toThrow(/mseLoss: params\.delta must be a parameter of mseLoss/);
      expect(() => batch('mseLoss', ok, { reduction: 'avg' as 'mean' })).toThrow(/mseLoss: reduction must be one of 'mean', 'sum', 'none', but got "avg"/);
      expect(() => batch('mseLoss', { input: [1, 2], target: [0, 0, 0] })).toThrow(/mseLoss: target must be the same shape as input/);
      expect(() => batch('crossEntropy', { logits: [[1, 2]], target: [5] })).toThrow(/crossEntropy: target must be class indices in \[0, 1\]/);
      expect(() => batch('crossEntropy', { logits: [[1, 2]], target: [0] }, { tensorParams: { weights: [1, 2] } })).toThrow(/crossEntropy: options\.weights/);
    });

    it('leaks no tensors, also on errors', () => {
      const ok = { logits: [[1, 2, 0], [0, 1, 3]], target: [0, -100] };
      batch('crossEntropy', ok);
      const before = tf.memory().numTensors;
      batch('crossEntropy', ok, { tensorParams: { weight: [1, 2, 3] } });
      batch('mseLoss', { input: [[1, 2]], target: [[0, 1]] }, { reduction: 'none' });
      expect(() => batch('crossEntropy', { logits: [[1, 2]], target: [7] })).toThrow(LossInputError);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('inspects 4096 samples of 10-class cross-entropy quickly enough for a slider', () => {
      const rand = rng(11);
      const payload = { logits: uniform(rand, [4096, 10], -3, 3) as number[], target: classes(rand, [4096], 10) as number[] };
      batch('crossEntropy', payload);
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const f = batch('crossEntropy', payload, { params: { labelSmoothing: i / 10 } });
        times.push(performance.now() - t0);
        expect(f.rows).toHaveLength(4096);
      }
      times.sort((a, b) => a - b);
      console.log(`batchFigure crossEntropy [4096, 10] on ${backend}: median ${times[2]!.toFixed(1)} ms`);
      expect(times[2]).toBeLessThan(2000);
      expect(catalog['crossEntropy']).toBeDefined();
    });
  });
}
