/**
 * Node platform: the native TensorFlow backend (tfjs-node; tfjs-node-gpu first where an NVIDIA
 * driver and that package are present), else wasm, else cpu. `LOSSLAB_BACKEND` overrides the
 * choice. Everything here loads synchronously except wasm: `losslab` stays `require()`-able.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { cpuCandidate, quietCpuBanner } from '../backend/cpu.js';
import { loadedNativeName, nativeSituation, tensorflowCandidate, tensorflowGpuCandidate } from '../backend/native.js';
import { initBackends } from '../backend/selection.js';
import type { BackendCandidate, BackendName, PlatformBackends } from '../backend/types.js';
import { wasmCandidate } from '../backend/wasm.js';
import { tf, type Tensor } from '../core/tf.js';

export const platform = 'node' as const;

const candidates: Record<Exclude<BackendName, 'webgl'>, BackendCandidate> = {
  'tensorflow-gpu': tensorflowGpuCandidate,
  tensorflow: tensorflowCandidate,
  wasm: wasmCandidate('It is part of losslab (@tensorflow/tfjs-backend-wasm): reinstall losslab, and use Node 20 or later.'),
  cpu: cpuCandidate,
};

export const nodeBackends: PlatformBackends = {
  platform,
  known: ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
  automaticOrder() {
    const preloaded = loadedNativeName();
    if (preloaded) return [preloaded, 'wasm', 'cpu'];
    return nativeSituation().gpuFirst ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : ['tensorflow', 'wasm', 'cpu'];
  },
  excluded() {
    const { gpuNote } = nativeSituation();
    return gpuNote && !loadedNativeName() ? [{ backend: 'tensorflow-gpu', reason: gpuNote }] : [];
  },
  candidate(name) {
    const c = candidates[name as keyof typeof candidates];
    if (!c) throw new Error(`losslab: no ${name} backend in Node`);
    return c;
  },
  identify(tfjsName) {
    if (tfjsName === 'tensorflow') return candidates[loadedNativeName() ?? 'tensorflow'];
    return Object.values(candidates).find((c) => c.tfjsName === tfjsName);
  },
  requested: () => process.env['LOSSLAB_BACKEND'] || undefined,
};

/**
 * console.log(tensor) and util.inspect of objects holding tensors print the tensor's values
 * (tensor.toString()) rather than tfjs's internal fields (kernel, dataId, scopeId, ...).
 */
function printTensorsReadably(): void {
  const proto = tf.Tensor.prototype as unknown as Record<symbol, unknown>;
  const custom = Symbol.for('nodejs.util.inspect.custom');
  if (proto[custom]) return;
  proto[custom] = function inspectTensor(this: Tensor): string {
    return this.isDisposed ? `Tensor (disposed, shape [${this.shape.join(', ')}])` : this.toString();
  };
}

/** Chooses the backend (called once, when losslab is imported). */
export function initPlatform(): void {
  quietCpuBanner();
  printTensorsReadably();
  initBackends(nodeBackends);
}
