import { describe, expect, it } from 'vitest';
import { DAY, item, jsonFeed } from '@/tests/unit/feeds';
import { parseFeed } from './parseFeed';
import { parseJsonFeed } from './jsonFeed';

const NOW = Date.parse('2026-11-20T12:00:00Z');

function parseOk(doc: unknown, fetchedUrl = 'https://blog.test/feed.json') {
  const result = parseJsonFeed(doc, fetchedUrl);
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

describe('parseJsonFeed', () => {
  it('normalises a JSON Feed 1.1 item into an Article', () => {
    const { feed, articles, problems } = parseOk(
      jsonFeed([
        item('1', NOW, {
          external_url: 'https://www.reuters.com/technology/story-2024-10-17/',
          tags: ['Policy', 'Law'],
          authors: [{ name: 'Ada' }],
          image: '/img/a.png',
          date_modified: new Date(NOW + 1000).toISOString(),
        }),
      ]),
    );
    expect(feed.title).toBe('Test Desk');
    expect(problems).toEqual([]);
    expect(articles).toEqual([
      {
        id: '1',
        title: 'Post 1',
        summary: 'Summary of 1',
        url: 'https://blog.test/posts/1',
        sourceUrl: 'https://www.reuters.com/technology/story-2024-10-17/',
        sourceDomain: 'reuters.com',
        tags: ['Policy', 'Law'],
        publishedAt: NOW,
        modifiedAt: NOW + 1000,
        authors: ['Ada'],
        imageUrl: 'https://blog.test/img/a.png',
      },
    ]);
  });

  it('accepts JSON Feed 1.0 with a single `author` and feed-level author as fallback', () => {
    const { articles } = parseOk({
      version: 'https://jsonfeed.org/version/1',
      title: 'Old',
      author: { name: 'Feed Author' },
      items: [item('a', NOW, { author: { name: 'Item Author' } }), item('b', NOW - 1)],
    });
    expect(articles.map((a) => a.authors)).toEqual([['Item Author'], ['Feed Author']]);
  });

  it('falls back to a plain-text excerpt of content when there is no summary', () => {
    const long = `<p>First <b>bold</b> paragraph &amp; more.</p><script>alert(1)</script>${' word'.repeat(200)}`;
    const { articles } = parseOk(jsonFeed([{ id: 'x', content_html: long, title: 'T' }]));
    expect(articles[0]!.summary.startsWith('First bold paragraph & more. word')).toBe(true);
    expect(articles[0]!.summary.length).toBeLessThanOrEqual(280);
    expect(articles[0]!.summary.endsWith('…')).toBe(true);
    expect(articles[0]!.summary).not.toMatch(/[<>]|alert/);
  });

  it('resolves relative URLs against feed_url and keeps only http(s) links', () => {
    const { articles } = parseOk(
      jsonFeed(
        [
          item('1', NOW, { url: 'posts/one', external_url: 'javascript:alert(1)', image: 'data:image/png;base64,AAA' }),
          item('2', NOW - 1, { url: 'ftp://blog.test/x', external_url: '//news.test/a' }),
        ],
        { feed_url: 'https://blog.test/sub/feed.json' },
      ),
    );
    expect(articles[0]).toMatchObject({
      url: 'https://blog.test/sub/posts/one',
      sourceUrl: undefined,
      imageUrl: undefined,
    });
    expect(articles[1]).toMatchObject({ url: undefined, sourceUrl: 'https://news.test/a', sourceDomain: 'news.test' });
  });

  it('keeps an item with neither id nor link under an id derived from its text; skips what has no text or is no object', () => {
    const items = [item('ok', NOW), { title: 'no id or url' }, 'string item', { id: 'empty' }] as unknown as Record<
      string,
      unknown
    >[];
    const { articles, problems } = parseOk(jsonFeed(items));
    expect(articles.map((a) => a.id)).toEqual(['ok', expect.stringMatching(/^urn:x-derived:[0-9a-z]+$/)]);
    expect(articles[1]).toMatchObject({ title: 'no id or url', url: undefined });
    expect(problems).toEqual([
      { item: 'item 3', reason: 'is not an object' },
      { item: 'item “empty”', reason: 'has no title and no content' },
    ]);
  });

  it('is lenient with sloppy types: numeric id, one tag as a string, wrong-typed optional fields', () => {
    const { articles } = parseOk(
      jsonFeed([{ id: 42, title: 'N', summary: 7, tags: 'solo', content_text: 'Body', image: 3 }]),
    );
    expect(articles[0]).toMatchObject({ id: '42', title: 'N', summary: 'Body', tags: ['solo'], imageUrl: undefined });
  });

  it('collapses duplicate ids (latest modification wins) and sorts newest first, undated last', () => {
    const { articles } = parseOk(
      jsonFeed([
        { id: 'undated', title: 'U', content_text: 'x' },
        item('old', NOW - 2 * DAY),
        item('dup', NOW - DAY, { title: 'first version', date_modified: new Date(NOW - DAY).toISOString() }),
        item('new', NOW),
        item('dup', NOW - DAY, { title: 'second version', date_modified: new Date(NOW).toISOString() }),
      ]),
    );
    expect(articles.map((a) => a.id)).toEqual(['new', 'dup', 'old', 'undated']);
    expect(articles[1]!.title).toBe('second version');
  });

  it('reads the body from content_text, else from content_html', () => {
    const { articles } = parseOk(
      jsonFeed([
        { id: 'both', content_text: 'Plain body.', content_html: '<p>HTML body.</p>' },
        { id: 'blank-text', content_text: '  ', content_html: '<p>HTML &amp; body.</p>' },
        { id: 'html-source', title: 'T', content_html: '<p>Body.</p><p>Source : https://www.reuters.com/x/</p>' },
        { id: 'text-empty', content_text: '\u0000', content_html: '<p>Not read.</p>' },
      ]),
    );
    const byId = Object.fromEntries(articles.map((a) => [a.id, a]));
    expect(byId.both).toMatchObject({ title: 'Plain body.', summary: 'Plain body.' });
    expect(byId['blank-text']).toMatchObject({ title: 'HTML & body.', summary: 'HTML & body.' });
    expect(byId['html-source']).toMatchObject({ sourceDomain: 'reuters.com', summary: 'Body.' });
    // A content_text that is there but cleans to nothing is the body: the HTML is not read instead.
    expect(byId['text-empty']).toBeUndefined();
  });

  it('reads each post’s authors when many posts name the same one alone', () => {
    const { articles } = parseOk(
      jsonFeed([
        { id: 'a', title: 'A', authors: [{ name: 'Jo' }] },
        { id: 'b', title: 'B', authors: [{ name: 'Jo' }] },
        { id: 'c', title: 'C', authors: [{ name: 'Jo' }, { name: 'Sam' }] },
        { id: 'd', title: 'D', authors: [{ name: 'Jo (jo@example.org)' }] },
      ]),
    );
    expect(articles.map((a) => [a.id, a.authors])).toEqual([
      ['a', ['Jo']],
      ['b', ['Jo']],
      ['c', ['Jo', 'Sam']],
      ['d', ['Jo']],
    ]);
  });

  it('reads each item on its own: what an item leaves out stays out of its post, whatever the item before it had', () => {
    // Items are read into one RawItem, refilled for each (jsonFeed.ts): a field left unwritten would carry over.
    const full = item('full', NOW, {
      external_url: 'https://www.reuters.com/technology/full/',
      content_text: 'Body of full',
      image: 'https://blog.test/full.png',
      date_modified: new Date(NOW + 1000).toISOString(),
      authors: [{ name: 'Ada' }],
      tags: ['Policy'],
      attachments: [{ url: 'https://blog.test/full.mp3', mime_type: 'audio/mpeg' }],
    });
    const bare = { id: 'bare', title: 'Bare' };
    const { articles } = parseOk(jsonFeed([full, bare, full, { ...bare, id: 'bare-too', url: 'https://blog.test/b' }]));
    const bareOnes = articles.filter((a) => a.id.startsWith('bare'));
    expect(bareOnes).toEqual([
      { id: 'bare', title: 'Bare', summary: '', tags: [], authors: [] },
      { id: 'bare-too', title: 'Bare', summary: '', url: 'https://blog.test/b', tags: [], authors: [] },
    ]);
    expect(articles.find((a) => a.id === 'full')).toMatchObject({
      sourceDomain: 'reuters.com',
      imageUrl: 'https://blog.test/full.png',
      modifiedAt: NOW + 1000,
      authors: ['Ada'],
      attachments: [{ url: 'https://blog.test/full.mp3', mimeType: 'audio/mpeg' }],
    });
  });

  it('finds the original source in a closing "Source : <url>" line when there is no external_url', () => {
    const { articles } = parseOk(
      jsonFeed([{ id: 's', title: 'T', content_text: 'Body text.\n\nSource : https://www.reuters.com/a-b/' }]),
    );
    expect(articles[0]).toMatchObject({
      sourceUrl: 'https://www.reuters.com/a-b/',
      sourceDomain: 'reuters.com',
      summary: 'Body text.',
    });
  });

  it('reads titles as the plain text the spec says they are, content_html as HTML, and repairs mojibake in names', () => {
    const { articles } = parseOk(
      jsonFeed([
        item('m', NOW, {
          title: 'Vec<T> vs &[T] &amp; <b>',
          summary: undefined,
          content_html: '<p>Rust&#8217;s <code>Vec&lt;T&gt;</code></p>',
          authors: [{ name: 'Friedrich Nihat RÃ¶ben' }],
        }),
      ]),
    );
    expect(articles[0]!.title).toBe('Vec<T> vs &[T] &amp; <b>');
    expect(articles[0]!.summary).toBe('Rust’s Vec<T>');
    expect(articles[0]!.authors).toEqual(['Friedrich Nihat Röben']);
  });

  it('cleans each post’s tags and authors alike, whichever post first named them as written (per-feed memo)', () => {
    const { articles } = parseOk(
      jsonFeed([
        item('1', NOW, { tags: ['Policy', 'Law'], authors: [{ name: 'Ada' }] }),
        item('2', NOW - 1000, { tags: ['Law\u202e', ' Policy '], authors: [{ name: 'Ada <ada@blog.test>' }] }),
        item('3', NOW - 2000, { tags: ['Law\u202e', 'Policy'], authors: [{ name: 'Ada <ada@blog.test>' }] }),
        item('4', NOW - 3000, { tags: ['Policy', 'policy'], authors: [{ name: 'Ada' }, { name: 'Ada' }] }),
      ]),
    );
    expect(articles.map((a) => [a.tags, a.authors])).toEqual([
      [['Policy', 'Law'], ['Ada']],
      [['Law', 'Policy'], ['Ada']],
      [['Law', 'Policy'], ['Ada']],
      [['Policy'], ['Ada']],
    ]);
  });

  it('rejects documents that are not JSON Feeds, saying why', () => {
    expect(parseJsonFeed({ version: 'https://jsonfeed.org/version/1.1' })).toMatchObject({
      ok: false,
      error: { kind: 'malformed', message: expect.stringContaining('items') },
    });
    expect(parseJsonFeed({ items: [] })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('version') },
    });
  });
});

describe('parseFeed', () => {
  it('sniffs the format from the body, whatever the content type says', () => {
    const body = JSON.stringify(jsonFeed([item('1', NOW)]));
    expect(parseFeed(body, { contentType: 'text/plain' })).toMatchObject({ ok: true });
    expect(parseFeed(`\uFEFF${body}`)).toMatchObject({ ok: true });
  });

  it('takes a well-formed feed with no items as a feed with 0 posts, and one cut off after its root as broken', () => {
    for (const empty of [
      '<rss version="2.0"><channel></channel></rss>',
      '<feed xmlns="http://www.w3.org/2005/Atom"/>',
    ]) {
      expect(parseFeed(empty, { fetchedUrl: 'https://empty.test/feed' })).toMatchObject({
        ok: true,
        articles: [],
        feed: { title: 'empty.test' },
      });
    }
    expect(parseFeed('<?xml version="1.0"?><rss version="2.0"><channel>')).toMatchObject({
      ok: false,
      error: { code: 'err_badXml' },
    });
  });

  it('explains malformed JSON, HTML pages and empty bodies', () => {
    expect(parseFeed('{"version": ')).toMatchObject({
      ok: false,
      error: { kind: 'malformed', message: expect.stringMatching(/not valid JSON/) },
    });
    expect(parseFeed('<!DOCTYPE html><html><body>Login</body></html>', { contentType: 'text/html' })).toMatchObject({
      ok: false,
      error: { kind: 'not-a-feed' },
    });
    expect(parseFeed('   ')).toMatchObject({ ok: false, error: { message: 'The server sent an empty response.' } });
  });
});
