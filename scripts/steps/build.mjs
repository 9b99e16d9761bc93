// Step: compile the TypeScript workspace packages (tsc -b is incremental: a no-op when unchanged).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, log, run } from '../lib/util.mjs';

export const name = 'build';

export async function runStep() {
  log(name, 'compiling TypeScript (tsc -b)');
  run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', join(ROOT, 'tsconfig.json')]);
  if (!existsSync(join(ROOT, 'src', 'dist', 'index.js'))) throw new Error('build produced no src/dist/index.js');
}
