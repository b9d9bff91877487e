import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { HOUR, item, jsonFeed, fakeFetch, type JsonFeedItemInput } from '@/tests/unit/feeds';
import { startBrowser } from '@/tests/unit/worker';
import { mirrorSettingsNow, readStates } from '@/tests/unit/store';
import { createPageHandlers } from '../router/router';
import { articleKey } from '../store/marks';
import { adoptSyncedSettings, feedIdFor, settingsItem } from '../store/settings';
import { catchUpReadState, flushReadState, forgetReadStateTimers, receiveReadState } from './readStateSync';

// The two cases the synced read state exists for, as the issue found them in two Chromium profiles: a browser that
// joins after another has read, and a browser that was closed while the other read a new post. One fake browser
// plays both: each browser's storage is put away while the other one runs, and `storage.sync` goes from one to the
// other as the browser's sync would deliver it.

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED_URL = 'https://blog.test/feed.json';
const FEED_ID = feedIdFor(FEED_URL);

type Stored = { local: Record<string, unknown>; sync: Record<string, unknown> };

/** One browser's storage, put away. */
async function putAway(): Promise<Stored> {
  await mirrorSettingsNow(); // the settings' batch, as its timer writes it a few seconds after a change
  return { local: await browser.storage.local.get(null), sync: await browser.storage.sync.get(null) };
}

function network(posts: JsonFeedItemInput[]) {
  const server = fakeFetch({ [FEED_URL]: { body: jsonFeed(posts) } });
  return {
    setPosts: (next: JsonFeedItemInput[]) => (server.routes[FEED_URL] = { body: jsonFeed(next) }),
    handlers: (now: number) => createPageHandlers({ fetchImpl: server.impl, now: () => now }),
  };
}

const badge = () => browser.action.getBadgeText({});
const POSTS = [item('p1', NOW - 3 * HOUR), item('p2', NOW - 2 * HOUR), item('p3', NOW - HOUR)];

describe('the read state, as a reader carries it from browser to browser', () => {
  it('a new browser joins: what the first one showed is not new in the second, whenever it fetches', async () => {
    const net = network(POSTS);
    const a = net.handlers(NOW);
    await a.addFeed({ type: 'addFeed', url: FEED_URL });
    expect(await badge()).toBe('3');
    await a.markAllSeen({ type: 'markAllSeen' });
    expect(await badge()).toBe('');
    await flushReadState();
    const settings = await settingsItem.get();
    const cloud = (await putAway()).sync;

    // B starts with A's settings and read state, before it has ever fetched the feed; then fetches it.
    await startBrowser({}, cloud);
    await adoptSyncedSettings({ onlyIntoEmpty: true }); // as the worker starts up
    expect((await settingsItem.get()).feeds).toEqual(settings.feeds);
    await catchUpReadState();
    await net.handlers(NOW + HOUR).syncNow({ type: 'syncNow' });
    expect(await badge()).toBe('');

    // And a browser that adds the feed itself, on its options page, with the read state already in sync.
    await startBrowser({}, cloud);
    await net.handlers(NOW + HOUR).addFeed({ type: 'addFeed', url: FEED_URL });
    expect(await badge()).toBe('');
  });

  it('a browser that was closed: the post the other one read while it slept is not new when it wakes', async () => {
    const net = network(POSTS);
    const a = net.handlers(NOW);
    await a.addFeed({ type: 'addFeed', url: FEED_URL });
    await a.markAllSeen({ type: 'markAllSeen' });
    await flushReadState();
    const settings = await settingsItem.get();
    let browserA = await putAway();

    // B took A's settings and has seen everything too.
    await startBrowser({}, browserA.sync);
    await adoptSyncedSettings({ onlyIntoEmpty: true }); // as the worker starts up
    expect((await settingsItem.get()).feeds).toEqual(settings.feeds);
    await catchUpReadState();
    const b = net.handlers(NOW + HOUR);
    await b.syncNow({ type: 'syncNow' });
    await b.markAllSeen({ type: 'markAllSeen' });
    expect(await badge()).toBe('');
    await flushReadState();
    const browserB = await putAway();

    // B is closed. A new post arrives; A checks it, opens the popup, reads p2 and marks p1 unread.
    await startBrowser(browserA.local, browserB.sync);
    await catchUpReadState();
    net.setPosts([...POSTS, item('p4', NOW + 2 * HOUR)]);
    const later = net.handlers(NOW + 3 * HOUR);
    await later.syncNow({ type: 'syncNow' });
    expect(await badge()).toBe('1');
    await later.markAllSeen({ type: 'markAllSeen' });
    await later.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p2')], read: true });
    await later.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p1')], read: true });
    await later.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p1')], read: false });
    expect(await badge()).toBe('');
    forgetReadStateTimers();
    await flushReadState();
    browserA = await putAway();

    // B starts: sync delivers A's state, then B checks the feed.
    await startBrowser(browserB.local, browserA.sync);
    await catchUpReadState();
    await net.handlers(NOW + 5 * HOUR).syncNow({ type: 'syncNow' });
    expect(await badge()).toBe('');
    expect(await readStates()).toEqual({ p4: 'unread', p3: 'unread', p2: 'read', p1: 'unread' });

    // The other order: B checks the feed first (p4 is new for a moment), then sync delivers.
    await startBrowser(browserB.local, browserB.sync);
    await net.handlers(NOW + 5 * HOUR).syncNow({ type: 'syncNow' });
    expect(await badge()).toBe('1');
    await receiveReadState(browserA.sync);
    expect(await badge()).toBe('');
    expect(await readStates()).toEqual({ p4: 'unread', p3: 'unread', p2: 'read', p1: 'unread' });
  });
  it('keeps the late-post rule: an old date published late, shown nowhere, is new in every browser', async () => {
    const net = network(POSTS);
    await net.handlers(NOW).addFeed({ type: 'addFeed', url: FEED_URL });
    await net.handlers(NOW).markAllSeen({ type: 'markAllSeen' });
    await flushReadState();
    const settings = await settingsItem.get();
    const browserA = await putAway();
    await startBrowser({}, browserA.sync);
    await adoptSyncedSettings({ onlyIntoEmpty: true });
    await catchUpReadState();
    await net.handlers(NOW + HOUR).syncNow({ type: 'syncNow' });
    expect((await settingsItem.get()).feeds).toEqual(settings.feeds);
    // B checks the feed first: a post dated this morning, published only now, and a new one.
    net.setPosts([...POSTS, item('late', NOW - 4 * HOUR), item('p4', NOW + 2 * HOUR)]);
    await net.handlers(NOW + 3 * HOUR).syncNow({ type: 'syncNow' });
    expect(await badge()).toBe('2');
    await flushReadState();
    const browserB = await putAway();
    // A has only p4 yet (its check came before the late post), and the reader looks there.
    net.setPosts([...POSTS, item('p4', NOW + 2 * HOUR)]);
    await startBrowser(browserA.local, browserB.sync);
    const a = net.handlers(NOW + 3 * HOUR);
    await a.syncNow({ type: 'syncNow' });
    await a.markAllSeen({ type: 'markAllSeen' });
    forgetReadStateTimers();
    await flushReadState();
    const cloud = await browser.storage.sync.get(null);
    // Then A gets the late post: nobody has seen it.
    net.setPosts([...POSTS, item('late', NOW - 4 * HOUR), item('p4', NOW + 2 * HOUR)]);
    await a.syncNow({ type: 'syncNow' });
    expect(await badge()).toBe('1');
    // B hears of A's look: p4 is seen, the late post is still new.
    await startBrowser(browserB.local, browserB.sync);
    await receiveReadState(cloud);
    expect(await badge()).toBe('1');
  });
});
