import { parseFeed } from '../feed/parseFeed';
import { fetchFeed, type FetchFeedOptions, type FetchOutcome, type FetchedPage } from './fetchFeed';

/** Pages read per sync, the first included: enough to fill a new feed's history, bounded so a loop cannot run away. */
export const MAX_FEED_PAGES = 3;

/**
 * Fetches a feed and, when it is paginated (JSON Feed `next_url`, Atom/RSS `rel="next"`), up to MAX_FEED_PAGES - 1
 * further pages. Following stops early at a page that brings no post we do not already know, at a URL seen
 * before, or at any failure (the pages we have are still good). A 304 or an error on the first page is returned as is.
 */
export async function fetchFeedPages(
  url: string,
  options: FetchFeedOptions & { knownIds?: Set<string> } = {},
): Promise<FetchOutcome> {
  const first = await fetchFeed(url, options);
  if (!first.ok || first.notModified) return first;
  const known = new Set(options.knownIds ?? []);
  const visited = new Set([url, first.finalUrl]);
  const pages: FetchedPage[] = [];
  let current: FetchedPage = first;
  while (pages.length < MAX_FEED_PAGES - 1) {
    const parsed = parseFeed(current.body, { contentType: current.contentType, fetchedUrl: current.finalUrl });
    // Kept with the page: the write step and adding a feed take it rather than parse the page again.
    current.parsed = parsed;
    if (!parsed.ok || !parsed.feed.nextUrl || visited.has(parsed.feed.nextUrl)) break;
    const fresh = parsed.articles.filter((a) => !known.has(a.id));
    if (!fresh.length) break;
    for (const a of parsed.articles) known.add(a.id);
    visited.add(parsed.feed.nextUrl);
    const next = await fetchFeed(parsed.feed.nextUrl, { ...options, validators: undefined });
    if (!next.ok || next.notModified) break;
    pages.push(next);
    current = next;
  }
  return pages.length ? { ...first, pages } : first;
}
