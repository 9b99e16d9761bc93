/**
 * Which two variables a loss's landscape shows, by family: the one place that knows, for losses
 * whose descriptor carries no `landscape` of its own. Every surface calls the loss function itself
 * with reduction 'none' on a batch of one point (or one small group) per grid point.
 *
 * - regression: prediction × target;
 * - class-index classification ([N, C] scores, [N] targets): the two logits of a 2-class problem
 *   with target class 0;
 * - binary losses on logits / probabilities: the logit (probability) × a soft target in [0, 1];
 * - hinge losses (targets ±1): the score of a positive sample × the score of a negative one (mean);
 * - Dice: the predicted probability on a foreground pixel × on a background pixel;
 * - margin ranking: x1 × x2 with y = 1; triplet: d(a, p) × d(a, n); InfoNCE: cos(q, k⁺) × cos(q, k⁻);
 * - any other loss with a numeric parameter: its natural axis × that parameter (via `curve`).
 */
import { tf, type Tensor } from '../core/tf.js';
import { fail } from '../core/errors.js';
import type { LandscapeAxis, LandscapeSpec, LossDescriptor, ParamValues } from '../catalog/types.js';
import { lossFunction, symbolText, type LossFunction } from './resolve.js';

const none = (params: ParamValues) => ({ ...params, reduction: 'none' as const });
const axis = (label: string, symbol: string, min: number, max: number): LandscapeAxis => ({ label, symbol, min, max });

function regression(fn: LossFunction): LandscapeSpec {
  return {
    x: axis('prediction x', 'x', -3, 3),
    y: axis('target y', 'y', -3, 3),
    description: 'The loss of one prediction against one target.',
    surface: (x, y, p) => fn(x, y, none(p)),
  };
}

function twoLogits(fn: LossFunction): LandscapeSpec {
  return {
    x: axis('logit z₀ (target class)', 'z_0', -4, 4),
    y: axis('logit z₁ (other class)', 'z_1', -4, 4),
    description: 'A 2-class problem with target class 0: the loss over the two logits (it depends on z₀ − z₁ for softmax losses).',
    surface: (x, y, p) => fn(tf.stack([x, y], 1), tf.zeros([x.size]), none(p)),
  };
}

function logitTarget(fn: LossFunction, probability: boolean): LandscapeSpec {
  return {
    x: probability ? axis('predicted probability p', 'p', 0.001, 0.999) : axis('logit z', 'z', -6, 6),
    y: axis('target t', 't', 0, 1),
    description: `One ${probability ? 'probability' : 'logit'} against a soft target t in [0, 1] (t = 1: positive).`,
    surface: (x, y, p) => fn(x, y, none(p)),
  };
}

function twoSamples(fn: LossFunction): LandscapeSpec {
  return {
    x: axis('score s⁺ of a positive sample (t = +1)', 's^+', -3, 3),
    y: axis('score s⁻ of a negative sample (t = −1)', 's^-', -3, 3),
    description: 'The mean loss of a batch of two samples, one of each class.',
    surface: (x, y, p) => tf.mean(fn(tf.stack([x, y], 1), tf.tile(tf.tensor2d([[1, -1]]), [x.size, 1]), none(p)), 1),
  };
}

function dice(fn: LossFunction): LandscapeSpec {
  return {
    x: axis('probability on a foreground pixel', 'p_1', 0, 1),
    y: axis('probability on a background pixel', 'p_0', 0, 1),
    description: 'A sample of two pixels, target [1, 0]: the Dice loss over the two predicted probabilities.',
    surface: (x, y, p) => fn(tf.stack([x, y], 1), tf.tile(tf.tensor2d([[1, 0]]), [x.size, 1]), none(p)),
  };
}

function marginRanking(fn: LossFunction): LandscapeSpec {
  return {
    x: axis('score x₁ (should rank higher)', 'x_1', -3, 3),
    y: axis('score x₂', 'x_2', -3, 3),
    description: 'One pair with y = 1 (x₁ should rank above x₂).',
    surface: (x, y, p) => fn(x, y, tf.onesLike(x), none(p)),
  };
}

function triplet(fn: LossFunction): LandscapeSpec {
  return {
    x: axis('distance d(a, p) to the positive', 'd(a,p)', 0, 3),
    y: axis('distance d(a, n) to the negative', 'd(a,n)', 0, 3),
    description: 'One triplet on a line: anchor at 0, positive at d(a, p), negative at d(a, n).',
    surface: (x, y, p) => {
      const a = tf.zeros([x.size, 1]);
      return fn(a, tf.neg(x).reshape([x.size, 1]), tf.neg(y).reshape([x.size, 1]), none(p));
    },
  };
}

function cosinePair(fn: LossFunction): LandscapeSpec {
  const unit = (c: Tensor) => tf.stack([c, tf.sqrt(tf.relu(tf.sub(1, tf.square(c))))], 1);
  return {
    x: axis('cos(q, k⁺) with the positive', '\\cos(q,k^+)', -1, 1),
    y: axis('cos(q, k⁻) with the negative', '\\cos(q,k^-)', -1, 1),
    description: 'One query with its positive key and one negative key (paired negative), as cosine similarities.',
    surface: (x, y, p) => {
      const q = tf.tile(tf.tensor2d([[1, 0]]), [x.size, 1]);
      return fn(q, unit(x), { ...none(p), negativeKeys: unit(y).reshape([x.size, 1, 2]), negativeMode: 'paired' });
    },
  };
}

/**
 * Losses whose curve costs one loss call per point (GE2E: centroids couple a batch, so every point
 * is its own batch): their landscape defaults to a coarser grid.
 */
const ONE_CALL_PER_POINT = new Set(['ge2eLoss']);
const COARSE_POINTS = 21;

/** A loss's natural axis × one numeric parameter, by the descriptor's `curve`. */
function axisByParam(desc: LossDescriptor): LandscapeSpec | undefined {
  const param = desc.params.find((s) => (s.kind === 'number' || s.kind === 'integer') && s.range);
  if (!param) return undefined;
  return {
    x: axis(desc.axis.label, desc.axis.symbol, desc.axis.min, desc.axis.max),
    y: axis(`${param.description} ${symbolText(param.symbol)}`, param.symbol, param.range!.min, param.range!.max),
    description: `The loss along its natural axis as ${symbolText(param.symbol)} (${param.name}) varies.`,
    ...(ONE_CALL_PER_POINT.has(desc.id) ? { points: COARSE_POINTS } : {}),
    surface: (x, y, p) => {
      // One curve per distinct parameter value, put back in the points' order.
      const xs = x.dataSync();
      const ys = y.dataSync();
      const out = new Float32Array(xs.length);
      const groups = new Map<number, number[]>();
      ys.forEach((v, k) => (groups.get(v) ?? groups.set(v, []).get(v)!).push(k));
      for (const [value, idx] of groups) {
        const z = tf.tidy(() => desc.curve(tf.tensor1d(idx.map((k) => xs[k]!)), { ...p, [param.name]: value }).dataSync());
        idx.forEach((k, i) => (out[k] = z[i]!));
      }
      return tf.tensor1d(out);
    },
  };
}

const BY_ID: Record<string, (fn: LossFunction) => LandscapeSpec> = {
  binaryCrossEntropy: (fn) => logitTarget(fn, true),
  binaryCrossEntropyWithLogits: (fn) => logitTarget(fn, false),
  sigmoidFocalLoss: (fn) => logitTarget(fn, false),
  hingeLoss: twoSamples,
  squaredHingeLoss: twoSamples,
  diceLoss: dice,
  marginRankingLoss: marginRanking,
  tripletMarginLoss: triplet,
  infoNCE: cosinePair,
};

/** Class-index losses: scores [N, C] and targets [N] (cross-entropy, focal, Poly, multi-margin, NLL). */
function classIndexLoss(desc: LossDescriptor): boolean {
  return desc.family === 'classification' && desc.inputs.length === 2 && /^\s*\[\s*N\s*,\s*C/.test(desc.inputs[0]!.shape) && desc.inputs[1]!.name === 'target';
}

/**
 * The landscape of a loss: its descriptor's own `landscape` when it has one, else the family's
 * (see the list above).
 *
 * @throws LossInputError when neither applies (no family rule and no numeric parameter).
 */
export function landscapeSpec(desc: LossDescriptor): LandscapeSpec {
  if (desc.landscape) return desc.landscape;
  const byId = BY_ID[desc.id];
  if (byId) return byId(lossFunction(desc));
  if (desc.family === 'regression') return regression(lossFunction(desc));
  if (classIndexLoss(desc)) return twoLogits(lossFunction(desc));
  const fallback = axisByParam(desc);
  if (fallback) return fallback;
  return fail('landscapeFigure', 'loss', 'a loss with a landscape (a family rule or a numeric parameter)', `'${desc.id}'`);
}
