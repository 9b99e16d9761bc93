/**
 * The assignment notebooks (stored without outputs, on the losslab kernel, valid TypeScript) and
 * the script that makes their student versions (solution regions → "not implemented" stubs).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
// @ts-expect-error: a plain .mjs script without type declarations
import { stripSolutions, makeStudentNotebook, assignmentNotebooks, SolutionMarkerError } from '../../scripts/make-student-notebooks.mjs';

const SCRIPT = join(__dirname, '../../scripts/make-student-notebooks.mjs');

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
  id?: string;
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name: string; language: string } };
}

const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join('') : c.source);
const load = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Notebook;

/** Syntax errors of a cell as TypeScript (the kernel type-checks loosely; syntax must hold). */
function syntaxErrors(source: string): string[] {
  const out = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('stripSolutions', () => {
  it('replaces each code region with a stub at its indentation, keeping the rest', () => {
    const src = ['function f() {', '  // BEGIN SOLUTION', '  return 1;', '  // END SOLUTION', '}', 'function g() {', '    // BEGIN SOLUTION', '    return 2;', '    // END SOLUTION', '}'].join('\n');
    const r = stripSolutions(src, 'code');
    expect(r.regions).toBe(2);
    expect(r.source).toBe(
      ['function f() {', '  // YOUR CODE HERE', "  throw new Error('not implemented');", '}', 'function g() {', '    // YOUR CODE HERE', "    throw new Error('not implemented');", '}'].join('\n'),
    );
  });
  it('replaces Markdown answers marked with HTML comments', () => {
    const r = stripSolutions('Q?\n<!-- BEGIN SOLUTION -->\nBecause.\n<!-- END SOLUTION -->', 'markdown');
    expect(r).toEqual({ source: 'Q?\n_Your answer here._', regions: 1 });
  });
  it.each([
    ['an unclosed region', '// BEGIN SOLUTION\nx', 'line 1: BEGIN SOLUTION without an END SOLUTION'],
    ['a stray end', 'x\n// END SOLUTION', 'line 2: END SOLUTION without a BEGIN SOLUTION'],
    ['a nested region', '// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n// END SOLUTION', 'line 2: BEGIN SOLUTION inside the region opened at line 1'],
  ])('rejects %s, naming the line', (_what, src, message) => {
    expect(() => stripSolutions(src, 'code', 'nb, cell 3')).toThrow(SolutionMarkerError);
    expect(() => stripSolutions(src, 'code', 'nb, cell 3')).toThrow(`nb, cell 3, ${message}`);
  });
  it('leaves raw cells alone', () => {
    expect(stripSolutions('// BEGIN SOLUTION', 'raw')).toEqual({ source: '// BEGIN SOLUTION', regions: 0 });
  });
});

describe('makeStudentNotebook', () => {
  it('clears outputs and counts, and rejects a notebook without any solution region', () => {
    const nb = { cells: [{ cell_type: 'code', source: ['// BEGIN SOLUTION\n', 'x\n', '// END SOLUTION'], outputs: [{ output_type: 'stream', text: 'hi' }], execution_count: 3 }], metadata: {} };
    const s = makeStudentNotebook(nb, 'a.ipynb') as Notebook;
    expect(s.cells[0]!.outputs).toEqual([]);
    expect(s.cells[0]!.execution_count).toBeNull();
    expect(text(s.cells[0]!)).toBe("// YOUR CODE HERE\nthrow new Error('not implemented');");
    expect(() => makeStudentNotebook({ cells: [{ cell_type: 'code', source: 'x' }], metadata: {} }, 'b.ipynb')).toThrow('b.ipynb: no BEGIN SOLUTION / END SOLUTION region');
  });
});

const notebooks: string[] = assignmentNotebooks();

describe('the assignment notebooks', () => {
  it('are at least three', () => {
    expect(notebooks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(notebooks.map((p) => [p.split('/').pop()!, p]))('%s: on the losslab kernel, stored without outputs, valid TypeScript in both versions', (_name, path) => {
    const nb = load(path);
    expect(nb.metadata.kernelspec).toMatchObject({ name: 'losslab', language: 'typescript' });
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    for (const c of code) {
      expect(c.outputs, `cell ${c.id} has outputs`).toEqual([]);
      expect(c.execution_count, `cell ${c.id} has an execution count`).toBeNull();
      expect(syntaxErrors(text(c)), `cell ${c.id}`).toEqual([]);
    }
    expect(code.some((c) => text(c).includes('checkLoss('))).toBe(true);
    expect(code.some((c) => text(c).includes('assertPassed('))).toBe(true);

    const student = makeStudentNotebook(nb, path) as Notebook;
    const studentCode = student.cells.filter((c) => c.cell_type === 'code');
    for (const c of studentCode) expect(syntaxErrors(text(c)), `student cell ${c.id}`).toEqual([]);
    // Every solution line is gone; the stubs are there.
    const solutionLines = code.flatMap((c) => {
      const lines = text(c).split('\n');
      const b = lines.findIndex((l) => l.includes('BEGIN SOLUTION'));
      const e = lines.findIndex((l) => l.includes('END SOLUTION'));
      return b >= 0 ? lines.slice(b + 1, e).filter((l) => l.trim().length > 8) : [];
    });
    expect(solutionLines.length).toBeGreaterThan(0);
    const all = studentCode.map(text).join('\n');
    for (const l of solutionLines) expect(all).not.toContain(l);
    expect(all).toContain("throw new Error('not implemented');");
    expect(all).not.toMatch(/(BEGIN|END) SOLUTION/);
  });
});

describe('the script', () => {
  it('writes the student versions of every assignment into --out', () => {
    const out = mkdtempSync(join(tmpdir(), 'student-nb-'));
    const r = spawnSync(process.execPath, [SCRIPT, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(notebooks.map((p) => p.split('/').pop()!).sort());
    for (const f of readdirSync(out)) expect(readFileSync(join(out, f), 'utf8')).toContain('not implemented');
  });

  it('fails with the notebook and cell named on a broken region', () => {
    const dir = mkdtempSync(join(tmpdir(), 'student-nb-bad-'));
    const bad = join(dir, 'broken.ipynb');
    writeFileSync(bad, JSON.stringify({ cells: [{ cell_type: 'code', id: 'c1', source: ['// BEGIN SOLUTION\n', 'x'], outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
    const r = spawnSync(process.execPath, [SCRIPT, '--out', join(dir, 'out'), bad], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('broken.ipynb, cell 1 (c1), line 1: BEGIN SOLUTION without an END SOLUTION');
  });
});
