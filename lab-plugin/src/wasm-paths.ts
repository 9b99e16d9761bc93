/**
 * Where the browser finds TensorFlow.js's wasm binaries: the build copies them next to this
 * extension's chunks (static/), whose URL is webpack's public path. Imported before the losslab
 * core, so the wasm backend is told before anything can initialise it.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

declare const __webpack_public_path__: string;

setWasmPaths(__webpack_public_path__);
