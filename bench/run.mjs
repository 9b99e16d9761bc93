#!/usr/bin/env node
// `npm run bench`: forward + backward of the benchmark losses (bench/cases.mjs) in losslab on each
// available backend, in tfjs's tf.losses on the same backend, and in PyTorch on the CPU
// (bench/torch_bench.py, from .venv); prints a table of medians and ratios and writes it as JSON
// and Markdown to bench-results/.
//
//   npm run bench [-- options]
//     --quick               smaller sizes and fewer runs: under a minute
//     --runs N              timed runs per measurement, at least (default 9; quick 7; at least 7);
//                           fast cases run more, until --seconds of timing (default 1; quick 0.2)
//     --warmup N            warm-up runs (default 2; quick 1)
//     --backends a,b        among cpu,wasm,tensorflow (default: all; unavailable ones are listed as skipped)
//     --cases a,b           case ids (default: all), see bench/cases.mjs
//     --threads N           PyTorch threads (default: the number of cores; a 1-thread run is added)
//     --no-torch            skip PyTorch
//     --no-unfused          skip the "fused off" measurements
//     --out DIR             where to write results (default bench-results/)
//     --docs                also put the table into docs/benchmarks.md (between its bench markers)
//     --no-setup            skip the idempotent setup (npm install, build, native backend, the
//                           reference libraries of requirements-dev.txt in .venv) that runs first
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES, FUSED_CASES, generator } from './cases.mjs';
import { peakMemory, timeRuns } from './measure.mjs';
import { consoleTable, markdown } from './report.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BACKENDS = ['cpu', 'wasm', 'tensorflow'];

function parseArgs(argv) {
  const get = (flag) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const opts = {
    quick,
    runs: Number(get('--runs') ?? (quick ? 7 : 9)),
    warmup: Number(get('--warmup') ?? (quick ? 1 : 2)),
    minSeconds: Number(get('--seconds') ?? (quick ? 0.2 : 1)),
    backends: (get('--backends') ?? BACKENDS.join(',')).split(','),
    cases: get('--cases')?.split(','),
    threads: Number(get('--threads') ?? cpus().length),
    torch: !argv.includes('--no-torch'),
    unfused: !argv.includes('--no-unfused'),
    out: resolve(ROOT, get('--out') ?? 'bench-results'),
    setup: !argv.includes('--no-setup'),
    docs: argv.includes('--docs'),
  };
  if (!(opts.runs >= 7)) throw new Error('--runs must be at least 7 (the table reports medians of at least 7 runs)');
  const unknown = opts.cases?.filter((c) => !CASES.some((k) => k.id === c)) ?? [];
  if (unknown.length) throw new Error(`unknown case(s) ${unknown.join(', ')}; known: ${CASES.map((c) => c.id).join(', ')}`);
  return opts;
}

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function cpuModel() {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.+)/)?.[1]?.trim() ?? cpus()[0]?.model;
  } catch {
    return cpus()[0]?.model ?? 'unknown CPU';
  }
}

/**
 * The project's idempotent setup, as `npm test` runs it: installed packages, the built library,
 * the native backend (optional), and PyTorch in .venv (requirements-dev.txt, as `npm run
 * fixtures`). Returns why PyTorch cannot run, or null.
 */
async function prepare(opts) {
  if (!opts.setup) return null;
  const { setup } = await import('../scripts/setup.mjs');
  const { failed } = await setup({ only: new Set(['npm', 'build', 'native']) });
  const fatal = failed.filter((f) => f.step !== 'native');
  if (fatal.length) throw new Error(`setup failed: ${fatal.map((f) => `${f.step}: ${f.error}`).join('; ')}`);
  if (!opts.torch) return null;
  try {
    const venv = await import('../scripts/steps/venv.mjs');
    await venv.runStep({ requirements: ['requirements-dev.txt'], stamp: 'venv-dev' });
    return null;
  } catch (e) {
    return `the reference libraries could not be installed into .venv: ${e instanceof Error ? e.message : e}`;
  }
}

async function loadLosslab() {
  if (!existsSync(join(ROOT, 'src', 'dist', 'index.js'))) {
    throw new Error('losslab is not built: run `npm install` (or `npm run build`) first');
  }
  return import('losslab');
}

/** Builds the tensors of a case on the active backend. */
function makeTensors(tf, arrays) {
  const out = {};
  for (const [k, [data, shape, dtype]] of Object.entries(arrays)) out[k] = tf.tensor(data, shape, dtype ?? 'float32');
  return out;
}

/** Times value and gradients of spec.f w.r.t. spec.wrt; returns a result row (without ids). */
function measure(tf, spec, opts) {
  const step = () => {
    tf.tidy(() => {
      const { value, grads } = tf.valueAndGrads(spec.f)(spec.wrt);
      value.dataSync();
      // Ready for use on the backend: tfjs-node uploads a tensor made from JS values (a fused
      // gradient) only when an op first reads it; a reshape is such an op, and free elsewhere.
      for (const g of grads) tf.reshape(g, [-1]);
    });
  };
  const timing = timeRuns(step, opts);
  const memory = peakMemory(tf, step);
  return { status: 'ok', ...timing, ...memory };
}

function runTorch(cases, opts) {
  const python = join(ROOT, '.venv', 'bin', 'python');
  if (!existsSync(python)) return { error: 'no .venv (run `npm test` or `npm run lab` once to create it)', rows: [] };
  const threads = opts.threads === 1 ? [1] : [opts.threads, 1];
  const spec = { threads, runs: opts.runs, warmup: opts.warmup, min_seconds: opts.minSeconds, cases: cases.map((c) => ({ id: c.id, dims: c.d })) };
  const res = spawnSync(python, [join(ROOT, 'bench', 'torch_bench.py')], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (res.status !== 0) return { error: `torch_bench.py failed: ${(res.stderr || res.error?.message || '').trim().split('\n').pop()}`, rows: [] };
  const out = JSON.parse(res.stdout);
  return {
    version: out.torch,
    threads,
    rows: out.results.map((r) => ({ case: r.id, threads: r.threads, medianMs: r.median_ms, minMs: r.min_ms, timesMs: r.times_ms })),
  };
}

const DOCS = join(ROOT, 'docs', 'benchmarks.md');
const START = '<!-- bench:start (written by npm run bench -- --docs) -->';
const END = '<!-- bench:end -->';

/** Replaces the text between the bench markers of docs/benchmarks.md. */
function updateDocs(table) {
  const text = readFileSync(DOCS, 'utf8');
  const [a, b] = [text.indexOf(START), text.indexOf(END)];
  if (a < 0 || b < a) throw new Error(`docs/benchmarks.md has no ${START} ... ${END} section`);
  writeFileSync(DOCS, `${text.slice(0, a + START.length)}\n${table}${text.slice(b)}`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const torchProblem = await prepare(opts);
  const L = await loadLosslab();
  const { tf } = L;
  const cases = CASES.filter((c) => !opts.cases || opts.cases.includes(c.id)).map((c) => ({ ...c, d: opts.quick ? c.quick : c.dims }));
  const gen = generator(20240601);
  const arrays = new Map(cases.map((c) => [c.id, c.inputs(gen, c.d)]));

  const log = (s) => process.stderr.write(`${s}\n`);
  const loadBefore = loadavg()[0].toFixed(2);
  // Load average (1 min) when each part starts: the figures are only as quiet as the machine.
  const loads = [];
  const mark = (part) => loads.push(`${part} ${loadavg()[0].toFixed(2)}`);

  // PyTorch first: it is the quickest part, and the reference every ratio divides by.
  mark('PyTorch');
  log('PyTorch ...');
  const torch = !opts.torch ? { error: 'not run (--no-torch)', rows: [] } : torchProblem ? { error: torchProblem, rows: [] } : runTorch(cases, opts);
  if (torch.error) log(`PyTorch: ${torch.error}`);

  const available = new Set(L.availableBackends());
  const backends = [];
  const rows = [];

  // Which backends run, each checked once.
  const ready = [];
  for (const name of opts.backends) {
    if (!available.has(name)) {
      const why = L.backendInfo().notChosen.find((s) => s.backend === name)?.reason ?? 'not available on this machine';
      backends.push({ name, status: 'skipped', reason: why });
      log(`${name}: skipped (${why})`);
      continue;
    }
    try {
      await L.useBackend(name);
    } catch (e) {
      backends.push({ name, status: 'skipped', reason: e.message });
      log(`${name}: skipped (${e.message})`);
      continue;
    }
    const info = L.backendInfo();
    const details = [info.nativePackage, info.nativeVersion && `TensorFlow ${info.nativeVersion}`,
      info.wasm && `SIMD ${info.wasm.simd}, ${info.wasm.threads ?? '?'} thread(s)`].filter(Boolean).join(', ');
    backends.push({ name, status: 'ok', info: details || undefined });
    ready.push(name);
  }

  // Two passes over the backends: losslab (the figures the ratios are about, a minute or so,
  // close in time to PyTorch's), then tf.losses and losslab with the fused kernels off (slow on
  // cpu: minutes).
  const passes = [
    { part: 'losslab', impls: ['losslab'] },
    { part: 'tf.losses and fused off', impls: ['losslab-unfused', 'tf.losses'] },
  ];
  for (const { part, impls } of passes) {
    for (const name of ready) {
      await L.useBackend(name);
      mark(`${part} on ${name}`);
      for (const c of cases) {
        const tensors = makeTensors(tf, arrays.get(c.id));
        const record = (impl, row) => {
          rows.push({ case: c.id, backend: name, impl, ...row });
          if (row.status === 'ok') log(`${name.padEnd(10)} ${c.id.padEnd(16)} ${impl.padEnd(16)} ${row.medianMs.toFixed(2)} ms`);
          else log(`${name.padEnd(10)} ${c.id.padEnd(16)} ${impl.padEnd(16)} ${row.status}`);
        };
        const exported = typeof L[c.export] === 'function';
        if (impls.includes('losslab')) {
          L.setFusedKernels('auto');
          record('losslab', exported ? measure(tf, c.losslab(L, tensors), opts) : { status: 'not implemented yet' });
        }
        if (impls.includes('losslab-unfused') && exported && opts.unfused && FUSED_CASES.has(c.id)) {
          L.setFusedKernels('never');
          record('losslab-unfused', measure(tf, c.losslab(L, tensors), opts));
          L.setFusedKernels('auto');
        }
        if (impls.includes('tf.losses') && c.tfLosses) {
          const spec = c.tfLosses(tf, tensors, c.d);
          record('tf.losses', measure(tf, spec, opts));
          tf.dispose(spec.dispose ?? []);
        }
        tf.dispose(Object.values(tensors));
      }
    }
  }



  const results = {
    meta: {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      cpu: cpuModel(),
      nproc: cpus().length,
      node: process.versions.node,
      tfjs: tf.version.tfjs ?? packageVersion('@tensorflow/tfjs'),
      tfjsNode: packageVersion('@tensorflow/tfjs-node'),
      quick: opts.quick,
      runs: opts.runs,
      warmup: opts.warmup,
      minSeconds: opts.minSeconds,
      loadBefore,
      loadAfter: loadavg()[0].toFixed(2),
      loads,
      seconds: Math.round((Date.now() - started) / 1000),
      fused: L.fusedKernelsStatus(),
    },
    torch: { version: torch.version, threads: torch.threads, error: torch.error },
    backends,
    cases: cases.map((c) => ({ id: c.id, title: c.title, size: c.size(c.d), dims: c.d, tfLosses: c.tfLosses ? (c.tfLossesNote ?? 'yes') : 'no such loss' })),
    rows,
    torchRows: torch.rows,
    notes: torch.error ? [`PyTorch: ${torch.error}`] : [],
  };

  mkdirSync(opts.out, { recursive: true });
  const stem = opts.quick ? 'bench-quick' : 'bench';
  writeFileSync(join(opts.out, `${stem}.json`), JSON.stringify(results, null, 1) + '\n');
  writeFileSync(join(opts.out, `${stem}.md`), markdown(results));
  if (opts.docs) updateDocs(markdown(results));
  console.log(consoleTable(results));
  console.log(`\n${results.meta.seconds} s; wrote ${join(opts.out, `${stem}.json`)} and ${stem}.md`);
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});

