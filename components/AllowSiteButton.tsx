import type { FeedHealth } from '@/lib/digest/digest';
import { displayDomain } from '@/lib/feed/host';
import { t } from '@/lib/i18n/t';

/** For a feed that failed because its site is not granted: asks the browser (from this click), then the page checks it. */
export function AllowSiteButton({ feed, onAllow }: { feed: FeedHealth; onAllow: (feed: FeedHealth) => void }) {
  return (
    <button
      type="button"
      className="link-button"
      aria-label={t('status_allowFeed', displayDomain(feed.url))}
      onClick={() => onAllow(feed)}
    >
      {t('status_allow')}
    </button>
  );
}
