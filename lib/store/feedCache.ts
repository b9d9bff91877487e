import { z } from 'zod';
import { ArticleSchema, FeedErrorSchema, FeedInfoSchema, ItemProblemSchema } from '../feed/article';
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
  /** Do not fetch before this time (a server's Retry-After). */
  retryAfter: z.number().optional(),
});
export type FeedState = z.infer<typeof FeedStateSchema>;

export const FeedCacheSchema = z.record(z.string(), FeedStateSchema);
export type FeedCache = z.infer<typeof FeedCacheSchema>;

export const feedCacheItem = defineValidatedItem('local:feedCache', FeedCacheSchema, {
  fallback: () => ({}),
  version: 1,
});

/** When each feed was last checked, 304s included. Session storage, so a check that changes nothing writes nothing to disk. */
export const lastCheckedItem = defineValidatedItem('session:lastChecked', z.record(z.string(), z.number()), {
  fallback: () => ({}),
  version: 1,
});

export function emptyFeedState(): FeedState {
  return { articles: [], problems: [], validators: {} };
}
