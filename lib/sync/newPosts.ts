import type { FeedCache } from '../store/feedCache';
import { articleKey, readMarks, type ReadState } from '../store/readState';
import type { FeedConfig } from '../store/settings';

/** On a feed's first sync, posts older than this count as already seen, so nobody starts with a badge of hundreds. */
export const NEW_POST_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export function feedArticleKeys(feedId: string, cache: FeedCache): string[] {
  return (cache[feedId]?.articles ?? []).map((a) => articleKey(feedId, a.id));
}

export function allArticleKeys(feeds: FeedConfig[], cache: FeedCache): string[] {
  return feeds.flatMap((feed) => feedArticleKeys(feed.id, cache));
}

/** Keys of the followed feeds' posts not yet seen in the popup. */
export function unseenKeys(feeds: FeedConfig[], cache: FeedCache, readState: ReadState): string[] {
  const marks = readMarks(readState);
  return feeds.flatMap((feed) =>
    (cache[feed.id]?.articles ?? []).filter((a) => !marks.isSeen(feed.id, a)).map((a) => articleKey(feed.id, a.id)),
  );
}

/** The badge number: posts of the followed feeds not yet seen in the popup. */
export function countNew(feeds: FeedConfig[], cache: FeedCache, readState: ReadState): number {
  return unseenKeys(feeds, cache, readState).length;
}

/** A feed's first good sync: its posts from before the new-post window count as seen and read. */
export function withFirstSyncCutoff(readState: ReadState, feedId: string, now: number): ReadState {
  return { ...readState, before: { ...readState.before, [feedId]: now - NEW_POST_WINDOW_MS } };
}

/** Marks posts read or unread; an unread mark overrides a feed's `before` cutoff. */
export function withReadMarks(readState: ReadState, keys: string[], read: boolean): ReadState {
  const changed = new Set(keys);
  return read
    ? { ...readState, read: withKeys(readState.read, keys), unread: (readState.unread ?? []).filter((k) => !changed.has(k)) }
    : { ...readState, read: readState.read.filter((k) => !changed.has(k)), unread: withKeys(readState.unread ?? [], keys) };
}

/**
 * Everything the followed feeds hold now counts as seen and read. By key, not by a date cutoff: a post that arrives
 * later may carry an earlier date, and the reader has not seen it.
 */
export function withAllRead(readState: ReadState, feeds: FeedConfig[], cache: FeedCache): ReadState {
  const keys = allArticleKeys(feeds, cache);
  const all = new Set(keys);
  return {
    ...readState,
    seen: withKeys(readState.seen, keys),
    read: withKeys(readState.read, keys),
    ...(readState.unread && { unread: readState.unread.filter((k) => !all.has(k)) }),
  };
}

/** Read state without keys of posts we no longer hold, so it cannot grow without bound. */
export function pruneReadState(readState: ReadState, liveKeys: Iterable<string>, liveFeedIds?: Iterable<string>): ReadState {
  const live = new Set(liveKeys);
  const feeds = liveFeedIds ? new Set(liveFeedIds) : undefined;
  return {
    seen: readState.seen.filter((k) => live.has(k)),
    read: readState.read.filter((k) => live.has(k)),
    ...(readState.before && { before: Object.fromEntries(Object.entries(readState.before).filter(([id]) => !feeds || feeds.has(id))) }),
    ...(readState.unread && { unread: readState.unread.filter((k) => live.has(k)) }),
  };
}

export function withKeys(list: string[], keys: Iterable<string>): string[] {
  const set = new Set(list);
  for (const key of keys) set.add(key);
  return [...set];
}
