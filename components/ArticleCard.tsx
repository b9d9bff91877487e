import { useState } from 'react';
import type { DigestEntry } from '@/lib/digest/digest';
import { describeTime } from '@/lib/format/dates';
import { resolveHttpUrl } from '@/lib/feed/url';
import { t } from '@/lib/i18n/t';
import { faviconUrl } from '@/lib/popup/favicon';
import { Host, withElement } from './Bidi';
import { cardIds, LONG_SUMMARY } from './cardShape';
import { SafeLink } from './SafeLink';
import { TagChips } from './TagChips';

/**
 * What every card of a list shares: the time and language its dates are written in, the tag filtered by, and the
 * reader's actions on a post.
 */
export type CardShared = {
  now: number;
  locale?: string;
  activeTag?: string;
  /** A link in the card was followed (it opens itself): mark the post read. */
  onOpen: (key: string) => void;
  onToggleRead: (key: string, read: boolean) => void;
  onTagSelect: (tag: string | undefined) => void;
};

type Props = CardShared & {
  entry: DigestEntry;
  /** Whether this card is the one Tab lands on in the list (roving focus). */
  tabbable?: boolean;
  onFocus?: () => void;
  /** Where the card is: its post may show in "About this page" and in the list, each card with ids of its own. */
  place?: 'list' | 'about' | 'muted';
};

/** One post: what it says, where it is, where its news came from. All feed text is rendered as text. */
export function ArticleCard({
  entry,
  now,
  locale,
  activeTag,
  tabbable,
  place,
  onOpen,
  onToggleRead,
  onTagSelect,
  onFocus,
}: Props) {
  const { article, read, isNew } = entry;
  const [expanded, setExpanded] = useState(false);
  const date = describeTime(article.publishedAt ?? article.modifiedAt, now, locale);
  const { titleId, summaryId } = cardIds(entry.key, place);
  const icon = article.sourceUrl ? faviconUrl(article.sourceUrl) : undefined;
  const long = article.summary.length > LONG_SUMMARY;
  // Checked again here, as links are: a stored record is a boundary too (the parser let none other through).
  const imageUrl = resolveHttpUrl(article.imageUrl);
  return (
    <article
      className={read ? 'card' : 'card card--unread'}
      aria-labelledby={titleId}
      data-testid="article"
      data-key={entry.key}
      tabIndex={tabbable ? 0 : -1}
      onFocus={(event) => event.target === event.currentTarget && onFocus?.()}
    >
      {imageUrl && (
        <img
          className="card__image"
          src={imageUrl}
          alt=""
          loading="lazy"
          decoding="async"
          referrerPolicy="no-referrer"
          onError={(event) => (event.currentTarget.hidden = true)}
        />
      )}
      <div className="card__body">
        <h2 className="card__title" id={titleId}>
          {!read && <span className="card__dot" aria-label={t('card_unread')} role="img" />}
          {isNew && <span className="badge-new">{t('card_new')}</span>}
          <SafeLink className="card__title-text" href={article.url} onClick={() => onOpen(entry.key)} tabIndex={-1}>
            {article.title}
          </SafeLink>
        </h2>
        <p className="card__meta">
          <span className="card__feed" dir="auto">
            {entry.feedTitle}
          </span>
          {article.authors.length > 0 && <span dir="auto">{article.authors.join(', ')}</span>}
          {date && (
            <time dateTime={date.iso} title={date.exact}>
              {date.relative}
            </time>
          )}
        </p>
        {article.summary && (
          <p id={summaryId} className={expanded ? 'card__summary card__summary--open' : 'card__summary'}>
            {article.summary}
          </p>
        )}
        {long && (
          <button
            type="button"
            className="action action--quiet"
            aria-expanded={expanded}
            aria-controls={summaryId}
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? t('card_less') : t('card_more')}
          </button>
        )}
        <TagChips tags={article.tags} activeTag={activeTag} onSelect={onTagSelect} label={t('popup_filterByTag')} />
        <div className="card__actions">
          {article.url && (
            <SafeLink className="action" href={article.url} onClick={() => onOpen(entry.key)}>
              {t('card_readPost')}
            </SafeLink>
          )}
          {article.sourceUrl && (
            <SafeLink className="action action--source" href={article.sourceUrl} onClick={() => onOpen(entry.key)}>
              {icon && <img className="favicon" src={icon} alt="" width={16} height={16} />}
              {withElement((slot) => t('card_source', slot), <Host>{article.sourceDomain ?? ''}</Host>)}
            </SafeLink>
          )}
          <button type="button" className="action action--quiet" onClick={() => onToggleRead(entry.key, !read)}>
            {read ? t('card_markUnread') : t('card_markRead')}
          </button>
        </div>
      </div>
    </article>
  );
}
