import { z } from 'zod';
import { defineValidatedItem } from './validatedItem';

/**
 * `seen`: shown in the popup at least once (not counted by the badge).
 * `read`: opened, or marked read. Both hold article keys (see `articleKey`).
 */
export const ReadStateSchema = z.object({ seen: z.array(z.string()), read: z.array(z.string()) });
export type ReadState = z.infer<typeof ReadStateSchema>;

export const readStateItem = defineValidatedItem('local:readState', ReadStateSchema, {
  fallback: () => ({ seen: [], read: [] }),
  version: 1,
});

/** Article ids are unique only within a feed. */
export function articleKey(feedId: string, articleId: string): string {
  return `${feedId} ${articleId}`;
}
