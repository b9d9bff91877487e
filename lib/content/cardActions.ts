import { browser } from 'wxt/browser';
import { buildDigest } from '../digest/digest';
import { compileRules } from '../rules/match';
import { siteOf } from '../feed/host';
import { postsAboutPage } from '../match/matchPage';
import { normalizeArticleUrl } from '../match/normalizeUrl';
import { marksKey, readFeed, shortHash, sourcesKey, type FeedCache } from '../store/feedStore';
import { type Marks } from '../store/marks';
import { parseMarks } from '../store/storedMarks';
import { settingsItem } from '../store/settings';
import type { CardPost } from './cardData';
import { cardSitesItem } from './cardSites';
import { updateCardSites } from './registration';

/**
 * The posts whose original source is `pageUrl`, for the summary card. Answered from the store (the content script
 * never fetches), and only for sites the reader opted into: a page elsewhere learns nothing. Each feed's source
 * index (a short hash per source URL) says which feeds may cover the page; only those feeds' posts are read.
 */
export async function postsForPage(pageUrl: string): Promise<CardPost[]> {
  const site = siteOf(pageUrl);
  if (!site || !(await cardSitesItem.get()).sites.includes(site)) return [];
  const page = normalizeArticleUrl(pageUrl);
  if (!page) return [];
  const hash = shortHash(page);
  const settings = await settingsItem.get();
  const sources = await browser.storage.local.get(settings.feeds.map((feed) => sourcesKey(feed.id)));
  const candidates = settings.feeds.filter((feed) => {
    const hashes = sources[sourcesKey(feed.id)];
    return typeof hashes === 'string' && ` ${hashes} `.includes(` ${hash} `);
  });
  if (!candidates.length) return [];
  const cache: FeedCache = {};
  const raw = await browser.storage.local.get(candidates.map((feed) => marksKey(feed.id)));
  const marks: Marks = {};
  for (const feed of candidates) {
    const stored = await readFeed(feed.id);
    if (stored) cache[feed.id] = stored.value;
    marks[feed.id] = parseMarks(raw[marksKey(feed.id)], marksKey(feed.id));
  }
  // A post the reader's rules hide shows no card: the digest built with the rules leaves it out.
  return postsAboutPage(pageUrl, buildDigest(candidates, cache, marks, undefined, compileRules(settings.rules)))
    .slice(0, 3)
    .map(({ article, feedTitle }) => ({
      title: article.title,
      summary: article.summary,
      tags: article.tags.slice(0, 6),
      url: article.url,
      feedTitle,
    }));
}

/** Turns cards on or off for a site (the options page's switch, the card's "Don't show on this site"). */
export function setCardSite(site: string, enabled: boolean): Promise<void> {
  return updateCardSites((sites) => {
    const others = sites.filter((s) => s !== site);
    return enabled ? [...others, site].sort() : others;
  });
}
