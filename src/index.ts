/**
 * losslab: loss functions on TensorFlow.js that match PyTorch and the papers in value and
 * gradient, with a catalog that describes each one.
 *
 * Every loss is `fn(input, target, options?)` → `tf.Tensor` (a scalar unless
 * `reduction: 'none'`), accepts tensors or (nested/typed) arrays, works inside `tf.grad`, leaks no
 * tensors, and throws a `LossInputError` naming what is wrong with its input.
 */
import { initPlatform } from '#platform';

initPlatform();

export { tf } from './core/tf.js';
export type { Tensor, Scalar, Tensor1D, Tensor2D, Rank } from './core/tf.js';
export { LossInputError } from './core/errors.js';
export type { Reduction, ReductionOptions, TensorLike, NestedArray } from './core/types.js';
export { sumAll, meanAll } from './core/reduce.js';
export { ready, useBackend, backendInfo, availableBackends, BackendUnavailableError } from './backend/index.js';
export type { BackendInfo, BackendName, BackendChoice, SkippedBackend } from './backend/index.js';
export { setFusedKernels, fusedKernelsMode, fusedKernelsStatus } from './fused/index.js';
export type { FusedKernelsMode } from './fused/index.js';

export * from './losses/regression.js';
export * from './losses/classification/index.js';
export * from './losses/embedding/index.js';

export { numericGradient, gradCheck, formatGradCheck } from './check/gradcheck.js';
export type { NumericGradientOptions, GradCheckOptions, GradCheckReport, GradCheckInputReport, GradCheckWorst } from './check/gradcheck.js';

export { catalog, describeLoss, lossIds } from './catalog/index.js';
export type * from './catalog/types.js';
export { LOSSLAB_MIME } from './mime/index.js';
