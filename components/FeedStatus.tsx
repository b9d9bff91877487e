import type { FeedHealth } from '@/lib/digest/digest';
import { AllowSiteButton } from './AllowSiteButton';
import { problemNote } from './feedHealthNote';
import { localised, t } from '@/lib/i18n/t';

type Props = {
  feeds: FeedHealth[];
  now: number;
  locale?: string;
  onRetry?: (feedId: string) => void;
  /** The feed failed because its site is not granted: ask the browser (from the click), then retry. */
  onAllow?: (feed: FeedHealth) => void;
};

/** Feeds whose last check failed: what went wrong, since when, and that their last good posts are still shown. */
export function FeedStatus({ feeds, now, locale, onRetry, onAllow }: Props) {
  const failing = feeds.filter((f) => f.error);
  if (!failing.length) return null;
  return (
    <ul className="feed-errors" aria-label={t('status_problems')} aria-live="polite">
      {failing.map((feed) => (
        <li key={feed.feedId} className="feed-error">
          <strong dir="auto">{feed.title}</strong>: {localised(feed.error!)}{' '}
          <span className="muted">{problemNote(feed, now, locale)}</span>
          {onAllow && feed.error!.kind === 'permission' ? (
            <AllowSiteButton feed={feed} onAllow={onAllow} />
          ) : (
            onRetry && (
              <button
                type="button"
                className="link-button"
                aria-label={t('status_retryFeed', feed.title)}
                onClick={() => onRetry(feed.feedId)}
              >
                {t('status_retry')}
              </button>
            )
          )}
        </li>
      ))}
    </ul>
  );
}
