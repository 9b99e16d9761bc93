/**
 * Each deliberately wrong implementation must fail with exactly its diagnosis, and each correct
 * student implementation (plain tfjs, written from the formula) must pass, on every test backend.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { tf } from 'losslab';
import { checkLoss, diagnosisIds } from 'losslab/grader';
import { requestedBackends, useTestBackend } from '../helpers/backends.js';
import { CORRECT, WRONG } from './students.js';

describe('the wrong implementations cover the diagnoses', () => {
  it('has at least 15 distinct diagnoses, each a known id', () => {
    const ids = new Set(WRONG.map((w) => w.expect));
    expect(ids.size).toBeGreaterThanOrEqual(15);
    for (const id of ids) expect(diagnosisIds()).toContain(id);
  });
  it('covers every diagnosis the grader can make', () => {
    expect(new Set(WRONG.map((w) => w.expect))).toEqual(new Set(diagnosisIds()));
  });
});

for (const backend of requestedBackends()) {
  describe(`grader diagnoses on ${backend}`, () => {
    beforeAll(async () => {
      await useTestBackend(backend);
    });

    it.each(WRONG.map((w) => [w.expect, w.mistake, w] as const))('%s: %s', (id, _mistake, w) => {
      const before = tf.memory().numTensors;
      const report = checkLoss(w.fn, w.loss, w.options);
      if (id !== 'leak') expect(tf.memory().numTensors).toBe(before);
      expect(report.passed, report.summary).toBe(false);
      expect(report.diagnoses.map((d) => d.id), report.summary).toEqual([id]);
      // The failing cases name the diagnosis, and the summary shows it with its hint.
      const d = report.diagnoses[0]!;
      expect(d.cases.length).toBeGreaterThan(0);
      expect(report.summary).toContain(d.message);
      expect(report.summary).toContain(d.hint);
    });

    it.each(CORRECT.map((c) => [c.loss, c] as const))('a correct student %s passes', (_loss, c) => {
      const report = checkLoss(c.fn, c.loss, c.options);
      expect(report.passed, report.summary).toBe(true);
      expect(report.diagnoses).toEqual([]);
    });
  });
}
