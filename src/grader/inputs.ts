/**
 * The grader's input batteries: for each loss, the batches a student's function is run on.
 *
 * A battery is chosen by the shape of a loss's inputs (element-wise regression, binary logits or
 * probabilities, class indices, embeddings, ...), and each holds seeded random batches plus the edge
 * cases where hand-written losses break: extreme logits (±50, ±1e4), probabilities of exactly 0 and
 * 1, ignored targets, class weights, zero distances, a batch of one, and non-default options. The
 * catalog descriptor supplies the rest: the input names, which inputs are differentiable, the
 * parameters (variants name only catalog parameters), and the reductions.
 *
 * A battery also says how to compute, with the reference function itself, what a typical wrong
 * implementation would return (a class index off by one, distances over the wrong axis); the
 * diagnoses compare the student's values with these.
 */
import type { LossDescriptor, ParamValues } from '../catalog/types.js';
import type { CaseTag, Reduction } from './types.js';
import { Rng } from './rng.js';

/** A tensor as data, made into a fresh tf.Tensor for every call (a student may dispose inputs). */
export interface ArgData {
  shape: number[];
  data: number[];
  dtype: 'float32' | 'int32';
}

/** One batch of a battery, before it is expanded over the reductions the student supports. */
export interface BaseCase {
  name: string;
  tags: CaseTag[];
  /** The positional inputs, in the catalog's order. */
  args: ArgData[];
  /** Plain options (catalog parameters) other than the defaults. */
  params?: ParamValues;
  /** Tensor-valued options, e.g. class weights `weight`, passed as tf.Tensor. */
  tensorOptions?: Record<string, ArgData>;
  /** Flat positions of the unreduced loss that belong to ignored targets. */
  ignored?: number[];
  /** Denominators a wrong 'mean' may have used, besides the batch size and element count. */
  denominators?: { label: string; value: number }[];
}

/** A case as run: a base case at one reduction. */
export interface GradeCase extends BaseCase {
  reduction: Reduction;
}

/** A batch with one sample per point of the natural axis. */
export interface CurveBatch {
  args: ArgData[];
  tensorOptions?: Record<string, ArgData>;
  /** Which args have the batch axis (default: all); the others are shared by every point. */
  batched?: boolean[];
}

export interface Battery {
  cases(rng: Rng): BaseCase[];
  /** A class-index argument, for the off-by-one hypothesis. */
  classArg?: { index: number; numClasses(args: ArgData[]): number; ignoreIndex?: number };
  /**
   * The wrong-axis hypothesis: inputs on which the reference computes what an implementation that
   * reduces over the wrong axis returns, and that mistake in words.
   */
  wrongAxis?: { transform(args: ArgData[]): ArgData[]; what: string };
  /** What to do when values are not finite (or wrong) only at the extreme inputs. */
  extremeHint: string;
  /**
   * A batch along the loss's natural axis (one sample per point x), to plot the student's and the
   * reference's curves; checked against the catalog's curve before it is used.
   */
  curve?(x: number[], axisKey: string): CurveBatch;
}

// ---------------------------------------------------------------------------------------------
// Small builders

function arg(data: number[], shape: number[], dtype: 'float32' | 'int32' = 'float32'): ArgData {
  return { data, shape, dtype };
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function transpose2d(a: ArgData): ArgData {
  const [r, c] = a.shape as [number, number];
  const out = new Array<number>(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a.data[i * c + j]!;
  return arg(out, [c, r], a.dtype);
}

function logSoftmaxRows(data: number[], c: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.length; i += c) {
    const row = data.slice(i, i + c);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    out.push(...row.map((v) => v - lse));
  }
  return out;
}

/** Class indices in [0, k) using at least two classes when n >= 2. */
function classTargets(rng: Rng, n: number, k: number): number[] {
  const t = rng.ints(n, k);
  if (n >= 2 && t.every((v) => v === t[0])) t[n - 1] = (t[0]! + 1) % k;
  return t;
}

/** Unit rows (x, √(1 − x²)) for cosines x. */
const unitCircle = (x: number[]) => x.flatMap((c) => [c, Math.sqrt(Math.max(1 - c * c, 0))]);

const clip = (p: number) => Math.min(Math.max(p, 1e-7), 1 - 1e-7);
const zeros = (n: number) => new Array<number>(n).fill(0);
const ones = (n: number) => new Array<number>(n).fill(1);

function variantCases(variants: readonly ParamValues[], make: (rng: Rng) => ArgData[], rng: Rng): BaseCase[] {
  return variants.map((params) => ({
    name: `random batch, ${Object.entries(params).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}`,
    tags: ['params'],
    args: make(rng),
    params,
  }));
}

// ---------------------------------------------------------------------------------------------
// Batteries by input shape

const N = 4;
const C = 3;
const D = 5;

/** input and target of one shape: l1, mse, huber, smooth L1. */
function elementwise(variants: ParamValues[] = []): Battery {
  const batch = (rng: Rng, n = N) => [arg(rng.normal(n * C, 1.5), [n, C]), arg(rng.normal(n * C), [n, C])];
  return {
    cases: (rng) => [
      { name: 'random batch', tags: ['random'], args: batch(rng) },
      { name: 'batch of one', tags: ['batch-of-one'], args: batch(rng, 1) },
      ...variantCases(variants, (r) => batch(r), rng),
    ],
    extremeHint: 'Check the formula at large residuals.',
    curve: (x) => ({ args: [arg(x, [x.length]), arg(zeros(x.length), [x.length])] }),
  };
}

/** Probabilities and binary targets: binaryCrossEntropy. */
function binaryProbabilities(): Battery {
  const batch = (rng: Rng, n = N) => [arg(rng.uniform(n * C, 0.05, 0.95), [n, C]), arg(rng.twoValues(n * C, 0, 1), [n, C])];
  return {
    cases: (rng) => {
      const weights = rng.uniform(N * C, 0.2, 2);
      return [
        { name: 'random batch', tags: ['random'], args: batch(rng) },
        { name: 'batch of one', tags: ['batch-of-one'], args: batch(rng, 1) },
        {
          name: 'probabilities of exactly 0 and 1',
          tags: ['saturated'],
          args: [arg([0, 1, 0, 1, 0.5, 1, 0, 0.25], [2, 4]), arg([0, 1, 1, 0, 1, 0, 0, 1], [2, 4])],
        },
        {
          name: 'random batch, per-element weights',
          tags: ['weights'],
          args: batch(rng),
          tensorOptions: { weight: arg(weights, [N, C]) },
          denominators: [{ label: 'the sum of the weights', value: weights.reduce((a, b) => a + b, 0) }],
        },
      ];
    },
    extremeHint:
      'log(0) is −∞: PyTorch clamps each log term at −100, so a probability of exactly 0 or 1 gives a finite loss (use tf.maximum(tf.log(p), -100)).',
    curve: (x) => ({ args: [arg(x, [x.length]), arg(ones(x.length), [x.length])] }),
  };
}

/** Logits and binary targets: binaryCrossEntropyWithLogits, sigmoidFocalLoss. */
function binaryLogits(variants: ParamValues[], posWeight: boolean): Battery {
  const batch = (rng: Rng, n = N) => [arg(rng.normal(n * C, 2), [n, C]), arg(rng.twoValues(n * C, 0, 1), [n, C])];
  return {
    cases: (rng) => {
      const cases: BaseCase[] = [
        { name: 'random batch', tags: ['random'], args: batch(rng) },
        { name: 'batch of one', tags: ['batch-of-one'], args: batch(rng, 1) },
        {
          name: 'extreme logits ±50 and ±1e4',
          tags: ['extreme'],
          args: [arg([50, -50, 1e4, -1e4, 50, -50, 1e4, -1e4], [2, 4]), arg([1, 0, 1, 0, 0, 1, 0, 1], [2, 4])],
        },
        ...variantCases(variants, (r) => batch(r), rng),
      ];
      if (posWeight) {
        const weights = rng.uniform(N * C, 0.2, 2);
        cases.push(
          {
            name: 'random batch, per-element weights',
            tags: ['weights'],
            args: batch(rng),
            tensorOptions: { weight: arg(weights, [N, C]) },
            denominators: [{ label: 'the sum of the weights', value: weights.reduce((a, b) => a + b, 0) }],
          },
          { name: 'random batch, posWeight per class', tags: ['weights'], args: batch(rng), tensorOptions: { posWeight: arg([0.5, 2, 4], [C]) } },
        );
      }
      return cases;
    },
    extremeHint:
      'σ(x) rounds to exactly 0 or 1 in float32 for |x| > 17, so log σ(x) or log(1 − σ(x)) becomes −∞. Use the softplus form: max(x, 0) − x·y + log(1 + exp(−|x|)).',
    curve: (x, key) => {
      const logits = key === 'logit' ? x : x.map((p) => Math.log(clip(p)) - Math.log(1 - clip(p)));
      return { args: [arg(logits, [x.length]), arg(ones(x.length), [x.length])] };
    },
  };
}

interface ClassIndexSpec {
  /** What the first input holds. */
  kind: 'logits' | 'logProbs' | 'scores';
  variants?: ParamValues[];
  /** Run an ignored-target case (the loss takes `ignoreIndex`, default −100). */
  ignore?: boolean;
  /** The per-class weight option, if any, and how the reference's 'mean' treats it. */
  weights?: { option: string; values: number[] };
  extreme?: boolean;
  spatial?: boolean;
}

/** [N, C] scores with class-index targets [N]: crossEntropy, nllLoss, focalLoss, polyLoss, multiMarginLoss. */
function classIndex(spec: ClassIndexSpec): Battery {
  const first = (values: number[]) => (spec.kind === 'logProbs' ? logSoftmaxRows(values, C) : values);
  const batch = (rng: Rng, n = N) => [arg(first(rng.normal(n * C, 2)), [n, C]), arg(classTargets(rng, n, C), [n], 'int32')];
  return {
    cases: (rng) => {
      const cases: BaseCase[] = [
        { name: 'random batch', tags: ['random'], args: batch(rng) },
        { name: 'batch of one', tags: ['batch-of-one'], args: batch(rng, 1) },
      ];
      if (spec.extreme) {
        cases.push({
          name: 'extreme logits ±50 and ±1e4',
          tags: ['extreme'],
          args: [arg([1e4, 0, -1e4, -50, 50, 0, 0, -1e4, 1e4, 50, -50, 50], [N, C]), arg([0, 0, 1, 2], [N], 'int32')],
        });
      }
      if (spec.ignore) {
        const [x] = batch(rng);
        cases.push({ name: 'ignored targets (ignoreIndex −100)', tags: ['ignore-index'], args: [x!, arg([0, -100, 2, 1], [N], 'int32')], ignored: [1] });
      }
      if (spec.weights) {
        const [x, t] = batch(rng);
        const w = spec.weights.values;
        cases.push({
          name: `random batch, class weights ${spec.weights.option} = [${w.join(', ')}]`,
          tags: ['weights'],
          args: [x!, t!],
          tensorOptions: { [spec.weights.option]: arg(w, [C]) },
          denominators: [{ label: 'the sum of the target classes\' weights', value: t!.data.reduce((s, k) => s + w[k]!, 0) }],
        });
      }
      if (spec.spatial) {
        cases.push({
          name: 'spatial input [N, C, 2, 2]',
          tags: ['spatial'],
          args: [arg(rng.normal(2 * C * 4, 2), [2, C, 2, 2]), arg(rng.ints(8, C), [2, 2, 2], 'int32')],
        });
      }
      cases.push(...variantCases(spec.variants ?? [], (r) => batch(r), rng));
      return cases;
    },
    classArg: { index: 1, numClasses: (args) => args[0]!.shape[1]!, ignoreIndex: spec.ignore ? -100 : undefined },
    extremeHint:
      'exp(x) overflows float32 beyond x ≈ 88, and softmax probabilities underflow to 0. Use the log-sum-exp form: log softmax(x)_y = x_y − m − log Σ exp(x − m) with m = max(x) per row (tf.logSoftmax does this).',
    curve: (x, key) => {
      const n = x.length;
      if (key === 'margin') return { args: [arg(x.flatMap((v) => [v, 0]), [n, 2]), arg(zeros(n), [n], 'int32')] };
      const rows = x.flatMap((p) => [Math.log(clip(p)), Math.log(1 - clip(p))]);
      return { args: [arg(spec.kind === 'logProbs' ? logSoftmaxRows(rows, 2) : rows, [n, 2]), arg(zeros(n), [n], 'int32')] };
    },
  };
}

/** Scores with ±1 targets: hingeLoss, squaredHingeLoss. */
function signedTargets(): Battery {
  const batch = (rng: Rng, n = 6) => [arg(rng.normal(n, 1.5), [n]), arg(rng.twoValues(n, -1, 1), [n])];
  return {
    cases: (rng) => [
      { name: 'random batch', tags: ['random'], args: batch(rng) },
      { name: 'batch of one', tags: ['batch-of-one'], args: batch(rng, 1) },
    ],
    extremeHint: 'Check the formula at large scores.',
    curve: (x) => ({ args: [arg(x, [x.length]), arg(ones(x.length), [x.length])] }),
  };
}

/** Per-sample soft masks [N, 2, 4]: diceLoss. */
function dice(variants: ParamValues[]): Battery {
  const shape = (n: number) => [n, 2, 4];
  const batch = (rng: Rng, n = 3) => [arg(rng.uniform(n * 8, 0.02, 0.98), shape(n)), arg(rng.twoValues(n * 8, 0, 1), shape(n))];
  return {
    cases: (rng) => [
      { name: 'random batch', tags: ['random'], args: batch(rng) },
      { name: 'batch of one', tags: ['batch-of-one'], args: batch(rng, 1) },
      { name: 'empty masks (prediction and target all 0)', tags: ['extreme'], args: [arg(zeros(16), shape(2)), arg(zeros(16), shape(2))] },
      ...variantCases(variants, (r) => batch(r), rng),
    ],
    wrongAxis: {
      transform: (args) => args.map((a) => arg(a.data, [1, a.data.length], a.dtype)),
      what: 'one Dice over the whole batch instead of one per sample (sum over every axis but the batch axis 0, then reduce over samples)',
    },
    extremeHint: 'With empty masks the Dice ratio is 0/0: add the smoothing term s to the numerator and the denominator (default s = 1e-6).',
    curve: (x) => ({ args: [arg(x, [x.length, 1]), arg(ones(x.length), [x.length, 1])] }),
  };
}

/** Two score vectors and ±1 labels: marginRankingLoss. */
function ranking(variants: ParamValues[]): Battery {
  const batch = (rng: Rng, n = 6) => [arg(rng.normal(n), [n]), arg(rng.normal(n), [n]), arg(rng.twoValues(n, -1, 1), [n])];
  return {
    cases: (rng) => [
      { name: 'random batch', tags: ['random'], args: batch(rng) },
      { name: 'batch of one', tags: ['batch-of-one'], args: batch(rng, 1) },
      ...variantCases(variants, (r) => batch(r), rng),
    ],
    extremeHint: 'Check the formula at large scores.',
    curve: (x) => ({ args: [arg(x, [x.length]), arg(zeros(x.length), [x.length]), arg(ones(x.length), [x.length])] }),
  };
}

const embeddingHint =
  'The derivative of √s at s = 0 is infinite: with identical embeddings the gradient of ‖a − b‖ is 0/0 = NaN. Add a small eps where the distance is formed, as PyTorch does (‖a − b + eps‖ with eps = 1e-6).';

/** Anchor, positive, negative [N, D]: tripletMarginLoss. */
function triplet(variants: ParamValues[]): Battery {
  const emb = (rng: Rng, n = N) => arg(rng.normal(n * D), [n, D]);
  const batch = (rng: Rng, n = N) => [emb(rng, n), emb(rng, n), emb(rng, n)];
  return {
    cases: (rng) => {
      const a = rng.normal(3 * D);
      const neg = a.map((v, i) => v + (i % 2 === 0 ? 0.15 : -0.15));
      return [
        { name: 'random batch', tags: ['random'], args: batch(rng) },
        { name: 'batch of one', tags: ['batch-of-one'], args: batch(rng, 1) },
        { name: 'positive identical to anchor (zero distance)', tags: ['zero-distance'], args: [arg(a, [3, D]), arg(a.slice(), [3, D]), arg(neg, [3, D])] },
        ...variantCases(variants, (r) => batch(r), rng),
      ];
    },
    wrongAxis: {
      transform: (args) => args.map(transpose2d),
      what: 'distances over the batch axis 0 instead of the feature axis 1 (‖a_i − p_i‖ sums over the D features of one sample)',
    },
    extremeHint: embeddingHint,
    // 1-D embeddings: anchor 0, positive −x, negative −1.
    curve: (x) => ({ args: [arg(zeros(x.length), [x.length, 1]), arg(x.map((v) => -v), [x.length, 1]), arg(x.map(() => -1), [x.length, 1])] }),
  };
}

/** Pairs [N, D] with 0/1 similarity labels: contrastiveLoss. */
function pairs(variants: ParamValues[]): Battery {
  const batch = (rng: Rng, n = N) => [arg(rng.normal(n * D), [n, D]), arg(rng.normal(n * D, 0.5), [n, D]), arg(rng.twoValues(n, 0, 1), [n])];
  return {
    cases: (rng) => {
      const a = rng.normal(3 * D);
      return [
        { name: 'random batch', tags: ['random'], args: batch(rng) },
        { name: 'batch of one', tags: ['batch-of-one'], args: batch(rng, 1) },
        { name: 'identical pairs (zero distance)', tags: ['zero-distance'], args: [arg(a, [3, D]), arg(a.slice(), [3, D]), arg([1, 0, 1], [3])] },
        ...variantCases(variants, (r) => batch(r), rng),
      ];
    },
    wrongAxis: {
      transform: (args) => [transpose2d(args[0]!), transpose2d(args[1]!), args[2]!],
      what: 'distances over the batch axis 0 instead of the feature axis 1',
    },
    extremeHint: embeddingHint,
    // A dissimilar pair of 1-D embeddings at distance x.
    curve: (x) => ({ args: [arg(x, [x.length, 1]), arg(zeros(x.length), [x.length, 1]), arg(zeros(x.length), [x.length])] }),
  };
}

const similarityHint =
  'Similarities divided by a small temperature (or times a large scale) overflow exp in float32. Use the log-sum-exp form (tf.logSoftmax) for the cross-entropy over candidates.';

/** Queries and keys [N, D] with in-batch negatives: infoNCE, multipleNegativesRankingLoss. */
function contrastiveBatch(spec: { negativesOption: string; negativesShape: number[]; negativesShapeForOne: number[]; extreme: ParamValues; variants: ParamValues[] }): Battery {
  const batch = (rng: Rng, n = N) => [arg(rng.normal(n * D), [n, D]), arg(rng.normal(n * D), [n, D])];
  return {
    cases: (rng) => [
      { name: 'random batch', tags: ['random'], args: batch(rng) },
      {
        // With one pair and no negatives there is nothing to contrast with.
        name: `batch of one with ${spec.negativesOption}`,
        tags: ['batch-of-one', 'negatives'],
        args: batch(rng, 1),
        tensorOptions: { [spec.negativesOption]: arg(rng.normal(sizeOf(spec.negativesShapeForOne)), spec.negativesShapeForOne) },
      },
      {
        name: `random batch with ${spec.negativesOption}`,
        tags: ['negatives'],
        args: batch(rng),
        tensorOptions: { [spec.negativesOption]: arg(rng.normal(sizeOf(spec.negativesShape)), spec.negativesShape) },
      },
      { name: `extreme: ${Object.entries(spec.extreme).map(([k, v]) => `${k} = ${v}`).join(', ')}`, tags: ['extreme'], args: batch(rng), params: spec.extreme },
      ...variantCases(spec.variants, (r) => batch(r), rng),
    ],
    wrongAxis: {
      transform: (args) => args.map(transpose2d),
      what: 'normalised or compared along the batch axis 0 instead of the feature axis 1',
    },
    extremeHint: similarityHint,
    // Query (1, 0), the positive at cosine x, one unpaired negative (0, 1) (infoNCE only: MNRL's
    // candidates are coupled across the batch).
    curve:
      spec.negativesOption === 'negativeKeys'
        ? (x) => ({
            args: [arg(x.flatMap(() => [1, 0]), [x.length, 2]), arg(unitCircle(x), [x.length, 2])],
            tensorOptions: { negativeKeys: arg([0, 1], [1, 2]) },
          })
        : undefined,
  };
}

/** Embeddings [N, D], labels [N], class weights [D, C]: arcFaceLoss. */
function arcFace(variants: ParamValues[]): Battery {
  const batch = (rng: Rng, n = N) => [arg(rng.normal(n * D), [n, D]), arg(classTargets(rng, n, C), [n], 'int32'), arg(rng.normal(D * C), [D, C])];
  return {
    cases: (rng) => {
      const w = rng.normal(D * C);
      // Each embedding points away from its class weight column: θ_y = π.
      const labels = [0, 1, 2];
      const e = labels.flatMap((k) => Array.from({ length: D }, (_, d) => -w[d * C + k]!));
      return [
        { name: 'random batch', tags: ['random'], args: batch(rng) },
        { name: 'batch of one', tags: ['batch-of-one'], args: batch(rng, 1) },
        { name: 'embeddings opposite their class (θ_y = π)', tags: ['extreme'], args: [arg(e, [3, D]), arg(labels, [3], 'int32'), arg(w, [D, C])] },
        ...variantCases(variants, (r) => batch(r), rng),
      ];
    },
    classArg: { index: 1, numClasses: (args) => args[2]!.shape[1]! },
    extremeHint:
      'Where θ_y + m would pass π, cos(θ_y + m) is no longer decreasing in θ_y: use cos θ_y − m·sin m there (insightface). Also clamp cos θ to [−1, 1] before acos: its derivative is infinite at ±1.',
    // Embedding (x, √(1 − x²), 0), class 0 along (1, 0, 0), class 1 along (0, 0, 1).
    curve: (x) => ({
      args: [arg(unitCircle(x).flatMap((v, i) => (i % 2 === 1 ? [v, 0] : [v])), [x.length, 3]), arg(zeros(x.length), [x.length], 'int32'), arg([1, 0, 0, 0, 0, 1], [3, 2])],
      batched: [true, true, false],
    }),
  };
}

/** Embeddings [N speakers, M utterances, D]: ge2eLoss. */
function ge2e(variants: ParamValues[]): Battery {
  const batch = (rng: Rng, n = 3, m = 4) => [arg(rng.normal(n * m * D), [n, m, D])];
  return {
    cases: (rng) => [
      { name: 'random batch (3 speakers × 4 utterances)', tags: ['random'], args: batch(rng) },
      { name: 'two utterances per speaker', tags: ['batch-of-one'], args: batch(rng, 3, 2) },
      ...variantCases(variants, (r) => batch(r), rng),
    ],
    extremeHint: 'Use the log-sum-exp form for the softmax over speakers.',
  };
}

// ---------------------------------------------------------------------------------------------
// The table

const BATTERIES: Record<string, () => Battery> = {
  l1Loss: () => elementwise(),
  mseLoss: () => elementwise(),
  huberLoss: () => elementwise([{ delta: 0.5 }]),
  smoothL1Loss: () => elementwise([{ beta: 0.5 }]),
  binaryCrossEntropy: () => binaryProbabilities(),
  binaryCrossEntropyWithLogits: () => binaryLogits([], true),
  sigmoidFocalLoss: () => binaryLogits([{ alpha: -1, gamma: 0 }, { alpha: 0.5, gamma: 1 }], false),
  crossEntropy: () =>
    classIndex({ kind: 'logits', ignore: true, weights: { option: 'weight', values: [0.2, 1, 3] }, extreme: true, spatial: true, variants: [{ labelSmoothing: 0.1 }] }),
  nllLoss: () => classIndex({ kind: 'logProbs', ignore: true, weights: { option: 'weight', values: [0.2, 1, 3] } }),
  focalLoss: () =>
    classIndex({ kind: 'logits', ignore: true, weights: { option: 'alpha', values: [0.25, 0.5, 0.25] }, extreme: true, variants: [{ gamma: 0 }, { gamma: 0.5 }] }),
  polyLoss: () => classIndex({ kind: 'logits', extreme: true, variants: [{ epsilon: 2 }, { epsilon: -1 }] }),
  multiMarginLoss: () => classIndex({ kind: 'scores', weights: { option: 'weight', values: [0.2, 1, 3] }, variants: [{ margin: 0.5 }, { p: 2 }] }),
  hingeLoss: () => signedTargets(),
  squaredHingeLoss: () => signedTargets(),
  diceLoss: () => dice([{ squared: false }]),
  marginRankingLoss: () => ranking([{ margin: 0.5 }]),
  tripletMarginLoss: () => triplet([{ margin: 0.5 }, { p: 1 }, { swap: true }]),
  contrastiveLoss: () => pairs([{ margin: 2 }, { distance: 'cosine' }]),
  infoNCE: () => contrastiveBatch({ negativesOption: 'negativeKeys', negativesShape: [6, D], negativesShapeForOne: [3, D], extreme: { temperature: 0.01 }, variants: [{ temperature: 0.5 }] }),
  multipleNegativesRankingLoss: () =>
    contrastiveBatch({ negativesOption: 'negatives', negativesShape: [N, D], negativesShapeForOne: [1, D], extreme: { scale: 200 }, variants: [{ symmetric: true }, { scale: 5 }] }),
  arcFaceLoss: () => arcFace([{ margin: 0.3 }, { scale: 16 }]),
  ge2eLoss: () => ge2e([{ method: 'contrast' }, { w: 5, b: -2 }]),
};

/** Whether the grader has a battery for a catalog id. */
export function hasBattery(id: string): boolean {
  return id in BATTERIES;
}

/** The battery of a loss; throws when there is none (a new loss needs a line in BATTERIES). */
export function batteryFor(desc: LossDescriptor): Battery {
  const make = BATTERIES[desc.id];
  if (!make) throw new Error(`The grader has no input battery for '${desc.id}' yet (add one in src/grader/inputs.ts).`);
  return make();
}

export interface CaseSelection {
  reductions: readonly Reduction[];
  skip?: readonly CaseTag[];
  only?: readonly CaseTag[];
  /** Parameters fixed by the teacher: variant cases that change them are dropped. */
  fixedParams?: ParamValues;
}

/**
 * The cases to run: the random batch at every reduction the student supports, every other batch
 * at one of them ('mean' when supported), minus skipped tags and variants naming parameters the
 * catalog does not know or the teacher fixed.
 */
export function gradeCases(desc: LossDescriptor, battery: Battery, seed: number, sel: CaseSelection): GradeCase[] {
  const known = new Set(desc.params.map((p) => p.name));
  const fixed = new Set(Object.keys(sel.fixedParams ?? {}));
  const main: Reduction = sel.reductions.includes('mean') ? 'mean' : sel.reductions[0]!;
  const out: GradeCase[] = [];
  for (const c of battery.cases(new Rng(seed))) {
    if (sel.skip && c.tags.some((t) => sel.skip!.includes(t))) continue;
    if (sel.only && !c.tags.some((t) => sel.only!.includes(t))) continue;
    const keys = Object.keys(c.params ?? {});
    if (keys.some((k) => !known.has(k) || fixed.has(k))) continue;
    const reductions = c.tags.includes('random') ? sel.reductions : [main];
    for (const reduction of reductions) out.push({ ...c, reduction, name: `${c.name}, reduction '${reduction}'` });
  }
  return out;
}
