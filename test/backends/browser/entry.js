// A page that uses losslab from a browser bundle (built by browser.test.ts with Vite, served with
// the wasm binaries under /wasm/). Query: ?nowasm serves no .wasm files; ?backend=NAME sets
// globalThis.LOSSLAB_BACKEND. The outcome is left in window.RESULT.
//
// The page reads only a few named members of losslab (never its `tf`, never the namespace as a
// whole): a bundler then tree-shakes all it can, which is how the cpu and webgl registrations were
// once lost (browser.test.ts).
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const params = new URLSearchParams(location.search);
setWasmPaths(params.has('nowasm') ? '/missing/' : '/wasm/');
if (params.get('backend')) globalThis.LOSSLAB_BACKEND = params.get('backend');

let result;
try {
  const l = await import('losslab');
  const first = l.backendInfo();
  const atOnce = { value: l.mseLoss([1, 2], [0, 0]).dataSync()[0] };
  let readyError = null;
  await l.ready().catch((e) => (readyError = e.message));
  const info = l.backendInfo();
  const onChosen = { value: l.mseLoss([1, 2], [0, 0]).dataSync()[0] };
  const tensorflowError = await l.useBackend('tensorflow').then(() => null, (e) => `${e.name}: ${e.message}`);
  result = { first, atOnce, info, readyError, onChosen, tensorflowError, available: l.availableBackends() };
} catch (e) {
  result = { importError: `${e.name}: ${e.message}` };
}
window.RESULT = result;
