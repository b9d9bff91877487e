import { buildDigest } from '../digest/digest';
import { postsAboutPage } from '../match/matchPage';
import { feedCacheItem } from '../store/feedCache';
import { readStateItem } from '../store/readState';
import type { CardHandlers } from '../messages';
import { settingsItem } from '../store/settings';
import { serialized } from '../sync/serialize';
import type { CardPost } from './cardData';
import { cardSitesItem, siteOf } from './cardSites';
import { syncCardRegistration } from './registration';

/**
 * The posts whose original source is `pageUrl`, for the summary card. Answered from the cache (the content script
 * never fetches), and only for sites the reader opted into: a page elsewhere learns nothing.
 */
export async function postsForPage(pageUrl: string): Promise<CardPost[]> {
  const site = siteOf(pageUrl);
  if (!site || !(await cardSitesItem.get()).sites.includes(site)) return [];
  const [settings, cache, readState] = await Promise.all([settingsItem.get(), feedCacheItem.get(), readStateItem.get()]);
  return postsAboutPage(pageUrl, buildDigest(settings.feeds, cache, readState))
    .slice(0, 3)
    .map(({ article, feedTitle }) => ({ title: article.title, summary: article.summary, tags: article.tags.slice(0, 6), url: article.url, feedTitle }));
}

/**
 * The card's requests, each about the page it was sent from (`pageUrl`, from the browser, never from the message):
 * a page learns only about itself and can only switch off its own site.
 */
export function createCardHandlers(): CardHandlers {
  return {
    postsForPage: async (_request, { pageUrl }) => ({ ok: true, pageUrl, posts: await postsForPage(pageUrl) }),
    async hideCardsOnSite(_request, { pageUrl }) {
      const site = siteOf(pageUrl);
      if (site) await setCardSite(site, false);
      return { ok: true };
    },
  };
}

/** Turns cards on or off for a site, then makes the registered content script match. */
export async function setCardSite(site: string, enabled: boolean): Promise<void> {
  await serialized(async () => {
    const { sites } = await cardSitesItem.get();
    const others = sites.filter((s) => s !== site);
    await cardSitesItem.set({ sites: enabled ? [...others, site].sort() : others });
  });
  await syncCardRegistration();
}
