// A response body's bytes → text, in the encoding the bytes are in. The order follows the WHATWG Encoding standard
// and XML 1.0 (appendix F): a byte-order mark wins over everything; then a UTF-16/32 document that starts with
// `<`, `{` or `[` shows its encoding by where its zero bytes are; then the charset in the Content-Type; then the XML
// declaration; then UTF-8 if the bytes are valid UTF-8, else windows-1252. A UTF-16 or UTF-32 label on bytes that have no zero bytes where such a document must is
// not believed (those bytes can only be an ASCII-compatible encoding), so it falls through to the next rule.

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/** The encoding a byte-order mark names, and its length. UTF-32LE's mark starts like UTF-16LE's, so it goes first. */
function byteOrderMark(b: Uint8Array): { encoding: Encoding; length: number } | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', length: 4 };
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * A document without a mark whose first character is ASCII (`<` of an XML declaration or a root element, `{` or
 * `[` of JSON, white space), written in UTF-16 or UTF-32: the zero bytes around that character give it away.
 */
function wideEncoding(b: Uint8Array): Encoding | undefined {
  if (b.length < 4) return undefined;
  const ascii = (x: number | undefined) => x !== undefined && x > 0 && x < 0x80;
  if (ascii(b[0]) && b[1] === 0 && b[2] === 0 && b[3] === 0) return 'utf-32le';
  if (b[0] === 0 && b[1] === 0 && b[2] === 0 && ascii(b[3])) return 'utf-32be';
  if (ascii(b[0]) && b[1] === 0 && ascii(b[2]) && b[3] === 0) return 'utf-16le';
  if (b[0] === 0 && ascii(b[1]) && b[2] === 0 && ascii(b[3])) return 'utf-16be';
  return undefined;
}

/** Bytes → text; see the rules above. Never throws: undecodable bytes become U+FFFD. */
export function decodeBody(bytes: Uint8Array, contentType: string): string {
  const mark = byteOrderMark(bytes);
  if (mark) return decodeAs(mark.encoding, bytes.subarray(mark.length));
  const wide = wideEncoding(bytes);
  if (wide) return decodeAs(wide, bytes);
  const declared = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const xmlDeclared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  for (const label of [declared, xmlDeclared]) {
    // Wide encodings were ruled out above: these bytes are not UTF-16 or UTF-32, whatever the label says.
    if (!label || /^(utf-?(16|32)|ucs-?[24]|unicode)/i.test(label)) continue;
    try {
      const decoder = new TextDecoder(label);
      // Node 20 decodes windows-1252 (and its aliases latin1, iso-8859-1, ascii) as ISO-8859-1, losing “–…€;
      // decode it by the WHATWG table ourselves so every runtime agrees.
      return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
    } catch {
      // Unknown label: try the next one.
    }
  }
  // Nothing declared: UTF-8 when the bytes are UTF-8, else windows-1252, the web's legacy default (what a browser
  // does with an undeclared page), so an ISO-8859-1 feed reads "simulações", not "simula��es".
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

function decodeAs(encoding: Encoding, bytes: Uint8Array): string {
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(bytes, encoding === 'utf-32le');
  // ignoreBOM: the mark, if any, was already skipped; a second one is content.
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

/** UTF-32, which TextDecoder does not offer: a code point per 4 bytes; out of range, surrogates and a cut-off tail → U+FFFD. */
export function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: string[] = [];
  let codes: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const code = view.getUint32(i, littleEndian);
    codes.push(code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? 0xfffd : code);
    if (codes.length === 8192) {
      chunks.push(String.fromCodePoint(...codes));
      codes = [];
    }
  }
  if (bytes.length % 4) codes.push(0xfffd);
  chunks.push(String.fromCodePoint(...codes));
  return chunks.join('');
}

// WHATWG windows-1252 for 0x80–0x9F; the five undefined bytes map to the C1 control of the same value.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(
      ...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b)),
    );
  }
  return out;
}
