import { describe, expect, it, vi, type Mock } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeExtras } from '@/tests/unit/fakeExtras';
import { hasFeedOrigin, missingFeedOrigins, requestFeedOrigin } from './feedOrigin';
import { hasPermission, releasePermission, requestPermission } from './optional';

// The optional permissions on WXT's fake browser, with the stand-in `permissions` of tests/unit/fakeExtras.ts.

/** The fake's `permissions.request`, typed as its promise form (`vi.mocked` would take the callback overload). */
const request = () => browser.permissions.request as unknown as Mock<(wanted: unknown) => Promise<boolean>>;

describe('requestPermission', () => {
  it('asks the browser before it first waits, so the click is still a user gesture (Firefox ends it at an await)', () => {
    void requestPermission({ origins: ['https://news.test/*'] }, 'no');
    expect(request()).toHaveBeenCalledWith({ origins: ['https://news.test/*'] });
    void requestFeedOrigin('https://feeds.test/feed.xml');
    expect(request()).toHaveBeenLastCalledWith({ origins: ['https://feeds.test/*'] });
  });

  it('is ok once granted, says the caller’s words when refused, and the browser’s when it could not ask', async () => {
    expect(await requestPermission({ origins: ['https://news.test/*'] }, 'no')).toEqual({ ok: true });
    expect(fakeExtras.granted.has('https://news.test/*')).toBe(true);
    request().mockResolvedValueOnce(false);
    expect(await requestPermission({ permissions: ['notifications'] }, 'Not allowed.')).toEqual({
      ok: false,
      message: 'Not allowed.',
    });
    request().mockRejectedValueOnce(new Error('permissions.request may only be called from a user input handler'));
    expect(await requestPermission({ permissions: ['notifications'] }, 'Not allowed.')).toEqual({
      ok: false,
      message: 'Could not ask for permission: permissions.request may only be called from a user input handler',
    });
  });
});

describe('checking and giving back', () => {
  it('says what is granted, and false when the browser cannot say', async () => {
    fakeExtras.granted.add('https://news.test/*');
    expect(await hasPermission({ origins: ['https://news.test/*'] })).toBe(true);
    expect(await hasPermission({ origins: ['https://other.test/*'] })).toBe(false);
    vi.mocked(browser.permissions.contains).mockRejectedValueOnce(new Error('Invalid pattern'));
    expect(await hasPermission({ origins: ['news'] })).toBe(false);
  });

  it('gives a permission back, and says false when the browser would not', async () => {
    fakeExtras.granted.add('https://news.test/*');
    expect(await releasePermission({ origins: ['https://news.test/*'] })).toBe(true);
    expect(fakeExtras.granted.has('https://news.test/*')).toBe(false);
    (browser.permissions.remove as unknown as Mock<(wanted: unknown) => Promise<boolean>>).mockRejectedValueOnce(
      new Error('required permission'),
    );
    expect(await releasePermission({ origins: ['https://news.test/*'] })).toBe(false);
  });
});

describe("a feed's origin", () => {
  it('asks for exactly the feed’s host, and names it when refused', async () => {
    expect(await requestFeedOrigin('https://www.blog.test/feed.json')).toEqual({ ok: true });
    expect([...fakeExtras.granted]).toEqual(['https://www.blog.test/*']);
    request().mockResolvedValueOnce(false);
    expect(await requestFeedOrigin('https://m.blog.test/feed.json')).toEqual({
      ok: false,
      message: 'The extension needs your permission to read m.blog.test to follow this feed.',
    });
  });

  it('refuses an address that is no feed address without asking', async () => {
    expect(await requestFeedOrigin('javascript:alert(1)')).toMatchObject({ ok: false });
    expect(await requestFeedOrigin('https://alice:secret@blog.test/feed')).toMatchObject({ ok: false });
    expect(request()).not.toHaveBeenCalled();
  });

  it('lists the origins imported feeds still need, each once; an address that needs none is granted', async () => {
    fakeExtras.granted.add('https://granted.test/*');
    const urls = ['https://a.test/feed', 'https://a.test/other', 'https://granted.test/feed', 'not a url'];
    expect(await missingFeedOrigins(urls)).toEqual(['https://a.test/*']);
    expect(await hasFeedOrigin('https://granted.test/feed')).toBe(true);
    expect(await hasFeedOrigin('/demo-feed.json')).toBe(true);
    expect(await hasFeedOrigin('https://a.test/feed')).toBe(false);
  });
});
