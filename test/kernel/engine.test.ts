/**
 * The engine (tslab's converter and executor with source maps) run in-process: results, type
 * errors and tracebacks mapped to cell lines, across cells and into local .ts modules.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../kernel-ext/src/kernel/engine.js';
import { compileError, runtimeError } from '../../kernel-ext/src/kernel/traceback.js';

const plain = (lines: string[]) => lines.join('\n').replace(/\x1b\[[0-9;]*m/g, '');
let engine: Engine;

beforeAll(() => {
  engine = new Engine(process.cwd());
}, 120_000);

describe('engine', () => {
  it('returns the last expression and keeps declarations across cells', async () => {
    expect(await engine.execute('const base = 20;', 'Cell In[1]')).toEqual({ status: 'ok', hasValue: false, value: undefined });
    expect(await engine.execute('base * 2 + 2', 'Cell In[2]')).toEqual({ status: 'ok', hasValue: true, value: 42 });
    expect(await engine.execute('await Promise.resolve(base)', 'Cell In[3]')).toEqual({ status: 'ok', hasValue: true, value: 20 });
  });

  it('reports type errors with the cell line and column', async () => {
    const outcome = await engine.execute("const n: number = 1;\nconst s: string = n;", 'Cell In[4]');
    expect(outcome.status).toBe('compile-error');
    if (outcome.status !== 'compile-error') return;
    expect(outcome.diagnostics.map((d) => [d.code, d.start.line + 1, d.start.character + 1])).toEqual([[2322, 2, 7]]);
    const text = plain(compileError(outcome.diagnostics, 'Cell In[4]', "const n: number = 1;\nconst s: string = n;").traceback);
    expect(text).toContain("Cell In[4], line 2, column 7: Type 'number' is not assignable to type 'string'. (TS2322)");
    expect(text).toContain('----> 2 const s: string = n;');
  });

  it('maps frames to the cell each function was defined in, even after an import', async () => {
    await engine.execute("import { tf } from 'losslab';\n\n// explain\nfunction inner(x: number) {\n  if (x > 1) {\n    throw new TypeError(`too big: ${x}`);\n  }\n  return x;\n}", 'Cell In[5]');
    const outcome = await engine.execute('const values = [1, 2];\nvalues.map((v) => inner(v));', 'Cell In[6]');
    expect(outcome.status).toBe('runtime-error');
    if (outcome.status !== 'runtime-error') return;
    const error = outcome.thrown as Error;
    // err.stack itself is in cell terms, for notebook code that prints it.
    expect(error.stack).toMatch(/at inner \(Cell In\[5\]:6:11\)/);
    expect(error.stack).toMatch(/Cell In\[6\]:2:19/);
    const report = runtimeError(error);
    expect([report.ename, report.evalue]).toEqual(['TypeError', 'too big: 2']);
    const text = plain(report.traceback);
    expect(text).toContain('Cell In[5], line 6, in inner');
    expect(text).toContain('----> 6     throw new TypeError(`too big: ${x}`);');
    expect(text.match(/Cell In\[6\], line 2/g)).toHaveLength(1);
    expect(text).toContain('Cell In[6], line 2');
    expect(text).not.toMatch(/tslab|kernel-ext|node:internal|evalmachine/);
  });

  it('maps frames into local TypeScript modules', async () => {
    const outcome = await engine.execute("import { scale } from './test/kernel/fixtures/helper';\nscale([1], 0)", 'Cell In[7]');
    expect(outcome.status).toBe('runtime-error');
    if (outcome.status !== 'runtime-error') return;
    const text = plain(runtimeError(outcome.thrown).traceback);
    expect(text).toMatch(/File test\/kernel\/fixtures\/helper\.ts:4, in scale/);
    expect(text).toContain("throw new RangeError('factor must not be 0');");
    expect(text).toContain('Cell In[7], line 2');
  });

  it('reports thrown non-errors and error causes', async () => {
    const thrown = await engine.execute("throw 'just a string'", 'Cell In[8]');
    expect(thrown.status === 'runtime-error' && runtimeError(thrown.thrown)).toMatchObject({ ename: 'Uncaught', evalue: "'just a string'" });
    const caused = await engine.execute("throw new Error('outer', { cause: new Error('inner') })", 'Cell In[9]');
    expect(caused.status).toBe('runtime-error');
    if (caused.status === 'runtime-error') expect(plain(runtimeError(caused.thrown).traceback)).toMatch(/Caused by:\nError: inner/);
  });
});
