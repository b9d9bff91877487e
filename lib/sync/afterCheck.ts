import { feedAddress } from '../feed/url';
import type { FetchOutcome } from '../net/fetchFeed';
import type { FeedView } from '../store/feedStore';
import { updateSettings, type FeedConfig } from '../store/settings';
import { noteSchedule, type ScheduleEntry } from './lastChecked';
import { nextCheck } from './schedule';

// What one check leaves for the next: the feed's schedule entry (when, and why then), its new address when it
// has moved, and a pause when its publisher removed it (410 Gone).

/** Statuses whose wait the server asks for: even "Check now" waits it out. */
const SERVER_ASKED = new Set([429, 503]);

export type CheckContext = {
  feed: FeedConfig;
  /** The reader's interval for this feed. */
  intervalMs: number;
  /** The feed's entry before this check. */
  previous?: ScheduleEntry;
  random?: () => number;
};

/** Notes the feed's next check after a check at `at`; moves or pauses it when the answer says so. */
export async function afterCheck(
  context: CheckContext,
  outcome: FetchOutcome,
  view: FeedView,
  at: number,
): Promise<ScheduleEntry> {
  const { feed, previous } = context;
  const serverAsked = !outcome.ok && outcome.error.kind === 'http' && SERVER_ASKED.has(outcome.error.status ?? 0);
  const next = nextCheck({
    now: at,
    intervalMs: context.intervalMs,
    random: (context.random ?? Math.random)(),
    freshForMs: outcome.ok ? outcome.freshForMs : undefined,
    refresh: view.info?.refresh,
    hasValidators: !!(view.validators.etag || view.validators.lastModified),
    retryAt: view.error ? view.nextAttemptAt : undefined,
    serverAsked,
  });
  const entry: ScheduleEntry = {
    at,
    next: next.at,
    why: next.why,
    ...(next.askedMs !== undefined && { askedMs: next.askedMs }),
    ...(previous?.movedFrom && { movedFrom: previous.movedFrom }),
  };
  // Only a web address the reader could have typed: never another scheme, never one with credentials.
  const address = outcome.ok && !view.error && outcome.redirectedTo ? feedAddress(outcome.redirectedTo) : undefined;
  const landed = address?.ok ? address.url : undefined;
  if (landed && !feed.demo) {
    if (previous?.redirectedTo === landed) {
      // The second check in a row redirected to the same address: the feed lives there now.
      await moveFeed(feed, landed);
      entry.movedFrom = feed.url;
    } else entry.redirectedTo = landed;
  }
  if (!outcome.ok && outcome.error.kind === 'http' && outcome.error.status === 410 && !feed.paused)
    await pauseFeed(feed.id);
  noteSchedule(feed.id, entry);
  return entry;
}

/** The feed's stored address becomes `url` (it syncs with the settings), unless the reader changed it meanwhile. */
function moveFeed(feed: FeedConfig, url: string) {
  return updateSettings((settings) => ({
    ...settings,
    feeds: settings.feeds.map((f) => (f.id === feed.id && f.url === feed.url ? { ...f, url } : f)),
  }));
}

/** A feed its publisher removed is paused, not fetched again and again: the reader removes it with one click. */
function pauseFeed(feedId: string) {
  return updateSettings((settings) => ({
    ...settings,
    feeds: settings.feeds.map((f) => (f.id === feedId ? { ...f, paused: true } : f)),
  }));
}
