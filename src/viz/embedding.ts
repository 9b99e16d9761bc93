/**
 * The embedding inspector's figure: anchors, positives and negatives placed on a plane (PCA, or
 * their own coordinates when 2-D), the pairs the loss acts on with their distance, and the loss of
 * each pair and anchor, computed by the loss function itself with reduction 'none'.
 *
 * How a payload's anchors / positives / negatives / labels map onto a loss's inputs, and which
 * pairs it acts on, depends on the loss: that knowledge is in EMBEDDING_ADAPTERS, one entry per
 * loss kind (triplets, labelled pairs, softmax over candidates).
 */
import { tf, type Tensor } from '../core/tf.js';
import { fail } from '../core/errors.js';
import type { LossDescriptor, ParamValues } from '../catalog/types.js';
import type { EmbeddingPayload } from '../mime/index.js';
import type { EmbeddingFigure, EmbeddingPair, EmbeddingPoint } from './types.js';
import { checkParams, compute, lossDescriptor, lossFunction, paramValue, type LossFunction } from './resolve.js';
import { pca2 } from './pca.js';
import { cosineSimilarity, cosineUnit, pairwiseDistance } from '../core/distance.js';

const WHERE = 'embeddingFigure';
const NONE: Vec[] = [];
/** Negative pairs drawn per anchor for softmax losses: those carrying the largest part of its loss. */
export const NEGATIVES_PER_ANCHOR = 3;

type Vec = readonly number[];

interface Batch {
  anchors: Vec[];
  positives: Vec[];
  negatives: Vec[];
  labels?: number[];
}

/** What an adapter computes: the loss's own numbers and the pairs it acts on. */
interface Acted {
  perAnchor: number[];
  reduced: number;
  /** Pairs with `from`/`to` as indices into anchors ++ positives ++ negatives. */
  pairs: EmbeddingPair[];
  /** Role of each positive (pair losses with label 0 make it a 'negative'). */
  positiveRoles?: ('positive' | 'negative')[];
  distanceLabel: string;
  margin?: number;
}

interface EmbeddingAdapter {
  /** The loss kind in words, for errors. */
  kind: string;
  act(fn: LossFunction, desc: LossDescriptor, params: ParamValues, b: Batch): Acted;
}

function num(desc: LossDescriptor, params: ParamValues, name: string, fallback: number): number {
  const v = paramValue(desc, params, name);
  return typeof v === 'number' ? v : fallback;
}

/** d(a_i, b_i) for each row i: torch's pairwise_distance ‖a − b + eps‖_p, as the triplet loss uses it. */
function rowDistances(a: Vec[], b: Vec[], p = 2, eps = 0): number[] {
  return compute(() => Array.from(pairwiseDistance(tf.tensor2d(a as number[][]), tf.tensor2d(b as number[][]), { p, eps }).dataSync()));
}

/** cos(a_i, b_i) for each row i (torch's cosine_similarity). */
function rowCosines(a: Vec[], b: Vec[]): number[] {
  return compute(() => Array.from(cosineSimilarity(tf.tensor2d(a as number[][]), tf.tensor2d(b as number[][]), { dim: -1 }).dataSync()));
}

/** Similarity of every row of `a` with every row of `b`, [A][B]: cosine (torch's) or dot product. */
function similarityMatrix(a: Vec[], b: Vec[], kind: 'cosine' | 'dot'): number[][] {
  if (b.length === 0) return a.map(() => []);
  return compute(() => {
    const ta = tf.tensor2d(a as number[][]);
    const tb = tf.tensor2d(b as number[][]);
    // Cosines as a matmul of torch's unit rows (core/distance), not an [A, B, D] broadcast.
    const m = kind === 'dot' ? tf.matMul(ta, tb, false, true) : tf.matMul(cosineUnit(ta), cosineUnit(tb), false, true);
    return m.arraySync() as number[][];
  });
}

/**
 * Runs the loss on the batch as tensors: per-anchor values (reduction 'none') and the reduced
 * loss. The embedding losses here take no weights, so their 'mean' and 'sum' are the mean and sum
 * of the 'none' values: one call of the loss, not two.
 */
function evaluate(fn: LossFunction, desc: LossDescriptor, args: (Vec[] | number[] | undefined)[], options: Record<string, unknown>): { perAnchor: number[]; reduced: number } {
  const perAnchor = compute(() => {
    const ts = args.map((a) => (a === undefined ? undefined : tf.tensor(a as number[][])));
    const opts = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, Array.isArray(v) ? tf.tensor(v as number[][]) : v]));
    const positional = ts.filter((t): t is Tensor => t !== undefined);
    return Array.from(fn(...positional, { ...opts, reduction: 'none' }).dataSync());
  });
  const sum = perAnchor.reduce((a, b) => a + b, 0);
  return { perAnchor, reduced: desc.defaultReduction === 'sum' ? sum : sum / Math.max(perAnchor.length, 1) };
}

const triplets: EmbeddingAdapter = {
  kind: 'triplets (anchor, positive, negative)',
  act(fn, desc, params, b) {
    const n = b.anchors.length;
    if (b.negatives.length !== n) fail(desc.id, 'negatives', `${n} rows, one negative per anchor`, `${b.negatives.length} rows`);
    const p = num(desc, params, 'p', 2);
    const eps = num(desc, params, 'eps', 1e-6);
    const { perAnchor, reduced } = evaluate(fn, desc, [b.anchors, b.positives, b.negatives], params);
    const dPos = rowDistances(b.anchors, b.positives, p, eps);
    const dNeg = rowDistances(b.anchors, b.negatives, p, eps);
    const pairs: EmbeddingPair[] = [];
    for (let i = 0; i < n; i++) {
      pairs.push({ from: i, to: n + i, kind: 'positive', loss: perAnchor[i]!, distance: dPos[i]! });
      pairs.push({ from: i, to: 2 * n + i, kind: 'negative', loss: perAnchor[i]!, distance: dNeg[i]! });
    }
    return { perAnchor, reduced, pairs, distanceLabel: p === 2 ? 'Euclidean distance' : `L${p} distance`, margin: num(desc, params, 'margin', 1) };
  },
};

const labelledPairs: EmbeddingAdapter = {
  kind: 'labelled pairs (anchors, positives as the second items, labels 1 = similar, 0 = dissimilar)',
  act(fn, desc, params, b) {
    const n = b.anchors.length;
    if (b.negatives.length) fail(desc.id, 'negatives', 'absent: a pair loss takes anchors, positives and labels (1 = similar, 0 = dissimilar)', `${b.negatives.length} rows`);
    const labels = b.labels;
    if (!labels || labels.length !== n || labels.some((l) => l !== 0 && l !== 1)) {
      fail(desc.id, 'labels', `${n} labels, 1 for a similar pair and 0 for a dissimilar one`, labels ? `[${labels.slice(0, 8).join(', ')}${labels.length > 8 ? ', ...' : ''}]` : 'none');
    }
    const cosineDistance = paramValue(desc, params, 'distance') === 'cosine';
    const { perAnchor, reduced } = evaluate(fn, desc, [b.anchors, b.positives, labels], params);
    const d = cosineDistance ? rowCosines(b.anchors, b.positives).map((c) => 1 - c) : rowDistances(b.anchors, b.positives, 2, 0);
    const pairs = b.anchors.map((_, i): EmbeddingPair => ({
      from: i,
      to: n + i,
      kind: labels[i] === 1 ? 'positive' : 'negative',
      loss: perAnchor[i]!,
      distance: d[i]!,
    }));
    return {
      perAnchor,
      reduced,
      pairs,
      positiveRoles: labels.map((l) => (l === 1 ? 'positive' : 'negative')),
      distanceLabel: cosineDistance ? 'cosine distance 1 − cos' : 'Euclidean distance',
      margin: num(desc, params, 'margin', 1),
    };
  },
};

/**
 * Softmax over candidates (InfoNCE, multiple-negatives ranking): anchor i scores each candidate
 * j by s_ij = sim(a_i, c_j) · scale; its loss is −log p_i,pos with p = softmax(s_i). Its positive
 * pair carries that loss; each negative pair j carries ℓ_i · p_ij / Σ_{k ≠ pos} p_ik, its part of
 * ℓ_i = log(1 + Σ_{k ≠ pos} exp(s_ik − s_i,pos)). The NEGATIVES_PER_ANCHOR largest are drawn.
 */
interface SoftmaxSetup {
  scale: number;
  similarity: 'cosine' | 'dot';
  /** Whether the other anchors' positives are candidates too. */
  inBatch: boolean;
  /** Options for the loss call (the negatives in its layout). */
  options: Record<string, unknown>;
}

function softmaxAdapter(setup: (b: Batch, params: ParamValues, desc: LossDescriptor) => SoftmaxSetup): EmbeddingAdapter {
  return {
    kind: 'anchors with positives (other positives and the negatives are the candidates)',
    act(fn, desc, params, b) {
      const n = b.anchors.length;
      const { scale, similarity, inBatch, options } = setup(b, params, desc);
      const { perAnchor, reduced } = evaluate(fn, desc, [b.anchors, b.positives], { ...params, ...options });
      const simPos = similarityMatrix(b.anchors, b.positives, similarity);
      const simNeg = similarityMatrix(b.anchors, b.negatives, similarity);
      const pairs: EmbeddingPair[] = [];
      for (let i = 0; i < n; i++) {
        // Candidates: the own positive, other positives when in-batch, then the negatives.
        const cands: { to: number; sim: number }[] = [{ to: n + i, sim: simPos[i]![i]! }];
        if (inBatch) for (let j = 0; j < n; j++) if (j !== i) cands.push({ to: n + j, sim: simPos[i]![j]! });
        simNeg[i]!.forEach((sim, m) => cands.push({ to: 2 * n + m, sim }));
        const top = Math.max(...cands.map((c) => c.sim * scale));
        const w = cands.map((c) => Math.exp(c.sim * scale - top));
        const negMass = w.slice(1).reduce((acc, v) => acc + v, 0);
        pairs.push({ from: i, to: n + i, kind: 'positive', loss: perAnchor[i]!, distance: cands[0]!.sim });
        cands
          .slice(1)
          .map((c, k) => ({ ...c, part: negMass > 0 ? (perAnchor[i]! * w[k + 1]!) / negMass : 0 }))
          .sort((x, y) => y.part - x.part)
          .slice(0, NEGATIVES_PER_ANCHOR)
          .forEach((c) => pairs.push({ from: i, to: c.to, kind: 'negative', loss: c.part, distance: c.sim }));
      }
      return { perAnchor, reduced, pairs, distanceLabel: similarity === 'dot' ? 'dot product' : 'cosine similarity' };
    },
  };
}

/** Which adapter reads a payload for each embedding loss. */
export const EMBEDDING_ADAPTERS: Readonly<Record<string, EmbeddingAdapter>> = {
  tripletMarginLoss: triplets,
  contrastiveLoss: labelledPairs,
  infoNCE: softmaxAdapter((b, params, desc) => {
    const paired = paramValue(desc, params, 'negativeMode') === 'paired';
    if (paired && b.negatives.length && b.negatives.length !== b.anchors.length) {
      fail(desc.id, 'negatives', `${b.anchors.length} rows (one paired negative per query)`, `${b.negatives.length} rows`);
    }
    const negativeKeys = b.negatives.length ? (paired ? b.negatives.map((v) => [v]) : b.negatives) : undefined;
    // info-nce-pytorch: with negative keys, the other queries' positives are not candidates.
    return { scale: 1 / num(desc, params, 'temperature', 0.1), similarity: 'cosine', inBatch: !b.negatives.length, options: negativeKeys ? { negativeKeys } : {} };
  }),
  multipleNegativesRankingLoss: softmaxAdapter((b, params, desc) => ({
    scale: num(desc, params, 'scale', 20),
    similarity: paramValue(desc, params, 'similarity') === 'dot' ? 'dot' : 'cosine',
    inBatch: true,
    options: b.negatives.length ? { negatives: b.negatives } : {},
  })),
};

/**
 * The projection of the last points seen, by their arrays: a widget recomputes the figure on every
 * slider move with the same points, and the PCA does not depend on the parameters. Weak: no leak.
 * (Payload arrays are treated as immutable: a new array gives a new projection.)
 */
const projections = new WeakMap<object, { positives: unknown; negatives: unknown; projection: { coords: [number, number][]; explained: [number, number] } }>();

function project(b: Batch, all: Vec[], identity: boolean): { coords: [number, number][]; explained: [number, number] } {
  if (identity) return { coords: all.map((v) => [v[0]!, v[1]!]), explained: [1, 1] };
  const hit = projections.get(b.anchors);
  if (hit && hit.positives === b.positives && hit.negatives === b.negatives) return hit.projection;
  const projection = pca2(all);
  projections.set(b.anchors, { positives: b.positives, negatives: b.negatives, projection });
  return projection;
}

/**
 * Figure data of an embedding inspector payload: the points (anchors, then positives, then
 * negatives) projected to 2-D, the pairs the loss acts on, per-anchor losses and the reduced loss.
 * 2-D embeddings keep their own coordinates; others are projected on their two principal
 * components (of all points together).
 *
 * @throws LossInputError for an id that is not an embedding loss this inspector knows, unknown or
 *   ill-typed parameters, rows of different widths or counts, or inputs the loss rejects.
 */
export function embeddingFigure(payload: EmbeddingPayload): EmbeddingFigure {
  const desc = lossDescriptor(payload.loss, WHERE, 'loss');
  const adapter = EMBEDDING_ADAPTERS[desc.id];
  if (!adapter) fail(WHERE, 'loss', `an embedding loss the inspector knows (${Object.keys(EMBEDDING_ADAPTERS).join(', ')})`, `'${desc.id}'`);
  const params = checkParams(desc, payload.params);
  const b: Batch = { anchors: payload.anchors, positives: payload.positives, negatives: payload.negatives ?? NONE, labels: payload.labels };
  const rows = (v: unknown, name: string): void => {
    if (!Array.isArray(v) || (name !== 'negatives' && v.length === 0)) fail(desc.id, name, 'a non-empty list of vectors', String(v));
  };
  rows(b.anchors, 'anchors');
  rows(b.positives, 'positives');
  rows(b.negatives, 'negatives');
  const dim = b.anchors[0]!.length;
  const all = [...b.anchors, ...b.positives, ...b.negatives];
  const bad = all.findIndex((v) => !Array.isArray(v) || v.length !== dim || v.some((x) => typeof x !== 'number' || !Number.isFinite(x)));
  if (bad >= 0 || dim === 0) fail(desc.id, 'anchors, positives, negatives', `rows of ${dim || 'at least 1'} finite numbers each`, `row ${Math.max(bad, 0)} of all points`);
  if (b.positives.length !== b.anchors.length) fail(desc.id, 'positives', `${b.anchors.length} rows, one per anchor`, `${b.positives.length} rows`);

  const acted = adapter.act(lossFunction(desc), desc, params, b);
  const identity = dim === 2;
  const proj = project(b, all, identity);
  const n = b.anchors.length;
  const points: EmbeddingPoint[] = all.map((_, k) => {
    const [x, y] = proj.coords[k]!;
    const role = k < n ? 'anchor' : k < 2 * n ? (acted.positiveRoles?.[k - n] ?? 'positive') : 'negative';
    const index = k < n ? k : k < 2 * n ? k - n : k - 2 * n;
    const label = k < 2 * n ? b.labels?.[index] : undefined;
    return label === undefined ? { x, y, role, index } : { x, y, role, index, label };
  });
  const pct = (v: number) => `${Math.round(v * 100)}% of variance`;
  return {
    title: payload.title ?? `${desc.title}: embeddings and the pairs it acts on`,
    loss: desc.id,
    points,
    pairs: acted.pairs,
    perAnchor: acted.perAnchor,
    reduced: acted.reduced,
    distanceLabel: acted.distanceLabel,
    ...(acted.margin !== undefined ? { margin: acted.margin } : {}),
    projection: identity ? 'identity' : 'pca',
    explained: proj.explained,
    xLabel: identity ? 'dimension 1' : `PC 1 (${pct(proj.explained[0])})`,
    yLabel: identity ? 'dimension 2' : `PC 2 (${pct(proj.explained[1])})`,
  };
}
