#!/usr/bin/env node
// `npm run lab`: the idempotent setup, then JupyterLab on notebooks/ at 127.0.0.1.
// Extra arguments go to `jupyter lab` (e.g. `npm run lab -- --no-browser --port 8890`).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setup } from './setup.mjs';
import { ROOT, VENV_BIN } from './lib/util.mjs';

const { failed } = await setup();
const fatal = failed.filter((f) => f.step !== 'native');
if (fatal.length) {
  console.error(`\nCannot start JupyterLab: setup step(s) failed: ${fatal.map((f) => f.step).join(', ')}`);
  process.exit(1);
}
const args = ['lab', '--ip=127.0.0.1', `--notebook-dir=${join(ROOT, 'notebooks')}`, ...process.argv.slice(2)];
if (process.getuid?.() === 0) args.push('--allow-root');
console.log(`\nStarting JupyterLab on notebooks/ (the URL with its token follows)...`);
const child = spawn(join(VENV_BIN, 'jupyter'), args, { stdio: 'inherit', cwd: ROOT });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
