/**
 * The benchmark harness (bench/): its memory measure counts what it should, and a small run
 * writes the JSON and Markdown the docs quote, with a row for every case and backend.
 */
import { it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tf, useBackend } from 'losslab';
// @ts-expect-error: a plain .mjs module of the benchmark
import { peakMemory, timeRuns } from '../../bench/measure.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('peakMemory counts distinct buffers once and tf.memory bytes per handle', async () => {
  await useBackend('cpu');
  const x = tf.ones([1000]);
  const m = peakMemory(tf, () => {
    tf.tidy(() => {
      const y = tf.add(x, 1); // 4000 bytes
      tf.clone(y); // same buffer, a second handle
      tf.mul(y, 2); // another 4000 bytes
    });
  });
  // (plus a few bytes of the scalar constants 1 and 2)
  expect(m.bufferBytes).toBeGreaterThanOrEqual(8000);
  expect(m.bufferBytes).toBeLessThan(8100);
  expect(m.tfMemoryBytes).toBeGreaterThanOrEqual(12000);
  expect(m.tfMemoryBytes).toBeLessThan(12100);
  x.dispose();
});

it('timeRuns reports the median of the timed runs after the warm-up, with more runs for fast steps', () => {
  let calls = 0;
  const r = timeRuns(() => calls++, { runs: 7, warmup: 2 });
  expect(calls).toBe(9);
  expect(r.timesMs).toHaveLength(7);
  expect(r.medianMs).toBe([...r.timesMs].sort((a: number, b: number) => a - b)[3]);
  const spin = (ms: number) => () => { const t = performance.now(); while (performance.now() - t < ms); };
  expect(timeRuns(spin(1), { runs: 7, warmup: 0, minSeconds: 0.05 }).timesMs.length).toBeGreaterThanOrEqual(40);
  expect(timeRuns(spin(0), { runs: 7, warmup: 0, minSeconds: 10, maxRuns: 30 }).timesMs).toHaveLength(30);
  expect(timeRuns(spin(20), { runs: 7, warmup: 0, minSeconds: 0.05 }).timesMs).toHaveLength(7);
});

it('a small run writes JSON and Markdown with every case and backend', () => {
  const out = mkdtempSync(join(tmpdir(), 'losslab-bench-'));
  try {
    const res = spawnSync(process.execPath, ['bench/run.mjs', '--quick', '--cases', 'mse,focal', '--backends', 'cpu,nosuch', '--no-torch', '--no-unfused', '--no-setup', '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(res.status, res.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'bench-quick.json'), 'utf8'));
    expect(json.cases.map((c: { id: string }) => c.id)).toEqual(['mse', 'focal']);
    expect(json.backends).toEqual([
      expect.objectContaining({ name: 'cpu', status: 'ok' }),
      expect.objectContaining({ name: 'nosuch', status: 'skipped' }),
    ]);
    const row = (c: string, impl: string) => json.rows.find((r: { case: string; impl: string }) => r.case === c && r.impl === impl);
    expect(row('mse', 'losslab')).toMatchObject({ status: 'ok', backend: 'cpu' });
    expect(row('mse', 'losslab').timesMs.length).toBeGreaterThanOrEqual(7);
    expect(row('mse', 'losslab').bufferBytes).toBeGreaterThan(0);
    expect(row('mse', 'tf.losses')).toMatchObject({ status: 'ok' });
    expect(row('focal', 'tf.losses')).toBeUndefined();
    const md = readFileSync(join(out, 'bench-quick.md'), 'utf8');
    expect(md).toMatch(/\| MSE \| 0\.25M \| cpu \| [\d.]+ \| [\d.]+ \| [\d.]+× \|/);
    expect(md).toMatch(/\| focal \(γ = 2\) \| 256 × 1000 \| nosuch \| skipped: /);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 180_000);
