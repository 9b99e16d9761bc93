#!/usr/bin/env node
// Installs the built prebuilt extension (losslab_jupyterlab/labextension, made by `npm run build`)
// into a JupyterLab 4 environment, the way pip-installed extensions are laid out:
//   <prefix>/share/jupyter/labextensions/@losslab/jupyterlab/{package.json, static/, install.json}
// No network, no rebuild of JupyterLab. Usage:
//   node scripts/install.mjs                      # into the environment of `python3` on PATH
//   node scripts/install.mjs --python /path/to/env/bin/python
//   node scripts/install.mjs --prefix /path/to/env  # any sys.prefix
//   node scripts/install.mjs --uninstall [--prefix ...]
// Then check with `jupyter labextension list` and reload JupyterLab in the browser.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
export const EXTENSION_NAME = pkg.name;
export const BUILT_DIR = join(PACKAGE_DIR, pkg.jupyterlab.outputDir);

/** sys.prefix of a Python interpreter. */
export function pythonPrefix(python) {
  const res = spawnSync(python, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`could not run ${python} to find its environment (${res.error?.message ?? res.stderr.trim()})`);
  return res.stdout.trim();
}

/** Where the extension goes under an environment prefix. */
export function targetDir(prefix) {
  return join(prefix, 'share', 'jupyter', 'labextensions', ...EXTENSION_NAME.split('/'));
}

/** Copies the built extension into `<prefix>/share/jupyter/labextensions/`; returns the folder. */
export function installInto(prefix) {
  const built = join(BUILT_DIR, 'package.json');
  if (!existsSync(built) || !JSON.parse(readFileSync(built, 'utf8')).jupyterlab?._build?.load) {
    throw new Error(`no built extension in ${BUILT_DIR}: run \`npm run build -w lab-plugin\` first`);
  }
  const dest = targetDir(prefix);
  // Copy beside the destination, then swap: a running JupyterLab never sees half an extension.
  const tmp = `${dest}.installing`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(BUILT_DIR, tmp, { recursive: true });
  writeFileSync(
    join(tmp, 'install.json'),
    JSON.stringify(
      {
        packageManager: 'npm',
        packageName: EXTENSION_NAME,
        uninstallInstructions: `Run \`node lab-plugin/scripts/install.mjs --uninstall --prefix ${prefix}\` or remove ${dest}`,
      },
      null,
      2,
    ) + '\n',
  );
  rmSync(dest, { recursive: true, force: true });
  renameSync(tmp, dest);
  return dest;
}

export function uninstallFrom(prefix) {
  const dest = targetDir(prefix);
  rmSync(dest, { recursive: true, force: true });
  return dest;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const opt = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  try {
    const prefix = opt('--prefix') ?? pythonPrefix(opt('--python') ?? 'python3');
    if (argv.includes('--uninstall')) {
      console.log(`removed ${uninstallFrom(prefix)}`);
    } else {
      console.log(`installed ${EXTENSION_NAME} into ${installInto(prefix)}`);
      console.log('Check it with `jupyter labextension list`, then reload JupyterLab in the browser.');
    }
  } catch (e) {
    console.error(`install failed: ${e.message}`);
    process.exit(1);
  }
}
