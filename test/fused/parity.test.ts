/**
 * The same golden parity suites, once with the fused kernels forced on and once forced off, so
 * both paths of every fused loss meet PyTorch on every backend whatever 'auto' picks there.
 */
import { describe, beforeAll, afterAll } from 'vitest';
import { setFusedKernels, fusedKernelsMode, type FusedKernelsMode } from 'losslab';
import { paritySuite } from '../helpers/parity.js';

/** Fixture files whose losses have fused kernels. */
const FIXTURES = ['regression', 'classification', 'embedding'];

for (const mode of ['always', 'never'] as const satisfies readonly FusedKernelsMode[]) {
  describe(`fused kernels: ${mode}`, () => {
    let before: FusedKernelsMode;
    beforeAll(() => {
      before = fusedKernelsMode();
      setFusedKernels(mode);
    });
    afterAll(() => setFusedKernels(before));
    for (const fixture of FIXTURES) paritySuite(fixture);
  });
}
