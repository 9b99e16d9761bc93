#!/usr/bin/env node
// The project's idempotent setup, shared by `npm run lab` and `npm test`: each step installs what
// is missing or changed and is a fast no-op otherwise.
//   node scripts/setup.mjs [--only step,step] [--skip step,step]
// Steps, in order: npm, build, native, venv, kernel, labextension.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ROOT, log } from './lib/util.mjs';

export const STEPS = ['npm', 'build', 'native', 'venv', 'kernel', 'labextension'];
// Steps whose failure still leaves something useful (the library on pure-JS backends).
const OPTIONAL = new Set(['native']);

function parseList(flag, argv) {
  const i = argv.indexOf(flag);
  return i >= 0 && argv[i + 1] ? new Set(argv[i + 1].split(',')) : null;
}

/** Runs the setup steps; returns { failed: [{step, error}] }. Throws only when `strict` and a step fails. */
export async function setup({ only = null, skip = null, strict = false } = {}) {
  const failed = [];
  for (const step of STEPS) {
    if (only && !only.has(step)) continue;
    if (skip && skip.has(step)) continue;
    const started = Date.now();
    try {
      const mod = await import(pathToFileURL(join(ROOT, 'scripts', 'steps', `${step}.mjs`)).href);
      await mod.runStep();
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (Number(secs) >= 1) log(step, `done in ${secs} s`);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      log(step, `FAILED: ${error}`);
      failed.push({ step, error });
      if (strict && !OPTIONAL.has(step)) throw e;
      // Later steps depend on npm and build; stop there.
      if (step === 'npm' || step === 'build') break;
    }
  }
  return { failed };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const { failed } = await setup({ only: parseList('--only', argv), skip: parseList('--skip', argv) });
  if (failed.length) {
    console.error(`\nSetup finished with ${failed.length} failed step(s): ${failed.map((f) => f.step).join(', ')}`);
    process.exit(1);
  }
}
