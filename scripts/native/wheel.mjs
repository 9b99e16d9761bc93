// The tensorflow-cpu wheel, the source of the TensorFlow C library for the offline route: found in
// the cache, else fetched with `pip download` (the user's pip configuration and PIP_* variables apply).
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VENV_PYTHON, capture, log, run } from '../lib/util.mjs';
import { pythonCommand } from '../steps/venv.mjs';
import { TF_VERSION, TF_WHEEL_PROJECT, wheelDir } from './config.mjs';

const WHEEL_PREFIX = `${TF_WHEEL_PROJECT.replace(/-/g, '_')}-${TF_VERSION}-`;

/** The Python that runs pip and zipfile: the project's .venv when it exists, else the system's. */
export function python() {
  if (existsSync(VENV_PYTHON)) return VENV_PYTHON;
  return pythonCommand();
}

export function cachedWheel(dir = wheelDir()) {
  if (!existsSync(dir)) return null;
  const hit = readdirSync(dir).find((f) => f.startsWith(WHEEL_PREFIX) && /manylinux.*x86_64\.whl$/.test(f));
  return hit ? join(dir, hit) : null;
}

/** Returns the path of the wheel, downloading it into the cache when absent. Throws with advice. */
export function ensureWheel() {
  const dir = wheelDir();
  const hit = cachedWheel(dir);
  if (hit) return hit;
  const py = python();
  if (!capture(py, ['-m', 'pip', '--version'])) {
    throw new Error(`pip is not available for ${py}; install pip (Debian: apt-get install python3-pip), ` +
      `or put ${WHEEL_PREFIX}*-manylinux*_x86_64.whl in ${dir}`);
  }
  mkdirSync(dir, { recursive: true });
  log('native', `downloading ${TF_WHEEL_PROJECT}==${TF_VERSION} (about 270 MB, once per machine) with pip into ${dir}`);
  try {
    run(py, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check',
      '-d', dir, `${TF_WHEEL_PROJECT}==${TF_VERSION}`]);
  } catch (e) {
    throw new Error(`pip could not download ${TF_WHEEL_PROJECT}==${TF_VERSION} (${e.message}). ` +
      'Check your pip index (pip config list; PIP_INDEX_URL / PIP_FIND_LINKS); where the default index is unreachable, ' +
      `set PIP_RETRIES=0. Or copy the wheel (${WHEEL_PREFIX}*-manylinux*_x86_64.whl) into ${dir}.`);
  }
  const got = cachedWheel(dir);
  if (!got) throw new Error(`pip finished but no ${WHEEL_PREFIX}*manylinux*x86_64.whl is in ${dir}`);
  return got;
}
