import { useState } from 'react';
import type { DiscoveredFeed } from '@/lib/feed/article';
import { displayDomain } from '@/lib/feed/host';
import { feedAddedText } from '@/lib/i18n/counted';
import { t } from '@/lib/i18n/t';
import { sendMessage } from '@/lib/messages';
import { requestFeedOrigin } from '@/lib/permissions/feedOrigin';
import { Host } from './Bidi';

type Props = {
  /** Feeds a web page links (from a failed addFeed); nothing renders when empty. */
  feeds: DiscoveredFeed[];
  /** Called with a confirmation in words once one of them is added. */
  onAdded: (message: string) => void;
  /** The section's heading: "Feeds this page links" by default. */
  heading?: string;
  className?: string;
};

const TYPE_LABEL_KEYS = {
  json: 'ingest_feedTypeJson',
  rss: 'ingest_feedTypeRss',
  atom: 'ingest_feedTypeAtom',
  rdf: 'ingest_feedTypeRdf',
  xml: 'ingest_feedTypeXml',
} as const;

/** "This page links these feeds": one button per feed, which asks for its site and adds it. */
export function DiscoveredFeeds({
  feeds,
  onAdded,
  heading = t('ingest_discoveredHeading'),
  className = 'discovered-feeds',
}: Props) {
  const [busyUrl, setBusyUrl] = useState<string>();
  const [error, setError] = useState<string>();
  if (!feeds.length) return null;

  const add = async (feed: DiscoveredFeed) => {
    setError(undefined);
    // Straight from the click: the browser only shows its permission prompt inside a user gesture.
    const permission = await requestFeedOrigin(feed.url);
    if (!permission.ok) return setError(permission.message);
    setBusyUrl(feed.url);
    const result = await sendMessage({ type: 'addFeed', url: feed.url });
    setBusyUrl(undefined);
    if (!result.ok) return setError(result.error.message);
    onAdded(feedAddedText(result.feed.title, result.feed.articleCount));
  };

  return (
    <section className={className} aria-labelledby="discovered-feeds-heading">
      <h3 id="discovered-feeds-heading">{heading}</h3>
      <ul aria-label={heading}>
        {feeds.map((feed) => (
          <li key={feed.url}>
            <span>
              <strong dir="auto">{feed.title}</strong>{' '}
              <span className="muted">
                ({t(TYPE_LABEL_KEYS[feed.type])}, <Host>{displayDomain(feed.url)}</Host>)
              </span>
            </span>{' '}
            <button type="button" disabled={busyUrl !== undefined} onClick={() => void add(feed)}>
              {busyUrl === feed.url ? t('ingest_discoveredAdding') : t('ingest_discoveredAdd')}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="status status--error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
