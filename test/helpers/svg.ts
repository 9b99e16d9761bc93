/** SVG checks shared by the display tests: strict parsing and the texts a reader sees. */
import { inflateSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Parses an SVG strictly; fails the test with the parser's message when it is not well-formed. */
export function parseSvg(svg: string): Record<string, unknown> {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`SVG not well-formed: ${JSON.stringify(valid.err)}`);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: false }).parse(svg) as Record<string, unknown>;
}

/** All text content of <text> elements, in document order. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
}

/** Decodes an 8-bit RGB PNG without filtering (what the SVG renderer embeds), for pixel checks. */
export function pngPixels(base64: string): { width: number; height: number; pixel(x: number, y: number): number[] } {
  const buf = Buffer.from(base64, 'base64');
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('ascii', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3 + 1;
  return { width, height, pixel: (x, y) => Array.from(raw.subarray(y * stride + 1 + x * 3, y * stride + 4 + x * 3)) };
}
