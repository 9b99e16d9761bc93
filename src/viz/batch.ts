/**
 * The batch inspector's figure: a batch's per-sample losses (the loss function with reduction
 * 'none'), sorted hardest first, each sample's share of the total and the norm of the gradient of
 * the reduced loss with respect to that sample's inputs, and the reduced loss under other settings.
 */
import { tf, type Tensor } from '../core/tf.js';
import { fail } from '../core/errors.js';
import { describeValue, toTensor } from '../core/validate.js';
import type { Reduction } from '../core/types.js';
import type { InputSpec, LossDescriptor, ParamValues } from '../catalog/types.js';
import type { BatchPayload } from '../mime/index.js';
import type { BatchEffect, BatchFigure, BatchRow } from './types.js';
import { checkParams, compute, lossDescriptor, lossFunction, paramValue } from './resolve.js';

const WHERE = 'batchFigure';

/** Whether an input holds one row per sample: `[N, ...]`, `any`, `same as input` (not `[D, C]`). */
function perSampleInput(spec: InputSpec): boolean {
  const m = /^\s*\[\s*([^,\]\s]+)/.exec(spec.shape);
  return !m || m[1] === 'N';
}

function checkInputs(desc: LossDescriptor, inputs: unknown): Record<string, unknown> {
  const names = desc.inputs.map((s) => s.name);
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    fail(desc.id, 'inputs', `an object of its inputs by name (${names.join(', ')})`, describeValue(inputs));
  }
  const given = Object.keys(inputs);
  const extra = given.find((k) => !names.includes(k));
  if (extra !== undefined) fail(desc.id, `inputs.${extra}`, `one of its inputs (${names.join(', ')})`, `an input named '${extra}'`);
  const missing = names.find((k) => !given.includes(k));
  if (missing !== undefined) fail(desc.id, `inputs.${missing}`, `given (${desc.inputs.find((s) => s.name === missing)!.description}, shape ${desc.inputs.find((s) => s.name === missing)!.shape})`, 'nothing');
  return inputs as Record<string, unknown>;
}

/** Per-sample values of a per-element tensor: the sum over every axis but the first. */
function perSample(t: Tensor): Tensor {
  if (t.rank === 0) return t.reshape([1]);
  return t.rank === 1 ? t : tf.sum(t, Array.from({ length: t.rank - 1 }, (_, i) => i + 1));
}

/** The fewest hardest rows whose shares add up to at least half of the total. */
function hardestCount(rows: BatchRow[]): number {
  let acc = 0;
  for (let i = 0; i < rows.length; i++) {
    if (rows[i]!.share <= 0) return i;
    acc += rows[i]!.share;
    if (acc >= 0.5 - 1e-9) return i + 1;
  }
  return rows.length;
}

/**
 * Figure data of a batch inspector payload.
 *
 * With ℓ_n the loss of sample n (the loss with reduction 'none', summed over any non-batch axes)
 * and L the reduced loss under the payload's reduction (default: the loss's): rows hold ℓ_n,
 * share_n = ℓ_n / Σ_m ℓ_m (the same as its share of L, since 'mean' and weighted means are Σ ℓ_m
 * divided by a constant; 0 when the total is 0) and gradNorm_n = ‖∂L/∂x_n‖₂ over every
 * differentiable per-sample input x (for 'none', L = Σ ℓ_n). Rows are sorted by ℓ_n, largest first.
 * A sample is ignored when every entry of its `target` equals the loss's `ignoreIndex`.
 * `tensorParams` (class weights, per-class alpha, ...) are passed to the loss with the parameters;
 * `effects` then also gives the reduced loss without them.
 *
 * @throws LossInputError for an unknown id, unknown or ill-typed parameters, missing or extra
 *   inputs, a reduction the loss does not offer, or inputs the loss rejects.
 */
export function batchFigure(payload: BatchPayload): BatchFigure {
  const desc = lossDescriptor(payload.loss, WHERE, 'loss');
  const params: ParamValues = checkParams(desc, payload.params);
  const reduction: Reduction = payload.reduction ?? desc.defaultReduction;
  if (!desc.reductions.includes(reduction)) fail(desc.id, 'reduction', `one of ${desc.reductions.map((r) => `'${r}'`).join(', ')}`, describeValue(reduction));
  const given = checkInputs(desc, payload.inputs);
  const tensorParams = payload.tensorParams ?? {};
  if (typeof tensorParams !== 'object' || tensorParams === null || Array.isArray(tensorParams)) {
    fail(desc.id, 'tensorParams', 'an object of tensor-valued options, e.g. { weight: [1, 2] }', describeValue(tensorParams));
  }
  const fn = lossFunction(desc);

  return compute(() => {
    const inputs = desc.inputs.map((s) => toTensor(given[s.name], desc.id, `inputs.${s.name}`));
    const extra = Object.fromEntries(Object.entries(tensorParams).map(([k, v]) => [k, toTensor(v, desc.id, `tensorParams.${k}`)]));
    const call = (xs: Tensor[], r: Reduction, withTensors = true): Tensor => fn(...xs, { ...params, ...(withTensors ? extra : {}), reduction: r });

    const losses = perSample(call(inputs, 'none'));
    const n = losses.shape[0]!;
    const lossValues = Array.from(losses.dataSync());

    const diff = desc.inputs.map((s, i) => (s.differentiable ? i : -1)).filter((i) => i >= 0);
    const reducedOf = (...xs: Tensor[]) => {
      const all = inputs.slice();
      diff.forEach((k, j) => (all[k] = xs[j]!));
      const out = call(all, reduction);
      return reduction === 'none' ? tf.sum(out) : out;
    };
    const { value, grads } = diff.length ? tf.valueAndGrads(reducedOf)(diff.map((k) => inputs[k]!)) : { value: reducedOf(), grads: [] as Tensor[] };
    const gradientOf: string[] = [];
    let sq = tf.zeros([n]);
    diff.forEach((k, j) => {
      const g = grads[j]!;
      if (!perSampleInput(desc.inputs[k]!) || g.rank === 0 || g.shape[0] !== n) return;
      gradientOf.push(desc.inputs[k]!.name);
      sq = tf.add(sq, perSample(tf.square(g)));
    });
    const gradNorms = Array.from(tf.sqrt(sq).dataSync());

    const ignoreIndex = paramValue(desc, params, 'ignoreIndex');
    const targetAt = desc.inputs.findIndex((s) => s.name === 'target');
    const ignored = new Array<boolean>(n).fill(false);
    if (typeof ignoreIndex === 'number' && targetAt >= 0 && inputs[targetAt]!.shape[0] === n) {
      const t = inputs[targetAt]!;
      const per = t.size / n;
      const v = t.dataSync();
      for (let i = 0; i < n; i++) {
        let all = per > 0;
        for (let j = 0; j < per && all; j++) all = v[i * per + j] === ignoreIndex;
        ignored[i] = all;
      }
    }

    const total = lossValues.reduce((a, b) => a + b, 0);
    const rows: BatchRow[] = lossValues.map((loss, index) => ({
      index,
      loss,
      share: total !== 0 && !ignored[index] ? loss / total : 0,
      gradNorm: gradNorms[index]!,
      ignored: ignored[index]!,
    }));
    rows.sort((a, b) => b.loss - a.loss || a.index - b.index);

    // 'sum' is the sum of the 'none' values for every loss; the payload's own reduction is `value`.
    const reducedValue = value.dataSync()[0]!;
    const reduceAs = (r: 'mean' | 'sum', withTensors: boolean): number => {
      if (withTensors && r === reduction) return reducedValue;
      if (withTensors && r === 'sum') return total;
      return call(inputs, r, withTensors).dataSync()[0]!;
    };
    const effects: BatchEffect[] = [];
    const reductions = desc.reductions.filter((r): r is 'mean' | 'sum' => r !== 'none');
    const names = Object.keys(extra);
    for (const r of reductions) effects.push({ label: r, value: reduceAs(r, true) });
    if (names.length) for (const r of reductions) effects.push({ label: `${r} without ${names.join(', ')}`, value: reduceAs(r, false) });
    const ignoredCount = ignored.filter(Boolean).length;
    if (ignoredCount > 0) effects.push({ label: `sum / ${n} (ignored samples counted as 0)`, value: total / n });

    return {
      title: payload.title ?? `${desc.title}: per-sample losses`,
      loss: desc.id,
      reduction,
      reduced: reducedValue,
      rows,
      hardest: hardestCount(rows),
      size: n,
      ignoredCount,
      gradientOf,
      effects,
    };
  });
}
