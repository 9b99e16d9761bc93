/**
 * Fused forward+backward kernels: the public switch and status. The losses call the dispatch
 * (./dispatch.ts) and their fused implementations directly.
 */
export { setFusedKernels, fusedKernelsMode, fusedKernelsStatus } from './dispatch.js';
export type { FusedKernelsMode } from './dispatch.js';
