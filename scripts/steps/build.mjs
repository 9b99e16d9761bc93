// Step: compile the TypeScript workspace packages (tsc -b is incremental: a no-op when unchanged).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, hashFiles, log, run, stampMatches, writeStamp } from '../lib/util.mjs';

export const name = 'build';

// The fused WebAssembly kernels: AssemblyScript source → src/fused/wasm/binary.ts (generated,
// git-ignored), which tsc then compiles with the rest of the library.
const WASM_SOURCES = ['src/fused/wasm/assembly/kernels.ts', 'src/fused/wasm/compile.mjs'];
const WASM_MODULE = join(ROOT, 'src', 'fused', 'wasm', 'binary.ts');

function buildWasmKernels() {
  const hash = hashFiles(WASM_SOURCES);
  if (existsSync(WASM_MODULE) && stampMatches('wasm-kernels', hash)) return;
  log(name, 'compiling the fused WebAssembly kernels (AssemblyScript)');
  run(process.execPath, [join(ROOT, 'src', 'fused', 'wasm', 'compile.mjs')]);
  writeStamp('wasm-kernels', hash);
}

export async function runStep() {
  buildWasmKernels();
  log(name, 'compiling TypeScript (tsc -b)');
  run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', join(ROOT, 'tsconfig.json')]);
  if (!existsSync(join(ROOT, 'src', 'dist', 'index.js'))) throw new Error('build produced no src/dist/index.js');
}
