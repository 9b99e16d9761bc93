#!/usr/bin/env node
// The kernel suite (npm test's `kernel` entry): the standard jupyter_kernel_test suite with the
// Debian Python that has it, then the kernel's own protocol tests and the smoke notebook with the
// project's .venv. Needs the build (kernel-ext/dist) and the kernel spec (setup step `kernel`).
//   node test/kernel/run.mjs [--measure]     (--measure: also print start-up timings)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const VENV_PYTHON = join(ROOT, '.venv', 'bin', 'python');
const DEBIAN_PYTHON = process.env.LOSSLAB_KERNEL_TEST_PYTHON ?? '/usr/bin/python3';
// Debian's jupyter_client does not look in .venv; the kernel spec is installed there.
const env = { ...process.env, JUPYTER_PATH: [join(ROOT, '.venv', 'share', 'jupyter'), process.env.JUPYTER_PATH].filter(Boolean).join(':'), PYTHONDONTWRITEBYTECODE: '1' };

function has(python, module) {
  return spawnSync(python, ['-c', `import ${module}`], { env }).status === 0;
}

const parts = [
  {
    name: 'jupyter_kernel_test suite',
    python: DEBIAN_PYTHON,
    args: ['-m', 'unittest', '-v', 'test_protocol'],
    needs: 'jupyter_kernel_test',
    hint: 'install it with: apt-get install python3-jupyter-kernel-test (or set LOSSLAB_KERNEL_TEST_PYTHON to a Python that has it)',
  },
  { name: 'protocol behaviour (comms, interrupt, errors, stdin)', python: VENV_PYTHON, args: ['-m', 'unittest', '-v', 'test_behaviour'], needs: 'jupyter_client', hint: 'run the setup (npm run setup) to create .venv' },
  { name: 'smoke notebook through nbclient', python: VENV_PYTHON, args: ['-m', 'unittest', '-v', 'test_notebook'], needs: 'nbclient', hint: 'run the setup (npm run setup) to create .venv' },
];

if (!existsSync(join(ROOT, '.venv', 'share', 'jupyter', 'kernels', 'losslab', 'kernel.json'))) {
  console.error('The losslab kernel spec is not installed: run `node scripts/setup.mjs` (step kernel).');
  process.exit(1);
}

const results = [];
for (const part of parts) {
  console.log(`\n--- ${part.name}`);
  if (!existsSync(part.python) || !has(part.python, part.needs)) {
    console.log(`FAILED: ${part.python} cannot import ${part.needs}; ${part.hint}`);
    results.push({ name: part.name, ok: false });
    continue;
  }
  const res = spawnSync(part.python, part.args, { cwd: HERE, env, stdio: 'inherit', timeout: 20 * 60_000 });
  results.push({ name: part.name, ok: res.status === 0 });
}
if (process.argv.includes('--measure')) {
  console.log('\n--- start-up timings');
  spawnSync(VENV_PYTHON, ['measure.py', '3'], { cwd: HERE, env, stdio: 'inherit' });
}

console.log('\n--- kernel suite');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
