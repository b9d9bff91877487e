import { readBackup } from '../io/backup';
import { feedsFromOpml } from '../io/opml';
import { markAllNotified } from '../notify/notify';
import { feedIdFor, settingsItem, updateSettings, type FeedConfig, type NotificationSettings } from '../store/settings';
import { refreshBadge } from './badge';
import { mergeBackupMarks } from './backupMarks';
import { alarmMinutes, schedulePolling } from './polling';
import { syncFeeds, type SyncDeps } from './syncFeeds';

// Changes to the feed list and settings that the options page asks for. Each is one serialized read-modify-write.

const updateFeed = (feedId: string, change: (feed: FeedConfig) => FeedConfig) =>
  updateSettings((settings) => ({
    ...settings,
    feeds: settings.feeds.map((feed) => (feed.id === feedId ? change(feed) : feed)),
  }));

export function renameFeed(feedId: string, name: string) {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  return updateFeed(feedId, ({ name: _old, ...feed }) => (trimmed ? { ...feed, name: trimmed } : feed));
}

export async function setFeedPaused(feedId: string, paused: boolean) {
  const settings = await updateFeed(feedId, ({ paused: _old, ...feed }) => (paused ? { ...feed, paused: true } : feed));
  await schedulePolling(alarmMinutes(settings));
}

/** A feed's own check interval (`null`: the extension's); the alarm fires as often as the fastest feed needs. */
export async function setFeedInterval(feedId: string, minutes: number | null) {
  const settings = await updateFeed(feedId, ({ pollMinutes: _old, ...feed }) =>
    minutes === null ? feed : { ...feed, pollMinutes: minutes },
  );
  await schedulePolling(alarmMinutes(settings));
}

export function moveFeed(feedId: string, direction: 'up' | 'down') {
  return updateSettings((settings) => {
    const feeds = [...settings.feeds];
    const from = feeds.findIndex((feed) => feed.id === feedId);
    const to = from + (direction === 'up' ? -1 : 1);
    if (from < 0 || to < 0 || to >= feeds.length) return settings;
    [feeds[from], feeds[to]] = [feeds[to]!, feeds[from]!];
    return { ...settings, feeds };
  });
}

export async function setNotifications(notifications: NotificationSettings) {
  const before = (await settingsItem.get()).notifications.enabled;
  await updateSettings((settings) => ({ ...settings, notifications }));
  // Turning them on announces what arrives from now on, not the posts already waiting.
  if (notifications.enabled && !before) await markAllNotified();
}

/** Adds an OPML file's feeds that are not followed yet (no fetch to validate each: they sync right after). */
export async function importOpml(text: string, now: number, deps: SyncDeps = {}) {
  const result = feedsFromOpml(text);
  if (!result.ok) return { ok: false as const, error: { message: result.message } };
  const added: FeedConfig[] = [];
  await updateSettings((settings) => {
    const followed = new Set(settings.feeds.map((feed) => feed.id));
    for (const { url, title } of result.feeds) {
      const id = feedIdFor(url);
      if (followed.has(id)) continue;
      followed.add(id);
      added.push({ id, url, title, addedAt: now });
    }
    return { ...settings, feeds: [...settings.feeds.filter((feed) => !(feed.demo && added.length)), ...added] };
  });
  if (added.length) await syncFeeds({ feedIds: added.map((feed) => feed.id), force: true }, deps);
  return { ok: true as const, added: added.length, skipped: result.skipped + result.feeds.length - added.length };
}

/** Restores a backup: its settings replace these, its read marks join these. A bad file changes nothing. */
export async function importBackup(text: string, deps: SyncDeps = {}) {
  const result = readBackup(text);
  if (!result.ok) return { ok: false as const, error: { message: result.message } };
  const { settings, readState } = result.backup;
  await updateSettings(() => settings);
  await mergeBackupMarks(readState);
  await schedulePolling(alarmMinutes(settings));
  await syncFeeds({ force: true }, deps);
  await refreshBadge();
  return { ok: true as const, feeds: settings.feeds.length };
}
