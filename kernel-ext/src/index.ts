/**
 * @losslab/kernel: the notebook-side API of the losslab TypeScript kernel.
 *
 * `import { display } from '@losslab/kernel'` in a notebook cell.
 */
export { display, clearOutput } from './runtime/display.js';
export type { MimeBundle, DisplayOptions } from './runtime/display.js';
