import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeExtras } from '@/tests/unit/fakeExtras';
import { fakeFetch, HOUR, item, jsonFeed } from '@/tests/unit/feeds';
import { followFeed } from '@/tests/unit/follow';
import { readFeedCache, readStates, setSettings } from '@/tests/unit/store';
import * as parseFeedModule from '../feed/parseFeed';
import { articleKey } from '../store/marks';
import { defaultSettings, feedIdFor } from '../store/settings';
import { MAX_ARTICLES_PER_FEED } from './feedState';
import { CONCURRENT_HOSTS, FEEDS_AWAITING_COMMIT, POSTS_AWAITING_COMMIT, syncFeeds } from './syncFeeds';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED_URL = 'https://blog.test/feed.json';
const FEED_ID = feedIdFor(FEED_URL);
const badge = () => browser.action.getBadgeText({});

const followBlog = (body: unknown) => followFeed({ [FEED_URL]: { body, headers: { etag: '"v1"' } } }, FEED_URL, NOW);

describe('a sync pass', () => {
  it('sends the validators back, and writes only the check schedule when the server answers 304 or the same posts again', async () => {
    const body = jsonFeed([item('a', NOW)]);
    const { server } = await followBlog(body);
    const { checkSchedule: _s, ...before } = await browser.storage.local.get(null);
    const changes: string[] = [];
    const onChanged = (changed: Record<string, unknown>, area: string) =>
      void (area === 'local' && changes.push(...Object.keys(changed)));
    browser.storage.onChanged.addListener(onChanged);
    server.routes[FEED_URL] = { status: 304 };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + HOUR });
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
    // A 200 with the same posts and validators (a server that ignores If-None-Match).
    server.routes[FEED_URL] = { body, headers: { etag: '"v1"' } };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + 2 * HOUR });
    browser.storage.onChanged.removeListener(onChanged);
    expect(server.requests).toHaveLength(3);
    // The check times and next checks (one small key, once per pass), so a restart knows the feed is fresh.
    expect(changes).toEqual(['checkSchedule', 'checkSchedule']);
    const { checkSchedule, ...after } = await browser.storage.local.get(null);
    expect(after).toEqual(before);
    expect((checkSchedule as { feeds: Record<string, { at: number }> }).feeds[FEED_ID]?.at).toBe(NOW + 2 * HOUR);
  });

  it('keeps the last good articles and read state when the feed breaks, and says what is wrong', async () => {
    const { server, handlers } = await followBlog(jsonFeed([item('a', NOW - HOUR), item('b', NOW - 2 * HOUR)]));
    await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'a')], read: true });
    for (const broken of [
      { status: 500, body: 'oops' },
      { body: '{"version": "https://jsonfeed.org/version/1.1", "items": [' },
    ]) {
      server.routes[FEED_URL] = broken;
      await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + HOUR });
      const state = (await readFeedCache())[FEED_ID]!;
      expect(state.articles.map((a) => a.id)).toEqual(['a', 'b']);
      expect(state.error?.message).toMatch(/HTTP 500|not valid JSON/);
      expect(state.failingSince).toBe(NOW + HOUR);
      expect(await readStates()).toEqual({ a: 'read', b: 'unread' });
    }
    server.routes[FEED_URL] = { body: jsonFeed([item('c', NOW + HOUR)]) };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + 2 * HOUR });
    const recovered = (await readFeedCache())[FEED_ID]!;
    expect(recovered.error).toBeUndefined();
    // Posts that dropped out of the feed's window are kept.
    expect(recovered.articles.map((a) => a.id)).toEqual(['c', 'a', 'b']);
    // The badge counts what is new: b and c, not a, which the reader has read.
    expect(await badge()).toBe('2');
  });

  it('waits for a Retry-After unless the user forces a refresh', async () => {
    const { server } = await followBlog(jsonFeed([item('a', NOW)]));
    server.routes[FEED_URL] = { status: 429, headers: { 'retry-after': '3600' } };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW });
    const count = server.requests.length;
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + 10 * 60e3 });
    expect(server.requests.length).toBe(count);
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW + 10 * 60e3 });
    expect(server.requests.length).toBe(count + 1);
  });

  it('says the site needs the reader’s permission when a blocked request meets a missing grant (a feed from sync)', async () => {
    const { server } = await followBlog(jsonFeed([item('a', NOW)]));
    // It answered without a grant (a server that allows cross-origin reads); now the browser blocks the request.
    server.routes[FEED_URL] = () => {
      throw new TypeError('Failed to fetch');
    };
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW + HOUR });
    let state = (await readFeedCache())[FEED_ID]!;
    expect(state.error).toMatchObject({
      kind: 'permission',
      message: 'The extension needs your permission to read blog.test to follow this feed.',
    });
    expect(state.articles.map((a) => a.id)).toEqual(['a']);

    // With the site granted, the same failure is a plain network error.
    fakeExtras.granted.add('https://blog.test/*');
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW + 2 * HOUR });
    state = (await readFeedCache())[FEED_ID]!;
    expect(state.error).toMatchObject({
      kind: 'network',
      message: expect.stringMatching(/^Could not reach blog\.test/),
    });
  });
});

describe('a pass over many feeds', () => {
  it('fetches the next feeds while earlier results wait for storage, and commits every one', async () => {
    const urls = Array.from({ length: 6 }, (_, i) => `https://blog${i}.test/feed.json`);
    const server = fakeFetch(Object.fromEntries(urls.map((url, i) => [url, { body: jsonFeed([item(`p${i}`, NOW)]) }])));
    await setSettings({
      ...defaultSettings(),
      feeds: urls.map((url) => ({ id: feedIdFor(url), url, addedAt: 0 })),
    });
    // Storage takes its time: no write finishes until every feed has been asked for.
    let release!: () => void;
    const allAsked = new Promise<void>((resolve) => (release = resolve));
    const set = browser.storage.local.set.bind(browser.storage.local);
    const slow = vi.spyOn(browser.storage.local, 'set').mockImplementation(async (values) => {
      await allAsked;
      return set(values);
    });
    const pass = syncFeeds({}, { fetchImpl: server.impl, now: () => NOW });
    await vi.waitFor(() => expect(server.requests).toHaveLength(urls.length));
    release();
    await expect(pass).resolves.toMatchObject({ checked: urls.length, failed: 0 });
    slow.mockRestore();
    const cache = await readFeedCache();
    expect(urls.map((url) => cache[feedIdFor(url)]?.articles.map((a) => a.id))).toEqual(urls.map((_, i) => [`p${i}`]));
  });

  /** Follows `count` feeds of one post each, stored as a first sync left them; each has a post more at the next check. */
  async function manyFeeds(count: number) {
    const urls = Array.from({ length: count }, (_, i) => `https://blog${i}.test/feed.json`);
    const server = fakeFetch(Object.fromEntries(urls.map((url, i) => [url, { body: jsonFeed([item(`p${i}`, NOW)]) }])));
    await setSettings({ ...defaultSettings(), feeds: urls.map((url) => ({ id: feedIdFor(url), url, addedAt: 0 })) });
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW });
    for (const [i, url] of urls.entries())
      server.routes[url] = { body: jsonFeed([item(`q${i}`, NOW + HOUR), item(`p${i}`, NOW)]) };
    server.requests.length = 0;
    return { urls, server };
  }

  /** Holds every write of a feed's record until `release`, and says how many feeds were asked for meanwhile. */
  async function askedWhileStorageWaits(urls: string[], server: ReturnType<typeof fakeFetch>) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const set = browser.storage.local.set.bind(browser.storage.local);
    const slow = vi.spyOn(browser.storage.local, 'set').mockImplementation(async (values) => {
      if (Object.keys(values).some((key) => key.startsWith('feed:'))) await held;
      return set(values);
    });
    const pass = syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW + HOUR });
    // Until the lanes stop asking (no new request for 60 ms): every feed, or as many as the pass may hold before a
    // commit ends.
    let asked = -1;
    for (let quiet = 0; quiet < 3; quiet = asked === server.requests.length ? quiet + 1 : 0) {
      asked = server.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    release();
    await expect(pass).resolves.toMatchObject({ checked: urls.length, failed: 0 });
    slow.mockRestore();
    return asked;
  }

  it('does not leave the network idle while small feeds wait for storage, nor fetch far ahead of the writes', async () => {
    // Forty feeds of one post are far under the posts a pass may hold: it stops at FEEDS_AWAITING_COMMIT (three
    // writes' worth). A pass that counted eight feeds stopped at eight; one that weighed posts alone, at forty.
    const { urls, server } = await manyFeeds(40);
    expect(await askedWhileStorageWaits(urls, server)).toBe(FEEDS_AWAITING_COMMIT);
  });

  it('weighs a feed by the posts its fetch brought: new feeds of 5,000 posts each wait for earlier commits', async () => {
    // New feeds (no record yet) are guessed small until fetched; each brings the most a feed keeps.
    const urls = Array.from({ length: 10 }, (_, i) => `https://big${i}.test/feed.json`);
    const posts = (feed: number) =>
      Array.from({ length: MAX_ARTICLES_PER_FEED }, (_, n) => item(`f${feed}p${n}`, NOW - n * 60e3));
    const server = fakeFetch(Object.fromEntries(urls.map((url, i) => [url, { body: jsonFeed(posts(i)) }])));
    await setSettings({ ...defaultSettings(), feeds: urls.map((url) => ({ id: feedIdFor(url), url, addedAt: 0 })) });
    const asked = await askedWhileStorageWaits(urls, server);
    // At most the limit, and what the fetches under way brought beyond their guess: a pass that kept guessing
    // asked for all ten (50,000 posts held at once).
    expect(asked * MAX_ARTICLES_PER_FEED).toBeLessThanOrEqual(
      POSTS_AWAITING_COMMIT + CONCURRENT_HOSTS * MAX_ARTICLES_PER_FEED,
    );
    expect(asked).toBeLessThan(urls.length);
  }, 30_000);

  it('parses each result once, as it arrives, while earlier results wait for storage: the write step only merges', async () => {
    const urls = Array.from({ length: 3 }, (_, i) => `https://blog${i}.test/feed.json`);
    const server = fakeFetch(Object.fromEntries(urls.map((url, i) => [url, { body: jsonFeed([item(`p${i}`, NOW)]) }])));
    await setSettings({ ...defaultSettings(), feeds: urls.map((url) => ({ id: feedIdFor(url), url, addedAt: 0 })) });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const set = browser.storage.local.set.bind(browser.storage.local);
    const slow = vi.spyOn(browser.storage.local, 'set').mockImplementation(async (values) => {
      await held;
      return set(values);
    });
    const parses = vi.spyOn(parseFeedModule, 'parseFeed');
    const pass = syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW });
    // No write has finished, and every feed is parsed already: once each, not again in its write step.
    await vi.waitFor(() => expect(parses).toHaveBeenCalledTimes(urls.length));
    release();
    await expect(pass).resolves.toMatchObject({ checked: urls.length, failed: 0 });
    expect(parses).toHaveBeenCalledTimes(urls.length);
    slow.mockRestore();
    parses.mockRestore();
    const cache = await readFeedCache();
    expect(urls.map((url) => cache[feedIdFor(url)]?.articles.map((a) => a.id))).toEqual(urls.map((_, i) => [`p${i}`]));
  });

  it('counts the new posts on the badge as soon as the last one is stored, not after the schedule is written', async () => {
    const { server } = await followBlog(jsonFeed([item('a', NOW)]));
    await browser.action.setBadgeText({ text: '' });
    server.routes[FEED_URL] = { body: jsonFeed([item('b', NOW + HOUR), item('a', NOW)]) };
    // The schedule's write is held until the badge shows the new post.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const set = browser.storage.local.set.bind(browser.storage.local);
    const slow = vi.spyOn(browser.storage.local, 'set').mockImplementation(async (values) => {
      if ('checkSchedule' in values) await held;
      return set(values);
    });
    const pass = syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW + HOUR });
    await vi.waitFor(() => expect(badge()).resolves.toBe('2'));
    release();
    await expect(pass).resolves.toMatchObject({ checked: 1, newCount: 2 });
    slow.mockRestore();
  });
});
