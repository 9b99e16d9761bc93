/**
 * Loads tslab's converter and executor with two adjustments to the TypeScript they use, made
 * through tslab's own dependency (`@tslab/typescript-for-tslab`) before tslab loads it:
 *
 * - source maps: the watch program emits an inline map (cell TS → ES module JS) and the second
 *   pass (ES module → CommonJS, `transpileModule`) a separate one, both handed to `onTranspile`,
 *   which may rewrite the final code (we append a `//# sourceURL=` naming the cell). This is how
 *   tracebacks get the cell's own line numbers; tslab itself has no source maps.
 * - timers: tslab's compiler host holds one pending TypeScript timer and throws ("Unexpected pending
 *   rebuildTimer") when a file watcher schedules a second one, e.g. while a package is rebuilt
 *   under node_modules; that throw would kill the kernel. Extra timers are deferred instead and
 *   run before the next compile (`flushDeferredTimers`).
 *
 * Everything else is tslab's. If a tslab upgrade changes these entry points, `load` fails with a
 * message saying so (and the tests in test/kernel catch it).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

/** The subset of tslab's converter we use (tslab/dist/converter.d.ts). */
export interface TslabDiagnostic {
  start: { offset: number; line: number; character: number };
  end: { offset: number; line: number; character: number };
  messageText: string;
  category: number;
  code: number;
  fileName?: string;
}
export interface ConvertResult {
  output?: string;
  declOutput?: string;
  diagnostics: TslabDiagnostic[];
  lastExpressionVar?: string;
  hasToplevelAwait?: boolean;
  sideOutputs?: { path: string; data: string }[];
}
export interface CompletionInfo {
  start: number;
  end: number;
  candidates: string[];
  original?: { entries?: { name: string; kind: string }[] };
}
export interface QuickInfo {
  textSpan?: { start: number; length: number };
}
export interface Converter {
  convert(prevDecl: string, src: string): ConvertResult;
  inspect(prevDecl: string, src: string, position: number): QuickInfo | undefined;
  complete(prevDecl: string, src: string, position: number): CompletionInfo;
  close(): void;
  addModule(name: string, content: string, meta?: unknown): TslabDiagnostic[];
}
export interface ConverterSet {
  readonly node: Converter;
  readonly browser: Converter;
  close(): void;
}
export interface Executor {
  execute(src: string): Promise<boolean>;
  inspect(src: string, position: number): QuickInfo | undefined;
  complete(src: string, position: number): CompletionInfo;
  locals: Record<string, unknown>;
  reset(): void;
  interrupt(): void;
  close(): void;
}
export interface ExecutorConsole {
  log(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface TranspileMaps {
  /** Source map JSON: ES module JS → TypeScript source (from the watch program's inline map). */
  esm?: string;
  /** Source map JSON: final CommonJS → ES module JS. */
  cjs?: string;
}

export interface TslabHooks {
  /** Called with each final CommonJS output and its maps; returns the code to run instead. */
  onTranspile(output: string, maps: TranspileMaps): string;
}

export interface Tslab {
  createConverter(options?: { isJS?: boolean; isBrowser?: boolean }): Converter;
  createExecutor(rootDir: string, convs: ConverterSet, console: ExecutorConsole): Executor;
  isCompleteCode(src: string): { completed: boolean; indent?: string };
  printQuickInfo(info: QuickInfo): string;
  /** tslab's display API calls this (tslab/dist/jupyter `lastWriteDisplayData`). */
  setDisplaySink(sink: (data: Record<string, unknown>, update: boolean) => void): void;
  /** TypeScript as tslab uses it (its 5.0 fork). */
  ts: typeof import('typescript');
  tslabVersion: string;
  typescriptVersion: string;
  flushDeferredTimers(): void;
}

type AnyFn = (...args: any[]) => any;

const INLINE_MAP = /\n?\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
const MAP_COMMENT = /\n?\/\/# sourceMappingURL=\S*\s*$/;

/** Paths and versions of the tslab found from this package, without loading it. */
export function tslabInfo(): { dir: string; version: string; typescriptPath: string; typescriptVersion: string } {
  const pkg = require.resolve('tslab/package.json');
  const dir = dirname(pkg);
  const tsPkg = require.resolve('@tslab/typescript-for-tslab/package.json', { paths: [dir] });
  return {
    dir,
    version: (require(pkg) as { version: string }).version,
    typescriptPath: require.resolve('@tslab/typescript-for-tslab', { paths: [dir] }),
    typescriptVersion: (require(tsPkg) as { version: string }).version,
  };
}

let loaded: Tslab | undefined;

export function loadTslab(hooks: TslabHooks): Tslab {
  if (loaded) throw new Error('loadTslab: tslab is already loaded in this process');
  const info = tslabInfo();
  const converterPath = require.resolve('tslab/dist/converter.js');
  if (require.cache[converterPath]) {
    throw new Error('loadTslab: tslab/dist/converter.js was loaded before the kernel could prepare its TypeScript');
  }
  const real = require(info.typescriptPath) as Record<string, unknown>;
  const cached = require.cache[info.typescriptPath]!;
  const deferred = new Set<{ callback: AnyFn; args: unknown[] }>();

  // A copy of TypeScript's namespace with two functions replaced (its own properties are
  // non-configurable getters, so the module object itself cannot be changed).
  const patched: Record<string, unknown> = {};
  for (const key of Object.keys(real)) {
    Object.defineProperty(patched, key, { get: () => real[key], enumerable: true, configurable: true });
  }
  const define = (key: string, value: AnyFn) =>
    Object.defineProperty(patched, key, { value, enumerable: true, configurable: true, writable: true });

  define('createWatchCompilerHost', (rootFiles: unknown, options: Record<string, unknown>, system: Record<string, AnyFn>, ...rest: unknown[]) => {
    const setTimeout = system.setTimeout!;
    const clearTimeout = system.clearTimeout!;
    system.setTimeout = (callback: AnyFn, ms: number, ...args: unknown[]) => {
      try {
        return setTimeout(callback, ms, ...args);
      } catch {
        const timer = { callback, args };
        deferred.add(timer);
        return timer;
      }
    };
    system.clearTimeout = (timer: unknown) => {
      if (deferred.delete(timer as never)) return;
      try {
        clearTimeout(timer);
      } catch {
        // a timer tslab already ran
      }
    };
    const createHost = real.createWatchCompilerHost as AnyFn;
    return createHost(rootFiles, { ...options, inlineSourceMap: true }, system, ...rest);
  });

  define('transpileModule', (input: string, options: { compilerOptions?: Record<string, unknown> }) => {
    const inline = INLINE_MAP.exec(input);
    const esm = inline ? Buffer.from(inline[1]!, 'base64').toString('utf8') : undefined;
    const source = inline ? input.slice(0, inline.index) : input;
    const transpile = real.transpileModule as AnyFn;
    const result = transpile(source, {
      ...options,
      compilerOptions: { ...options.compilerOptions, sourceMap: true, inlineSourceMap: false },
    }) as { outputText: string; sourceMapText?: string };
    const output = result.outputText.replace(MAP_COMMENT, '');
    return { ...result, outputText: hooks.onTranspile(output, { esm, cjs: result.sourceMapText }) };
  });

  cached.exports = patched;
  try {
    const converter = require('tslab/dist/converter.js') as {
      createConverter: Tslab['createConverter'];
      isCompleteCode: Tslab['isCompleteCode'];
    };
    const executor = require('tslab/dist/executor.js') as { createExecutor: Tslab['createExecutor'] };
    const jupyter = require('tslab/dist/jupyter.js') as { lastWriteDisplayData: unknown };
    const inspect = require('tslab/dist/inspect.js') as { printQuickInfo: Tslab['printQuickInfo'] };
    for (const [name, fn] of [
      ['createConverter', converter.createConverter],
      ['isCompleteCode', converter.isCompleteCode],
      ['createExecutor', executor.createExecutor],
      ['printQuickInfo', inspect.printQuickInfo],
    ] as const) {
      if (typeof fn !== 'function') throw new Error(`loadTslab: tslab ${info.version} has no ${name}; the kernel supports tslab 1.0.x`);
    }
    if (!('lastWriteDisplayData' in jupyter)) throw new Error(`loadTslab: tslab ${info.version} has no lastWriteDisplayData`);
    loaded = {
      createConverter: converter.createConverter,
      createExecutor: executor.createExecutor,
      isCompleteCode: converter.isCompleteCode,
      printQuickInfo: inspect.printQuickInfo,
      setDisplaySink: (sink) => {
        jupyter.lastWriteDisplayData = sink;
      },
      ts: real as unknown as typeof import('typescript'),
      tslabVersion: info.version,
      typescriptVersion: info.typescriptVersion,
      flushDeferredTimers: () => {
        for (const timer of [...deferred]) {
          deferred.delete(timer);
          try {
            timer.callback(...timer.args);
          } catch {
            // a watcher callback failing must not fail the compile that follows
          }
        }
      },
    };
    return loaded;
  } finally {
    // tslab holds its own reference now; everyone else gets TypeScript unchanged.
    cached.exports = real;
  }
}
