// Where the native TensorFlow backend's pieces live: the tfjs-node package, the per-machine cache of
// the TensorFlow C library, and the names tfjs-node's binding expects.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../lib/util.mjs';

/** The TensorFlow release whose C library the offline route builds against (tensorflow-cpu wheel). */
export const TF_VERSION = '2.21.0';
export const TF_WHEEL_PROJECT = 'tensorflow-cpu';
/** Files of the wheel the binding needs, as prefixes of the wheel's member names. */
export const WHEEL_MEMBERS = {
  libs: ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'],
  includes: [
    'tensorflow/include/tensorflow/c/',
    'tensorflow/include/tensorflow/core/platform/ctstring',
    'tensorflow/include/tsl/platform/ctstring',
    'tensorflow/include/xla/tsl/c/',
  ],
};

/** The root of losslab's per-machine cache: $LOSSLAB_CACHE, else $XDG_CACHE_HOME/losslab, else ~/.cache/losslab. */
export function cacheRoot() {
  if (process.env.LOSSLAB_CACHE) return process.env.LOSSLAB_CACHE;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg || join(homedir(), '.cache'), 'losslab');
}

export const wheelDir = () => join(cacheRoot(), 'wheels');
export const libtensorflowDir = () => join(cacheRoot(), 'libtensorflow', TF_VERSION);

/**
 * The installed tfjs-node package (`@tensorflow/tfjs-node` or `-gpu`), resolved the way losslab's
 * own code resolves it; null when it is not installed.
 */
export function tfjsNodePackage(name = '@tensorflow/tfjs-node') {
  const req = createRequire(join(ROOT, 'src', 'package.json'));
  let pkgJson;
  try {
    pkgJson = req.resolve(`${name}/package.json`);
  } catch {
    return null;
  }
  const dir = dirname(pkgJson);
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8'));
  const napi = process.versions.napi;
  // package.json binary.module_path is ./lib/napi-v{napi_build_version}; node-pre-gyp builds for the
  // highest listed N-API version this Node supports.
  const versions = (pkg.binary?.napi_versions ?? []).filter((v) => v <= Number(napi));
  const napiBuild = versions.length ? Math.max(...versions) : Number(napi);
  const moduleDir = join(dir, (pkg.binary?.module_path ?? './lib/napi-v{napi_build_version}').replace('{napi_build_version}', String(napiBuild)));
  return {
    name,
    dir,
    version: pkg.version,
    addon: join(moduleDir, `${pkg.binary?.module_name ?? 'tfjs_binding'}.node`),
    depsDir: join(dir, 'deps'),
    depsLib: join(dir, 'deps', 'lib'),
  };
}

/** node-pre-gyp's CLI, a dependency of tfjs-node. */
export function nodePreGypBin(pkgDir) {
  const req = createRequire(join(pkgDir, 'package.json'));
  const main = req.resolve('@mapbox/node-pre-gyp/package.json');
  return join(dirname(main), 'bin', 'node-pre-gyp');
}

/**
 * A directory holding Node's headers (include/node/node_api.h), so node-gyp does not download them:
 * $npm_config_nodedir when set, else the prefix of the running node (/usr for Debian's nodejs).
 */
export function nodeHeadersDir() {
  const candidates = [process.env.npm_config_nodedir, dirname(dirname(process.execPath)), '/usr', '/usr/local'].filter(Boolean);
  return candidates.find((d) => existsSync(join(d, 'include', 'node', 'node_api.h'))) ?? null;
}
