/**
 * Running a student's code under a time limit, catching what it throws and counting the tensors it
 * leaves behind, without letting any of it break the process (or the kernel) that grades it.
 *
 * The time limit. A student's loss is synchronous code in the grader's own isolate; in Node it runs
 * through `vm` with a `timeout`, whose watchdog terminates whatever JavaScript is running when the
 * time is up, even a `while (true) {}` inside a closure defined elsewhere. (A worker would need the
 * student's code as source, losing its closures and its tfjs instance.) Termination skips
 * `finally` blocks, so tfjs's engine can be left inside a tidy scope or a gradient tape; `bounded`
 * saves that state before the call and restores it after a timeout, disposing what the interrupted
 * code had allocated.
 *
 * In a browser there is no way to stop synchronous code from the same thread: student code runs
 * without a limit there (`hasTimeLimit()` is false) and an endless loop hangs the page. Grading in
 * the losslab kernel runs in Node, so it has the limit.
 */
import { tf } from '../core/tf.js';

type VmModule = typeof import('node:vm');

/** node:vm where it exists, without a static import that would reach browser bundles. */
function nodeVm(): VmModule | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.('node:vm') as VmModule | undefined;
}

let sandbox: { vm: VmModule; context: object; script: import('node:vm').Script } | null | undefined;

function getSandbox(): typeof sandbox {
  if (sandbox === undefined) {
    const vm = nodeVm();
    sandbox = vm ? { vm, context: vm.createContext({ __grader_call: null }), script: new vm.Script('__grader_call()') } : null;
  }
  return sandbox;
}

/** Whether student code runs under a time limit here (Node: yes; browsers: no). */
export function hasTimeLimit(): boolean {
  return getSandbox() !== null;
}

export type Outcome<T> =
  | { kind: 'ok'; value: T; ms: number }
  | { kind: 'threw'; error: unknown; ms: number }
  | { kind: 'timeout'; ms: number };

interface EngineSnapshot {
  scopeDepth: number;
  gradientDepth: number;
  kernelDepth: number;
  activeTape: unknown;
  dataMoves: number;
}

interface EngineStateView {
  scopeStack: unknown[];
  gradientDepth: number;
  kernelDepth: number;
  activeTape: unknown;
  numDataMovesStack: number[];
}

function engineState(): EngineStateView {
  return (tf.engine() as unknown as { state: EngineStateView }).state;
}

function snapshot(): EngineSnapshot {
  const s = engineState();
  return { scopeDepth: s.scopeStack.length, gradientDepth: s.gradientDepth, kernelDepth: s.kernelDepth, activeTape: s.activeTape, dataMoves: s.numDataMovesStack.length };
}

interface TapeNode {
  saved?: { dispose(): void }[];
}

/**
 * Undoes what an interrupted or failed computation left open: its scopes (disposing their
 * tensors) and its gradient tape (whose saved tensors tfjs keeps until a backward pass that did
 * not happen, e.g. when tf.grads finds no path from the input to the loss).
 */
function restore(saved: EngineSnapshot): void {
  const s = engineState();
  while (s.scopeStack.length > saved.scopeDepth) tf.engine().endScope();
  if (s.activeTape !== saved.activeTape && Array.isArray(s.activeTape) && saved.gradientDepth === 0) {
    for (const node of s.activeTape as TapeNode[]) node.saved?.forEach((t) => t.dispose());
  }
  s.gradientDepth = saved.gradientDepth;
  s.kernelDepth = saved.kernelDepth;
  s.activeTape = saved.activeTape;
  s.numDataMovesStack.length = saved.dataMoves;
}

function isTimeout(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/**
 * Runs `fn` with a time limit of `timeoutMs` (Node) and reports how it ended; never throws.
 */
export function bounded<T>(fn: () => T, timeoutMs: number): Outcome<T> {
  const saved = snapshot();
  const box = getSandbox();
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let value: T;
  try {
    if (box) {
      (box.context as { __grader_call: unknown }).__grader_call = fn;
      try {
        value = box.script.runInContext(box.context, { timeout: Math.max(1, Math.round(timeoutMs)) }) as T;
      } finally {
        (box.context as { __grader_call: unknown }).__grader_call = null;
      }
    } else {
      value = fn();
    }
  } catch (error) {
    // tfjs closes its scopes when code throws, but not when it is terminated (or leaves a scope open).
    restore(saved);
    if (isTimeout(error)) return { kind: 'timeout', ms: elapsed() };
    return { kind: 'threw', error, ms: elapsed() };
  }
  return { kind: 'ok', value, ms: elapsed() };
}

/** The message of anything thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`;
  return String(e);
}
