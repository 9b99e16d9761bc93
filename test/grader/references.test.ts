/**
 * The grader passes every losslab loss against itself (so every battery is valid input for its
 * loss and every comparison is exact enough), on every test backend, without leaking tensors.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as losslab from 'losslab';
import { tf, lossIds } from 'losslab';
import { checkLoss, hasBattery, type StudentLoss } from 'losslab/grader';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';

describe('batteries', () => {
  it('exist for every loss in the catalog', () => {
    expect(lossIds().filter((id) => !hasBattery(id))).toEqual([]);
  });
});

for (const backend of requestedBackends()) {
  describe(`every reference passes against itself on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });
    it.each(lossIds())('%s', (id) => {
      const fn = (losslab as unknown as Record<string, StudentLoss>)[id]!;
      const before = tf.memory().numTensors;
      const report = checkLoss(fn, id);
      expect(report.passed, report.summary).toBe(true);
      expect(report.score.total).toBeGreaterThanOrEqual(4);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
