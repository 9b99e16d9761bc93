import { describe, expect, it } from 'vitest';
import { codePointsToUtf16, utf16ToCodePoints } from '../../kernel-ext/src/kernel/text.js';

describe('cursor positions (code points on the wire, UTF-16 in JavaScript)', () => {
  const code = "const 𝛾 = 2; // 😀\nfocal";
  it('converts both ways across astral characters', () => {
    const points = [...code].length;
    expect(codePointsToUtf16(code, points)).toBe(code.length);
    expect(utf16ToCodePoints(code, code.length)).toBe(points);
    const afterGamma = [...'const 𝛾'].length;
    expect(code.slice(0, codePointsToUtf16(code, afterGamma))).toBe('const 𝛾');
  });
  it('is the identity on ASCII', () => {
    expect(codePointsToUtf16('abc', 2)).toBe(2);
    expect(utf16ToCodePoints('abc', 2)).toBe(2);
  });
});
