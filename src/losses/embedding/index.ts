/** Embedding, ranking and verification losses (one file per loss family), and their catalog entries. */
import type { LossDescriptor } from '../../catalog/types.js';

export const embeddingCatalog: readonly LossDescriptor[] = [];
