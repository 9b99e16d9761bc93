// The benchmark cases: forward + backward (the gradient w.r.t. the predictions) of each loss, in
// losslab, in tfjs's own tf.losses where it has the loss, and in PyTorch (bench/torch_bench.py
// implements the same `id`s with the same dimensions).
//
// A case's `inputs(gen, dims)` makes plain typed arrays (the same on every backend); `losslab`
// and `tfLosses` turn the backend's tensors into { wrt, f }: f(...wrt) is the loss, and the
// benchmark times value and gradients of f w.r.t. wrt.

/** Seeded generators of input arrays (mulberry32; sums of uniforms for normal-ish values). */
export function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    normal(n, scale = 1) {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = (next() + next() + next() + next() - 2) * 1.7320508 * scale;
      return out;
    },
    bits(n) {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = next() < 0.5 ? 0 : 1;
      return out;
    },
    classes(n, numClasses) {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(next() * numClasses);
      return out;
    },
  };
}

const M4 = 4 * 1024 * 1024;

export const CASES = [
  {
    id: 'cross_entropy',
    title: 'cross-entropy',
    dims: { B: 4096, C: 1000 },
    quick: { B: 256, C: 1000 },
    size: (d) => `${d.B} × ${d.C}`,
    export: 'crossEntropy',
    inputs: (g, d) => ({ logits: [g.normal(d.B * d.C, 2), [d.B, d.C]], target: [g.classes(d.B, d.C), [d.B], 'int32'] }),
    losslab: (L, t) => ({ wrt: [t.logits], f: (z) => L.crossEntropy(z, t.target) }),
    tfLosses: (tf, t, d) => {
      const onehot = tf.oneHot(t.target, d.C).toFloat();
      return { wrt: [t.logits], f: (z) => tf.losses.softmaxCrossEntropy(onehot, z), dispose: [onehot] };
    },
    tfLossesNote: 'one-hot labels, made before timing',
  },
  {
    id: 'bce_with_logits',
    title: 'BCE with logits',
    dims: { N: M4 },
    quick: { N: M4 / 16 },
    size: (d) => `${d.N / 1048576}M`,
    export: 'binaryCrossEntropyWithLogits',
    inputs: (g, d) => ({ logits: [g.normal(d.N, 2), [d.N / 1024, 1024]], target: [g.bits(d.N), [d.N / 1024, 1024]] }),
    losslab: (L, t) => ({ wrt: [t.logits], f: (x) => L.binaryCrossEntropyWithLogits(x, t.target) }),
    tfLosses: (tf, t) => ({ wrt: [t.logits], f: (x) => tf.losses.sigmoidCrossEntropy(t.target, x) }),
  },
  {
    id: 'mse',
    title: 'MSE',
    dims: { N: M4 },
    quick: { N: M4 / 16 },
    size: (d) => `${d.N / 1048576}M`,
    export: 'mseLoss',
    inputs: (g, d) => ({ input: [g.normal(d.N), [d.N / 1024, 1024]], target: [g.normal(d.N), [d.N / 1024, 1024]] }),
    losslab: (L, t) => ({ wrt: [t.input], f: (x) => L.mseLoss(x, t.target) }),
    tfLosses: (tf, t) => ({ wrt: [t.input], f: (x) => tf.losses.meanSquaredError(t.target, x) }),
  },
  {
    id: 'huber',
    title: 'Huber (δ = 1)',
    dims: { N: M4 },
    quick: { N: M4 / 16 },
    size: (d) => `${d.N / 1048576}M`,
    export: 'huberLoss',
    inputs: (g, d) => ({ input: [g.normal(d.N), [d.N / 1024, 1024]], target: [g.normal(d.N), [d.N / 1024, 1024]] }),
    losslab: (L, t) => ({ wrt: [t.input], f: (x) => L.huberLoss(x, t.target, { delta: 1 }) }),
    tfLosses: (tf, t) => ({ wrt: [t.input], f: (x) => tf.losses.huberLoss(t.target, x, undefined, 1) }),
  },
  {
    id: 'focal',
    title: 'focal (γ = 2)',
    dims: { B: 4096, C: 1000 },
    quick: { B: 256, C: 1000 },
    size: (d) => `${d.B} × ${d.C}`,
    export: 'focalLoss',
    inputs: (g, d) => ({ logits: [g.normal(d.B * d.C, 2), [d.B, d.C]], target: [g.classes(d.B, d.C), [d.B], 'int32'] }),
    losslab: (L, t) => ({ wrt: [t.logits], f: (z) => L.focalLoss(z, t.target, { gamma: 2 }) }),
    tfLosses: null,
  },
  {
    id: 'triplet',
    title: 'triplet margin',
    dims: { B: 4096, D: 256 },
    quick: { B: 256, D: 256 },
    size: (d) => `${d.B} × ${d.D}`,
    export: 'tripletMarginLoss',
    inputs: (g, d) => ({
      anchor: [g.normal(d.B * d.D), [d.B, d.D]],
      positive: [g.normal(d.B * d.D), [d.B, d.D]],
      negative: [g.normal(d.B * d.D), [d.B, d.D]],
    }),
    losslab: (L, t) => ({ wrt: [t.anchor, t.positive, t.negative], f: (a, p, n) => L.tripletMarginLoss(a, p, n) }),
    tfLosses: null,
  },
  {
    id: 'infonce',
    title: 'InfoNCE (τ = 0.1)',
    dims: { B: 1024, D: 256 },
    quick: { B: 128, D: 256 },
    size: (d) => `${d.B} × ${d.D}`,
    export: 'infoNCE',
    inputs: (g, d) => ({ query: [g.normal(d.B * d.D), [d.B, d.D]], key: [g.normal(d.B * d.D), [d.B, d.D]] }),
    losslab: (L, t) => ({ wrt: [t.query, t.key], f: (q, k) => L.infoNCE(q, k, { temperature: 0.1 }) }),
    tfLosses: null,
  },
];

/** Whether losslab's fused kernels cover a case (its "fused off" row shows what they win). */
export const FUSED_CASES = new Set(['cross_entropy', 'bce_with_logits', 'mse', 'huber', 'focal']);
