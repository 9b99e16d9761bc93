// Step: the "TypeScript (losslab)" Jupyter kernel spec, installed into .venv (so `npm run lab`
// lists it) and pointing at this project's Node and kernel launcher. Idempotent: rewritten only
// when its content changes (e.g. another Node binary runs the setup).
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, VENV, VENV_PYTHON, capture, log } from '../lib/util.mjs';

export const name = 'kernel';

export const KERNEL_NAME = 'losslab';
export const KERNEL_DIR = join(VENV, 'share', 'jupyter', 'kernels', KERNEL_NAME);
const LAUNCHER = join(ROOT, 'kernel-ext', 'bin', 'losslab-kernel.mjs');
const BUILT = join(ROOT, 'kernel-ext', 'dist', 'kernel', 'main.js');
const LOGO = join(ROOT, 'kernel-ext', 'kernelspec', 'logo-svg.svg');

/** The kernel.json content: argv runs the launcher with the Node that runs this setup. */
export function kernelSpec() {
  return {
    argv: [process.execPath, LAUNCHER, '{connection_file}'],
    display_name: 'TypeScript (losslab)',
    language: 'typescript',
    // Interrupts arrive as interrupt_request on the control channel (SIGINT works as well).
    interrupt_mode: 'message',
    metadata: { debugger: false },
  };
}

export async function runStep() {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: the build step must compile kernel-ext first`);
  if (!existsSync(VENV_PYTHON)) throw new Error('.venv is missing: the venv step must run first');
  const specFile = join(KERNEL_DIR, 'kernel.json');
  const content = JSON.stringify(kernelSpec(), null, 2) + '\n';
  const logoTarget = join(KERNEL_DIR, 'logo-svg.svg');
  if (existsSync(specFile) && readFileSync(specFile, 'utf8') === content && existsSync(logoTarget)) {
    log(name, `kernel spec '${KERNEL_NAME}' up to date`);
    return;
  }
  mkdirSync(KERNEL_DIR, { recursive: true });
  writeFileSync(specFile, content);
  copyFileSync(LOGO, logoTarget);
  // Check that Jupyter in .venv finds it where we wrote it.
  const listed = capture(VENV_PYTHON, ['-m', 'jupyter_client.kernelspecapp', 'list', '--json']);
  const specs = listed ? JSON.parse(listed).kernelspecs ?? {} : null;
  if (specs && !specs[KERNEL_NAME]) throw new Error(`wrote ${specFile}, but Jupyter in .venv does not list the '${KERNEL_NAME}' kernel`);
  log(name, `installed kernel spec '${KERNEL_NAME}' (TypeScript (losslab)) in ${KERNEL_DIR}`);
}
