/**
 * Stack traces in the user's terms: `Error.prepareStackTrace` maps every frame of a cell (or a
 * local .ts module) to its TypeScript line, so `err.stack` printed by notebook code is right too,
 * and keeps the structured frames for the kernel's tracebacks.
 */
import { fileURLToPath } from 'node:url';
import { dirname, sep } from 'node:path';
import type { CellRegistry, SourcePosition } from './cells.js';

export interface Frame {
  /** The frame as V8 would print it, with the mapped location. */
  text: string;
  functionName: string | null;
  /** The mapped TypeScript position, for frames in cells and local modules. */
  source?: SourcePosition;
  /** The file of an unmapped frame. */
  file: string | null;
  /** Node internals, tslab and this kernel: never shown to the user. */
  hidden: boolean;
}

const framesOf = new WeakMap<object, Frame[]>();
/** This kernel's compiled files (dist/), whose frames tracebacks hide. */
const KERNEL_DIST = dirname(dirname(fileURLToPath(import.meta.url))) + sep;

function isHiddenFile(file: string | null, registry: CellRegistry): boolean {
  if (!file) return false;
  return (
    file.startsWith('node:') ||
    file.startsWith(KERNEL_DIST) ||
    file.includes(`${sep}tslab${sep}dist${sep}`) ||
    file.includes(`${sep}typescript-for-tslab${sep}`) ||
    // a cell frame that maps nowhere: the executor's wrapper around the cell's code
    registry.isCellKey(file) ||
    file === 'evalmachine.<anonymous>'
  );
}

function describe(site: NodeJS.CallSite, location: string): string {
  const fn = site.getFunctionName();
  const prefix = (site.isAsync?.() ? 'async ' : '') + (site.isConstructor() ? 'new ' : '');
  const name = fn ?? (site.isConstructor() ? '<anonymous>' : null);
  if (!name) return prefix + location;
  // Functions of cells are called through tslab's exports proxy: `Proxy.f` would only confuse.
  const rawType = site.isToplevel() || site.isConstructor() ? null : safe(() => site.getTypeName());
  const type = rawType === 'Proxy' || rawType === 'Object' ? null : rawType;
  const method = safe(() => site.getMethodName());
  let head = type && !name.startsWith(`${type}.`) ? `${type}.${name}` : name;
  if (method && !name.endsWith(method)) head += ` [as ${method}]`;
  return `${prefix}${head} (${location})`;
}

function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

function toFrame(site: NodeJS.CallSite, registry: CellRegistry): Frame {
  const scriptName = safe(() => site.getScriptNameOrSourceURL()) as string | null;
  const file = site.getFileName() ?? null;
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  const source = line !== null && column !== null ? registry.map(scriptName, file, line, column) : undefined;
  if (source) {
    return { text: describe(site, `${source.label}:${source.line}:${source.column}`), functionName: site.getFunctionName(), source, file, hidden: false };
  }
  if (registry.isCellKey(scriptName)) {
    // The executor's wrapper around a cell: no line of the user's code.
    const label = registry.cell(scriptName!)?.label ?? scriptName!;
    return { text: describe(site, label), functionName: site.getFunctionName(), file: scriptName, hidden: true };
  }
  const name = file;
  // ES modules name their files by URL; show paths.
  const path = name?.startsWith('file://') ? (safe(() => fileURLToPath(name)) ?? name) : name;
  const text = path !== name && name ? site.toString().replace(name, path!) : site.toString();
  return { text, functionName: site.getFunctionName(), file: path, hidden: isHiddenFile(path, registry) || site.isNative() };
}

function header(error: unknown): string {
  try {
    return error instanceof Error ? Error.prototype.toString.call(error) : String(error);
  } catch {
    return '<error>';
  }
}

/** Install the mapping `Error.prepareStackTrace` (once per process). */
export function installStackTraces(registry: CellRegistry): void {
  Error.prepareStackTrace = (error: unknown, sites: NodeJS.CallSite[]) => {
    const frames = sites.map((s) => toFrame(s, registry));
    if (error && typeof error === 'object') framesOf.set(error, frames);
    return header(error) + frames.map((f) => `\n    at ${f.text}`).join('');
  };
}

/** The structured frames of an error (formatting its stack if that has not happened yet). */
export function framesOfError(error: unknown): Frame[] | undefined {
  if (!error || typeof error !== 'object') return undefined;
  if (!framesOf.has(error)) void (error as { stack?: unknown }).stack;
  return framesOf.get(error);
}
