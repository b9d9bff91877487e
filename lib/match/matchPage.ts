import type { Article } from '../feed/article';
import { normalizeArticleUrl } from './normalizeUrl';

/** The posts whose original source is the page at `pageUrl`, in the order given. */
export function postsAboutPage<T extends { article: Article }>(pageUrl: string, entries: T[]): T[] {
  const page = normalizeArticleUrl(pageUrl);
  if (!page) return [];
  return entries.filter((entry) => entry.article.sourceUrl && normalizeArticleUrl(entry.article.sourceUrl) === page);
}
