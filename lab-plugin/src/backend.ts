/**
 * The TensorFlow.js backend the widgets compute on. losslab's browser platform registers webgl,
 * wasm and cpu; the widgets ask for wasm, the fastest from slider to plot for the small, many,
 * read-back-at-once computations they make (measured in a headless Chromium, see README: explorer
 * 2 ms on wasm and cpu, 18 ms on webgl; a 4096-sample batch 27 ms on wasm, 92 ms on webgl, 221 ms
 * on cpu). When wasm cannot start, the platform's own choice (webgl > cpu) stays.
 *
 * Overrides: `localStorage.setItem('losslab.backend', 'webgl' | 'wasm' | 'cpu')` in the lab's page,
 * or losslab's `globalThis.LOSSLAB_BACKEND` (then the widgets keep what losslab chose).
 */
import { backendInfo, ready, useBackend, type BackendInfo, type BackendName } from 'losslab';

export const BACKEND_STORAGE_KEY = 'losslab.backend';
/** The backend the widgets prefer when nothing is pinned. */
export const PREFERRED_BACKEND: BackendName = 'wasm';

let started: Promise<BackendInfo> | null = null;

function pinned(): string | null {
  try {
    return localStorage.getItem(BACKEND_STORAGE_KEY);
  } catch {
    return null; // storage can be unavailable (privacy settings)
  }
}

/** Resolves with the backend in use once it is initialised. */
export function ensureBackend(): Promise<BackendInfo> {
  started ??= (async () => {
    await ready().catch(() => undefined);
    const losslabPinned = (globalThis as { LOSSLAB_BACKEND?: unknown }).LOSSLAB_BACKEND;
    const wanted = pinned() ?? (losslabPinned ? null : PREFERRED_BACKEND);
    if (wanted && wanted !== backendInfo().backend) {
      await useBackend(wanted as BackendName).catch((e: unknown) => console.warn(`losslab widgets: backend '${wanted}' unavailable, keeping ${backendInfo().backend}: ${String(e)}`));
    }
    return backendInfo();
  })();
  return started;
}
