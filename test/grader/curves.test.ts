/**
 * A failed report carries the student's and the reference's curves along the natural axis, the
 * reference being exactly the catalog's curve (what the plugin's explorer draws).
 */
import { describe, it, expect } from 'vitest';
import * as losslab from 'losslab';
import { tf, lossIds, describeLoss } from 'losslab';
import { checkLoss, type StudentLoss } from 'losslab/grader';

/** Losses whose curve couples the points of a batch: no per-point batch to sample a student on. */
const NO_CURVE = new Set(['multipleNegativesRankingLoss', 'ge2eLoss']);

function negated(id: string): StudentLoss {
  const fn = (losslab as unknown as Record<string, StudentLoss>)[id]!;
  return (...args) => tf.tidy(() => tf.neg(fn(...args)));
}

describe('curve overlays', () => {
  it.each(lossIds().filter((id) => !NO_CURVE.has(id)))('%s: the reference is the catalog curve, the student is sampled', (id) => {
    const r = checkLoss(negated(id), id, { reductions: ['mean'] });
    const c = r.curve!;
    expect(c, `no curve for ${id}`).toBeDefined();
    const axis = describeLoss(id).axis;
    expect([c.axis.key, c.x[0], c.x[c.x.length - 1]]).toEqual([axis.key, axis.min, axis.max]);
    const catalog = tf.tidy(() => Array.from(describeLoss(id).curve(tf.tensor1d(c.x), c.params).dataSync()));
    c.reference.forEach((v, i) => {
      if (v === null) expect(Number.isFinite(catalog[i]!)).toBe(false);
      else expect(v).toBeCloseTo(catalog[i]!, 4);
    });
    // Sampled one point at a time ('mean' on batches of one): the negated reference.
    c.student.forEach((v, i) => {
      if (c.reference[i] !== null) expect(v).toBeCloseTo(-c.reference[i]!, 4);
    });
  });

  it('are sampled in one call when the student supports reduction none, at the failed case\'s parameters', () => {
    const r = checkLoss(negated('focalLoss'), 'focalLoss', { only: ['params'] });
    expect(r.curve!.params).toEqual({ gamma: 0 });
    expect(r.curve!.student[10]).toBeCloseTo(-r.curve!.reference[10]!, 5);
  });

  it('are absent from passing reports and for code that gives no value', () => {
    expect(checkLoss(losslab.mseLoss, 'mseLoss').curve).toBeUndefined();
    const stub: StudentLoss = () => {
      throw new Error('not implemented');
    };
    expect(checkLoss(stub, 'mseLoss').curve).toBeUndefined();
  });
});
