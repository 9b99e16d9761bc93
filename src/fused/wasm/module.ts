/**
 * Loads the fused-kernel WebAssembly module (compiled from assembly/kernels.ts by the build step
 * into binary.ts) and describes its exports. The module has no imports; its memory is a scratch area
 * that the streaming layer (../stream.ts) copies chunks of tensors into.
 *
 * Loading is synchronous where the platform allows it (Node, workers). A browser's main thread
 * refuses to compile modules over 4 KB synchronously: there the first call starts an asynchronous
 * compile and reports "not yet", and the losses use their unfused path until it is done.
 * A platform without WebAssembly SIMD gets no kernels at all (the unfused path always).
 */
import { KERNELS_WASM_BASE64 } from './binary.js';

/** One regression kernel: returns Σ loss over n elements; see assembly/kernels.ts. */
export type RegressionKernel = (x: number, y: number, grad: number, loss: number, n: number, param: number, gscale: number) => number;

export interface KernelExports {
  memory: WebAssembly.Memory;
  l1: RegressionKernel;
  mse: RegressionKernel;
  huber: RegressionKernel;
  smoothL1: RegressionKernel;
  bceWithLogits(x: number, y: number, w: number, pw: number, grad: number, loss: number, n: number, gscale: number): number;
  softmaxRows(
    mode: number, z: number, target: number, w: number, grad: number, loss: number, rows: number, C: number,
    gscale: number, smoothing: number, wsum: number, gamma: number,
  ): number;
  countOutside(x: number, n: number, lo: number, hi: number): number;
  tripletRows(
    a: number, p: number, n: number, ga: number, gp: number, gn: number, loss: number, rows: number, D: number,
    margin: number, eps: number, gscale: number,
  ): number;
}

type LoadState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; exports: KernelExports }
  | { kind: 'unavailable'; reason: string };

let state: LoadState = { kind: 'idle' };

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function startAsyncLoad(bytes: Uint8Array<ArrayBuffer>): void {
  state = { kind: 'loading' };
  WebAssembly.instantiate(bytes, {}).then(
    ({ instance }) => {
      state = { kind: 'ready', exports: instance.exports as unknown as KernelExports };
    },
    (e: unknown) => {
      state = { kind: 'unavailable', reason: reasonOf(e) };
    },
  );
}

/** The kernels, or null while they are loading or where they cannot run. */
export function kernels(): KernelExports | null {
  if (state.kind === 'ready') return state.exports;
  if (state.kind !== 'idle') return null;
  if (typeof WebAssembly !== 'object') {
    state = { kind: 'unavailable', reason: 'this platform has no WebAssembly' };
    return null;
  }
  const bytes = decodeBase64(KERNELS_WASM_BASE64);
  if (!WebAssembly.validate(bytes)) {
    state = { kind: 'unavailable', reason: 'this platform has no WebAssembly SIMD' };
    return null;
  }
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    state = { kind: 'ready', exports: instance.exports as unknown as KernelExports };
    return state.exports;
  } catch (e) {
    // A browser main thread: synchronous compilation of large modules is refused (RangeError).
    if (e instanceof RangeError) startAsyncLoad(bytes);
    else state = { kind: 'unavailable', reason: reasonOf(e) };
    return null;
  }
}

/** Why the kernels are not available ('' when they are, or while they load). */
export function kernelsUnavailableReason(): string {
  return state.kind === 'unavailable' ? state.reason : '';
}
