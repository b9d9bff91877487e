import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeExtras } from '@/tests/unit/fakeExtras';
import { DAY, HOUR, fakeFetch, item, jsonFeed } from '@/tests/unit/feeds';
import { readFeedCache, readMarks, readStates } from '@/tests/unit/store';
import { articleKey } from '../store/marks';
import { feedIdFor, settingsItem } from '../store/settings';
import { readIndex } from '../store/storeIndex';
import { createHandlers } from './actions';
import { syncFeeds } from './syncFeeds';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED_URL = 'https://blog.test/feed.json';
const FEED_ID = feedIdFor(FEED_URL);
const badge = () => browser.action.getBadgeText({});

async function followFeed(body: unknown, now = NOW) {
  const server = fakeFetch({ [FEED_URL]: { body, headers: { etag: '"v1"' } } });
  const handlers = createHandlers({ fetchImpl: server.impl, now: () => now });
  const added = await handlers.addFeed({ type: 'addFeed', url: FEED_URL });
  return { server, handlers, added };
}

describe('adding a feed', () => {
  it('validates it, replaces the demo feed, and counts only the last 7 days as new', async () => {
    const { added } = await followFeed(
      jsonFeed([item('a', NOW - HOUR), item('b', NOW - 2 * DAY), item('old', NOW - 30 * DAY)]),
    );
    expect(added).toEqual({ ok: true, feed: { id: FEED_ID, title: 'Test Desk', articleCount: 3 } });
    const settings = await settingsItem.get();
    expect(settings.feeds.map((f) => f.url)).toEqual([FEED_URL]);
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
    const handlers = createHandlers({ fetchImpl: server.impl, now: () => NOW });
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
    const { handlers } = await followFeed(jsonFeed([item('a', NOW)]));
    expect(await handlers.addFeed({ type: 'addFeed', url: FEED_URL })).toMatchObject({
      ok: false,
      error: { message: 'You already follow this feed.' },
    });
  });
});

describe('a sync pass', () => {
  it('sends the validators back, and writes nothing to disk when the server answers 304 or the same posts again', async () => {
    const body = jsonFeed([item('a', NOW)]);
    const { server } = await followFeed(body);
    const before = await browser.storage.local.get(null);
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
    expect(changes).toEqual([]);
    expect(await browser.storage.local.get(null)).toEqual(before);
  });

  it('keeps the last good articles and read state when the feed breaks, and says what is wrong', async () => {
    const { server, handlers } = await followFeed(jsonFeed([item('a', NOW - HOUR), item('b', NOW - 2 * HOUR)]));
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
    const { server } = await followFeed(jsonFeed([item('a', NOW)]));
    server.routes[FEED_URL] = { status: 429, headers: { 'retry-after': '3600' } };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW });
    const count = server.requests.length;
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + 10 * 60e3 });
    expect(server.requests.length).toBe(count);
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW + 10 * 60e3 });
    expect(server.requests.length).toBe(count + 1);
  });

  it('says the site needs the reader’s permission when a blocked request meets a missing grant (a feed from sync)', async () => {
    const { server } = await followFeed(jsonFeed([item('a', NOW)]));
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

describe('read state and the badge', () => {
  it('clears the badge when the popup marks everything seen, without marking posts read', async () => {
    const { handlers } = await followFeed(jsonFeed([item('a', NOW - HOUR), item('b', NOW - HOUR)]));
    expect(await badge()).toBe('2');
    await handlers.markAllSeen({ type: 'markAllSeen' });
    expect(await badge()).toBe('');
    expect(await readStates()).toEqual({ a: 'unread', b: 'unread' });
  });

  it('marks read and unread, and all read', async () => {
    const { handlers } = await followFeed(jsonFeed([item('a', NOW - HOUR), item('b', NOW - HOUR)]));
    const a = articleKey(FEED_ID, 'a');
    await handlers.setRead({ type: 'setRead', keys: [a], read: true });
    expect(await readStates()).toEqual({ a: 'read', b: 'unread' });
    await handlers.setRead({ type: 'setRead', keys: [a], read: false });
    expect(await readStates()).toEqual({ a: 'unread', b: 'unread' });
    await handlers.markAllRead({ type: 'markAllRead' });
    expect(await readStates()).toEqual({ a: 'read', b: 'read' });
    expect(await badge()).toBe('');
    // Marking one unread again overrides "all read"; marking it read again takes the override back.
    await handlers.setRead({ type: 'setRead', keys: [a], read: false });
    expect(await readStates()).toEqual({ a: 'unread', b: 'read' });
    await handlers.setRead({ type: 'setRead', keys: [a], read: true });
    expect(await readStates()).toEqual({ a: 'read', b: 'read' });
  });

  it('after "mark all read", a post that arrives later is new and unread, even when dated before the click', async () => {
    const { handlers, server } = await followFeed(jsonFeed([item('a', NOW - 2 * HOUR)]));
    await handlers.markAllRead({ type: 'markAllRead' });
    server.routes[FEED_URL] = {
      body: jsonFeed([item('late', NOW - 3 * HOUR), item('a', NOW - 2 * HOUR)]),
      headers: { etag: '"v2"' },
    };
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW + HOUR });
    expect(await readStates()).toEqual({ a: 'read', late: 'unread' });
    expect(await badge()).toBe('1');
  });

  it('forgets a removed feed: its articles, its read marks and its share of the badge', async () => {
    const { handlers } = await followFeed(jsonFeed([item('a', NOW - HOUR)]));
    await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'a')], read: true });
    await handlers.removeFeed({ type: 'removeFeed', feedId: FEED_ID });
    expect(await readFeedCache()).toEqual({});
    const left = Object.keys(await browser.storage.local.get(null));
    expect(left.filter((key) => key.includes(FEED_ID))).toEqual([]);
    expect((await readIndex()).feeds).toEqual({});
    expect(await badge()).toBe('');
  });
});
