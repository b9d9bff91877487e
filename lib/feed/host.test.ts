import { describe, expect, it } from 'vitest';
import { normalizeArticleUrl } from '../match/normalizeUrl';
import { displayDomain, displayHost, siteKey, siteOf } from './host';

describe('siteKey: one site behind its front doors, for matching', () => {
  it.each([
    ['reuters.com', 'reuters.com'],
    ['www.reuters.com', 'reuters.com'],
    ['www2.reuters.com', 'reuters.com'],
    ['m.reuters.com', 'reuters.com'],
    ['mobile.reuters.com', 'reuters.com'],
    ['amp.reuters.com', 'reuters.com'],
    ['WWW.Reuters.COM.', 'reuters.com'],
    // A real subdomain is a site of its own; one prefix goes, not a chain of them.
    ['news.example.com', 'news.example.com'],
    ['www.m.example.com', 'm.example.com'],
    ['mail.example.com', 'mail.example.com'],
  ])('%s → %s', (host, key) => expect(siteKey(host)).toBe(key));
});

describe('displayHost: the host as a person reads it', () => {
  it('drops only www (and wwwN), keeping the host a link or a grant really names', () => {
    expect(displayHost('www.reuters.com')).toBe('reuters.com');
    expect(displayHost('www3.reuters.com')).toBe('reuters.com');
    expect(displayHost('m.reuters.com')).toBe('m.reuters.com');
    expect(displayHost('amp.reuters.com')).toBe('amp.reuters.com');
    expect(displayHost('news.bbc.co.uk')).toBe('news.bbc.co.uk');
  });
});

describe('from a URL', () => {
  it('siteOf names the site of an http(s) page, and nothing else', () => {
    expect(siteOf('https://www.reuters.com/technology/x/')).toBe('reuters.com');
    expect(siteOf('https://m.example.co.uk/a')).toBe('example.co.uk');
    expect(siteOf('http://news.example.com/a')).toBe('news.example.com');
    expect(siteOf('javascript:alert(1)')).toBeUndefined();
    expect(siteOf('not a url')).toBeUndefined();
  });

  it('displayDomain shows the host a person recognises, or nothing', () => {
    expect(displayDomain('https://www.reuters.com/technology/x')).toBe('reuters.com');
    expect(displayDomain(new URL('https://m.reuters.com/x'))).toBe('m.reuters.com');
    expect(displayDomain('https://news.bbc.co.uk/')).toBe('news.bbc.co.uk');
    expect(displayDomain('not a url')).toBe('');
  });

  it('puts two addresses of one article on one site (the card matches by article, then checks the site)', () => {
    // Was a bug: siteOf kept `www2.` and a trailing dot that article matching drops, so a page that matched a post
    // was on a site the reader had not turned on, and the card stayed away.
    for (const url of [
      'https://www2.reuters.com/a',
      'https://reuters.com./a',
      'https://WWW.Reuters.com/a',
      'https://amp.reuters.com/amp/a',
      'https://news.reuters.com/a',
    ])
      expect(siteOf(url), url).toBe(normalizeArticleUrl(url)!.split('/')[0]);
  });
});
