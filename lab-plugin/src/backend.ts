/**
 * The TensorFlow.js backend the widgets compute on: losslab's browser platform chooses it (webgl
 * when the browser gives a WebGL context, else wasm, else cpu). A user can pin one for this lab with
 * `localStorage.setItem('losslab.backend', 'webgl' | 'wasm' | 'cpu')`, e.g. to compare speeds; a
 * pinned backend that cannot start is reported in the console and the automatic one is kept.
 */
import { backendInfo, ready, useBackend, type BackendInfo, type BackendName } from 'losslab';

export const BACKEND_STORAGE_KEY = 'losslab.backend';

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
    const wanted = pinned();
    if (wanted && wanted !== backendInfo().backend) {
      await useBackend(wanted as BackendName).catch((e: unknown) => console.warn(`losslab: ${BACKEND_STORAGE_KEY} = '${wanted}': ${String(e)}`));
    }
    return backendInfo();
  })();
  return started;
}
