// Step: the native TensorFlow backend (@tensorflow/tfjs-node, and -gpu when installed).
//
// npm does not run tfjs-node's install script (root package.json `allowScripts`): it downloads
// libtensorflow, which fails offline and would make the whole npm install fail. This step does the
// job instead, and is a fast no-op once done (a stamp records the verified build):
//   1. an addon that is already built (a normal tfjs-node install, or an earlier run) and computes;
//   2. tfjs-node's own install.js, when its download host answers;
//   3. offline: the TensorFlow C library from the tensorflow-cpu wheel (pip, cached once per
//      machine under $LOSSLAB_CACHE or ~/.cache/losslab), and the addon compiled against it.
// Each candidate must compute (a matMul and a tf.grad, compared with cpu) in a child process before
// it is accepted. When none works, the step fails softly (setup.mjs: OPTIONAL) and losslab runs on
// wasm/cpu. LOSSLAB_NATIVE_ROUTE=auto|download|wheel|off picks the routes (default auto).
import { existsSync, realpathSync, statSync } from 'node:fs';
import { log, stampMatches, writeStamp } from '../lib/util.mjs';
import { TF_VERSION, tfjsNodePackage, wheelDir } from '../native/config.mjs';
import { ensureLibtensorflow } from '../native/libtensorflow.mjs';
import { compileAddon, layoutDeps } from '../native/addon.mjs';
import { DOWNLOAD_HOST, reachable, runTfjsNodeInstall } from '../native/download.mjs';
import { verifyInChild } from '../native/verify.mjs';

export const name = 'native';

const ROUTES = ['auto', 'download', 'wheel', 'off'];

/** What a verified build depends on; null when the addon or its library is missing. */
function stampKey(pkg) {
  if (!existsSync(pkg.addon)) return null;
  let lib;
  try {
    lib = realpathSync(`${pkg.depsLib}/libtensorflow.so`);
  } catch {
    return null;
  }
  const addon = statSync(pkg.addon);
  return JSON.stringify({
    pkg: `${pkg.name}@${pkg.version}`, node: process.versions.modules, napi: process.versions.napi,
    addon: [addon.size, addon.mtimeMs], lib, libSize: statSync(lib).size,
  });
}

function accept(pkg, result, how) {
  const key = stampKey(pkg);
  if (key) writeStamp(stampName(pkg), key);
  log(name, `${pkg.name} ${pkg.version} works (${how}; TensorFlow ${result.tfVersion ?? '?'}, max rel. diff to cpu ${result.maxRelErr?.toExponential(1)})`);
}

const stampName = (pkg) => (pkg.name.endsWith('-gpu') ? 'native-gpu' : 'native');

function verify(pkg) {
  return verifyInChild(pkg.name);
}

/** Makes one tfjs-node package work; returns null when it does, else the list of failed attempts. */
async function ensurePackage(pkg, route, { wheel }) {
  const key = stampKey(pkg);
  if (key && stampMatches(stampName(pkg), key)) {
    log(name, `${pkg.name} up to date`);
    return null;
  }
  const attempts = [];
  if (existsSync(pkg.addon)) {
    const v = verify(pkg);
    if (v.ok) return accept(pkg, v, 'existing build'), null;
    attempts.push(`the existing addon ${pkg.addon} does not work: ${v.error}`);
  }
  if (route === 'auto' || route === 'download') {
    if (await reachable(DOWNLOAD_HOST)) {
      try {
        runTfjsNodeInstall(pkg);
        const v = verify(pkg);
        if (v.ok) return accept(pkg, v, 'downloaded by its install script'), null;
        attempts.push(`download route: the addon it installed does not work: ${v.error}`);
      } catch (e) {
        attempts.push(`download route: ${e.message}`);
      }
    } else {
      attempts.push(`download route: ${DOWNLOAD_HOST} is unreachable`);
    }
  }
  if (wheel && (route === 'auto' || route === 'wheel')) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      attempts.push(`offline route: only for Linux x86_64 (this is ${process.platform}-${process.arch})`);
    } else {
      try {
        const started = Date.now();
        const lib = ensureLibtensorflow();
        layoutDeps(pkg, lib);
        compileAddon(pkg);
        const v = verify(pkg);
        if (v.ok) return accept(pkg, v, `built offline against TensorFlow ${TF_VERSION} in ${((Date.now() - started) / 1000).toFixed(0)} s`), null;
        attempts.push(`offline route: the compiled addon does not work: ${v.error}`);
      } catch (e) {
        attempts.push(`offline route: ${e.message}`);
      }
    }
  }
  return attempts;
}

export async function runStep() {
  const route = (process.env.LOSSLAB_NATIVE_ROUTE ?? 'auto').toLowerCase();
  if (!ROUTES.includes(route)) throw new Error(`LOSSLAB_NATIVE_ROUTE=${route}: expected one of ${ROUTES.join(', ')}`);
  if (route === 'off') {
    log(name, 'skipped (LOSSLAB_NATIVE_ROUTE=off): losslab will use wasm, then cpu');
    return;
  }
  const problems = [];
  const cpu = tfjsNodePackage('@tensorflow/tfjs-node');
  if (!cpu) {
    problems.push('@tensorflow/tfjs-node is not installed (an optional dependency of losslab: was npm run with ' +
      '--omit=optional, or did its install fail?). Install it with `npm install`, then run `npm run setup -- --only native`.');
  } else {
    const failed = await ensurePackage(cpu, route, { wheel: true });
    if (failed) problems.push(`${cpu.name} ${cpu.version}:\n  - ${failed.join('\n  - ')}`);
  }
  // The GPU package is never installed by losslab; when a user installed it, make it work too.
  // Only its own download route exists (the pip mirror has no GPU TensorFlow C library).
  const gpu = tfjsNodePackage('@tensorflow/tfjs-node-gpu');
  if (gpu) {
    const failed = await ensurePackage(gpu, route, { wheel: false });
    if (failed) problems.push(`${gpu.name} ${gpu.version}:\n  - ${failed.join('\n  - ')}`);
  }
  if (problems.length) {
    throw new Error(`the native TensorFlow backend is not available; losslab still works, on wasm (then cpu).\n` +
      `${problems.join('\n')}\n` +
      'To fix: give this machine either internet access (for tfjs-node\'s download) or a pip index that has ' +
      `tensorflow-cpu==${TF_VERSION} (or put its manylinux x86_64 wheel in ${wheelDir()}), plus g++, make ` +
      'and Python 3; then run `npm run setup -- --only native`. See docs/backends.md.');
  }
}
