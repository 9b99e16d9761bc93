// The test suites `npm test` runs, in order. Each is a command run from the repository root;
// `needs` names setup steps that must have succeeded for it to run (else it counts as failed).
export const SUITES = [
  {
    name: 'library',
    description: 'losses, catalog, validation and PyTorch parity on every backend (vitest)',
    command: [process.execPath, ['node_modules/vitest/vitest.mjs', 'run']],
    needs: ['npm', 'build'],
  },
];
