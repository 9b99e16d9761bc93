#!/usr/bin/env node
// Makes the student version of each assignment notebook from its solution version, nbgrader-style:
// in code cells every region from a `// BEGIN SOLUTION` line to its `// END SOLUTION` line becomes
// a stub that throws "not implemented" (at the region's indentation); in Markdown cells every
// region from `<!-- BEGIN SOLUTION -->` to `<!-- END SOLUTION -->` becomes "_Your answer here._".
// Outputs and execution counts are cleared. The grader reports the stub as "not implemented", so
// a student notebook runs from top to bottom before any exercise is done.
//
//   node scripts/make-student-notebooks.mjs [--out DIR] [notebook.ipynb ...]
//
// Default input: notebooks/assignments/*.ipynb; default output: notebooks/assignments/_student/
// (git-ignored). Exits non-zero, naming notebook and cell, on an unbalanced or nested region.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ASSIGNMENTS = join(ROOT, 'notebooks', 'assignments');
export const STUDENT_DIR = join(ASSIGNMENTS, '_student');

const MARKERS = {
  code: { begin: /^\s*\/\/\s*BEGIN SOLUTION\s*$/, end: /^\s*\/\/\s*END SOLUTION\s*$/, stub: (indent) => [`${indent}// YOUR CODE HERE`, `${indent}throw new Error('not implemented');`] },
  markdown: { begin: /^\s*<!--\s*BEGIN SOLUTION\s*-->\s*$/, end: /^\s*<!--\s*END SOLUTION\s*-->\s*$/, stub: () => ['_Your answer here._'] },
};

/** An error in a notebook's solution markers, naming where. */
export class SolutionMarkerError extends Error {}

/**
 * Replaces the solution regions of one cell's source (a string) for a cell of `kind` ('code' or
 * 'markdown'); returns the new source and how many regions were replaced.
 */
export function stripSolutions(source, kind, where = 'cell') {
  const m = MARKERS[kind];
  if (!m) return { source, regions: 0 };
  const out = [];
  let open = null;
  let regions = 0;
  source.split('\n').forEach((line, i) => {
    if (m.begin.test(line)) {
      if (open) throw new SolutionMarkerError(`${where}, line ${i + 1}: BEGIN SOLUTION inside the region opened at line ${open.line + 1}`);
      open = { line: i, indent: line.match(/^\s*/)[0] };
      return;
    }
    if (m.end.test(line)) {
      if (!open) throw new SolutionMarkerError(`${where}, line ${i + 1}: END SOLUTION without a BEGIN SOLUTION`);
      out.push(...m.stub(open.indent));
      open = null;
      regions++;
      return;
    }
    if (!open) out.push(line);
  });
  if (open) throw new SolutionMarkerError(`${where}, line ${open.line + 1}: BEGIN SOLUTION without an END SOLUTION`);
  return { source: out.join('\n'), regions };
}

/** Jupyter stores a cell's source as a string or as a list of lines (each with its '\n'). */
function sourceText(source) {
  return Array.isArray(source) ? source.join('') : source;
}

function sourceLines(text) {
  const lines = text.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l, i) => i < lines.length - 1 || l !== '');
}

/**
 * The student version of a notebook (parsed JSON): solution regions replaced, outputs cleared.
 * Throws a SolutionMarkerError for unbalanced markers, or when the notebook has no region at all.
 */
export function makeStudentNotebook(nb, name = 'notebook') {
  let regions = 0;
  const cells = nb.cells.map((cell, index) => {
    const where = `${name}, cell ${index + 1}${cell.id ? ` (${cell.id})` : ''}`;
    const r = stripSolutions(sourceText(cell.source), cell.cell_type, where);
    regions += r.regions;
    const copy = { ...cell, source: sourceLines(r.source) };
    if (cell.cell_type === 'code') {
      copy.outputs = [];
      copy.execution_count = null;
    }
    return copy;
  });
  if (regions === 0) throw new SolutionMarkerError(`${name}: no BEGIN SOLUTION / END SOLUTION region`);
  return { ...nb, cells, metadata: { ...nb.metadata, losslab: { student: true } } };
}

/** The assignment notebooks: every .ipynb directly in notebooks/assignments/. */
export function assignmentNotebooks(dir = ASSIGNMENTS) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb'))
    .sort()
    .map((f) => join(dir, f));
}

/** Writes the student version of each notebook into `outDir`; returns the paths written. */
export function makeStudentNotebooks(paths = assignmentNotebooks(), outDir = STUDENT_DIR) {
  mkdirSync(outDir, { recursive: true });
  return paths.map((path) => {
    const nb = JSON.parse(readFileSync(path, 'utf8'));
    const student = makeStudentNotebook(nb, basename(path));
    const target = join(outDir, basename(path));
    writeFileSync(target, `${JSON.stringify(student, null, 1)}\n`);
    return target;
  });
}

function main(argv) {
  let outDir = STUDENT_DIR;
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') outDir = resolve(argv[++i] ?? '');
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: node scripts/make-student-notebooks.mjs [--out DIR] [notebook.ipynb ...]');
      return 0;
    } else paths.push(resolve(argv[i]));
  }
  try {
    const written = makeStudentNotebooks(paths.length ? paths : assignmentNotebooks(), outDir);
    for (const w of written) console.log(`wrote ${w}`);
    return 0;
  } catch (e) {
    console.error(`make-student-notebooks: ${e.message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
