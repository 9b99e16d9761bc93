// Extra build configuration merged by @jupyter/builder: copy TensorFlow.js's wasm binaries next to
// the extension's chunks (static/), where src/wasm-paths.ts points the wasm backend.
const path = require('path');
const { rspack } = require('@rspack/core');

const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));

module.exports = {
  // The wasm loaders test __dirname/__filename only to detect Node; in the browser the paths come
  // from setWasmPaths, so the mocks are what we want (without a warning per use).
  node: { __dirname: 'mock', __filename: 'mock' },
  // Plotly and TensorFlow.js are large by nature; they are lazy chunks, never in the entry.
  performance: { hints: false },
  plugins: [
    new rspack.CopyRspackPlugin({
      patterns: ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((f) => ({
        from: path.join(wasmDir, f),
        to: f,
      })),
    }),
  ],
};
