// Feed text arrives as HTML, as text with entities, or as mojibake. Everything here turns it into plain text
// that is safe to show as text. It runs in the service worker, which has no DOMParser, so it works on strings.

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', bull: '•', middot: '·',
  copy: '©', reg: '®', trade: '™', deg: '°', euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§',
  times: '×', divide: '÷', shy: '', zwnj: '', zwj: '',
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß',
  eacute: 'é', egrave: 'è', ecirc: 'ê', Eacute: 'É', aacute: 'á', agrave: 'à', acirc: 'â',
  iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ', ccedil: 'ç', oslash: 'ø', aring: 'å',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      // Lone surrogates, NUL and out-of-range code points are not text.
      if (!code || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

const INVISIBLE_BLOCKS = /<(script|style|template|noscript|iframe|object|svg|math)\b[\s\S]*?(<\/\1\s*>|$)/gi;
const COMMENTS = /<!--[\s\S]*?(-->|$)|<!\[CDATA\[|\]\]>/g;
// A tag ends at `>`, or (broken markup) where the next tag starts, or at the end of the text.
const TAGS = /<\/?[a-z!?][^<>]*(>|(?=<)|$)/gi;
/** What stripping leaves of broken markup (`</` at the end, `<<` runs): a `<` that would start a tag. */
const TAG_START_REMNANT = /<+(?=[a-z!?/])/gi;

const MARKUP_OR_ENTITY = /[<&]/;
/**
 * A character the steps of `toPlainText` act on: markup or entities, control characters, a possible mojibake lead
 * byte, white space other than the plain space (the list is `\s` less U+0020). One character class, so the scan is a
 * single pass; runs of spaces and spaces at the ends are checked apart (see `isAlreadyPlain`).
 */
// eslint-disable-next-line no-control-regex
const NEEDS_CLEANING = /[<&\u0000-\u001f\u007f\u00a0\u00c2-\u00f4\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** Text without anything `toPlainText` would change: the common case for titles, summaries, tags and names. */
function isAlreadyPlain(text: string): boolean {
  return !NEEDS_CLEANING.test(text) && text.charCodeAt(0) !== 32 && text.charCodeAt(text.length - 1) !== 32 && !text.includes('  ');
}

function stripTags(html: string): string {
  return html.replace(COMMENTS, ' ').replace(INVISIBLE_BLOCKS, ' ').replace(TAGS, ' ');
}

/** Plain text from HTML or entity-laden text: tags dropped, entities decoded, white space collapsed. */
export function toPlainText(input: string): string {
  // Most titles, summaries, tags and names are already plain: one scan proves nothing below would change them.
  if (isAlreadyPlain(input)) return input;
  // Decoding can reveal markup (`&lt;script&gt;`): strip again until nothing changes, so no tag survives.
  let text = input;
  // Without `<` or `&` there is nothing to strip or decode (most titles, tags and names): skip straight on.
  for (let i = 0; i < 4 && MARKUP_OR_ENTITY.test(text); i++) {
    const next = decodeEntities(stripTags(text));
    if (next === text) break;
    text = next;
  }
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(TAG_START_REMNANT, '');
  return repairMojibake(text.replace(/\s+/g, ' ').trim());
}

/** At most `max` characters, cut at a word boundary, with an ellipsis when cut. */
export function excerpt(text: string, max = 280): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

const UTF8_AS_LATIN1 = /[\u00c2-\u00f4][\u0080-\u00bf]/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Repairs text that was UTF-8 but got decoded as Latin-1 or Windows-1252 on its way (`RÃ¶ben` → `Röben`).
 * The rule: only when every character fits in one byte, a UTF-8 lead/continuation pair is present, and the
 * bytes decode as strict UTF-8. Real Latin-1 text almost never has that shape (it would need e.g. `Ã` followed
 * by a C1 control or `¶`), while double-encoded UTF-8 always does, so the repair is safe to apply everywhere.
 */
export function repairMojibake(text: string): string {
  if (!UTF8_AS_LATIN1.test(text)) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code <= 0xff ? code : WINDOWS_1252_BYTES.get(code);
    if (byte === undefined) return text;
    bytes[i] = byte;
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return text;
  }
}

// Windows-1252 puts printable characters where Latin-1 has C1 controls; mojibake often passed through it.
const WINDOWS_1252_BYTES = new Map<number, number>(
  [...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'].map((ch, i): [number, number] => [
    ch.charCodeAt(0),
    [0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96,
      0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f][i]!,
  ]),
);

/** The URL in a closing "Source: <url>" line, as the blog's posts end (the seed post does). */
export function findSourceLine(text: string): string | undefined {
  const matches = [...text.matchAll(/\bSources?\s*:\s*<?(https?:\/\/[^\s<>"']+)/gi)];
  return matches.at(-1)?.[1]?.replace(/[).,;]+$/, '');
}
