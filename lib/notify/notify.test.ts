import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fakeExtras } from '@/tests/unit/fakeExtras';
import { HOUR, fakeFetch, item, jsonFeed } from '@/tests/unit/feeds';
import { setSettings } from '@/tests/unit/store';
import { defaultSettings, type QuietHours, type Settings } from '../store/settings';
import { markAllSeen } from '../sync/readMarks';
import { syncFeeds } from '../sync/syncFeeds';
import { rulesHandlers } from '../router/rules';
import { markAllNotified, notifyNewPosts, openNotification } from './notify';

const FEED_URL = 'https://blog.test/feed.json';
const noon = new Date(2026, 10, 25, 12);
const server = fakeFetch({});
let clock = noon.getTime();

async function follow(quietHours: QuietHours | null = null, more: Partial<Settings> = {}, notify?: boolean) {
  await setSettings({
    ...defaultSettings(),
    feeds: [{ id: 'f', url: FEED_URL, title: 'Desk', addedAt: 0, ...(notify === false && { notify }) }],
    notifications: { enabled: true, quietHours },
    ...more,
  });
}

/**
 * A scheduled poll (the alarm's) that finds these posts in the feed, newest first: 65 minutes after the last, when
 * the feed is due (it sends no validators: at most hourly, and a twentieth).
 */
async function poll(ids: string[]) {
  server.routes[FEED_URL] = { body: jsonFeed(ids.map((id, i) => item(id, noon.getTime() - i * HOUR))) };
  const at = (clock += 65 * 60e3);
  await syncFeeds({ announce: true }, { fetchImpl: server.impl, now: () => at });
}

const postUrl = (id: string) => `asb:url:https://blog.test/posts/${id}`;

describe('notifyNewPosts', () => {
  it('announces each post that arrives in a scheduled poll once: one by name, several grouped', async () => {
    fakeExtras.grantedPermissions.add('notifications');
    await follow();
    // The first sync of a feed is its baseline: what it already holds is not news.
    await poll(['old']);
    await notifyNewPosts(noon);
    expect(fakeExtras.notifications.size).toBe(0);
    await poll(['a', 'old']);
    await notifyNewPosts(noon);
    expect([...fakeExtras.notifications]).toEqual([[postUrl('a'), { title: 'Post a', message: 'Desk' }]]);
    fakeExtras.notifications.clear();
    await notifyNewPosts(noon);
    await poll(['a', 'old']);
    await notifyNewPosts(noon);
    expect(fakeExtras.notifications.size).toBe(0);
    await poll(['b', 'c', 'a', 'old']);
    await notifyNewPosts(noon);
    // Listed newest first, as the popup lists them.
    expect([...fakeExtras.notifications]).toEqual([
      ['asb:list', { title: '2 new posts', message: '• Post b\n• Post c' }],
    ]);
  });

  it('announces nothing that was waiting when notifications were turned on, or that the reader has seen', async () => {
    fakeExtras.grantedPermissions.add('notifications');
    await follow();
    await poll(['old']);
    await poll(['a', 'old']);
    await markAllNotified();
    await notifyNewPosts(noon);
    expect(fakeExtras.notifications.size).toBe(0);
    await poll(['b', 'a', 'old']);
    await markAllSeen(['f']);
    await notifyNewPosts(noon);
    expect(fakeExtras.notifications.size).toBe(0);
    await poll(['c', 'b', 'a', 'old']);
    await notifyNewPosts(noon);
    expect([...fakeExtras.notifications.keys()]).toEqual([postUrl('c')]);
  });

  it('stays silent in quiet hours and without the permission, and does not announce those posts later', async () => {
    await follow({ start: 11 * 60, end: 13 * 60 });
    await poll(['old']);
    fakeExtras.grantedPermissions.add('notifications');
    await poll(['a', 'old']);
    await notifyNewPosts(noon);
    fakeExtras.grantedPermissions.clear();
    await follow();
    await poll(['b', 'a', 'old']);
    await notifyNewPosts(noon);
    expect(fakeExtras.notifications.size).toBe(0);
    fakeExtras.grantedPermissions.add('notifications');
    await poll(['b', 'a', 'old']);
    await notifyNewPosts(noon);
    expect(fakeExtras.notifications.size).toBe(0);
  });
});

describe("notifyNewPosts with the reader's rules", () => {
  const rules: Settings['rules'] = [
    { kind: 'mute', text: '"post m"' },
    { kind: 'alert', text: '"post x"', feedId: 'f' },
  ];

  it('never announces a muted post', async () => {
    fakeExtras.grantedPermissions.add('notifications');
    await follow(null, { rules });
    await poll(['old']);
    await poll(['m', 'old']);
    await notifyNewPosts(noon);
    expect(fakeExtras.notifications.size).toBe(0);
  });

  it('drops a post waiting to be announced once a new rule hides it', async () => {
    fakeExtras.grantedPermissions.add('notifications');
    await follow();
    await poll(['old']);
    await poll(['m', 'a', 'old']);
    await rulesHandlers().addRule({ type: 'addRule', rule: { kind: 'mute', text: '"post m"' } });
    await notifyNewPosts(noon);
    expect([...fakeExtras.notifications.keys()]).toEqual([postUrl('a')]);
  });

  it("with the feed's notifications off, announces only what an alert rule matches; quiet hours still apply", async () => {
    fakeExtras.grantedPermissions.add('notifications');
    await follow(null, { rules }, false);
    await poll(['old']);
    await poll(['a', 'old']);
    await notifyNewPosts(noon);
    expect(fakeExtras.notifications.size).toBe(0);
    await poll(['x', 'a', 'old']);
    await notifyNewPosts(noon);
    expect([...fakeExtras.notifications.keys()]).toEqual([postUrl('x')]);
    fakeExtras.notifications.clear();
    await follow({ start: 11 * 60, end: 13 * 60 }, { rules }, false);
    await poll(['x', 'a', 'old']);
    await poll(['y', 'x', 'a', 'old']);
    server.routes[FEED_URL] = {
      body: jsonFeed([item('x2', noon.getTime(), { title: 'Post x again' }), item('old', noon.getTime() - HOUR)]),
    };
    await syncFeeds({ announce: true }, { fetchImpl: server.impl, now: () => (clock += 60e3) });
    await notifyNewPosts(noon);
    expect(fakeExtras.notifications.size).toBe(0);
  });
});

describe('openNotification', () => {
  it('opens the post of a single-post notification, the list for a grouped one, and ignores others', async () => {
    await openNotification('asb:url:https://blog.test/a');
    await openNotification('asb:list');
    await openNotification('someone-else');
    await openNotification('asb:url:javascript:alert(1)');
    const urls = (await fakeBrowser.tabs.query({})).map((tab) => tab.url);
    expect(urls).toContain('https://blog.test/a');
    expect(urls.some((url) => url?.endsWith('/popup.html'))).toBe(true);
    expect(urls.some((url) => url?.startsWith('javascript:'))).toBe(false);
  });
});
