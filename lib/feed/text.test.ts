import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWindows1252 } from '../net/decodeBody';
import { capText, TEXT_LIMITS } from './limits';
import { decodeHTML } from 'entities';
import {
  cleanText,
  decodeAttribute,
  decodeReferences,
  excerpt,
  findSourceLine,
  htmlToText,
  repairMojibake,
  replaceC1Controls,
  readMarkup,
  withoutClosingSourceLine,
} from './text';
import { resolveHttpUrl } from './url';

/** Any Unicode scalar value (fast-check's own `unit: 'binary'` is far slower to generate). */
const codePoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));

describe('htmlToText', () => {
  it('drops tags and invisible blocks, decodes entities, collapses white space', () => {
    expect(
      htmlToText('<p>Hello&nbsp;<em>world</em></p>\n<style>p{}</style><script>x()</script>&#x1F600; &amp; &#169;'),
    ).toBe('Hello world 😀 & ©');
  });

  it('decodes once: text that mentions tags or entities keeps its words', () => {
    expect(htmlToText('Vec&lt;T&gt; vs &amp;[T]')).toBe('Vec<T> vs &[T]');
    expect(htmlToText('History of the &lt;blink&gt; tag')).toBe('History of the <blink> tag');
    expect(htmlToText('&lt;script&gt;alert(1)&lt;/script&gt;safe')).toBe('<script>alert(1)</script>safe');
    expect(htmlToText('&amp;lt;b&amp;gt; is escaped twice')).toBe('&lt;b&gt; is escaped twice');
    expect(htmlToText('AT&T, a < b and c > d, <3, 5<=6')).toBe('AT&T, a < b and c > d, <3, 5<=6');
  });

  it('strips markup by the HTML rules: quoted attributes, unclosed tags, comments, inline and block elements', () => {
    expect(htmlToText('x<img alt="a<br/>b" title=\'c>d\'>y')).toBe('x y');
    expect(htmlToText('text <img src=x onerror=alert(1)')).toBe('text');
    expect(htmlToText('a<!-- <b>hidden</b> -->b')).toBe('ab');
    expect(htmlToText('<b>W</b>ord and <p>one</p><p>two</p>line<br>break')).toBe('Word and one two line break');
    expect(htmlToText('Vec<T> read as HTML')).toBe('Vec read as HTML');
    expect(htmlToText('<svg><text>drawn</text></svg>shown<video src="v"/>too')).toBe('shown too');
    expect(htmlToText('<xhtml:p xmlns:xhtml="http://www.w3.org/1999/xhtml">a</xhtml:p><xhtml:p>b</xhtml:p>')).toBe(
      'a b',
    );
    expect(htmlToText('<![CDATA[wrapped twice]]> and &#146;quoted&#148;')).toBe('wrapped twice and ’quoted”');
  });

  it('decodes the text between two tags on its own, as a browser does: a reference a tag cuts stays as written', () => {
    expect(readMarkup('a &lt;b&gt; <i>c</i>')).toBe('a <b> c');
    expect(readMarkup('&am<b></b>p; &amp<b>;</b>')).toBe('&amp; &;');
    expect(htmlToText('&lt;b&gt;<i>&amp;lt;</i>')).toBe('<b>&lt;');
  });
});

describe('cleanText', () => {
  it('leaves text alone, markup-looking or not', () => {
    for (const text of ['Vec<T> vs &[T]', 'already plain, untouched', 'Zoë 😀 日本', '&amp; stays'])
      expect(cleanText(text)).toBe(text);
  });

  it('collapses every kind of white space, also in text with no markup at all', () => {
    // Every character \s matches: the shortcut for already-clean text must not let any of them through
    // (vertical tab and form feed go with the other control characters).
    const spaces = [...Array(0x10000).keys()].map((c) => String.fromCharCode(c)).filter((c) => /\s/.test(c));
    expect(spaces.length).toBeGreaterThan(20);
    for (const space of spaces) expect(cleanText(`a${space}${space}b${space}`)).toMatch(/^a ?b$/);
    expect(cleanText(' leading')).toBe('leading');
    expect(cleanText('trailing ')).toBe('trailing');
    expect(cleanText('two  spaces')).toBe('two spaces');
  });

  it('removes bidi controls, so no feed can reverse how a name or host is shown', () => {
    const controls = [...'\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069'];
    for (const control of controls) {
      expect(cleanText(`evil${control}moc.sretuer`)).toBe('evilmoc.sretuer');
      expect(htmlToText(`a&#x${control.charCodeAt(0).toString(16)};b`)).toBe('ab');
    }
  });

  it('removes controls, reads C1 controls as the Windows-1252 punctuation meant, replaces lone surrogates', () => {
    expect(cleanText('a\u0000b\u0007c\u007f')).toBe('abc');
    expect(cleanText('don\u0092t \u0093quote\u0094 \u0096 \u0085 \u0080 \u0081')).toBe('don’t “quote” – … €');
    expect(cleanText('half \ud83d an emoji')).toBe('half \ufffd an emoji');
  });
});

describe('entities', () => {
  it('decode by the HTML rules: invalid code points become U+FFFD, unknown names stay', () => {
    expect(htmlToText('&#0;&#xD800;&#x110000;&bogus;')).toBe('\ufffd\ufffd\ufffd&bogus;');
    expect(htmlToText('&hellip;&rsquo;&eacute;&#8217;&#x2019;')).toBe('…’é’’');
  });

  it('in attribute values, by the rules for attributes, so a URL keeps its query', () => {
    expect(decodeAttribute('/feed?a=1&copy=2&amp;b=&lt;3')).toBe('/feed?a=1&copy=2&b=<3');
  });

  // decodeReferences reads the common references itself and leaves the rest to decodeHTML: the two never differ.
  const reference = fc.constantFrom(
    '&amp;',
    '&lt;',
    '&gt;',
    '&quot;',
    '&apos;',
    '&nbsp;',
    '&amp',
    '&AMP;',
    '&ampx;',
    '&copy;',
    '&notit;',
    '&#39;',
    '&#039;',
    '&#8217;',
    '&#x2019;',
    '&#X2019;',
    '&#x1F600;',
    '&#128512;',
    '&#0;',
    '&#150;',
    '&#x85;',
    '&#55296;',
    '&#xD800;',
    '&#1114111;',
    '&#x110000;',
    '&#99999999;',
    '&#;',
    '&#x;',
    '&#38',
    '&',
    '#',
    ';',
    'x',
    '1',
    'amp',
    ' ',
    'a',
    'é',
  );
  it('decodes exactly as decodeHTML does, the common references by a scan and any other by decodeHTML', () => {
    expect(decodeReferences('a &amp; b &#8217;&#x2019; &lt;3')).toBe('a & b ’’ <3');
    fc.assert(
      fc.property(fc.array(reference, { maxLength: 10 }), (parts) => {
        const text = parts.join('');
        expect(decodeReferences(text)).toBe(decodeHTML(text));
      }),
      { numRuns: 5000 },
    );
  }, 60_000);
});

/** `text` as it looks when its UTF-8 bytes are read as Windows-1252 (by the WHATWG table, C1 controls included). */
const mojibake = (text: string) => decodeWindows1252(new TextEncoder().encode(text));

/** Words of real text in many scripts, between the punctuation (and next to the Latin-1 letters) mojibake is made of. */
const naturalWord = fc.constantFrom(
  'Röben',
  'Gruß',
  'Straße',
  'MÜNCHEN',
  'ÖSTERREICH',
  'Zoë',
  'café',
  'CAFÉ',
  'naïve',
  'façade',
  'déjà',
  'voilà',
  'à',
  'Ægir',
  'Øresund',
  'Åland',
  'São',
  'SÃO',
  'niño',
  'AÑO',
  'ESPAÑA',
  'Łódź',
  'Čeština',
  'İstanbul',
  'Ελλάδα',
  'Россия',
  'עברית',
  'العربية',
  '日本語',
  '한국어',
  '😀',
  'AI',
  'model',
  'x',
  '1990',
  'PERCHÈ',
  'OÙ',
  'NAÏF',
  'À',
  'Å',
  'ÉTÉ',
  'ÜBER',
  'ÀÉÎÕÜ',
  'SEÑOR',
  'NIÑO',
  'ÐÞ',
  '5',
  '€5',
  '20°',
  'm²',
  '±2',
  '©',
  'ACME™',
);
const opening = fc.constantFrom('', '', '“', '„', '‚', '‘', '«', '»', '(', '¿', '¡', '–');
const closing = fc.constantFrom(
  '',
  '',
  '’',
  '”',
  '“',
  '…',
  '–',
  '—',
  '»',
  '«',
  '.',
  ',',
  '’s',
  '™',
  '©',
  '°',
  '²',
  '¶',
  '±',
  '•',
  '€',
  ')',
  '!',
  '?',
);
const naturalText = fc
  .array(fc.tuple(opening, naturalWord, closing), { minLength: 1, maxLength: 8 })
  .map((words) => words.map((w) => w.join('')).join(' '));

describe('repairMojibake', () => {
  it('repairs UTF-8 read as Latin-1 or Windows-1252', () => {
    expect(repairMojibake('Friedrich Nihat RÃ¶ben')).toBe('Friedrich Nihat Röben');
    expect(repairMojibake('cafÃ© â€” naÃ¯ve')).toBe('café — naïve');
    expect(repairMojibake('donâ€™t')).toBe('don’t');
    expect(repairMojibake('â€œquotedâ€\u009d')).toBe('“quoted”');
    // The closing quote's last byte (0x9D, undefined in Windows-1252) is often lost on the way.
    expect(repairMojibake('â€œquotedâ€')).toBe('“quoted”');
    expect(repairMojibake('voilÃ\u00a0')).toBe('voilà');
    expect(repairMojibake('æ—¥æœ¬èªž')).toBe('日本語');
    expect(repairMojibake('RomÃ¢nia È™i Moldova')).toBe('România și Moldova');
    expect(repairMojibake('CEOs È™i Ã®n LLMs')).toBe('CEOs și în LLMs');
    expect(repairMojibake('Å»ywiec, Å\u0081Ã³dÅº')).toBe('Żywiec, Łódź');
    expect(cleanText('donâ€™t  stop')).toBe('don’t stop');
  });

  it('leaves correct text alone, also where Latin-1 letters and Windows-1252 punctuation meet', () => {
    for (const text of [
      'Röben',
      'Ça va',
      'Ã',
      'plain ASCII',
      'Zoë 😀',
      'Ã¶ and 😀',
      'Gruß…',
      'MÜ–',
      'CAFÉ”',
      'CAFÉ…',
      'Ö—',
      'Ø…',
      'PERCHÈ’',
      // Exactly the mojibake of `PERCHș Ņ` (ș is È™, Ņ is Å…): a small letter after capitals tells them apart.
      'PERCHÈ™ Å…',
      // And of `Ż ű`: no word is one such letter alone.
      'Å» Å±',
      'OÙ…',
      'NAÏ…',
      'Ì”',
    ]) {
      expect(repairMojibake(text)).toBe(text);
    }
  });

  it('never changes correct text: real words in any script, next to the punctuation mojibake is made of', () => {
    fc.assert(
      fc.property(naturalText, (text) => void expect(repairMojibake(text)).toBe(text)),
      { numRuns: 5000 },
    );
  }, 60_000);

  it('never changes a string unless it is exactly the Latin-1 or Windows-1252 reading of its repair’s UTF-8', () => {
    // The only change allowed: undoing mojibake (with the closing quote's lost byte restored). Any string a UTF-8
    // decoder can produce, Latin-1 soup made to look like mojibake, and real text all go through.
    const latin1 = fc.string({
      unit: fc.constantFrom(
        ...[...Array(256).keys()].map((c) => String.fromCharCode(c)),
        '€',
        '’',
        '“',
        '”',
        '–',
        '—',
        '…',
        '™',
      ),
      maxLength: 12,
    });
    const windows1252 = new Map(
      [...Array(32).keys()].map((i) => [decodeWindows1252(Uint8Array.of(0x80 + i)), 0x80 + i]),
    );
    const bytesOf = (text: string) => [...text].map((c) => windows1252.get(c) ?? c.charCodeAt(0));
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: codePoint }), fc.string({ unit: 'grapheme' }), latin1, naturalText),
        (text) => {
          const repaired = repairMojibake(text);
          if (repaired === text) return;
          const utf8 = [...new TextEncoder().encode(repaired)];
          const read = bytesOf(text);
          // A lost 0x9D (the end of ”, E2 80 9D) is the one byte the repair may add.
          expect(
            utf8.filter(
              (b, i) => !(b === 0x9d && utf8[i - 1] === 0x80 && utf8[i - 2] === 0xe2 && read.length < utf8.length),
            ),
          ).toEqual(read);
        },
      ),
      { numRuns: 10000 },
    );
  }, 60_000);

  it('undoes the mojibake of real text that shows it: a Latin-1 letter, a character beyond U+07FF, or two others', () => {
    // One 2-byte character outside Latin-1 alone (İ, ř, π) is left as it is: `Å™` may as well be correct text.
    const evidence = (text: string) =>
      [...text].reduce((sum, c) => sum + (c < '\u0080' ? 0 : c <= '\u00ff' || c > '\u07ff' ? 2 : 1), 0);
    fc.assert(
      fc.property(naturalText, (text) => {
        fc.pre(evidence(text) >= 2);
        expect(repairMojibake(mojibake(text))).toBe(text);
      }),
      { numRuns: 5000 },
    );
    expect(repairMojibake(mojibake('İstanbul Čeština'))).toBe('İstanbul Čeština');
    expect(repairMojibake(mojibake('İstanbul'))).toBe(mojibake('İstanbul'));
  }, 60_000);
});

describe('htmlToText on generated markup', () => {
  const word = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9]{1,8}$/),
    fc.constantFrom('<T>', '&[T]', '&amp;', '<blink>', 'a<b', '<3', '"q"', "'s", '&'),
  );
  const tag = fc.constantFrom(
    '<b>',
    '</b>',
    '<p>',
    '</p>',
    '<br/>',
    '<img alt="a<br/>b" src=x>',
    "<a title='>'>",
    '</a>',
    '<!-- x -->',
    '<script>w()</script>',
    '<style>.x{}</style>',
  );
  const escape = (w: string) => w.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  it('keeps every escaped word and nothing of the markup around it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(tag), word), { minLength: 1, maxLength: 10 }), (parts) => {
        const html = parts.map(([t, w]) => `${t ?? ''} ${escape(w)} `).join('');
        expect(htmlToText(html)).toBe(parts.map(([, w]) => w).join(' '));
      }),
      { numRuns: 3000 },
    );
  }, 60_000);

  it('reads as if each block element were one space: the spaces the stripper leaves out change nothing', () => {
    // readMarkup writes one space where words separate, not one per block, and folds the spaces and line breaks
    // at the texts' ends into it: the text must come out as if each block, each hidden element, each tag and
    // comment had been replaced by what it stands for (a space, or nothing), each text between two of them decoded
    // on its own, and the rest left as written. The texts hold every kind of white space, the bytes of mojibake
    // (which a no-break space or a removed form feed beside them changes) and references, anywhere around the tags.
    const markup = fc.constantFrom(
      ['<p>', ' '],
      ['</p>', ' '],
      ['<br/>', ' '],
      ['<DIV class="x">', ' '],
      ['<xhtml:p>', ' '],
      ['<script>w()</script>', ' '],
      ['<b>', ''],
      ['</b>', ''],
      ['<a href="/x">', ''],
      ['<!-- x -->', ''],
    );
    const text = fc.constantFrom(
      'word',
      'Ã',
      '¶',
      'Ã¶',
      'Â',
      ' ',
      '  ',
      '\n',
      '\t',
      '\r\n',
      '\f',
      '\v',
      '\u00a0',
      '\u2003',
      '\u0085',
      '&amp;',
      '&nbsp;',
      '&#10;',
      '&',
    );
    const piece = fc.oneof(
      markup,
      text.map((t): [string, string] => [t, t]),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const html = pieces.map(([written]) => written).join('');
        // The texts between markup, each decoded on its own, and what each piece of markup stands for.
        let asRead = '';
        let between = '';
        for (const [written, read] of pieces) {
          if (written === read) {
            between += written;
            continue;
          }
          asRead += decodeHTML(between) + read;
          between = '';
        }
        asRead += decodeHTML(between);
        expect(htmlToText(html)).toBe(cleanText(asRead));
      }),
      { numRuns: 10000 },
    );
  }, 60_000);

  it('never throws and yields inert text on any input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: codePoint }),
          fc.array(fc.oneof(tag, word, fc.string({ maxLength: 4 }))).map((p) => p.join('')),
        ),
        (input) => {
          const text = htmlToText(input);
          // eslint-disable-next-line no-control-regex
          expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[^\S ]/);
          expect(text.isWellFormed()).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  }, 60_000);
});

describe('text that needs no cleaning', () => {
  // cleanText and htmlToText return text that needs nothing done as it is, after one quick check. A leading control
  // character sends any text down the whole way (controls are the first thing removed), so the two must agree.
  const piece = fc.constantFrom(
    ' ',
    '  ',
    'a',
    'Word',
    '\t',
    '\n',
    '\u00a0',
    '\u2003',
    'Ã¶',
    'Â',
    'é',
    '\u0085',
    '\u202e',
    '\ud83d',
    '😀',
    '<b>',
    '&amp;',
    '&',
    '<',
  );
  const text = fc.oneof(
    fc.string(),
    fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
  );

  it('that only needs its spacing collapsed comes out as every step of the cleaning would make it', () => {
    const spacing = fc.constantFrom(
      ' ',
      '  ',
      '\t',
      '\n',
      '\r',
      '\v',
      '\f',
      '\u00a0',
      '\u2003',
      '\u2028',
      '\u3000',
      '\ufeff',
      '\u1680',
      '\u2000',
      '\u200a',
      '\u2029',
      '\u202f',
      '\u205f',
    );
    const other = fc.constantFrom(
      'Word',
      'é',
      'Ã¶',
      'Â',
      '\u0000',
      '\u0008',
      '\u001f',
      '\u007f',
      '\u0085',
      '\u009f',
      '\u202a',
      '\u202e',
      '\u2066',
      '\u2069',
      '\ud83d',
      '😀',
      'a b',
      '\u180e',
      '\u200b',
      '\u00a1',
      '\u00f5',
      '\u202b',
    );
    // eslint-disable-next-line no-control-regex
    const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]+/g;
    const everyStep = (input: string) =>
      replaceC1Controls(repairMojibake(input.replace(controls, '').toWellFormed()))
        .replace(/\s+/g, ' ')
        .trim();
    fc.assert(
      fc.property(fc.array(fc.oneof(spacing, other), { maxLength: 10 }), (parts) => {
        const input = parts.join('');
        expect(cleanText(input)).toBe(everyStep(input));
      }),
      { numRuns: 5000 },
    );
  }, 60_000);

  it('comes out as the whole cleaning would make it', () => {
    fc.assert(
      fc.property(text, (input) => {
        expect(cleanText(input)).toBe(cleanText(`\u0001${input}`));
        expect(htmlToText(input)).toBe(htmlToText(`\u0001${input}`));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('capText', () => {
  it('cuts at the limit with an ellipsis, never inside a surrogate pair', () => {
    expect(capText('x'.repeat(TEXT_LIMITS.tag), 'tag')).toBe('x'.repeat(TEXT_LIMITS.tag));
    const capped = capText('x'.repeat(TEXT_LIMITS.tag - 2) + '😀😀', 'tag');
    expect(capped.length).toBeLessThanOrEqual(TEXT_LIMITS.tag);
    expect(capped.isWellFormed()).toBe(true);
    expect(capped.endsWith('…')).toBe(true);
  });
});

describe('excerpt', () => {
  it('cuts at a word boundary with an ellipsis', () => {
    expect(excerpt('alpha beta gamma delta epsilon', 20)).toBe('alpha beta gamma…');
    expect(excerpt('short', 12)).toBe('short');
  });

  it('ends as the pattern it replaced ended it: without the spaces and stops before the ellipsis', () => {
    const before = (text: string, max: number) => {
      if (text.length <= max) return text;
      let cut = text.slice(0, max - 1);
      const last = cut.charCodeAt(cut.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
      const lastSpace = cut.lastIndexOf(' ');
      return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
    };
    const piece = fc.constantFrom('word', ' ', '  ', ',', ';', ':', '.', '–', '—', '-', '\n', '\u00a0', '!', '😀', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 2, max: 40 }), (parts, max) => {
        const text = parts.join('');
        expect(excerpt(text, max)).toBe(before(text, max));
      }),
      { numRuns: 3000 },
    );
  }, 60_000);
});

describe('findSourceLine', () => {
  it('takes the last "Source: <url>" line', () => {
    expect(findSourceLine('see x\nSource : https://a.test/1\nSources: https://b.test/2).')).toBe('https://b.test/2');
    expect(findSourceLine('no source here')).toBeUndefined();
  });
});

describe('withoutClosingSourceLine', () => {
  it('cuts the closing source line and the space before it', () => {
    expect(withoutClosingSourceLine('Words. Source : https://a.test/1 ')).toBe('Words.');
    expect(withoutClosingSourceLine('Words (Sources:https://a.test/1')).toBe('Words (');
    expect(withoutClosingSourceLine('Source: https://a.test/1 and more')).toBe('Source: https://a.test/1 and more');
    expect(withoutClosingSourceLine('Resource: https://a.test/1')).toBe('Resource: https://a.test/1');
    // Characters that are not white space to the pattern (a zero-width space, U+180E) are part of the address.
    expect(withoutClosingSourceLine('Words Source : https://a.test/\u200b1\u180ex')).toBe('Words');
  });

  it('cuts exactly where the pattern searched over the whole window cut', () => {
    // The search it replaced: the pattern over the text's last 600 characters, after a pre-check for the label.
    const before = (text: string) => {
      if (!text.includes(':')) return text;
      const tailStart = Math.max(0, text.length - 600);
      const tail = text.slice(tailStart);
      if (!/\bsources?\s*:/i.test(tail)) return text;
      const cut = tail.search(/\s*\bSources?\s*:\s*\S+\s*$/i);
      return cut < 0 ? text : text.slice(0, tailStart + cut);
    };
    const piece = fc.constantFrom(
      'Source',
      'sources',
      'SOURCE',
      'Resource',
      ':',
      ' ',
      '  ',
      '\n',
      '\t',
      '\u00a0',
      '\u2003',
      '\u3000',
      '\ufeff',
      '\u200b',
      'https://a.test/1',
      '(',
      ')',
      '.',
      'word',
      'é',
      '😀',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), fc.integer({ min: 0, max: 320 }), (parts, filler) => {
        // Filler before the pieces puts the window's start anywhere, also inside a source line.
        const text = 'ab '.repeat(filler) + parts.join('');
        expect(withoutClosingSourceLine(text)).toBe(before(text));
      }),
      { numRuns: 5000 },
    );
  }, 60_000);
});

describe('urls', () => {
  it('keeps http(s) only', () => {
    expect(resolveHttpUrl(' https://x.test/a ')).toBe('https://x.test/a');
    expect(resolveHttpUrl('HTTPS://X.test/a/../b', 'https://other.test/')).toBe('https://x.test/b');
    expect(resolveHttpUrl('https:relative', 'https://x.test/dir/feed')).toBe('https://x.test/dir/relative');
    expect(resolveHttpUrl('JavaScript:alert(1)')).toBeUndefined();
    expect(resolveHttpUrl('/p', 'https://x.test/feed')).toBe('https://x.test/p');
    expect(resolveHttpUrl('/p')).toBeUndefined();
    expect(resolveHttpUrl(42)).toBeUndefined();
  });
});
