import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { DAY, HOUR, fakeFetch, item, fetchedFeed, jsonFeed } from '@/tests/unit/feeds';
import { followFeed } from '@/tests/unit/follow';
import { readFeedCache, readMarks, readStates, seedStore, setSettings } from '@/tests/unit/store';
import type { Article } from '../feed/article';
import type { FetchOutcome } from '../net/fetchFeed';
import { MAX_FEED_PAGES } from '../net/followPages';
import { articleKey, emptyMarks } from '../store/marks';
import { createPageHandlers } from '../router/router';
import { feedIdFor, settingsItem } from '../store/settings';
import { commitFeed, PRUNE_KEEP_PER_FEED } from './commit';
import { refreshBadge } from './badge';
import { MAX_BACKOFF_MS, MAX_RETRY_AFTER_MS, nextAttemptAfterFailure } from './backoff';
import { CONCURRENT_HOSTS, syncFeeds } from './syncFeeds';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED_URL = 'https://blog.test/feed.json';
const FEED_ID = feedIdFor(FEED_URL);
const fixture = (name: string) => readFileSync(new URL(`../../tests/fixtures/feeds/${name}`, import.meta.url), 'utf8');

const follow = (routes: Parameters<typeof fakeFetch>[0], url = FEED_URL, now = NOW) => followFeed(routes, url, now);

describe('backoff', () => {
  it('doubles the wait from the poll interval up to 24 hours, and respects a longer Retry-After', () => {
    const hour = 3600e3;
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => nextAttemptAfterFailure(n, hour, 0) / hour)).toEqual([
      1, 2, 4, 8, 16, 24, 24,
    ]);
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
    for (const [failures, wait] of [
      [1, 1],
      [2, 2],
      [3, 4],
    ] as const) {
      t += HOUR;
      const before = server.requests.length;
      await syncFeeds({}, { fetchImpl: server.impl, now: () => t });
      expect(server.requests.length).toBe(before + 1);
      const state = (await readFeedCache())[FEED_ID]!;
      expect(state).toMatchObject({ failureCount: failures, failingSince: NOW + HOUR, nextAttemptAt: t + wait * HOUR });
      expect(state.error?.message).toBe("The feed's server had an error (HTTP 500).");
      expect(state.articles.map((a) => a.id)).toEqual(['a']);
      // Not due yet: no request.
      await syncFeeds({}, { fetchImpl: server.impl, now: () => t + wait * HOUR - 1 });
      expect(server.requests.length).toBe(before + 1);
      t += wait * HOUR - HOUR;
    }
    server.routes[FEED_URL] = { body: jsonFeed([item('b', NOW), item('a', NOW - HOUR)]) };
    // The last failure's next attempt is an hour on.
    await syncFeeds({}, { fetchImpl: server.impl, now: () => t + HOUR });
    const healthy = (await readFeedCache())[FEED_ID]!;
    expect(healthy).not.toHaveProperty('failureCount');
    expect(healthy).not.toHaveProperty('nextAttemptAt');
    expect(healthy).not.toHaveProperty('error');
    expect(healthy.articles.map((a) => a.id)).toEqual(['b', 'a']);
    expect(await readStates()).toEqual({ b: 'unread', a: 'read' });
  });

  it('waits out a 429 Retry-After longer than the backoff', async () => {
    const { server } = await follow({ [FEED_URL]: { body: jsonFeed([item('a', NOW)]) } });
    server.routes[FEED_URL] = { status: 429, headers: { 'retry-after': String(6 * 3600) } };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + HOUR });
    const state = (await readFeedCache())[FEED_ID]!;
    expect(state.nextAttemptAt).toBe(NOW + 7 * HOUR);
    expect(state.error?.message).toMatch(/asked us to slow down \(HTTP 429\)/);
  });
});

describe('every format through addFeed and sync', () => {
  it('follows an RSS 2.0 feed and an Atom feed, side by side', async () => {
    const rssUrl = 'https://blog.example.org/rss.xml';
    const atomUrl = 'https://atom.example.com/feed.atom';
    const server = fakeFetch({
      [rssUrl]: { body: fixture('rss2-astro.xml'), headers: { 'content-type': 'application/rss+xml' } },
      [atomUrl]: {
        body: fixture('atom.xml').replace(/<link rel="next"[^>]*>/, ''),
        headers: { 'content-type': 'text/plain' },
      },
    });
    const handlers = createPageHandlers({ fetchImpl: server.impl, now: () => NOW });
    expect(await handlers.addFeed({ type: 'addFeed', url: rssUrl })).toMatchObject({
      ok: true,
      feed: { title: 'AI Safety Brief', articleCount: 2 },
    });
    expect(await handlers.addFeed({ type: 'addFeed', url: atomUrl })).toMatchObject({
      ok: true,
      feed: { title: 'Atom Desk', articleCount: 3 },
    });
    const cache = await readFeedCache();
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
    const handlers = createPageHandlers({ fetchImpl: server.impl, now: () => NOW });
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
    jsonFeed(
      ids.map((id, i) => item(id, NOW - (n * 10 + i) * HOUR)),
      next ? { next_url: next } : {},
    );

  it(`follows next_url for at most ${MAX_FEED_PAGES} pages, and on later syncs stops at a page it already knows`, async () => {
    const routes = {
      [FEED_URL]: { body: page(0, ['a', 'b'], 'feed-2.json') },
      'https://blog.test/feed-2.json': { body: page(1, ['c', 'd'], '/feed-3.json') },
      'https://blog.test/feed-3.json': { body: page(2, ['e'], '/feed-4.json') },
      'https://blog.test/feed-4.json': { body: page(3, ['f']) },
    };
    const { server, added } = await follow(routes);
    expect(added).toMatchObject({ ok: true, feed: { articleCount: 5 } });
    expect(server.requests.map((r) => r.url.replace('https://blog.test/', ''))).toEqual([
      'feed.json',
      'feed-2.json',
      'feed-3.json',
    ]);
    expect((await readFeedCache())[FEED_ID]!.articles.map((a) => a.id)).toEqual(['a', 'b', 'c', 'd', 'e']);

    // A new post on page 1: page 2 is fetched, holds nothing new, and following stops there.
    server.routes[FEED_URL] = { body: page(0, ['new', 'a'], 'feed-2.json') };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + HOUR });
    expect(server.requests.slice(3).map((r) => r.url.replace('https://blog.test/', ''))).toEqual([
      'feed.json',
      'feed-2.json',
    ]);
  });

  it('stops at a next_url loop', async () => {
    const { server } = await follow({ [FEED_URL]: { body: page(0, ['a'], FEED_URL) } });
    expect(server.requests.length).toBe(1);
  });
});

describe('several feeds at once', () => {
  it(`fetches from at most ${CONCURRENT_HOSTS} hosts at a time and commits each feed as it arrives`, async () => {
    const urls = Array.from({ length: 10 }, (_, i) => `https://f${i}.test/feed.json`);
    let inFlight = 0;
    let maxInFlight = 0;
    const impl = (async (input: RequestInfo | URL) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const host = new URL(String(input)).host;
      return new Response(JSON.stringify(jsonFeed([item(`${host}-1`, NOW - HOUR)], { title: host })), {
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    await setSettings({
      feeds: urls.map((url) => ({ id: feedIdFor(url), url, addedAt: NOW })),
      pollMinutes: 60,
      notifications: { enabled: false, quietHours: null },
    });
    const summary = await syncFeeds({}, { fetchImpl: impl, now: () => NOW });
    expect(summary).toEqual({ checked: 10, failed: 0, newCount: 10 });
    expect(maxInFlight).toBe(CONCURRENT_HOSTS);
    expect(Object.keys(await readFeedCache())).toHaveLength(10);
  });

  it('fetches the feeds of one host one after another, with a pause between them, while other hosts go on', async () => {
    const urls = [
      ...Array.from({ length: 3 }, (_, i) => `https://shared.test/feed${i}.json`),
      'https://other.test/feed.json',
    ];
    const log: { host: string; start: number; end: number }[] = [];
    const impl = (async (input: RequestInfo | URL) => {
      const host = new URL(String(input)).host;
      const start = performance.now();
      await new Promise((r) => setTimeout(r, 5));
      log.push({ host, start, end: performance.now() });
      return new Response(JSON.stringify(jsonFeed([item(String(input), NOW - HOUR)], { title: host })), {
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    await setSettings({
      feeds: urls.map((url) => ({ id: feedIdFor(url), url, addedAt: NOW })),
      pollMinutes: 60,
      notifications: { enabled: false, quietHours: null },
    });
    await syncFeeds({}, { fetchImpl: impl, now: () => NOW, hostPauseMs: 40 });
    const shared = log.filter((entry) => entry.host === 'shared.test');
    expect(shared).toHaveLength(3);
    // Each request of the shared host starts after the previous one ended, and after the pause.
    for (let i = 1; i < shared.length; i++) expect(shared[i]!.start - shared[i - 1]!.end).toBeGreaterThanOrEqual(35);
    // The other host did not wait for the shared host's queue.
    expect(log.find((entry) => entry.host === 'other.test')!.start).toBeLessThan(shared[1]!.start);

    // "Refresh" (the reader waits on it): four at a time, whatever the host, as a reader's own wish.
    log.length = 0;
    await syncFeeds({ force: true }, { fetchImpl: impl, now: () => NOW + HOUR });
    const refreshed = log.filter((entry) => entry.host === 'shared.test');
    expect(refreshed[1]!.start).toBeLessThan(refreshed[0]!.end);
  });

  it('a sync cut off midway (the worker killed while one feed hangs) keeps what finished; the next sync completes', async () => {
    const slowUrl = 'https://slow.test/feed.json';
    const fastUrl = 'https://fast.test/feed.json';
    await setSettings({
      feeds: [fastUrl, slowUrl].map((url) => ({ id: feedIdFor(url), url, addedAt: NOW })),
      pollMinutes: 60,
      notifications: { enabled: false, quietHours: null },
    });
    const body = (id: string) => JSON.stringify(jsonFeed([item(id, NOW - HOUR)]));
    const hanging = (async (input: RequestInfo | URL) =>
      String(input) === slowUrl ? new Promise<Response>(() => {}) : new Response(body('fast-1'))) as typeof fetch;
    // The first pass never finishes: it stands for a service worker stopped mid-fetch.
    void syncFeeds({}, { fetchImpl: hanging, now: () => NOW });
    await expect.poll(async () => Object.keys(await readFeedCache())).toEqual([feedIdFor(fastUrl)]);
    // A new worker starts from its modules afresh (nothing in memory: no fetch under way) and the same storage.
    vi.resetModules();
    const { syncFeeds: syncInNewWorker } = await import('./syncFeeds');
    const healthy = (async (input: RequestInfo | URL) =>
      new Response(body(String(input) === slowUrl ? 'slow-1' : 'fast-1'))) as typeof fetch;
    // Only the feed that was cut off: the other was checked a second ago (a restart refetches nothing fresh).
    expect(await syncInNewWorker({}, { fetchImpl: healthy, now: () => NOW + 1000 })).toEqual({
      checked: 1,
      failed: 0,
      newCount: 2,
    });
    const cache = await readFeedCache();
    expect(cache[feedIdFor(slowUrl)]!.articles.map((a) => a.id)).toEqual(['slow-1']);
    expect(cache[feedIdFor(fastUrl)]!.articles.map((a) => a.id)).toEqual(['fast-1']);
  });
});

describe('storage', () => {
  const article = (id: string, publishedAt?: number): Article => ({
    id,
    title: id,
    summary: '',
    tags: [],
    authors: [],
    publishedAt,
  });
  const config = (id: string) => ({ id, url: `https://${id}.test/feed.json`, addedAt: 0 });

  /**
   * storage.local that refuses a write leaving more than `limit` posts stored in all, like a full quota. The posts
   * counted are those of the archive pages the records list (a page a write empties is removed right after it).
   */
  function limitStoredPosts(limit: number, message = 'QUOTA_BYTES quota exceeded') {
    const set = browser.storage.local.set.bind(browser.storage.local);
    const attempts: number[] = [];
    vi.spyOn(browser.storage.local, 'set').mockImplementation(async (values: Record<string, unknown>) => {
      const after: Record<string, unknown> = { ...(await browser.storage.local.get(null)), ...values };
      const listed = Object.entries(after).flatMap(([key, value]) =>
        key.startsWith('feed:')
          ? ((value as { pages?: number[] }).pages ?? []).map((page) => `posts:${key.slice(5)}/${page}`)
          : [],
      );
      const posts = listed.reduce((n, key) => n + ((after[key] as unknown[] | undefined)?.length ?? 0), 0);
      if (Object.keys(values).some((key) => key.startsWith('posts:'))) attempts.push(posts);
      if (posts > limit) throw new Error(message);
      return set(values);
    });
    return attempts;
  }
  const many = (prefix: string, count: number, start: number) =>
    Array.from({ length: count }, (_, i) => article(`${prefix}${i}`, start - i * HOUR));
  const feedOf = (articles: Article[]) => jsonFeed(articles.map((a) => item(a.id, a.publishedAt!)));
  const outcomeWith = (articles: Article[]): FetchOutcome =>
    fetchedFeed(
      articles.map((a) => item(a.id, a.publishedAt!)),
      'https://f.test/feed.json',
    );

  it('when storage is full, prunes the oldest posts of the feed being written, never another feed, the settings or read marks', async () => {
    const settings = {
      feeds: [config('f'), config('other')],
      pollMinutes: 30,
      notifications: { enabled: false, quietHours: null },
    };
    await setSettings(settings);
    await seedStore(
      { f: { articles: many('f', 100, NOW - 30 * DAY) }, other: { articles: many('o', 100, NOW - 100 * DAY) } },
      { f: { ...emptyMarks(), seenSeq: 100 }, other: { ...emptyMarks(), seenSeq: 100, read: ['o99'] } },
    );
    const otherMarks = await readMarks('other');
    // Room for 300 posts; the sync brings 150 new ones to the 200 stored.
    const attempts = limitStoredPosts(300);
    const server = fakeFetch({ 'https://f.test/feed.json': { body: feedOf(many('new', 150, NOW)) } });
    await syncFeeds({ feedIds: ['f'], force: true }, { fetchImpl: server.impl, now: () => NOW });
    expect(attempts).toEqual([350, 225]);
    const stored = await readFeedCache();
    // Half of the feed's posts went, the oldest first: what is left is its newest.
    expect(stored.f!.articles.map((a) => a.id)).toEqual(many('new', 125, NOW).map((a) => a.id));
    expect(stored.other!.articles).toHaveLength(100);
    expect(await settingsItem.get()).toEqual(settings);
    expect(await readMarks('other')).toEqual(otherMarks);
    expect((await readStates()).o99).toBe('read');
    // The badge counts the posts kept.
    expect(await refreshBadge()).toBe(125);
  });

  it(`never prunes a feed below its newest ${PRUNE_KEEP_PER_FEED} posts, and fails the write (storing nothing) when that is not enough`, async () => {
    await setSettings({ feeds: [config('f')], pollMinutes: 30, notifications: { enabled: false, quietHours: null } });
    await seedStore({ f: { articles: many('f', PRUNE_KEEP_PER_FEED, NOW - DAY) } });
    const before = await browser.storage.local.get(null);
    const attempts = limitStoredPosts(PRUNE_KEEP_PER_FEED - 1);
    await expect(commitFeed('f', outcomeWith(many('new', 1, NOW)), NOW, { pollMs: HOUR })).rejects.toThrow(/quota/);
    expect(attempts).toEqual([PRUNE_KEEP_PER_FEED + 1, PRUNE_KEEP_PER_FEED]);
    vi.restoreAllMocks();
    const onFire = limitStoredPosts(0, 'disk on fire');
    await expect(commitFeed('f', outcomeWith(many('new', 1, NOW)), NOW, { pollMs: HOUR })).rejects.toThrow(
      /disk on fire/,
    );
    expect(onFire).toHaveLength(1);
    vi.restoreAllMocks();
    expect(await browser.storage.local.get(null)).toEqual(before);
  });
});
