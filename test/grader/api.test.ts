/**
 * The grader's API contract: bad arguments are LossInputErrors, reports are plain JSON and
 * reproducible, a hang or a failing gradient leaves tfjs's engine as it was, and assertPassed.
 */
import { describe, it, expect } from 'vitest';
import { tf, LossInputError, mseLoss } from 'losslab';
import { checkLoss, assertPassed, formatReport, hasTimeLimit, type StudentLoss } from 'losslab/grader';
import { mse, WRONG } from './students.js';

function engineState() {
  return (tf.engine() as unknown as { state: { scopeStack: unknown[]; gradientDepth: number; kernelDepth: number } }).state;
}

describe('checkLoss arguments', () => {
  it.each([
    ['an unknown loss id', () => checkLoss(mse, 'mseLos'), 'describeLoss: id must be one of'],
    ['a non-function', () => checkLoss(42 as unknown as StudentLoss, 'mseLoss'), 'checkLoss: studentFn must be a function'],
    ['a reduction the loss lacks', () => checkLoss(mse, 'mseLoss', { reductions: ['avg' as 'mean'] }), 'checkLoss: options.reductions must be'],
    ['an unknown option', () => checkLoss(mse, 'mseLoss', { timeout: 5 } as never), "checkLoss: options.timeout must be one of the known options"],
    ['an unknown tag', () => checkLoss(mse, 'mseLoss', { skip: ['random-ish' as 'random'] }), 'checkLoss: options.skip must be a list of case tags'],
    ['a selection with no case', () => checkLoss(mse, 'mseLoss', { only: ['zero-distance'] }), 'at least one case'],
    ['a bad time limit', () => checkLoss(mse, 'mseLoss', { timeoutMs: -1 }), 'checkLoss: options.timeoutMs must be > 0'],
  ])('rejects %s with a LossInputError', (_what, call, message) => {
    expect(call).toThrow(LossInputError);
    expect(call).toThrow(message);
  });
});

describe('reports', () => {
  it('are plain JSON, reproducible for a seed, and differ across seeds', () => {
    const a = checkLoss(mseLoss, 'mseLoss', { seed: 7 });
    const b = checkLoss(mseLoss, 'mseLoss', { seed: 7 });
    const c = checkLoss(mseLoss, 'mseLoss', { seed: 8 });
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    const strip = (r: typeof a) => r.cases.map((x) => x.inputs);
    expect(strip(a)).toEqual(strip(b));
    expect(strip(a)).not.toEqual(strip(c));
  });

  it('show the inputs, expected and got of a failed case in the summary', () => {
    const r = checkLoss(WRONG.find((w) => w.expect === 'constant-factor')!.fn, 'mseLoss');
    const failed = r.cases[0]!;
    expect(failed.value?.got?.values[0]).toBeCloseTo(failed.value!.expected.values[0]! / 2, 5);
    expect(r.summary).toBe(formatReport(r));
    expect(r.summary).toContain(`input = ${failed.inputs['input']!.text}`);
    expect(r.summary).toMatch(/expected [\d.]+, got [\d.]+/);
    expect(r.summary).toContain('0/4 cases passed');
  });

  it('run under a time limit in Node', () => {
    expect(hasTimeLimit()).toBe(true);
    expect(checkLoss(mseLoss, 'mseLoss').timeLimited).toBe(true);
  });

  it('explain a wrong custom gradient with finite differences of the student loss', () => {
    const r = checkLoss(WRONG.find((w) => w.expect === 'gradient-wrong')!.fn, 'mseLoss');
    expect(r.diagnoses[0]!.message).toContain("It is 0.5 times the reference's");
    expect(r.diagnoses[0]!.message).toContain('Finite differences of your own loss agree with the reference gradient');
    const h = WRONG.find((w) => w.expect === 'student-gradient-wrong')!;
    const rh = checkLoss(h.fn, h.loss, h.options);
    expect(rh.diagnoses[0]!.message).toContain('12 times');
    expect(rh.diagnoses[0]!.message).toContain('re-derive the gradient');
  });
});

describe('student code cannot break the engine', () => {
  it('a hang inside tf.tidy inside tf.grads is stopped and the engine restored', () => {
    let calls = 0;
    // Right value on the first call, then an endless loop inside a tidy under tf.grads.
    const sneaky: StudentLoss = (x, y, o) =>
      tf.tidy(() => {
        if (calls++ > 0) for (;;) tf.tidy(() => tf.add(x, 1));
        return mse(x, y, o);
      });
    const before = tf.memory().numTensors;
    const r = checkLoss(sneaky, 'mseLoss', { reductions: ['mean'], only: ['random'], timeoutMs: 150 });
    expect(r.diagnoses.map((d) => d.id)).toEqual(['timeout']);
    const s = engineState();
    expect([s.scopeStack.length, s.gradientDepth, s.kernelDepth]).toEqual([0, 0, 0]);
    expect(tf.memory().numTensors).toBe(before);
    // Everything still works afterwards.
    expect(checkLoss(mseLoss, 'mseLoss').passed).toBe(true);
    expect(tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor([3])).dataSync()[0])).toBe(6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a student that disposes its inputs does not break the reference', () => {
    const disposer: StudentLoss = (x, y, o) => {
      const out = mse(x, y, o);
      x.dispose();
      return out;
    };
    const r = checkLoss(disposer, 'mseLoss', { reductions: ['mean'] });
    expect(r.cases.every((c) => c.value?.ok)).toBe(true);
  });
});

describe('assertPassed', () => {
  it('passes a passing report, throws the summary otherwise, and allows unfinished work when asked', () => {
    expect(() => assertPassed(checkLoss(mseLoss, 'mseLoss'))).not.toThrow();
    const wrong = checkLoss(WRONG.find((w) => w.expect === 'constant-factor')!.fn, 'mseLoss');
    expect(() => assertPassed(wrong, { allowUnfinished: true })).toThrow('Your values are exactly half');
    const stub = checkLoss(WRONG.find((w) => w.expect === 'not-implemented')!.fn, 'mseLoss');
    expect(() => assertPassed(stub)).toThrow('not implemented');
    expect(() => assertPassed(stub, { allowUnfinished: true })).not.toThrow();
  });
});
