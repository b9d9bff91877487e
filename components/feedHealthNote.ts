import type { FeedHealth } from '@/lib/digest/digest';
import { formatRelative } from '@/lib/format/dates';
import { t } from '@/lib/i18n/t';

// What the popup and the options page say about a failing feed besides its error: since when it fails, what it
// still shows, and when it is tried again. One rule for the times; each page has its own form of words (the popup
// writes sentences under the error, the options page an aside in brackets after it).

/** A failing feed's times in words relative to `now`; each undefined when there is nothing to say. */
function failureTimes(feed: FeedHealth, now: number, locale?: string) {
  const { failingSince, nextAttemptAt, error } = feed;
  return {
    since: failingSince === undefined ? undefined : formatRelative(failingSince, now, locale),
    /** Failed again since it began failing: the first failure is the error itself, just shown. */
    failedAgain: failingSince !== undefined && !!error && failingSince < error.at,
    /** Only a try still ahead: a time passed means it is being tried now. */
    nextTry:
      nextAttemptAt !== undefined && nextAttemptAt > now ? formatRelative(nextAttemptAt, now, locale) : undefined,
  };
}

/** The popup's note: "Failing since 2 hours ago. Showing the last 12 posts we got 3 hours ago. Next try in 4 hours." */
export function problemNote(feed: FeedHealth, now: number, locale?: string): string {
  const { since, failedAgain, nextTry } = failureTimes(feed, now, locale);
  return [
    failedAgain && since && t('status_failingSince', since),
    keptPostsNote(feed, now, locale),
    nextTry && t('status_nextTry', nextTry),
  ]
    .filter(Boolean)
    .join(' ');
}

/** The options page's aside after the error: " (failing since 2 hours ago; next try in 4 hours)", or nothing. */
export function failingAside(feed: FeedHealth, now: number, locale?: string): string {
  const { since, nextTry } = failureTimes(feed, now, locale);
  if (since === undefined) return '';
  const failing = t('options_failingSince', since);
  return nextTry ? ` (${failing}; ${t('options_nextTry', nextTry)})` : ` (${failing})`;
}

/** What the reader still sees of a failing feed: its last good posts, and when they came. */
function keptPostsNote(feed: FeedHealth, now: number, locale?: string): string {
  if (feed.articleCount === 0) return t('status_noPosts');
  const when = feed.lastSuccessAt ? formatRelative(feed.lastSuccessAt, now, locale) : undefined;
  if (feed.articleCount === 1) return when ? t('status_showingOneWhen', when) : t('status_showingOne');
  const count = feed.articleCount.toLocaleString(locale);
  return when ? t('status_showingManyWhen', count, when) : t('status_showingMany', count);
}
