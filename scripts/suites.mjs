// The test suites `npm test` runs, in order. Each is a command run from the repository root;
// `needs` names setup steps that must have succeeded for it to run (else it counts as failed).
export const SUITES = [
  {
    name: 'typecheck',
    description: 'the tests themselves type-check (tsc --noEmit over test/; vitest only strips types)',
    command: [process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test/tsconfig.json']],
    needs: ['npm', 'build'],
  },
  {
    name: 'library',
    description: 'losses, catalog, validation and PyTorch parity on every backend (vitest)',
    command: [process.execPath, ['node_modules/vitest/vitest.mjs', 'run']],
    needs: ['npm', 'build'],
  },
  {
    name: 'kernel',
    description: 'the losslab Jupyter kernel: jupyter_kernel_test suite, comms/interrupt/errors, a notebook through nbclient',
    command: [process.execPath, ['test/kernel/run.mjs']],
    needs: ['npm', 'build', 'venv', 'kernel'],
  },
  {
    name: 'notebooks',
    description: 'every notebook (curated, assignments, student versions) executed on the losslab kernel, with run times; HTML in notebooks/_export/',
    command: [process.execPath, ['scripts/notebooks.mjs', 'run', '--no-setup']],
    needs: ['npm', 'build', 'venv', 'kernel'],
  },
  {
    name: 'lab',
    description: 'the JupyterLab extension end to end: widgets in a real JupyterLab in Chromium (stored outputs, sliders, theme, reload, error boxes, losslab kernel), timings; screenshots in test-artifacts/lab/',
    command: [process.execPath, ['test/lab/run.mjs']],
    needs: ['npm', 'build', 'venv', 'kernel', 'labextension'],
  },
];
