#!/usr/bin/env node
// Checks the tensorflow-gpu backend on a CUDA machine (there is none where losslab is developed, so
// this is the script to run where there is one):
//   node scripts/check-gpu.mjs            environment, a loss value + gradient vs cpu, timings
//   node scripts/check-gpu.mjs --parity   the same, then the whole parity suite on tensorflow-gpu
// Needs: an NVIDIA driver, CUDA 11.2 + cuDNN 8.1 libraries (what libtensorflow-gpu 2.9.1, which
// tfjs-node-gpu 4.22 downloads, links against), and @tensorflow/tfjs-node-gpu@4.22.0 installed
// with its addon built (`npm install @tensorflow/tfjs-node-gpu@4.22.0 -w src --no-save`, then
// `npm run setup -- --only native`, which runs its install script). Exit status 0 only when all passes.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, capture } from './lib/util.mjs';
import { tfjsNodePackage } from './native/config.mjs';

const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';

function say(label, value) {
  console.log(`${label.padEnd(26)} ${value}`);
}

/** The measured part, run in a child with LOSSLAB_BACKEND=tensorflow-gpu. */
async function measure() {
  const l = await import(pathToFileURL(join(ROOT, 'src', 'dist', 'index.js')).href);
  const { tf } = l;
  const info = await l.ready();
  const backend = tf.findBackend('tensorflow');
  const result = { info, usingGpu: Boolean(backend?.isUsingGpuDevice), checks: [] };
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const cases = [
    { name: 'crossEntropy [4096, 1000]', fn: l.crossEntropy, make: () => [tf.randomNormal([4096, 1000], 0, 2, 'float32', 1), tf.randomUniformInt([4096], 0, 1000, 2)] },
    { name: 'mseLoss [4M]', fn: l.mseLoss, make: () => [tf.randomNormal([4 * 1024 * 1024], 0, 1, 'float32', 3), tf.randomNormal([4 * 1024 * 1024], 0, 1, 'float32', 4)] },
  ];
  for (const c of cases) {
    const run = (backendName) => {
      tf.setBackend(backendName);
      const [x, y] = c.make();
      const valueAndGrad = tf.valueAndGrad((v) => c.fn(v, y));
      const once = () => {
        const { value, grad } = valueAndGrad(x);
        const out = [value.dataSync()[0], grad.dataSync()];
        tf.dispose([value, grad]);
        return out;
      };
      const [value, grad] = once(); // also warms up
      const times = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        once();
        times.push(performance.now() - t0);
      }
      tf.dispose([x, y]);
      return { value, grad, ms: median(times) };
    };
    const gpu = run('tensorflow');
    const cpu = run('cpu');
    let maxRel = Math.abs(gpu.value - cpu.value) / Math.max(Math.abs(cpu.value), 1e-12);
    for (let i = 0; i < cpu.grad.length; i++) {
      maxRel = Math.max(maxRel, Math.abs(gpu.grad[i] - cpu.grad[i]) / Math.max(Math.abs(cpu.grad[i]), 1e-3));
    }
    result.checks.push({ name: c.name, gpuMs: gpu.ms, cpuMs: cpu.ms, value: gpu.value, cpuValue: cpu.value, maxRel, ok: maxRel < 1e-3 });
  }
  tf.setBackend('tensorflow');
  console.log(JSON.stringify(result));
}

async function main() {
  let ok = true;
  const driver = existsSync('/proc/driver/nvidia/version') ? readFileSync('/proc/driver/nvidia/version', 'utf8').split('\n')[0] : null;
  say('NVIDIA driver', driver ?? 'not found (/proc/driver/nvidia/version)');
  const smi = capture('nvidia-smi', ['--query-gpu=name,memory.total,driver_version', '--format=csv,noheader']);
  say('nvidia-smi', smi ?? 'not available');
  const pkg = tfjsNodePackage(GPU_PACKAGE);
  say(GPU_PACKAGE, pkg ? `${pkg.version}, addon ${existsSync(pkg.addon) ? 'built' : 'NOT built'}` : 'not installed');
  if (!driver || !pkg || !existsSync(pkg.addon)) {
    console.error('\nThe tensorflow-gpu backend cannot be checked here: it needs the NVIDIA driver, CUDA 11.2 and cuDNN 8.1, and ' +
      `${GPU_PACKAGE}@4.22.0 with its addon built (npm install ${GPU_PACKAGE}@4.22.0 -w src --no-save; npm run setup -- --only native).`);
    process.exit(2);
  }
  const child = spawnSync(process.execPath, [process.argv[1], '--measure'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LOSSLAB_BACKEND: 'tensorflow-gpu' },
    timeout: 600_000,
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  let result;
  try {
    result = JSON.parse(line);
  } catch {
    console.error(`the check process failed (exit ${child.status ?? child.signal}):\n${child.stderr.trim().split('\n').slice(-15).join('\n')}`);
    process.exit(1);
  }
  say('backend', `${result.info.backend} (${result.info.nativePackage}, TensorFlow ${result.info.nativeVersion})`);
  say('GPU device in use', result.usingGpu ? 'yes' : 'NO: TensorFlow runs on the CPU (CUDA/cuDNN libraries not found?)');
  ok &&= result.usingGpu && result.info.backend === 'tensorflow-gpu';
  for (const c of result.checks) {
    say(c.name, `${c.ok ? 'OK ' : 'BAD'} value ${c.value} (cpu ${c.cpuValue}), max rel. diff of value/gradient ${c.maxRel.toExponential(1)}; ` +
      `forward+backward median of 5: gpu ${c.gpuMs.toFixed(1)} ms, tfjs cpu ${c.cpuMs.toFixed(0)} ms`);
    ok &&= c.ok;
  }
  if (process.argv.includes('--parity')) {
    console.log('\nparity suite on tensorflow-gpu:');
    const vitest = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/losses'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, LOSSLAB_TEST_BACKENDS: 'tensorflow-gpu' },
    });
    ok &&= vitest.status === 0;
  }
  console.log(ok ? '\ntensorflow-gpu: OK' : '\ntensorflow-gpu: FAILED');
  process.exit(ok ? 0 : 1);
}

if (process.argv.includes('--measure')) await measure();
else await main();
