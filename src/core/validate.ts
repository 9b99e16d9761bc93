/**
 * Input validation shared by every loss: conversion of tensor-likes, shape rules, class-index
 * targets, value ranges and option checks. Each rule throws a LossInputError naming the loss, the
 * argument, what was expected and what was given; nothing here computes a loss.
 *
 * Value checks read tensors back (dataSync) only where a loss's meaning depends on the values
 * (class indices, probabilities, binary labels); predictions are not scanned for NaN, as in PyTorch.
 */
import { tf, type Tensor } from './tf.js';
import { fail } from './errors.js';
import type { Reduction, TensorLike } from './types.js';
import { allValuesIn } from '../fused/check.js';

/** `[4, 3]`: a shape as users write it. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A short description of any value, for "but got ..." in error messages. */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (x instanceof tf.Tensor) return `a ${x.dtype} tensor of shape ${formatShape(x.shape)}`;
  if (typeof x === 'number') return Number.isNaN(x) ? 'NaN' : String(x);
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}...` : x);
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name} of length ${(x as Float32Array).length}`;
  return `a value of type ${typeof x}`;
}

function isNumericArrayTree(x: unknown): boolean {
  if (typeof x === 'number') return true;
  if (ArrayBuffer.isView(x)) return true;
  if (Array.isArray(x)) return x.every(isNumericArrayTree);
  return false;
}

function inferShape(x: unknown, loss: string, argument: string): number[] {
  if (typeof x === 'number') return [];
  if (ArrayBuffer.isView(x)) return [(x as Float32Array).length];
  const arr = x as unknown[];
  if (arr.length === 0) return [0];
  const inner = inferShape(arr[0], loss, argument);
  for (let i = 1; i < arr.length; i++) {
    const s = inferShape(arr[i], loss, argument);
    if (s.length !== inner.length || s.some((d, k) => d !== inner[k])) {
      fail(loss, argument, 'a rectangular (non-ragged) array', `rows of shapes ${formatShape(inner)} and ${formatShape(s)} (at index ${i})`);
    }
  }
  return [arr.length, ...inner];
}

/**
 * Converts a tensor-like to a float32 (or int32) tensor. Tensors pass through unchanged except for
 * a dtype cast; arrays are checked for being rectangular and numeric. Call inside `tf.tidy` so
 * the tensors made here are freed with the rest.
 */
export function toTensor(x: TensorLike | unknown, loss: string, argument: string, dtype: 'float32' | 'int32' = 'float32'): Tensor {
  if (x instanceof tf.Tensor) {
    if (x.isDisposed) fail(loss, argument, 'a live tensor', 'a disposed tensor');
    if (x.dtype === 'string' || x.dtype === 'complex64') fail(loss, argument, 'a numeric tensor', `a ${x.dtype} tensor`);
    return x.dtype === dtype ? x : tf.cast(x, dtype);
  }
  if (!isNumericArrayTree(x)) fail(loss, argument, 'a tf.Tensor, a number or a (nested) array of numbers', describeValue(x));
  const shape = inferShape(x, loss, argument);
  const flat = typeof x === 'number' ? [x] : ArrayBuffer.isView(x) ? Array.from(x as Float32Array) : (x as unknown[]).flat(Infinity) as number[];
  return tf.tensor(flat, shape, dtype);
}

/** Requires a tensor's rank to be one of `ranks`. */
export function expectRank(t: Tensor, ranks: number[] | { min: number; max?: number }, loss: string, argument: string, what?: string): void {
  const ok = Array.isArray(ranks) ? ranks.includes(t.rank) : t.rank >= ranks.min && (ranks.max === undefined || t.rank <= ranks.max);
  if (!ok) {
    const expected = what ?? (Array.isArray(ranks) ? `a tensor of rank ${ranks.join(' or ')}` : `a tensor of rank >= ${ranks.min}`);
    fail(loss, argument, expected, `shape ${formatShape(t.shape)} (rank ${t.rank})`);
  }
}

/** Requires `b` to have exactly the shape of `a`. */
export function expectSameShape(a: Tensor, b: Tensor, loss: string, argA: string, argB: string): void {
  if (a.rank !== b.rank || a.shape.some((d, i) => d !== b.shape[i])) {
    fail(loss, argB, `the same shape as ${argA}, ${formatShape(a.shape)}`, `shape ${formatShape(b.shape)}`);
  }
}

/** Requires a non-empty tensor (a loss over nothing has no meaning). */
export function expectNonEmpty(t: Tensor, loss: string, argument: string): void {
  if (t.size === 0) fail(loss, argument, 'a non-empty tensor', `shape ${formatShape(t.shape)} with no elements`);
}

function positionOf(flatIndex: number, shape: readonly number[]): string {
  const idx: number[] = [];
  let rest = flatIndex;
  for (let k = shape.length - 1; k >= 0; k--) {
    idx.unshift(rest % shape[k]!);
    rest = Math.floor(rest / shape[k]!);
  }
  return formatShape(idx);
}

/**
 * Checks class-index targets: integers in [0, numClasses) or equal to `ignoreIndex`, whatever
 * their dtype. Returns them as int32 (ignored positions mapped to class 0) together with a float
 * mask that is 1 for kept and 0 for ignored positions.
 */
export function classIndices(
  target: Tensor,
  numClasses: number,
  loss: string,
  argument = 'target',
  ignoreIndex?: number,
): { indices: Tensor; keep: Tensor; keptCount: number } {
  const values = target.dataSync();
  let kept = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (ignoreIndex !== undefined && v === ignoreIndex) continue;
    if (!Number.isInteger(v)) fail(loss, argument, 'integer class indices', `${v} at position ${positionOf(i, target.shape)}`);
    if (v < 0 || v >= numClasses) {
      const ignore = ignoreIndex !== undefined ? ` (or ignoreIndex ${ignoreIndex})` : '';
      fail(loss, argument, `class indices in [0, ${numClasses - 1}]${ignore}`, `${v} at position ${positionOf(i, target.shape)}`);
    }
    kept++;
  }
  if (ignoreIndex === undefined) return { indices: tf.cast(target, 'int32'), keep: tf.onesLike(target).cast('float32'), keptCount: kept };
  const ignored = tf.equal(target, ignoreIndex);
  return {
    indices: tf.where(ignored, tf.zerosLike(target), target).cast('int32'),
    keep: tf.logicalNot(ignored).cast('float32'),
    keptCount: kept,
  };
}

/** Requires every value of `t` to lie in [lo, hi]; reads the tensor's min and max back. */
export function expectValuesIn(t: Tensor, lo: number, hi: number, loss: string, argument: string, what?: string): void {
  if (t.size === 0) return;
  if (allValuesIn(t, lo, hi)) return; // one SIMD pass, no copy; the scan below finds what is wrong
  const values = t.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) {
      fail(loss, argument, what ?? `values in [${lo}, ${hi}]`, `${v} at position ${positionOf(i, t.shape)}`);
    }
  }
}

/** Requires every value of `t` to be one of `allowed`. */
export function expectValuesAmong(t: Tensor, allowed: number[], loss: string, argument: string): void {
  const values = t.dataSync();
  for (let i = 0; i < values.length; i++) {
    if (!allowed.includes(values[i]!)) {
      fail(loss, argument, `values in {${allowed.join(', ')}}`, `${values[i]} at position ${positionOf(i, t.shape)}`);
    }
  }
}

export interface NumberRule {
  min?: number;
  max?: number;
  /** The bound is excluded: `> min` rather than `>= min`. */
  exclusiveMin?: boolean;
  integer?: boolean;
}

/** Reads a numeric option, applying its default and checking it is finite and within bounds. */
export function numberOption(options: object | undefined, key: string, fallback: number, rule: NumberRule, loss: string): number {
  const raw = (options as Record<string, unknown> | undefined)?.[key];
  if (raw === undefined) return fallback;
  const argument = `options.${key}`;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) fail(loss, argument, 'a finite number', describeValue(raw));
  if (rule.integer && !Number.isInteger(raw)) fail(loss, argument, 'an integer', String(raw));
  if (rule.min !== undefined && (rule.exclusiveMin ? raw <= rule.min : raw < rule.min)) {
    fail(loss, argument, `${rule.exclusiveMin ? '>' : '>='} ${rule.min}`, String(raw));
  }
  if (rule.max !== undefined && raw > rule.max) fail(loss, argument, `<= ${rule.max}`, String(raw));
  return raw;
}

/** Reads an option that must be one of a few strings. */
export function choiceOption<T extends string>(options: object | undefined, key: string, fallback: T, choices: readonly T[], loss: string): T {
  const raw = (options as Record<string, unknown> | undefined)?.[key];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !choices.includes(raw as T)) {
    fail(loss, `options.${key}`, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, describeValue(raw));
  }
  return raw as T;
}

/** Reads a boolean option. */
export function booleanOption(options: object | undefined, key: string, fallback: boolean, loss: string): boolean {
  const raw = (options as Record<string, unknown> | undefined)?.[key];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'boolean') fail(loss, `options.${key}`, 'true or false', describeValue(raw));
  return raw;
}

/** Reads the `reduction` option every loss takes. */
export function reductionOption(options: object | undefined, loss: string): Reduction {
  return choiceOption<Reduction>(options, 'reduction', 'mean', ['mean', 'sum', 'none'], loss);
}

/** Rejects option names a loss does not know (a typo like `gama` would otherwise be ignored). */
export function expectKnownOptions(options: object | undefined, known: readonly string[], loss: string): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail(loss, 'options', 'an options object', describeValue(options));
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key) && key !== 'reduction') {
      fail(loss, `options.${key}`, `one of the known options (${[...known, 'reduction'].join(', ')})`, `an unknown option '${key}'`);
    }
  }
}

/**
 * Requires `t` to broadcast to exactly `shape` (NumPy rules: aligned on the right, each of its
 * dimensions equal to the target's or 1, and no more dimensions than the target), as PyTorch
 * requires of per-element weights such as BCELoss's `weight` and `pos_weight`.
 */
export function expectBroadcastableTo(t: Tensor, shape: readonly number[], loss: string, argument: string, to = 'input'): void {
  const offset = shape.length - t.rank;
  const ok = offset >= 0 && t.shape.every((d, i) => d === 1 || d === shape[offset + i]);
  if (!ok) fail(loss, argument, `broadcastable to the shape of ${to}, ${formatShape(shape)}`, `shape ${formatShape(t.shape)}`);
}
