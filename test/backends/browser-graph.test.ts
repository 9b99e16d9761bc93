// The browser build of losslab imports nothing Node-only: starting from dist/index.js with
// `#platform` resolved through the `browser` condition (as bundlers do), no module of the graph
// imports a Node builtin or the native tfjs-node packages.
import { readFileSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const pkg = JSON.parse(readFileSync(join(SRC, 'package.json'), 'utf8')) as {
  imports: Record<string, Record<string, string>>;
};

const SPECIFIER = /(?:^|[\s;}])(?:import|export)\s*(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const NODE_ONLY = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Every bare specifier imported by the graph from `entry`, with the file importing it. */
function bareImports(entry: string, condition: 'browser' | 'node'): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2]!;
      if (spec.startsWith('#')) {
        queue.push(resolve(SRC, pkg.imports[spec]![condition]!));
      } else if (spec.startsWith('.')) {
        queue.push(resolve(dirname(file), spec));
      } else if (!found.has(spec)) {
        found.set(spec, relative(SRC, file));
      }
    }
  }
  return found;
}

describe('the browser build', () => {
  it('maps #platform to platform/browser.js for bundlers and to platform/node.js in Node', () => {
    expect(pkg.imports['#platform']).toMatchObject({ browser: './dist/platform/browser.js', node: './dist/platform/node.js' });
    expect(existsSync(join(SRC, 'dist/platform/browser.js'))).toBe(true);
  });

  it('imports no Node builtin and no tfjs-node from anywhere in the graph of dist/index.js', () => {
    const imports = bareImports(join(SRC, 'dist/index.js'), 'browser');
    const offending = [...imports].filter(([spec]) => NODE_ONLY.has(spec) || spec.startsWith('@tensorflow/tfjs-node'));
    expect(offending.map(([spec, file]) => `${file} imports ${spec}`)).toEqual([]);
    expect(imports.has('@tensorflow/tfjs-backend-wasm')).toBe(true);
  });

  it('(control) the Node graph does reach node:module and the native backend loader', () => {
    const imports = bareImports(join(SRC, 'dist/index.js'), 'node');
    expect(imports.get('node:module')).toBe('dist/backend/native.js');
  });
});
