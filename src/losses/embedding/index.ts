/** Embedding, ranking and verification losses (one file per loss family), and their catalog entries. */
import type { LossDescriptor } from '../../catalog/types.js';
import { marginRankingLossInfo, multipleNegativesRankingLossInfo } from './ranking.js';
import { contrastiveLossInfo, infoNCEInfo, tripletMarginLossInfo } from './embedding.js';
import { arcFaceLossInfo, ge2eLossInfo } from './verification.js';

export * from './ranking.js';
export * from './embedding.js';
export * from './verification.js';
export { pairwiseDistance, cosineSimilarity } from '../../core/distance.js';
export type { PairwiseDistanceOptions, CosineSimilarityOptions } from '../../core/distance.js';

export const embeddingCatalog: readonly LossDescriptor[] = [
  marginRankingLossInfo,
  tripletMarginLossInfo,
  contrastiveLossInfo,
  infoNCEInfo,
  multipleNegativesRankingLossInfo,
  arcFaceLossInfo,
  ge2eLossInfo,
];
