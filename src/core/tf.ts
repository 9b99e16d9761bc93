/**
 * The TensorFlow.js instance losslab computes with. Every module imports `tf` from here, and the
 * package re-exports it, so user code and losslab always share one engine (one backend, one
 * memory tracker). `@tensorflow/tfjs` is the same package `@tensorflow/tfjs-node` builds on.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
export type { Tensor, Scalar, Tensor1D, Tensor2D, Rank } from '@tensorflow/tfjs';
