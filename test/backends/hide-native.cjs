// Preloaded (node --require) into a child process to simulate machines where the native backend
// cannot load, through tfjs-node's real code paths:
//   LOSSLAB_TEST_HIDE=package       @tensorflow/tfjs-node(-gpu) is not installed
//   LOSSLAB_TEST_HIDE=addon         it is installed but its addon (tfjs_binding.node) is not built
//   LOSSLAB_TEST_HIDE=package+wasm  not installed, and the JavaScript engine has no WebAssembly
const Module = require('node:module');
const fs = require('node:fs');

const hide = process.env.LOSSLAB_TEST_HIDE ?? '';

if (hide.startsWith('package')) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (/^@tensorflow\/tfjs-node(-gpu)?(\/|$)/.test(request)) {
      const err = new Error(`Cannot find module '${request}'`);
      err.code = 'MODULE_NOT_FOUND';
      throw err;
    }
    return resolve.call(this, request, ...rest);
  };
}

if (hide === 'addon') {
  const existsSync = fs.existsSync;
  fs.existsSync = (p) => (String(p).endsWith('tfjs_binding.node') ? false : existsSync(p));
}

if (hide.endsWith('+wasm')) {
  delete globalThis.WebAssembly;
}
