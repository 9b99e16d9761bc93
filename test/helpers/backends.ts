/**
 * Which backends the suites run on: every backend available on this machine, or the list in
 * LOSSLAB_TEST_BACKENDS (comma-separated). A backend named there that cannot start fails the run
 * rather than being skipped.
 */
import { tf } from 'losslab';

const ALL = ['cpu', 'wasm', 'tensorflow'];

export function requestedBackends(): string[] {
  const env = process.env['LOSSLAB_TEST_BACKENDS'];
  if (env) return env.split(',').map((s) => s.trim()).filter(Boolean);
  return ALL.filter((b) => tf.engine().registryFactory[b] !== undefined);
}

/** Switches to `name`, failing loudly when it cannot start. */
export async function useTestBackend(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`backend ${name} could not be initialised`);
}
