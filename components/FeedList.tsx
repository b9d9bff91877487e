import type { FeedHealth } from '@/lib/digest/digest';
import { formatRelative } from '@/lib/format/dates';

type Props = {
  feeds: FeedHealth[];
  now: number;
  onRemove: (feedId: string) => void;
  onRefresh: (feedId: string) => void;
};

/** The followed feeds with their health: last good check, last error in words, post count. */
export function FeedList({ feeds, now, onRemove, onRefresh }: Props) {
  if (!feeds.length) return <p className="empty">You follow no feeds yet.</p>;
  return (
    <ul className="feed-list" aria-label="Followed feeds">
      {feeds.map((feed) => (
        <li key={feed.feedId} className="feed-list__item">
          <div className="feed-list__text">
            <strong>{feed.title}</strong>
            {feed.demo && <span className="chip">Demo</span>}
            <span className="muted feed-list__url">{feed.demo ? 'Bundled with the extension' : feed.url}</span>
            <span className="muted">
              {feed.articleCount} {feed.articleCount === 1 ? 'post' : 'posts'}
              {feed.lastSuccessAt !== undefined && ` · updated ${formatRelative(feed.lastSuccessAt, now)}`}
            </span>
            {feed.error && (
              <span className="feed-list__error" role="status">
                {feed.error.message}
                {feed.failingSince !== undefined && ` (failing since ${formatRelative(feed.failingSince, now)})`}
              </span>
            )}
            {feed.problems.length > 0 && (
              <details>
                <summary>{feed.problems.length} skipped {feed.problems.length === 1 ? 'item' : 'items'}</summary>
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
            <button type="button" onClick={() => onRefresh(feed.feedId)} aria-label={`Refresh ${feed.title}`}>
              Refresh
            </button>
            <button type="button" onClick={() => onRemove(feed.feedId)} aria-label={`Remove ${feed.title}`}>
              Remove
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}
