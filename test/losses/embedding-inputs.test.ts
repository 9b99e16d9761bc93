/**
 * Bad input to the embedding, ranking and verification losses: each case must throw a
 * LossInputError naming the loss and the argument, saying what was expected and what was given,
 * before any computation (so no NaN and no leaked tensors).
 */
import { describe, it, expect } from 'vitest';
import {
  tf, LossInputError, marginRankingLoss, tripletMarginLoss, contrastiveLoss, infoNCE, multipleNegativesRankingLoss,
  arcFaceLoss, arcFaceLogits, ge2eLoss, pairwiseDistance, cosineSimilarity,
} from 'losslab';

const rows = (n: number, d: number, seed = 1) => tf.tidy(() => tf.randomNormal([n, d], 0, 1, 'float32', seed).arraySync() as number[][]);
const speakers = (n: number, m: number, d: number) => tf.tidy(() => tf.randomNormal([n, m, d], 0, 1, 'float32', 3).arraySync() as number[][][]);

const a4x8 = rows(4, 8, 1);
const b4x8 = rows(4, 8, 2);
const c4x8 = rows(4, 8, 3);
const w8x5 = rows(8, 5, 4);
const twoElements = tf.tensor1d([1, 2]);

interface BadCase {
  name: string;
  call: () => unknown;
  loss: string;
  argument: string;
  message: RegExp;
}

const cases: BadCase[] = [
  // marginRankingLoss
  { name: 'margin ranking: input2 of another length', loss: 'marginRankingLoss', argument: 'input2',
    call: () => marginRankingLoss([1, 2, 3], [1, 2], [1, -1, 1]), message: /input2 must be the same shape as input1, \[3\], but got shape \[2\]/ },
  { name: 'margin ranking: target 0', loss: 'marginRankingLoss', argument: 'target',
    call: () => marginRankingLoss([1, 2, 3], [1, 2, 3], [1, 0, -1]), message: /target must be values in \{-1, 1\}, but got 0 at position \[1\]/ },
  { name: 'margin ranking: target of another shape', loss: 'marginRankingLoss', argument: 'target',
    call: () => marginRankingLoss([1, 2, 3], [1, 2, 3], [1, -1]), message: /target must be the same shape as input1, \[3\]/ },
  { name: 'margin ranking: non-finite margin', loss: 'marginRankingLoss', argument: 'options.margin',
    call: () => marginRankingLoss([1], [2], [1], { margin: Number.NaN }), message: /options\.margin must be a finite number, but got NaN/ },
  // tripletMarginLoss
  { name: 'triplet: positive of another width', loss: 'tripletMarginLoss', argument: 'positive',
    call: () => tripletMarginLoss(a4x8, rows(4, 7), c4x8), message: /positive must be the same shape as anchor, \[4, 8\], but got shape \[4, 7\]/ },
  { name: 'triplet: negative of another batch size', loss: 'tripletMarginLoss', argument: 'negative',
    call: () => tripletMarginLoss(a4x8, b4x8, rows(3, 8)), message: /negative must be the same shape as anchor, \[4, 8\], but got shape \[3, 8\]/ },
  { name: 'triplet: rank-3 anchor', loss: 'tripletMarginLoss', argument: 'anchor',
    call: () => tripletMarginLoss([a4x8], [b4x8], [c4x8]), message: /anchor must be a tensor of shape \[N, D\] or \[D\], but got shape \[1, 4, 8\]/ },
  { name: 'triplet: margin 0', loss: 'tripletMarginLoss', argument: 'options.margin',
    call: () => tripletMarginLoss(a4x8, b4x8, c4x8, { margin: 0 }), message: /options\.margin must be > 0, but got 0/ },
  { name: 'triplet: p < 1', loss: 'tripletMarginLoss', argument: 'options.p',
    call: () => tripletMarginLoss(a4x8, b4x8, c4x8, { p: 0.5 }), message: /options\.p must be >= 1, but got 0\.5/ },
  { name: 'triplet: negative eps', loss: 'tripletMarginLoss', argument: 'options.eps',
    call: () => tripletMarginLoss(a4x8, b4x8, c4x8, { eps: -1 }), message: /options\.eps must be >= 0/ },
  { name: 'triplet: unknown option', loss: 'tripletMarginLoss', argument: 'options.swp',
    call: () => tripletMarginLoss(a4x8, b4x8, c4x8, { swp: true } as object), message: /an unknown option 'swp'/ },
  // contrastiveLoss
  { name: 'contrastive: label 2', loss: 'contrastiveLoss', argument: 'label',
    call: () => contrastiveLoss(a4x8, b4x8, [1, 0, 2, 1]), message: /label must be values in \{0, 1\}, but got 2 at position \[2\]/ },
  { name: 'contrastive: label -1 (the ±1 convention)', loss: 'contrastiveLoss', argument: 'label',
    call: () => contrastiveLoss(a4x8, b4x8, [1, -1, 1, 1]), message: /label must be values in \{0, 1\}, but got -1/ },
  { name: 'contrastive: one label too few', loss: 'contrastiveLoss', argument: 'label',
    call: () => contrastiveLoss(a4x8, b4x8, [1, 0, 1]), message: /label must be one label per pair, shape \[4\], but got shape \[3\]/ },
  { name: 'contrastive: x2 of another width', loss: 'contrastiveLoss', argument: 'x2',
    call: () => contrastiveLoss(a4x8, rows(4, 6), [1, 0, 1, 0]), message: /x2 must be the same shape as x1, \[4, 8\], but got shape \[4, 6\]/ },
  { name: 'contrastive: unknown distance', loss: 'contrastiveLoss', argument: 'options.distance',
    call: () => contrastiveLoss(a4x8, b4x8, [1, 0, 1, 0], { distance: 'manhattan' as 'cosine' }), message: /options\.distance must be one of 'euclidean', 'cosine', but got "manhattan"/ },
  { name: 'contrastive: negative margin', loss: 'contrastiveLoss', argument: 'options.margin',
    call: () => contrastiveLoss(a4x8, b4x8, [1, 0, 1, 0], { margin: -1 }), message: /options\.margin must be >= 0, but got -1/ },
  // infoNCE
  { name: 'infoNCE: temperature 0', loss: 'infoNCE', argument: 'options.temperature',
    call: () => infoNCE(a4x8, b4x8, { temperature: 0 }), message: /options\.temperature must be > 0, but got 0/ },
  { name: 'infoNCE: negative temperature', loss: 'infoNCE', argument: 'options.temperature',
    call: () => infoNCE(a4x8, b4x8, { temperature: -0.1 }), message: /options\.temperature must be > 0, but got -0\.1/ },
  { name: 'infoNCE: positiveKey of another batch size', loss: 'infoNCE', argument: 'positiveKey',
    call: () => infoNCE(a4x8, rows(5, 8)), message: /positiveKey must be the same shape as query, \[4, 8\], but got shape \[5, 8\]/ },
  { name: 'infoNCE: unpaired negatives of another width', loss: 'infoNCE', argument: 'options.negativeKeys',
    call: () => infoNCE(a4x8, b4x8, { negativeKeys: rows(6, 7) }), message: /options\.negativeKeys must be embeddings of width 8, as query, but got width 7 \(shape \[6, 7\]\)/ },
  { name: 'infoNCE: paired negatives for another batch size', loss: 'infoNCE', argument: 'options.negativeKeys',
    call: () => infoNCE(a4x8, b4x8, { negativeKeys: [rows(3, 8), rows(3, 8), rows(3, 8)], negativeMode: 'paired' }),
    message: /options\.negativeKeys must be 4 along axis 0 \(the batch size of query\), but got 3 \(shape \[3, 3, 8\]\)/ },
  { name: 'infoNCE: rank-3 negatives in unpaired mode', loss: 'infoNCE', argument: 'options.negativeKeys',
    call: () => infoNCE(a4x8, b4x8, { negativeKeys: [a4x8, b4x8, c4x8, a4x8] }), message: /options\.negativeKeys must be a tensor of shape \[M, D\] \(negativeMode 'unpaired'\), but got shape \[4, 4, 8\]/ },
  { name: 'infoNCE: a single query vector', loss: 'infoNCE', argument: 'query',
    call: () => infoNCE([1, 2, 3], [1, 2, 3]), message: /query must be a tensor of shape \[N, D\] \(N embeddings of width D\), but got shape \[3\]/ },
  { name: 'infoNCE: negatives that are not numbers', loss: 'infoNCE', argument: 'options.negativeKeys',
    call: () => infoNCE(a4x8, b4x8, { negativeKeys: 'none' as unknown as number[] }), message: /options\.negativeKeys must be a tf\.Tensor, a number or a \(nested\) array of numbers, but got "none"/ },
  // multipleNegativesRankingLoss
  { name: 'MNRL: scale 0', loss: 'multipleNegativesRankingLoss', argument: 'options.scale',
    call: () => multipleNegativesRankingLoss(a4x8, b4x8, { scale: 0 }), message: /options\.scale must be > 0, but got 0/ },
  { name: 'MNRL: positives of another batch size', loss: 'multipleNegativesRankingLoss', argument: 'positives',
    call: () => multipleNegativesRankingLoss(a4x8, rows(3, 8)), message: /positives must be the same shape as anchors, \[4, 8\], but got shape \[3, 8\]/ },
  { name: 'MNRL: hard negatives for another batch size', loss: 'multipleNegativesRankingLoss', argument: 'options.negatives',
    call: () => multipleNegativesRankingLoss(a4x8, b4x8, { negatives: rows(5, 8) }), message: /options\.negatives must be 4 along axis 1 \(the batch size of anchors\), but got 5/ },
  { name: 'MNRL: hard negatives of another width', loss: 'multipleNegativesRankingLoss', argument: 'options.negatives',
    call: () => multipleNegativesRankingLoss(a4x8, b4x8, { negatives: rows(4, 9) }), message: /options\.negatives must be embeddings of width 8, as anchors, but got width 9/ },
  { name: 'MNRL: unknown similarity', loss: 'multipleNegativesRankingLoss', argument: 'options.similarity',
    call: () => multipleNegativesRankingLoss(a4x8, b4x8, { similarity: 'euclidean' as 'dot' }), message: /options\.similarity must be one of 'cosine', 'dot'/ },
  { name: 'MNRL: symmetric not a boolean', loss: 'multipleNegativesRankingLoss', argument: 'options.symmetric',
    call: () => multipleNegativesRankingLoss(a4x8, b4x8, { symmetric: 1 as unknown as boolean }), message: /options\.symmetric must be true or false, but got 1/ },
  // arcFaceLoss / arcFaceLogits
  { name: 'ArcFace: label out of range', loss: 'arcFaceLoss', argument: 'labels',
    call: () => arcFaceLoss(a4x8, [0, 1, 5, 2], w8x5), message: /labels must be class indices in \[0, 4\], but got 5 at position \[2\]/ },
  { name: 'ArcFace: negative label', loss: 'arcFaceLoss', argument: 'labels',
    call: () => arcFaceLoss(a4x8, [0, -1, 3, 2], w8x5), message: /labels must be class indices in \[0, 4\], but got -1 at position \[1\]/ },
  { name: 'ArcFace: non-integer label', loss: 'arcFaceLoss', argument: 'labels',
    call: () => arcFaceLoss(a4x8, [0, 1.5, 3, 2], w8x5), message: /labels must be integer class indices, but got 1\.5/ },
  { name: 'ArcFace: one label per embedding', loss: 'arcFaceLoss', argument: 'labels',
    call: () => arcFaceLoss(a4x8, [0, 1, 2], w8x5), message: /labels must be 4 along axis 0 \(the batch size of the embeddings\), but got 3/ },
  { name: 'ArcFace: weights of another width', loss: 'arcFaceLoss', argument: 'weights',
    call: () => arcFaceLoss(a4x8, [0, 1, 2, 3], rows(6, 5)), message: /weights must be 8 rows, the embedding width D of embeddings, but got 6 rows \(shape \[6, 5\]\)/ },
  { name: 'ArcFace: weights given as [C, D]', loss: 'arcFaceLoss', argument: 'weights',
    call: () => arcFaceLoss(a4x8, [0, 1, 2, 3], rows(5, 8)), message: /weights must be 8 rows/ },
  { name: 'ArcFace: scale 0', loss: 'arcFaceLoss', argument: 'options.scale',
    call: () => arcFaceLoss(a4x8, [0, 1, 2, 3], w8x5, { scale: 0 }), message: /options\.scale must be > 0, but got 0/ },
  { name: 'ArcFace: negative scale', loss: 'arcFaceLoss', argument: 'options.scale',
    call: () => arcFaceLoss(a4x8, [0, 1, 2, 3], w8x5, { scale: -64 }), message: /options\.scale must be > 0, but got -64/ },
  { name: 'ArcFace: margin in degrees by mistake', loss: 'arcFaceLoss', argument: 'options.margin',
    call: () => arcFaceLoss(a4x8, [0, 1, 2, 3], w8x5, { margin: 28.6 }), message: /options\.margin must be <= 1\.57/ },
  { name: 'ArcFace logits: raw logits instead of cosines', loss: 'arcFaceLogits', argument: 'cosine',
    call: () => arcFaceLogits([[0.5, 3.2], [0.1, -0.2]], [0, 1]), message: /cosine must be cosines in \[-1, 1\], but got 3\.2\d* at position \[0, 1\]/ },
  { name: 'ArcFace logits: a vector of cosines', loss: 'arcFaceLogits', argument: 'cosine',
    call: () => arcFaceLogits([0.5, 0.2], [0]), message: /cosine must be a tensor of shape \[N, C\] \(the cosines of N embeddings to C classes\), but got shape \[2\]/ },
  { name: 'ArcFace logits: label out of range', loss: 'arcFaceLogits', argument: 'labels',
    call: () => arcFaceLogits([[0.5, 0.2], [0.1, -0.2]], [0, 2]), message: /labels must be class indices in \[0, 1\], but got 2/ },
  // ge2eLoss
  { name: 'GE2E: one utterance per speaker', loss: 'ge2eLoss', argument: 'embeddings',
    call: () => ge2eLoss(speakers(4, 1, 6)), message: /embeddings must be at least 2 utterances per speaker \(M >= 2 along axis 1\), but got M = 1 \(shape \[4, 1, 6\]\)/ },
  { name: 'GE2E: one speaker', loss: 'ge2eLoss', argument: 'embeddings',
    call: () => ge2eLoss(speakers(1, 3, 6)), message: /embeddings must be at least 2 speakers \(N >= 2 along axis 0\), but got N = 1/ },
  { name: 'GE2E: [N, D] instead of [N, M, D]', loss: 'ge2eLoss', argument: 'embeddings',
    call: () => ge2eLoss(a4x8), message: /embeddings must be a tensor of shape \[N, M, D\] \(N speakers, M utterances each, width D\), but got shape \[4, 8\]/ },
  { name: 'GE2E: w = 0', loss: 'ge2eLoss', argument: 'options.w',
    call: () => ge2eLoss(speakers(3, 2, 4), { w: 0 }), message: /options\.w must be > 0 \(a positive similarity scale\), but got 0/ },
  { name: 'GE2E: negative w', loss: 'ge2eLoss', argument: 'options.w',
    call: () => ge2eLoss(speakers(3, 2, 4), { w: -10 }), message: /options\.w must be > 0/ },
  { name: 'GE2E: w with two elements', loss: 'ge2eLoss', argument: 'options.w',
    call: () => ge2eLoss(speakers(3, 2, 4), { w: twoElements }), message: /options\.w must be a number or a tensor with one element, but got shape \[2\]/ },
  { name: 'GE2E: b as a string', loss: 'ge2eLoss', argument: 'options.b',
    call: () => ge2eLoss(speakers(3, 2, 4), { b: '-5' as unknown as number }), message: /options\.b must be a number or a scalar tf\.Tensor, but got "-5"/ },
  { name: 'GE2E: infinite b', loss: 'ge2eLoss', argument: 'options.b',
    call: () => ge2eLoss(speakers(3, 2, 4), { b: -Infinity }), message: /options\.b must be a finite number or a scalar tf\.Tensor, but got -Infinity/ },
  { name: 'GE2E: unknown method', loss: 'ge2eLoss', argument: 'options.method',
    call: () => ge2eLoss(speakers(3, 2, 4), { method: 'triplet' as 'softmax' }), message: /options\.method must be one of 'softmax', 'contrast'/ },
  // distances
  { name: 'pairwiseDistance: shapes that do not broadcast', loss: 'pairwiseDistance', argument: 'x2',
    call: () => pairwiseDistance(a4x8, rows(3, 8)), message: /x2 must be a shape that broadcasts with x1's \[4, 8\], but got shape \[3, 8\]/ },
  { name: 'pairwiseDistance: p < 1', loss: 'pairwiseDistance', argument: 'options.p',
    call: () => pairwiseDistance(a4x8, b4x8, { p: 0 }), message: /options\.p must be >= 1, but got 0/ },
  { name: 'cosineSimilarity: dim out of range', loss: 'cosineSimilarity', argument: 'options.dim',
    call: () => cosineSimilarity(a4x8, b4x8, { dim: 2 }), message: /options\.dim must be an axis in \[-2, 1\] of the inputs' shape \[4, 8\], but got 2/ },
  { name: 'cosineSimilarity: eps 0', loss: 'cosineSimilarity', argument: 'options.eps',
    call: () => cosineSimilarity(a4x8, b4x8, { eps: 0 }), message: /options\.eps must be > 0, but got 0/ },
];

describe('embedding losses reject bad input with a LossInputError', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const before = tf.memory().numTensors;
    let error: unknown;
    try {
      c.call();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LossInputError);
    const e = error as LossInputError;
    expect(e.loss).toBe(c.loss);
    expect(e.argument).toBe(c.argument);
    expect(e.message).toMatch(c.message);
    expect(e.message.startsWith(`${c.loss}: ${c.argument} must be `)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
