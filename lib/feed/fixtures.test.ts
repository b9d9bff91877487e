import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../net/decodeBody';
import type { Article } from './article';
import { parseFeed } from './parseFeed';

// The fixture corpus: real-world-shaped feeds in every format, with the quirks real feeds have, and the articles
// they must give. Bytes are decoded the way fetchFeed decodes them (declared charset, XML declaration, UTF-8).

function load(name: string, fetchedUrl: string, contentType = '') {
  const bytes = new Uint8Array(readFileSync(new URL(`../../tests/fixtures/feeds/${name}`, import.meta.url)));
  const result = parseFeed(decodeBody(bytes, contentType), { contentType, fetchedUrl });
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result;
}
const byId = (articles: Article[], id: string) => articles.find((a) => a.id === id);
const REUTERS = 'https://www.reuters.com/technology/us-prosecutors-see-rising-threat-2024-10-17/';

describe('fixture corpus', () => {
  it('JSON Feed 1.1 with every field, sloppy types, relative URLs and hostile values', () => {
    const { feed, articles, problems } = load('jsonfeed-1.1-full.json', 'https://blog.example.org/feed.json');
    expect(feed).toEqual({
      title: 'AI Safety Brief',
      description: 'Short posts on AI safety news.',
      homePageUrl: 'https://blog.example.org/',
      feedUrl: 'https://blog.example.org/feed.json',
      iconUrl: 'https://blog.example.org/icon-512.png',
      language: 'en-GB',
      nextUrl: 'https://blog.example.org/feed-2.json',
    });
    // "No id, no url" has a title, so it stays, under an id derived from its text.
    expect(articles.map((a) => a.id)).toEqual(['1001', 'no-date', 'evil', expect.stringMatching(/^urn:x-derived:/)]);
    expect(articles[0]).toEqual({
      id: '1001',
      title: 'Rising Threat of AI in Creating Child Abuse Images',
      summary: 'U.S. prosecutors see a rising threat.',
      url: 'https://blog.example.org/blog/rising-threat/',
      sourceUrl: REUTERS,
      sourceDomain: 'reuters.com',
      tags: ['Policy', 'Law'],
      publishedAt: Date.parse('2024-10-18T00:22:00Z'),
      modifiedAt: Date.parse('2024-10-18T07:00:00Z'),
      authors: ['Friedrich Nihat Röben'],
      imageUrl: 'https://blog.example.org/images/threat.png',
      attachments: [
        {
          url: 'https://blog.example.org/audio/threat.mp3',
          mimeType: 'audio/mpeg',
          title: 'Listen',
          sizeInBytes: 123456,
          durationInSeconds: 300,
        },
      ],
    });
    expect(byId(articles, 'no-date')).toMatchObject({
      title: 'A post without a date or title.',
      summary: 'A post without a date or title.',
      sourceUrl: 'https://www.bbc.co.uk/news/technology-1',
      authors: ['The Desk'],
      publishedAt: undefined,
    });
    const evil = byId(articles, 'evil')!;
    // A JSON Feed title is plain text: what looks like markup in it is shown as written, never run.
    expect(evil).toMatchObject({
      title: '&lt;img src=x onerror=alert(1)&gt;Safe title',
      tags: ['Single tag as a string'],
      url: undefined,
      sourceUrl: undefined,
      imageUrl: undefined,
      publishedAt: undefined,
    });
    expect(articles[3]).toMatchObject({ title: 'No id, no url', summary: '' });
    expect(problems.map((p) => p.item)).toEqual(['item 5', 'item “empty”']);
  });

  it('JSON Feed 1.0 with a single author object and a closing Source line', () => {
    const { feed, articles } = load('jsonfeed-1.0.json', 'https://old.example.org/feed.json');
    expect(feed.title).toBe('Old Style Feed');
    expect(articles).toEqual([
      expect.objectContaining({
        title: 'First post',
        summary: 'Labs agree on shared evaluations.',
        sourceUrl: 'https://apnews.com/article/ai-evals-123',
        authors: ['Jo Old'],
        publishedAt: Date.parse('2024-10-17T12:00:00Z'),
      }),
      expect.objectContaining({ title: 'Second post', authors: ['Guest Writer'], sourceUrl: undefined }),
    ]);
  });

  it('RSS 2.0 as Astro’s RSS integration writes it, the source from the closing "Source :" line', () => {
    const { feed, articles } = load('rss2-astro.xml', 'https://blog.example.org/rss.xml');
    expect(feed).toMatchObject({
      title: 'AI Safety Brief',
      homePageUrl: 'https://blog.example.org/',
      language: 'en-us',
    });
    expect(articles[0]).toEqual({
      id: 'https://blog.example.org/blog/rising-threat/',
      title: 'Rising Threat of AI in Creating Child Abuse Images',
      summary: 'U.S. prosecutors see a rising threat of AI-generated child sex abuse imagery.',
      url: 'https://blog.example.org/blog/rising-threat/',
      sourceUrl: REUTERS,
      sourceDomain: 'reuters.com',
      tags: ['Policy', 'Law'],
      publishedAt: Date.parse('2024-10-18T00:22:00Z'),
      authors: ['Friedrich Nihat Röben'],
    });
    expect(articles[1]).toMatchObject({ title: 'Evals Week', publishedAt: Date.parse('2024-10-16T08:00:00Z') });
  });

  it('RSS 2.0 with CDATA, escaped HTML, relative links, mojibake, <source url>, media and a javascript: link', () => {
    const { feed, articles, problems } = load('rss2-quirks.xml', 'https://quirky.example.net/rss');
    expect(feed).toMatchObject({
      title: 'Quirky & Co News',
      feedUrl: 'https://quirky.example.net/rss',
      iconUrl: 'https://quirky.example.net/logo.png',
    });
    expect(articles[0]).toEqual({
      id: 'https://quirky.example.net/relative/post-1',
      title: 'CDATA title & entities',
      summary: 'Escaped HTML & more',
      url: 'https://quirky.example.net/relative/post-1',
      sourceUrl: 'https://www.theguardian.com/technology/2024/oct/18/ai',
      sourceDomain: 'theguardian.com',
      tags: ['AI'],
      // A zone-less date is read as UTC.
      publishedAt: Date.parse('2024-10-18T00:22:00Z'),
      authors: ['Friedrich Nihat Röben'],
      imageUrl: 'https://quirky.example.net/thumb/1.jpg',
      attachments: [{ url: 'https://quirky.example.net/pod/1.mp3', mimeType: 'audio/mpeg', sizeInBytes: 9999 }],
    });
    expect(byId(articles, 'guid-2')).toMatchObject({
      title: 'Dangerous link',
      url: undefined,
      publishedAt: Date.parse('2024-10-17T17:00:00Z'),
    });
    expect(byId(articles, 'https://quirky.example.net/p/4')).toMatchObject({
      url: 'https://quirky.example.net/p/4',
      sourceUrl: 'https://example.com/original-story',
    });
    // Item 3 has only a description: it stays, under an id derived from its text.
    expect(articles.find((a) => a.id.startsWith('urn:x-derived:'))).toMatchObject({
      title: 'No title, no link, no guid: only text.',
    });
    expect(problems).toEqual([]);
  });

  it('Atom 1.0 with xml:base (feed and entry), rel="related"/"via", enclosures, xhtml and out-of-line content', () => {
    const { feed, articles } = load('atom.xml', 'https://atom.example.com/feed.atom');
    expect(feed).toEqual({
      title: 'Atom Desk',
      description: 'Notes',
      homePageUrl: 'https://atom.example.com/',
      feedUrl: 'https://atom.example.com/feed.atom',
      iconUrl: 'https://atom.example.com/favicon.png',
      language: 'de',
      nextUrl: 'https://atom.example.com/blog/feed.atom?page=2',
      updatedAt: Date.parse('2024-10-18T18:30:02Z'),
    });
    expect(articles.map((a) => [a.id, a.url, a.sourceUrl])).toEqual([
      ['urn:uuid:1', 'https://atom.example.com/blog/posts/1', 'https://www.nature.com/articles/ai-1'],
      ['urn:uuid:2', 'https://mirror.example.org/archive/2.html', 'https://www.ft.com/content/abc'],
      ['urn:uuid:3', 'https://atom.example.com/blog/posts/3', undefined],
    ]);
    expect(articles[0]).toMatchObject({
      summary: 'Summary with markup',
      tags: ['AI Safety', 'policy'],
      publishedAt: Date.parse('2024-10-18T08:00:00Z'),
      modifiedAt: Date.parse('2024-10-18T18:30:02Z'),
      authors: ['Atom Author'],
      attachments: [
        { url: 'https://atom.example.com/files/report.pdf', mimeType: 'application/pdf', sizeInBytes: 2048 },
      ],
    });
    expect(articles[1]).toMatchObject({
      summary: 'Plain text content.',
      authors: ['Guest'],
      publishedAt: Date.parse('2024-10-17T09:00:00Z'),
    });
  });

  it('Atom link relations in any case and spacing; categories with and without a label of their own', () => {
    // Link relations as feeds write them are read without a new string per link; any other spelling is trimmed
    // and lower-cased first. A category with no label is labelled by its term, and has no term apart.
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><id>urn:e</id><title>E</title><updated>2024-10-18T18:30:02Z</updated>
        <link rel=" Alternate " href="https://a.example/post"/>
        <link rel="RELATED" href="https://www.reuters.com/x"/>
        <link rel="Enclosure" type="audio/mpeg" href="https://a.example/e.mp3"/>
        <category term="ai-safety" label="AI Safety"/><category term=" policy "/><category term="Policy"/>
      </entry></feed>`;
    const result = parseFeed(atom, { contentType: 'application/atom+xml', fetchedUrl: 'https://a.example/feed' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.articles[0]).toMatchObject({
      url: 'https://a.example/post',
      sourceUrl: 'https://www.reuters.com/x',
      attachments: [{ url: 'https://a.example/e.mp3', mimeType: 'audio/mpeg' }],
      tags: ['AI Safety', 'policy'],
      tagTerms: ['ai-safety'],
    });
  });

  it('RSS 1.0 / RDF with Dublin Core dates, creators and subjects', () => {
    const { feed, articles } = load('rdf.xml', 'https://rdf.example.org/index.rdf');
    expect(feed).toMatchObject({ title: 'RDF Site', homePageUrl: 'https://rdf.example.org/' });
    expect(articles).toEqual([
      expect.objectContaining({
        id: 'https://rdf.example.org/1',
        title: 'RDF one',
        summary: 'First & foremost.',
        authors: ['Dee Creator'],
        tags: ['Governance'],
        publishedAt: Date.parse('2024-10-18T00:00:00Z'),
      }),
      expect.objectContaining({ id: 'https://rdf.example.org/2', title: 'RDF two' }),
    ]);
  });

  it('an RSS feed in windows-1252, declared only in its XML declaration', () => {
    const { feed, articles } = load('rss2-windows-1252.xml', 'https://latin.example.de/rss', 'application/rss+xml');
    expect(feed.title).toBe('Café Société');
    expect(articles[0]).toMatchObject({
      title: 'Größere Modelle – „Sicherheit“ für alle',
      summary: 'Über Röben’s Bericht…',
    });
  });

  it('the same windows-1252 bytes with the charset in the Content-Type header', () => {
    const { articles } = load(
      'rss2-windows-1252.xml',
      'https://latin.example.de/rss',
      'text/xml; charset=windows-1252',
    );
    expect(articles[0]!.title).toBe('Größere Modelle – „Sicherheit“ für alle');
  });
});
