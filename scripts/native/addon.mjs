// tfjs-node's native addon, built from source against the cached TensorFlow C library:
// lays out <tfjs-node>/deps as its binding.gyp expects, then runs node-pre-gyp.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { log } from '../lib/util.mjs';
import { nodeHeadersDir, nodePreGypBin } from './config.mjs';

/**
 * deps/include -> the extracted headers; deps/lib holds the runtime names (links into the cache),
 * the link-time names -ltensorflow / -ltensorflow_framework, and libtensorflow.so.2.9.1, the file
 * tfjs-node's own install.js looks for (so `npm rebuild` builds instead of downloading).
 * No LD_LIBRARY_PATH is needed: the addon's rpath is $ORIGIN/../../deps/lib.
 */
export function layoutDeps(pkg, lib) {
  rmSync(pkg.depsDir, { recursive: true, force: true });
  mkdirSync(pkg.depsLib, { recursive: true });
  symlinkSync(lib.include, join(pkg.depsDir, 'include'));
  symlinkSync(join(lib.lib, 'libtensorflow_cc.so.2'), join(pkg.depsLib, 'libtensorflow_cc.so.2'));
  symlinkSync(join(lib.lib, 'libtensorflow_framework.so.2'), join(pkg.depsLib, 'libtensorflow_framework.so.2'));
  symlinkSync('libtensorflow_cc.so.2', join(pkg.depsLib, 'libtensorflow.so'));
  symlinkSync('libtensorflow_framework.so.2', join(pkg.depsLib, 'libtensorflow_framework.so'));
  symlinkSync('libtensorflow_cc.so.2', join(pkg.depsLib, 'libtensorflow.so.2.9.1'));
}

/** Compiles the addon (about 30 s on 2 cores). Throws with the tail of the compiler output. */
export function compileAddon(pkg) {
  const nodedir = nodeHeadersDir();
  if (!nodedir) {
    throw new Error(`Node's C headers (include/node/node_api.h) were not found next to ${process.execPath}; ` +
      'install them (Debian: apt-get install libnode-dev, or use an official Node build) or set npm_config_nodedir');
  }
  log('native', `compiling ${pkg.name}'s addon with node-pre-gyp (headers from ${nodedir})`);
  const res = spawnSync(process.execPath, [nodePreGypBin(pkg.dir), 'install', '--build-from-source'], {
    cwd: pkg.dir,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, npm_config_nodedir: nodedir, JOBS: process.env.JOBS ?? 'max' },
  });
  if (res.status !== 0) {
    const tail = `${res.stdout ?? ''}\n${res.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    const hint = /g\+\+|make|python/i.test(tail) && /not found|ENOENT/i.test(tail)
      ? ' A C++ toolchain is needed: apt-get install g++ make python3.' : '';
    throw new Error(`node-pre-gyp could not build the addon (exit ${res.status ?? res.signal}).${hint}\n${tail}`);
  }
}
