import { decodeHTML, decodeHTMLAttribute } from 'entities';

// Over 200 lines on purpose: the one place where feed text is decoded, stripped and repaired, each step
// depending on the one before; the fidelity tests read it as one pipeline.

// Feed text arrives as HTML or as plain text, as its field declares (Atom `type="text"|"html"|"xhtml"`, RSS fields
// are HTML, JSON Feed says per field), and sometimes as mojibake. Everything here turns it into plain text that is
// shown as text (React, `textContent`): markup is stripped and entities decoded exactly once, and only where the
// field is markup, so text that merely mentions `<T>` or `&amp;` keeps its words. It runs in the service worker,
// which has no DOMParser, so it works on strings.

/**
 * The characters `cleanText` acts on: controls (C0, DEL, C1), white space other than the plain space (the list is
 * `\s` less U+0020), bidi embedding/override/isolate controls, and a possible mojibake lead (Â–ô).
 */
const ACTED_ON =
  '\\u0000-\\u001f\\u007f-\\u00a0\\u00c2-\\u00f4\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202a-\\u202f\\u205f\\u2066-\\u2069\\u3000\\ufeff';
/**
 * Text that needs nothing done: words of characters `cleanText` leaves alone, one plain space between them, none at
 * either end. One anchored pattern, so the common case (already clean text) is a single tight scan: a search for
 * any one of those characters, then for two spaces, took three times as long, and text is most of a feed.
 */
const cleanPattern = (alsoActedOn = '') => {
  const word = `[^${ACTED_ON}${alsoActedOn} ]+`;
  return new RegExp(`^(?:${word}(?: ${word})*)?$`);
};
const CLEAN_TEXT = cleanPattern();
/** The same for markup: no tag or entity either. */
const CLEAN_HTML = cleanPattern('<&');
/**
 * Removed outright: C0 controls that are not white space, DEL, and the bidi controls (U+202A–U+202E embeddings and
 * overrides, U+2066–U+2069 isolates), with which a feed title ending in U+202E shows the host after it backwards.
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]+/g;
const C1_CONTROLS = /[\u0080-\u009f]/g;
/**
 * White space that collapses to one space: a run of two or more, or one character other than the space. What
 * `/\s+/g` matches less the single spaces between words, which it would replace by themselves, hundreds per summary.
 */
const SPACING_TO_COLLAPSE = / \s+|[^\S ]\s*/g;
/**
 * Text that no step of `cleanText` but the collapsing of white space acts on: no character CONTROLS removes, no C1
 * control, no possible mojibake lead (Â–ô). (White space of any kind is allowed: collapsing is all it needs.)
 */
// eslint-disable-next-line no-control-regex
const SPACING_ONLY = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00c2-\u00f4\u202a-\u202e\u2066-\u2069]*$/;

function isClean(text: string, clean: RegExp): boolean {
  return clean.test(text) && text.isWellFormed();
}

/**
 * Plain text made fit to show: controls and bidi controls removed, lone surrogates replaced, mojibake repaired, C1
 * controls read as the Windows-1252 punctuation their authors meant, white space collapsed. Text that needs none of
 * it is returned as it is.
 */
export function cleanText(input: string): string {
  if (isClean(input, CLEAN_TEXT)) return input;
  // Only its spacing to collapse, as text with line breaks or indentation in it mostly has: the steps below would
  // each scan the text and change nothing.
  if (isClean(input, SPACING_ONLY)) return input.replace(SPACING_TO_COLLAPSE, ' ').trim();
  // A lone surrogate (half an emoji, cut by a careless publisher) is not text: U+FFFD, as a decoder would show it.
  const text = replaceC1Controls(repairMojibake(input.replace(CONTROLS, '').toWellFormed()));
  return text.replace(SPACING_TO_COLLAPSE, ' ').trim();
}

/** Plain text from HTML: tags and invisible elements dropped, references decoded once, then `cleanText`. */
export function htmlToText(html: string): string {
  if (isClean(html, CLEAN_HTML)) return html;
  return cleanText(html.includes('<') ? readMarkup(html) : decodeText(html));
}

/** A text with its references decoded (one with none as it is). */
const decodeText = (text: string) => (text.includes('&') ? decodeReferences(text) : text);

/** The references feeds write all the time; any other named one is left to `decodeHTML`. */
const COMMON_REFERENCES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
]);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isHexDigit = (c: number) => isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);

/**
 * `decodeHTML(text)`, with the common references (`&amp;`, `&#8217;`, `&#x2019;`) decoded by a scan: the entities
 * library's state machine, run on every summary of a feed, cost as much as the rest of reading its text. At the
 * first reference that is not one of those (`&copy;`, `&amp` without its semicolon, `&#150;`, which HTML reads as
 * Windows-1252), the whole text goes to `decodeHTML`, so the result is always exactly what it gives.
 */
export function decodeReferences(text: string): string {
  let out = '';
  let from = 0;
  let amp = text.indexOf('&');
  while (amp >= 0) {
    const next = text.charCodeAt(amp + 1);
    // A `&` that starts no reference (`a & b`, `&;`) is text, in `decodeHTML` too.
    if (isLetter(next) || isDigit(next) || next === 35 /* # */) {
      const reference = commonReference(text, amp);
      if (!reference) return decodeHTML(text);
      out += text.slice(from, amp) + reference.value;
      from = reference.end;
    }
    amp = text.indexOf('&', Math.max(from, amp + 1));
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The common reference at `amp` (its text and where it ends), or undefined for any other. */
function commonReference(text: string, amp: number): { value: string; end: number } | undefined {
  if (text.charCodeAt(amp + 1) !== 35 /* # */) {
    let semicolon = amp + 2;
    while (semicolon < amp + 6 && text.charCodeAt(semicolon) !== 59 /* ; */) semicolon++;
    if (text.charCodeAt(semicolon) !== 59) return undefined;
    const value = COMMON_REFERENCES.get(text.slice(amp + 1, semicolon));
    return value === undefined ? undefined : { value, end: semicolon + 1 };
  }
  const hex = (text.charCodeAt(amp + 2) | 0x20) === 120; /* x */
  const start = amp + (hex ? 3 : 2);
  let end = start;
  let code = 0;
  while (end < start + 6 && (hex ? isHexDigit : isDigit)(text.charCodeAt(end))) {
    code = code * (hex ? 16 : 10) + parseInt(text[end]!, 16);
    end++;
  }
  // No digits, no semicolon, or a code point HTML replaces (NUL, C1 controls, surrogates): left to `decodeHTML`.
  if (end === start || text.charCodeAt(end) !== 59 /* ; */) return undefined;
  if (code === 0 || (code >= 0x80 && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
    return undefined;
  }
  return { value: String.fromCodePoint(code), end: end + 1 };
}

/** An attribute value read from a page, decoded by HTML's rules for attributes: `?a=1&copy=2` stays a URL. */
export function decodeAttribute(value: string): string {
  return value.includes('&') ? decodeHTMLAttribute(value) : value;
}

// ---- Markup --------------------------------------------------------------------------------------------------

/** Elements whose content is not text a reader sees. Raw-text ones (script, style…) cannot contain tags at all. */
const HIDDEN_ELEMENTS = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'svg',
  'math',
  'head',
  'title',
  'video',
  'audio',
  'canvas',
  'noembed',
  'noframes',
  'xmp',
]);
/**
 * Elements that separate words, as a block, a line break or an image does. Every other element flows inside a line
 * and joins its neighbours without a space (`<b>W</b>ord` is one word); unknown elements are inline in browsers too,
 * so `Vec<T>` read as HTML shows "Vec".
 */
const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'img',
  'input',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'picture',
  'pre',
  'section',
  'select',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'body',
  'html',
  'button',
  'option',
  'embed',
  'source',
  'track',
  'area',
  'map',
  'meter',
  'progress',
  'output',
  'textarea',
]);

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

/**
 * The text an HTML fragment shows: every tag, comment and hidden element removed, and the references decoded in each
 * text between two tags on its own, as a browser reads them (`&am<b></b>p;` shows as written). A small tokenizer
 * after the HTML standard's rules, not a regex: a tag ends at the first `>` outside a quoted attribute value, so
 * `<img alt="a<br/>b">` leaves nothing behind; a `<` that cannot start a tag (`a < b`, `<3`) is text; a tag still
 * open at the end of the input is dropped with the rest, as browsers do.
 *
 * A block element (and white space alone between tags) separates words: one space between the texts on either side,
 * however many blocks come between, none at either end, and the spaces and line breaks at the texts' ends go into
 * it (see `isLineSpace`). So the text of ordinary markup (`<p>…</p>\n<p>…</p>`) needs no collapsing: `cleanText`
 * passes it on after one scan, where a space per block (`</p><p>` gave two) cost every summary a second scan and a
 * copy. The white space left inside the texts `cleanText` collapses, so the words and the spaces between them come
 * out the same either way.
 */
export function readMarkup(html: string): string {
  const n = html.length;
  const text = new StrippedText(html);
  let textStart = 0;
  let lower: string | undefined;
  for (let lt = html.indexOf('<'); lt >= 0 && lt < n; lt = html.indexOf('<', lt)) {
    const next = html.charCodeAt(lt + 1);
    let end: number;
    let separates = false;
    if (isLetter(next) || (next === 47 /* / */ && isLetter(html.charCodeAt(lt + 2)))) {
      const closing = next === 47;
      const nameStart = lt + (closing ? 2 : 1);
      let i = nameStart;
      while (i < n && !isSpace(html.charCodeAt(i)) && html.charCodeAt(i) !== 47 && html.charCodeAt(i) !== 62) i++;
      const qualifiedName = html.slice(nameStart, i).toLowerCase();
      // Prefixed names (`xhtml:p` in XHTML content) are classified by their local name.
      const name = qualifiedName.slice(qualifiedName.lastIndexOf(':') + 1);
      end = endOfTag(html, i);
      const selfClosing = html.charCodeAt(end - 2) === 47; // `<video src="x"/>` in XHTML content has no content
      if (!closing && HIDDEN_ELEMENTS.has(name) && end < n && !selfClosing) {
        lower ??= html.toLowerCase();
        const close = lower.indexOf(`</${qualifiedName}`, end);
        end = close < 0 ? n : endOfTag(html, close + 2 + qualifiedName.length);
        separates = true;
      } else {
        separates = BLOCK_ELEMENTS.has(name) || HIDDEN_ELEMENTS.has(name);
      }
    } else if (next === 33 /* ! */) {
      if (html.startsWith('<!--', lt)) {
        const close = html.indexOf('-->', lt + 4);
        end = close < 0 ? n : close + 3;
      } else if (html.startsWith('<![CDATA[', lt)) {
        // A CDATA section inside HTML is an escaping accident (doubly wrapped feed text): its content is the text.
        const close = html.indexOf(']]>', lt + 9);
        text.add(textStart, lt);
        text.add(lt + 9, close < 0 ? n : close);
        lt = textStart = close < 0 ? n : close + 3;
        continue;
      } else {
        end = bogusCommentEnd(html, lt);
      }
    } else if (next === 63 /* ? */ || (next === 47 && html.charCodeAt(lt + 2) !== 62 && lt + 2 < n)) {
      end = bogusCommentEnd(html, lt);
    } else if (next === 47 && html.charCodeAt(lt + 2) === 62) {
      end = lt + 3; // `</>` is dropped
    } else {
      lt++; // a `<` that starts no tag is text
      continue;
    }
    text.add(textStart, lt);
    if (separates) text.separate();
    lt = textStart = end;
  }
  if (textStart === 0) return decodeText(html);
  text.add(textStart, n);
  return text.out;
}

/**
 * The white space the texts' ends lose to one space: spaces, tabs and line breaks only. The rest is left to
 * `cleanText`, whose every step gives the same result with one of these as with several: form feeds and vertical
 * tabs it removes (joining what was around them), and a no-break space is a byte to its mojibake repair.
 */
const isLineSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

/**
 * The texts between an HTML fragment's tags, decoded and joined as `readMarkup` says: one space where words are
 * separated. Decoded one by one as they are added, so that the joined text is copied once (a decoding of the whole
 * made it, and copied it, again).
 */
class StrippedText {
  out = '';
  /** A space is owed before the next text: a block element, or white space, came since the last. */
  private spaceOwed = false;
  constructor(private readonly html: string) {}

  /** `html[from, to)`, a text between tags, added without the white space at its ends, which it owes instead. */
  add(from: number, to: number): void {
    const html = this.html;
    let first = from;
    while (first < to && isLineSpace(html.charCodeAt(first))) first++;
    if (first === to) {
      // White space alone (the line breaks between blocks) separates, like a block.
      if (to > from) this.spaceOwed = true;
      return;
    }
    let last = to;
    while (isLineSpace(html.charCodeAt(last - 1))) last--;
    if (this.out && (this.spaceOwed || first > from)) this.out += ' ';
    this.out += decodeText(html.slice(first, last));
    this.spaceOwed = last < to;
  }

  /** A block element: the texts on either side are separate words. */
  separate(): void {
    this.spaceOwed = true;
  }
}

/** Where a tag whose name ends at `i` ends: after its `>`, skipping quoted attribute values; the input's end if never. */
function endOfTag(html: string, i: number): number {
  const n = html.length;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (c === 62 /* > */) return i + 1;
    if (c === 61 /* = */) {
      i++;
      while (i < n && isSpace(html.charCodeAt(i))) i++;
      const quote = html.charCodeAt(i);
      if (quote === 34 || quote === 39) {
        const close = html.indexOf(quote === 34 ? '"' : "'", i + 1);
        if (close < 0) return n;
        i = close + 1;
        continue;
      }
      continue;
    }
    i++;
  }
  return n;
}

function bogusCommentEnd(html: string, lt: number): number {
  const close = html.indexOf('>', lt + 2);
  return close < 0 ? html.length : close + 1;
}

// ---- Encoding repair -------------------------------------------------------------------------------------------

// Windows-1252 puts printable characters where Latin-1 has C1 controls. Mojibake often passed through it, and
// authors who typed in it meant those characters (0x92 is ’) even where their text reached us as C1 controls.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const WINDOWS_1252_BYTES = new Map<number, number>();
for (let i = 0; i < 32; i++) {
  const code = CP1252_HIGH.charCodeAt(i);
  if (code > 0xff) WINDOWS_1252_BYTES.set(code, 0x80 + i);
}
const CP1252_SPECIALS = [...WINDOWS_1252_BYTES.keys()].map((c) => String.fromCharCode(c)).join('');

/** C1 controls read as Windows-1252 (0x92 → ’); the five bytes it leaves undefined are dropped. */
export function replaceC1Controls(text: string): string {
  return text.replace(C1_CONTROLS, (c) => {
    const meant = CP1252_HIGH[c.charCodeAt(0) - 0x80]!;
    return meant.charCodeAt(0) > 0xff ? meant : '';
  });
}

/** A UTF-8 lead byte (as Latin-1: Â–ô) followed by a continuation byte (as Latin-1 or as Windows-1252). */
const UTF8_AS_LATIN1 = new RegExp(`[\\u00c2-\\u00f4][\\u0080-\\u00bf${CP1252_SPECIALS}]`);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Characters that mojibake of real text does not produce, but "repairs" of correct Latin-1 text would: controls
 * (the C1 ones excepted: `replaceC1Controls` reads them next), private-use and unassigned code points, the rare
 * parts of Latin Extended-B (kept: ƒ, Vietnamese ơ ư, Pinyin ǎ…ǜ, Romanian ș ț), IPA and spacing modifiers, combining
 * marks other than the common accents, Hebrew cantillation, Arabic signs, Syriac, Thaana and NKo. So `CAFÉ…` does
 * not become `CAFɅ`, `Gruß…` not NKo, `Ü–` not Syriac.
 */
const IMPLAUSIBLE_CHARACTER =
  // Control characters and whole ranges of combining marks are what this class looks for.
  // eslint-disable-next-line no-control-regex, no-misleading-character-class
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\p{Co}\p{Cn}\u0180-\u0191\u0193-\u019f\u01a2-\u01ae\u01b1-\u01cc\u01dd-\u0217\u021c-\u02ff\u030d-\u0322\u0324-\u0326\u0329-\u036f\u0591-\u05af\u0600-\u0605\u0610-\u061a\u0700-\u07ff]/u;
/** A combining accent with no letter to sit on. */
const LONE_ACCENT = /(?<!\p{L})[\u0300-\u036f]/u;
/** A Greek, Cyrillic, Armenian, Hebrew or Arabic letter glued to a Latin one: `OÙ…` would become `Oم`. */
const MIXED_SCRIPTS = /[A-Za-z][\u0370-\u06ff]|[\u0370-\u06ff][A-Za-z]/;
/** A small letter right after two capitals: `PERCHÈ™` would become `PERCHș` (Romanian ș is `È™` as mojibake). */
const CAPITALS_THEN_SMALL = /\p{Lu}\p{Lu}\p{Ll}/gu;
/**
 * A Latin Extended-A or -B letter standing alone, a word of its own: no language writes one, but `Å» Å±` (a capital
 * and a guillemet) would become `Ż ű`.
 */
const LONE_EXTENDED_LATIN = /(?<!\p{L})[\u0100-\u024f](?!\p{L})/gu;

/**
 * Repairs text that was UTF-8 but got decoded as Latin-1 or Windows-1252 on its way (`RÃ¶ben` → `Röben`,
 * `donâ€™t` → `don’t`). The rule: only when every character fits in one byte of either code page, the bytes decode
 * as strict UTF-8, there is evidence (a Latin-1 letter spelled `Ã`/`Â` + one more, a 3- or 4-byte sequence such as
 * `â€™`, or two 2-byte sequences of other kinds: one `É…` or `Å™` alone is not, as it may be correct text), and the result is plausible text
 * (see IMPLAUSIBLE_CHARACTER, LONE_ACCENT, MIXED_SCRIPTS). Correct text almost never has that shape, while mojibake
 * always does, so the repair is safe to apply to every text.
 * One byte Windows-1252 leaves undefined is often lost on the way: a `â€` that ends a quote (`”` is E2 80 9D) is
 * read as that quote when everything else decodes.
 */
export function repairMojibake(text: string): string {
  if (!UTF8_AS_LATIN1.test(text)) return text;
  const bytes = new Uint8Array(text.length + 8);
  let length = 0;
  let evidence = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code <= 0xff ? code : WINDOWS_1252_BYTES.get(code);
    if (byte === undefined) return text;
    if (length === bytes.length) return text; // more lost bytes restored than room: not mojibake
    bytes[length++] = byte;
    // Lead bytes: Â and Ã (Latin-1 letters and signs, most of Western European text) and 3-/4-byte leads weigh
    // two; other 2-byte leads (Greek, Cyrillic, Arabic, Latin Extended… but also a capital like É before …) one.
    if (byte >= 0xc2 && byte <= 0xf4) evidence += byte <= 0xc3 || byte >= 0xe0 ? 2 : 1;
    // `â€` not followed by a continuation byte: its third byte (0x9D, undefined in Windows-1252) was lost.
    if (byte === 0x80 && length >= 2 && bytes[length - 2] === 0xe2 && !isContinuation(text.charCodeAt(i + 1))) {
      bytes[length++] = 0x9d;
    }
  }
  if (evidence < 2) return text;
  let repaired: string;
  try {
    repaired = strictUtf8.decode(bytes.subarray(0, length));
  } catch {
    return text;
  }
  const implausible =
    IMPLAUSIBLE_CHARACTER.test(repaired) ||
    LONE_ACCENT.test(repaired) ||
    MIXED_SCRIPTS.test(repaired) ||
    // Only new ones count: correct text has its own (`LLMs`, `CEOs`), and keeps them through a repair.
    count(repaired, CAPITALS_THEN_SMALL) > count(text, CAPITALS_THEN_SMALL) ||
    count(repaired, LONE_EXTENDED_LATIN) > count(text, LONE_EXTENDED_LATIN);
  return implausible ? text : repaired;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function isContinuation(code: number): boolean {
  if (Number.isNaN(code)) return false;
  const byte = code <= 0xff ? code : WINDOWS_1252_BYTES.get(code);
  return byte !== undefined && byte >= 0x80 && byte <= 0xbf;
}

// ---- Small helpers ---------------------------------------------------------------------------------------------

/** At most `max` characters, cut at a word boundary, with an ellipsis when cut. */
export function excerpt(text: string, max = 280): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${trimExcerptEnd(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut)}…`;
}

const CLOSING_PUNCTUATION = /[\s,;:.–—-]/;

/** `text.replace(/[\s,;:.–—-]+$/, '')`, by a scan from the end: the pattern tried a match at every space and stop. */
function trimExcerptEnd(text: string): string {
  let end = text.length;
  while (end > 0 && CLOSING_PUNCTUATION.test(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/**
 * How far from the end a closing "Source:" line is looked for: a label, some space and an address of up to
 * SOURCE_URL_LIMIT characters, with room for a sentence after it. A bound, so that no text, however long or
 * strange (100,000 `)` after the address), costs the search more than this much.
 */
export const SOURCE_LINE_TAIL = 4096;
const SOURCE_URL_LIMIT = 2048;
const SOURCE_LINE = new RegExp(`\\bSources?\\s*:\\s*<?(https?:\\/\\/[^\\s<>"']{1,${SOURCE_URL_LIMIT}})`, 'gi');

/**
 * The URL in a closing "Source: <url>" line, as the blog's posts end (the seed post does): the last such line in
 * the text's last SOURCE_LINE_TAIL characters, with the punctuation that closes the sentence dropped. Linear in
 * that tail whatever the text holds, since every part of the pattern is bounded or a single character class.
 */
export function findSourceLine(text: string): string | undefined {
  // The sentence's closing brackets and stops, however many, are not the line: the window ends before them.
  const end = trimClosingPunctuation(text.trimEnd()).length;
  const tail = text.slice(Math.max(0, end - SOURCE_LINE_TAIL), end);
  if (!tail.includes(':')) return undefined;
  let last: string | undefined;
  for (const match of tail.matchAll(SOURCE_LINE)) last = match[1];
  return last === undefined ? undefined : trimClosingPunctuation(last);
}

const TRAILING_SOURCE_LINE = /\s*\bSources?\s*:\s*\S+\s*$/i;
/** How far from the end a closing source line is cut off (the rest of the text is a summary's words). */
const SOURCE_LINE_WINDOW = 600;

/**
 * The text without its closing "Source: <url>" line: what `tail.search(TRAILING_SOURCE_LINE)` cuts in the text's
 * last SOURCE_LINE_WINDOW characters. Such a line is at most three runs of characters other than white space (the
 * label, the colon, the address: `Source : https://…`; fewer when they touch) and the white space around them, so
 * the pattern is searched from the white space before the third-last run only. It gives the same cut as a search
 * of the whole window (the same leftmost match: none can start earlier), at the cost of a few words instead of
 * six hundred characters; on an RSS feed whose summaries end in a source line, the pattern and its pre-check had
 * been the most expensive part of reading a summary.
 */
export function withoutClosingSourceLine(text: string): string {
  // No colon, no source line: a native search.
  if (!text.includes(':')) return text;
  const from = sourceLineStart(text);
  const cut = text.slice(from).search(TRAILING_SOURCE_LINE);
  return cut < 0 ? text : text.slice(0, from + cut);
}

/** Where in `text` a closing source line can begin: the white space before its third-last word, within the window. */
function sourceLineStart(text: string): number {
  const windowStart = Math.max(0, text.length - SOURCE_LINE_WINDOW);
  let i = text.length;
  while (i > windowStart && isWhiteSpace(text.charCodeAt(i - 1))) i--;
  for (let run = 0; run < 3 && i > windowStart; run++) {
    while (i > windowStart && !isWhiteSpace(text.charCodeAt(i - 1))) i--;
    while (i > windowStart && isWhiteSpace(text.charCodeAt(i - 1))) i--;
  }
  return i;
}

/** What the patterns' `\s` matches: ECMAScript's white space and line terminators (U+FEFF among them). */
const isWhiteSpace = (c: number) =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;

/** `url` (or a text) without the `)`, `.`, `,` and `;` that end the sentence around it: a scan, not a pattern. */
function trimClosingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && ').,;'.includes(url[end - 1]!)) end--;
  return url.slice(0, end);
}

/**
 * The most of one raw text (a summary, a post's content, as the feed wrote it) that is read: its beginning, which
 * titles and summaries are made of, and its end, where a closing source line is. A limit before any pattern runs,
 * so the work on one field is bounded whatever a feed sends; a long article is 50,000 characters.
 */
export const RAW_TEXT_LIMIT = 100_000;

/** `raw` cut to RAW_TEXT_LIMIT characters: its beginning and its last SOURCE_LINE_TAIL, never inside a surrogate pair. */
export function capRawText(raw: string): string {
  if (raw.length <= RAW_TEXT_LIMIT) return raw;
  let headEnd = RAW_TEXT_LIMIT - SOURCE_LINE_TAIL - 1;
  let tailStart = raw.length - SOURCE_LINE_TAIL;
  if (isHighSurrogate(raw.charCodeAt(headEnd - 1))) headEnd--;
  if (isLowSurrogate(raw.charCodeAt(tailStart))) tailStart++;
  return `${raw.slice(0, headEnd)}\n${raw.slice(tailStart)}`;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
