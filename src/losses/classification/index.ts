/** Classification and segmentation losses (one file per loss family), and their catalog entries. */
import type { LossDescriptor } from '../../catalog/types.js';

export const classificationCatalog: readonly LossDescriptor[] = [];
