/**
 * The wasm backend (XNNPACK compiled to WebAssembly). Its module compiles asynchronously, so
 * `load()` returns a promise. tfjs's registered factory would compile a fresh module on each
 * initialisation; it is wrapped once so that losslab's warm-up and any `tf.setBackend('wasm')`
 * share one module, and switching to a warmed-up wasm is synchronous.
 *
 * In Node the .wasm files are read from the package's dist folder next to its main file, so no
 * `setWasmPaths` is needed. In a browser bundle they must be served: call `setWasmPaths(prefix)`
 * from `@tensorflow/tfjs-backend-wasm` before `ready()` / `useBackend('wasm')`.
 */
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../core/tf.js';
import { BackendUnavailableError, reasonOf } from './errors.js';
import type { BackendCandidate } from './types.js';

type Factory = () => tf.KernelBackend | Promise<tf.KernelBackend>;

let warming: Promise<void> | null = null;

/** Replaces the registered wasm factory with one that compiles the module once. */
function shareOneModule(): Promise<void> {
  const engine = tf.engine();
  const entry = engine.registryFactory['wasm'];
  if (!entry) return Promise.reject(new Error('@tensorflow/tfjs-backend-wasm is not registered'));
  if (engine.registry['wasm']) return Promise.resolve();
  const original: Factory = entry.factory;
  let instance: tf.KernelBackend | null = null;
  const compiling = Promise.resolve().then(original).then((b) => {
    instance = b;
    return b;
  });
  entry.factory = () => instance ?? compiling;
  return compiling.then(() => undefined);
}

export function wasmCandidate(howToInstall: string): BackendCandidate {
  return {
    name: 'wasm',
    tfjsName: 'wasm',
    howToInstall,
    load(): Promise<void> {
      if (typeof WebAssembly !== 'object') {
        return Promise.reject(new BackendUnavailableError('wasm', 'this JavaScript engine has no WebAssembly', howToInstall));
      }
      warming ??= shareOneModule();
      return warming.catch((e: unknown) => {
        throw new BackendUnavailableError('wasm', `its WebAssembly module could not start: ${reasonOf(e)}`, howToInstall);
      });
    },
    details() {
      let simd: boolean | null = null;
      let threads: number | null = null;
      try {
        simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      } catch {
        // evaluated asynchronously during initialisation; unknown before
      }
      try {
        threads = getThreadsCount();
      } catch {
        // not initialised yet
      }
      return { wasm: { simd, threads } };
    },
  };
}
