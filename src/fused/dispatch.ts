/**
 * The one place that decides whether a loss takes its fused kernel (one WebAssembly SIMD pass that
 * computes the loss and its gradient together) or its tfjs-ops path.
 *
 * The fused path is taken when all of these hold:
 * - the mode is 'auto' or 'always' (`setFusedKernels`, or LOSSLAB_FUSED=auto|always|never);
 * - the kernels loaded (WebAssembly SIMD; in a browser, after their asynchronous compile);
 * - no higher-order gradient is being taken (the fused gradient is not itself differentiable);
 * - in 'auto', the active backend is one where the fused pass was measured faster than tfjs's ops
 *   (bench/, docs/benchmarks.md): cpu and wasm (data in JS or wasm memory) and tensorflow (its
 *   ops make several passes over memory; copying the data out and back costs less). GPU backends
 *   keep their data on the GPU: never fused.
 * Each loss also checks that its options are ones its kernel implements.
 */
import { tf } from '../core/tf.js';
import { kernels, kernelsUnavailableReason } from './wasm/module.js';
import { engineSupportsFusedOps } from './op.js';

export type FusedKernelsMode = 'auto' | 'always' | 'never';
const MODES: readonly FusedKernelsMode[] = ['auto', 'always', 'never'];

/**
 * Backends on which 'auto' fuses: at every size measured, from 16 elements (where tfjs's per-op
 * overhead dominates: mse fwd+bwd 20-50 µs fused vs 0.3-1.2 ms, cross-entropy 0.2-1.2 ms vs
 * 0.5-5 ms) to 4M (docs/benchmarks.md), the fused pass was the faster.
 */
const AUTO_BACKENDS: ReadonlySet<string> = new Set(['cpu', 'wasm', 'tensorflow']);

function initialMode(): FusedKernelsMode {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.['LOSSLAB_FUSED'];
  return env && (MODES as readonly string[]).includes(env) ? (env as FusedKernelsMode) : 'auto';
}

let mode: FusedKernelsMode = initialMode();

/**
 * Chooses when losses use their fused kernels: `'auto'` (default: where measured faster),
 * `'always'` (wherever the kernels run; for tests and benchmarks) or `'never'` (tfjs ops only).
 * The environment variable LOSSLAB_FUSED sets the initial mode.
 */
export function setFusedKernels(next: FusedKernelsMode): void {
  if (!(MODES as readonly unknown[]).includes(next)) {
    throw new TypeError(`setFusedKernels: mode must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, but got ${String(next)}.`);
  }
  mode = next;
}

/** The current fused-kernel mode. */
export function fusedKernelsMode(): FusedKernelsMode {
  return mode;
}

/**
 * Whether the fused kernels can run here, why not if they cannot, and the size of their scratch
 * memory (the WebAssembly memory chunks are copied through; it does not grow with input size).
 */
export function fusedKernelsStatus(): { available: boolean; reason: string; scratchBytes: number } {
  const k = engineSupportsFusedOps() ? kernels() : null;
  const scratchBytes = k ? k.memory.buffer.byteLength : 0;
  if (!engineSupportsFusedOps()) return { available: false, reason: 'this tfjs-core has no runKernelFunc', scratchBytes };
  if (k) return { available: true, reason: '', scratchBytes };
  return { available: false, reason: kernelsUnavailableReason() || 'the kernels are still loading', scratchBytes };
}

/** Whether a loss over `size` input elements should take its fused path now. */
export function useFused(size: number): boolean {
  if (mode === 'never' || size === 0) return false;
  if (tf.engine().state.gradientDepth > 1) return false;
  if (!engineSupportsFusedOps() || !kernels()) return false;
  return mode === 'always' || AUTO_BACKENDS.has(tf.getBackend());
}
