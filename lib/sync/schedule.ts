import type { FeedRefresh } from '../feed/article';

// When a feed is next checked, and why then. Pure: the background, the options page and the scale simulation
// (tools/politeness) all call these functions, with the clock and the randomness passed in.
//
// The rules, in the order they apply:
// - a failing feed waits out its backoff (or the server's Retry-After), nothing else;
// - otherwise the reader's interval, with ±JITTER of it at random, so that installs do not stay in step;
// - but never sooner than the feed itself says it can change (Cache-Control max-age or Expires, RSS <ttl>,
//   sy:updatePeriod/Frequency), capped at MAX_FEED_FLOOR_MS, nor sooner than hourly for a feed that sends no
//   validators (every check of it is a full download);
// - and never in an hour or on a day the feed asks to be skipped (RSS <skipHours>/<skipDays>, UTC);
// - after the browser starts or wakes from a long sleep, a feed whose time passed while it was off is not checked
//   at once: each is given a place within its interval (at most SPREAD_MAX_MS), from the install's own phase.

export const MINUTE_MS = 60e3;
export const HOUR_MS = 60 * MINUTE_MS;
/** A feed's own request for fewer checks is honoured up to a day: past that, a reader would miss a day's news. */
export const MAX_FEED_FLOOR_MS = 24 * HOUR_MS;
/** A feed with no ETag and no Last-Modified costs a full download per check: at most hourly. */
export const NO_VALIDATORS_FLOOR_MS = HOUR_MS;
/** Each check moves by up to this share of its interval, earlier or later, at random. */
export const JITTER = 0.1;
/** The longest a feed whose time passed while the browser was off waits after the browser starts. */
export const SPREAD_MAX_MS = 60 * MINUTE_MS;
/** A feed more than this late when a pass looks at it missed its time while the browser was off or asleep. */
export const LATE_MS = 15 * MINUTE_MS;
/** Alarms fire a little early or late: a feed due within this is fetched in the pass that is running now. */
export const DUE_SLACK_MS = MINUTE_MS;

/** Why a feed is next checked when it is: what the options page says beside the time. */
export type CheckReason =
  | 'interval' // the reader's interval
  | 'feedAsks' // the feed's own freshness (headers, ttl, sy:updatePeriod)
  | 'skip' // the feed asks not to be checked in these hours or on these days
  | 'noValidators' // the feed sends no validators: at most hourly
  | 'backoff' // waiting after an error
  | 'serverAsked' // the server asked us to wait (429 or 503 with Retry-After)
  | 'spread'; // the browser started (or woke) after the feed's time: its turn comes within the interval

export type NextCheck = {
  at: number;
  why: CheckReason;
  /** The wait the feed asked for, when that decided the time (the page says "at most every 2 hours"). */
  askedMs?: number;
};

export type CheckInput = {
  /** When this check was made. */
  now: number;
  /** The reader's interval for this feed. */
  intervalMs: number;
  /** A random number in [0, 1): the jitter. */
  random: number;
  /** How long the response said it stays fresh (Cache-Control max-age, or Expires), if it said. */
  freshForMs?: number;
  /** What the feed's document says about its updates (RSS ttl, sy:*, skipHours, skipDays). */
  refresh?: FeedRefresh;
  /** Whether the feed sends an ETag or a Last-Modified. */
  hasValidators: boolean;
  /** A failing feed's next attempt (its backoff, or the server's Retry-After). */
  retryAt?: number;
  /** The server asked for the wait (429 or 503): even "Check now" waits it out. */
  serverAsked?: boolean;
};

/** When to check a feed next, after a check at `now`. */
export function nextCheck(input: CheckInput): NextCheck {
  const { now, intervalMs, random, refresh } = input;
  if (input.retryAt !== undefined && input.retryAt > now)
    return { at: input.retryAt, why: input.serverAsked ? 'serverAsked' : 'backoff' };
  const signed = 2 * random - 1;
  let next: NextCheck = { at: now + Math.round(intervalMs * (1 + JITTER * signed)), why: 'interval' };
  const asked = feedAskedMs(input.freshForMs, refresh);
  const floors: NextCheck[] = [
    ...(asked ? [{ at: now + asked, why: 'feedAsks' as const, askedMs: asked }] : []),
    ...(!input.hasValidators ? [{ at: now + NO_VALIDATORS_FLOOR_MS, why: 'noValidators' as const }] : []),
  ];
  for (const floor of floors) {
    // A floor is kept as a floor: its jitter only ever adds (a tenth of the floor at most).
    if (floor.at > next.at) next = { ...floor, at: floor.at + Math.round((floor.at - now) * JITTER * random) };
  }
  const open = nextOpenHour(next.at, refresh);
  if (open !== next.at) {
    // Every install that honours the same skipHours would come back on the same hour: spread them over an interval.
    next = {
      at: Math.min(open + Math.round(random * Math.min(intervalMs, HOUR_MS)), now + MAX_FEED_FLOOR_MS),
      why: 'skip',
    };
  }
  return next;
}

/** The wait a feed asks for, by its headers and its document: the longest of them, up to a day. */
export function feedAskedMs(freshForMs: number | undefined, refresh: FeedRefresh | undefined): number | undefined {
  const waits = [
    freshForMs ?? 0,
    (refresh?.ttlMinutes ?? 0) * MINUTE_MS,
    (refresh?.updateEveryMinutes ?? 0) * MINUTE_MS,
  ];
  const longest = Math.min(Math.max(...waits), MAX_FEED_FLOOR_MS);
  return longest > 0 ? longest : undefined;
}

/**
 * The first moment at or after `at` outside the hours (0–23, UTC) and days (0 = Sunday, UTC) the feed asks to be
 * skipped. A feed that skips every hour is not believed (it would never be checked).
 */
export function nextOpenHour(at: number, refresh: FeedRefresh | undefined): number {
  const hours = new Set(refresh?.skipHours ?? []);
  const days = new Set(refresh?.skipDays ?? []);
  if (!hours.size && !days.size) return at;
  let time = at;
  for (let step = 0; step < 8 * 24; step++) {
    const date = new Date(time);
    if (!hours.has(date.getUTCHours()) && !days.has(date.getUTCDay())) return time;
    time = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours() + 1);
  }
  return at;
}

/**
 * A scheduled pass's view of one feed: when it is due, given what is stored. `next` undefined (no schedule kept:
 * a feed never checked, or stored by a version that kept none): its last check plus its interval, or now when it
 * was never checked. A time that lies more than LATE_MS in the past was missed while the browser was off or
 * asleep: the feed gets a place in the next stretch instead (see `spreadDelay`), so that a browser start does not
 * fetch every feed in the same second, and a million browsers started at nine do not fetch at nine.
 */
export function dueTime(input: {
  next?: NextCheck;
  lastCheckAt?: number;
  intervalMs: number;
  now: number;
  phase: number;
  feedId: string;
}): NextCheck {
  const { now, intervalMs, lastCheckAt } = input;
  // A time "in the future" beyond any wait we ever set was written under a clock that was ahead: not a reason to wait.
  const tooFar = (at: number) => at - now > 8 * 24 * HOUR_MS;
  let next = input.next && !tooFar(input.next.at) ? input.next : undefined;
  if (!next) {
    if (lastCheckAt === undefined || lastCheckAt > now) return { at: now, why: 'interval' };
    next = { at: lastCheckAt + intervalMs, why: 'interval' };
  }
  if (next.at >= now - LATE_MS) return next;
  return { at: now + spreadDelay(input.phase, input.feedId, intervalMs), why: 'spread' };
}

/**
 * Where in the stretch after a start a late feed's check falls: the install's phase, shifted per feed (so that one
 * install's feeds do not all come at once), as a share of its interval, up to SPREAD_MAX_MS.
 */
export function spreadDelay(phase: number, feedId: string, intervalMs: number): number {
  const share = (phase + feedFraction(feedId)) % 1;
  return Math.round(share * Math.min(intervalMs, SPREAD_MAX_MS));
}

/** A number in [0, 1) fixed for a feed id (FNV-1a, then MurmurHash3's finaliser: ids differ in their last letters). */
function feedFraction(feedId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < feedId.length; i++) {
    hash ^= feedId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}

/** Whether a scheduled pass at `now` fetches a feed due at `at`. */
export const isDueAt = (at: number, now: number) => at <= now + DUE_SLACK_MS;
