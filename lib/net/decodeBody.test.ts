import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBody, decodeUtf32 } from './decodeBody';

/** Any Unicode scalar value (fast-check's own `unit: 'binary'` is far slower to generate). */
const codePoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));

const XML =
  '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Größe – 日本 😀</title></channel></rss>';

function utf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const bytes: number[] = bom ? (littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes.push(...(littleEndian ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff]));
  }
  return Uint8Array.from(bytes);
}

function utf32(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const points = [...(bom ? '\ufeff' : ''), ...text].map((c) => c.codePointAt(0)!);
  const bytes = new Uint8Array(points.length * 4);
  const view = new DataView(bytes.buffer);
  points.forEach((point, i) => view.setUint32(i * 4, point, littleEndian));
  return bytes;
}

describe('decodeBody', () => {
  it('reads bytes that are not UTF-8 and declare nothing as windows-1252, as a browser does', () => {
    // "simulações de 2º turno – “já”" in ISO-8859-1/windows-1252, with no charset anywhere.
    const text = 'simulações de 2º turno – “já”';
    const bytes = Uint8Array.from([...text].map((c) => ({ '–': 0x96, '“': 0x93, '”': 0x94 })[c] ?? c.charCodeAt(0)));
    const xml = (declaration: string) =>
      Uint8Array.from([
        ...new TextEncoder().encode(`${declaration}<rss><channel><title>`),
        ...bytes,
        ...new TextEncoder().encode('</title></channel></rss>'),
      ]);
    expect(decodeBody(xml('<?xml version="1.0"?>'), 'application/rss+xml')).toContain(`<title>${text}</title>`);
    expect(decodeBody(xml(''), 'text/xml')).toContain(text);
    // Valid UTF-8 stays UTF-8; a declared charset still wins over the guess.
    expect(decodeBody(new TextEncoder().encode(text), 'text/xml')).toBe(text);
    expect(decodeBody(bytes, 'text/xml; charset=utf-8')).toContain('\ufffd');
    expect(decodeBody(xml('<?xml version="1.0" encoding="utf-8"?>'), 'text/xml')).toContain('\ufffd');
  });

  it('reads UTF-16 and UTF-32 in either byte order, with a byte-order mark or with only their XML declaration', () => {
    for (const littleEndian of [true, false]) {
      for (const bom of [true, false]) {
        expect(decodeBody(utf16(XML, littleEndian, bom), 'application/rss+xml')).toBe(XML);
        expect(decodeBody(utf32(XML, littleEndian, bom), 'application/rss+xml')).toBe(XML);
      }
    }
  });

  it('reads a UTF-16 JSON Feed with a byte-order mark', () => {
    const json = '{"version":"https://jsonfeed.org/version/1.1","title":"Zoë","items":[]}';
    expect(decodeBody(utf16(json, true, true), 'application/feed+json')).toBe(json);
  });

  it('lets the byte-order mark win over a charset that contradicts it, as the Encoding standard says', () => {
    expect(decodeBody(utf16(XML, false, true), 'text/xml; charset=iso-8859-1')).toBe(XML);
    expect(
      decodeBody(
        Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Röben')]),
        'text/plain; charset=windows-1252',
      ),
    ).toBe('Röben');
  });

  it('does not believe a UTF-16 label on bytes that cannot be UTF-16', () => {
    const bytes = new TextEncoder().encode(
      '<?xml version="1.0" encoding="UTF-16"?><rss><channel><title>Röben</title></channel></rss>',
    );
    expect(decodeBody(bytes, 'text/xml; charset=utf-16')).toContain('<title>Röben</title>');
  });

  it('honours a declared charset, then an XML declaration, then UTF-8', () => {
    expect(decodeBody(Uint8Array.from([0x52, 0xf6, 0x62, 0x65, 0x6e]), 'text/plain; charset=ISO-8859-1')).toBe('Röben');
    const xml = new TextEncoder().encode('<?xml version="1.0" encoding="windows-1251"?><a/>');
    expect(decodeBody(Uint8Array.from([...xml, 0xc0]), 'application/xml')).toMatch(/<a\/>А$/);
    expect(decodeBody(new TextEncoder().encode('Röben'), '')).toBe('Röben');
  });

  it('decodes UTF-32 by code point, with U+FFFD for what is not one', () => {
    expect(decodeUtf32(Uint8Array.from([0x00, 0x00, 0x11, 0x00, 0x41, 0x00, 0x00, 0x00, 0x42]), true)).toBe(
      '\ufffdA\ufffd',
    );
    fc.assert(
      fc.property(fc.string({ unit: codePoint, maxLength: 40 }), fc.boolean(), (text, littleEndian) => {
        expect(decodeUtf32(utf32(text, littleEndian, false), littleEndian)).toBe(text);
      }),
      { numRuns: 300 },
    );
  }, 30_000);
});
