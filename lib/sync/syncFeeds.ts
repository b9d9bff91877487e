import { displayDomain } from '../feed/host';
import { localisable } from '../i18n/catalogue';
import { fetchFeedPages } from '../net/followPages';
import { hasFeedOrigin } from '../permissions/feedOrigin';
import type { FetchOutcome } from '../net/fetchFeed';
import { readRecords, type FeedView } from '../store/feedStore';
import { settingsItem, type FeedConfig, type Settings } from '../store/settings';
import { readIndex } from '../store/storeIndex';
import { refreshBadge } from './badge';
import { commitFeed } from './commit';
import { fetchUrlOf } from './feedUrl';
import { checkTimes, writeChecks } from './lastChecked';
import { isDue } from './polling';

export type SyncDeps = { fetchImpl?: typeof fetch; now?: () => number; timeoutMs?: number };
export type SyncSummary = { checked: number; failed: number; newCount: number };

/** Feeds fetched at the same time: enough to hide latency, few enough not to hammer a shared host. */
export const CONCURRENT_FETCHES = 4;

/** Feeds between the start of their fetch and the end of their commit, at most: what a pass holds in memory. */
const RESULTS_AWAITING_COMMIT = 8;

/**
 * One fetch-and-commit per feed at a time: a Refresh pressed twice, or pressed while the alarm's pass runs, waits
 * for the fetch already under way instead of fetching the feed again.
 */
const inFlight = new Map<string, FeedSync>();

export type SyncOptions = {
  feedIds?: string[];
  /** The reader asked: fetch even feeds that wait out a backoff or are not due. */
  force?: boolean;
  /** A scheduled pass: queue what arrives for a notification (when notifications are on). */
  announce?: boolean;
};

/**
 * One sync pass: fetch the due feeds (a few at a time) and commit each result as soon as it arrives, then recount
 * the badge. Each feed's commit writes that feed's keys only, and only when something changed, so a pass costs
 * what changed; a service worker killed midway keeps what it finished and the next pass completes the rest.
 */
export async function syncFeeds(options: SyncOptions = {}, deps: SyncDeps = {}): Promise<SyncSummary> {
  const now = deps.now ?? Date.now;
  const settings = await settingsItem.get();
  const due = await dueFeeds(settings, options, now());
  const records = await readRecords(due.map((feed) => feed.id));
  const announce = !!options.announce && settings.notifications.enabled;
  const pollMs = settings.pollMinutes * 60e3;
  let failed = 0;
  let commitError: unknown;
  // Results waiting for their commit. A lane fetches its next feed as soon as its last fetch is done: commits are
  // serialized (and grouped, see commitFeed), so a lane that waited for its own would leave the network idle.
  const committing = new Set<Promise<void>>();
  const queue = [...due];
  const worker = async () => {
    for (let feed = queue.shift(); feed; feed = queue.shift()) {
      while (committing.size >= RESULTS_AWAITING_COMMIT) await Promise.race(committing);
      const { fetched, committed } = syncOne(feed, records[feed.id]?.value, { announce, pollMs }, deps);
      const tracked: Promise<void> = committed
        .then(
          (view) => void (view.error && failed++),
          (error: unknown) => void (commitError ??= error),
        )
        .finally(() => committing.delete(tracked));
      committing.add(tracked);
      await fetched;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_FETCHES, due.length) }, worker));
  while (committing.size) await Promise.all([...committing]);
  if (commitError !== undefined) throw commitError;
  await writeChecks();
  const newCount = await refreshBadge();
  return { checked: due.length, failed, newCount };
}

/**
 * The feeds a pass fetches. Paused feeds are skipped, unless the reader asks for that very feed ("Refresh" on it);
 * a failing feed waits out its backoff unless forced; a scheduled pass also leaves feeds whose own interval has not
 * passed (see `isDue`).
 */
async function dueFeeds(settings: Settings, options: SyncOptions, now: number): Promise<FeedConfig[]> {
  if (options.feedIds && options.force) return settings.feeds.filter((feed) => options.feedIds!.includes(feed.id));
  const [index, lastChecked] = await Promise.all([
    readIndex(),
    options.force || options.feedIds ? ({} as Record<string, number>) : checkTimes(),
  ]);
  // A retry time more than the longest backoff ahead was computed under a clock that was ahead: not a reason to wait.
  const waitingOut = (feedId: string) => {
    const retryAt = index.feeds[feedId]?.retryAt ?? 0;
    return retryAt > now && retryAt - now <= 8 * 24 * 3600e3;
  };
  const lastCheckOf = (feedId: string) => {
    const times = [lastChecked[feedId], index.feeds[feedId]?.checkedAt].filter((t): t is number => t !== undefined);
    return times.length ? Math.max(...times) : undefined;
  };
  return settings.feeds.filter((feed) =>
    options.feedIds
      ? options.feedIds.includes(feed.id) && !waitingOut(feed.id)
      : !feed.paused && (options.force || (!waitingOut(feed.id) && isDue(feed, settings, lastCheckOf(feed.id), now))),
  );
}

/** One feed's sync: `fetched` once its fetch is done (the result may still wait its turn to commit), `committed` after. */
export type FeedSync = { fetched: Promise<void>; committed: Promise<FeedView> };

/** Fetches one feed and commits the result; joins the sync already under way for that feed, if any. */
export function syncOne(
  feed: FeedConfig,
  known: FeedView | undefined,
  options: { announce: boolean; pollMs: number },
  deps: SyncDeps = {},
): FeedSync {
  const running = inFlight.get(feed.id);
  if (running) return running;
  const url = fetchUrlOf(feed);
  const outcome = fetchFeedPages(url, {
    validators: known?.validators,
    fetchImpl: deps.fetchImpl,
    timeoutMs: deps.timeoutMs,
    bundledUrl: feed.demo ? url : undefined,
    knownIds: new Set(known?.articles.map((a) => a.id)),
  }).then((fetched) => explainMissingPermission(url, fetched));
  const committed = outcome
    .then((fetched) => commitFeed(feed.id, fetched, (deps.now ?? Date.now)(), options))
    .finally(() => inFlight.delete(feed.id));
  const sync = { fetched: outcome.then(noop, noop), committed };
  inFlight.set(feed.id, sync);
  return sync;
}

const noop = () => {};

/**
 * A request that failed to connect while the feed's site is not granted was most likely blocked by the browser:
 * say so (a feed that came from another browser through sync, or from a backup, has no grant here yet). Feeds are
 * not skipped for lack of a grant: a server that allows cross-origin reads answers without one.
 */
async function explainMissingPermission(url: string, outcome: FetchOutcome): Promise<FetchOutcome> {
  if (outcome.ok || outcome.error.kind !== 'network' || (await hasFeedOrigin(url))) return outcome;
  return { ok: false, error: { kind: 'permission', ...localisable('err_needPermission', displayDomain(url)) } };
}
