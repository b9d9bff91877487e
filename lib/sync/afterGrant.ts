import { hasFeedOrigin } from '../permissions/feedOrigin';
import { readRecords } from '../store/feedStore';
import { settingsItem } from '../store/settings';
import { entryOf, readIndex } from '../store/storeIndex';
import { fetchUrlOf } from './feedUrl';
import { syncFeeds, type SyncDeps } from './syncFeeds';

/**
 * The reader granted sites, on one of our *Allow* buttons or in the browser's own settings for the extension: every
 * feed whose last fetch was refused for want of a grant it now has is fetched again at once, not after its hour's
 * wait (a feed that came from another browser through sync, or from a backup, starts without one). Only failing
 * feeds' records are read: a grant costs nothing when no feed is waiting for one.
 */
export async function refetchFeedsNowGranted(deps: SyncDeps = {}): Promise<void> {
  const [settings, index] = await Promise.all([settingsItem.get(), readIndex()]);
  const failing = settings.feeds.filter((feed) => !feed.paused && entryOf(index, feed.id)?.retryAt !== undefined);
  if (!failing.length) return;
  const records = await readRecords(failing.map((feed) => feed.id));
  const refused = failing.filter((feed) => records[feed.id]?.value.error?.kind === 'permission');
  const granted = await Promise.all(refused.map((feed) => hasFeedOrigin(fetchUrlOf(feed))));
  const feedIds = refused.filter((_, i) => granted[i]).map((feed) => feed.id);
  if (feedIds.length) await syncFeeds({ feedIds, force: true }, deps);
}
