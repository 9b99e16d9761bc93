// The embedding inspector's figure data: per-anchor losses against the loss functions, pair
// distances against plain geometry, softmax shares adding up to each anchor's loss, roles, the
// projection, errors and leaks.
import { describe, it, expect, beforeAll } from 'vitest';
import { tf, tripletMarginLoss, contrastiveLoss, infoNCE, multipleNegativesRankingLoss, LossInputError } from 'losslab';
import { embeddingFigure, NEGATIVES_PER_ANCHOR } from 'losslab/viz';
import type { EmbeddingPayload } from 'losslab/mime';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';
import { FLOAT32, firstMismatch } from '../helpers/tolerance.js';
import { rng, uniform } from '../helpers/random.js';

const fig = (loss: string, rest: Omit<EmbeddingPayload, 'version' | 'widget' | 'loss'>) => embeddingFigure({ version: 1, widget: 'embedding', loss, ...rest });
const euclid = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]!));
const cos = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0) / (Math.hypot(...a) * Math.hypot(...b));
const close = (a: number, b: number) => Math.abs(a - b) <= FLOAT32.atol + FLOAT32.rtol * Math.abs(b);
const rows = (seed: number, n: number, d: number) => uniform(rng(seed), [n, d]) as unknown as number[][];

for (const backend of requestedBackends()) {
  describe(`embeddingFigure on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });

    it('triplets: per-anchor losses are the loss function\'s, both pairs carry them, distances are ‖a − x + eps‖', () => {
      const [a, p, n] = [rows(1, 6, 4), rows(2, 6, 4), rows(3, 6, 4)];
      const f = fig('tripletMarginLoss', { anchors: a, positives: p, negatives: n, params: { margin: 0.5 } });
      const direct = tf.tidy(() => Array.from(tripletMarginLoss(a, p, n, { margin: 0.5, reduction: 'none' }).dataSync()));
      expect(firstMismatch(f.perAnchor, direct, FLOAT32)).toBeNull();
      expect(close(f.reduced, direct.reduce((s, v) => s + v, 0) / 6)).toBe(true);
      expect(f.pairs).toHaveLength(12);
      for (const pair of f.pairs) {
        const i = pair.from;
        expect(pair.loss).toBe(f.perAnchor[i]);
        const other = pair.kind === 'positive' ? p[i]! : n[i]!;
        expect(pair.to).toBe(pair.kind === 'positive' ? 6 + i : 12 + i);
        expect(close(pair.distance, euclid(a[i]!.map((v) => v + 1e-6), other))).toBe(true);
      }
      expect(f.margin).toBe(0.5);
      expect(f.distanceLabel).toBe('Euclidean distance');
      expect(f.points.map((q) => q.role)).toEqual([...Array(6).fill('anchor'), ...Array(6).fill('positive'), ...Array(6).fill('negative')]);
      expect(f.projection).toBe('pca');
      expect(f.xLabel).toMatch(/^PC 1 \(\d+% of variance\)$/);
    });

    it('labelled pairs (contrastive): one pair each, its own loss, roles from the labels, cosine distance when asked', () => {
      const [x1, x2] = [rows(4, 5, 3), rows(5, 5, 3)];
      const labels = [1, 0, 1, 0, 0];
      const f = fig('contrastiveLoss', { anchors: x1, positives: x2, labels, params: { distance: 'cosine', margin: 0.8 } });
      const direct = tf.tidy(() => Array.from(contrastiveLoss(x1, x2, labels, { distance: 'cosine', margin: 0.8, reduction: 'none' }).dataSync()));
      expect(firstMismatch(f.perAnchor, direct, FLOAT32)).toBeNull();
      expect(f.pairs.map((q) => q.kind)).toEqual(['positive', 'negative', 'positive', 'negative', 'negative']);
      f.pairs.forEach((q, i) => {
        expect(q.loss).toBe(direct[i]);
        expect(close(q.distance, 1 - cos(x1[i]!, x2[i]!))).toBe(true);
      });
      expect(f.points.slice(5).map((q) => q.role)).toEqual(['positive', 'negative', 'positive', 'negative', 'negative']);
      expect(f.distanceLabel).toMatch(/cosine distance/);
    });

    it('softmax losses: the negatives\' parts add up to each anchor\'s loss, which is the loss function\'s', () => {
      const [a, p] = [rows(6, 4, 5), rows(7, 4, 5)];
      const f = fig('infoNCE', { anchors: a, positives: p, params: { temperature: 0.5 } });
      const direct = tf.tidy(() => Array.from(infoNCE(a, p, { temperature: 0.5, reduction: 'none' }).dataSync()));
      expect(firstMismatch(f.perAnchor, direct, FLOAT32)).toBeNull();
      for (let i = 0; i < 4; i++) {
        const own = f.pairs.filter((q) => q.from === i);
        const pos = own.filter((q) => q.kind === 'positive');
        const neg = own.filter((q) => q.kind === 'negative');
        expect(pos).toHaveLength(1);
        expect(close(pos[0]!.distance, cos(a[i]!, p[i]!))).toBe(true);
        // In-batch: the 3 other positives are the negatives, all drawn (3 = NEGATIVES_PER_ANCHOR).
        expect(neg).toHaveLength(Math.min(3, NEGATIVES_PER_ANCHOR));
        expect(close(neg.reduce((s, q) => s + q.loss, 0), direct[i]!)).toBe(true);
        // Each part is ℓ_i · softmax weight of that negative among the negatives.
        const w = neg.map((q) => Math.exp(cos(a[i]!, p[q.to - 4]!) / 0.5));
        neg.forEach((q, k) => expect(close(q.loss, (direct[i]! * w[k]!) / w.reduce((s, v) => s + v, 0))).toBe(true));
      }
    });

    it('softmax losses with explicit negatives: infoNCE (unpaired, paired) and multiple-negatives ranking', () => {
      const [a, p, n] = [rows(8, 4, 3), rows(9, 4, 3), rows(10, 4, 3)];
      const unpaired = fig('infoNCE', { anchors: a, positives: p, negatives: n });
      const direct = tf.tidy(() => Array.from(infoNCE(a, p, { negativeKeys: n, reduction: 'none' }).dataSync()));
      expect(firstMismatch(unpaired.perAnchor, direct, FLOAT32)).toBeNull();
      // With negative keys, only they are candidates (info-nce-pytorch).
      expect(unpaired.pairs.filter((q) => q.kind === 'negative').every((q) => q.to >= 8)).toBe(true);
      const paired = fig('infoNCE', { anchors: a, positives: p, negatives: n, params: { negativeMode: 'paired' } });
      const directPaired = tf.tidy(() => Array.from(infoNCE(a, p, { negativeKeys: n.map((v) => [v]), negativeMode: 'paired', reduction: 'none' }).dataSync()));
      expect(firstMismatch(paired.perAnchor, directPaired, FLOAT32)).toBeNull();
      const mnrl = fig('multipleNegativesRankingLoss', { anchors: a, positives: p, negatives: n, params: { scale: 10 } });
      const directMnrl = tf.tidy(() => Array.from(multipleNegativesRankingLoss(a, p, { negatives: n, scale: 10, reduction: 'none' }).dataSync()));
      expect(firstMismatch(mnrl.perAnchor, directMnrl, FLOAT32)).toBeNull();
      for (let i = 0; i < 4; i++) {
        const neg = mnrl.pairs.filter((q) => q.from === i && q.kind === 'negative');
        expect(neg).toHaveLength(NEGATIVES_PER_ANCHOR);
        expect(neg.reduce((s, q) => s + q.loss, 0)).toBeLessThanOrEqual(directMnrl[i]! + 1e-6);
      }
    });

    it('keeps 2-D embeddings in their own coordinates', () => {
      const a = [[0, 0], [1, 1]];
      const f = fig('tripletMarginLoss', { anchors: a, positives: [[0, 1], [2, 1]], negatives: [[3, 0], [1, 1.5]] });
      expect(f.projection).toBe('identity');
      expect(f.points.map((q) => [q.x, q.y])).toEqual([[0, 0], [1, 1], [0, 1], [2, 1], [3, 0], [1, 1.5]]);
      expect(f.xLabel).toBe('dimension 1');
    });

    it('names unsupported losses and bad batches in a LossInputError, and leaks nothing', () => {
      const [a, p] = [rows(11, 3, 4), rows(12, 3, 4)];
      fig('infoNCE', { anchors: a, positives: p });
      const before = tf.memory().numTensors;
      expect(() => fig('tripletMarginLos', { anchors: a, positives: p })).toThrow(/embeddingFigure: loss must be a loss of the catalog/);
      expect(() => fig('ge2eLoss', { anchors: a, positives: p })).toThrow(/embeddingFigure: loss must be an embedding loss the inspector knows \(tripletMarginLoss, contrastiveLoss, infoNCE, multipleNegativesRankingLoss\), but got 'ge2eLoss'/);
      expect(() => fig('tripletMarginLoss', { anchors: a, positives: p })).toThrow(/tripletMarginLoss: negatives must be 3 rows, one negative per anchor, but got 0 rows/);
      expect(() => fig('contrastiveLoss', { anchors: a, positives: p, labels: [1, 2, 0] })).toThrow(/contrastiveLoss: labels must be 3 labels, 1 for a similar pair/);
      expect(() => fig('infoNCE', { anchors: a, positives: p.slice(1) })).toThrow(/infoNCE: positives must be 3 rows, one per anchor, but got 2 rows/);
      expect(() => fig('infoNCE', { anchors: a, positives: [[1, 2], [3, 4], [5, 6]] })).toThrow(/infoNCE: anchors, positives, negatives must be rows of 4 finite numbers each/);
      expect(() => fig('infoNCE', { anchors: a, positives: p, params: { temperature: 0 } })).toThrow(/infoNCE: options\.temperature must be > 0/);
      expect(() => fig('infoNCE', { anchors: a, positives: p, params: { tau: 1 } })).toThrow(/infoNCE: params\.tau must be a parameter of infoNCE/);
      expect(() => fig('infoNCE', { anchors: a, positives: p })).not.toThrow();
      expect(tf.memory().numTensors).toBe(before);
      expect(LossInputError).toBeDefined();
    });
  });
}
