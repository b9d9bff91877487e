import { feedAddress } from '../feed/url';
import { localised, t } from '../i18n/t';
import type { PageHandlers } from '../messages';
import { fetchFeedPages } from '../net/followPages';
import { serialized } from '../store/serialize';
import { demoFeedConfig, feedIdFor, settingsItem, updateSettings, type FeedConfig } from '../store/settings';
import { refreshBadge } from '../sync/badge';
import { commitFeed, forgetFeeds, trimFeed } from '../sync/commit';
import { alarmMinutes, schedulePolling } from '../sync/polling';
import { afterCheck } from '../sync/afterCheck';
import { parsedPage } from '../sync/feedState';
import { noteSchedule, writeSchedule } from '../sync/lastChecked';
import { catchUpReadState } from '../sync/readStateSync';
import { intervalOf, syncFeeds, type SyncDeps } from '../sync/syncFeeds';

// The feed list: follow, refresh, remove, rename, reorder, pause, per-feed interval, trim. Each change to the list
// is one `updateSettings` step (a serialized read-modify-write).

type FeedRequest =
  | 'syncNow'
  | 'addFeed'
  | 'removeFeed'
  | 'restoreDemoFeed'
  | 'trimFeed'
  | 'renameFeed'
  | 'moveFeed'
  | 'setFeedPaused'
  | 'setFeedInterval';

/** The feed list's page requests. `deps` lets tests pass a fetch and a clock. */
export function feedHandlers(deps: SyncDeps = {}): Pick<PageHandlers, FeedRequest> {
  const now = () => (deps.now ?? Date.now)();
  return {
    async syncNow({ feedId }) {
      const summary = await syncFeeds({ feedIds: feedId ? [feedId] : undefined, force: true }, deps);
      return { ok: true, ...summary };
    },

    addFeed: ({ url }) => addFeed(url, deps),

    async removeFeed({ feedId }) {
      await updateSettings((settings) => ({ ...settings, feeds: settings.feeds.filter((f) => f.id !== feedId) }));
      await serialized(() => forgetFeeds([feedId]));
      noteSchedule(feedId, null);
      await writeSchedule();
      await refreshBadge();
      return { ok: true };
    },

    async restoreDemoFeed() {
      const demo = demoFeedConfig(now());
      await updateSettings((settings) =>
        settings.feeds.some((f) => f.demo) ? settings : { ...settings, feeds: [demo, ...settings.feeds] },
      );
      await syncFeeds({ feedIds: [demo.id], force: true }, deps);
      return { ok: true };
    },

    async trimFeed({ feedId, keep }) {
      const removed = await trimFeed(feedId, keep);
      await refreshBadge();
      return { ok: true, removed };
    },

    renameFeed: async ({ feedId, name }) => (await renameFeed(feedId, name), { ok: true }),
    moveFeed: async ({ feedId, direction }) => (await moveFeed(feedId, direction), { ok: true }),
    setFeedPaused: async ({ feedId, paused }) => (await setFeedPaused(feedId, paused), { ok: true }),
    setFeedInterval: async ({ feedId, minutes }) => (await setFeedInterval(feedId, minutes), { ok: true }),
  };
}

/** Follows the feed at `input`: validated first (it must answer and parse), then stored, then listed. */
async function addFeed(input: string, deps: SyncDeps) {
  const address = feedAddress(input);
  if (!address.ok) return fail(t(address.error.code));
  const url = address.url;
  const id = feedIdFor(url);
  // By id, or by address: a feed that moved keeps its id and takes the new address.
  const followed = (feeds: FeedConfig[]) => feeds.some((f) => f.id === id || f.url === url);
  if (followed((await settingsItem.get()).feeds)) return fail(t('err_alreadyFollowed'));

  const outcome = await fetchFeedPages(url, { fetchImpl: deps.fetchImpl });
  if (!outcome.ok) return fail(localised(outcome.error));
  if (outcome.notModified) return fail(t('err_notModifiedFirst'));
  const parsed = parsedPage(outcome);
  if (!parsed.ok) {
    return parsed.error.discovered?.length
      ? { ...fail(localised(parsed.error)), discovered: parsed.error.discovered }
      : fail(localised(parsed.error));
  }

  // The posts are stored first and the feed joins the list only once they are: a commit that fails (a full disk)
  // leaves no half-added feed behind. Both "already followed" checks run in the serialized step too, so the same
  // feed added from two pages at once is added once.
  const now = (deps.now ?? Date.now)();
  const feed: FeedConfig = { id, url, title: parsed.feed.title, addedAt: now };
  const settings = await settingsItem.get();
  const view = await commitFeed(id, outcome, now, { pollMs: settings.pollMinutes * 60e3, adding: true });
  let duplicate = false;
  let demoIds: string[] = [];
  await updateSettings((current) => {
    if (followed(current.feeds)) return ((duplicate = true), current);
    // The demo feed is sample data: it steps aside once the user follows a real feed.
    demoIds = current.feeds.filter((f) => f.demo).map((f) => f.id);
    return { ...current, feeds: [...current.feeds.filter((f) => !f.demo), feed] };
  });
  if (duplicate) return fail(t('err_alreadyFollowed'));
  // The add was the feed's first check: its next one follows from it (its freshness, a redirect seen once).
  await afterCheck({ feed, intervalMs: intervalOf(feed, settings), random: deps.random }, outcome, view, now);
  await writeSchedule();
  await serialized(() => forgetFeeds(demoIds));
  // The reader may have followed this feed in another browser: what was read there applies here at once, not only
  // at the next start-up (a synced read state of a feed not followed is not taken).
  await catchUpReadState();
  await refreshBadge();
  return { ok: true as const, feed: { id, title: parsed.feed.title, articleCount: view.count } };
}

function fail(message: string) {
  return { ok: false as const, error: { message } };
}

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
