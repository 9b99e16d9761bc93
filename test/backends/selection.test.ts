// Backend selection as a user meets it: a fresh process that requires losslab, with or without
// LOSSLAB_BACKEND, on a machine with the native backend, or without it (simulated through
// tfjs-node's own failure paths by hide-native.cjs).
import { describe, it, expect } from 'vitest';
import { requestedBackends } from '../helpers/backends.js';
import { runChild, runModuleChild } from './child.js';

const nativeHere = requestedBackends().includes('tensorflow');
const BANNER = 'Hi, looks like you are running TensorFlow.js in Node.js';
// A loss value and gradient to check that the chosen backend computes: mse([1, 2], [0, 0]) = 2.5,
// d/dx = x (2/N · x with N = 2).
const COMPUTE = `const x = l.tf.tensor1d([1, 2]); const t = l.tf.tensor1d([0, 0]);
  const value = l.mseLoss(x, t).dataSync()[0]; const grad = Array.from(l.tf.grad((v) => l.mseLoss(v, t))(x).dataSync());`;

describe('automatic choice in Node', () => {
  it.runIf(nativeHere)('is the native tensorflow backend when tfjs-node is built, with its TensorFlow version', () => {
    const r = runChild(`${COMPUTE}
      out({ info: l.backendInfo(), value, grad, onednn: process.env.TF_ENABLE_ONEDNN_OPTS, log: process.env.TF_CPP_MIN_LOG_LEVEL });`);
    expect(r.json, r.stderr).toBeDefined();
    const { info, value, grad } = r.json;
    expect(info).toMatchObject({
      backend: 'tensorflow', tfjsBackend: 'tensorflow', platform: 'node', chosenBy: 'automatic', pending: null,
      tfjsVersion: '4.22.0', nativePackage: '@tensorflow/tfjs-node@4.22.0', notChosen: [],
    });
    expect(info.nativeVersion).toMatch(/^2\.\d+\.\d+/);
    expect(value).toBeCloseTo(2.5, 6);
    expect(grad).toEqual([1, 2]);
    // Set before TensorFlow loaded: oneDNN off (correctness), INFO/WARNING logs off.
    expect([r.json.onednn, r.json.log]).toEqual(['0', '2']);
    expect(r.stderr).not.toMatch(/oneDNN|cpu_feature_guard|I0000|W0000/);
  });

  it.runIf(nativeHere)("respects the user's own TF_ENABLE_ONEDNN_OPTS", () => {
    const r = runChild(`out(process.env.TF_ENABLE_ONEDNN_OPTS)`, { env: { TF_ENABLE_ONEDNN_OPTS: '1' } });
    expect(r.json).toBe('1');
  });

  it('falls back to wasm when tfjs-node is not installed, computing on cpu until wasm is ready', () => {
    const r = runChild(`${COMPUTE}
      const first = l.backendInfo();
      l.ready().then((info) => out({ first, info, value, grad, tf: l.tf.getBackend() }));`, { hide: 'package' });
    expect(r.json, r.stderr).toBeDefined();
    const { first, info, value, grad } = r.json;
    expect(first).toMatchObject({ backend: 'cpu', pending: 'wasm', chosenBy: 'automatic' });
    expect(value).toBeCloseTo(2.5, 6); // usable at once, on cpu
    expect(grad).toEqual([1, 2]);
    expect(info).toMatchObject({ backend: 'wasm', tfjsBackend: 'wasm', pending: null, chosenBy: 'automatic' });
    expect(r.json.tf).toBe('wasm');
    expect(info.notChosen).toEqual([{ backend: 'tensorflow', reason: '@tensorflow/tfjs-node is not installed' }]);
    expect(typeof info.wasm.simd).toBe('boolean');
    expect(info.wasm.threads).toBeGreaterThanOrEqual(1);
    expect(r.stderr).not.toContain(BANNER);
  });

  it('explains an installed but unbuilt tfjs-node', () => {
    const r = runChild(`l.ready().then((info) => out(info))`, { hide: 'addon' });
    expect(r.json, r.stderr).toMatchObject({
      backend: 'wasm',
      notChosen: [{ backend: 'tensorflow', reason: '@tensorflow/tfjs-node is installed but its native addon is not built' }],
    });
  });

  it('falls back to cpu, quietly, when neither native TensorFlow nor WebAssembly is available', () => {
    const r = runChild(`l.ready().then((info) => { ${COMPUTE} out({ info, value, grad }); })`, { hide: 'package+wasm' });
    expect(r.json, r.stderr).toBeDefined();
    expect(r.json.info).toMatchObject({ backend: 'cpu', pending: null, chosenBy: 'automatic' });
    expect(r.json.info.notChosen).toEqual([
      { backend: 'tensorflow', reason: '@tensorflow/tfjs-node is not installed' },
      { backend: 'wasm', reason: 'this JavaScript engine has no WebAssembly' },
    ]);
    expect(r.json.value).toBeCloseTo(2.5, 6);
    expect(r.stderr).not.toContain(BANNER);
  });

  it('works from an ES module import as well as from require()', () => {
    const r = runModuleChild(`import * as l from 'losslab'; console.log(JSON.stringify((await l.ready()).backend));`);
    expect(r.json, r.stderr).toBe(nativeHere ? 'tensorflow' : 'wasm');
  });
});

describe('LOSSLAB_BACKEND', () => {
  for (const backend of requestedBackends()) {
    it(`=${backend} selects ${backend}, which computes a loss and its gradient`, () => {
      const r = runChild(`l.ready().then((info) => { ${COMPUTE} out({ info, value, grad }); })`, { env: { LOSSLAB_BACKEND: backend } });
      expect(r.json, r.stderr).toBeDefined();
      expect(r.json.info).toMatchObject({ backend, chosenBy: 'LOSSLAB_BACKEND', pending: null, notChosen: [] });
      expect(r.json.value).toBeCloseTo(2.5, 6);
      expect(r.json.grad).toEqual([1, 2]);
      expect(r.stderr).not.toContain(BANNER);
    });
  }

  it('=tensorflow without tfjs-node fails the import, saying why and how to install it', () => {
    const r = runChild(`out('imported')`, { hide: 'package', env: { LOSSLAB_BACKEND: 'tensorflow' } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('BackendUnavailableError: losslab: the tensorflow backend cannot be used: @tensorflow/tfjs-node is not installed.');
    expect(r.stderr).toContain('npm run setup -- --only native');
    expect(r.stdout).not.toContain('imported');
  });

  it('=tensorflow-gpu without @tensorflow/tfjs-node-gpu fails with GPU install advice', () => {
    const r = runChild(`out('imported')`, { hide: 'package', env: { LOSSLAB_BACKEND: 'tensorflow-gpu' } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('the tensorflow-gpu backend cannot be used: @tensorflow/tfjs-node-gpu is not installed.');
    expect(r.stderr).toMatch(/CUDA 11\.2 and cuDNN 8\.1.*check-gpu\.mjs/);
  });

  it('=webgl (a browser backend) names the backends Node knows', () => {
    const r = runChild(`out('imported')`, { env: { LOSSLAB_BACKEND: 'webgl' } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("the webgl backend cannot be used: it is not a backend losslab knows on node (known: tensorflow-gpu, tensorflow, wasm, cpu)");
  });

  it('=wasm without WebAssembly: ready() rejects, backendInfo() and stderr say why', () => {
    const r = runChild(`l.ready().then(() => out('resolved'), (e) => out({ name: e.name, message: e.message, info: l.backendInfo() }))`,
      { hide: 'package+wasm', env: { LOSSLAB_BACKEND: 'wasm' } });
    expect(r.json, r.stderr).toBeDefined();
    expect(r.json.name).toBe('BackendUnavailableError');
    expect(r.json.message).toContain('the wasm backend cannot be used: this JavaScript engine has no WebAssembly');
    expect(r.json.info).toMatchObject({ backend: 'cpu', pending: null, chosenBy: 'LOSSLAB_BACKEND' });
    expect(r.json.info.error).toContain('no WebAssembly');
    expect(r.stderr).toContain('requested by LOSSLAB_BACKEND; computations run on cpu');
  });
});

describe('useBackend in a process without the native backend', () => {
  it('rejects with the reason and install advice, and leaves the active backend unchanged', () => {
    const r = runChild(`l.ready().then(() => l.useBackend('tensorflow')).then(
        () => out('switched'),
        (e) => out({ name: e.name, backend: e.backend, reason: e.reason, message: e.message, active: l.backendInfo().backend }))`,
      { hide: 'addon' });
    expect(r.json, r.stderr).toMatchObject({
      name: 'BackendUnavailableError', backend: 'tensorflow', active: 'wasm',
      reason: '@tensorflow/tfjs-node is installed but its native addon is not built',
    });
    expect(r.json.message).toContain('npm run setup -- --only native');
  });

  it('a useBackend call right after the import wins over the background wasm warm-up', () => {
    const r = runChild(`l.useBackend('cpu').then(() => new Promise((r) => setTimeout(r, 1000))).then(() => out(l.backendInfo()))`,
      { hide: 'package' });
    expect(r.json, r.stderr).toMatchObject({ backend: 'cpu', chosenBy: 'useBackend', pending: null });
  });

  it('availableBackends() lists what can run: wasm and cpu', () => {
    const r = runChild(`out(l.availableBackends())`, { hide: 'package' });
    expect(r.json, r.stderr).toEqual(['wasm', 'cpu']);
  });
});
