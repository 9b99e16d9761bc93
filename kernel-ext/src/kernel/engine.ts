/**
 * Runs TypeScript cells with tslab's converter and executor, and reports each run as data:
 * the last expression's value, or what went wrong (TypeScript diagnostics, a thrown value, an
 * interrupt). Output is not handled here: cells write to process.stdout/stderr (see capture.ts).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { CellRegistry } from './cells.js';
import { installStackTraces } from './stackTrace.js';
import { loadTslab, type Converter, type ConverterSet, type Executor, type Tslab, type TslabDiagnostic, type CompletionInfo, type QuickInfo } from './tslab/loadTslab.js';

export type RunOutcome =
  | { status: 'ok'; hasValue: boolean; value?: unknown }
  | { status: 'compile-error'; diagnostics: TslabDiagnostic[] }
  | { status: 'runtime-error'; thrown: unknown }
  | { status: 'interrupted' };

/** tslab prints diagnostics with this format through the executor's console.error. */
const DIAGNOSTIC_FORMAT = '%s%d:%d - %s';
const SOURCE_URL = (key: string) => `\n//# sourceURL=${key}`;

/** Whether an interrupt was requested while a cell ran (IoChannel.beginRun). */
export interface RunGuard {
  interrupted(): boolean;
  end(): void;
}

interface Run {
  hasValue: boolean;
  value?: unknown;
  thrown?: { value: unknown };
  diagnostics: TslabDiagnostic[];
  guard: RunGuard;
}

export class Engine {
  readonly tslab: Tslab;
  readonly cells = new CellRegistry();
  private readonly converters: ConverterSet;
  private readonly executor: Executor;
  private run: Run | undefined;
  /** The key of the cell being compiled, for the sourceURL appended to its code. */
  private compiling: string | undefined;
  private interruptRequested = false;

  /**
   * @param beginRun called around each cell; its guard tells whether an interrupt was requested
   *   for the cell (see absorbStaleInterrupt). Without one, every absorbed signal counts as stale.
   */
  constructor(
    readonly rootDir: string,
    private readonly beginRun: () => RunGuard = () => ({ interrupted: () => false, end: () => undefined }),
  ) {
    this.tslab = loadTslab({
      onTranspile: (output, maps) => {
        // The cell's own output is the one whose ES module map was emitted for tslab's cell file.
        const isCell = this.compiling !== undefined && !!maps.esm && maps.esm.includes('"file":"__tslab__.js"');
        const code = isCell ? output + SOURCE_URL(this.compiling!) : output;
        this.cells.noteTranspile(code, maps);
        return code;
      },
    });
    installStackTraces(this.cells);
    const node = this.wrapConverter(this.tslab.createConverter({ isJS: false, isBrowser: false }));
    this.converters = {
      node,
      get browser(): Converter {
        throw new Error('browser mode (//% browser) is not supported by the losslab kernel');
      },
      close: () => node.close(),
    };
    this.executor = this.tslab.createExecutor(rootDir, this.converters, {
      log: (value: unknown) => {
        if (!this.run) return;
        this.run.hasValue = true;
        this.run.value = value;
      },
      error: (...args: unknown[]) => {
        if (!this.run) return;
        if (args[0] === DIAGNOSTIC_FORMAT) {
          // Structured diagnostics were captured by the converter wrapper; keep tslab's text
          // only if that failed.
          if (this.run.diagnostics.length === 0) {
            this.run.diagnostics.push({ messageText: String(args[4]), code: 0, category: 1, start: { offset: 0, line: Number(args[2]) - 1, character: Number(args[3]) - 1 }, end: { offset: 0, line: 0, character: 0 } });
          }
          return;
        }
        this.run.thrown = { value: args[0] };
      },
    });
  }

  /** Record diagnostics and source maps of every compile. */
  private wrapConverter(conv: Converter): Converter {
    const convert = conv.convert.bind(conv);
    const addModule = conv.addModule.bind(conv);
    const complete = conv.complete.bind(conv);
    const inspect = conv.inspect.bind(conv);
    const flush = () => this.tslab.flushDeferredTimers();
    conv.convert = (prevDecl, src) => {
      flush();
      const result = convert(prevDecl, src);
      if (this.run) this.run.diagnostics.push(...result.diagnostics);
      this.cells.adopt(this.compiling, result.output, result.sideOutputs);
      // The executor runs the code right after this returns.
      if (this.run && absorbStaleInterrupt() && this.run.guard.interrupted()) throw interruptedBeforeStart();
      return result;
    };
    conv.addModule = (name, content, meta) => {
      flush();
      const diagnostics = addModule(name, content, meta);
      if (this.run) this.run.diagnostics.push(...diagnostics);
      return diagnostics;
    };
    conv.complete = (prevDecl, src, position) => (flush(), complete(prevDecl, src, position));
    conv.inspect = (prevDecl, src, position) => (flush(), inspect(prevDecl, src, position));
    return conv;
  }

  /**
   * Run one cell. `label` names it in tracebacks (e.g. `Cell In[3]`).
   */
  async execute(code: string, label: string): Promise<RunOutcome> {
    const cellKey = this.cells.newCell(label, code);
    const guard = this.beginRun();
    const run: Run = { hasValue: false, diagnostics: [], guard };
    this.run = run;
    this.compiling = cellKey;
    this.interruptRequested = false;
    let ok: boolean;
    try {
      const pending = this.executor.execute(code);
      // The cell was compiled and its synchronous part run inside execute().
      this.compiling = undefined;
      ok = await pending;
    } catch (e) {
      // tslab itself failed (not the cell): report it as the cell's error.
      run.thrown = { value: e };
      ok = false;
    } finally {
      guard.end();
      this.compiling = undefined;
      this.run = undefined;
    }
    if (run.diagnostics.length > 0) return { status: 'compile-error', diagnostics: run.diagnostics };
    if (!ok || run.thrown) {
      const value = run.thrown?.value;
      if (isInterrupt(value, this.interruptRequested)) return { status: 'interrupted' };
      return { status: 'runtime-error', thrown: value };
    }
    return { status: 'ok', hasValue: run.hasValue, value: run.value };
  }

  /**
   * Do ahead of the first cell what a cell importing `modules` would do: compile the import (the
   * TypeScript program loads their declarations, seconds for tfjs), then load them, each step only
   * while `stillIdle()`. Failures are left for the cell that imports them to report.
   */
  warmUp(modules: string[], stillIdle: () => boolean = () => true): void {
    try {
      this.converters.node.convert('', modules.map((m, i) => `import * as __warm${i} from ${JSON.stringify(m)};`).join('\n'));
    } catch {
      // the cell will say
    }
    const require = createRequire(join(this.rootDir, 'warm-up.js'));
    const load = (rest: string[]) => {
      if (rest.length === 0 || !stillIdle()) return;
      try {
        require(rest[0]!);
      } catch {
        // not installed here, or broken: the cell will say
      }
      setImmediate(() => load(rest.slice(1)));
    };
    setImmediate(() => load(modules));
  }

  /** Interrupt awaited work of the running cell (synchronous code is stopped by SIGINT itself). */
  interrupt(): void {
    this.interruptRequested = true;
    this.executor.interrupt();
  }

  complete(code: string, position: number): CompletionInfo {
    return this.executor.complete(code, position);
  }

  inspect(code: string, position: number): QuickInfo | undefined {
    return this.executor.inspect(code, position);
  }

  /** The values of top-level declarations (tslab keeps them as the cells' shared exports). */
  get locals(): Record<string, unknown> {
    return this.executor.locals;
  }

  close(): void {
    this.executor.close();
  }
}

function isInterrupt(value: unknown, requested: boolean): boolean {
  if (!(value instanceof Error)) return false;
  // Synchronous code stopped by node:vm breakOnSigint, or tslab's rejection of awaited work.
  return (value as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED' || (requested && value.message === 'Interrupted asynchronously');
}

/**
 * A SIGINT that reaches the process as a cell's code finishes is kept by Node and delivered to the
 * next `breakOnSigint` run, which would stop the next cell. Run a no-op script first to take it;
 * true when it did.
 */
function absorbStaleInterrupt(): boolean {
  try {
    runInThisContext('0', { breakOnSigint: true });
    return false;
  } catch {
    return true;
  }
}

/** The error a cell gets when it is interrupted while it was being compiled. */
function interruptedBeforeStart(): Error {
  return Object.assign(new Error('Script execution was interrupted by `SIGINT`'), { code: 'ERR_SCRIPT_EXECUTION_INTERRUPTED' });
}
