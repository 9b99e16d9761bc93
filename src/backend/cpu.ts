/**
 * The cpu backend (pure JavaScript, float64 accumulation): always available, the slowest.
 */
import { tf } from '../core/tf.js';
import type { BackendCandidate } from './types.js';

interface CpuBackendLike {
  firstUse?: boolean;
}

let quieted = false;

/**
 * Stops tfjs's cpu backend from printing "Hi, looks like you are running TensorFlow.js in Node.js"
 * on first use: when losslab runs on cpu, it chose to (backendInfo() says why the faster ones
 * were not), or the user asked for it.
 */
export function quietCpuBanner(): void {
  const engine = tf.engine();
  const live = engine.registry['cpu'] as CpuBackendLike | undefined;
  if (live) live.firstUse = false;
  const entry = engine.registryFactory['cpu'];
  if (!entry || quieted) return;
  quieted = true;
  const factory = entry.factory;
  entry.factory = () => {
    const backend = factory();
    if (!(backend instanceof Promise)) (backend as CpuBackendLike).firstUse = false;
    return backend;
  };
}

export const cpuCandidate: BackendCandidate = {
  name: 'cpu',
  tfjsName: 'cpu',
  howToInstall: 'It is part of @tensorflow/tfjs, a dependency of losslab: reinstall losslab.',
  load(): void {
    if (!tf.engine().registryFactory['cpu']) throw new Error('the cpu backend is not registered');
  },
};
