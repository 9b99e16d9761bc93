/**
 * The native TensorFlow backends, `tensorflow` (@tensorflow/tfjs-node) and `tensorflow-gpu`
 * (@tensorflow/tfjs-node-gpu). Node only: imported by platform/node.ts, never by the browser build.
 *
 * Both packages are optional. They are loaded synchronously (createRequire), so that `losslab`
 * stays `require()`-able without top-level await, and only once per process: a package that
 * failed to load is not retried (a second attempt would re-register its kernels). A loaded build
 * must compute before it is used: a matMul and a gradient with known exact values.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { tf } from '../core/tf.js';
import { BackendUnavailableError, reasonOf } from './errors.js';
import type { BackendCandidate, BackendName } from './types.js';

const CPU_PACKAGE = '@tensorflow/tfjs-node';
const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
type NativePackage = typeof CPU_PACKAGE | typeof GPU_PACKAGE;

const requireHere = createRequire(import.meta.url);

export const NATIVE_HOW_TO = {
  tensorflow:
    `Install ${CPU_PACKAGE}@4.22.0 (an optional dependency of losslab) and build its addon: in the losslab ` +
    'repository run `npm run setup -- --only native` (it builds offline from the tensorflow-cpu wheel, see ' +
    `docs/backends.md); elsewhere \`npm install ${CPU_PACKAGE}@4.22.0\` with its install script allowed (it downloads libtensorflow).`,
  'tensorflow-gpu':
    `Install ${GPU_PACKAGE}@4.22.0 on a Linux machine with an NVIDIA driver, CUDA 11.2 and cuDNN 8.1, ` +
    'with its install script allowed (it downloads libtensorflow-gpu 2.9.1), then check it with ' +
    '`node scripts/check-gpu.mjs`; see docs/backends.md.',
} as const;

interface NativeBackendLike {
  binding?: { TF_Version?: string };
  isGPUPackage?: boolean;
}

/** What is known about the native package of this process. */
const loaded: { pkg: NativePackage | null; version?: string; failures: Map<NativePackage, string> } = {
  pkg: null,
  failures: new Map(),
};

/** True when an NVIDIA driver is present (Linux: /proc/driver/nvidia/version; Windows: nvcuda.dll). */
export function cudaDetected(): boolean {
  if (process.platform === 'linux') return existsSync('/proc/driver/nvidia/version');
  if (process.platform === 'win32') return existsSync(`${process.env['SystemRoot'] ?? 'C:\\Windows'}\\System32\\nvcuda.dll`);
  return false;
}

/** True when the package can be resolved from losslab (installed), whether or not it loads. */
export function packageInstalled(pkg: NativePackage): boolean {
  try {
    requireHere.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** A translation of what tfjs-node throws into what the user needs to know. */
function whyNotLoaded(pkg: NativePackage, e: unknown): string {
  const text = reasonOf(e);
  if (/Cannot find module '@tensorflow\/tfjs-node(-gpu)?'/.test(text) || !packageInstalled(pkg)) return `${pkg} is not installed`;
  if (/native addon module \(tfjs_binding\.node\) can not be found/.test(text)) return `${pkg} is installed but its native addon is not built`;
  if (/cannot open shared object file|Library not loaded|specified module could not be found/i.test(text)) {
    return `${pkg}'s addon cannot load the TensorFlow library (${text.slice(0, 300)})`;
  }
  return `${pkg} failed to load: ${text.slice(0, 300)}`;
}

/** Runs a matMul and a gradient whose exact values are known; throws when they are wrong. */
function checkComputes(pkg: NativePackage): void {
  const previous = tf.getBackend();
  void tf.setBackend('tensorflow');
  try {
    const [product, grad] = tf.tidy(() => {
      const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
      const b = tf.tensor2d([5, 6], [2, 1]);
      const f = (x: tf.Tensor) => tf.sum(tf.square(tf.matMul(x as tf.Tensor2D, b)));
      return [Array.from(tf.matMul(a, b).dataSync()), Array.from(tf.grad(f)(a).dataSync())];
    });
    // [[1,2],[3,4]]·[5,6]ᵀ = [17, 39]; d/da Σ(ab)² = 2(ab)bᵀ = [[170, 204], [390, 468]].
    const expected = [17, 39, 170, 204, 390, 468];
    const got = [...product!, ...grad!];
    if (got.some((v, i) => Math.abs(v - expected[i]!) > 1e-3)) {
      throw new Error(`${pkg} loaded but computes wrong values: matMul/grad gave [${got}] instead of [${expected}]`);
    }
  } finally {
    if (previous && previous !== 'tensorflow') void tf.setBackend(previous);
  }
}

/** Which package serves the registered `tensorflow` backend (when the user loaded one before losslab). */
function preloadedPackage(): NativePackage | null {
  if (!tf.engine().registryFactory['tensorflow']) return null;
  const backend = tf.findBackend('tensorflow') as NativeBackendLike | null;
  return backend?.isGPUPackage ? GPU_PACKAGE : CPU_PACKAGE;
}

function load(pkg: NativePackage, name: BackendName): void {
  const howTo = NATIVE_HOW_TO[name as keyof typeof NATIVE_HOW_TO];
  const failure = loaded.failures.get(pkg);
  if (failure) throw new BackendUnavailableError(name, failure, howTo);
  loaded.pkg ??= preloadedPackage();
  if (loaded.pkg === pkg) return;
  if (loaded.pkg) {
    throw new BackendUnavailableError(name, `${loaded.pkg} is already loaded in this process and claims the tfjs backend ` +
      `name "tensorflow"; only one native package can be used per process`, 'Restart, with LOSSLAB_BACKEND set before losslab is imported.');
  }
  // Before TensorFlow loads: oneDNN's optimisations gave wrong convolution gradients in tfjs-core's
  // tests on this backend (docs/backends.md), and its INFO logs are noise in a notebook.
  process.env['TF_ENABLE_ONEDNN_OPTS'] ??= '0';
  process.env['TF_CPP_MIN_LOG_LEVEL'] ??= '2';
  // On GPUs with TF32 (Ampere and later), matmuls would round inputs to 10 mantissa bits; PyTorch
  // keeps TF32 off for matmul by default, and so does losslab (not verified: no GPU here).
  if (pkg === GPU_PACKAGE) process.env['NVIDIA_TF32_OVERRIDE'] ??= '0';
  const previous = tf.getBackend();
  try {
    requireHere(pkg); // registers 'tensorflow' and makes it the active backend
    checkComputes(pkg);
    loaded.pkg = pkg;
    loaded.version = (requireHere(`${pkg}/package.json`) as { version: string }).version;
  } catch (e) {
    const why = e instanceof Error && e.message.includes('computes wrong values') ? e.message : whyNotLoaded(pkg, e);
    loaded.failures.set(pkg, why);
    // A build that loaded but computes wrongly must not stay selectable through tf.setBackend.
    if (tf.engine().registryFactory['tensorflow']) tf.removeBackend('tensorflow');
    throw new BackendUnavailableError(name, why, howTo);
  } finally {
    if (previous && previous !== 'tensorflow') void tf.setBackend(previous);
  }
}

function nativeCandidate(name: 'tensorflow' | 'tensorflow-gpu', pkg: NativePackage): BackendCandidate {
  return {
    name,
    tfjsName: 'tensorflow',
    howToInstall: NATIVE_HOW_TO[name],
    load: () => load(pkg, name),
    details() {
      const backend = tf.findBackend('tensorflow') as NativeBackendLike | null;
      const version = backend?.binding?.TF_Version;
      return {
        nativePackage: loaded.pkg ? `${loaded.pkg}@${loaded.version ?? '?'}` : undefined,
        ...(version ? { nativeVersion: version } : {}),
      };
    },
  };
}

export const tensorflowCandidate = nativeCandidate('tensorflow', CPU_PACKAGE);
export const tensorflowGpuCandidate = nativeCandidate('tensorflow-gpu', GPU_PACKAGE);

/** The losslab name of the loaded native backend (`tensorflow-gpu` when the GPU package serves it). */
export function loadedNativeName(): 'tensorflow' | 'tensorflow-gpu' | null {
  const pkg = loaded.pkg ?? preloadedPackage();
  return pkg === GPU_PACKAGE ? 'tensorflow-gpu' : pkg === CPU_PACKAGE ? 'tensorflow' : null;
}

/** Whether each native package can be considered on this machine, for the automatic order. */
export function nativeSituation(): { gpuFirst: boolean; gpuNote: string | null } {
  const cuda = cudaDetected();
  const gpuInstalled = packageInstalled(GPU_PACKAGE);
  if (cuda && gpuInstalled) return { gpuFirst: true, gpuNote: null };
  if (cuda) return { gpuFirst: false, gpuNote: `an NVIDIA driver is present but ${GPU_PACKAGE} is not installed` };
  return { gpuFirst: false, gpuNote: null };
}
