import { compareNewestFirst, type Article, type FeedError } from '../feed/article';
import type { FeedCache, StoredArticle } from '../store/feedStore';
import { articleKey, emptyMarks, markerOf, type Marks } from '../store/marks';
import { feedDisplayName, type FeedConfig } from '../store/settings';
import { normalizeArticleUrl } from '../match/normalizeUrl';

/** One row of the popup: an article with where it came from and what the reader has done with it. */
export type DigestEntry = {
  key: string;
  feedId: string;
  feedTitle: string;
  article: StoredArticle;
  read: boolean;
  /** Shown in the popup before (or covered by the feed's first-sync cutoff): not counted by the badge. */
  seen: boolean;
  /** Not yet seen in the popup when it was opened. */
  isNew: boolean;
};

/** Every followed feed's articles, newest first; the same post listed by two feeds shows once. */
export function buildDigest(
  feeds: FeedConfig[],
  cache: FeedCache,
  marks: Marks,
  newKeys: ReadonlySet<string> = new Set(),
): DigestEntry[] {
  const byPost = new Set<string>();
  const entries: DigestEntry[] = [];
  for (const feed of feeds) {
    const state = cache[feed.id];
    if (!state) continue;
    const feedTitle = feedDisplayName(feed, state.info?.title);
    const marker = markerOf(marks[feed.id] ?? emptyMarks());
    for (const article of state.articles) {
      const postKey = samePostKey(feed.id, article);
      if (byPost.has(postKey)) continue;
      byPost.add(postKey);
      const key = articleKey(feed.id, article.id);
      entries.push({ key, feedId: feed.id, feedTitle, article, read: marker.isRead(article), seen: marker.isSeen(article), isNew: newKeys.has(key) });
    }
  }
  return entries.sort((a, b) => compareNewestFirst(a.article, b.article));
}

/** Keys of the followed feeds' posts not yet seen (the badge's posts). */
export function unseenKeys(feeds: FeedConfig[], cache: FeedCache, marks: Marks): string[] {
  return feeds.flatMap((feed) => {
    const marker = markerOf(marks[feed.id] ?? emptyMarks());
    return (cache[feed.id]?.articles ?? []).filter((post) => !marker.isSeen(post)).map((post) => articleKey(feed.id, post.id));
  });
}

/** Each feed's newest arrival number: "everything up to what this page shows" in markAllSeen / markAllRead. */
export function newestArrivals(cache: FeedCache): Record<string, number> {
  return Object.fromEntries(Object.entries(cache).map(([feedId, view]) => [feedId, view.seq]));
}

/**
 * What makes two listed posts the same post: their URLs compared as the reader would (tracking parameters, `www.`
 * and trailing slashes do not make a new post). Remembered per stored post object: a page rebuilds the digest on
 * every feed's change, and only the changed feed's posts are new objects.
 */
const postKeys = new WeakMap<StoredArticle, string>();
function samePostKey(feedId: string, article: StoredArticle): string {
  let key = postKeys.get(article);
  if (key === undefined) {
    key = (article.url && normalizeArticleUrl(article.url)) ?? `${feedId} ${article.id}`;
    postKeys.set(article, key);
  }
  return key;
}

export type DigestFilter = {
  tag?: string;
  query?: string;
  unreadOnly?: boolean;
  /** Keep only posts on the reader's topics (see lib/topics). */
  onTopic?: (article: Article) => boolean;
};

/** Tag (case-insensitive), free text over title, summary, tags, feed and source, unread-only, and topic. */
export function filterDigest(entries: DigestEntry[], filter: DigestFilter): DigestEntry[] {
  const tag = filter.tag?.toLowerCase();
  const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((entry) => {
    if (filter.unreadOnly && entry.read) return false;
    if (tag && !entry.article.tags.some((t) => t.toLowerCase() === tag)) return false;
    if (filter.onTopic && !filter.onTopic(entry.article)) return false;
    if (!words.length) return true;
    const { title, summary, tags, sourceDomain, authors } = entry.article;
    const haystack = [title, summary, ...tags, ...authors, sourceDomain ?? '', entry.feedTitle].join('\n').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** Tags across the digest, most used first. */
export function tagCounts(entries: DigestEntry[]): { tag: string; count: number }[] {
  const counts = new Map<string, { tag: string; count: number }>();
  for (const entry of entries) {
    for (const tag of entry.article.tags) {
      const key = tag.toLowerCase();
      const current = counts.get(key) ?? { tag, count: 0 };
      current.count++;
      counts.set(key, current);
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

export type FeedHealth = {
  feedId: string;
  title: string;
  url: string;
  demo: boolean;
  paused: boolean;
  /** The feed's own check interval, when it has one. */
  pollMinutes?: number;
  articleCount: number;
  /** Roughly what the feed's kept posts take in storage. */
  bytes: number;
  lastSuccessAt?: number;
  error?: FeedError & { at: number };
  failingSince?: number;
  /** When a failing feed is tried again (its backoff, or the server's Retry-After). */
  nextAttemptAt?: number;
  /** Items the last good fetch skipped, with reasons. */
  problems: { item: string; reason: string }[];
};

export function feedHealth(feeds: FeedConfig[], cache: FeedCache): FeedHealth[] {
  return feeds.map((feed) => {
    const state = cache[feed.id];
    return {
      feedId: feed.id,
      title: feedDisplayName(feed, state?.info?.title),
      url: feed.url,
      demo: !!feed.demo,
      paused: !!feed.paused,
      pollMinutes: feed.pollMinutes,
      articleCount: state?.count ?? 0,
      bytes: state?.bytes ?? 0,
      lastSuccessAt: state?.lastSuccessAt,
      error: state?.error,
      failingSince: state?.failingSince,
      nextAttemptAt: state?.error ? state.nextAttemptAt : undefined,
      problems: state?.problems ?? [],
    };
  });
}
