/**
 * Backend selection, the public part: `ready`, `useBackend`, `backendInfo`, `availableBackends`.
 * The platform module (`#platform`) supplies the candidates and calls `initBackends` on import.
 */
export { ready, useBackend, backendInfo, availableBackends } from './selection.js';
export { BackendUnavailableError } from './errors.js';
export type { BackendInfo, BackendName, BackendChoice, SkippedBackend } from './types.js';
