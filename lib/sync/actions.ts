import { setCardSite } from '../content/cardActions';
import { parseFeed } from '../feed/parseFeed';
import {
  importBackup,
  importOpml,
  moveFeed,
  renameFeed,
  setFeedInterval,
  setFeedPaused,
  setNotifications,
} from './feedListActions';
import { feedAddress } from '../feed/url';
import type { PageHandlers } from '../messages';
import { fetchFeedPages } from '../net/followPages';
import { demoFeedConfig, feedIdFor, settingsItem, updateSettings, type FeedConfig } from '../store/settings';
import { refreshBadge } from './badge';
import { commitFeed, forgetFeeds, trimFeed } from './commit';
import { markAllRead, markAllSeen, setRead } from './readMarks';
import { alarmMinutes, schedulePolling } from './polling';
import { serialized } from '../store/serialize';
import { syncFeeds, type SyncDeps } from './syncFeeds';
import { localised, t } from '../i18n/t';

/** What the background does for each page request. `deps` lets tests pass a fetch and a clock. */
export function createHandlers(deps: SyncDeps = {}): PageHandlers {
  const now = () => (deps.now ?? Date.now)();
  return {
    async syncNow({ feedId }) {
      const summary = await syncFeeds({ feedIds: feedId ? [feedId] : undefined, force: true }, deps);
      return { ok: true, ...summary };
    },

    async addFeed({ url: input }) {
      const address = feedAddress(input);
      if (!address.ok) return fail(localised(address.error));
      const url = address.url;
      const id = feedIdFor(url);
      if ((await settingsItem.get()).feeds.some((f) => f.id === id)) return fail(t('err_alreadyFollowed'));

      // Validate before saving: the feed must answer and parse.
      const outcome = await fetchFeedPages(url, { fetchImpl: deps.fetchImpl });
      if (!outcome.ok) return fail(localised(outcome.error));
      if (outcome.notModified) return fail(t('err_notModifiedFirst'));
      const parsed = parseFeed(outcome.body, { contentType: outcome.contentType, fetchedUrl: outcome.finalUrl });
      if (!parsed.ok) {
        return parsed.error.discovered?.length
          ? { ...fail(localised(parsed.error)), discovered: parsed.error.discovered }
          : fail(localised(parsed.error));
      }

      // The posts are stored first and the feed joins the list only once they are: a commit that fails (a full
      // disk) leaves no half-added feed behind. Both "already followed" checks run in the serialized step too, so
      // the same feed added from two pages at once is added once.
      const feed: FeedConfig = { id, url, title: parsed.feed.title, addedAt: now() };
      const settings = await settingsItem.get();
      const view = await commitFeed(id, outcome, now(), { pollMs: settings.pollMinutes * 60e3, adding: true });
      let duplicate = false;
      await updateSettings((current) => {
        if (current.feeds.some((f) => f.id === id)) return ((duplicate = true), current);
        // The demo feed is sample data: it steps aside once the user follows a real feed.
        return { ...current, feeds: [...current.feeds.filter((f) => !f.demo), feed] };
      });
      if (duplicate) return fail(t('err_alreadyFollowed'));
      await serialized(() => forgetFeeds(settings.feeds.filter((f) => f.demo).map((f) => f.id)));
      await refreshBadge();
      return { ok: true, feed: { id, title: parsed.feed.title, articleCount: view.count } };
    },

    async removeFeed({ feedId }) {
      await updateSettings((settings) => ({ ...settings, feeds: settings.feeds.filter((f) => f.id !== feedId) }));
      await serialized(() => forgetFeeds([feedId]));
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

    async setPollInterval({ minutes }) {
      const settings = await updateSettings((current) => ({ ...current, pollMinutes: minutes }));
      await schedulePolling(alarmMinutes(settings));
      return { ok: true };
    },

    async markAllSeen({ upTo }) {
      await markAllSeen(await followedIds(), upTo);
      await refreshBadge();
      return { ok: true };
    },

    async setRead({ keys, read }) {
      await setRead(keys, read);
      await refreshBadge();
      return { ok: true };
    },

    async markAllRead({ upTo }) {
      await markAllRead(await followedIds(), upTo);
      await refreshBadge();
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
    setNotifications: async ({ notifications }) => (await setNotifications(notifications), { ok: true }),
    importOpml: ({ text }) => importOpml(text, now(), deps),
    importBackup: ({ text }) => importBackup(text, deps),

    async setCardSite({ site, enabled }) {
      await setCardSite(site, enabled);
      return { ok: true };
    },
  };
}

function fail(message: string) {
  return { ok: false as const, error: { message } };
}

async function followedIds(): Promise<string[]> {
  return (await settingsItem.get()).feeds.map((feed) => feed.id);
}
