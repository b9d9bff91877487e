import type { FeedHealth } from '@/lib/digest/digest';
import { formatRelative } from '@/lib/format/dates';

type Props = { feeds: FeedHealth[]; now: number; onRetry?: (feedId: string) => void };

/** Feeds whose last check failed: what went wrong, since when, and that their last good posts are still shown. */
export function FeedStatus({ feeds, now, onRetry }: Props) {
  const failing = feeds.filter((f) => f.error);
  if (!failing.length) return null;
  return (
    <ul className="feed-errors" aria-label="Feed problems">
      {failing.map((feed) => (
        <li key={feed.feedId} className="feed-error" role="status">
          <strong>{feed.title}</strong>: {feed.error!.message}{' '}
          <span className="muted">
            {feed.failingSince !== undefined && feed.failingSince < feed.error!.at
              ? `Failing since ${formatRelative(feed.failingSince, now)}. `
              : ''}
            {feed.articleCount > 0
              ? `Showing the last ${feed.articleCount === 1 ? 'post' : `${feed.articleCount} posts`} we got${
                  feed.lastSuccessAt ? ` ${formatRelative(feed.lastSuccessAt, now)}` : ''
                }.`
              : 'No posts from this feed yet.'}
          </span>
          {onRetry && (
            <button type="button" className="link-button" onClick={() => onRetry(feed.feedId)}>
              Retry
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
