// How losslab's notebooks are stored, and a plain-text view of them for editing.
//
// Stored form (what `git` holds): no outputs, no execution counts, the losslab kernelspec
// (`storedProblems` says what breaks that; test/notebooks/stored.test.ts enforces it).
// `normalizeNotebook` (the `strip` command) writes a notebook in that form, and tidies it the same
// way each time: nbformat 4.5, only the kernelspec, language_info and cell `tags` kept as metadata,
// existing cell ids kept (new cells get ids from their content), 1-space JSON as Jupyter writes it.
// Executed copies with outputs live only in the git-ignored export folder.
//
// Text form (for writing notebooks in an editor, never committed): cells separated by a line
// `%% md` (Markdown) or `%% ts` (a TypeScript code cell); `fromText`/`toText` convert both ways.
import { createHash } from 'node:crypto';

export const KERNELSPEC = Object.freeze({ name: 'losslab', display_name: 'TypeScript (losslab)', language: 'typescript' });
export const LANGUAGE_INFO = Object.freeze({ name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript' });
const CELL_METADATA_KEPT = ['tags'];
const MARKER = /^%% (md|ts)\s*$/;

/** A cell's source as one string (nbformat allows a string or a list of lines). */
export function sourceOf(cell) {
  return Array.isArray(cell.source) ? cell.source.join('') : String(cell.source ?? '');
}

/** Jupyter's on-disk source: a list of lines, each but the last ending in "\n". */
function sourceLines(text) {
  if (text === '') return [];
  const lines = text.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l) => l !== '');
}

const VALID_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/**
 * Cell ids: a cell's own id when it is valid and not taken by an earlier cell, else one derived
 * from its content (stable while the cell is unchanged), unique within the notebook.
 */
function cellIds(cells, given) {
  const used = new Set();
  return cells.map((c, i) => {
    const own = given[i];
    if (typeof own === 'string' && VALID_ID.test(own) && !used.has(own)) {
      used.add(own);
      return own;
    }
    const base = createHash('sha1').update(`${c.cell_type}\n${sourceOf(c)}`).digest('hex').slice(0, 8);
    let id = base;
    for (let n = 1; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

function keptMetadata(meta) {
  const out = {};
  for (const k of CELL_METADATA_KEPT) if (meta && meta[k] !== undefined) out[k] = meta[k];
  return out;
}

/** The stored form of a notebook object (a new object; the input is not modified). */
export function normalizeNotebook(nb) {
  const cells = (nb.cells ?? []).map((c) => {
    const source = sourceLines(sourceOf(c).replace(/\s+$/, ''));
    const metadata = keptMetadata(c.metadata);
    if (c.cell_type === 'code') return { cell_type: 'code', execution_count: null, metadata, outputs: [], source };
    if (c.cell_type === 'markdown' || c.cell_type === 'raw') return { cell_type: c.cell_type, metadata, source };
    throw new Error(`unknown cell type '${c.cell_type}'`);
  });
  cellIds(cells, (nb.cells ?? []).map((c) => c.id)).forEach((id, i) => {
    // nbformat orders keys alphabetically on save; keep that so a save from JupyterLab diffs cleanly.
    cells[i] = Object.fromEntries(Object.entries({ ...cells[i], id }).sort(([a], [b]) => a.localeCompare(b)));
  });
  return {
    cells,
    metadata: { kernelspec: { ...KERNELSPEC }, language_info: { ...LANGUAGE_INFO } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** JSON as Jupyter writes it (1-space indent, non-ASCII kept, trailing newline). */
export function serializeNotebook(nb) {
  return `${JSON.stringify(nb, null, 1)}\n`;
}

/**
 * Why a notebook's text is not fit to be committed, as readable problems (empty when it is stored
 * without outputs or execution counts, with the losslab kernelspec). `name` prefixes each message.
 */
export function storedProblems(name, text) {
  let nb;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    return [`${name}: not valid JSON (${e.message})`];
  }
  const problems = [];
  const ks = nb.metadata?.kernelspec;
  if (!ks || ks.name !== KERNELSPEC.name || ks.language !== KERNELSPEC.language) {
    problems.push(`${name}: kernelspec is ${JSON.stringify(ks ?? null)}, expected ${JSON.stringify(KERNELSPEC)}`);
  }
  (nb.cells ?? []).forEach((c, i) => {
    if (c.cell_type !== 'code') return;
    if ((c.outputs ?? []).length) problems.push(`${name}: cell ${i + 1} has ${c.outputs.length} stored output(s)`);
    if (c.execution_count != null) problems.push(`${name}: cell ${i + 1} has execution count ${c.execution_count}`);
  });
  if (nb.nbformat !== 4) problems.push(`${name}: nbformat ${nb.nbformat}, expected 4`);
  return problems;
}

/** Parses the text form into a stored-form notebook. */
export function fromText(text) {
  const cells = [];
  let current = null;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const m = MARKER.exec(line);
    if (m) {
      current = { cell_type: m[1] === 'md' ? 'markdown' : 'code', lines: [] };
      cells.push(current);
    } else if (current) {
      current.lines.push(line);
    } else if (line.trim() !== '') {
      throw new Error(`text before the first cell marker ('%% md' or '%% ts'): ${line.slice(0, 60)}`);
    }
  }
  const nb = { cells: cells.map((c) => ({ cell_type: c.cell_type, metadata: {}, source: c.lines.join('\n').trim() })) };
  const empty = nb.cells.findIndex((c) => c.source === '');
  if (empty >= 0) throw new Error(`cell ${empty + 1} is empty`);
  return normalizeNotebook(nb);
}

/** The text form of a notebook. */
export function toText(nb) {
  return `${nb.cells.map((c) => `%% ${c.cell_type === 'code' ? 'ts' : 'md'}\n${sourceOf(c).replace(/\s+$/, '')}\n`).join('\n')}`;
}
