import { displayDomain } from '../feed/url';
import { localisable } from '../i18n/catalogue';
import { fetchFeedPages } from '../net/followPages';
import { hasFeedOrigin } from '../permissions/feedOrigin';
import type { FetchOutcome } from '../net/fetchFeed';
import { feedCacheItem, lastCheckedItem, writeFeedCache } from '../store/feedCache';
import { readStateItem } from '../store/readState';
import { settingsItem, type FeedConfig } from '../store/settings';
import { refreshBadge } from './badge';
import { nextFeedState } from './feedState';
import { fetchUrlOf } from './feedUrl';
import { withFirstSyncCutoff } from './newPosts';
import { isDue } from './polling';
import { serialized } from './serialize';

export type SyncDeps = { fetchImpl?: typeof fetch; now?: () => number; timeoutMs?: number };
export type SyncSummary = { checked: number; failed: number; newCount: number };

/** Feeds fetched at the same time: enough to hide latency, few enough not to hammer a shared host. */
export const CONCURRENT_FETCHES = 4;

/**
 * One sync pass: fetch the due feeds (a few at a time), fold each result into the cache as soon as it arrives,
 * then recount the badge. Each feed's result is committed on its own, so a service worker killed midway keeps
 * what it finished and the next pass completes the rest. A failing feed waits out its backoff (`nextAttemptAt`)
 * unless `force` (the user pressed "Check now").
 */
export async function syncFeeds(options: { feedIds?: string[]; force?: boolean } = {}, deps: SyncDeps = {}): Promise<SyncSummary> {
  const now = deps.now ?? Date.now;
  const [settings, cache] = await Promise.all([settingsItem.get(), feedCacheItem.get()]);
  // Paused feeds are skipped, unless the reader asks for that very feed ("Refresh" on it); a scheduled pass also
  // leaves feeds whose own interval has not passed (see `isDue`).
  const lastChecked = options.force || options.feedIds ? {} : await lastCheckedItem.get();
  const lastCheckOf = (feedId: string) => {
    const state = cache[feedId];
    const times = [lastChecked[feedId], state?.lastSuccessAt, state?.error?.at].filter((t): t is number => t !== undefined);
    return times.length ? Math.max(...times) : undefined;
  };
  const waitingOut = (feedId: string) => (cache[feedId]?.nextAttemptAt ?? 0) > now();
  const due = settings.feeds.filter((feed) =>
    options.feedIds
      ? options.feedIds.includes(feed.id) && (options.force || !waitingOut(feed.id))
      : !feed.paused && (options.force || (!waitingOut(feed.id) && isDue(feed, settings, lastCheckOf(feed.id), now()))),
  );
  let failed = 0;
  const queue = [...due];
  const worker = async () => {
    for (let feed = queue.shift(); feed; feed = queue.shift()) {
      const state = cache[feed.id];
      const url = fetchUrlOf(feed);
      const outcome = await fetchFeedPages(url, {
        validators: state?.validators,
        fetchImpl: deps.fetchImpl,
        timeoutMs: deps.timeoutMs,
        knownIds: new Set(state?.articles.map((a) => a.id)),
      });
      const ok = await commitOutcome(feed, await explainMissingPermission(url, outcome), now());
      if (!ok) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_FETCHES, due.length) }, worker));
  const newCount = await refreshBadge();
  return { checked: due.length, failed, newCount };
}

/**
 * A request that failed to connect while the feed's site is not granted was most likely blocked by the browser:
 * say so (a feed that came from another browser through sync, or from a backup, has no grant here yet). Feeds are
 * not skipped for lack of a grant: a server that allows cross-origin reads answers without one.
 */
async function explainMissingPermission(url: string, outcome: FetchOutcome): Promise<FetchOutcome> {
  if (outcome.ok || outcome.error.kind !== 'network' || (await hasFeedOrigin(url))) return outcome;
  return { ok: false, error: { kind: 'permission', ...localisable('err_needPermission', displayDomain(url)) } };
}

/** Folds one fetch outcome into storage. Returns whether the feed is healthy. */
export function commitOutcome(feed: FeedConfig, outcome: FetchOutcome, now: number): Promise<boolean> {
  return serialized(async () => {
    const [settings, cache] = await Promise.all([settingsItem.get(), feedCacheItem.get()]);
    // The user may have removed the feed while it was being fetched.
    if (!settings.feeds.some((f) => f.id === feed.id)) return true;
    const previous = cache[feed.id];
    const { state, changed } = nextFeedState(previous, outcome, now, { pollMs: settings.pollMinutes * 60e3 });
    if (changed) await writeFeedCache({ ...cache, [feed.id]: state });
    if (state.lastSuccessAt !== undefined && previous?.lastSuccessAt === undefined) {
      // First good sync: posts older than a week count as seen and read.
      await readStateItem.set(withFirstSyncCutoff(await readStateItem.get(), feed.id, now));
    }
    await lastCheckedItem.set({ ...(await lastCheckedItem.get()), [feed.id]: now });
    return state.error === undefined;
  });
}
