import { describe, expect, it } from 'vitest';
import { normalizeArticleUrl } from './normalizeUrl';
import { postsAboutPage } from './matchPage';

const REUTERS =
  'https://www.reuters.com/technology/us-prosecutors-see-rising-threat-ai-generated-child-sex-abuse-imagery-2024-10-17/';

describe('normalizeArticleUrl', () => {
  it.each([
    [
      REUTERS,
      'reuters.com/technology/us-prosecutors-see-rising-threat-ai-generated-child-sex-abuse-imagery-2024-10-17',
    ],
    ['HTTP://WWW.Example.COM/a/b/?b=2&a=1#frag', 'example.com/a/b?a=1&b=2'],
    ['https://m.example.com/story?utm_source=tw&utm_medium=social&id=7&fbclid=x', 'example.com/story?id=7'],
    ['https://amp.example.com/amp/story/', 'example.com/story'],
    ['https://example.com/story/amp', 'example.com/story'],
    ['https://example.com/story.amp.html', 'example.com/story.html'],
    ['https://example.com/a%7Eb%2Fc', 'example.com/a~b%2Fc'],
    ['https://example.com//a///b/index.html', 'example.com/a/b'],
    ['https://example.com', 'example.com/'],
    // More shapes seen in the wild.
    ['https://www.example.com:443/story?', 'example.com/story'],
    ['http://example.com:80/story/#comments', 'example.com/story'],
    ['https://mobile.example.com/story?gclid=abc&ocid=msn', 'example.com/story'],
    ['https://www2.example.com/story?outputType=amp', 'example.com/story'],
    ['https://example.com/caf%C3%A9/story', 'example.com/caf%C3%A9/story'],
    ['https://example.com/café/story', 'example.com/caf%C3%A9/story'],
    ['https://example.com/story?utm_source=a&page=2&utm_medium=b', 'example.com/story?page=2'],
    ['https://EXAMPLE.com./story', 'example.com/story'],
    ['https://example.com/news/index.php', 'example.com/news'],
  ])('%s → %s', (input, key) => {
    expect(normalizeArticleUrl(input)).toBe(key);
  });

  it('refuses what is not an http(s) URL', () => {
    for (const bad of ['javascript:alert(1)', 'mailto:a@b.c', 'not a url', ''])
      expect(normalizeArticleUrl(bad)).toBeUndefined();
  });

  it('tells different articles apart', () => {
    const same = (a: string, b: string) => normalizeArticleUrl(a) === normalizeArticleUrl(b);
    expect(same('https://example.com/a', 'https://example.com/b')).toBe(false);
    expect(same('https://example.com/a?id=1', 'https://example.com/a?id=2')).toBe(false);
    expect(same('https://news.example.com/a', 'https://example.com/a')).toBe(false);
    expect(same(`${REUTERS}?utm_campaign=x`, REUTERS.replace('https://www.', 'http://'))).toBe(true);
  });
});

describe('postsAboutPage', () => {
  it('finds the posts whose source is the page', () => {
    const entries = [
      { article: { sourceUrl: REUTERS } },
      { article: { sourceUrl: 'https://example.com/other' } },
      { article: {} },
    ] as never[];
    expect(postsAboutPage(`${REUTERS}#main`, entries)).toEqual([entries[0]]);
    expect(postsAboutPage('chrome://newtab', entries)).toEqual([]);
  });
});
