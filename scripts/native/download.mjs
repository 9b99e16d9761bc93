// tfjs-node's own install route: its scripts/install.js downloads libtensorflow 2.9.1 and a
// prebuilt addon from storage.googleapis.com (the root package.json keeps npm from running it, so
// that an offline install does not fail). Tried only when that host answers.
import { connect } from 'node:net';
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { ROOT, log } from '../lib/util.mjs';

export const DOWNLOAD_HOST = 'storage.googleapis.com';

/** Resolves true when a TCP connection to host:443 opens within timeoutMs. */
export function reachable(host = DOWNLOAD_HOST, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port: 443 });
    const done = (ok) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Runs tfjs-node's install.js (download, then prebuilt or compiled addon). Throws on failure. */
export function runTfjsNodeInstall(pkg, timeoutMs = 600_000) {
  log('native', `running ${pkg.name}'s own install (downloads libtensorflow from ${DOWNLOAD_HOST})`);
  const bin = join(ROOT, 'node_modules', '.bin');
  const res = spawnSync(process.execPath, [join('scripts', 'install.js'), pkg.name.endsWith('-gpu') ? 'gpu' : 'cpu', 'download'], {
    cwd: pkg.dir,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
  });
  if (res.status !== 0) {
    const tail = `${res.stdout ?? ''}\n${res.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
    throw new Error(`${pkg.name}'s install.js failed (${res.error?.message ?? `exit ${res.status ?? res.signal}`}): ${tail}`);
  }
}
