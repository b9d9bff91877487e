import { setCardSite } from '../content/cardActions';
import { parseFeed } from '../feed/parseFeed';
import { markFeedNotified } from '../notify/notify';
import { importBackup, importOpml, moveFeed, renameFeed, setFeedInterval, setFeedPaused, setNotifications } from './feedListActions';
import { feedAddress } from '../feed/url';
import type { PageHandlers } from '../messages';
import { fetchFeedPages } from '../net/followPages';
import { feedCacheItem, writeFeedCache } from '../store/feedCache';
import { readStateItem, type ReadState } from '../store/readState';
import { demoFeedConfig, feedIdFor, settingsItem, type FeedConfig } from '../store/settings';
import { refreshBadge } from './badge';
import { MAX_ARTICLES_PER_FEED } from './feedState';
import { allArticleKeys, pruneReadState, unseenKeys, withAllRead, withKeys, withReadMarks } from './newPosts';
import { alarmMinutes, schedulePolling } from './polling';
import { serialized } from './serialize';
import { commitOutcome, syncFeeds, type SyncDeps } from './syncFeeds';
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
        return parsed.error.discovered?.length ? { ...fail(localised(parsed.error)), discovered: parsed.error.discovered } : fail(localised(parsed.error));
      }

      const feed: FeedConfig = { id, url, title: parsed.feed.title, addedAt: now() };
      await serialized(async () => {
        const settings = await settingsItem.get();
        // The demo feed is sample data: it steps aside once the user follows a real feed.
        const feeds = [...settings.feeds.filter((f) => !f.demo), feed];
        await settingsItem.set({ ...settings, feeds });
        await forgetFeeds(settings.feeds.filter((f) => f.demo).map((f) => f.id));
      });
      await commitOutcome(feed, outcome, now());
      await markFeedNotified(id);
      await refreshBadge();
      // Say how many posts are kept, not how many the feed listed.
      return { ok: true, feed: { id, title: parsed.feed.title, articleCount: Math.min(parsed.articles.length, MAX_ARTICLES_PER_FEED) } };
    },

    async removeFeed({ feedId }) {
      await serialized(async () => {
        const settings = await settingsItem.get();
        await settingsItem.set({ ...settings, feeds: settings.feeds.filter((f) => f.id !== feedId) });
        await forgetFeeds([feedId]);
      });
      await refreshBadge();
      return { ok: true };
    },

    async restoreDemoFeed() {
      const demo = demoFeedConfig(now());
      await serialized(async () => {
        const settings = await settingsItem.get();
        if (!settings.feeds.some((f) => f.demo)) await settingsItem.set({ ...settings, feeds: [demo, ...settings.feeds] });
      });
      await syncFeeds({ feedIds: [demo.id], force: true }, deps);
      return { ok: true };
    },

    async setPollInterval({ minutes }) {
      const settings = await serialized(async () => {
        const next = { ...(await settingsItem.get()), pollMinutes: minutes };
        await settingsItem.set(next);
        return next;
      });
      await schedulePolling(alarmMinutes(settings));
      return { ok: true };
    },

    async markAllSeen() {
      await updateReadState(async (readState) => {
        const keys = unseenKeys((await settingsItem.get()).feeds, await feedCacheItem.get(), readState);
        return { ...readState, seen: withKeys(readState.seen, keys) };
      });
      return { ok: true };
    },

    async setRead({ keys, read }) {
      await updateReadState(async (readState) => withReadMarks(readState, keys, read));
      return { ok: true };
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

    async markAllRead() {
      await updateReadState(async (readState) => withAllRead(readState, (await settingsItem.get()).feeds, await feedCacheItem.get()));
      return { ok: true };
    },
  };
}

function fail(message: string) {
  return { ok: false as const, error: { message } };
}

async function updateReadState(change: (state: ReadState) => Promise<ReadState>) {
  await serialized(async () => readStateItem.set(await change(await readStateItem.get())));
  await refreshBadge();
}

/** Drops removed feeds' cached articles and their read state. Call inside `serialized`. */
async function forgetFeeds(feedIds: string[]) {
  if (!feedIds.length) return;
  const cache = { ...(await feedCacheItem.get()) };
  for (const id of feedIds) delete cache[id];
  await writeFeedCache(cache);
  const settings = await settingsItem.get();
  await readStateItem.set(
    pruneReadState(await readStateItem.get(), allArticleKeys(settings.feeds, cache), settings.feeds.map((feed) => feed.id)),
  );
}
