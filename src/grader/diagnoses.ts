/**
 * The diagnoses the grader can make: one entry per mistake students make when they write a loss,
 * with the hint a student can act on. `diagnose.ts` decides which applies; this file only names
 * and explains them, so the list can be shown, documented and tested as a whole.
 */
import type { DiagnosisId } from './types.js';

export interface DiagnosisInfo {
  title: string;
  /** The general hint; a diagnosis may add specifics (the factor, the axis, the loss's own fix). */
  hint: string;
  /** Lower is shown first in a report. */
  rank: number;
}

export const DIAGNOSES: Readonly<Record<DiagnosisId, DiagnosisInfo>> = {
  'not-implemented': { rank: 0, title: 'Not implemented yet', hint: 'Replace the stub that throws "not implemented" with your implementation.' },
  throws: { rank: 1, title: 'Throws an error', hint: 'Run the case yourself with the inputs shown and read the error; check the input shapes and the options it is called with.' },
  timeout: { rank: 2, title: 'Does not finish (time limit)', hint: 'Look for a loop whose condition never becomes false; a loss needs no loops over elements: use tensor ops.' },
  'not-a-tensor': { rank: 3, title: 'Does not return a tensor', hint: 'Return a tf.Tensor (not a number, an array or a Promise), e.g. the result of tf.mean(...).' },
  'wrong-shape': { rank: 4, title: 'Result has the wrong shape', hint: "A reduced loss ('mean' or 'sum') is a scalar of shape []: reduce over every axis." },
  'none-shape': { rank: 5, title: "Wrong shape for reduction 'none'", hint: "With reduction 'none' return one loss per element (or per sample), without reducing: see the expected shape." },
  'wrong-axis': { rank: 6, title: 'Computed along the wrong axis', hint: 'Check the axis argument of each tf.sum / tf.mean / tf.norm / tf.logSoftmax: axis 0 is the batch.' },
  'sign-flipped': { rank: 7, title: 'Sign flipped', hint: 'A loss is minimised: it should be small for good predictions. Check the minus sign in front of the log (−log p, not log p).' },
  'constant-factor': { rank: 8, title: 'Off by a constant factor', hint: 'Compare the constants in your formula with the reference formula (½, 2, the number of classes, a scale).' },
  'sum-instead-of-mean': { rank: 9, title: "Sum where 'mean' was expected", hint: "reduction 'mean' divides the sum by the number of elements (tf.mean), 'sum' does not." },
  'mean-instead-of-sum': { rank: 10, title: "Mean where 'sum' was expected", hint: "reduction 'sum' adds the losses without dividing: use tf.sum for it." },
  'mean-over-wrong-count': { rank: 11, title: 'Mean over the wrong count', hint: "PyTorch's 'mean' divides by the number of loss elements (for per-sample losses, the number of samples): check what you divide by." },
  'weighted-mean-denominator': { rank: 12, title: 'Weighted mean with the wrong denominator', hint: "With weights, PyTorch's class-weighted 'mean' is Σ w_y·l / Σ w_y over the kept targets (element weights just multiply, then a plain mean): check your denominator." },
  'ignored-targets-counted': { rank: 13, title: 'Ignored targets counted', hint: 'Targets equal to ignoreIndex contribute nothing: mask their losses to 0 and leave them out of the denominator of the mean.' },
  'off-by-one-class': { rank: 14, title: 'Class index off by one', hint: 'Class indices start at 0: pick column y of each row (tf.oneHot(y, C) or tf.gather), not y ± 1.' },
  'option-ignored': { rank: 15, title: 'An option is ignored', hint: 'Read every option of the loss from the options object (with its default) and use it in the formula.' },
  'missing-clamp': { rank: 16, title: 'Not finite at probabilities 0 and 1 (missing clamp)', hint: 'log(0) = −∞ and 0·(−∞) = NaN. Clamp each log term at −100 as PyTorch does: tf.maximum(tf.log(p), -100).' },
  'clamp-differs': { rank: 17, title: 'Different clamp at probabilities 0 and 1', hint: 'PyTorch clamps each log term at −100 (not the probabilities at ε as Keras does): a probability of 0 for a true label costs exactly 100.' },
  'unstable-at-extremes': { rank: 18, title: 'Wrong or not finite at extreme inputs', hint: 'Rewrite the formula in a numerically stable form.' },
  'non-finite': { rank: 19, title: 'NaN or Infinity', hint: 'Find the operation that produces it (log of 0, 0/0, √ of a negative, exp of a large number).' },
  'value-mismatch': { rank: 20, title: 'Wrong value', hint: 'Compare your formula term by term with the reference formula on the small input shown.' },
  'not-differentiable': { rank: 21, title: 'Gradient cannot be computed', hint: 'Keep the computation in tensor ops from the input to the loss: no dataSync/arraySync/array round trips, and no comparison op (tf.greater, ...) on the path (use tf.relu, tf.maximum or masks computed from the targets).' },
  'gradient-wrong': { rank: 22, title: 'Gradient wrong while the value is right', hint: 'A custom gradient (tf.customGrad) or a tf.stopGradient changes the gradient without changing the value: check it against the derivative of the formula.' },
  'nan-gradient-at-zero-distance': { rank: 23, title: 'NaN gradient at zero distance (missing eps)', hint: 'd‖x‖/dx = x/‖x‖ is 0/0 at x = 0: add eps inside the distance (‖a − b + eps‖, or √(Σ(a − b)² + eps)).' },
  'student-gradient-wrong': { rank: 24, title: 'Hand-written gradient wrong', hint: 'Derive the gradient again, including the reduction: mean divides the gradient by the count too.' },
  'student-gradient-throws': { rank: 25, title: 'Hand-written gradient fails', hint: 'It must return one tensor per differentiable input, each shaped like that input.' },
  leak: { rank: 26, title: 'Leaks tensors', hint: 'Wrap the body in tf.tidy(() => ...) so intermediate tensors are freed (check with tf.memory().numTensors).' },
};

/** All diagnosis ids, in report order. */
export function diagnosisIds(): DiagnosisId[] {
  return (Object.keys(DIAGNOSES) as DiagnosisId[]).sort((a, b) => DIAGNOSES[a].rank - DIAGNOSES[b].rank);
}
