import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArticleSchema, type ParseResult } from './article';
import { parseFeed } from './parseFeed';

// Property-based: thousands of generated feeds in every format, and mutations of them (cut off, bytes inserted,
// ranges dropped or repeated), through the parser. Whatever comes in, the parser never throws, every link it
// yields is http(s), and no text it yields contains markup.

const RUNS = Number(process.env.FEED_PROPERTY_RUNS ?? 1000);
const FETCHED_URL = 'https://feeds.example.org/path/feed';

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
  'Source: javascript:alert(1)',
  'Source: https://source.example/story',
  '<p>Para</p><style>p{}</style>',
  '<<script>script>alert(1)<</script>/script>',
  '2024-10-18T00:22:00Z',
  'Fri, 18 Oct 2024 00:22:00 GMT',
  'not a date',
);
const text = fc.oneof(fc.string({ maxLength: 40 }), hostileStrings, fc.array(fc.oneof(hostileStrings, fc.string({ maxLength: 10 })), { maxLength: 4 }).map((p) => p.join('')));
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
    id: anyJson, url: anyJson, external_url: anyJson, title: anyJson, content_html: anyJson, content_text: anyJson,
    summary: anyJson, image: anyJson, banner_image: anyJson, date_published: anyJson, date_modified: anyJson,
    authors: anyJson, author: anyJson, tags: anyJson, language: anyJson,
    attachments: fc.oneof(anyJson, fc.array(fc.record({ url: anyJson, mime_type: anyJson, title: anyJson, size_in_bytes: anyJson }), { maxLength: 3 })),
  },
  { requiredKeys: [] },
);
const jsonFeedBody = fc
  .record(
    {
      version: fc.oneof(fc.constantFrom('https://jsonfeed.org/version/1.1', 'https://jsonfeed.org/version/1', 'http://jsonfeed.org/version/1/'), anyJson),
      title: anyJson, home_page_url: anyJson, feed_url: anyJson, next_url: anyJson, icon: anyJson, favicon: anyJson,
      description: anyJson, language: anyJson, expired: anyJson, authors: anyJson,
      items: fc.oneof({ weight: 6, arbitrary: fc.array(fc.oneof({ weight: 8, arbitrary: jsonItem }, anyJson), { maxLength: 6 }) }, anyJson),
    },
    { requiredKeys: ['version'] },
  )
  .map((doc) => JSON.stringify(doc));

/** A value as it may appear in XML: escaped, in CDATA, or raw (raw markup may make the document malformed). */
const xmlText = fc
  .tuple(text, fc.constantFrom('escaped', 'cdata', 'raw'))
  .map(([value, how]) =>
    how === 'escaped' ? value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : how === 'cdata' ? `<![CDATA[${value}]]>` : value,
  );
const attr = text.map((v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;'));
const el = (name: string, value: fc.Arbitrary<string>) => maybe(value).map((v) => (v === undefined ? '' : `<${name}>${v}</${name}>`));

const rssItem = fc
  .tuple(el('title', xmlText), el('link', xmlText), el('description', xmlText), el('content:encoded', xmlText), el('pubDate', xmlText),
    el('guid', xmlText), el('dc:creator', xmlText), el('category', xmlText), el('author', xmlText),
    maybe(fc.tuple(attr, xmlText)).map((s) => (s ? `<source url="${s[0]}">${s[1]}</source>` : '')),
    maybe(fc.tuple(attr, attr)).map((e) => (e ? `<enclosure url="${e[0]}" type="${e[1]}" length="12"/>` : '')),
    maybe(attr).map((u) => (u ? `<media:thumbnail url="${u}"/>` : '')))
  .map((parts) => `<item>${parts.join('')}</item>`);
const rssBody = fc
  .tuple(el('title', xmlText), el('link', xmlText), el('description', xmlText), fc.array(rssItem, { maxLength: 5 }))
  .map(([title, link, description, items]) =>
    `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/"><channel>${title}${link}${description}${items.join('')}</channel></rss>`);

const atomLink = fc
  .tuple(maybe(fc.constantFrom('alternate', 'related', 'via', 'enclosure', 'self', 'next', 'bogus')), attr)
  .map(([rel, href]) => `<link${rel ? ` rel="${rel}"` : ''} href="${href}"/>`);
const atomContent = fc
  .tuple(maybe(fc.constantFrom('text', 'html', 'xhtml')), xmlText)
  .map(([type, v]) => (type === 'xhtml' ? `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${v}</div></content>` : `<content${type ? ` type="${type}"` : ''}>${v}</content>`));
const atomEntry = fc
  .tuple(el('title', xmlText), el('id', xmlText), fc.array(atomLink, { maxLength: 3 }), el('updated', xmlText), el('published', xmlText),
    el('summary', xmlText), maybe(atomContent).map((c) => c ?? ''), maybe(xmlText).map((n) => (n === undefined ? '' : `<author><name>${n}</name></author>`)),
    maybe(fc.tuple(attr, attr)).map((c) => (c ? `<category term="${c[0]}" label="${c[1]}"/>` : '')),
    maybe(attr).map((b) => b))
  .map(([title, id, links, updated, published, summary, content, author, category, base]) =>
    `<entry${base !== undefined ? ` xml:base="${base}"` : ''}>${title}${id}${links.join('')}${updated}${published}${summary}${content}${author}${category}</entry>`);
const atomBody = fc
  .tuple(el('title', xmlText), fc.array(atomLink, { maxLength: 3 }), el('icon', xmlText), maybe(attr), fc.array(atomEntry, { maxLength: 5 }))
  .map(([title, links, icon, base, entries]) =>
    `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"${base !== undefined ? ` xml:base="${base}"` : ''}>${title}${links.join('')}${icon}<id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>${entries.join('')}</feed>`);

const rdfItem = fc
  .tuple(attr, el('title', xmlText), el('link', xmlText), el('description', xmlText), el('dc:date', xmlText), el('dc:creator', xmlText), el('dc:subject', xmlText))
  .map(([about, ...parts]) => `<item rdf:about="${about}">${parts.join('')}</item>`);
const rdfBody = fc
  .tuple(el('title', xmlText), el('link', xmlText), fc.array(rdfItem, { maxLength: 5 }))
  .map(([title, link, items]) =>
    `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://x.example/">${title}${link}<description>d</description></channel>${items.join('')}</rdf:RDF>`);

const htmlBody = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom('alternate', 'alternate feed', 'stylesheet', 'ALTERNATE'), fc.constantFrom('application/rss+xml', 'application/atom+xml', 'application/feed+json', 'text/html'), attr, attr), { maxLength: 4 }), text)
  .map(([links, body]) =>
    `<!doctype html><html><head>${links.map(([rel, type, href, title]) => `<link rel="${rel}" type="${type}" href="${href}" title="${title}">`).join('')}</head><body><form><input type="password"></form>${body}</body></html>`);

/** Mutations real transport and real servers produce: cut off, junk inserted, ranges dropped or repeated. */
function mutated(body: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(body, fc.nat(), fc.nat(), fc.string({ maxLength: 8 }), fc.constantFrom('truncate', 'insert', 'drop', 'repeat', 'bom')).map(([b, i, j, junk, how]) => {
    const at = b.length ? i % b.length : 0;
    const len = b.length ? j % Math.max(1, b.length - at) : 0;
    if (how === 'truncate') return b.slice(0, at);
    if (how === 'insert') return b.slice(0, at) + junk + b.slice(at);
    if (how === 'drop') return b.slice(0, at) + b.slice(at + len);
    if (how === 'repeat') return b.slice(0, at + len) + b.slice(at, at + len) + b.slice(at + len);
    return `\uFEFF${b}`;
  });
}

const MARKUP = /<[a-z!?/]/i;

function isHttp(url: string): boolean {
  const parsed = new URL(url);
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && !!parsed.hostname;
}

/** The three promises the parser keeps for any input. Returns the result so callers can count outcomes. */
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
      expect(feed.title).not.toMatch(MARKUP);
    }
    return result;
  }
  const { feed, articles, problems } = result;
  for (const url of [feed.homePageUrl, feed.feedUrl, feed.iconUrl, feed.nextUrl]) if (url !== undefined) expect(isHttp(url)).toBe(true);
  for (const t of [feed.title, feed.description ?? '']) expect(t).not.toMatch(MARKUP);
  for (const article of articles) {
    expect(ArticleSchema.safeParse(article).success).toBe(true);
    const urls = [article.url, article.sourceUrl, article.imageUrl, ...(article.attachments ?? []).map((a) => a.url)];
    for (const url of urls) if (url !== undefined) expect(isHttp(url), url).toBe(true);
    const texts = [article.title, article.summary, ...article.tags, ...article.authors, article.sourceDomain ?? '',
      ...(article.attachments ?? []).flatMap((a) => [a.title ?? '', a.mimeType ?? ''])];
    for (const t of texts) expect(t, t).not.toMatch(MARKUP);
  }
  for (const problem of problems) expect(problem.item).not.toMatch(MARKUP);
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
    it(`${name}: never throws, only http(s) links, no markup in text (${RUNS} feeds)`, () => {
      let parsedOk = 0;
      fc.assert(
        fc.property(body, fc.boolean(), (b, sendType) => {
          if (checkInvariants(b, sendType ? contentType : 'text/plain').ok) parsedOk++;
        }),
        { numRuns: RUNS },
      );
      // The generators must reach the normaliser, not only the error paths (an HTML page is never a feed).
      if (name !== 'an HTML page') expect(parsedOk).toBeGreaterThan(RUNS / 10);
    });

    it(`${name}, mutated: never throws, only http(s) links, no markup in text (${RUNS} feeds)`, () => {
      fc.assert(fc.property(mutated(body), (b) => void checkInvariants(b)), { numRuns: RUNS });
    });
  }

  it('arbitrary strings and unicode: never throws', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.json()), (b) => void checkInvariants(b)), { numRuns: RUNS });
  });
});
