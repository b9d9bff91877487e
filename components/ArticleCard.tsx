import type { DigestEntry } from '@/lib/digest/digest';
import { formatExact, formatRelative } from '@/lib/format/dates';
import { SafeLink } from './SafeLink';
import { TagChips } from './TagChips';

type Props = {
  entry: DigestEntry;
  now: number;
  activeTag?: string;
  onOpen: (key: string) => void;
  onToggleRead: (key: string, read: boolean) => void;
  onTagSelect: (tag: string | undefined) => void;
};

/** One post: what it says, where it is, where its news came from. All feed text is rendered as text. */
export function ArticleCard({ entry, now, activeTag, onOpen, onToggleRead, onTagSelect }: Props) {
  const { article, read, isNew } = entry;
  const date = article.publishedAt ?? article.modifiedAt;
  const titleId = `title-${entry.key.replace(/[^\w-]/g, '_')}`;
  return (
    <article className={read ? 'card' : 'card card--unread'} aria-labelledby={titleId} data-testid="article">
      {article.imageUrl && (
        <img className="card__image" src={article.imageUrl} alt="" loading="lazy" decoding="async" referrerPolicy="no-referrer" />
      )}
      <div className="card__body">
        <h2 className="card__title" id={titleId}>
          {!read && <span className="card__dot" aria-label="Unread" role="img" />}
          {isNew && <span className="badge-new">New</span>}
          <SafeLink className="card__title-text" href={article.url} onClick={() => onOpen(entry.key)}>
            {article.title}
          </SafeLink>
        </h2>
        <p className="card__meta">
          <span>{entry.feedTitle}</span>
          {article.authors.length > 0 && <span>{article.authors.join(', ')}</span>}
          {date !== undefined && (
            <time dateTime={new Date(date).toISOString()} title={formatExact(date)}>
              {formatRelative(date, now)}
            </time>
          )}
        </p>
        {article.summary && <p className="card__summary">{article.summary}</p>}
        <TagChips tags={article.tags} activeTag={activeTag} onSelect={onTagSelect} label="Filter by tag" />
        <div className="card__actions">
          {article.url && (
            <SafeLink className="action" href={article.url} onClick={() => onOpen(entry.key)}>
              Read the post
            </SafeLink>
          )}
          {article.sourceUrl && (
            <SafeLink className="action action--source" href={article.sourceUrl} onClick={() => onOpen(entry.key)}>
              Source: {article.sourceDomain}
            </SafeLink>
          )}
          <button type="button" className="action action--quiet" onClick={() => onToggleRead(entry.key, !read)}>
            {read ? 'Mark unread' : 'Mark read'}
          </button>
        </div>
      </div>
    </article>
  );
}
