import { hasFeedOrigin, originPattern } from '../permissions/feedOrigin';
import { readRecords, type FeedView } from '../store/feedStore';
import { settingsItem } from '../store/settings';
import { entryOf, readIndex } from '../store/storeIndex';
import { fetchUrlOf } from './feedUrl';
import { isSyncing, syncFeeds, type SyncDeps } from './syncFeeds';

/**
 * How long before a grant's event a failed connection to the granted site may have been the grant's absence: a
 * fetch that began before the grant and failed after it is stored as a network failure (the site was granted when
 * it was explained), and the event can reach the worker after that failure's commit.
 */
const GRANT_RACE_MS = 60_000;

/**
 * The reader granted sites (`origins`), on one of our *Allow* buttons or in the browser's own settings for the
 * extension: each feed waiting for such a grant is fetched again at once, not after its hour's wait (a feed that came
 * from another browser through sync, or from a backup, starts without one). Waiting: a feed whose last fetch was
 * refused for want of a grant, one of a granted site that failed to connect just before, and one whose fetch is out
 * (joined: it is fetched again only if that fetch fails, see `joinSync`). Only failing feeds' records are read.
 * Call after `noteSitesGranted`.
 */
export async function refetchFeedsNowGranted(origins: readonly string[], deps: SyncDeps = {}): Promise<void> {
  const now = (deps.now ?? Date.now)();
  const [settings, index] = await Promise.all([settingsItem.get(), readIndex()]);
  const followed = settings.feeds.filter((feed) => !feed.paused);
  const failing = followed.filter((feed) => !isSyncing(feed.id) && entryOf(index, feed.id)?.retryAt !== undefined);
  const records = failing.length ? await readRecords(failing.map((feed) => feed.id)) : {};
  const granted = new Set(origins);
  const waiting = followed.filter((feed) => {
    if (isSyncing(feed.id)) return true;
    const error = records[feed.id]?.value.error;
    return error && refusedForWantOfGrant(error, granted.has(originPattern(fetchUrlOf(feed)) ?? ''), now);
  });
  const allowed = await Promise.all(waiting.map((feed) => hasFeedOrigin(fetchUrlOf(feed))));
  const feedIds = waiting.filter((_, i) => allowed[i]).map((feed) => feed.id);
  if (feedIds.length) await syncFeeds({ feedIds, force: true }, deps);
}

/** Whether a stored failure may be the want of a grant: said so, or a failed connection to the site just granted. */
function refusedForWantOfGrant(error: NonNullable<FeedView['error']>, siteJustGranted: boolean, now: number): boolean {
  if (error.kind === 'permission') return true;
  return error.kind === 'network' && siteJustGranted && now - error.at <= GRANT_RACE_MS;
}
