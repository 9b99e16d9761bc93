/**
 * Rich display from notebook code: `display(bundle)` publishes a full multi-MIME bundle as one
 * `display_data` message, and `display(bundle, { displayId, update: true })` replaces an earlier
 * output in place (`update_display_data`), e.g. for a live training curve.
 *
 * Outside a kernel (plain Node) the bundle's `text/plain` is printed instead, so code that
 * displays also runs in scripts and tests.
 */
import { randomUUID } from 'node:crypto';
import { kernelHost } from './host.js';

/** A MIME bundle: MIME type → data (a string, or a JSON value for JSON types). */
export type MimeBundle = Record<string, unknown>;

export interface DisplayOptions {
  /** The id of the output, to update it later; a fresh id is made when absent. */
  displayId?: string;
  /** Replace the output shown earlier under `displayId` instead of adding a new one. */
  update?: boolean;
  /** Per-MIME-type metadata, e.g. `{ 'image/png': { width: 200 } }`. */
  metadata?: Record<string, unknown>;
}

/** JSON MIME types carry JSON values; every other type must be a string. */
function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json');
}

function checkBundle(bundle: MimeBundle): void {
  if (bundle === null || typeof bundle !== 'object' || Array.isArray(bundle)) {
    throw new TypeError(`display: expected a MIME bundle object such as { 'text/plain': 'hi' }, got ${describe(bundle)}`);
  }
  const types = Object.keys(bundle);
  if (types.length === 0) throw new TypeError('display: the MIME bundle is empty');
  for (const mime of types) {
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(mime)) {
      throw new TypeError(`display: '${mime}' is not a MIME type (expected type/subtype)`);
    }
    const value = bundle[mime];
    if (!isJsonMime(mime) && typeof value !== 'string') {
      throw new TypeError(`display: data for '${mime}' must be a string, got ${describe(value)}`);
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Show a MIME bundle as a cell output and return its display id.
 *
 * @param bundle MIME type → data, e.g. `{ 'text/html': '<b>hi</b>', 'text/plain': 'hi' }`.
 * @param options `displayId` to name (or, with `update`, to replace) an output; `metadata`.
 * @returns the display id, to pass to a later `display(..., { displayId, update: true })`.
 */
export function display(bundle: MimeBundle, options: DisplayOptions = {}): string {
  checkBundle(bundle);
  if (options.update && !options.displayId) {
    throw new TypeError('display: update: true needs the displayId of the output to replace');
  }
  const displayId = options.displayId ?? randomUUID();
  const host = kernelHost();
  if (!host) {
    const text = bundle['text/plain'];
    console.log(typeof text === 'string' ? text : `[display: ${Object.keys(bundle).join(', ')}]`);
    return displayId;
  }
  host.publish(options.update ? 'update_display_data' : 'display_data', {
    data: bundle,
    metadata: options.metadata ?? {},
    transient: { display_id: displayId },
  });
  return displayId;
}

/**
 * Clear the current cell's output.
 *
 * @param wait when true, clear only when the next output arrives (no flicker in animations).
 */
export function clearOutput(wait = false): void {
  kernelHost()?.publish('clear_output', { wait });
}
