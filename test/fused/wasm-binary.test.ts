/**
 * The generated kernel module (src/fused/wasm/binary.ts, written by the build step) is exactly what
 * the AssemblyScript source compiles to: the build regenerates it whenever the kernels change.
 */
import { it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

it('src/fused/wasm/binary.ts is up to date with assembly/kernels.ts', () => {
  const script = fileURLToPath(new URL('../../src/fused/wasm/compile.mjs', import.meta.url));
  const res = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
}, 120_000);
