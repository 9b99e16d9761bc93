import { beforeAll, describe, expect, it } from 'vitest';
import { loadTslab, type Tslab } from '../../kernel-ext/src/kernel/tslab/loadTslab.js';
import { isComplete } from '../../kernel-ext/src/kernel/isComplete.js';

let tslab: Tslab;
beforeAll(() => {
  tslab = loadTslab({ onTranspile: (output) => output });
});

describe('is_complete', () => {
  it.each(['1 + 1', 'const x = 1;', 'function f() {\n  return 1;\n}', "import { tf } from 'losslab';", '', '   '])('complete: %j', (code) => {
    expect(isComplete(tslab, code)).toEqual({ status: 'complete' });
  });

  it.each([
    ['function f() {', '  '],
    ['const a = [1,', '  '],
    ['const s = `multi\nline', ''],
    ['/* a comment', ''],
    ['if (true)', ''],
    ['const y =', ''],
    ['class A {\n  m() {', '    '],
  ])('incomplete: %j (indent %j)', (code, indent) => {
    expect(isComplete(tslab, code)).toEqual({ status: 'incomplete', indent });
  });

  it.each(["const s = 'unterminated", 'const s = "abc', '1 +* 2', 'let 5 = x', ')', '}', 'const const = 1', 'f(;\nconst a = ['])('invalid: %j', (code) => {
    expect(isComplete(tslab, code)).toEqual({ status: 'invalid' });
  });

  it('runs an unfinished cell after two empty lines (a console way out)', () => {
    expect(isComplete(tslab, 'function f() {\n\n\n')).toEqual({ status: 'complete' });
  });
});
