/**
 * The vocabulary of backend selection, shared by the Node and browser platforms.
 */

/**
 * A backend losslab can compute on. `tensorflow` is the native TensorFlow library through
 * `@tensorflow/tfjs-node`; `tensorflow-gpu` the same through `@tensorflow/tfjs-node-gpu` (CUDA),
 * which tfjs also registers under the name `tensorflow`.
 */
export type BackendName = 'tensorflow' | 'tensorflow-gpu' | 'webgl' | 'wasm' | 'cpu';

/** How the active backend was chosen. */
export type BackendChoice = 'automatic' | 'LOSSLAB_BACKEND' | 'useBackend' | 'tf.setBackend';

/** A faster backend that is not the active one, and why. */
export interface SkippedBackend {
  backend: BackendName;
  reason: string;
}

/** What `backendInfo()` reports. */
export interface BackendInfo {
  /** The backend computations run on now, in losslab's names. */
  backend: BackendName | string;
  /** tfjs's name for it (`tf.getBackend()`): `tensorflow` for both native variants. */
  tfjsBackend: string;
  platform: 'node' | 'browser';
  chosenBy: BackendChoice;
  /**
   * A backend that is still initialising (wasm compiles asynchronously); until `ready()` resolves,
   * computations run on `backend`, and then move to this one.
   */
  pending: BackendName | null;
  /** Why a backend requested through LOSSLAB_BACKEND could not start, when it could not. */
  error?: string;
  /** The version of TensorFlow.js (tfjs-core). */
  tfjsVersion: string;
  /** The native package in use (`@tensorflow/tfjs-node@4.22.0`), when the backend is native. */
  nativePackage?: string;
  /** The version of the native TensorFlow library (e.g. `2.21.0`), when the backend is native. */
  nativeVersion?: string;
  /** wasm only: whether the SIMD build runs, and XNNPACK's thread count. */
  wasm?: { simd: boolean | null; threads: number | null };
  /** Backends that would be faster than the active one, and why each was not chosen. */
  notChosen: SkippedBackend[];
}

/** One backend as a platform offers it. */
export interface BackendCandidate {
  readonly name: BackendName;
  /** The name tfjs registers it under. */
  readonly tfjsName: string;
  /**
   * Makes the backend usable, or throws a `BackendUnavailableError` saying why. Synchronous for
   * native, webgl and cpu; wasm returns a promise that resolves once its module is compiled, after
   * which `tf.setBackend` switches to it synchronously.
   */
  load(): void | Promise<void>;
  /** What a user does to make this backend available. */
  readonly howToInstall: string;
  /** Facts about the loaded backend for `backendInfo()`. */
  details?(): Partial<BackendInfo>;
}

/** What a platform (Node, browser) contributes to backend selection. */
export interface PlatformBackends {
  readonly platform: 'node' | 'browser';
  /** Every backend name this platform understands. */
  readonly known: readonly BackendName[];
  /** The automatic preference order, fastest first; the last one always loads (cpu). */
  automaticOrder(): BackendName[];
  /** Faster backends left out of the automatic order on this machine, and why (e.g. no CUDA package). */
  excluded(): { backend: BackendName; reason: string }[];
  candidate(name: BackendName): BackendCandidate;
  /** The candidate serving a tfjs backend name (after a direct `tf.setBackend`), if any. */
  identify(tfjsName: string): BackendCandidate | undefined;
  /** The backend named by the environment (LOSSLAB_BACKEND), if any. */
  requested(): string | undefined;
}
