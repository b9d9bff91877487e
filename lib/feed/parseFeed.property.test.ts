import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArticleSchema, FeedInfoSchema, type ParseResult } from './article';
import { TEXT_LIMITS } from './limits';
import { parseFeed } from './parseFeed';

// Property-based: thousands of generated feeds in every format, and mutations of them (cut off, bytes inserted,
// ranges dropped or repeated), through the parser. Whatever comes in, the parser never throws, every link it
// yields is http(s), every record passes the schema the store checks, and every text is inert and bounded: no
// controls, no bidi overrides, no lone surrogates, no longer than its limit.
// Then feeds built from known text: each text is written the way its field declares (HTML, escaped or in CDATA,
// with markup around it; or plain text), and must come out as exactly that text: markup gone, words kept.

const RUNS = Number(process.env.FEED_PROPERTY_RUNS ?? 1000);
const FETCHED_URL = 'https://feeds.example.org/path/feed';
/** Thousands of parses per test: far slower than one, and slower still on a shared machine. */
const TIMEOUT = 120_000;

const hostileStrings = fc.constantFrom(
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '&lt;b&gt;bold&lt;/b&gt;',
  '&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;',
  '&#x3C;svg onload=alert(1)&#x3E;',
  '&#60;a href=x&#62;',
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  '//evil.example/x',
  '/relative/path?q=<x>',
  'https://ok.example/a?b=<c>&d="e"',
  'http://',
  'mailto:a@b.c',
  'RÃ¶ben',
  ']]>',
  '<![CDATA[',
  '<!-- comment -->',
  '\u0000\u0001\u001f',
  '\ud800',
  'evil\u202emoc.sretuer',
  '\u2066isolated\u2069\u202a\u202b\u202c\u202d',
  'don\u0092t \u0093C1\u0094 \u0081',
  'donâ€™t',
  '&#x202E;spelled&#8238;out',
  'Source: javascript:alert(1)',
  'Source: https://source.example/story',
  '<p>Para</p><style>p{}</style>',
  '<<script>script>alert(1)<</script>/script>',
  '2024-10-18T00:22:00Z',
  'Fri, 18 Oct 2024 00:22:00 GMT',
  'not a date',
);
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  hostileStrings,
  fc.array(fc.oneof(hostileStrings, fc.string({ maxLength: 10 })), { maxLength: 4 }).map((p) => p.join('')),
);
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: text },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('name', 'url', 'avatar', 'mime_type', 'size_in_bytes'), text, { maxKeys: 3 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const jsonItem = fc.record(
  {
    id: anyJson,
    url: anyJson,
    external_url: anyJson,
    title: anyJson,
    content_html: anyJson,
    content_text: anyJson,
    summary: anyJson,
    image: anyJson,
    banner_image: anyJson,
    date_published: anyJson,
    date_modified: anyJson,
    authors: anyJson,
    author: anyJson,
    tags: anyJson,
    language: anyJson,
    attachments: fc.oneof(
      anyJson,
      fc.array(fc.record({ url: anyJson, mime_type: anyJson, title: anyJson, size_in_bytes: anyJson }), {
        maxLength: 3,
      }),
    ),
  },
  { requiredKeys: [] },
);
const jsonFeedBody = fc
  .record(
    {
      version: fc.oneof(
        fc.constantFrom(
          'https://jsonfeed.org/version/1.1',
          'https://jsonfeed.org/version/1',
          'http://jsonfeed.org/version/1/',
        ),
        anyJson,
      ),
      title: anyJson,
      home_page_url: anyJson,
      feed_url: anyJson,
      next_url: anyJson,
      icon: anyJson,
      favicon: anyJson,
      description: anyJson,
      language: anyJson,
      expired: anyJson,
      authors: anyJson,
      items: fc.oneof(
        { weight: 6, arbitrary: fc.array(fc.oneof({ weight: 8, arbitrary: jsonItem }, anyJson), { maxLength: 6 }) },
        anyJson,
      ),
    },
    { requiredKeys: ['version'] },
  )
  .map((doc) => JSON.stringify(doc));

/** A value as it may appear in XML: escaped, in CDATA, or raw (raw markup may make the document malformed). */
const xmlText = fc
  .tuple(text, fc.constantFrom('escaped', 'cdata', 'raw'))
  .map(([value, how]) =>
    how === 'escaped'
      ? value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      : how === 'cdata'
        ? `<![CDATA[${value}]]>`
        : value,
  );
const attr = text.map((v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;'));
const el = (name: string, value: fc.Arbitrary<string>) =>
  maybe(value).map((v) => (v === undefined ? '' : `<${name}>${v}</${name}>`));

const rssItem = fc
  .tuple(
    el('title', xmlText),
    el('link', xmlText),
    el('description', xmlText),
    el('content:encoded', xmlText),
    el('pubDate', xmlText),
    el('guid', xmlText),
    el('dc:creator', xmlText),
    el('category', xmlText),
    el('author', xmlText),
    maybe(fc.tuple(attr, xmlText)).map((s) => (s ? `<source url="${s[0]}">${s[1]}</source>` : '')),
    maybe(fc.tuple(attr, attr)).map((e) => (e ? `<enclosure url="${e[0]}" type="${e[1]}" length="12"/>` : '')),
    maybe(attr).map((u) => (u ? `<media:thumbnail url="${u}"/>` : '')),
  )
  .map((parts) => `<item>${parts.join('')}</item>`);
const rssBody = fc
  .tuple(el('title', xmlText), el('link', xmlText), el('description', xmlText), fc.array(rssItem, { maxLength: 5 }))
  .map(
    ([title, link, description, items]) =>
      `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/"><channel>${title}${link}${description}${items.join('')}</channel></rss>`,
  );

const atomLink = fc
  .tuple(maybe(fc.constantFrom('alternate', 'related', 'via', 'enclosure', 'self', 'next', 'bogus')), attr)
  .map(([rel, href]) => `<link${rel ? ` rel="${rel}"` : ''} href="${href}"/>`);
const atomContent = fc
  .tuple(maybe(fc.constantFrom('text', 'html', 'xhtml')), xmlText)
  .map(([type, v]) =>
    type === 'xhtml'
      ? `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${v}</div></content>`
      : `<content${type ? ` type="${type}"` : ''}>${v}</content>`,
  );
const atomEntry = fc
  .tuple(
    el('title', xmlText),
    el('id', xmlText),
    fc.array(atomLink, { maxLength: 3 }),
    el('updated', xmlText),
    el('published', xmlText),
    el('summary', xmlText),
    maybe(atomContent).map((c) => c ?? ''),
    maybe(xmlText).map((n) => (n === undefined ? '' : `<author><name>${n}</name></author>`)),
    maybe(fc.tuple(attr, attr)).map((c) => (c ? `<category term="${c[0]}" label="${c[1]}"/>` : '')),
    maybe(attr).map((b) => b),
  )
  .map(
    ([title, id, links, updated, published, summary, content, author, category, base]) =>
      `<entry${base !== undefined ? ` xml:base="${base}"` : ''}>${title}${id}${links.join('')}${updated}${published}${summary}${content}${author}${category}</entry>`,
  );
const atomBody = fc
  .tuple(
    el('title', xmlText),
    fc.array(atomLink, { maxLength: 3 }),
    el('icon', xmlText),
    maybe(attr),
    fc.array(atomEntry, { maxLength: 5 }),
  )
  .map(
    ([title, links, icon, base, entries]) =>
      `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"${base !== undefined ? ` xml:base="${base}"` : ''}>${title}${links.join('')}${icon}<id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>${entries.join('')}</feed>`,
  );

const rdfItem = fc
  .tuple(
    attr,
    el('title', xmlText),
    el('link', xmlText),
    el('description', xmlText),
    el('dc:date', xmlText),
    el('dc:creator', xmlText),
    el('dc:subject', xmlText),
  )
  .map(([about, ...parts]) => `<item rdf:about="${about}">${parts.join('')}</item>`);
const rdfBody = fc
  .tuple(el('title', xmlText), el('link', xmlText), fc.array(rdfItem, { maxLength: 5 }))
  .map(
    ([title, link, items]) =>
      `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://x.example/">${title}${link}<description>d</description></channel>${items.join('')}</rdf:RDF>`,
  );

const htmlBody = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.constantFrom('alternate', 'alternate feed', 'stylesheet', 'ALTERNATE'),
        fc.constantFrom('application/rss+xml', 'application/atom+xml', 'application/feed+json', 'text/html'),
        attr,
        attr,
      ),
      { maxLength: 4 },
    ),
    text,
  )
  .map(
    ([links, body]) =>
      `<!doctype html><html><head>${links.map(([rel, type, href, title]) => `<link rel="${rel}" type="${type}" href="${href}" title="${title}">`).join('')}</head><body><form><input type="password"></form>${body}</body></html>`,
  );

/** Mutations real transport and real servers produce: cut off, junk inserted, ranges dropped or repeated. */
function mutated(body: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      body,
      fc.nat(),
      fc.nat(),
      fc.string({ maxLength: 8 }),
      fc.constantFrom('truncate', 'insert', 'drop', 'repeat', 'bom'),
    )
    .map(([b, i, j, junk, how]) => {
      const at = b.length ? i % b.length : 0;
      const len = b.length ? j % Math.max(1, b.length - at) : 0;
      if (how === 'truncate') return b.slice(0, at);
      if (how === 'insert') return b.slice(0, at) + junk + b.slice(at);
      if (how === 'drop') return b.slice(0, at) + b.slice(at + len);
      if (how === 'repeat') return b.slice(0, at + len) + b.slice(at, at + len) + b.slice(at + len);
      return `\uFEFF${b}`;
    });
}

function isHttp(url: string): boolean {
  const parsed = new URL(url);
  return (parsed.protocol === 'http:' && !!parsed.hostname) || (parsed.protocol === 'https:' && !!parsed.hostname);
}

/**
 * Not inert text: C0/C1 controls and white space other than the space (all collapsed), bidi embeddings, overrides
 * and isolates, lone surrogates.
 */
const NOT_INERT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[^\S ]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function expectInert(text: string, limit: number) {
  expect(text, JSON.stringify(text)).not.toMatch(NOT_INERT);
  expect(text.length, text).toBeLessThanOrEqual(limit);
  expect(text).toBe(text.trim());
}

/** The promises the parser keeps for any input. Returns the result so callers can count outcomes. */
function checkInvariants(body: string, contentType?: string): ParseResult {
  let result: ParseResult;
  expect(() => {
    result = parseFeed(body, { contentType, fetchedUrl: FETCHED_URL });
  }).not.toThrow();
  result = result!;
  if (!result.ok) {
    expect(result.error.message.length).toBeGreaterThan(10);
    for (const feed of result.error.discovered ?? []) {
      expect(isHttp(feed.url)).toBe(true);
      expectInert(feed.title, TEXT_LIMITS.discoveredTitle);
    }
    return result;
  }
  const { feed, articles, problems } = result;
  expect(FeedInfoSchema.safeParse(feed).success).toBe(true);
  for (const url of [feed.homePageUrl, feed.feedUrl, feed.iconUrl, feed.nextUrl])
    if (url !== undefined) expect(isHttp(url)).toBe(true);
  expectInert(feed.title, TEXT_LIMITS.feedTitle);
  expectInert(feed.description ?? '', TEXT_LIMITS.feedDescription);
  for (const article of articles) {
    expect(ArticleSchema.safeParse(article).success).toBe(true);
    const urls = [article.url, article.sourceUrl, article.imageUrl, ...(article.attachments ?? []).map((a) => a.url)];
    for (const url of urls) if (url !== undefined) expect(isHttp(url), url).toBe(true);
    expectInert(article.title, TEXT_LIMITS.title);
    expectInert(article.summary, TEXT_LIMITS.summary);
    expect(article.tags.length).toBeLessThanOrEqual(TEXT_LIMITS.tags);
    for (const tag of [...article.tags, ...(article.tagTerms ?? [])]) expectInert(tag, TEXT_LIMITS.tag);
    expect(article.authors.length).toBeLessThanOrEqual(TEXT_LIMITS.authors);
    for (const author of article.authors) expectInert(author, TEXT_LIMITS.author);
    for (const attachment of article.attachments ?? []) {
      expectInert(attachment.title ?? '', TEXT_LIMITS.attachmentTitle);
      expectInert(attachment.mimeType ?? '', TEXT_LIMITS.mimeType);
    }
  }
  for (const problem of problems) expect(problem.item).not.toMatch(NOT_INERT);
  return result;
}

describe('parseFeed on generated feeds', () => {
  const formats: [string, fc.Arbitrary<string>, string?][] = [
    ['JSON Feed', jsonFeedBody, 'application/feed+json'],
    ['RSS 2.0', rssBody, 'application/rss+xml'],
    ['Atom 1.0', atomBody, 'application/atom+xml'],
    ['RSS 1.0 / RDF', rdfBody, 'application/rdf+xml'],
    ['an HTML page', htmlBody, 'text/html'],
  ];
  for (const [name, body, contentType] of formats) {
    it(
      `${name}: never throws, only http(s) links, valid records, inert bounded text (${RUNS} feeds)`,
      () => {
        let parsedOk = 0;
        fc.assert(
          fc.property(body, fc.boolean(), (b, sendType) => {
            if (checkInvariants(b, sendType ? contentType : 'text/plain').ok) parsedOk++;
          }),
          { numRuns: RUNS },
        );
        // The generators must reach the normaliser, not only the error paths (an HTML page is never a feed).
        if (name !== 'an HTML page') expect(parsedOk).toBeGreaterThan(RUNS / 10);
      },
      TIMEOUT,
    );

    it(
      `${name}, mutated: never throws, only http(s) links, valid records, inert bounded text (${RUNS} feeds)`,
      () => {
        fc.assert(
          fc.property(mutated(body), (b) => void checkInvariants(b)),
          { numRuns: RUNS },
        );
      },
      TIMEOUT,
    );
  }

  it(
    'arbitrary strings and unicode: never throws',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.json()), (b) => void checkInvariants(b)),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

// ---- Text written per its declared type comes out as that text --------------------------------------------------

/** Words that look like markup or entities but are text, words with non-ASCII letters, and plain words. */
const word = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,9}$/) },
  fc.constantFrom(
    'Vec<T>',
    '&[T]',
    '<blink>',
    'a<b',
    'x>y',
    '<3',
    '&',
    '&amp;',
    '&lt;p&gt;',
    '&copy;',
    '"quoted"',
    "it's",
    'Röben',
    'don’t',
    '“Sicher”',
    '€5',
    '日本',
    '😀',
    '</>',
    '<',
    '>',
    ';',
  ),
);
const words = fc.array(word, { minLength: 1, maxLength: 8 });

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeXml = escapeHtml;

/** Markup a feed may wrap text in; none of it may reach the output. Each is well-formed XML too (for xhtml). */
const markup = fc.constantFrom(
  '<b>',
  '</b>',
  '<em class="x">',
  '</em>',
  '<br/>',
  '<p>',
  '</p>',
  '<span title="x&gt;y">',
  '</span>',
  '<img src="x" alt="a&lt;br/&gt;b" onerror="alert(1)"/>',
  '<script>alert(1)</script>',
  '<style>p{color:red}</style>',
  '<!-- a comment -->',
  '<a href="javascript:alert(1)">',
  '</a>',
  '<svg><text>svg text</text></svg>',
);

/** Markup that is HTML but not XML (raw `<` in attribute values, unclosed tags): for fields that are not xhtml. */
const htmlOnlyMarkup = fc.oneof(
  markup,
  fc.constantFrom('<img alt="a<br/>b" title=\'c>d\'>', '<br>', '<p class=x>', '<a href=x title="</a>">'),
);

/** A text as HTML: its words escaped, markup between them. */
const asHtml = (ws: string[], tags: fc.Arbitrary<string> = htmlOnlyMarkup) =>
  fc
    .array(fc.option(tags, { nil: undefined }), { minLength: ws.length + 1, maxLength: ws.length + 1 })
    .map((tags) => ws.map((w, i) => `${tags[i] ?? ''} ${escapeHtml(w)} `).join('') + (tags[ws.length] ?? ''));
/** In XML, a value is escaped or in a CDATA section. */
const inXml = (value: string, how: 'escaped' | 'cdata') =>
  how === 'cdata' ? `<![CDATA[${value}]]>` : escapeXml(value);
const how = fc.constantFrom<'escaped' | 'cdata'>('escaped', 'cdata');

/** One text field: the words, and how the feed writes them in a field of the given type. */
function field(type: 'html' | 'text' | 'xhtml') {
  return words.chain((ws) => {
    const expected = ws.join(' ');
    if (type === 'text') return how.map((h) => ({ expected, xml: inXml(expected, h), raw: expected }));
    return asHtml(ws, type === 'xhtml' ? markup : htmlOnlyMarkup).chain((html) =>
      type === 'xhtml'
        ? fc.constant({ expected, xml: `<div xmlns="http://www.w3.org/1999/xhtml">${html}</div>`, raw: html })
        : how.map((h) => ({ expected, xml: inXml(html, h), raw: html })),
    );
  });
}
type Field = { expected: string; xml: string; raw: string };
const cap = (text: string, limit: number) => (text.length <= limit ? text : undefined);

function parseOne(body: string) {
  const result = parseFeed(body, { fetchedUrl: FETCHED_URL });
  if (!result.ok) throw new Error(result.error.message);
  expect(result.articles).toHaveLength(1);
  return result.articles[0]!;
}

describe('text written per its declared type keeps its words and loses its markup', () => {
  it(
    'RSS 2.0: every field is HTML, escaped or in CDATA',
    () => {
      fc.assert(
        fc.property(
          field('html'),
          field('html'),
          field('html'),
          field('html'),
          (title, description, creator, category) => {
            const article = parseOne(
              `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><item>` +
                `<guid>g</guid><title>${title.xml}</title><description>${description.xml}</description>` +
                `<dc:creator>${creator.xml}</dc:creator><category>${category.xml}</category></item></channel></rss>`,
            );
            expect(article.title).toBe(title.expected);
            expect(article.summary).toBe(description.expected);
            expect(article.authors).toEqual([creator.expected]);
            if (cap(category.expected, TEXT_LIMITS.tag)) expect(article.tags).toEqual([category.expected]);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'Atom: text, html and xhtml constructs each as their type says; names and category labels are text',
    () => {
      const construct = fc
        .constantFrom<'text' | 'html' | 'xhtml'>('text', 'html', 'xhtml')
        .chain((type) => field(type).map((f) => ({ type, ...f })));
      fc.assert(
        fc.property(construct, construct, field('text'), field('text'), (title, summary, name, label) => {
          const article = parseOne(
            `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:f</id><updated>2024-01-01T00:00:00Z</updated>` +
              `<entry><id>urn:e</id><updated>2024-01-01T00:00:00Z</updated><title type="${title.type}">${title.xml}</title>` +
              `<summary type="${summary.type}">${summary.xml}</summary><author><name>${escapeXml(name.expected)}</name></author>` +
              `<category term="t" label="${escapeXml(label.expected).replace(/"/g, '&quot;')}"/></entry></feed>`,
          );
          expect(article.title).toBe(title.expected);
          expect(article.summary).toBe(summary.expected);
          expect(article.authors).toEqual([name.expected]);
          if (cap(label.expected, TEXT_LIMITS.tag)) expect(article.tags).toEqual([label.expected]);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'JSON Feed: titles, summaries, names and tags are plain text; content_html is HTML',
    () => {
      fc.assert(
        fc.property(
          field('text'),
          field('text'),
          field('html'),
          field('text'),
          field('text'),
          (title, summary, content, name, tag) => {
            const item = {
              id: '1',
              title: title.raw,
              summary: summary.raw,
              authors: [{ name: name.raw }],
              tags: [tag.raw],
            };
            const doc = {
              version: 'https://jsonfeed.org/version/1.1',
              title: 'T',
              items: [item, { id: '2', title: 'x', content_html: content.raw }],
            };
            const result = parseFeed(JSON.stringify(doc), { fetchedUrl: FETCHED_URL });
            if (!result.ok) throw new Error(result.error.message);
            const [first, second] = result.articles;
            expect(first!.title).toBe(title.expected);
            expect(first!.summary).toBe(summary.expected);
            expect(first!.authors).toEqual([name.expected]);
            if (cap(tag.expected, TEXT_LIMITS.tag)) expect(first!.tags).toEqual([tag.expected]);
            expect(second!.summary).toBe(content.expected);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'RSS 1.0 / RDF: every field is HTML',
    () => {
      fc.assert(
        fc.property(field('html'), field('html'), (title: Field, description: Field) => {
          const article = parseOne(
            `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">` +
              `<channel rdf:about="https://x.example/"><title>T</title><link>https://x.example/</link><description>d</description></channel>` +
              `<item rdf:about="https://x.example/1"><title>${title.xml}</title><link>https://x.example/1</link><description>${description.xml}</description></item></rdf:RDF>`,
          );
          expect(article.title).toBe(title.expected);
          expect(article.summary).toBe(description.expected);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

// ---- Identity ----------------------------------------------------------------------------------------------------

describe('items without an id or a link', () => {
  const plainWords = fc
    .array(fc.stringMatching(/^[A-Za-z0-9]{1,9}$/), { minLength: 1, maxLength: 6 })
    .map((ws) => ws.join(' '));
  const idless = fc.record({
    title: fc.option(plainWords, { nil: undefined }),
    description: plainWords,
    date: fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), {
      nil: undefined,
    }),
  });
  const rss = (items: { title?: string; description: string; date?: Date }[]) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${items
      .map(
        (i) =>
          `<item>${i.title ? `<title>${i.title}</title>` : ''}<description>${i.description}</description>${i.date ? `<pubDate>${i.date.toUTCString()}</pubDate>` : ''}</item>`,
      )
      .join('')}</channel></rss>`;
  const idOf = (body: string, fetchedAt: number, title: string) => {
    const result = parseFeed(body, { fetchedUrl: FETCHED_URL, fetchedAt });
    if (!result.ok) throw new Error(result.error.message);
    return result.articles.find((a) => a.title === title)!.id;
  };

  it(
    'keep the same derived id from one fetch to the next, wherever they sit in the feed and whatever surrounds them',
    () => {
      fc.assert(
        fc.property(
          idless,
          fc.array(idless, { maxLength: 4 }),
          fc.array(idless, { maxLength: 4 }),
          fc.integer({ min: 0, max: 365 }),
          (item, before, after, days) => {
            const title = parseFeed(rss([item]), { fetchedUrl: FETCHED_URL }).ok
              ? (item.title ?? item.description)
              : '';
            fc.pre(![...before, ...after].some((other) => (other.title ?? other.description) === title));
            const now = Date.parse('2030-06-01T00:00:00Z');
            const first = idOf(rss([...before, item]), now, title);
            const later = idOf(rss([...after, item, ...before]), now + days * 86400e3, title);
            expect(first).toMatch(/^urn:x-derived:/);
            expect(later).toBe(first);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'that differ in title, date or text get different ids',
    () => {
      fc.assert(
        fc.property(idless, idless, (a, b) => {
          fc.pre(a.title !== b.title || a.description !== b.description || a.date?.getTime() !== b.date?.getTime());
          const result = parseFeed(rss([a, b]), {
            fetchedUrl: FETCHED_URL,
            fetchedAt: Date.parse('2030-06-01T00:00:00Z'),
          });
          if (!result.ok) throw new Error(result.error.message);
          expect(new Set(result.articles.map((x) => x.id)).size).toBe(2);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
