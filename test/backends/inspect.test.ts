import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tf } from 'losslab';

describe('console.log of a tensor in Node', () => {
  it('prints its values, not tfjs internals', () => {
    const t = tf.tensor([[1, 2], [3, 4]]);
    const shown = inspect({ loss: t });
    expect(shown).toContain('[[1, 2],');
    expect(shown).not.toContain('dataId');
    t.dispose();
    expect(inspect(t)).toBe('Tensor (disposed, shape [2, 2])');
  });
});
