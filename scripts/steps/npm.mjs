// Step: npm packages. Installs when node_modules is missing or a package manifest / the lockfile
// changed since the last install. `npm install` also runs the root postinstall (build + native).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, hashFiles, log, run, stampMatches, writeStamp } from '../lib/util.mjs';

const MANIFESTS = ['package.json', 'package-lock.json', 'src/package.json', 'kernel-ext/package.json', 'lab-plugin/package.json'];

export const name = 'npm';

export async function runStep() {
  const hash = hashFiles(MANIFESTS);
  if (existsSync(join(ROOT, 'node_modules', '.package-lock.json')) && stampMatches('npm', hash)) {
    log(name, 'up to date');
    return;
  }
  log(name, 'installing npm packages (npm install)');
  run('npm', ['install', '--no-audit', '--no-fund']);
  writeStamp('npm', hashFiles(MANIFESTS));
}
