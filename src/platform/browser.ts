/**
 * Browser platform: webgl when available, else wasm, else cpu. Nothing Node-only is imported here.
 */
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../core/tf.js';

export const platform = 'browser' as const;

export function initPlatform(): void {
  // tfjs picks the registered backend with the highest priority (webgl, then wasm, then cpu).
  void tf.ready();
}
