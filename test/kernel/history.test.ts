import { describe, expect, it } from 'vitest';
import { History, SESSION } from '../../kernel-ext/src/kernel/handlers/history.js';

function filled(): History {
  const h = new History();
  ['1 + 2', "const a = 'x'", '1 + 2', '1 + 3'].forEach((code, i) => h.add(i + 1, code));
  h.setOutput(1, '3');
  return h;
}

describe('history', () => {
  it('tail: the last n inputs, with outputs when asked', () => {
    expect(filled().query({ hist_access_type: 'tail', n: 2, output: false })).toEqual([
      [SESSION, 3, '1 + 2'],
      [SESSION, 4, '1 + 3'],
    ]);
    expect(filled().query({ hist_access_type: 'tail', n: 4, output: true })[0]).toEqual([SESSION, 1, ['1 + 2', '3']]);
  });
  it('range: [start, stop) of this session; other sessions are empty', () => {
    expect(filled().query({ hist_access_type: 'range', session: SESSION, start: 2, stop: 4 }).map((e) => e[1])).toEqual([2, 3]);
    expect(filled().query({ hist_access_type: 'range', session: 0, start: 4 }).map((e) => e[1])).toEqual([4]);
    expect(filled().query({ hist_access_type: 'range', session: SESSION + 1, start: 1 })).toEqual([]);
  });
  it('search: glob over the whole input, unique keeps the latest, n the last n', () => {
    expect(filled().query({ hist_access_type: 'search', pattern: '1 + ?' }).map((e) => e[1])).toEqual([1, 3, 4]);
    expect(filled().query({ hist_access_type: 'search', pattern: '1 + ?', unique: true }).map((e) => e[1])).toEqual([3, 4]);
    expect(filled().query({ hist_access_type: 'search', pattern: '*', n: 1 }).map((e) => e[1])).toEqual([4]);
    expect(filled().query({ hist_access_type: 'search', pattern: 'const*' }).map((e) => e[2])).toEqual(["const a = 'x'"]);
  });
});
