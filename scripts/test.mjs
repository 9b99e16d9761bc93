#!/usr/bin/env node
// `npm test`: the idempotent setup, then every test suite (scripts/suites.mjs). Exits non-zero
// when a setup step that a suite needs failed, or when any suite failed.
//   node scripts/test.mjs [suite ...]    run only the named suites
import { spawnSync } from 'node:child_process';
import { setup } from './setup.mjs';
import { SUITES } from './suites.mjs';
import { ROOT } from './lib/util.mjs';

const only = process.argv.slice(2);
const { failed: setupFailed } = await setup();
const brokenSteps = new Set(setupFailed.map((f) => f.step));

const results = [];
for (const suite of SUITES) {
  if (only.length && !only.includes(suite.name)) continue;
  const missing = (suite.needs ?? []).filter((s) => brokenSteps.has(s));
  if (missing.length) {
    console.log(`\n=== ${suite.name}: not run, setup step(s) failed: ${missing.join(', ')}`);
    results.push({ name: suite.name, ok: false, secs: 0, why: `setup failed: ${missing.join(', ')}` });
    continue;
  }
  console.log(`\n=== ${suite.name}: ${suite.description}`);
  const started = Date.now();
  const [cmd, args] = suite.command;
  const res = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, env: { ...process.env, ...(suite.env ?? {}) } });
  const secs = (Date.now() - started) / 1000;
  results.push({ name: suite.name, ok: res.status === 0, secs, why: res.status === 0 ? '' : `exit ${res.status ?? res.signal}` });
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(12)} ${r.secs.toFixed(1).padStart(7)} s  ${r.why}`);
for (const f of setupFailed) console.log(`setup step ${f.step} failed: ${f.error}`);
const passed = results.filter((r) => r.ok).length;
console.log(`suites: ${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length && results.length > 0 && !setupFailed.some((f) => f.step !== 'native') ? 0 : 1);
