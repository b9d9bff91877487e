import type { FeedHealth } from '@/lib/digest/digest';
import { formatRelative } from '@/lib/format/dates';
import { t } from '@/lib/i18n/t';
import type { ScheduleEntry } from '@/lib/sync/lastChecked';
import type { CheckReason } from '@/lib/sync/schedule';

// What the options page says about a feed's schedule: when it is checked next and why then, and where it moved.

/** A wait in words: minutes up to two hours, hours after. */
function describeWait(ms: number): string {
  const minutes = Math.round(ms / 60e3);
  return minutes < 120 ? t('options_minutes', minutes) : t('options_hours', Math.round(minutes / 6) / 10);
}

function reasonText(why: CheckReason, entry: ScheduleEntry): string {
  switch (why) {
    case 'feedAsks':
      return t('options_whyFeedAsks', describeWait(entry.askedMs ?? entry.next - entry.at));
    case 'skip':
      return t('options_whySkip');
    case 'noValidators':
      return t('options_whyNoValidators');
    case 'backoff':
      return t('options_whyBackoff');
    case 'serverAsked':
      return t('options_whyServerAsked');
    case 'spread':
      return t('options_whySpread');
    default:
      return t('options_whyInterval');
  }
}

/** "Next check in 40 minutes: the feed asks for at most one check every 2 hours." Empty for a paused feed. */
export function nextCheckText(feed: FeedHealth, entry: ScheduleEntry | undefined, now: number, locale?: string) {
  if (feed.paused || !entry) return '';
  // A time already passed: the check is under way, or comes with the next pass.
  const when = formatRelative(Math.max(entry.next, now), now, locale);
  return t('options_nextCheck', when, reasonText(entry.why, entry));
}

/** "Moved to … (was …)." after a move; "Redirected to …" after the first of two redirects. */
export function movedText(feed: FeedHealth, entry: ScheduleEntry | undefined): string {
  if (entry?.redirectedTo) return t('options_redirected', entry.redirectedTo);
  if (entry?.movedFrom && entry.movedFrom !== feed.url) return t('options_movedTo', feed.url, entry.movedFrom);
  return '';
}

/** A feed its publisher removed (410 Gone), which the extension paused. */
export const isGone = (feed: FeedHealth) => feed.paused && feed.error?.kind === 'http' && feed.error.status === 410;
