import { memo, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
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
  /** The feeds drawn (the first FEEDS_SHOWN unless the reader asked for all), in the reader's order. */
  feeds: FeedHealth[];
  /** How many feeds are followed: the list may draw fewer. */
  total: number;
  /** The reader asked for every feed (the page then reads every feed's record). */
  onShowAll: () => void;
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
 * seconds; the rest are drawn (and their records read, see entrypoints/options/App.tsx) when asked for.
 */
export const FEEDS_SHOWN = 200;
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
export function FeedList(props: Props) {
  const { feeds, total, schedule = {}, now, defaultMinutes, describeMinutes } = props;
  const [renaming, setRenaming] = useState<{ feedId: string; name: string }>();
  // The handlers change with every render of the page; the rows call the latest through this, so a row's props
  // change only when its own feed does (see FeedRow).
  const actions = useRef(props);
  actions.current = props;
  if (!feeds.length) return <p className="empty">{t('options_noFeeds')}</p>;
  return (
    <>
      <ul className="feed-list" aria-label={t('options_followed')}>
        {feeds.map((feed, index) => (
          <FeedRow
            key={feed.feedId}
            feed={feed}
            entry={schedule[feed.feedId]}
            index={index}
            last={index === total - 1}
            now={now}
            renaming={renaming?.feedId === feed.feedId ? renaming : undefined}
            setRenaming={setRenaming}
            actions={actions}
            defaultMinutes={defaultMinutes}
            describeMinutes={describeMinutes}
          />
        ))}
      </ul>
      {feeds.length < total && (
        <button type="button" className="link-button" onClick={props.onShowAll}>
          {t('options_showAllFeeds', total.toLocaleString(locale))}
        </button>
      )}
    </>
  );
}

type RowProps = {
  feed: FeedHealth;
  entry: ScheduleEntry | undefined;
  index: number;
  last: boolean;
  now: number;
  /** The name being typed, when this row is being renamed. */
  renaming: { feedId: string; name: string } | undefined;
  setRenaming: Dispatch<SetStateAction<{ feedId: string; name: string } | undefined>>;
  actions: RefObject<Props>;
  defaultMinutes: number;
  describeMinutes: (minutes: number) => string;
};

/** Whether two objects hold the same values, key by key (one level deep: a feed's health, a schedule entry). */
function shallowSame<T extends object>(a: T | undefined, b: T | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a) as (keyof T)[];
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * A row is drawn again only when what it shows changed: while an import's feeds are fetched, each fetch changes one
 * feed, and redrawing all 200 rows for it (with their layout) kept the page busy for most of every second. The
 * clock counts in minutes here: "Updated 3 minutes ago" does not need a redraw per second.
 */
function sameRow(a: RowProps, b: RowProps): boolean {
  return (
    shallowSame(a.feed, b.feed) &&
    shallowSame(a.entry, b.entry) &&
    a.index === b.index &&
    a.last === b.last &&
    Math.floor(a.now / 60_000) === Math.floor(b.now / 60_000) &&
    shallowSame(a.renaming, b.renaming) &&
    a.defaultMinutes === b.defaultMinutes &&
    a.describeMinutes === b.describeMinutes
  );
}

/** One followed feed: its name, health and next check, and what can be done to it. */
const FeedRow = memo(function FeedRow({
  feed,
  entry,
  index,
  last,
  now,
  renaming,
  setRenaming,
  actions,
  defaultMinutes,
  describeMinutes,
}: RowProps) {
  const moved = movedText(feed, entry);
  const nextCheck = nextCheckText(feed, entry, now, locale);
  return (
    <li className="feed-list__item">
      <div className="feed-list__text">
        {renaming?.feedId === feed.feedId ? (
          <form
            className="row"
            onSubmit={(event) => {
              event.preventDefault();
              actions.current.onRename(feed.feedId, renaming.name);
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
              onChange={(e) => e.target.value && actions.current.onTrim(feed.feedId, Number(e.target.value))}
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
        {moved && (
          <span className="muted feed-list__moved" dir="auto">
            {moved}
          </span>
        )}
        {nextCheck && <span className="muted feed-list__next">{nextCheck}</span>}
        {isGone(feed) && (
          <span className="feed-list__gone" role="status">
            {t('options_gone')}{' '}
            <RowButton
              label={t('options_removeGone')}
              name={t('options_removeGoneFeed', feed.title)}
              onClick={() => actions.current.onRemove(feed.feedId)}
            />
          </span>
        )}
        {feed.error && (
          <span className="feed-list__error" role="status">
            {localised(feed.error)}
            {failingAside(feed, now, locale)}
            {feed.error.kind === 'permission' && (
              <>
                {' '}
                <AllowSiteButton feed={feed} onAllow={(f) => actions.current.onAllow(f)} />
              </>
            )}
          </span>
        )}
        <span className="muted">
          <span aria-hidden="true">{t('options_feedInterval')} </span>
          <select
            aria-label={t('options_feedIntervalFor', feed.title)}
            value={feed.pollMinutes ?? ''}
            onChange={(e) => actions.current.onInterval(feed.feedId, e.target.value ? Number(e.target.value) : null)}
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
        <RowButton
          label="↑"
          name={t('options_moveUp', feed.title)}
          disabled={index === 0}
          onClick={() => actions.current.onMove(feed.feedId, 'up')}
        />
        <RowButton
          label="↓"
          name={t('options_moveDown', feed.title)}
          disabled={last}
          onClick={() => actions.current.onMove(feed.feedId, 'down')}
        />
        <RowButton
          label={t('options_rename')}
          name={t('options_renameFeed', feed.title)}
          onClick={() => setRenaming({ feedId: feed.feedId, name: feed.title })}
        />
        <RowButton
          label={feed.paused ? t('options_resume') : t('options_pause')}
          name={feed.paused ? t('options_resumeFeed', feed.title) : t('options_pauseFeed', feed.title)}
          onClick={() => actions.current.onPause(feed.feedId, !feed.paused)}
        />
        <RowButton
          label={t('options_refresh')}
          name={t('options_refreshFeed', feed.title)}
          onClick={() => actions.current.onRefresh(feed.feedId)}
        />
        <RowButton
          label={t('options_remove')}
          name={t('options_removeFeed', feed.title)}
          onClick={() => actions.current.onRemove(feed.feedId)}
        />
      </div>
    </li>
  );
}, sameRow);

/** One of a row's buttons: `label` is what it shows, `name` what it is called (the action and the feed's title). */
function RowButton({
  label,
  name,
  disabled,
  onClick,
}: {
  label: string;
  name: string;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <button type="button" disabled={disabled} onClick={onClick} aria-label={name}>
      {label}
    </button>
  );
}
