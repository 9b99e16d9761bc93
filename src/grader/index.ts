/**
 * losslab/grader: checks a student's own implementation of a loss against losslab's, with
 * diagnoses a student can act on ("twice the reference: a missing ½?", "NaN at logits of ±50: use
 * the log-sum-exp form", "ignored targets counted in the mean", ...).
 *
 *     import { checkLoss } from 'losslab/grader';
 *     const report = checkLoss(myFocalLoss, 'focalLoss');
 *     console.log(report.summary);
 */
export { checkLoss } from './check.js';
export { formatReport, assertPassed } from './report.js';
export { reportHtml } from './html.js';
export { DIAGNOSES, diagnosisIds, type DiagnosisInfo } from './diagnoses.js';
export { hasBattery } from './inputs.js';
export { hasTimeLimit } from './run.js';
export type * from './types.js';
