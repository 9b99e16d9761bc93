/**
 * Node platform: registers the backends losslab can run on in Node.
 * (Placeholder until backend selection lands: registers wasm, keeps cpu.)
 */
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../core/tf.js';

export const platform = 'node' as const;

export function initPlatform(): void {
  tf.setBackend('cpu');
}
