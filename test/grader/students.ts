/**
 * Losses as a student would write them in a course, from their formulas with plain tfjs ops: one
 * correct version of each (which must pass the grader), and the deliberately wrong versions, one per
 * diagnosis, each wrong in exactly one way.
 */
import { tf, type Tensor } from 'losslab';
import type { DiagnosisId, CheckOptions, StudentLoss } from 'losslab/grader';

type Reduction = 'mean' | 'sum' | 'none';
interface Opts {
  reduction?: Reduction;
  [k: string]: unknown;
}

export function reduceAs(l: Tensor, reduction: Reduction = 'mean'): Tensor {
  return reduction === 'none' ? l : reduction === 'sum' ? tf.sum(l) : tf.mean(l);
}

// ---------------------------------------------------------------------------------------------
// Correct student implementations

export function mse(x: Tensor, y: Tensor, o: Opts = {}): Tensor {
  return tf.tidy(() => reduceAs(tf.square(tf.sub(x, y)), o.reduction));
}

/** BCE with logits in the softplus form: max(x, 0) − x·y + log(1 + exp(−|x|)). */
export function bceWithLogits(x: Tensor, y: Tensor, o: Opts = {}): Tensor {
  return tf.tidy(() => {
    const l = tf.add(tf.sub(tf.relu(x), tf.mul(x, y)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
    return reduceAs(l, o.reduction);
  });
}

/** BCE on probabilities with torch's clamp of each log at −100. */
export function bce(p: Tensor, y: Tensor, o: Opts = {}): Tensor {
  return tf.tidy(() => {
    const logP = tf.maximum(tf.log(p), -100);
    const log1mP = tf.maximum(tf.log(tf.sub(1, p)), -100);
    return reduceAs(tf.neg(tf.add(tf.mul(y, logP), tf.mul(tf.sub(1, y), log1mP))), o.reduction);
  });
}

/** Cross-entropy with class weights and ignoreIndex −100, torch's weighted mean. */
export function crossEntropy(logits: Tensor, target: Tensor, o: Opts = {}): Tensor {
  return tf.tidy(() => {
    const c = logits.shape[1]!;
    const keep = tf.cast(tf.notEqual(target, -100), 'float32');
    const safe = tf.mul(tf.cast(target, 'float32'), keep).toInt();
    const w = o['weight'] ? tf.gather(o['weight'] as Tensor, safe) : tf.onesLike(keep);
    const ww = tf.mul(w, keep);
    const nll = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(safe, c)), 1));
    const l = tf.mul(nll, ww);
    if (o.reduction === 'none') return l;
    if (o.reduction === 'sum') return tf.sum(l);
    return tf.div(tf.sum(l), tf.sum(ww));
  });
}

/** Softmax focal loss −(1 − p_t)^γ log p_t, mean over samples. */
export function focal(logits: Tensor, target: Tensor, o: Opts = {}): Tensor {
  return tf.tidy(() => {
    const gamma = (o['gamma'] as number | undefined) ?? 2;
    const logPt = tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(tf.cast(target, 'int32'), logits.shape[1]!)), 1);
    const l = tf.mul(tf.neg(tf.pow(tf.sub(1, tf.exp(logPt)), gamma)), logPt);
    return reduceAs(l, o.reduction);
  });
}

/** Triplet margin loss with torch's eps inside the distance. */
export function triplet(a: Tensor, p: Tensor, n: Tensor, o: Opts = {}): Tensor {
  return tf.tidy(() => {
    const margin = (o['margin'] as number | undefined) ?? 1;
    const d = (u: Tensor, v: Tensor) => tf.sqrt(tf.sum(tf.square(tf.add(tf.sub(u, v), 1e-6)), 1));
    return reduceAs(tf.relu(tf.add(tf.sub(d(a, p), d(a, n)), margin)), o.reduction);
  });
}

export function hinge(s: Tensor, t: Tensor, o: Opts = {}): Tensor {
  return tf.tidy(() => reduceAs(tf.relu(tf.sub(1, tf.mul(t, s))), o.reduction));
}

// ---------------------------------------------------------------------------------------------
// Wrong implementations, one per diagnosis

export interface WrongCase {
  /** What the student did wrong, in words (the report of issue 10 lists these). */
  mistake: string;
  loss: string;
  fn: StudentLoss;
  options?: CheckOptions;
  expect: DiagnosisId;
}

const mseHalf: StudentLoss = (x, y, o: Opts = {}) => tf.tidy(() => tf.mul(0.5, mse(x, y, o)));

const ceNoMinus: StudentLoss = (logits, target, o: Opts = {}) => tf.tidy(() => tf.neg(crossEntropy(logits, target, o)));

const bceWithLogitsSumForMean: StudentLoss = (x, y) => tf.tidy(() => bceWithLogits(x, y, { reduction: 'sum' }));

const hingeMeanForSum: StudentLoss = (s, t) => tf.tidy(() => hinge(s, t, { reduction: 'mean' }));

const msePerSampleSum: StudentLoss = (x, y) => tf.tidy(() => tf.mean(tf.sum(tf.square(tf.sub(x, y)), 1)));

const ceWeightsOverN: StudentLoss = (logits, target, o: Opts = {}) =>
  tf.tidy(() => tf.div(crossEntropy(logits, target, { ...o, reduction: 'sum' }), logits.shape[0]!));

const ceIgnoreOverN: StudentLoss = (logits, target, o: Opts = {}) =>
  tf.tidy(() => tf.div(crossEntropy(logits, target, { ...o, reduction: 'sum' }), target.shape[0]!));

const nllOffByOne: StudentLoss = (logProbs, target) =>
  tf.tidy(() => {
    const c = logProbs.shape[1]!;
    const shifted = tf.mod(tf.add(target, 1), c).toInt();
    return tf.mean(tf.neg(tf.sum(tf.mul(logProbs, tf.oneHot(shifted, c)), 1)));
  });

const tripletAxis0: StudentLoss = (a, p, n, o: Opts = {}) =>
  tf.tidy(() => {
    const d = (u: Tensor, v: Tensor) => tf.sqrt(tf.sum(tf.square(tf.add(tf.sub(u, v), 1e-6)), 0));
    return reduceAs(tf.relu(tf.add(tf.sub(d(a, p), d(a, n)), 1)), o.reduction);
  });

const diceGlobal: StudentLoss = (p, g) =>
  tf.tidy(() => {
    const s = 1e-6;
    const num = tf.add(tf.mul(2, tf.sum(tf.mul(p, g))), s);
    return tf.sub(1, tf.div(num, tf.add(tf.add(tf.sum(tf.square(p)), tf.sum(tf.square(g))), s)));
  });

const focalFixedGamma: StudentLoss = (logits, target, o: Opts = {}) => tf.tidy(() => focal(logits, target, { reduction: o.reduction }));

const bceWithLogitsNaive: StudentLoss = (x, y, o: Opts = {}) =>
  tf.tidy(() => {
    const p = tf.sigmoid(x);
    return reduceAs(tf.neg(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))), o.reduction);
  });

const bceNoClamp: StudentLoss = (p, y, o: Opts = {}) =>
  tf.tidy(() => reduceAs(tf.neg(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))), o.reduction));

const bceKerasClip: StudentLoss = (p, y, o: Opts = {}) =>
  tf.tidy(() => {
    const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
    return reduceAs(tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q))))), o.reduction);
  });

const mseSqrtSquared: StudentLoss = (x, y, o: Opts = {}) => tf.tidy(() => reduceAs(tf.square(tf.square(tf.sqrt(tf.sub(x, y)))), o.reduction));

const mseCubed: StudentLoss = (x, y, o: Opts = {}) => tf.tidy(() => reduceAs(tf.pow(tf.abs(tf.sub(x, y)), 3), o.reduction));

const hingeViaArrays: StudentLoss = (s, t, o: Opts = {}) =>
  tf.tidy(() => {
    const sv = s.dataSync();
    const tv = t.dataSync();
    return reduceAs(tf.tensor(Array.from(sv as Float32Array, (v, i) => Math.max(0, 1 - tv[i]! * v))), o.reduction);
  });

const mseHalfGradient: StudentLoss = (x, y, o: Opts = {}) =>
  tf.tidy(() => {
    const f = tf.customGrad(((d: Tensor, save: (ts: Tensor[]) => void) => {
      save([d]);
      return { value: tf.square(d), gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(dy, saved[0]!) };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    return reduceAs(f(tf.sub(x, y)) as Tensor, o.reduction);
  });

const tripletNoEps: StudentLoss = (a, p, n, o: Opts = {}) =>
  tf.tidy(() => {
    const d = (u: Tensor, v: Tensor) => tf.sqrt(tf.sum(tf.square(tf.sub(u, v)), 1));
    return reduceAs(tf.relu(tf.add(tf.sub(d(a, p), d(a, n)), 1)), o.reduction);
  });

const infoNceNaive: StudentLoss = (q, k, o: Opts = {}) =>
  tf.tidy(() => {
    const t = (o['temperature'] as number | undefined) ?? 0.1;
    const unit = (v: Tensor) => tf.div(v, tf.norm(v, 'euclidean', 1, true));
    const e = tf.exp(tf.div(tf.matMul(unit(q), unit(k), false, true), t));
    const p = tf.div(e, tf.sum(e, 1, true));
    return reduceAs(tf.neg(tf.log(tf.sum(tf.mul(p, tf.eye(q.shape[0]!)), 1))), o.reduction);
  });

const contrastiveNoEps: StudentLoss = (a, b, y, o: Opts = {}) =>
  tf.tidy(() => {
    const m = (o['margin'] as number | undefined) ?? 1;
    const d = tf.sqrt(tf.sum(tf.square(tf.sub(a, b)), 1));
    const l = tf.mul(0.5, tf.add(tf.mul(y, tf.square(d)), tf.mul(tf.sub(1, y), tf.square(tf.relu(tf.sub(m, d))))));
    return reduceAs(l, o.reduction);
  });

/** The gradient of BCE with logits, σ(x) − y, without the 1/n of the mean. */
const bceGradientNoMean = (x: Tensor, y: Tensor) => tf.tidy(() => tf.sub(tf.sigmoid(x), y));

const bceGradientBroken = (x: Tensor) => tf.tidy(() => [tf.sigmoid(x), tf.sigmoid(x)]);

const throwsTypeError: StudentLoss = (x: Tensor) => (x as unknown as { squared(): Tensor }).squared();

const notImplemented: StudentLoss = () => {
  throw new Error('not implemented');
};

const hangs: StudentLoss = () => {
  for (;;) {
    // an endless loop
  }
};

const returnsNumber = ((x: Tensor, y: Tensor, o: Opts = {}) => {
  const t = mse(x, y, o);
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
}) as unknown as StudentLoss;

const mseNoTidy: StudentLoss = (x, y, o: Opts = {}) => reduceAs(tf.square(tf.sub(x, y)), o.reduction);

const mseUnreduced: StudentLoss = (x, y) => tf.tidy(() => tf.square(tf.sub(x, y)));

const msePerSampleNone: StudentLoss = (x, y) => tf.tidy(() => tf.mean(tf.square(tf.sub(x, y)), 1));

const meanOnly: CheckOptions = { reductions: ['mean'] };
const plainCe: CheckOptions = { reductions: ['mean'], skip: ['ignore-index', 'weights', 'spatial', 'params'] };

export const WRONG: WrongCase[] = [
  { mistake: 'MSE with a factor ½ (½(x − y)²)', loss: 'mseLoss', fn: mseHalf, expect: 'constant-factor' },
  { mistake: 'cross-entropy without the minus sign (log p_y)', loss: 'crossEntropy', fn: ceNoMinus, options: plainCe, expect: 'sign-flipped' },
  { mistake: "BCE with logits: tf.sum where 'mean' was asked", loss: 'binaryCrossEntropyWithLogits', fn: bceWithLogitsSumForMean, options: { ...meanOnly, skip: ['weights'] }, expect: 'sum-instead-of-mean' },
  { mistake: "hinge: tf.mean where 'sum' was asked", loss: 'hingeLoss', fn: hingeMeanForSum, options: { reductions: ['sum'] }, expect: 'mean-instead-of-sum' },
  { mistake: 'MSE: per-sample sum over axis 1, then the mean over the batch', loss: 'mseLoss', fn: msePerSampleSum, options: meanOnly, expect: 'mean-over-wrong-count' },
  { mistake: 'cross-entropy with class weights: Σ w·l / N instead of Σ w·l / Σ w', loss: 'crossEntropy', fn: ceWeightsOverN, options: { reductions: ['mean'], only: ['random', 'weights'] }, expect: 'weighted-mean-denominator' },
  { mistake: 'cross-entropy with ignoreIndex: masked losses divided by N, ignored targets included', loss: 'crossEntropy', fn: ceIgnoreOverN, options: { reductions: ['mean'], only: ['random', 'ignore-index'] }, expect: 'ignored-targets-counted' },
  { mistake: 'NLL picking column y + 1', loss: 'nllLoss', fn: nllOffByOne, options: { reductions: ['mean'], skip: ['ignore-index', 'weights'] }, expect: 'off-by-one-class' },
  { mistake: 'triplet: distances summed over axis 0 (the batch) instead of axis 1', loss: 'tripletMarginLoss', fn: tripletAxis0, options: { skip: ['params'] }, expect: 'wrong-axis' },
  { mistake: 'Dice computed once over the whole batch instead of per sample', loss: 'diceLoss', fn: diceGlobal, options: { ...meanOnly, skip: ['params'] }, expect: 'wrong-axis' },
  { mistake: 'focal loss ignoring options.gamma (always 2)', loss: 'focalLoss', fn: focalFixedGamma, options: { skip: ['ignore-index', 'weights'] }, expect: 'option-ignored' },
  { mistake: 'BCE with logits as −[y log σ(x) + (1 − y) log(1 − σ(x))]', loss: 'binaryCrossEntropyWithLogits', fn: bceWithLogitsNaive, options: { skip: ['weights'] }, expect: 'unstable-at-extremes' },
  { mistake: 'InfoNCE with softmax as exp(s/τ) / Σ exp(s/τ)', loss: 'infoNCE', fn: infoNceNaive, options: { skip: ['negatives'] }, expect: 'unstable-at-extremes' },
  { mistake: 'BCE on probabilities without the clamp of log at −100', loss: 'binaryCrossEntropy', fn: bceNoClamp, options: { skip: ['weights'] }, expect: 'missing-clamp' },
  { mistake: "BCE clipping probabilities to [1e-7, 1 − 1e-7] (Keras's ε) instead of clamping the log", loss: 'binaryCrossEntropy', fn: bceKerasClip, options: { skip: ['weights'] }, expect: 'clamp-differs' },
  { mistake: 'MSE as (√(x − y))⁴: NaN for negative residuals', loss: 'mseLoss', fn: mseSqrtSquared, expect: 'non-finite' },
  { mistake: 'MSE with |x − y|³', loss: 'mseLoss', fn: mseCubed, expect: 'value-mismatch' },
  { mistake: 'hinge computed on dataSync() values and rebuilt with tf.tensor', loss: 'hingeLoss', fn: hingeViaArrays, expect: 'not-differentiable' },
  { mistake: 'MSE with a tf.customGrad returning (x − y) instead of 2(x − y)', loss: 'mseLoss', fn: mseHalfGradient, expect: 'gradient-wrong' },
  { mistake: 'triplet with ‖a − p‖ = √Σ(a − p)² (no eps)', loss: 'tripletMarginLoss', fn: tripletNoEps, options: { skip: ['params'] }, expect: 'nan-gradient-at-zero-distance' },
  { mistake: 'contrastive loss with d = √Σ(a − b)² (no eps)', loss: 'contrastiveLoss', fn: contrastiveNoEps, options: { skip: ['params'] }, expect: 'nan-gradient-at-zero-distance' },
  { mistake: 'BCE with logits, hand-written gradient σ(x) − y without the 1/n of the mean', loss: 'binaryCrossEntropyWithLogits', fn: bceWithLogits, options: { ...meanOnly, skip: ['weights'], gradient: bceGradientNoMean }, expect: 'student-gradient-wrong' },
  { mistake: 'hand-written gradient returning two tensors for one input', loss: 'binaryCrossEntropyWithLogits', fn: bceWithLogits, options: { ...meanOnly, skip: ['weights'], gradient: bceGradientBroken }, expect: 'student-gradient-throws' },
  { mistake: 'calls a method tensors do not have (x.squared())', loss: 'mseLoss', fn: throwsTypeError, expect: 'throws' },
  { mistake: 'the stub: throw new Error("not implemented")', loss: 'mseLoss', fn: notImplemented, expect: 'not-implemented' },
  { mistake: 'an endless loop', loss: 'mseLoss', fn: hangs, options: { timeoutMs: 200 }, expect: 'timeout' },
  { mistake: 'returns a number (dataSync()[0]) instead of a tensor', loss: 'mseLoss', fn: returnsNumber, expect: 'not-a-tensor' },
  { mistake: 'MSE without tf.tidy (intermediate tensors left allocated)', loss: 'mseLoss', fn: mseNoTidy, expect: 'leak' },
  { mistake: "MSE that never reduces (per-element losses for 'mean')", loss: 'mseLoss', fn: mseUnreduced, options: meanOnly, expect: 'wrong-shape' },
  { mistake: "MSE with reduction 'none' returning per-sample means [N]", loss: 'mseLoss', fn: msePerSampleNone, options: { reductions: ['none'] }, expect: 'none-shape' },
];

/** Correct student implementations: each must pass. */
export const CORRECT: { loss: string; fn: StudentLoss; options?: CheckOptions }[] = [
  { loss: 'mseLoss', fn: mse },
  { loss: 'binaryCrossEntropyWithLogits', fn: bceWithLogits, options: { skip: ['weights'] } },
  { loss: 'binaryCrossEntropy', fn: bce, options: { skip: ['weights'] } },
  { loss: 'crossEntropy', fn: crossEntropy, options: { skip: ['spatial', 'params'] } },
  { loss: 'focalLoss', fn: focal, options: { skip: ['ignore-index', 'weights'] } },
  { loss: 'tripletMarginLoss', fn: triplet, options: { skip: ['params'] } },
  { loss: 'hingeLoss', fn: hinge },
];
