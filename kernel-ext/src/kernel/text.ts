/**
 * Jupyter counts cursor positions in Unicode code points (protocol 5.2+); JavaScript strings
 * index UTF-16 code units. These convert between the two.
 */

export function codePointsToUtf16(text: string, codePoints: number): number {
  let units = 0;
  let points = 0;
  while (units < text.length && points < codePoints) {
    const c = text.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < text.length ? 2 : 1;
    points++;
  }
  return units;
}

export function utf16ToCodePoints(text: string, units: number): number {
  return [...text.slice(0, units)].length;
}
