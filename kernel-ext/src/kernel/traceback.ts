/**
 * Error reports (`ename`, `evalue`, `traceback`) as a student reads them: the error first, then
 * the cell lines that led to it, numbered as in the cell, with library frames kept short and the
 * kernel's own frames left out.
 */
import { relative, isAbsolute } from 'node:path';
import { inspect } from 'node:util';
import type { TslabDiagnostic } from './tslab/loadTslab.js';
import { framesOfError, type Frame } from './stackTrace.js';

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

const RED = '\x1b[0;31m';
const GREEN = '\x1b[0;32m';
const CYAN = '\x1b[0;36m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
/** Library frames shown in a row before the rest are summarised. */
const LIBRARY_RUN = 3;
const CONTEXT_LINES = 2;

/** Source lines around `line` (1-based), the line itself marked, IPython style. */
export function codeContext(source: string | undefined, line: number, column?: number): string[] {
  if (source === undefined) return [];
  const lines = source.split(/\r?\n/);
  if (line < 1 || line > lines.length) return [];
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = Math.min(lines.length, line + CONTEXT_LINES);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const num = String(n).padStart(width);
    const text = lines[n - 1]!;
    if (n === line) {
      out.push(`${GREEN}---->${RESET} ${GREEN}${num}${RESET} ${text}`);
      if (column !== undefined) out.push(`${' '.repeat(7 + width + column - 1)}${RED}^${RESET}`);
    } else {
      out.push(`      ${GREEN}${num}${RESET} ${text}`);
    }
  }
  return out;
}

function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel.startsWith('..' + '/..') ? file : rel;
}

function locationLine(frame: Frame, cwd: string): string {
  const s = frame.source!;
  const where = s.isCell ? `${GREEN}${s.label}${RESET}, line ${s.line}` : `File ${GREEN}${displayPath(s.label, cwd)}${RESET}:${s.line}`;
  return frame.functionName ? `${where}, in ${CYAN}${frame.functionName}${RESET}` : where;
}

/** The visible frames: mapped ones with their code, runs of library frames shortened. */
function renderFrames(frames: Frame[], cwd: string): string[] {
  const out: string[] = [];
  let library: Frame[] = [];
  const flushLibrary = () => {
    for (const f of library.slice(0, LIBRARY_RUN)) {
      const text = f.file ? f.text.replace(f.file, displayPath(f.file, cwd)) : f.text;
      out.push(`${DIM}    at ${text}${RESET}`);
    }
    if (library.length > LIBRARY_RUN) out.push(`${DIM}    ... ${library.length - LIBRARY_RUN} more${RESET}`);
    library = [];
  };
  let previous: string | undefined;
  for (const frame of frames) {
    // Builtins (Array.map, Promise.all) have no file; they add nothing to a cell's story.
    if (frame.hidden || (!frame.source && !frame.file)) continue;
    if (!frame.source) {
      library.push(frame);
      continue;
    }
    // A callback and its caller on the same cell line: show the line once.
    const here = `${frame.source.label}:${frame.source.line}`;
    if (here === previous && library.length === 0) continue;
    previous = here;
    flushLibrary();
    out.push('', locationLine(frame, cwd), ...codeContext(frame.source.source, frame.source.line));
  }
  flushLibrary();
  return out;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** The report of a value thrown by a cell. */
export function runtimeError(thrown: unknown, cwd = process.cwd(), depth = 0): ErrorContent {
  if (!(thrown instanceof Error) && !(thrown && typeof thrown === 'object' && 'stack' in thrown && 'message' in thrown)) {
    const evalue = inspect(thrown, { depth: 2, breakLength: Infinity });
    return { ename: 'Uncaught', evalue, traceback: [`${RED}Uncaught${RESET} ${evalue}`] };
  }
  const error = thrown as Error;
  const ename = String(error.name || error.constructor?.name || 'Error');
  const evalue = String(error.message ?? '');
  const traceback = [`${RED}${ename}${RESET}: ${evalue}`];
  traceback.push(...renderFrames(framesOfError(error) ?? [], cwd));
  if (error.cause !== undefined && depth < 3) {
    traceback.push('', `${DIM}Caused by:${RESET}`, ...runtimeError(error.cause, cwd, depth + 1).traceback);
  }
  return { ename, evalue, traceback };
}

/** The report of TypeScript errors: each message with the line it points at. */
export function compileError(diagnostics: TslabDiagnostic[], cellLabel: string, cellSource: string, cwd = process.cwd()): ErrorContent {
  const ename = 'TSError';
  const first = diagnostics[0];
  const evalue = first ? `${firstLine(first.messageText)} (TS${first.code})` : 'the cell does not compile';
  const traceback = [
    `${RED}${ename}${RESET}: ${diagnostics.length === 1 ? 'the cell does not compile' : `${diagnostics.length} errors; the cell was not run`}`,
  ];
  for (const d of diagnostics) {
    const where = d.fileName ? `File ${GREEN}${displayPath(d.fileName, cwd)}${RESET}` : `${GREEN}${cellLabel}${RESET}`;
    traceback.push('', `${where}, line ${d.start.line + 1}, column ${d.start.character + 1}: ${RED}${d.messageText}${RESET} ${DIM}(TS${d.code})${RESET}`);
    if (!d.fileName) traceback.push(...codeContext(cellSource, d.start.line + 1, d.start.character + 1));
  }
  return { ename, evalue, traceback };
}

/** The report of an interrupted cell. */
export function interruptError(): ErrorContent {
  return { ename: 'KeyboardInterrupt', evalue: 'execution interrupted', traceback: [`${RED}KeyboardInterrupt${RESET}: execution interrupted`] };
}
