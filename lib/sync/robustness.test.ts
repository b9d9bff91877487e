import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { storage } from 'wxt/utils/storage';
import { DAY, HOUR, fakeFetch, item, jsonFeed } from '@/tests/unit/feeds';
import type { Article } from '../feed/article';
import { MAX_FEED_PAGES } from '../net/followPages';
import {
  FEED_CACHE_VERSION,
  FeedCacheSchema,
  PRUNE_KEEP_PER_FEED,
  feedCacheItem,
  feedCacheMigrations,
  pruneOldestArticles,
  writeFeedCache,
  type FeedCache,
} from '../store/feedCache';
import { articleKey, readStateItem } from '../store/readState';
import { feedIdFor, settingsItem } from '../store/settings';
import { createHandlers } from './actions';
import { MAX_BACKOFF_MS, MAX_RETRY_AFTER_MS, nextAttemptAfterFailure } from './backoff';
import { CONCURRENT_FETCHES, syncFeeds } from './syncFeeds';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED_URL = 'https://blog.test/feed.json';
const FEED_ID = feedIdFor(FEED_URL);
const fixture = (name: string) => readFileSync(new URL(`../../tests/fixtures/feeds/${name}`, import.meta.url), 'utf8');

async function follow(routes: Parameters<typeof fakeFetch>[0], url = FEED_URL, now = NOW) {
  const server = fakeFetch(routes);
  const handlers = createHandlers({ fetchImpl: server.impl, now: () => now });
  const added = await handlers.addFeed({ type: 'addFeed', url });
  return { server, handlers, added };
}

describe('backoff', () => {
  it('doubles the wait from the poll interval up to 24 hours, and respects a longer Retry-After', () => {
    const hour = 3600e3;
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => nextAttemptAfterFailure(n, hour, 0) / hour)).toEqual([1, 2, 4, 8, 16, 24, 24]);
    expect(nextAttemptAfterFailure(1, hour, 0, 5 * hour)).toBe(5 * hour);
    expect(nextAttemptAfterFailure(3, hour, 0, 60e3)).toBe(4 * hour);
    // A Retry-After of a year is capped at a week, so a feed is never silenced for good.
    expect(nextAttemptAfterFailure(1, hour, 0, 365 * 24 * hour)).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_BACKOFF_MS).toBe(24 * hour);
  });

  it('skips a failing feed until its next attempt, keeps its articles, counts failures, and resets on success', async () => {
    const { server, handlers } = await follow({ [FEED_URL]: { body: jsonFeed([item('a', NOW - HOUR)]) } });
    await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'a')], read: true });
    server.routes[FEED_URL] = { status: 500, body: 'down' };
    // pollMinutes is 60: the 1st failure waits 1 h, the 2nd 2 h, the 3rd 4 h.
    let t = NOW;
    for (const [failures, wait] of [[1, 1], [2, 2], [3, 4]] as const) {
      t += HOUR;
      const before = server.requests.length;
      await syncFeeds({}, { fetchImpl: server.impl, now: () => t });
      expect(server.requests.length).toBe(before + 1);
      const state = (await feedCacheItem.get())[FEED_ID]!;
      expect(state).toMatchObject({ failureCount: failures, failingSince: NOW + HOUR, nextAttemptAt: t + wait * HOUR });
      expect(state.error?.message).toBe("The feed's server had an error (HTTP 500).");
      expect(state.articles.map((a) => a.id)).toEqual(['a']);
      // Not due yet: no request.
      await syncFeeds({}, { fetchImpl: server.impl, now: () => t + wait * HOUR - 1 });
      expect(server.requests.length).toBe(before + 1);
      t += wait * HOUR - HOUR;
    }
    server.routes[FEED_URL] = { body: jsonFeed([item('b', NOW), item('a', NOW - HOUR)]) };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + 30 * DAY });
    const healthy = (await feedCacheItem.get())[FEED_ID]!;
    expect(healthy).not.toHaveProperty('failureCount');
    expect(healthy).not.toHaveProperty('nextAttemptAt');
    expect(healthy).not.toHaveProperty('error');
    expect(healthy.articles.map((a) => a.id)).toEqual(['b', 'a']);
    expect((await readStateItem.get()).read).toEqual([articleKey(FEED_ID, 'a')]);
  });

  it('waits out a 429 Retry-After longer than the backoff', async () => {
    const { server } = await follow({ [FEED_URL]: { body: jsonFeed([item('a', NOW)]) } });
    server.routes[FEED_URL] = { status: 429, headers: { 'retry-after': String(6 * 3600) } };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW });
    const state = (await feedCacheItem.get())[FEED_ID]!;
    expect(state.nextAttemptAt).toBe(NOW + 6 * HOUR);
    expect(state.error?.message).toMatch(/asked us to slow down \(HTTP 429\)/);
  });
});

describe('every format through addFeed and sync', () => {
  it('follows an RSS 2.0 feed and an Atom feed, side by side', async () => {
    const rssUrl = 'https://blog.example.org/rss.xml';
    const atomUrl = 'https://atom.example.com/feed.atom';
    const server = fakeFetch({
      [rssUrl]: { body: fixture('rss2-astro.xml'), headers: { 'content-type': 'application/rss+xml' } },
      [atomUrl]: { body: fixture('atom.xml').replace(/<link rel="next"[^>]*>/, ''), headers: { 'content-type': 'text/plain' } },
    });
    const handlers = createHandlers({ fetchImpl: server.impl, now: () => NOW });
    expect(await handlers.addFeed({ type: 'addFeed', url: rssUrl })).toMatchObject({ ok: true, feed: { title: 'AI Safety Brief', articleCount: 2 } });
    expect(await handlers.addFeed({ type: 'addFeed', url: atomUrl })).toMatchObject({ ok: true, feed: { title: 'Atom Desk', articleCount: 3 } });
    const cache = await feedCacheItem.get();
    expect(cache[feedIdFor(rssUrl)]!.articles[0]!.sourceDomain).toBe('reuters.com');
    expect(cache[feedIdFor(atomUrl)]!.articles.map((a) => a.sourceDomain)).toEqual(['nature.com', 'ft.com', undefined]);
  });

  it('offers the feeds a web page links when the address is a page, and saves nothing', async () => {
    const page = 'https://blog.example.org/';
    const server = fakeFetch({
      [page]: {
        body: '<!doctype html><html><head><title>Blog</title><link rel="alternate" type="application/rss+xml" title="Posts (RSS)" href="/rss.xml"><link rel="alternate" type="application/feed+json" href="feed.json"></head><body>Hi</body></html>',
        headers: { 'content-type': 'text/html; charset=utf-8' },
      },
    });
    const handlers = createHandlers({ fetchImpl: server.impl, now: () => NOW });
    expect(await handlers.addFeed({ type: 'addFeed', url: page })).toEqual({
      ok: false,
      error: { message: 'This address is a web page, not a feed. The page links 2 feeds: use one of them instead.' },
      discovered: [
        { url: 'https://blog.example.org/rss.xml', title: 'Posts (RSS)', type: 'rss' },
        { url: 'https://blog.example.org/feed.json', title: 'JSON Feed', type: 'json' },
      ],
    });
    expect((await settingsItem.get()).feeds.map((f) => f.demo)).toEqual([true]);
  });
});

describe('pagination', () => {
  const page = (n: number, ids: string[], next?: string) =>
    jsonFeed(ids.map((id, i) => item(id, NOW - (n * 10 + i) * HOUR)), next ? { next_url: next } : {});

  it(`follows next_url for at most ${MAX_FEED_PAGES} pages, and on later syncs stops at a page it already knows`, async () => {
    const routes = {
      [FEED_URL]: { body: page(0, ['a', 'b'], 'feed-2.json') },
      'https://blog.test/feed-2.json': { body: page(1, ['c', 'd'], '/feed-3.json') },
      'https://blog.test/feed-3.json': { body: page(2, ['e'], '/feed-4.json') },
      'https://blog.test/feed-4.json': { body: page(3, ['f']) },
    };
    const { server, added } = await follow(routes);
    expect(added).toMatchObject({ ok: true, feed: { articleCount: 2 } });
    expect(server.requests.map((r) => r.url.replace('https://blog.test/', ''))).toEqual(['feed.json', 'feed-2.json', 'feed-3.json']);
    expect((await feedCacheItem.get())[FEED_ID]!.articles.map((a) => a.id)).toEqual(['a', 'b', 'c', 'd', 'e']);

    // A new post on page 1: page 2 is fetched, holds nothing new, and following stops there.
    server.routes[FEED_URL] = { body: page(0, ['new', 'a'], 'feed-2.json') };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + HOUR });
    expect(server.requests.slice(3).map((r) => r.url.replace('https://blog.test/', ''))).toEqual(['feed.json', 'feed-2.json']);
  });

  it('stops at a next_url loop', async () => {
    const { server } = await follow({ [FEED_URL]: { body: page(0, ['a'], FEED_URL) } });
    expect(server.requests.length).toBe(1);
  });
});

describe('several feeds at once', () => {
  it(`fetches at most ${CONCURRENT_FETCHES} at a time and commits each as it arrives`, async () => {
    const urls = Array.from({ length: 10 }, (_, i) => `https://f${i}.test/feed.json`);
    let inFlight = 0;
    let maxInFlight = 0;
    const impl = (async (input: RequestInfo | URL) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const host = new URL(String(input)).host;
      return new Response(JSON.stringify(jsonFeed([item(`${host}-1`, NOW - HOUR)], { title: host })), { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    await settingsItem.set({ feeds: urls.map((url) => ({ id: feedIdFor(url), url, addedAt: NOW })), pollMinutes: 60, notifications: { enabled: false, quietHours: null } });
    const summary = await syncFeeds({}, { fetchImpl: impl, now: () => NOW });
    expect(summary).toEqual({ checked: 10, failed: 0, newCount: 10 });
    expect(maxInFlight).toBe(CONCURRENT_FETCHES);
    expect(Object.keys(await feedCacheItem.get())).toHaveLength(10);
  });

  it('a sync cut off midway (the worker killed while one feed hangs) keeps what finished; the next sync completes', async () => {
    const slowUrl = 'https://slow.test/feed.json';
    const fastUrl = 'https://fast.test/feed.json';
    await settingsItem.set({
      feeds: [fastUrl, slowUrl].map((url) => ({ id: feedIdFor(url), url, addedAt: NOW })),
      pollMinutes: 60,
      notifications: { enabled: false, quietHours: null },
    });
    const body = (id: string) => JSON.stringify(jsonFeed([item(id, NOW - HOUR)]));
    const hanging = (async (input: RequestInfo | URL) =>
      String(input) === slowUrl ? new Promise<Response>(() => {}) : new Response(body('fast-1'))) as typeof fetch;
    // The first pass never finishes: it stands for a service worker stopped mid-fetch.
    void syncFeeds({}, { fetchImpl: hanging, now: () => NOW });
    await expect.poll(async () => Object.keys(await feedCacheItem.get())).toEqual([feedIdFor(fastUrl)]);
    const healthy = (async (input: RequestInfo | URL) => new Response(body(String(input) === slowUrl ? 'slow-1' : 'fast-1'))) as typeof fetch;
    expect(await syncFeeds({}, { fetchImpl: healthy, now: () => NOW + 1000 })).toEqual({ checked: 2, failed: 0, newCount: 2 });
    const cache = await feedCacheItem.get();
    expect(cache[feedIdFor(slowUrl)]!.articles.map((a) => a.id)).toEqual(['slow-1']);
    expect(cache[feedIdFor(fastUrl)]!.articles.map((a) => a.id)).toEqual(['fast-1']);
  });
});

describe('storage', () => {
  const article = (id: string, publishedAt?: number): Article => ({ id, title: id, summary: '', tags: [], authors: [], publishedAt });
  const state = (articles: Article[]) => ({ articles, problems: [], validators: {} });

  it('migrates a v1 feed cache (retryAfter) to v2 (nextAttemptAt, failureCount)', async () => {
    const v1 = {
      'feed-a': { ...state([article('x', NOW)]), error: { kind: 'http', status: 429, message: 'slow down', at: NOW }, failingSince: NOW, retryAfter: NOW + HOUR },
      'feed-b': { ...state([article('y', NOW)]), lastSuccessAt: NOW, validators: { etag: '"e"' } },
    };
    await storage.setItem('local:feedCache', v1);
    await storage.setMeta('local:feedCache', { v: 1 });
    const item = storage.defineItem<unknown>('local:feedCache', { fallback: null, version: FEED_CACHE_VERSION, migrations: feedCacheMigrations });
    await item.migrate();
    const migrated = FeedCacheSchema.parse(await item.getValue());
    expect(migrated['feed-a']).toEqual({ ...state([article('x', NOW)]), error: v1['feed-a'].error, failingSince: NOW, nextAttemptAt: NOW + HOUR, failureCount: 1 });
    expect(migrated['feed-b']).toEqual(v1['feed-b']);
    expect(await storage.getMeta('local:feedCache')).toEqual({ v: 2 });
  });

  it('prunes the oldest posts across feeds when storage is full, keeping each feed’s newest and never touching settings or read state', async () => {
    const many = (prefix: string, count: number, start: number) => Array.from({ length: count }, (_, i) => article(`${prefix}${i}`, start - i * HOUR));
    const cache: FeedCache = { old: state(many('o', 200, NOW - 100 * DAY)), fresh: state(many('f', 200, NOW)) };
    await settingsItem.set({ feeds: [], pollMinutes: 30, notifications: { enabled: false, quietHours: null } });
    await readStateItem.set({ seen: ['k1'], read: ['k1'] });
    // Storage that holds at most 300 posts' worth, like chrome.storage.local's quota.
    let attempts = 0;
    const limitedSet = async (value: FeedCache) => {
      attempts++;
      const posts = Object.values(value).reduce((n, s) => n + s.articles.length, 0);
      if (posts > 300) throw new Error('QUOTA_BYTES quota exceeded');
      await feedCacheItem.set(value);
    };
    const pruned = await writeFeedCache(cache, limitedSet);
    const stored = await feedCacheItem.get();
    expect(pruned).toBe(100);
    expect(attempts).toBe(2);
    // The oldest posts went first: all from the older feed, down to its newest PRUNE_KEEP_PER_FEED at the most.
    expect(stored.fresh!.articles).toHaveLength(200);
    expect(stored.old!.articles.map((a) => a.id)).toEqual(many('o', 100, NOW - 100 * DAY).map((a) => a.id));
    expect(await settingsItem.get()).toEqual({ feeds: [], pollMinutes: 30, notifications: { enabled: false, quietHours: null } });
    expect(await readStateItem.get()).toEqual({ seen: ['k1'], read: ['k1'] });
  });

  it('never prunes a feed below its newest posts, and rethrows when nothing is left to prune', async () => {
    const few = { a: state(Array.from({ length: PRUNE_KEEP_PER_FEED }, (_, i) => article(`a${i}`, NOW - i))) };
    expect(pruneOldestArticles(few)).toBe(few);
    await expect(writeFeedCache(few, async () => Promise.reject(new Error('QUOTA_BYTES quota exceeded')))).rejects.toThrow(/quota/);
    await expect(writeFeedCache(few, async () => Promise.reject(new Error('disk on fire')))).rejects.toThrow(/disk on fire/);
  });
});
