// Backend selection in a real browser: losslab bundled by Vite (which tree-shakes harder than
// webpack: it dropped tfjs's cpu and webgl registrations until platform/browser.ts imported them
// explicitly), served with the wasm binaries, run in headless Chromium. WebGL is taken away with
// an init script to exercise the fallback order, and the .wasm files to exercise the last step.
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { ROOT } from './child.js';

const CHROMIUM = '/usr/bin/chromium';
const require = createRequire(import.meta.url);
const WASM_DIR = join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
const NO_WEBGL = `(() => {
  for (const C of [globalThis.HTMLCanvasElement, globalThis.OffscreenCanvas]) {
    if (!C) continue;
    const getContext = C.prototype.getContext;
    C.prototype.getContext = function (kind, ...rest) {
      return /webgl/.test(kind) ? null : getContext.call(this, kind, ...rest);
    };
  }
})();`;

interface PageResult {
  importError?: string;
  first: any;
  atOnce: { value: number };
  info: any;
  readyError: string | null;
  onChosen: { value: number };
  tensorflowError: string | null;
  available: string[];
}

describe.runIf(existsSync(CHROMIUM))('backend selection in a browser (Vite bundle, headless Chromium)', () => {
  let out: string;
  let server: Server;
  let origin: string;
  let browser: any;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'losslab-browser-'));
    const { build } = (await import('vite')) as typeof import('vite');
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'error',
      resolve: { conditions: ['browser', 'module', 'import', 'default'] },
      build: {
        outDir: out, emptyOutDir: true, minify: false, target: 'es2022',
        lib: { entry: join(ROOT, 'test/backends/browser/entry.js'), formats: ['es'], fileName: 'bundle' },
      },
    });
    server = createServer((req, res) => {
      const url = (req.url ?? '/').split('?')[0]!;
      if (url === '/') {
        res.setHeader('content-type', 'text/html');
        return res.end('<!doctype html><script type="module" src="/bundle.js"></script>');
      }
      const file = url.startsWith('/wasm/') ? join(WASM_DIR, url.slice(6)) : join(out, url);
      if (!existsSync(file)) {
        res.statusCode = 404;
        return res.end();
      }
      res.setHeader('content-type', extname(file) === '.wasm' ? 'application/wasm' : 'text/javascript');
      res.end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  async function open(query: string, { webgl = true } = {}): Promise<PageResult> {
    const page = await browser.newPage();
    if (!webgl) await page.addInitScript(NO_WEBGL);
    await page.goto(`${origin}/${query}`);
    await page.waitForFunction(() => (window as unknown as { RESULT?: unknown }).RESULT, null, { timeout: 60_000 });
    const result = (await page.evaluate(() => (window as unknown as { RESULT: unknown }).RESULT)) as PageResult;
    await page.close();
    expect(result.importError).toBeUndefined();
    return result;
  }

  function expectComputes(r: { value: number }): void {
    expect(r.value).toBeCloseTo(2.5, 6); // mse([1, 2], [0, 0])
  }

  it('chooses webgl when the browser gives a WebGL context, and knows no native backend', async () => {
    const r = await open('');
    expect(r.first).toMatchObject({ backend: 'webgl', platform: 'browser', chosenBy: 'automatic', pending: null, notChosen: [] });
    expectComputes(r.atOnce);
    expect(r.available).toEqual(['webgl', 'wasm', 'cpu']);
    expect(r.tensorflowError).toBe('BackendUnavailableError: losslab: the tensorflow backend cannot be used: ' +
      'it is not a backend losslab knows on browser (known: webgl, wasm, cpu). Use one of: webgl, wasm, cpu.');
  });

  it('falls back to wasm without WebGL, computing on cpu until wasm is ready', async () => {
    const r = await open('', { webgl: false });
    expect(r.first).toMatchObject({ backend: 'cpu', pending: 'wasm' });
    expectComputes(r.atOnce);
    expect(r.info).toMatchObject({ backend: 'wasm', pending: null, wasm: { simd: true } });
    expect(r.info.notChosen).toEqual([{ backend: 'webgl', reason: 'the browser gave no WebGL context' }]);
    expectComputes(r.onChosen);
  });

  it('falls back to cpu when neither WebGL nor the .wasm files are there, saying why', async () => {
    const r = await open('?nowasm', { webgl: false });
    expect(r.info).toMatchObject({ backend: 'cpu', pending: null });
    expect(r.info.notChosen.map((n: { backend: string }) => n.backend)).toEqual(['webgl', 'wasm']);
    expect(r.info.notChosen[1].reason).toMatch(/^its WebAssembly module could not start/);
    expectComputes(r.onChosen);
  });

  it('globalThis.LOSSLAB_BACKEND = "wasm" selects wasm even where webgl works', async () => {
    const r = await open('?backend=wasm');
    expect(r.info).toMatchObject({ backend: 'wasm', chosenBy: 'LOSSLAB_BACKEND', pending: null });
    expect(r.readyError).toBeNull();
    expectComputes(r.onChosen);
  });
});
