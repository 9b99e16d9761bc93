// Step: the JupyterLab extension @losslab/jupyterlab. Builds it (tsc, then @jupyter/builder with
// Rspack, offline) when its sources, its dependencies or the losslab core it bundles changed, and
// installs it into .venv's JupyterLab as a prebuilt extension; checks `jupyter labextension list`
// reports it enabled and OK. A fast no-op (file hashes only) when nothing changed.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, VENV, VENV_BIN, hashFiles, log, run, stampMatches, writeStamp } from '../lib/util.mjs';

export const name = 'labextension';

const PLUGIN = join(ROOT, 'lab-plugin');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const BUILDER = join(ROOT, 'node_modules', '@jupyter', 'builder', 'lib', 'build-labextension.js');
const CORE_META = join(ROOT, 'node_modules', '@jupyterlab', 'core-meta', 'core.package.json');

/** Files under `dir` (relative to ROOT), sorted, skipping build output and dependencies. */
function listFiles(dir, filter = () => true) {
  const out = [];
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const entry of readdirSync(d).sort()) {
      if (entry === 'node_modules' || entry === 'lib' || entry === 'losslab_jupyterlab' || entry.endsWith('.tsbuildinfo')) continue;
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (filter(entry)) out.push(relative(ROOT, full));
    }
  };
  walk(dir);
  return out;
}

/** Everything the built bundle depends on: the plugin's sources, the losslab core's build, the lockfile. */
function inputHash() {
  const files = [
    ...listFiles(PLUGIN),
    ...listFiles(join(ROOT, 'src', 'dist'), (f) => f.endsWith('.js')),
    'package-lock.json',
    'src/package.json',
    'tsconfig.base.json',
  ];
  return hashFiles(files, files.join('\n'));
}

/** The entry file (content-hashed name) of a built extension folder, or null when incomplete. */
function entryOf(dir) {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return null;
  const load = JSON.parse(readFileSync(file, 'utf8')).jupyterlab?._build?.load;
  return load && existsSync(join(dir, load)) ? load : null;
}

const BUILT = join(PLUGIN, 'losslab_jupyterlab', 'labextension');
const INSTALLED = join(VENV, 'share', 'jupyter', 'labextensions', '@losslab', 'jupyterlab');

export async function runStep() {
  const jupyter = join(VENV_BIN, 'jupyter');
  if (!existsSync(jupyter)) throw new Error('.venv has no jupyter: the venv step must succeed first');
  for (const [what, file] of [['typescript', TSC], ['@jupyter/builder', BUILDER], ['@jupyterlab/core-meta', CORE_META]]) {
    if (!existsSync(file)) throw new Error(`${what} is not installed (${relative(ROOT, file)}): the npm step must succeed first`);
  }
  const hash = inputHash();
  const fresh = stampMatches(name, hash) && entryOf(BUILT) !== null;
  if (fresh && entryOf(INSTALLED) === entryOf(BUILT)) {
    log(name, '@losslab/jupyterlab up to date');
    return;
  }
  if (!fresh) build();
  const { installInto } = await import(pathToFileURL(join(PLUGIN, 'scripts', 'install.mjs')).href);
  const dest = installInto(VENV);
  log(name, `installed into ${relative(ROOT, dest)}`);
  checkListed(jupyter);
  writeStamp(name, hash);
}

function build() {
  log(name, 'building @losslab/jupyterlab (tsc, then @jupyter/builder)');
  // -p, not -b: the build step has compiled the losslab core; this reads its declarations.
  run(process.execPath, [TSC, '-p', join(PLUGIN, 'tsconfig.json')]);
  run(process.execPath, [BUILDER, '--core-package-file', CORE_META, PLUGIN], { cwd: PLUGIN });
}

/** Throws unless `jupyter labextension list` shows the extension enabled and OK. */
function checkListed(jupyter) {
  const list = run(jupyter, ['labextension', 'list'], { stdio: 'pipe', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const text = `${list.stdout}${list.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  const line = text.split('\n').find((l) => l.includes('@losslab/jupyterlab'));
  if (!line || !/enabled\s+OK/.test(line)) {
    throw new Error(`jupyter labextension list does not show @losslab/jupyterlab enabled and OK:\n${text}`);
  }
  log(name, line.trim());
}
