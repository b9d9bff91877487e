import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { DAY, HOUR, fakeFetch, item, jsonFeed } from '@/tests/unit/feeds';
import { followFeed } from '@/tests/unit/follow';
import { readFeedCache, readMarks, readStates, seedStore, setSettings } from '@/tests/unit/store';
import { articleKey } from '../store/marks';
import { DEMO_FEED_ID, defaultSettings, feedIdFor, settingsItem, type Settings } from '../store/settings';
import { readIndex } from '../store/storeIndex';
import { MAX_ARTICLES_PER_FEED } from '../sync/feedState';
import { syncFeeds } from '../sync/syncFeeds';
import { feedHandlers, moveFeed, renameFeed, setFeedPaused } from './feeds';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED_URL = 'https://blog.test/feed.json';
const FEED_ID = feedIdFor(FEED_URL);
const badge = () => browser.action.getBadgeText({});
const followBlog = (body: unknown) => followFeed({ [FEED_URL]: { body, headers: { etag: '"v1"' } } }, FEED_URL, NOW);

describe('adding a feed', () => {
  it('validates it, replaces the demo feed (and forgets its posts), and counts only the last 7 days as new', async () => {
    const demoPost = { id: 'd', title: 'Demo', summary: '', tags: [], authors: [], publishedAt: NOW - 400 * DAY };
    await seedStore({ [DEMO_FEED_ID]: { articles: [demoPost] } });
    const { added } = await followBlog(
      jsonFeed([item('a', NOW - HOUR), item('b', NOW - 2 * DAY), item('old', NOW - 30 * DAY)]),
    );
    expect(added).toEqual({ ok: true, feed: { id: FEED_ID, title: 'Test Desk', articleCount: 3 } });
    const settings = await settingsItem.get();
    expect(settings.feeds.map((f) => f.url)).toEqual([FEED_URL]);
    expect(Object.keys(await readFeedCache())).toEqual([FEED_ID]);
    expect(await badge()).toBe('2');
    // The old post counts as seen and read through one cutoff for the feed, not a mark per post.
    expect(await readMarks(FEED_ID)).toEqual({
      seenSeq: 0,
      readSeq: 0,
      before: NOW - 7 * DAY,
      seen: [],
      read: [],
      unread: [],
    });
    expect(await readStates()).toEqual({ a: 'unread', b: 'unread', old: 'read' });
  });

  it('refuses a feed that does not answer or does not parse, and saves nothing', async () => {
    const server = fakeFetch({
      'https://bad.test/feed': { body: '<html>login</html>', headers: { 'content-type': 'text/html' } },
    });
    const handlers = feedHandlers({ fetchImpl: server.impl, now: () => NOW });
    expect(await handlers.addFeed({ type: 'addFeed', url: 'https://bad.test/feed' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/web page, not a feed/) },
    });
    expect(await handlers.addFeed({ type: 'addFeed', url: 'https://missing.test/feed' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/HTTP 404/) },
    });
    expect(await handlers.addFeed({ type: 'addFeed', url: 'javascript:alert(1)' })).toMatchObject({ ok: false });
    expect((await settingsItem.get()).feeds.map((f) => f.demo)).toEqual([true]);
  });

  it('does not add the same feed twice', async () => {
    const { handlers } = await followBlog(jsonFeed([item('a', NOW)]));
    expect(await handlers.addFeed({ type: 'addFeed', url: FEED_URL })).toMatchObject({
      ok: false,
      error: { message: 'You already follow this feed.' },
    });
  });

  it('says how many posts are kept, not how many a huge feed lists', async () => {
    const url = 'https://huge.test/feed.json';
    const items = Array.from({ length: MAX_ARTICLES_PER_FEED + 250 }, (_, i) => item(`p${i}`, NOW - i * 60e3));
    const { added } = await followFeed({ [url]: { body: jsonFeed(items) } }, url, NOW);
    expect(added).toMatchObject({ ok: true, feed: { articleCount: MAX_ARTICLES_PER_FEED } });
    expect((await readFeedCache())[feedIdFor(url)]!.articles).toHaveLength(MAX_ARTICLES_PER_FEED);
  });
});

describe('removing a feed', () => {
  it('forgets it: its articles, its read marks and its share of the badge', async () => {
    const { handlers } = await followBlog(jsonFeed([item('a', NOW - HOUR)]));
    await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'a')], read: true });
    await handlers.removeFeed({ type: 'removeFeed', feedId: FEED_ID });
    expect(await readFeedCache()).toEqual({});
    const left = Object.keys(await browser.storage.local.get(null));
    expect(left.filter((key) => key.includes(FEED_ID))).toEqual([]);
    expect((await readIndex()).feeds).toEqual({});
    expect(await badge()).toBe('');
  });
});

describe('the feed list', () => {
  const A = 'https://a.test/feed.json';
  const B = 'https://b.test/feed.json';
  const C = 'https://c.test/feed.json';
  const feedsOf = async () =>
    (await settingsItem.get()).feeds.map((f) => ({ id: f.id, name: f.name, paused: f.paused }));
  const followAll = (...urls: string[]) => {
    const settings: Settings = {
      ...defaultSettings(),
      feeds: urls.map((url, i) => ({ id: feedIdFor(url), url, title: `T${i}`, addedAt: i })),
    };
    return setSettings(settings);
  };

  it('renames (blank restores the feed’s own title), reorders within bounds, and pauses', async () => {
    await followAll(A, B, C);
    await renameFeed(feedIdFor(B), '  My   favourite ');
    await moveFeed(feedIdFor(C), 'up');
    await moveFeed(feedIdFor(A), 'up');
    await setFeedPaused(feedIdFor(A), true);
    expect(await feedsOf()).toEqual([
      { id: feedIdFor(A), name: undefined, paused: true },
      { id: feedIdFor(C), name: undefined, paused: undefined },
      { id: feedIdFor(B), name: 'My favourite', paused: undefined },
    ]);
    await renameFeed(feedIdFor(B), '   ');
    await setFeedPaused(feedIdFor(A), false);
    expect((await feedsOf()).find((f) => f.id === feedIdFor(B))?.name).toBeUndefined();
    expect((await feedsOf())[0]?.paused).toBeUndefined();
  });

  it('does not fetch a paused feed on a sync pass, but does when it is refreshed by itself', async () => {
    await followAll(A, B);
    await setFeedPaused(feedIdFor(A), true);
    const net = fakeFetch({
      [A]: { body: jsonFeed([item('1', NOW - HOUR)]) },
      [B]: { body: jsonFeed([item('2', NOW - HOUR)]) },
    });
    await syncFeeds({}, { fetchImpl: net.impl, now: () => NOW });
    expect(net.requests.map((r) => r.url)).toEqual([B]);
    await syncFeeds({ feedIds: [feedIdFor(A)], force: true }, { fetchImpl: net.impl, now: () => NOW });
    expect(net.requests.map((r) => r.url)).toEqual([B, A]);
  });
});
