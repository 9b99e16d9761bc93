// Runs a snippet in a fresh Node process, as a user's notebook or script would: `require('losslab')`
// (CommonJS, as tslab compiles imports) with a given environment. Backend choice is per process,
// so selection is tested this way.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HIDE = fileURLToPath(new URL('./hide-native.cjs', import.meta.url));

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The last stdout line parsed as JSON, when it is JSON. */
  json: any;
}

export interface ChildOptions {
  /** Environment additions; LOSSLAB_BACKEND is removed unless given here. */
  env?: Record<string, string>;
  /** Simulate a machine without tfjs-node ('package'), or with it unbuilt ('addon'), or without WebAssembly. */
  hide?: 'package' | 'addon' | 'package+wasm';
}

/** Runs `code` (CommonJS; `losslab` is required as `l`); `out(x)` prints x as the JSON result. */
export function runChild(code: string, options: ChildOptions = {}): ChildResult {
  const prelude = "const out = (x) => console.log(JSON.stringify(x)); const l = require('losslab');\n";
  return spawnNode(['-e', `${prelude}${code}`], options);
}

/** Runs `code` as an ES module (top-level await allowed); print the result as JSON on the last line. */
export function runModuleChild(code: string, options: ChildOptions = {}): ChildResult {
  return spawnNode(['--input-type=module', '-e', code], options);
}

function spawnNode(args: string[], { env = {}, hide }: ChildOptions): ChildResult {
  const base = { ...process.env };
  delete base['LOSSLAB_BACKEND'];
  delete base['TF_ENABLE_ONEDNN_OPTS'];
  delete base['TF_CPP_MIN_LOG_LEVEL'];
  if (hide) args = ['--require', HIDE, ...args];
  const res = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...base, ...(hide ? { LOSSLAB_TEST_HIDE: hide } : {}), ...env },
  });
  const last = res.stdout.trim().split('\n').pop() ?? '';
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    json = undefined;
  }
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, json };
}
