import { browser } from 'wxt/browser';
import { compareNewestFirst } from '../feed/article';
import { resolveHttpUrl } from '../feed/url';
import { t } from '../i18n/t';
import { marksKey, recordKey } from '../store/feedStore';
import { articleKey, markerOf } from '../store/marks';
import { parseMarks } from '../store/storedMarks';
import { serialized } from '../store/serialize';
import { settingsItem } from '../store/settings';
import { feedDisplayName } from '../digest/digest';
import { hasPermission } from '../permissions/optional';
import { INDEX_KEY, readIndex } from '../store/storeIndex';
import { LIST_NOTIFICATION_ID, NOTIFICATION_PREFIX, planNotification } from './plan';
import { writeLocal } from '../store/localChanges';

async function canNotify(): Promise<boolean> {
  return !!browser.notifications && (await hasPermission({ permissions: ['notifications'] }));
}

/**
 * Nothing waiting is announced: the baseline when notifications are turned on (what arrives from now on is news,
 * not what was already waiting).
 */
export function markAllNotified(): Promise<void> {
  return serialized(async () => {
    const index = await readIndex();
    if (index.pending.length) await writeLocal({ [INDEX_KEY]: { ...index, pending: [] } });
  });
}

/**
 * After a scheduled sync: announce the posts that arrived in it (the index's `pending`, queued by the commits)
 * and that the reader has still not seen, then forget them. Reads the marks of the feeds concerned, never a post.
 */
export async function notifyNewPosts(now = new Date()): Promise<void> {
  const settings = await settingsItem.get();
  const fresh = await serialized(async () => {
    const index = await readIndex();
    if (!index.pending.length) return [];
    const followed = new Map(settings.feeds.map((feed) => [feed.id, feed]));
    const feedIds = [...new Set(index.pending.map((post) => post.feedId))].filter((id) => followed.has(id));
    const raw = await browser.storage.local.get([...feedIds.map(marksKey), ...feedIds.map(recordKey)]);
    const markers = new Map(feedIds.map((id) => [id, markerOf(parseMarks(raw[marksKey(id)], marksKey(id)))]));
    await writeLocal({ [INDEX_KEY]: { ...index, pending: [] } });
    return index.pending.flatMap((post) => {
      const marker = markers.get(post.feedId);
      if (!marker || marker.isSeen(post)) return [];
      // A feed whose notifications are off is announced only for posts an alert rule matched.
      if (followed.get(post.feedId)!.notify === false && !post.alert) return [];
      const feedTitle = feedDisplayName(
        followed.get(post.feedId)!,
        (raw[recordKey(post.feedId)] as { info?: { title?: string } })?.info?.title,
      );
      return [{ post, key: articleKey(post.feedId, post.id), title: post.title, feedTitle, url: post.url }];
    });
  });
  // Newest first, as the popup lists them.
  fresh.sort((a, b) => compareNewestFirst(a.post, b.post));
  if (!settings.notifications.enabled || !fresh.length || !(await canNotify())) return;
  const plan = planNotification(fresh, settings.notifications, now, {
    several: (count) => t('notify_several', count),
    andMore: (count) => t('notify_andMore', count),
  });
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
