import { z } from 'zod/mini';
import { browser } from 'wxt/browser';
import { reasonOf, setAside } from './quarantine';

/**
 * The store's compact index (`local:storeIndex`), kept in step with every write to a feed, inside the same
 * serialized step: what the badge and notifications need without reading a single post.
 *
 * - `feeds[id].unseen`: posts of the feed not yet seen (the feed's share of the badge);
 * - `feeds[id].seq`: the feed's newest arrival number (what "seen" and "read all" move the marks up to);
 * - `feeds[id].checkedAt` / `retryAt`: what a scheduled pass needs to pick the feeds that are due;
 * - `feeds[id].newest`: the newest published time among its posts (the synced read state speaks in those);
 * - `pending`: posts that arrived in scheduled syncs since the last notification, with what a notification shows.
 */
export const PendingPostSchema = z.object({
  feedId: z.string(),
  id: z.string(),
  seq: z.number(),
  /** Kept so the first-sync cutoff (`FeedMarks.before`) judges it as it judges the post. */
  publishedAt: z.optional(z.number()),
  modifiedAt: z.optional(z.number()),
  title: z.string(),
  url: z.optional(z.string()),
  /** An alert rule matched it when it arrived: announced even when its feed's notifications are off. */
  alert: z.optional(z.literal(true)),
});
export type PendingPost = z.infer<typeof PendingPostSchema>;

export const IndexEntrySchema = z.object({
  unseen: z.int().check(z.nonnegative()),
  seq: z.int().check(z.nonnegative()),
  /** The last good or failed fetch that changed the feed's record (unchanged checks are in `lastCheckedItem`). */
  checkedAt: z.optional(z.number()),
  /** A failing feed's next attempt (backoff or Retry-After). */
  retryAt: z.optional(z.number()),
  /** The newest published time among the feed's posts: how far "seen all" moves the synced watermark. */
  newest: z.optional(z.number()),
});
export type IndexEntry = z.infer<typeof IndexEntrySchema>;

export type StoreIndex = { feeds: Record<string, IndexEntry>; pending: PendingPost[] };

export const INDEX_KEY = 'storeIndex';
/** Posts waiting to be announced, at most: a notification names three and counts the rest. */
export const PENDING_LIMIT = 100;

export function emptyIndex(): StoreIndex {
  return { feeds: Object.create(null) as StoreIndex['feeds'], pending: [] };
}

/** A feed's entry, by own property only: a feed id may be any word, `constructor` included. */
export function entryOf(index: StoreIndex, feedId: string): IndexEntry | undefined {
  return Object.hasOwn(index.feeds, feedId) ? index.feeds[feedId] : undefined;
}

/** The stored index, entry by entry (a malformed entry is dropped and set aside; the background rebuilds it). */
export function parseIndex(raw: unknown): StoreIndex {
  const index = emptyIndex();
  if (!raw || typeof raw !== 'object') return index;
  const { feeds, pending } = raw as { feeds?: unknown; pending?: unknown };
  if (feeds && typeof feeds === 'object') {
    for (const [feedId, entry] of Object.entries(feeds)) {
      const parsed = IndexEntrySchema.safeParse(entry);
      if (parsed.success) index.feeds[feedId] = parsed.data;
      else setAside(INDEX_KEY, `feed ${feedId}: ${reasonOf(parsed.error, 'invalid entry')}`, entry);
    }
  }
  if (Array.isArray(pending)) {
    for (const post of pending) {
      const parsed = PendingPostSchema.safeParse(post);
      if (parsed.success) index.pending.push(parsed.data);
    }
  }
  return index;
}

export async function readIndex(): Promise<StoreIndex> {
  return parseIndex((await browser.storage.local.get(INDEX_KEY))[INDEX_KEY]);
}

/** The badge number: unseen posts of the followed feeds. */
export function unseenTotal(index: StoreIndex, feedIds: string[]): number {
  return feedIds.reduce((sum, id) => sum + (entryOf(index, id)?.unseen ?? 0), 0);
}
