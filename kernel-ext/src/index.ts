/**
 * @losslab/kernel: the notebook-side API of the losslab TypeScript kernel.
 *
 * ```ts
 * import { display, clearOutput, comms, openComm, prompt } from '@losslab/kernel';
 * import { showLoss, plotLoss, inspectBatch, liveLossCurve, showReport } from '@losslab/kernel';
 * ```
 */
export { display, clearOutput } from './runtime/display.js';
export type { MimeBundle, DisplayOptions } from './runtime/display.js';
export { comms, openComm, Comm, CommManager } from './runtime/comms.js';
export type { CommData, CommMessage, CommHandler, TargetHandler } from './runtime/comms.js';
export { prompt, page } from './runtime/input.js';
export {
  showLoss,
  plotLoss,
  compareLosses,
  inspectBatch,
  inspectEmbeddings,
  lossLandscape,
  liveLossCurve,
  LiveLossCurve,
  showLossBundle,
  plotLossBundle,
  compareLossesBundle,
  inspectBatchBundle,
  inspectEmbeddingsBundle,
  lossLandscapeBundle,
  liveCurveBundle,
  showReport,
  reportBundle,
  reportCurveBundle,
  reportCurvePayload,
} from './display/index.js';
export type {
  CurveInput,
  PlotLossOptions,
  BatchInputs,
  InspectBatchOptions,
  EmbeddingBatch,
  InspectEmbeddingsOptions,
  LossLandscapeOptions,
  LiveLossCurveOptions,
} from './display/index.js';
