/**
 * Browser platform: webgl when the browser gives a WebGL context, else wasm, else cpu. Nothing
 * Node-only is imported here (bundlers resolve `#platform` to this file). The choice is overridden
 * by `globalThis.LOSSLAB_BACKEND` (set before losslab is imported) or `useBackend(name)`.
 *
 * wasm: the .wasm files must be served; call `setWasmPaths(prefix)` from
 * `@tensorflow/tfjs-backend-wasm` before `ready()` when the bundler does not place them next to
 * the script.
 */
// Registered explicitly: a bundler that tree-shakes @tensorflow/tfjs's `export *` of its backends
// (Vite/rolldown did) would otherwise drop the webgl and cpu registrations.
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../core/tf.js';
import { cpuCandidate } from '../backend/cpu.js';
import { BackendUnavailableError } from '../backend/errors.js';
import { initBackends } from '../backend/selection.js';
import type { BackendCandidate, PlatformBackends } from '../backend/types.js';
import { wasmCandidate } from '../backend/wasm.js';

export const platform = 'browser' as const;

const WEBGL_HOW_TO = 'Use a browser with WebGL enabled (check chrome://gpu or about:support), or another backend.';

const webglCandidate: BackendCandidate = {
  name: 'webgl',
  tfjsName: 'webgl',
  howToInstall: WEBGL_HOW_TO,
  load(): void {
    if (!tf.engine().registryFactory['webgl']) {
      throw new BackendUnavailableError('webgl', 'tfjs did not register it (this is not a browser page)', WEBGL_HOW_TO);
    }
    // Creating the backend creates the WebGL context; tfjs returns null when that fails.
    if (!tf.findBackend('webgl')) throw new BackendUnavailableError('webgl', 'the browser gave no WebGL context', WEBGL_HOW_TO);
  },
};

const candidates: Record<'webgl' | 'wasm' | 'cpu', BackendCandidate> = {
  webgl: webglCandidate,
  wasm: wasmCandidate('Serve the .wasm files of @tensorflow/tfjs-backend-wasm and call its setWasmPaths(prefix) first.'),
  cpu: cpuCandidate,
};

export const browserBackends: PlatformBackends = {
  platform,
  known: ['webgl', 'wasm', 'cpu'],
  automaticOrder: () => ['webgl', 'wasm', 'cpu'],
  excluded: () => [],
  candidate(name) {
    const c = candidates[name as keyof typeof candidates];
    if (!c) throw new Error(`losslab: no ${name} backend in a browser`);
    return c;
  },
  identify: (tfjsName) => Object.values(candidates).find((c) => c.tfjsName === tfjsName),
  requested: () => {
    const value = (globalThis as { LOSSLAB_BACKEND?: unknown }).LOSSLAB_BACKEND;
    return typeof value === 'string' && value ? value : undefined;
  },
};

/** Chooses the backend (called once, when losslab is imported). */
export function initPlatform(): void {
  initBackends(browserBackends);
}
