// The backend API in one process: useBackend on every available backend, what backendInfo()
// reports, direct tf.setBackend, and errors for names losslab does not know.
import { describe, it, expect, afterAll } from 'vitest';
import { tf, useBackend, backendInfo, availableBackends, ready, BackendUnavailableError, type BackendName } from 'losslab';
import { requestedBackends } from '../helpers/backends.js';

const backends = requestedBackends();

describe('the backend API', () => {
  afterAll(async () => {
    await useBackend(backends[0] as BackendName);
  });

  it('ready() resolves with the backend losslab chose on import', async () => {
    const info = await ready();
    expect(info.backend).toBe(backendInfo().backend);
    expect(info.pending).toBeNull();
    expect(info.tfjsVersion).toBe(tf.version_core);
  });

  it('availableBackends() lists every backend the suites run on', () => {
    const here = availableBackends();
    for (const b of backends) expect(here).toContain(b);
    expect(here.at(-1)).toBe('cpu');
  });

  for (const backend of backends) {
    it(`useBackend('${backend}') makes it active, for losslab and tf alike`, async () => {
      const info = await useBackend(backend as BackendName);
      expect(info).toMatchObject({ backend, tfjsBackend: backend, chosenBy: 'useBackend', pending: null, notChosen: [] });
      expect(tf.getBackend()).toBe(backend);
      expect(backendInfo()).toEqual(info);
      if (backend === 'tensorflow') {
        expect(info.nativePackage).toBe('@tensorflow/tfjs-node@4.22.0');
        expect(info.nativeVersion).toMatch(/^2\.\d+\.\d+/);
      } else {
        expect(info.nativeVersion).toBeUndefined();
      }
      if (backend === 'wasm') {
        expect(info.wasm?.simd).toBe(true);
        expect(info.wasm?.threads).toBeGreaterThanOrEqual(1);
      }
    });
  }

  it('backendInfo() follows a direct tf.setBackend', async () => {
    await useBackend(backends[0] as BackendName);
    const other = backends.find((b) => b !== backends[0]) ?? 'cpu';
    await tf.setBackend(other);
    expect(backendInfo()).toMatchObject({ backend: other, tfjsBackend: other, chosenBy: 'tf.setBackend' });
  });

  it('rejects a name it does not know, listing the ones it does, and keeps the active backend', async () => {
    await useBackend('cpu');
    const error = await useBackend('gpu' as BackendName).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toBe(
      'losslab: the gpu backend cannot be used: it is not a backend losslab knows on node ' +
        '(known: tensorflow-gpu, tensorflow, wasm, cpu). Use one of: tensorflow-gpu, tensorflow, wasm, cpu.',
    );
    expect(tf.getBackend()).toBe('cpu');
  });
});
