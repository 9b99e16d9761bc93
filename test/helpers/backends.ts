/**
 * Which backends the suites run on: the list in LOSSLAB_TEST_BACKENDS (comma-separated; CI sets
 * cpu,wasm,tensorflow), else every backend that can run on this machine among cpu, wasm and
 * tensorflow. A backend named in LOSSLAB_TEST_BACKENDS that cannot start fails the run (with the
 * reason and how to install it) rather than being skipped.
 */
import { availableBackends, useBackend, tf, type BackendName } from 'losslab';

/** The backends the parity suites cover, in this order. */
export const TEST_BACKENDS = ['cpu', 'wasm', 'tensorflow'] as const;

export function requestedBackends(): string[] {
  const env = process.env['LOSSLAB_TEST_BACKENDS'];
  if (env) return env.split(',').map((s) => s.trim()).filter(Boolean);
  const here = new Set<string>(availableBackends());
  return TEST_BACKENDS.filter((b) => here.has(b));
}

/** Switches to `name` through losslab's own selection, failing loudly when it cannot start. */
export async function useTestBackend(name: string): Promise<void> {
  await useBackend(name as BackendName);
  if (tf.getBackend() !== (name === 'tensorflow-gpu' ? 'tensorflow' : name)) {
    throw new Error(`backend ${name} could not be initialised (tf.getBackend() is ${tf.getBackend()})`);
  }
}
