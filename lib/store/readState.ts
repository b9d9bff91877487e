import { z } from 'zod';
import type { Article } from '../feed/article';
import { defineValidatedItem } from './validatedItem';

/**
 * `seen`: shown in the popup at least once (not counted by the badge).
 * `read`: opened, or marked read. Both hold article keys (see `articleKey`).
 * `before`: per feed, posts published before this time (undated ones too) count as seen and read. A feed's first
 *   sync sets it (a week before that sync): a 5,000-post archive costs one number, not 5,000 keys to read on every
 *   popup opening.
 * `unread`: posts covered by `before` that the reader marked unread again.
 * `before` and `unread` are optional additions that earlier data satisfies as it is (so still version 1).
 */
export const ReadStateSchema = z.object({
  seen: z.array(z.string()),
  read: z.array(z.string()),
  before: z.record(z.string(), z.number()).optional(),
  unread: z.array(z.string()).optional(),
});
export type ReadState = z.infer<typeof ReadStateSchema>;

export const readStateItem = defineValidatedItem('local:readState', ReadStateSchema, {
  fallback: () => ({ seen: [], read: [] }),
  version: 1,
});

/** Article ids are unique only within a feed. */
export function articleKey(feedId: string, articleId: string): string {
  return `${feedId} ${articleId}`;
}

export type ReadMarks = {
  isSeen(feedId: string, article: Pick<Article, 'id' | 'publishedAt' | 'modifiedAt'>): boolean;
  isRead(feedId: string, article: Pick<Article, 'id' | 'publishedAt' | 'modifiedAt'>): boolean;
};

/** Fast questions about one read state (sets built once, for checking thousands of posts). */
export function readMarks(state: ReadState): ReadMarks {
  const seen = new Set(state.seen);
  const read = new Set(state.read);
  const unread = new Set(state.unread ?? []);
  const before = state.before ?? {};
  const covered = (feedId: string, article: Pick<Article, 'publishedAt' | 'modifiedAt'>) => {
    const cutoff = before[feedId];
    return cutoff !== undefined && (article.publishedAt ?? article.modifiedAt ?? Number.NEGATIVE_INFINITY) < cutoff;
  };
  return {
    isSeen: (feedId, article) => seen.has(articleKey(feedId, article.id)) || covered(feedId, article),
    isRead: (feedId, article) => {
      const key = articleKey(feedId, article.id);
      return read.has(key) || (covered(feedId, article) && !unread.has(key));
    },
  };
}
