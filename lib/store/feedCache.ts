import { z } from 'zod';
import { ArticleSchema, compareNewestFirst, FeedErrorSchema, FeedInfoSchema, ItemProblemSchema } from '../feed/article';
import { defineValidatedItem } from './validatedItem';

/** What we last knew about one feed: its last good articles survive any later failure. */
export const FeedStateSchema = z.object({
  info: FeedInfoSchema.optional(),
  articles: z.array(ArticleSchema),
  problems: z.array(ItemProblemSchema),
  validators: z.object({ etag: z.string().optional(), lastModified: z.string().optional() }),
  lastSuccessAt: z.number().optional(),
  /** When the articles last changed. */
  lastChangeAt: z.number().optional(),
  error: FeedErrorSchema.extend({ at: z.number() }).optional(),
  /** When the current run of failures began. */
  failingSince: z.number().optional(),
  /** Failures in a row (0 or absent when healthy): drives the backoff. */
  failureCount: z.number().optional(),
  /** Do not fetch before this time, unless the user asks: backoff after failures, or a server's Retry-After. */
  nextAttemptAt: z.number().optional(),
});
export type FeedState = z.infer<typeof FeedStateSchema>;

export const FeedCacheSchema = z.record(z.string(), FeedStateSchema);
export type FeedCache = z.infer<typeof FeedCacheSchema>;

/**
 * Stored shapes:
 * - v1: as v2, but a server's Retry-After was kept as `retryAfter` and failures had no count or backoff.
 * - v2: `retryAfter` becomes `nextAttemptAt` (which now also carries the backoff), `failureCount` added;
 *   `Article.attachments` and `FeedError.discovered` are optional additions that v1 data satisfies as it is.
 */
export const FEED_CACHE_VERSION = 2;

export const feedCacheMigrations: Record<number, (old: any) => any> = {
  2: migrateFeedCacheV1toV2,
};

export function migrateFeedCacheV1toV2(old: unknown): unknown {
  if (!old || typeof old !== 'object' || Array.isArray(old)) return old;
  return Object.fromEntries(
    Object.entries(old as Record<string, unknown>).map(([id, state]) => {
      if (!state || typeof state !== 'object') return [id, state];
      const { retryAfter, ...rest } = state as Record<string, unknown>;
      const failing = rest.error !== undefined && rest.error !== null;
      return [
        id,
        {
          ...rest,
          ...(typeof retryAfter === 'number' ? { nextAttemptAt: retryAfter } : {}),
          ...(failing ? { failureCount: 1 } : {}),
        },
      ];
    }),
  );
}

export const feedCacheItem = defineValidatedItem('local:feedCache', FeedCacheSchema, {
  fallback: () => ({}),
  version: FEED_CACHE_VERSION,
  migrations: feedCacheMigrations,
});

/**
 * The newest HEAD_POSTS_PER_FEED posts of each feed, kept beside the full cache: the popup paints from this small
 * item at once and swaps in the full cache when it has loaded, so 5,000 cached posts do not delay the first card.
 * Written with the full cache (`writeFeedCache`); a derived copy, so it needs no migrations of its own.
 */
export const HEAD_POSTS_PER_FEED = 40;
export const feedCacheHeadItem = defineValidatedItem('local:feedCacheHead', FeedCacheSchema, {
  fallback: () => ({}),
  version: 1,
});

export function headOfCache(cache: FeedCache): FeedCache {
  return Object.fromEntries(
    Object.entries(cache).map(([feedId, state]) => [
      feedId,
      { ...state, articles: [...state.articles].sort(compareNewestFirst).slice(0, HEAD_POSTS_PER_FEED) },
    ]),
  );
}

/** When each feed was last checked, 304s included. Session storage, so a check that changes nothing writes nothing to disk. */
export const lastCheckedItem = defineValidatedItem('session:lastChecked', z.record(z.string(), z.number()), {
  fallback: () => ({}),
  version: 1,
});

export function emptyFeedState(): FeedState {
  return { articles: [], problems: [], validators: {} };
}

/** Posts per feed that quota pruning never removes: each feed keeps its recent history. */
export const PRUNE_KEEP_PER_FEED = 50;

/**
 * Frees space in the article cache: drops the oldest `fraction` of all cached posts across feeds (by date;
 * undated posts count as oldest), never a feed's newest PRUNE_KEEP_PER_FEED. Settings and read state live in
 * their own items and are never touched. Returns the same object when nothing can be dropped.
 */
export function pruneOldestArticles(cache: FeedCache, fraction = 0.25): FeedCache {
  const candidates: { feedId: string; id: string; time: number }[] = [];
  for (const [feedId, state] of Object.entries(cache)) {
    const sorted = [...state.articles].sort((a, b) => time(b) - time(a));
    for (const article of sorted.slice(PRUNE_KEEP_PER_FEED)) candidates.push({ feedId, id: article.id, time: time(article) });
  }
  if (!candidates.length) return cache;
  const total = Object.values(cache).reduce((n, s) => n + s.articles.length, 0);
  const dropCount = Math.min(candidates.length, Math.max(1, Math.ceil(total * fraction)));
  candidates.sort((a, b) => a.time - b.time);
  const drop = new Map<string, Set<string>>();
  for (const c of candidates.slice(0, dropCount)) {
    if (!drop.has(c.feedId)) drop.set(c.feedId, new Set());
    drop.get(c.feedId)!.add(c.id);
  }
  return Object.fromEntries(
    Object.entries(cache).map(([feedId, state]) => {
      const ids = drop.get(feedId);
      return [feedId, ids ? { ...state, articles: state.articles.filter((a) => !ids.has(a.id)) } : state];
    }),
  );
}

function time(article: { publishedAt?: number; modifiedAt?: number }): number {
  return article.publishedAt ?? article.modifiedAt ?? Number.NEGATIVE_INFINITY;
}

export function isQuotaError(error: unknown): boolean {
  return /quota/i.test(String((error as Error)?.message ?? error));
}

/**
 * Writes the article cache; when storage is full, prunes the oldest posts (see `pruneOldestArticles`) and tries
 * again, a few times. Returns how many posts were pruned. Errors other than quota errors are rethrown.
 */
export async function writeFeedCache(
  cache: FeedCache,
  set: (value: FeedCache) => Promise<void> = feedCacheItem.set,
  setHead: (value: FeedCache) => Promise<void> = feedCacheHeadItem.set,
): Promise<number> {
  const before = Object.values(cache).reduce((n, s) => n + s.articles.length, 0);
  let value = cache;
  for (let attempt = 0; ; attempt++) {
    try {
      await set(value);
      await setHead(headOfCache(value));
      return before - Object.values(value).reduce((n, s) => n + s.articles.length, 0);
    } catch (error) {
      if (!isQuotaError(error) || attempt >= 6) throw error;
      const pruned = pruneOldestArticles(value);
      if (pruned === value) throw error;
      console.warn('AI Safety Brief: storage is full; pruned the oldest cached posts.');
      value = pruned;
    }
  }
}
