import { browser } from 'wxt/browser';
import { marksKey } from '../store/feedStore';
import { sameMarks, splitArticleKey, withAllRead, withAllSeen, withReadMarks, type FeedMarks } from '../store/marks';
import { parseMarks } from '../store/storedMarks';
import { serialized } from '../store/serialize';
import { INDEX_KEY, parseIndex, type StoreIndex } from '../store/storeIndex';

// What the reader does with posts: seen (the popup showed them), read, unread. Each is one serialized step that
// writes the marks of the feeds it touches and the index, never a post.

/** Arrival numbers per feed: "everything up to here", as the page that asked saw it. */
export type UpTo = Record<string, number>;

async function readMarksAndIndex(feedIds: string[]): Promise<{ marks: Map<string, FeedMarks>; index: StoreIndex }> {
  const raw = await browser.storage.local.get([...feedIds.map(marksKey), INDEX_KEY]);
  const marks = new Map(feedIds.map((id) => [id, parseMarks(raw[marksKey(id)], marksKey(id))]));
  return { marks, index: parseIndex(raw[INDEX_KEY]) };
}

/**
 * Moves the marks of `feedIds` with `change` (up to each feed's arrival number in `upTo`, else its newest), sets
 * their unseen counts to 0 and drops their pending announcements: what the reader has seen needs no notification.
 */
function markFeeds(feedIds: string[], upTo: UpTo | undefined, change: (marks: FeedMarks, seq: number) => FeedMarks) {
  return serialized(async () => {
    const { marks, index } = await readMarksAndIndex(feedIds);
    const values: Record<string, unknown> = {};
    const feeds = { ...index.feeds };
    const touched = new Set<string>();
    for (const feedId of feedIds) {
      const entry = index.feeds[feedId];
      if (!entry) continue;
      const seq = Math.min(upTo?.[feedId] ?? entry.seq, entry.seq);
      const before = marks.get(feedId)!;
      const after = change(before, seq);
      if (!sameMarks(before, after)) values[marksKey(feedId)] = after;
      // Seen up to the newest post: none unseen. Up to an older one (a post arrived since the page looked): recount
      // later, at the next commit; until then the index keeps its count, which can only be too high, never too low.
      if (seq === entry.seq && entry.unseen !== 0) {
        feeds[feedId] = { ...entry, unseen: 0 };
        touched.add(feedId);
      }
    }
    const pending = index.pending.filter(
      (post) => !(feedIds.includes(post.feedId) && post.seq <= (upTo?.[post.feedId] ?? Infinity)),
    );
    if (touched.size || pending.length !== index.pending.length) values[INDEX_KEY] = { feeds, pending };
    if (Object.keys(values).length) await browser.storage.local.set(values);
  });
}

export const markAllSeen = (feedIds: string[], upTo?: UpTo) => markFeeds(feedIds, upTo, withAllSeen);
export const markAllRead = (feedIds: string[], upTo?: UpTo) => markFeeds(feedIds, upTo, withAllRead);

/** Marks posts (by `articleKey`) read or unread. */
export function setRead(keys: string[], read: boolean) {
  const byFeed = new Map<string, string[]>();
  for (const key of keys) {
    const parts = splitArticleKey(key);
    if (parts) byFeed.set(parts.feedId, [...(byFeed.get(parts.feedId) ?? []), parts.articleId]);
  }
  return serialized(async () => {
    const raw = await browser.storage.local.get([...byFeed.keys()].map(marksKey));
    const values: Record<string, unknown> = {};
    for (const [feedId, ids] of byFeed) {
      const before = parseMarks(raw[marksKey(feedId)], marksKey(feedId));
      const after = withReadMarks(before, ids, read);
      if (!sameMarks(before, after)) values[marksKey(feedId)] = after;
    }
    if (Object.keys(values).length) await browser.storage.local.set(values);
  });
}
