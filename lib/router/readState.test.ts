import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { HOUR, item, jsonFeed } from '@/tests/unit/feeds';
import { followFeed } from '@/tests/unit/follow';
import { readStates } from '@/tests/unit/store';
import { articleKey } from '../store/marks';
import { feedIdFor } from '../store/settings';
import { syncFeeds } from '../sync/syncFeeds';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED_URL = 'https://blog.test/feed.json';
const FEED_ID = feedIdFor(FEED_URL);
const badge = () => browser.action.getBadgeText({});
const followBlog = (body: unknown) => followFeed({ [FEED_URL]: { body, headers: { etag: '"v1"' } } }, FEED_URL, NOW);

describe('read state and the badge', () => {
  it('clears the badge when the popup marks everything seen, without marking posts read', async () => {
    const { handlers } = await followBlog(jsonFeed([item('a', NOW - HOUR), item('b', NOW - HOUR)]));
    expect(await badge()).toBe('2');
    await handlers.markAllSeen({ type: 'markAllSeen' });
    expect(await badge()).toBe('');
    expect(await readStates()).toEqual({ a: 'unread', b: 'unread' });
  });

  it('marks read and unread, and all read', async () => {
    const { handlers } = await followBlog(jsonFeed([item('a', NOW - HOUR), item('b', NOW - HOUR)]));
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
    const { handlers, server } = await followBlog(jsonFeed([item('a', NOW - 2 * HOUR)]));
    await handlers.markAllRead({ type: 'markAllRead' });
    server.routes[FEED_URL] = {
      body: jsonFeed([item('late', NOW - 3 * HOUR), item('a', NOW - 2 * HOUR)]),
      headers: { etag: '"v2"' },
    };
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW + HOUR });
    expect(await readStates()).toEqual({ a: 'read', late: 'unread' });
    expect(await badge()).toBe('1');
  });
});
