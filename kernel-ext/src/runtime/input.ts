/**
 * Reading input from the user and paging text, as Python's `input()` and IPython's pager.
 */
import { kernelHost } from './host.js';
import type { MimeBundle } from './display.js';

/**
 * Ask the user for a line of text (the frontend shows an input box) and return it. Blocks the
 * cell until the user answers; interrupting the kernel throws instead.
 *
 * @param message the prompt shown before the box.
 * @param options `password: true` hides what is typed.
 */
export function prompt(message = '', options: { password?: boolean } = {}): string {
  const host = kernelHost();
  if (!host) throw new Error('prompt() needs a running losslab kernel (this code is not running in one)');
  return host.input(String(message), options.password === true);
}

/**
 * Show text (or a MIME bundle) in the frontend's pager, e.g. JupyterLab's tooltip-like panel,
 * instead of the cell output.
 */
export function page(content: string | MimeBundle): void {
  const data = typeof content === 'string' ? { 'text/plain': content } : content;
  const host = kernelHost();
  if (!host) {
    console.log(typeof data['text/plain'] === 'string' ? data['text/plain'] : content);
    return;
  }
  host.payload({ source: 'page', data, start: 0 });
}
