import { useEffect, useMemo, useState } from 'react';
import { cardSitesItem, sitePatterns } from '@/lib/content/cardSites';
import { siteOf } from '@/lib/feed/host';
import { t } from '@/lib/i18n/t';
import { sendMessage } from '@/lib/messages';
import { hasPermission, releasePermission, requestPermission } from '@/lib/permissions/optional';
import type { FeedCache, StoredArticle } from '@/lib/store/feedStore';
import type { Settings } from '@/lib/store/settings';
import { Host, withElement } from './Bidi';
import { useStoredValue } from './useStoredValue';

const MAX_SITES = 30;

/**
 * How often each site is cited by one feed's newest posts, kept per list of posts: the page gets a new cache with
 * every feed a refresh pass commits, and only the feeds that changed bring a new list to count.
 */
const citedByPosts = new WeakMap<readonly StoredArticle[], Map<string, number>>();
function citedSites(posts: readonly StoredArticle[]): Map<string, number> {
  let counts = citedByPosts.get(posts);
  if (!counts) {
    counts = new Map();
    for (const post of posts) {
      const site = post.sourceUrl && siteOf(post.sourceUrl);
      if (site) counts.set(site, (counts.get(site) ?? 0) + 1);
    }
    citedByPosts.set(posts, counts);
  }
  return counts;
}

/**
 * "Show summaries on reuters.com": the sites of your posts' sources, each an opt-in that asks for its origin.
 * `cache`: the records the options page holds (its feed list's, the first 200 feeds unless all are shown); their
 * newest posts are enough to rank the sites they cite, and a second copy of every record, re-read as each feed's
 * fetch lands, held the page for seconds during a 2,000-feed import.
 */
export function SourceSitesSettings({ settings, cache }: { settings: Settings; cache: FeedCache | undefined }) {
  const cardSites = useStoredValue(cardSitesItem);
  const [granted, setGranted] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState('');

  // The source sites of cached posts, most cited first, plus any site already turned on.
  const ranked = useMemo(() => {
    const counts = new Map<string, number>();
    for (const state of Object.values(cache ?? {}))
      for (const [site, cited] of citedSites(state.articles)) counts.set(site, (counts.get(site) ?? 0) + cited);
    const cited = [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([site]) => site)
      .slice(0, MAX_SITES);
    return [...new Set([...(cardSites?.sites ?? []), ...cited])].join('\n');
  }, [cache, cardSites]);
  // As a string first: each fetch during an import gives a new cache, mostly with the same sites; the permission
  // look-ups below run again only when the list itself changes.
  const sites = useMemo(() => (ranked ? ranked.split('\n') : []), [ranked]);

  useEffect(() => {
    let live = true;
    void Promise.all(
      sites.map(async (site) => [site, await hasPermission({ origins: sitePatterns(site).slice(0, 1) })] as const),
    ).then((entries) => live && setGranted(new Set(entries.filter(([, ok]) => ok).map(([site]) => site))));
    return () => void (live = false);
  }, [sites, cardSites]);

  const toggle = async (site: string, on: boolean) => {
    setNotice('');
    const origins = sitePatterns(site);
    if (on) {
      // Straight from the click: the browser only asks inside a user gesture.
      const permission = await requestPermission({ origins }, t('sites_denied', site));
      if (!permission.ok) return setNotice(permission.message);
      await sendMessage({ type: 'setCardSite', site, enabled: true });
    } else {
      await sendMessage({ type: 'setCardSite', site, enabled: false });
      // Give the origin back unless a followed feed lives there.
      const feedSites = new Set(settings.feeds.map((feed) => siteOf(feed.url)));
      if (!feedSites.has(site)) await releasePermission({ origins });
    }
  };

  const enabled = new Set(cardSites?.sites ?? []);
  return (
    <section aria-labelledby="sites-heading">
      <h2 id="sites-heading">{t('sites_heading')}</h2>
      <p className="muted">{t('sites_help')}</p>
      {sites.length === 0 ? (
        <p className="muted">{t('sites_none')}</p>
      ) : (
        <ul className="site-list">
          {sites.map((site) => (
            <li key={site}>
              <label className="toggle">
                <input
                  type="checkbox"
                  checked={enabled.has(site) && granted.has(site)}
                  onChange={(e) => void toggle(site, e.target.checked)}
                />
                {withElement((slot) => t('sites_show', slot), <Host>{site}</Host>)}
              </label>
            </li>
          ))}
        </ul>
      )}
      {notice && (
        <p className="status status--error" role="alert">
          {notice}
        </p>
      )}
    </section>
  );
}
