/**
 * tslab 1.0.22's compiler host throws "Unexpected pending rebuildTimer" from a file watcher when a
 * package appears after a watched file changed (e.g. `npm install` while a notebook is open), which
 * kills a kernel. loadTslab defers the extra timer instead; the next compile sees the new package.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTslab } from '../../kernel-ext/src/kernel/tslab/loadTslab.js';

const dir = mkdtempSync(join(tmpdir(), 'losslab-tslab-watch-'));
const cwd = process.cwd();
afterAll(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

describe('tslab file watchers', () => {
  it('survive a package installed after a file change, and the next compile sees it', async () => {
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'helper.ts'), 'export const h = 1;');
    process.chdir(dir);
    const converter = loadTslab({ onTranspile: (o) => o }).createConverter();
    const cell = "import { h } from './helper';\nimport * as q from 'late-pkg';\nh + q.a";
    expect(converter.convert('', cell).diagnostics.map((d) => d.code)).toEqual([2307]);

    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(join(dir, 'helper.ts'), 'export const h = 2;');
    await new Promise((r) => setTimeout(r, 1200));
    mkdirSync(join(dir, 'node_modules', 'late-pkg'));
    writeFileSync(join(dir, 'node_modules', 'late-pkg', 'index.d.ts'), 'export const a: number;');

    let codes: number[] = [2307];
    for (let i = 0; i < 40 && codes.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      codes = converter.convert('', cell).diagnostics.map((d) => d.code);
    }
    expect(codes).toEqual([]);
    converter.close();
  }, 30_000);
});
