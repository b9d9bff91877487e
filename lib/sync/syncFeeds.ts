import { displayDomain } from '../feed/host';
import { localisable } from '../i18n/catalogue';
import { fetchFeedPages } from '../net/followPages';
import { hasFeedOrigin } from '../permissions/feedOrigin';
import type { FetchOutcome } from '../net/fetchFeed';
import { readRecords, type FeedView } from '../store/feedStore';
import { settingsItem, stillFollowed, type FeedConfig, type Settings } from '../store/settings';
import { entryOf, readIndex } from '../store/storeIndex';
import { refreshBadge } from './badge';
import { commitFeed } from './commit';
import { fetchUrlOf } from './feedUrl';
import { afterCheck, type CheckContext } from './afterCheck';
import { MAX_RETRY_AFTER_MS } from './backoff';
import {
  checkTimes,
  noteSchedule,
  readSchedule,
  writeChecks,
  writeSchedule,
  type Schedule,
  type ScheduleEntry,
} from './lastChecked';
import { armNextCheck } from './polling';
import { dueTime, isDueAt } from './schedule';

export type SyncDeps = {
  fetchImpl?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
  /** The pause between two feeds of one host (tests shorten it). */
  hostPauseMs?: number;
  random?: () => number;
};
export type SyncSummary = { checked: number; failed: number; newCount: number };

/** Hosts fetched from at the same time (feeds, in a Refresh): enough to hide latency, few enough to stay light. */
export const CONCURRENT_HOSTS = 4;
/** In a scheduled pass, feeds of one host are fetched one after another, with this pause between them. */
export const HOST_PAUSE_MS = 1000;

/**
 * Posts a pass holds between the start of their feeds' fetch and the end of their commit, at most: what bounds its
 * memory. Weighed in posts, not feeds: a fixed count of feeds either held too much (eight feeds of 5,000 posts) or,
 * with small feeds, left the network idle while the fetched ones waited for their commit; then each commit took
 * the few results that had arrived, and a pass of 40 small feeds made twice the storage round trips it needed.
 */
export const POSTS_AWAITING_COMMIT = 20_000;
/**
 * A feed is weighed by the posts it held at its last check until its fetch brings its posts, then by what it brought;
 * a feed with no stored record yet, by this many. The posts held can pass the limit only by what the fetches under
 * way bring beyond their weight: at most four feeds' worth, the same bound as eight feeds of 5,000 gave.
 */
const UNKNOWN_FEED_POSTS = 1_000;
/**
 * Feeds a pass holds between fetch and commit, at most, however small: three commits' worth (a commit writes up to 8
 * feeds), enough that each write finds a full batch waiting. Without it, an import of 2,000 one-post feeds fetched
 * and parsed far ahead of its writes, which then ran slower beside them: alternated, 581–657 feeds stored after
 * 10 s against 754–796 with at most 20 held.
 */
export const FEEDS_AWAITING_COMMIT = 24;

/**
 * One fetch-and-commit per feed at a time: a Refresh pressed twice, or pressed while the alarm's pass runs, waits
 * for the fetch already under way instead of fetching the feed again.
 */
const inFlight = new Map<string, FeedSync & { grants: number }>();

/** Sites the reader has granted since the worker started, counted: a sync notes the count it began under. */
let grantsGiven = 0;

/** The reader granted a site (`permissions.onAdded`): a sync begun before now may have been refused for want of it. */
export function noteSitesGranted(): void {
  grantsGiven++;
}

export type SyncOptions = {
  feedIds?: string[];
  /** The reader asked: fetch even feeds that are not due, or wait out a backoff (not a wait the server asked for). */
  force?: boolean;
  /** A scheduled pass: queue what arrives for a notification (when notifications are on). */
  announce?: boolean;
};

/**
 * One sync pass: fetch the due feeds (a few hosts at a time, one feed of a host at a time) and commit each result
 * as soon as it arrives, then recount the badge. Each feed's commit writes that feed's keys only, and only when
 * something changed, so a pass costs what changed; a service worker killed midway keeps what it finished and the
 * next pass completes the rest.
 */
export async function syncFeeds(options: SyncOptions = {}, deps: SyncDeps = {}): Promise<SyncSummary> {
  const now = deps.now ?? Date.now;
  // Read together: each read is a round trip to the browser before the first fetch can start.
  const [settings, schedule] = await Promise.all([settingsItem.get(), readSchedule()]);
  const due = await dueFeeds(settings, schedule, options, now());
  const records = await readRecords(due.map((feed) => feed.id));
  const announce = !!options.announce && settings.notifications.enabled;
  const pollMs = settings.pollMinutes * 60e3;
  // A pass the reader asked for ("Refresh", which may also go under a feed's floor) is waited on: four feeds at a
  // time, whatever their hosts. Scheduled passes, nearly every request the extension makes, go host by host.
  const asked = !!(options.force || options.feedIds);
  const hostPauseMs = asked ? 0 : (deps.hostPauseMs ?? HOST_PAUSE_MS);
  let failed = 0;
  let commitError: unknown;
  // Results waiting for their commit. A lane fetches its next feed as soon as its last fetch is done: commits are
  // serialized (and grouped, see commitFeed), so a lane that waited for its own would leave the network idle.
  const committing = new Set<Promise<void>>();
  const held = heldPosts();
  const hosts = asked ? due.map((feed) => [feed]) : byHost(due);
  const lane = async () => {
    for (let host = hosts.shift(); host; host = hosts.shift()) {
      for (const [i, feed] of host.entries()) {
        if (i > 0 && hostPauseMs > 0) await new Promise((resolve) => setTimeout(resolve, hostPauseMs));
        const known = records[feed.id]?.value;
        const guess = known ? Math.max(1, known.count) : UNKNOWN_FEED_POSTS;
        // A feed is let through when nothing is held, however large.
        while (committing.size && !held.fits(guess)) await Promise.race(committing);
        const hold = held.hold(guess);
        const check = { feed, intervalMs: intervalOf(feed, settings), previous: schedule.feeds[feed.id] };
        const { fetched, committed } = syncOne(check, known, { announce, pollMs }, deps);
        const tracked: Promise<void> = committed
          .then(
            (view) => void (view.error && failed++),
            (error: unknown) => void (commitError ??= error),
          )
          .finally(() => {
            hold.release();
            committing.delete(tracked);
          });
        committing.add(tracked);
        const brought = await fetched;
        if (brought !== undefined) hold.reweigh(brought);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_HOSTS, hosts.length) }, lane));
  while (committing.size) await Promise.all([...committing]);
  // The badge is what the reader waits for: recounted as soon as the last commit is written, while the check
  // times and the schedule are written (it reads neither), not after them and the next alarm.
  const badge = commitError === undefined ? refreshBadge() : undefined;
  await Promise.all([writeChecks(), writeSchedule(), badge]);
  if (commitError !== undefined) throw commitError;
  await armNextCheck(await settingsItem.get(), now());
  return { checked: due.length, failed, newCount: (await badge)! };
}

/**
 * What a pass holds between its feeds' fetches and their commits: at most POSTS_AWAITING_COMMIT posts and
 * FEEDS_AWAITING_COMMIT feeds.
 */
function heldPosts() {
  let total = 0;
  let feeds = 0;
  return {
    fits: (posts: number) => feeds < FEEDS_AWAITING_COMMIT && total + posts <= POSTS_AWAITING_COMMIT,
    /** One feed's share, from the start of its fetch to the end of its commit. */
    hold(guess: number) {
      total += guess;
      feeds++;
      let weight = guess;
      let released = false;
      return {
        /** Its fetch brought this many posts: the feed weighs that from now on. */
        reweigh(posts: number) {
          if (released) return;
          total += posts - weight;
          weight = posts;
        },
        release() {
          released = true;
          total -= weight;
          feeds--;
        },
      };
    },
  };
}

/** The reader's interval for a feed: its own, else the extension's. */
export const intervalOf = (feed: FeedConfig, settings: Pick<Settings, 'pollMinutes'>) =>
  (feed.pollMinutes ?? settings.pollMinutes) * 60e3;

/** Feeds grouped by host, in the order of their first feed. */
function byHost(feeds: FeedConfig[]): FeedConfig[][] {
  const groups = new Map<string, FeedConfig[]>();
  for (const feed of feeds) {
    const host = hostOf(fetchUrlOf(feed));
    const group = groups.get(host);
    if (group) group.push(feed);
    else groups.set(host, [feed]);
  }
  return [...groups.values()];
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The feeds a pass fetches. Paused feeds are skipped, unless the reader asks for that very feed ("Refresh" on it).
 * A wait the server asked for (429, 503) is waited out even then; a failing feed's own backoff waits unless the
 * reader forces. A scheduled pass fetches only the feeds whose time has come (see `dueTime`): one whose time
 * passed while the browser was off gets a place in the next stretch instead, noted here.
 */
async function dueFeeds(settings: Settings, schedule: Schedule, options: SyncOptions, now: number) {
  const serverAsked = (feedId: string) => {
    const entry = schedule.feeds[feedId];
    return entry?.why === 'serverAsked' && entry.next > now && entry.next - now <= MAX_RETRY_AFTER_MS;
  };
  if (options.feedIds && options.force)
    return settings.feeds.filter((feed) => options.feedIds!.includes(feed.id) && !serverAsked(feed.id));
  if (options.force) return settings.feeds.filter((feed) => !feed.paused && !serverAsked(feed.id));
  const [index, lastChecked] = await Promise.all([readIndex(), checkTimes()]);
  // A retry time more than the longest backoff ahead was computed under a clock that was ahead: not a reason to wait.
  const waitingOut = (feedId: string) => {
    const retryAt = entryOf(index, feedId)?.retryAt ?? 0;
    return retryAt > now && retryAt - now <= 8 * 24 * 3600e3;
  };
  if (options.feedIds)
    return settings.feeds.filter((feed) => options.feedIds!.includes(feed.id) && !waitingOut(feed.id));
  return settings.feeds.filter((feed) => {
    if (feed.paused || waitingOut(feed.id)) return false;
    const entry = schedule.feeds[feed.id];
    const times = [entry?.at, lastChecked[feed.id], entryOf(index, feed.id)?.checkedAt].filter(
      (t): t is number => t !== undefined && t <= now,
    );
    const due = dueTime({
      // An entry written "in the future" was written under a clock that was ahead: the feed is due.
      next: entry && entry.at <= now ? { at: entry.next, why: entry.why } : undefined,
      lastCheckAt: times.length ? Math.max(...times) : undefined,
      intervalMs: intervalOf(feed, settings),
      now,
      phase: schedule.phase,
      feedId: feed.id,
    });
    if (due.why === 'spread' && entry?.next !== due.at) {
      const spread: ScheduleEntry = {
        ...(entry ?? { at: times.length ? Math.max(...times) : now }),
        next: due.at,
        why: 'spread',
      };
      delete spread.askedMs;
      noteSchedule(feed.id, spread);
      schedule.feeds[feed.id] = spread;
    }
    return isDueAt(due.at, now);
  });
}

/**
 * One feed's sync: `fetched` once its fetch is done and parsed (`fetchFeedPages` parses each page it reads, and the
 * write step takes those parses), with the posts it brought (undefined when a page was left unparsed), the result
 * perhaps still waiting its turn to commit; `committed` after.
 */
export type FeedSync = { fetched: Promise<number | undefined>; committed: Promise<FeedView> };

/** Fetches one feed and commits the result, and notes its next check; joins the sync already under way for it. */
export function syncOne(
  check: CheckContext,
  known: FeedView | undefined,
  options: { announce: boolean; pollMs: number },
  deps: SyncDeps = {},
): FeedSync {
  const running = inFlight.get(check.feed.id);
  return running
    ? joinSync(check.feed.id, running, () => syncOne(check, known, options, deps))
    : startSync(check, known, options, deps);
}

/**
 * A sync already under way answers a second request for the feed, unless its request never reached the server (the
 * browser refused it, or it could not connect) and a site was granted after it began: the reader clicked *Allow*
 * while an import's first fetch was out, and that refusal is not the answer to the refresh the click sent. The feed,
 * if still followed, is then fetched again once the first sync's commit is done (so the newer result is the one
 * stored). Any answer from the server (a 429 or 503 asking to wait among them) stands: a grant cannot change it. The
 * grant is checked when the first sync ends, not when the refresh joins it: the grant's event and the refresh's
 * message may reach the worker in either order (and one that comes after the commit finds the failure stored, see
 * ./afterGrant.ts).
 */
function joinSync(feedId: string, running: FeedSync & { grants: number }, again: () => FeedSync): FeedSync {
  const committed = running.committed.then(async (view) => {
    const unanswered = view.error?.kind === 'permission' || view.error?.kind === 'network';
    if (!unanswered || running.grants === grantsGiven) return view;
    return (await stillFollowed(feedId)) ? again().committed : view;
  });
  return { fetched: running.fetched, committed };
}

/** Whether a fetch-and-commit of the feed is under way (a later request would join it). */
export function isSyncing(feedId: string): boolean {
  return inFlight.has(feedId);
}

function startSync(
  check: CheckContext,
  known: FeedView | undefined,
  options: { announce: boolean; pollMs: number },
  deps: SyncDeps,
): FeedSync {
  const { feed } = check;
  const url = fetchUrlOf(feed);
  const outcome = fetchFeedPages(url, {
    validators: known?.validators,
    fetchImpl: deps.fetchImpl,
    timeoutMs: deps.timeoutMs,
    bundledUrl: feed.demo ? url : undefined,
    knownIds: new Set(known?.articles.map((a) => a.id)),
  }).then((fetched) => explainMissingPermission(url, fetched));
  const committed = outcome
    .then(async (fetched) => {
      const at = (deps.now ?? Date.now)();
      const view = await commitFeed(feed.id, fetched, at, options);
      await afterCheck({ ...check, random: deps.random }, fetched, view, at);
      return view;
    })
    .finally(() => inFlight.delete(feed.id));
  const sync = { fetched: outcome.then(postsBrought, () => 0), committed, grants: grantsGiven };
  inFlight.set(feed.id, sync);
  return sync;
}

/** The posts a fetch brought, which its result holds until its commit: none for a 304 or a failure. */
function postsBrought(outcome: FetchOutcome): number | undefined {
  if (!outcome.ok || outcome.notModified) return 0;
  let posts = 0;
  for (const page of [outcome, ...(outcome.pages ?? [])]) {
    if (!page.parsed) return undefined;
    if (page.parsed.ok) posts += page.parsed.articles.length;
  }
  return posts;
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
