import { useState } from 'react';
import type { FeedHealth } from '@/lib/digest/digest';
import { formatRelative } from '@/lib/format/dates';
import { keptPostsText, skippedItemsText } from '@/lib/i18n/counted';
import { localised, t, uiLocale } from '@/lib/i18n/t';
import { POLL_MINUTES_CHOICES } from '@/lib/store/settings';
import { AllowSiteButton } from './AllowSiteButton';
import { failingAside } from './feedHealthNote';
import { isGone, movedText, nextCheckText } from './nextCheckNote';
import type { ScheduleEntry } from '@/lib/sync/lastChecked';

// Over 200 lines on purpose: one row per followed feed and every action on it (rename, move, pause, interval,
// trim, remove, health), which share the row's state; split, each piece would need all of it passed in.

type Props = {
  feeds: FeedHealth[];
  /** Each feed's next check and why (see lib/sync/schedule.ts). */
  schedule?: Record<string, ScheduleEntry>;
  now: number;
  onRemove: (feedId: string) => void;
  onRefresh: (feedId: string) => void;
  onRename: (feedId: string, name: string) => void;
  onMove: (feedId: string, direction: 'up' | 'down') => void;
  onPause: (feedId: string, paused: boolean) => void;
  onInterval: (feedId: string, minutes: number | null) => void;
  /** Keep only the feed's newest `keep` posts. */
  onTrim: (feedId: string, keep: number) => void;
  /** The feed failed because its site is not granted: ask the browser (from the click), then check it. */
  onAllow: (feed: FeedHealth) => void;
  /** The extension's interval, and how to say an interval in words (the options page's select uses the same). */
  defaultMinutes: number;
  describeMinutes: (minutes: number) => string;
};

const locale = uiLocale();
/**
 * Rows drawn at first: a list of 2,000 imported feeds drawn whole (and again on each feed's fetch) held the page for
 * seconds; the rest are drawn when asked for.
 */
const FEEDS_SHOWN = 200;
/** What a feed's archive can be trimmed to (the newest posts are kept). */
const TRIM_CHOICES = [50, 200, 1000] as const;

/** "1.2 MB": a stored size for the reader. */
function formatSize(bytes: number, locale?: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: unit ? 1 : 0 })} ${units[unit]}`;
}

/** The followed feeds in the reader's order, with their health and what can be done to each. */
export function FeedList({
  feeds,
  schedule = {},
  now,
  onRemove,
  onRefresh,
  onRename,
  onMove,
  onPause,
  onInterval,
  onTrim,
  onAllow,
  defaultMinutes,
  describeMinutes,
}: Props) {
  const [renaming, setRenaming] = useState<{ feedId: string; name: string }>();
  const [showAll, setShowAll] = useState(false);
  if (!feeds.length) return <p className="empty">{t('options_noFeeds')}</p>;
  const shown = showAll || feeds.length <= FEEDS_SHOWN ? feeds : feeds.slice(0, FEEDS_SHOWN);
  return (
    <>
      <ul className="feed-list" aria-label={t('options_followed')}>
        {shown.map((feed, index) => (
          <li key={feed.feedId} className="feed-list__item">
            <div className="feed-list__text">
              {renaming?.feedId === feed.feedId ? (
                <form
                  className="row"
                  onSubmit={(event) => {
                    event.preventDefault();
                    onRename(feed.feedId, renaming.name);
                    setRenaming(undefined);
                  }}
                >
                  <input
                    aria-label={t('options_nameFor', feed.title)}
                    value={renaming.name}
                    maxLength={200}
                    autoFocus
                    onChange={(e) => setRenaming({ feedId: feed.feedId, name: e.target.value })}
                    onKeyDown={(e) => e.key === 'Escape' && setRenaming(undefined)}
                  />
                  <button type="submit">{t('options_save')}</button>
                  <button type="button" onClick={() => setRenaming(undefined)}>
                    {t('options_cancel')}
                  </button>
                </form>
              ) : (
                <strong dir="auto">{feed.title}</strong>
              )}
              <span className="row">
                {feed.demo && <span className="chip">{t('options_demo')}</span>}
                {feed.paused && <span className="chip">{t('options_paused')}</span>}
              </span>
              <span className="muted feed-list__url" dir={feed.demo ? undefined : 'ltr'}>
                {feed.demo ? t('options_bundled') : feed.url}
              </span>
              <span className="muted">
                {keptPostsText(feed.articleCount, formatSize(feed.bytes, locale), locale)}
                {feed.lastSuccessAt !== undefined &&
                  ` · ${t('options_updated', formatRelative(Math.min(feed.lastSuccessAt, now), now, locale))}`}
              </span>
              {feed.articleCount > TRIM_CHOICES[0]! && (
                <span className="muted">
                  <span aria-hidden="true">{t('options_trim')} </span>
                  <select
                    aria-label={`${t('options_trim')}: ${feed.title}`}
                    value=""
                    onChange={(e) => e.target.value && onTrim(feed.feedId, Number(e.target.value))}
                  >
                    <option value="">—</option>
                    {TRIM_CHOICES.filter((keep) => keep < feed.articleCount).map((keep) => (
                      <option key={keep} value={keep}>
                        {keep.toLocaleString(locale)}
                      </option>
                    ))}
                  </select>
                </span>
              )}
              {movedText(feed, schedule[feed.feedId]) && (
                <span className="muted feed-list__moved" dir="auto">
                  {movedText(feed, schedule[feed.feedId])}
                </span>
              )}
              {nextCheckText(feed, schedule[feed.feedId], now, locale) && (
                <span className="muted feed-list__next">{nextCheckText(feed, schedule[feed.feedId], now, locale)}</span>
              )}
              {isGone(feed) && (
                <span className="feed-list__gone" role="status">
                  {t('options_gone')}{' '}
                  <button
                    type="button"
                    onClick={() => onRemove(feed.feedId)}
                    aria-label={t('options_removeGoneFeed', feed.title)}
                  >
                    {t('options_removeGone')}
                  </button>
                </span>
              )}
              {feed.error && (
                <span className="feed-list__error" role="status">
                  {localised(feed.error)}
                  {failingAside(feed, now, locale)}
                  {feed.error.kind === 'permission' && (
                    <>
                      {' '}
                      <AllowSiteButton feed={feed} onAllow={onAllow} />
                    </>
                  )}
                </span>
              )}
              <span className="muted">
                <span aria-hidden="true">{t('options_feedInterval')} </span>
                <select
                  aria-label={t('options_feedIntervalFor', feed.title)}
                  value={feed.pollMinutes ?? ''}
                  onChange={(e) => onInterval(feed.feedId, e.target.value ? Number(e.target.value) : null)}
                >
                  <option value="">{t('options_intervalDefault', describeMinutes(defaultMinutes))}</option>
                  {POLL_MINUTES_CHOICES.map((minutes) => (
                    <option key={minutes} value={minutes}>
                      {describeMinutes(minutes)}
                    </option>
                  ))}
                </select>
              </span>
              {feed.problems.length > 0 && (
                <details>
                  <summary>{skippedItemsText(feed.problems.length)}</summary>
                  <ul>
                    {feed.problems.slice(0, 20).map((p, i) => (
                      <li key={i}>
                        {p.item} {p.reason}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </div>
            <div className="feed-list__actions">
              <button
                type="button"
                disabled={index === 0}
                onClick={() => onMove(feed.feedId, 'up')}
                aria-label={t('options_moveUp', feed.title)}
              >
                ↑
              </button>
              <button
                type="button"
                disabled={index === feeds.length - 1}
                onClick={() => onMove(feed.feedId, 'down')}
                aria-label={t('options_moveDown', feed.title)}
              >
                ↓
              </button>
              <button
                type="button"
                onClick={() => setRenaming({ feedId: feed.feedId, name: feed.title })}
                aria-label={t('options_renameFeed', feed.title)}
              >
                {t('options_rename')}
              </button>
              <button
                type="button"
                onClick={() => onPause(feed.feedId, !feed.paused)}
                aria-label={feed.paused ? t('options_resumeFeed', feed.title) : t('options_pauseFeed', feed.title)}
              >
                {feed.paused ? t('options_resume') : t('options_pause')}
              </button>
              <button
                type="button"
                onClick={() => onRefresh(feed.feedId)}
                aria-label={t('options_refreshFeed', feed.title)}
              >
                {t('options_refresh')}
              </button>
              <button
                type="button"
                onClick={() => onRemove(feed.feedId)}
                aria-label={t('options_removeFeed', feed.title)}
              >
                {t('options_remove')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {shown.length < feeds.length && (
        <button type="button" className="link-button" onClick={() => setShowAll(true)}>
          {t('options_showAllFeeds', feeds.length.toLocaleString(locale))}
        </button>
      )}
    </>
  );
}
