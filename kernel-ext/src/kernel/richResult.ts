/**
 * The MIME bundle of a cell's last expression (execute_result), chosen in this order:
 *
 * 1. an object with a `[Symbol.for('losslab.display')]()` method (`LOSSLAB_DISPLAY` in
 *    `losslab/mime`): the bundle it returns;
 * 2. a tf.Tensor: a compact HTML table and tfjs's text;
 * 3. a losslab loss descriptor: its formula (text/latex, text/markdown) and parameters;
 * 4. anything else: util.inspect as text/plain.
 *
 * text/plain is always present, as the protocol asks.
 */
import { inspect } from 'node:util';
import { LOSSLAB_DISPLAY } from 'losslab/mime';
import { descriptorBundle, isLossDescriptor } from './repr/descriptor.js';
import { isTensor, tensorBundle } from './repr/tensor.js';

export interface RichResult {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export function plainText(value: unknown): string {
  return inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

function hookBundle(value: object): Record<string, unknown> | undefined {
  const hook = (value as Record<symbol, unknown>)[LOSSLAB_DISPLAY];
  if (typeof hook !== 'function') return undefined;
  const bundle: unknown = hook.call(value);
  if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle)) {
    throw new TypeError(`[LOSSLAB_DISPLAY]() must return a MIME bundle object, got ${plainText(bundle)}`);
  }
  return bundle as Record<string, unknown>;
}

/** The bundle of a value; a failing display hook falls back to text/plain with the reason. */
export async function richResult(value: unknown): Promise<RichResult> {
  let data: Record<string, unknown> | undefined;
  if (value && (typeof value === 'object' || typeof value === 'function')) {
    try {
      data = hookBundle(value);
    } catch (e) {
      data = { 'text/plain': `${plainText(value)}\n(its [LOSSLAB_DISPLAY]() failed: ${(e as Error).message})` };
    }
    if (!data && isTensor(value)) data = tensorBundle(value);
    if (!data && isLossDescriptor(value)) data = await descriptorBundle(value);
  }
  data ??= {};
  if (typeof data['text/plain'] !== 'string') data = { ...data, 'text/plain': plainText(value) };
  return { data, metadata: {} };
}
