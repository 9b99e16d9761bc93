import { describe, expect, it } from 'vitest';
import { catalog, tf } from 'losslab';
import { LOSSLAB_DISPLAY } from 'losslab/mime';
import { richResult } from '../../kernel-ext/src/kernel/richResult.js';

describe('cell results as MIME bundles', () => {
  it('shows a scalar, a vector and a matrix tensor with dtype and shape', async () => {
    const before = tf.memory().numTensors;
    const scalar = tf.scalar(1.5);
    const matrix = tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32');
    const s = (await richResult(scalar)).data;
    expect(s['text/plain']).toBe('Tensor float32 []\n    1.5');
    expect(s['text/html']).toContain('>1.5</div>');
    const m = (await richResult(matrix)).data;
    expect(m['text/plain']).toMatch(/^Tensor int32 \[2, 3\]\n/);
    expect(m['text/html']).toContain('Tensor int32 [2, 3]');
    expect((m['text/html'] as string).match(/<tr>/g)).toHaveLength(3);
    expect(m['text/html']).toContain('>6</td>');
    scalar.dispose();
    matrix.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('elides the middle of large tensors and shows slices of rank-3 ones', async () => {
    const big = tf.range(0, 40 * 30).reshape([40, 30]);
    const html = (await richResult(big)).data['text/html'] as string;
    expect(html.match(/<tr>/g)).toHaveLength(1 + 11);
    expect(html).toContain('⋮');
    expect(html).toContain('>1199</td>');
    const cube = tf.zeros([6, 2, 2]);
    const cubeHtml = (await richResult(cube)).data['text/html'] as string;
    expect(cubeHtml).toContain('[3, :, :]');
    expect(cubeHtml).toContain('2 more slices');
    big.dispose();
    cube.dispose();
  });

  it('shows bool tensors as true/false and says when a tensor is disposed', async () => {
    const b = tf.tensor1d([1, 0], 'bool');
    expect((await richResult(b)).data['text/html']).toContain('>false</td>');
    b.dispose();
    expect((await richResult(b)).data).toEqual({ 'text/plain': 'Tensor bool [2] (disposed)' });
  });

  it('shows a loss descriptor as its formula and parameters', async () => {
    const d = catalog.mseLoss!;
    const data = (await richResult(d)).data;
    expect(data['text/latex']).toContain(d.formula);
    expect(data['text/markdown']).toContain(`$$${d.formula}$$`);
    expect(data['text/plain']).toContain('mseLoss');
  });

  it('uses an object’s [LOSSLAB_DISPLAY]() bundle, adding text/plain if missing', async () => {
    const obj = { [LOSSLAB_DISPLAY]: () => ({ 'text/html': '<i>me</i>' }) };
    const data = (await richResult(obj)).data;
    expect(data['text/html']).toBe('<i>me</i>');
    expect(typeof data['text/plain']).toBe('string');
  });

  it('falls back to text with the reason when the hook fails', async () => {
    const data = (await richResult({ [LOSSLAB_DISPLAY]: () => 'not a bundle' })).data;
    expect(Object.keys(data)).toEqual(['text/plain']);
    expect(data['text/plain']).toMatch(/\[LOSSLAB_DISPLAY\]\(\) failed: .*must return a MIME bundle object/);
  });

  it('shows other values as util.inspect text', async () => {
    expect((await richResult('ab')).data).toEqual({ 'text/plain': "'ab'" });
    expect((await richResult([1, { a: 2 }])).data).toEqual({ 'text/plain': '[ 1, { a: 2 } ]' });
  });
});
