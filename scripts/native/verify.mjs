#!/usr/bin/env node
// Checks, in its own process, that a tfjs-node build computes and does not merely load: a matMul
// and a tf.grad through it on backend `tensorflow`, compared with the cpu backend.
//   node scripts/native/verify.mjs [@tensorflow/tfjs-node | @tensorflow/tfjs-node-gpu]
// Prints one JSON line {ok, package, tfVersion, maxRelErr, error?}; exits 0 only when ok.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from '../lib/util.mjs';

/** Deterministic test data in [-1, 1). */
function data(n, seed) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function compute(tf) {
  const a = tf.tensor2d(data(24 * 32, 1), [24, 32]);
  const b = tf.tensor2d(data(32 * 8, 2), [32, 8]);
  const f = (x) => tf.sum(tf.square(tf.matMul(x, b)));
  const product = tf.matMul(a, b).dataSync();
  const grad = tf.grad(f)(a).dataSync();
  tf.dispose([a, b]);
  return [...product, ...grad];
}

function run(pkgName) {
  process.env.TF_ENABLE_ONEDNN_OPTS ??= '0';
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  const req = createRequire(join(ROOT, 'src', 'package.json'));
  const tf = req(pkgName);
  if (tf.getBackend() !== 'tensorflow') throw new Error(`backend after loading is ${tf.getBackend()}, not tensorflow`);
  const tfVersion = tf.backend().binding?.TF_Version ?? null;
  const native = compute(tf);
  tf.setBackend('cpu');
  const reference = compute(tf);
  let maxRelErr = 0;
  for (let i = 0; i < reference.length; i++) {
    const err = Math.abs(native[i] - reference[i]) / Math.max(1, Math.abs(reference[i]));
    if (!(err <= maxRelErr)) maxRelErr = Number.isNaN(err) ? Infinity : err;
  }
  return { ok: maxRelErr < 1e-4, package: pkgName, tfVersion, maxRelErr };
}

/** Runs the check in a child process; returns its result (never throws). */
export function verifyInChild(pkgName = '@tensorflow/tfjs-node', timeoutMs = 120_000) {
  const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), pkgName], {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env },
  });
  const line = (res.stdout ?? '').trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    const why = res.error?.message ?? (res.signal ? `killed by ${res.signal}` : `exit ${res.status}`);
    const stderr = (res.stderr ?? '').trim().split('\n').slice(-6).join('\n');
    return { ok: false, package: pkgName, error: `${why}${stderr ? `: ${stderr}` : ''}` };
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pkgName = process.argv[2] ?? '@tensorflow/tfjs-node';
  let result;
  try {
    result = run(pkgName);
    if (!result.ok) result.error = `tensorflow and cpu differ by ${result.maxRelErr} (relative)`;
  } catch (e) {
    result = { ok: false, package: pkgName, error: (e instanceof Error ? e.message : String(e)).slice(0, 600) };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(result.ok ? 0 : 1);
}
