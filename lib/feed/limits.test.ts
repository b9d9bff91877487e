import { describe, expect, it } from 'vitest';
import { TEXT_LIMITS } from './limits';
import { parseFeed } from './parseFeed';

// Issue: a JSON Feed with a 1 MB title was stored in the settings, overflowed storage.sync's per-item quota and
// was drawn in every card. Every text from outside is capped in one place (lib/feed/limits.ts).
const MEGABYTE = 'x'.repeat(1024 * 1024);

describe('text from outside is capped', () => {
  it('in a JSON Feed: title, description, post title and summary, authors, tags', () => {
    const doc = {
      version: 'https://jsonfeed.org/version/1.1',
      title: MEGABYTE,
      description: MEGABYTE,
      authors: [{ name: MEGABYTE }],
      items: [
        {
          id: MEGABYTE,
          title: MEGABYTE,
          summary: MEGABYTE,
          tags: [MEGABYTE, ...Array.from({ length: 100 }, (_, i) => `t${i}`)],
        },
      ],
    };
    const result = parseFeed(JSON.stringify(doc), { fetchedUrl: 'https://big.example/feed.json' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.feed.title.length).toBe(TEXT_LIMITS.feedTitle);
    expect(result.feed.description!.length).toBe(TEXT_LIMITS.feedDescription);
    const [article] = result.articles;
    expect(article!.id.length).toBe(TEXT_LIMITS.id);
    expect(article!.title.length).toBe(TEXT_LIMITS.title);
    expect(article!.summary.length).toBeLessThanOrEqual(TEXT_LIMITS.summary);
    expect(article!.authors.map((a) => a.length)).toEqual([TEXT_LIMITS.author]);
    expect(article!.tags.length).toBe(TEXT_LIMITS.tags);
    expect(article!.tags[0]!.length).toBe(TEXT_LIMITS.tag);
    expect(JSON.stringify(result).length).toBeLessThan(20_000);
  });

  it('in RSS and Atom, and in the titles a web page gives the feeds it links', () => {
    const rss = parseFeed(
      `<rss version="2.0"><channel><title>${MEGABYTE}</title><item><title>t</title><category>${MEGABYTE}</category></item></channel></rss>`,
    );
    expect(rss.ok && rss.feed.title.length).toBe(TEXT_LIMITS.feedTitle);
    expect(rss.ok && rss.articles[0]!.tags[0]!.length).toBe(TEXT_LIMITS.tag);
    const atom = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><subtitle>${MEGABYTE}</subtitle><entry><id>1</id><title>t</title><author><name>${MEGABYTE}</name></author></entry></feed>`,
    );
    expect(atom.ok && atom.feed.description!.length).toBe(TEXT_LIMITS.feedDescription);
    expect(atom.ok && atom.articles[0]!.authors[0]!.length).toBe(TEXT_LIMITS.author);
    // A page's head is read up to 256 KB: a title as long as that fits.
    const page = parseFeed(
      `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/rss" title="${MEGABYTE.slice(0, 200_000)}"></head></html>`,
      {
        fetchedUrl: 'https://site.example/',
      },
    );
    expect(!page.ok && page.error.discovered![0]!.title.length).toBe(TEXT_LIMITS.discoveredTitle);
  });
});
