// Step: the project's Python environment (.venv) from requirements.txt. Honours the user's pip
// configuration and PIP_* variables; on a machine whose default index is unreachable, set
// PIP_RETRIES=0 (.ci/run does) or pip retries it for every package.
import { existsSync } from 'node:fs';
import { VENV, VENV_PYTHON, hashFiles, log, run, stampMatches, writeStamp, capture } from '../lib/util.mjs';

export const name = 'venv';
const REQS = ['requirements.txt'];

export function pythonCommand() {
  for (const candidate of [process.env.LOSSLAB_PYTHON, 'python3', 'python'].filter(Boolean)) {
    const v = capture(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']);
    if (v) {
      const [maj, min] = v.split('.').map(Number);
      if (maj === 3 && min >= 9) return candidate;
    }
  }
  throw new Error('Python 3.9+ was not found (looked for $LOSSLAB_PYTHON, python3, python). Install Python 3 with pip and venv.');
}

export async function runStep({ requirements = REQS, stamp = 'venv' } = {}) {
  const hash = hashFiles(requirements);
  if (existsSync(VENV_PYTHON) && stampMatches(stamp, hash)) {
    log(name, `.venv up to date (${requirements.join(', ')})`);
    return;
  }
  if (!existsSync(VENV_PYTHON)) {
    const py = pythonCommand();
    log(name, `creating .venv with ${py}`);
    try {
      run(py, ['-m', 'venv', VENV]);
    } catch (e) {
      throw new Error(`could not create .venv (${e.message}). On Debian/Ubuntu: apt-get install python3-venv`);
    }
  }
  log(name, `installing ${requirements.join(', ')} into .venv (pip)`);
  try {
    run(VENV_PYTHON, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', ...requirements.flatMap((r) => ['-r', r])]);
  } catch (e) {
    throw new Error(`pip could not install ${requirements.join(', ')} into .venv: ${e.message}. ` +
      'Check your pip index (pip config list); on a machine without internet point pip at a mirror, and set PIP_RETRIES=0 if the default index is unreachable.');
  }
  writeStamp(stamp, hash);
}
