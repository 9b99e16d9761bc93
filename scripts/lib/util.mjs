// Small shared helpers for the project scripts (no npm dependencies: these run before install).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const STAMPS = join(ROOT, 'node_modules', '.losslab-stamps');
export const VENV = join(ROOT, '.venv');
export const VENV_BIN = join(VENV, 'bin');
export const VENV_PYTHON = join(VENV_BIN, 'python');

export function log(step, message) {
  process.stdout.write(`[losslab ${step}] ${message}\n`);
}

/** Runs a command, inheriting stdio; throws with the command line when it fails. */
export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (res.error) throw new Error(`${cmd} ${args.join(' ')}: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${res.status ?? res.signal}`);
  return res;
}

/** Runs a command and returns its stdout (trimmed), or null when it fails. */
export function capture(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT, ...opts });
  return res.status === 0 ? res.stdout.trim() : null;
}

/** A hash of files' contents (missing files hash as empty), for "has this changed" stamps. */
export function hashFiles(paths, extra = '') {
  const h = createHash('sha256');
  h.update(extra);
  for (const p of paths) {
    const full = resolve(ROOT, p);
    h.update(p);
    h.update(existsSync(full) && statSync(full).isFile() ? readFileSync(full) : '');
  }
  return h.digest('hex');
}

/** A stamp records the input hash of a finished step, so a rerun can skip it. */
export function stampMatches(name, hash) {
  const file = join(STAMPS, name);
  return existsSync(file) && readFileSync(file, 'utf8') === hash;
}

export function writeStamp(name, hash) {
  mkdirSync(STAMPS, { recursive: true });
  writeFileSync(join(STAMPS, name), hash);
}
