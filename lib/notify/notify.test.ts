import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fakeExtras } from '@/tests/unit/fakeExtras';
import type { Article } from '../feed/article';
import { emptyFeedState, feedCacheItem } from '../store/feedCache';
import { defaultSettings, settingsItem } from '../store/settings';
import { markAllNotified, notifyNewPosts, openNotification } from './notify';

const post = (id: string): Article => ({ id, title: `Post ${id}`, summary: '', tags: [], authors: [], url: `https://blog.test/${id}` });
const noon = new Date(2026, 10, 25, 12);

async function setUp(ids: string[], quietHours: { start: number; end: number } | null = null) {
  await settingsItem.set({
    ...defaultSettings(),
    feeds: [{ id: 'f', url: 'https://blog.test/feed.json', title: 'Desk', addedAt: 0 }],
    notifications: { enabled: true, quietHours },
  });
  await feedCacheItem.set({ f: { ...emptyFeedState(), articles: ids.map(post) } });
}

describe('notifyNewPosts', () => {
  it('starts from a baseline, then announces each new post once: one by name, several grouped', async () => {
    fakeExtras.grantedPermissions.add('notifications');
    await setUp(['old']);
    await markAllNotified();
    await setUp(['a', 'old']);
    await notifyNewPosts(noon);
    expect([...fakeExtras.notifications]).toEqual([['asb:url:https://blog.test/a', { title: 'Post a', message: 'Desk' }]]);
    fakeExtras.notifications.clear();
    await notifyNewPosts(noon);
    expect(fakeExtras.notifications.size).toBe(0);
    await setUp(['b', 'c', 'a', 'old']);
    await notifyNewPosts(noon);
    expect([...fakeExtras.notifications]).toEqual([['asb:list', { title: '2 new posts', message: '• Post b\n• Post c' }]]);
  });

  it('stays silent in quiet hours and without the permission, and does not announce those posts later', async () => {
    await setUp(['old']);
    await markAllNotified();
    fakeExtras.grantedPermissions.add('notifications');
    await setUp(['a', 'old'], { start: 11 * 60, end: 13 * 60 });
    await notifyNewPosts(noon);
    fakeExtras.grantedPermissions.clear();
    await setUp(['b', 'a', 'old']);
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
