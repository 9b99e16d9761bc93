// Committed notebooks are stored without outputs (never stale ones): no outputs, no execution
// counts, the losslab kernelspec. Executed copies exist only in notebooks/_export/ (git-ignored),
// written by `npm run notebooks`.
// Fix a failure with `node scripts/notebooks.mjs strip`.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
// @ts-expect-error: a plain .mjs script without type declarations
import { storedNotebooks, NOTEBOOKS } from '../../scripts/notebooks.mjs';
// @ts-expect-error: a plain .mjs script without type declarations
import { KERNELSPEC, fromText, normalizeNotebook, serializeNotebook, sourceOf, storedProblems, toText } from '../../scripts/lib/notebook-format.mjs';

const files = storedNotebooks();
const readme = readFileSync(`${NOTEBOOKS}/README.md`, 'utf8');

describe('stored notebooks', () => {
  it('there are notebooks', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const name = relative(NOTEBOOKS, file);
    it(`${name} is stored without outputs, with the losslab kernelspec`, () => {
      const text = readFileSync(file, 'utf8');
      expect(storedProblems(name, text)).toEqual([]);
      const nb = JSON.parse(text);
      expect(nb.metadata.kernelspec).toEqual(KERNELSPEC);
      for (const cell of nb.cells) {
        if (cell.cell_type === 'code') {
          expect(cell.outputs).toEqual([]);
          expect(cell.execution_count).toBeNull();
        }
      }
    });
  }

  for (const file of files.filter((f: string) => !f.includes('/assignments/'))) {
    const name = basename(file);
    it(`${name} opens with a title and is listed in notebooks/README.md`, () => {
      const nb = JSON.parse(readFileSync(file, 'utf8'));
      expect(nb.cells[0].cell_type).toBe('markdown');
      expect(sourceOf(nb.cells[0])).toMatch(/^# \S/);
      expect(readme).toContain(`(${name})`);
    });
  }
});

describe('the stored form', () => {
  const executed = {
    cells: [
      { cell_type: 'markdown', metadata: { collapsed: false }, source: ['# T\n', 'text  \n'] },
      {
        cell_type: 'code',
        execution_count: 3,
        metadata: { scrolled: true, tags: ['keep'], execution: { 'iopub.status.busy': 'x' } },
        outputs: [{ output_type: 'stream', name: 'stdout', text: 'hi' }],
        source: 'const a = 1;\na',
      },
    ],
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, widgets: {} },
    nbformat: 4,
    nbformat_minor: 4,
  };

  it('strips outputs, execution counts and metadata, sets the kernelspec, keeps tags and sources', () => {
    const nb = normalizeNotebook(executed);
    expect(nb.metadata.kernelspec).toEqual(KERNELSPEC);
    expect(Object.keys(nb.metadata)).toEqual(['kernelspec', 'language_info']);
    expect(nb.cells[1]).toMatchObject({ execution_count: null, outputs: [], metadata: { tags: ['keep'] }, source: ['const a = 1;\n', 'a'] });
    expect(nb.cells[0]).toMatchObject({ metadata: {}, source: ['# T\n', 'text'] });
    expect(nb.cells.every((c: { id: string }) => /^[0-9a-f]{8}$/.test(c.id))).toBe(true);
    expect(nb.nbformat_minor).toBe(5);
  });

  it('reports what is wrong with an executed notebook, and nothing once normalized', () => {
    const problems = storedProblems('x.ipynb', JSON.stringify(executed));
    expect(problems.join('\n')).toMatch(/kernelspec is .*python3/);
    expect(problems.join('\n')).toMatch(/cell 2 has 1 stored output/);
    expect(problems.join('\n')).toMatch(/cell 2 has execution count 3/);
    expect(storedProblems('x.ipynb', serializeNotebook(normalizeNotebook(executed)))).toEqual([]);
    expect(storedProblems('x.ipynb', '{"cells": [')).toEqual([expect.stringMatching(/^x\.ipynb: not valid JSON/)]);
  });

  it('is idempotent; cell ids are kept when valid and unique, else made from the content', () => {
    const once = normalizeNotebook(executed);
    expect(normalizeNotebook(once)).toEqual(once);
    const twins = normalizeNotebook({ cells: [{ cell_type: 'code', source: 'x' }, { cell_type: 'code', source: 'x' }] });
    expect(new Set(twins.cells.map((c: { id: string }) => c.id)).size).toBe(2);
    const ids = normalizeNotebook({ cells: [{ id: 'intro', cell_type: 'code', source: 'a' }, { id: 'intro', cell_type: 'code', source: 'b' }, { id: 'bad id!', cell_type: 'code', source: 'c' }] });
    expect(ids.cells[0].id).toBe('intro');
    expect(ids.cells[1].id).toMatch(/^[0-9a-f]{8}$/);
    expect(ids.cells[2].id).toMatch(/^[0-9a-f]{8}$/);
  });

  it('round-trips through the text form', () => {
    const text = '%% md\n# Title\n\n$$x^2$$\n\n%% ts\nconst a = 1;\n\nconsole.log(a);\n';
    const nb = fromText(text);
    expect(nb.cells.map((c: { cell_type: string }) => c.cell_type)).toEqual(['markdown', 'code']);
    expect(sourceOf(nb.cells[1])).toBe('const a = 1;\n\nconsole.log(a);');
    expect(toText(nb)).toBe(text);
    expect(fromText(toText(nb))).toEqual(nb);
    expect(() => fromText('stray\n%% ts\nx')).toThrow(/before the first cell marker/);
    expect(() => fromText('%% ts\n\n%% md\n# x')).toThrow(/cell 1 is empty/);
  });
});
