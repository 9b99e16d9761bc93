/** Classification and segmentation losses (one file per loss family), and their catalog entries. */
import type { LossDescriptor } from '../../catalog/types.js';
import { crossEntropyInfo, nllLossInfo } from './crossEntropy.js';
import { binaryCrossEntropyInfo, binaryCrossEntropyWithLogitsInfo } from './binary.js';
import { hingeLossInfo, squaredHingeLossInfo, multiMarginLossInfo } from './hinge.js';
import { sigmoidFocalLossInfo, focalLossInfo } from './focal.js';
import { polyLossInfo } from './poly.js';
import { diceLossInfo } from './dice.js';

export { crossEntropy, nllLoss, crossEntropyInfo, nllLossInfo } from './crossEntropy.js';
export type { CrossEntropyOptions, NllOptions } from './crossEntropy.js';
export { binaryCrossEntropy, binaryCrossEntropyWithLogits, binaryCrossEntropyInfo, binaryCrossEntropyWithLogitsInfo } from './binary.js';
export type { BinaryCrossEntropyOptions, BinaryCrossEntropyWithLogitsOptions } from './binary.js';
export { hingeLoss, squaredHingeLoss, multiMarginLoss, hingeLossInfo, squaredHingeLossInfo, multiMarginLossInfo } from './hinge.js';
export type { MultiMarginOptions } from './hinge.js';
export { sigmoidFocalLoss, focalLoss, sigmoidFocalLossInfo, focalLossInfo } from './focal.js';
export type { SigmoidFocalOptions, FocalOptions } from './focal.js';
export { polyLoss, polyLossInfo } from './poly.js';
export type { PolyOptions } from './poly.js';
export { diceLoss, diceLossInfo } from './dice.js';
export type { DiceOptions } from './dice.js';

export const classificationCatalog: readonly LossDescriptor[] = [
  crossEntropyInfo,
  nllLossInfo,
  binaryCrossEntropyInfo,
  binaryCrossEntropyWithLogitsInfo,
  hingeLossInfo,
  squaredHingeLossInfo,
  multiMarginLossInfo,
  sigmoidFocalLossInfo,
  focalLossInfo,
  polyLossInfo,
  diceLossInfo,
];
