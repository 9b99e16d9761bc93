/**
 * The cells (and local TypeScript modules) the kernel has compiled, with the source maps that take
 * a position in the code V8 runs back to the TypeScript the user wrote.
 *
 * Each cell's code carries `//# sourceURL=losslab-cell-N`, so a stack frame names the cell it
 * comes from even when a function defined in an earlier cell is called from a later one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import type { TranspileMaps } from './tslab/loadTslab.js';

const KEY_PREFIX = 'losslab-cell-';
/** How many cells keep their maps (older ones map to nothing: their frames show unmapped). */
const MAX_CELLS = 2000;

export interface SourcePosition {
  /** What a traceback calls the code: `Cell In[3]` or a file path. */
  label: string;
  /** 1-based line and column in the TypeScript source. */
  line: number;
  column: number;
  /** The source text, to show the line. */
  source: string | undefined;
  isCell: boolean;
}

interface Mapped {
  label: string;
  source: () => string | undefined;
  esm?: SourceMap;
  cjs?: SourceMap;
  isCell: boolean;
}

function parseMap(json: string | undefined): SourceMap | undefined {
  if (!json) return undefined;
  try {
    return new SourceMap(JSON.parse(json));
  } catch {
    return undefined;
  }
}

/** 0-based position through one map; undefined when the map has nothing for that line. */
function through(map: SourceMap | undefined, line: number, column: number): { line: number; column: number } | undefined {
  if (!map) return { line, column };
  const entry = map.findEntry(line, column) as { generatedLine?: number; originalLine?: number; originalColumn?: number; generatedColumn?: number };
  if (entry.originalLine === undefined || entry.generatedLine !== line) return undefined;
  return { line: entry.originalLine, column: entry.originalColumn! + Math.max(0, column - entry.generatedColumn!) };
}

export class CellRegistry {
  private seq = 0;
  private readonly cells = new Map<string, Mapped>();
  private readonly modules = new Map<string, Mapped>();
  /** The maps of the last transpile calls, by output code, until `adopt` picks them up. */
  private pending = new Map<string, TranspileMaps>();

  /** A new cell: its key (the sourceURL) for code compiled next. */
  newCell(label: string, source: string): string {
    const key = `${KEY_PREFIX}${++this.seq}`;
    this.cells.set(key, { label, source: () => source, isCell: true });
    if (this.cells.size > MAX_CELLS) this.cells.delete(this.cells.keys().next().value!);
    return key;
  }

  /** Note the maps of one transpiled output (called from tslab's compile, see loadTslab). */
  noteTranspile(output: string, maps: TranspileMaps): void {
    this.pending.set(output, maps);
  }

  /** Attach the noted maps to the cell `key` (its output) and to local modules (side outputs). */
  adopt(key: string | undefined, output: string | undefined, sideOutputs: { path: string; data: string }[] = []): void {
    const cell = key ? this.cells.get(key) : undefined;
    const maps = output !== undefined ? this.pending.get(output) : undefined;
    if (cell && maps) {
      cell.esm = parseMap(maps.esm);
      cell.cjs = parseMap(maps.cjs);
    }
    for (const side of sideOutputs) {
      const m = this.pending.get(side.data);
      const tsPath = sourcePathOf(side.path);
      this.modules.set(side.path, {
        label: tsPath,
        source: () => (existsSync(tsPath) ? readFileSync(tsPath, 'utf8') : undefined),
        esm: parseMap(m?.esm),
        cjs: parseMap(m?.cjs),
        isCell: false,
      });
    }
    this.pending = new Map();
  }

  isCellKey(name: string | null | undefined): boolean {
    return !!name && name.startsWith(KEY_PREFIX);
  }

  /**
   * Map a V8 position (1-based line and column in the code that ran) to the TypeScript source, or
   * undefined when the code is not ours or the position is in generated code.
   */
  map(scriptName: string | null | undefined, fileName: string | null | undefined, line: number, column: number): SourcePosition | undefined {
    const mapped = (scriptName && this.cells.get(scriptName)) || (fileName && this.modules.get(fileName)) || undefined;
    if (!mapped) return undefined;
    const js = through(mapped.cjs, line - 1, column - 1);
    // The watch program's map counts tslab's one-line prefix (`export {};`) in cells.
    const ts = js && through(mapped.esm, js.line, js.column);
    if (!ts) return undefined;
    const tsLine = mapped.isCell ? ts.line - 1 : ts.line;
    if (tsLine < 0) return undefined;
    return { label: mapped.label, line: tsLine + 1, column: ts.column + 1, source: mapped.source(), isCell: mapped.isCell };
  }

  /** The label and source of a cell by key (for compile errors). */
  cell(key: string): { label: string; source: string | undefined } | undefined {
    const c = this.cells.get(key);
    return c && { label: c.label, source: c.source() };
  }
}

/** The TypeScript file a side output (compiled local module) came from. */
function sourcePathOf(jsPath: string): string {
  const base = jsPath.replace(/\.js$/, '');
  for (const ext of ['.ts', '.tsx', '.mts', '.cts']) if (existsSync(base + ext)) return base + ext;
  return jsPath;
}
