/**
 * The catalog: one descriptor per loss (formula, parameters with defaults and slider ranges,
 * natural axis, reference, equivalents), read by the kernel's display helpers, the lab widgets,
 * the notebooks and the grader. The descriptors live next to their losses; this file lists them.
 */
import { l1LossInfo, mseLossInfo, huberLossInfo, smoothL1LossInfo } from '../losses/regression.js';
import { classificationCatalog } from '../losses/classification/index.js';
import { embeddingCatalog } from '../losses/embedding/index.js';
import { LossInputError } from '../core/errors.js';
import type { LossDescriptor } from './types.js';

export type * from './types.js';

const entries: readonly LossDescriptor[] = [
  l1LossInfo,
  mseLossInfo,
  huberLossInfo,
  smoothL1LossInfo,
  ...classificationCatalog,
  ...embeddingCatalog,
];

/** Every loss's descriptor, by id (the export name, e.g. `focalLoss`). */
export const catalog: Readonly<Record<string, LossDescriptor>> = Object.freeze(
  Object.fromEntries(entries.map((d) => [d.id, d])),
);

/** The descriptor of one loss; a LossInputError listing the known ids when there is none. */
export function describeLoss(id: string): LossDescriptor {
  const d = catalog[id];
  if (!d) throw new LossInputError('describeLoss', 'id', `one of ${Object.keys(catalog).join(', ')}`, JSON.stringify(id));
  return d;
}

/** The ids of all losses, in catalog order. */
export function lossIds(): string[] {
  return entries.map((d) => d.id);
}
