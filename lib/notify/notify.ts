import { browser } from 'wxt/browser';
import { z } from 'zod';
import { buildDigest } from '../digest/digest';
import { resolveHttpUrl } from '../feed/url';
import { t } from '../i18n/t';
import { feedCacheItem } from '../store/feedCache';
import { readStateItem } from '../store/readState';
import { settingsItem } from '../store/settings';
import { unseenKeys } from '../sync/newPosts';
import { defineValidatedItem } from '../store/validatedItem';
import { LIST_NOTIFICATION_ID, NOTIFICATION_PREFIX, planNotification } from './plan';

/** Posts already announced (or present when announcing began), so each post is announced at most once. */
export const notifiedItem = defineValidatedItem('local:notified', z.object({ keys: z.array(z.string()) }).nullable(), {
  fallback: () => null,
  version: 1,
});

async function canNotify(): Promise<boolean> {
  return !!browser.notifications && (await browser.permissions.contains({ permissions: ['notifications'] }).catch(() => false));
}

/** Marks every post cached now as announced: the baseline when notifications are turned on, or a feed is added. */
export async function markAllNotified(): Promise<void> {
  const [settings, cache] = await Promise.all([settingsItem.get(), feedCacheItem.get()]);
  const keys = buildDigest(settings.feeds, cache, { seen: [], read: [] }).map((entry) => entry.key);
  await notifiedItem.set({ keys });
}

/** Marks a newly added feed's posts as announced: the reader is looking at them as they add it. */
export async function markFeedNotified(feedId: string): Promise<void> {
  const [settings, cache, notified] = await Promise.all([settingsItem.get(), feedCacheItem.get(), notifiedItem.get()]);
  if (!notified) return;
  const feed = settings.feeds.filter((f) => f.id === feedId);
  const keys = buildDigest(feed, cache, { seen: [], read: [] }).map((entry) => entry.key);
  await notifiedItem.set({ keys: [...new Set([...notified.keys, ...keys])] });
}

/**
 * After a background sync: announce the posts the reader has not seen and that were not announced before. Keys of
 * posts no longer cached are dropped from the record, so it stays as small as the cache.
 */
export async function notifyNewPosts(now = new Date()): Promise<void> {
  const [settings, cache, readState, notified] = await Promise.all([settingsItem.get(), feedCacheItem.get(), readStateItem.get(), notifiedItem.get()]);
  if (!settings.notifications.enabled) return;
  const digest = buildDigest(settings.feeds, cache, readState);
  if (!notified) return markAllNotified();
  const announced = new Set(notified.keys);
  const unseen = new Set(unseenKeys(settings.feeds, cache, readState));
  const fresh = digest.filter((entry) => !announced.has(entry.key) && unseen.has(entry.key));
  await notifiedItem.set({ keys: digest.map((entry) => entry.key) });
  if (!(await canNotify())) return;
  const plan = planNotification(
    fresh.map((entry) => ({ key: entry.key, title: entry.article.title, feedTitle: entry.feedTitle, url: entry.article.url })),
    settings.notifications,
    now,
    { several: (count) => t('notify_several', count), andMore: (count) => t('notify_andMore', count) },
  );
  if (!plan) return;
  await browser.notifications.create(plan.url ? `${NOTIFICATION_PREFIX}url:${plan.url}` : plan.id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: plan.title,
    message: plan.message,
  });
}

/** A click on one of our notifications: open the post, or the list for a grouped one. */
export async function openNotification(notificationId: string): Promise<void> {
  if (!notificationId.startsWith(NOTIFICATION_PREFIX)) return;
  const url = notificationId.startsWith(`${NOTIFICATION_PREFIX}url:`)
    ? resolveHttpUrl(notificationId.slice(`${NOTIFICATION_PREFIX}url:`.length))
    : notificationId === LIST_NOTIFICATION_ID
      ? browser.runtime.getURL('/popup.html')
      : undefined;
  if (url) await browser.tabs.create({ url });
  await browser.notifications.clear(notificationId);
}
