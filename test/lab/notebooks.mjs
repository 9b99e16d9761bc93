// Notebooks for the end-to-end tests, written as files: cells whose stored outputs carry losslab
// payloads (as the kernel's display helpers emit them), so they render without any kernel.
import { writeFileSync } from 'node:fs';

export const MIME = 'application/vnd.losslab.v1+json';

/** A seeded PRNG (mulberry32): the same batch on every run. */
export function rng(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const int = (n) => Math.floor(uniform() * n);
  return { uniform, normal, int };
}

/** A classification batch: logits [n, c] (the target class boosted for most rows) and targets. */
export function classificationBatch(n, c, seed, { ignoreEvery = 0 } = {}) {
  const r = rng(seed);
  const target = Array.from({ length: n }, (_, i) => (ignoreEvery && i % ignoreEvery === ignoreEvery - 1 ? -100 : r.int(c)));
  const logits = target.map((t) => Array.from({ length: c }, (_, k) => Number((r.normal() + (k === t && r.uniform() < 0.7 ? 2.5 : 0)).toFixed(4))));
  return { logits, target };
}

export const payloads = {
  explorer: {
    version: 1,
    widget: 'explorer',
    title: 'Cross-entropy vs focal vs Poly-1 over p_t',
    curves: [{ loss: 'crossEntropy' }, { loss: 'focalLoss', params: { gamma: 2 } }, { loss: 'polyLoss', params: { epsilon: 1 } }],
  },
  batch: {
    version: 1,
    widget: 'batch',
    title: 'Cross-entropy on 48 samples, class weights, label smoothing, 4 ignored',
    loss: 'crossEntropy',
    params: { labelSmoothing: 0.1 },
    tensorParams: { weight: [1, 2, 1, 1, 3] },
    inputs: classificationBatch(48, 5, 7, { ignoreEvery: 12 }),
  },
  batch4096: {
    version: 1,
    widget: 'batch',
    title: 'Focal loss on 4096 samples, 10 classes',
    loss: 'focalLoss',
    params: { gamma: 2 },
    inputs: classificationBatch(4096, 10, 11),
  },
  landscape: {
    version: 1,
    widget: 'landscape',
    loss: 'focalLoss',
    params: { gamma: 2 },
    points: 61,
  },
  // Rejected before anything loads: a loss id that is not a string, a bad view.
  malformed: { version: 1, widget: 'explorer', curves: [{ loss: 42 }], view: 'hessian' },
  // Written by a future losslab.
  newer: { version: 2, widget: 'explorer', curves: [{ loss: 'crossEntropy' }], somethingNew: true },
  // Well formed, but the catalog does not know the loss: rejected after the core loads.
  unknownLoss: { version: 1, widget: 'landscape', loss: 'noSuchLoss' },
};

/**
 * An embedding payload for `loss`: 6 anchors in 8-D, their positives nearby, one negative each;
 * every other negative is a hard one (as close as the positive), so some triplets carry loss.
 */
export function embeddingPayload(loss, params = {}) {
  const r = rng(3);
  const vec = () => Array.from({ length: 8 }, () => Number(r.normal().toFixed(4)));
  const anchors = Array.from({ length: 6 }, vec);
  const positives = anchors.map((a) => a.map((x) => Number((x + 0.3 * r.normal()).toFixed(4))));
  const negatives = anchors.map((a, i) => a.map((x) => Number((i % 2 ? x + 0.3 * r.normal() : 0.5 * x + r.normal()).toFixed(4))));
  return { version: 1, widget: 'embedding', title: `${loss} on 6 triplets (8-D, PCA)`, loss, params, anchors, positives, negatives, labels: [0, 1, 2, 3, 4, 5] };
}

function displayOutput(payload, text) {
  return { output_type: 'display_data', data: { [MIME]: payload, 'text/plain': [text] }, metadata: {} };
}

let cellId = 0;
function codeCell(source, outputs = []) {
  return { cell_type: 'code', id: `cell-${++cellId}`, execution_count: null, metadata: {}, source, outputs };
}
function markdownCell(source) {
  return { cell_type: 'markdown', id: `cell-${++cellId}`, metadata: {}, source };
}

/** A notebook with one stored losslab output per entry of `outputs` ({ title, payload }). */
export function storedOutputsNotebook(outputs, { kernelspec } = {}) {
  const cells = [markdownCell('# losslab widgets from stored outputs\nEach output below was written into the file: no kernel made it.')];
  for (const { title, payload } of outputs) {
    cells.push(markdownCell(`## ${title}`));
    cells.push(codeCell(`// ${title}`, [displayOutput(payload, `<losslab ${payload?.widget ?? 'output'}: ${title}>`)]));
  }
  return notebook(cells, kernelspec);
}

export function notebook(cells, kernelspec) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: kernelspec ? { kernelspec } : {},
    cells,
  };
}

export function codeCellOf(source) {
  return codeCell(source);
}

export function writeNotebook(path, nb) {
  writeFileSync(path, JSON.stringify(nb, null, 1));
}
