/**
 * SVG documents as strings, for static fallbacks that render without a DOM and without the
 * JupyterLab plugin (nbconvert, GitHub). Everything here is pure: the same chart gives the same
 * bytes. Text is escaped once, here; numbers are written short.
 */

/** A rectangle in SVG user units. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';
export const TEXT_COLOR = '#222';
export const MUTED_COLOR = '#666';
export const GRID_COLOR = '#e4e4e4';

/** Escapes text for SVG content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A coordinate with at most 2 decimals (SVG size matters with thousands of marks). */
export function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** A value for people: 4 significant digits, no exponent for everyday magnitudes. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e5 || a < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(4)));
  return s.replace('-', '−');
}

/** Rough width of a text in the chart font (no DOM to measure): average glyph 0.58 em. */
export function textWidth(text: string, size: number): number {
  return [...text].length * size * 0.58;
}

/** A short, stable id for clip paths: unique per content, so several charts on one page never clash. */
export function uid(seed: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return `ll${(h >>> 0).toString(36)}`;
}

/** `<text>` with escaped content. */
export function text(x: number, y: number, content: string, attrs: Record<string, string | number> = {}): string {
  const extra = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : esc(v)}"`)
    .join('');
  return `<text x="${num(x)}" y="${num(y)}"${extra}>${esc(content)}</text>`;
}

/**
 * A standalone SVG document with a white background (readable in dark themes too) and an
 * accessible `<title>`.
 */
export function svgDocument(width: number, height: number, body: string, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" ` +
    `font-family="${FONT}" font-size="12" fill="${TEXT_COLOR}" role="img">` +
    `<title>${esc(title)}</title>` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    body +
    `</svg>`
  );
}

/** Places finished charts (each a standalone SVG of known size) in one document, top to bottom. */
export function stackVertically(charts: { svg: string; width: number; height: number }[], title: string): string {
  let y = 0;
  const parts = charts.map((c) => {
    const placed = c.svg.replace(/^<svg /, `<svg x="0" y="${num(y)}" `);
    y += c.height;
    return placed;
  });
  return svgDocument(Math.max(...charts.map((c) => c.width)), y, parts.join(''), title);
}
