#!/usr/bin/env node
// `npm run notebooks`: executes every notebook headlessly on its kernel (nbclient, from .venv) and
// exports each to HTML in notebooks/_export/ (git-ignored), where the display helpers' static SVG
// fallbacks show the plots without JupyterLab. Fails when any notebook fails; prints each with
// its run time. See notebooks/README.md.
//
//   node scripts/notebooks.mjs [run] [name ...] [--jobs N] [--timeout S] [--no-setup]
//       run the notebooks (all, or those whose name contains one of the given strings)
//   node scripts/notebooks.mjs strip [file.ipynb ...]   rewrite notebooks in the stored form
//   node scripts/notebooks.mjs check                    list notebooks not in the stored form
//   node scripts/notebooks.mjs to-text nb.ipynb         print a notebook as text (%% md / %% ts cells)
//   node scripts/notebooks.mjs from-text nb.txt nb.ipynb  write a notebook from its text form
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, VENV_PYTHON } from './lib/util.mjs';
import { fromText, normalizeNotebook, serializeNotebook, storedProblems, toText } from './lib/notebook-format.mjs';

export const NOTEBOOKS = join(ROOT, 'notebooks');
export const EXPORT = join(NOTEBOOKS, '_export');
const RUNNER = join(ROOT, 'scripts', 'lib', 'run_notebooks.py');
const MATHJAX_SRC = join(ROOT, 'node_modules', 'mathjax', 'es5', 'tex-svg-full.js');
const MATHJAX_DEST = join(EXPORT, 'mathjax', 'tex-svg-full.js');
const STUDENT_SCRIPT = join(ROOT, 'scripts', 'make-student-notebooks.mjs');
const STUDENT_DIR = join(NOTEBOOKS, 'assignments', '_student');

function ipynbIn(dir) {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort().map((f) => join(dir, f)) : [];
}

/** The notebooks stored in the repository: notebooks/*.ipynb and notebooks/assignments/*.ipynb. */
export function storedNotebooks() {
  return [...ipynbIn(NOTEBOOKS), ...ipynbIn(join(NOTEBOOKS, 'assignments'))];
}

/**
 * The student versions of the assignments, made by the grader's script into its default folder
 * notebooks/assignments/_student/ (git-ignored; there `losslab` and relative imports resolve as
 * for the solutions). None when the script does not exist.
 */
function studentNotebooks() {
  if (!existsSync(STUDENT_SCRIPT)) return [];
  const res = spawnSync(process.execPath, [STUDENT_SCRIPT, '--out', STUDENT_DIR], { cwd: ROOT, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`scripts/make-student-notebooks.mjs failed:\n${res.stderr || res.stdout}`);
  return ipynbIn(STUDENT_DIR);
}

/** The export path (without extension) of a notebook, relative to the export folder. */
function exportName(file) {
  return relative(NOTEBOOKS, file).replace(/\.ipynb$/, '');
}

function parseRunArgs(argv) {
  const opts = { filters: [], jobs: 2, timeout: 300, setup: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--jobs') opts.jobs = Number(argv[++i]);
    else if (a === '--timeout') opts.timeout = Number(argv[++i]);
    else if (a === '--no-setup') opts.setup = false;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.filters.push(a);
  }
  if (!(opts.jobs >= 1)) throw new Error('--jobs needs a number >= 1');
  if (!(opts.timeout > 0)) throw new Error('--timeout needs seconds > 0');
  return opts;
}

function indexHtml(results) {
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const rows = results
    .map((r) => `<tr><td><a href="${esc(r.name)}.html">${esc(r.name)}</a></td><td class="${r.ok ? 'ok' : 'fail'}">${r.ok ? 'passed' : 'FAILED'}</td><td>${r.seconds.toFixed(1)} s</td><td>${r.cells}</td></tr>`)
    .join('\n');
  return `<!doctype html><meta charset="utf-8"><title>losslab notebooks</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}td,th{padding:.3em 1em;text-align:left}.ok{color:#080}.fail{color:#c00;font-weight:bold}</style>
<h1>losslab notebooks</h1><p>Executed ${new Date().toISOString()} on the losslab kernel; the plots are the static SVG fallbacks of the display helpers.</p>
<table><tr><th>notebook</th><th>result</th><th>run time</th><th>code cells</th></tr>
${rows}
</table>\n`;
}

/** Executes the notebooks and exports them; returns the results (one per notebook). */
export async function runNotebooks(argv = []) {
  const opts = parseRunArgs(argv);
  if (opts.setup) {
    const { setup } = await import(pathToFileURL(join(ROOT, 'scripts', 'setup.mjs')).href);
    const { failed } = await setup({ skip: new Set(['labextension']) });
    const fatal = failed.filter((f) => f.step !== 'native');
    if (fatal.length) throw new Error(`setup step(s) failed: ${fatal.map((f) => `${f.step} (${f.error})`).join('; ')}`);
  }
  if (!existsSync(VENV_PYTHON)) throw new Error('.venv is missing: run `npm run setup` first');
  let files = [...storedNotebooks(), ...studentNotebooks()];
  const allNames = files.map(exportName);
  if (opts.filters.length) files = files.filter((f) => opts.filters.some((s) => exportName(f).includes(s)));
  if (!files.length) throw new Error(opts.filters.length ? `no notebook matches ${opts.filters.join(', ')}` : 'no notebooks found in notebooks/');

  mkdirSync(dirname(MATHJAX_DEST), { recursive: true });
  const mathjax = existsSync(MATHJAX_SRC);
  if (mathjax) copyFileSync(MATHJAX_SRC, MATHJAX_DEST);
  else console.warn('notebooks: node_modules/mathjax is missing; the HTML will load MathJax from its CDN');

  const items = files.map((file) => {
    const name = exportName(file);
    const html = join(EXPORT, `${name}.html`);
    return {
      name,
      path: file,
      html,
      executed: join(EXPORT, `${name}.ipynb`),
      mathjax: mathjax ? relative(dirname(html), MATHJAX_DEST).split('\\').join('/') : null,
    };
  });
  console.log(`Executing ${items.length} notebook(s) on the losslab kernel (${opts.jobs} at a time, ${opts.timeout} s per cell)...`);
  const results = await execute(items, opts);
  const all = mergeReports(results, opts.filters.length ? allNames : []);
  writeFileSync(join(EXPORT, 'index.html'), indexHtml(all));
  writeFileSync(join(EXPORT, 'report.json'), `${JSON.stringify(all, null, 2)}\n`);
  return results;
}

/**
 * The results of this run, plus (after a run of only some notebooks) the earlier results of the
 * others that are still exported, so index.html and report.json always list every notebook.
 */
function mergeReports(results, names) {
  const file = join(EXPORT, 'report.json');
  if (!names.length || !existsSync(file)) return results;
  let earlier = [];
  try {
    earlier = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return results;
  }
  const fresh = new Map(results.map((r) => [r.name, r]));
  const old = new Map(earlier.filter((r) => existsSync(join(EXPORT, `${r.name}.html`))).map((r) => [r.name, r]));
  return names.map((n) => fresh.get(n) ?? old.get(n)).filter(Boolean);
}

function execute(items, opts) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(VENV_PYTHON, [RUNNER, JSON.stringify({ notebooks: items, timeout: opts.timeout, jobs: opts.jobs })], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1' },
    });
    const results = [];
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let r;
        try {
          r = JSON.parse(line);
        } catch {
          process.stdout.write(`${line}\n`);
          continue;
        }
        results.push(r);
        console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(40)} ${r.seconds.toFixed(1).padStart(6)} s  (${r.cells} code cells)`);
        if (!r.ok) console.log(indent(r.error));
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const missing = items.filter((it) => !results.some((r) => r.name === it.name));
      if (code !== 0 || missing.length) {
        for (const it of missing) results.push({ name: it.name, ok: false, seconds: 0, cells: 0, error: `the runner exited (${code}) before finishing it` });
      }
      const order = new Map(items.map((it, i) => [it.name, i]));
      resolvePromise(results.sort((a, b) => order.get(a.name) - order.get(b.name)));
    });
  });
}

function indent(text, max = 40) {
  const lines = String(text ?? '').split('\n');
  const shown = lines.length > max ? [...lines.slice(0, max), `... (${lines.length - max} more lines: see the HTML export)`] : lines;
  return shown.map((l) => `      ${l}`).join('\n');
}

function strip(files) {
  const targets = files.length ? files : storedNotebooks();
  for (const f of targets) {
    const text = readFileSync(f, 'utf8');
    const out = serializeNotebook(normalizeNotebook(JSON.parse(text)));
    if (out !== text) {
      writeFileSync(f, out);
      console.log(`stripped ${relative(ROOT, f)}`);
    }
  }
}

function check() {
  const problems = storedNotebooks().flatMap((f) => storedProblems(relative(ROOT, f), readFileSync(f, 'utf8')));
  for (const p of problems) console.log(p);
  if (problems.length) console.log('Fix with: node scripts/notebooks.mjs strip');
  return problems.length === 0;
}

async function main(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === 'strip') return strip(rest);
  if (cmd === 'check') {
    if (!check()) process.exitCode = 1;
    return;
  }
  if (cmd === 'to-text') {
    if (rest.length !== 1) throw new Error('usage: notebooks.mjs to-text nb.ipynb');
    process.stdout.write(toText(JSON.parse(readFileSync(rest[0], 'utf8'))));
    return;
  }
  if (cmd === 'from-text') {
    if (rest.length !== 2) throw new Error('usage: notebooks.mjs from-text nb.txt nb.ipynb');
    writeFileSync(rest[1], serializeNotebook(fromText(readFileSync(rest[0], 'utf8'))));
    return;
  }
  const started = Date.now();
  const results = await runNotebooks(cmd === 'run' ? rest : argv);
  const failed = results.filter((r) => !r.ok);
  const total = results.reduce((s, r) => s + r.seconds, 0);
  console.log(`\n${results.length - failed.length} of ${results.length} notebook(s) passed (${total.toFixed(1)} s of notebook time, ${((Date.now() - started) / 1000).toFixed(1)} s in all).`);
  console.log(`HTML: ${relative(ROOT, join(EXPORT, 'index.html'))}`);
  if (failed.length) {
    console.log(`Failed: ${failed.map((r) => r.name).join(', ')}`);
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`notebooks: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
