// A throwaway JupyterLab server for the end-to-end tests: the .venv's JupyterLab on 127.0.0.1, a
// free port, a random token, and temporary JUPYTER_* folders (so no user configuration, settings or
// workspace leaks in, and nothing is left behind). News and update checks are off.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A port nobody listens on now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `jupyter lab` serving `rootDir`; resolves once its API answers.
 * @returns {{ base: string, token: string, url(path: string): string, stop(): Promise<void> }}
 */
export async function startLab({ jupyter, rootDir, logFile, timeoutMs = 90_000 }) {
  const tmp = mkdtempSync(join(tmpdir(), 'losslab-lab-e2e-'));
  const dirs = Object.fromEntries(['config', 'runtime', 'data', 'settings', 'workspaces'].map((d) => [d, join(tmp, d)]));
  Object.values(dirs).forEach((d) => mkdirSync(d, { recursive: true }));
  // User settings (JUPYTERLAB_SETTINGS_DIR): no "Jupyter news?" popup, no update check.
  const notif = join(dirs.settings, '@jupyterlab', 'apputils-extension');
  mkdirSync(notif, { recursive: true });
  writeFileSync(join(notif, 'notification.jupyterlab-settings'), JSON.stringify({ fetchNews: 'false', checkForUpdates: false }));

  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const args = [
    'lab',
    '--no-browser',
    '--ip=127.0.0.1',
    `--port=${port}`,
    '--ServerApp.port_retries=0',
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${rootDir}`,
  ];
  if (process.getuid?.() === 0) args.push('--allow-root');
  const env = {
    ...process.env,
    JUPYTER_CONFIG_DIR: dirs.config,
    JUPYTER_RUNTIME_DIR: dirs.runtime,
    JUPYTER_DATA_DIR: dirs.data,
    JUPYTERLAB_SETTINGS_DIR: dirs.settings,
    JUPYTERLAB_WORKSPACES_DIR: dirs.workspaces,
    JUPYTER_PLATFORM_DIRS: '1',
  };
  const child = spawn(jupyter, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on('exit', (code, signal) => (exited = code ?? signal));

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`jupyter lab exited (${exited}) before it answered; see ${logFile}`);
    try {
      const res = await fetch(`${base}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`jupyter lab did not answer within ${timeoutMs / 1000} s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    base,
    token,
    /** The URL of a lab path with the token, e.g. url('/lab/tree/a.ipynb'). */
    url: (path) => `${base}${path}${path.includes('?') ? '&' : '?'}token=${token}`,
    async api(path, init = {}) {
      const res = await fetch(`${base}${path}`, { ...init, headers: { Authorization: `token ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
      if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: HTTP ${res.status}`);
      return res.status === 204 ? null : res.json();
    },
    async stop() {
      if (exited === null) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 10_000))]);
        if (exited === null) child.kill('SIGKILL');
      }
      log.end();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
