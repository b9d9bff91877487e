import type { FeedCache } from '../store/feedCache';
import { articleKey, type ReadState } from '../store/readState';
import type { FeedConfig } from '../store/settings';

/** On a feed's first sync, posts older than this count as already seen, so nobody starts with a badge of hundreds. */
export const NEW_POST_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export function feedArticleKeys(feedId: string, cache: FeedCache): string[] {
  return (cache[feedId]?.articles ?? []).map((a) => articleKey(feedId, a.id));
}

export function allArticleKeys(feeds: FeedConfig[], cache: FeedCache): string[] {
  return feeds.flatMap((feed) => feedArticleKeys(feed.id, cache));
}

/** Keys of a feed's posts published before the new-post window (undated posts count as old). */
export function keysBeforeWindow(feedId: string, cache: FeedCache, now: number): string[] {
  return (cache[feedId]?.articles ?? [])
    .filter((a) => (a.publishedAt ?? a.modifiedAt ?? 0) < now - NEW_POST_WINDOW_MS)
    .map((a) => articleKey(feedId, a.id));
}

/** The badge number: posts of the followed feeds not yet seen in the popup. */
export function countNew(feeds: FeedConfig[], cache: FeedCache, readState: ReadState): number {
  const seen = new Set(readState.seen);
  return allArticleKeys(feeds, cache).filter((key) => !seen.has(key)).length;
}

/** Read state without keys of posts we no longer hold, so it cannot grow without bound. */
export function pruneReadState(readState: ReadState, liveKeys: Iterable<string>): ReadState {
  const live = new Set(liveKeys);
  return { seen: readState.seen.filter((k) => live.has(k)), read: readState.read.filter((k) => live.has(k)) };
}

export function withKeys(list: string[], keys: Iterable<string>): string[] {
  const set = new Set(list);
  for (const key of keys) set.add(key);
  return [...set];
}
