import { browser } from 'wxt/browser';
import { feedKeyOf, marksKey } from '../store/feedStore';
import {
  markerOf,
  sameMarks,
  splitArticleKey,
  withAllRead,
  withAllSeen,
  withReadMarks,
  withSyncedState,
  type FeedMarks,
} from '../store/marks';
import { parseMarks } from '../store/storedMarks';
import { serialized } from '../store/serialize';
import { INDEX_KEY, parseIndex, type StoreIndex } from '../store/storeIndex';
import {
  emptySyncedState,
  withAllReadUpTo,
  withExplicitMarks,
  withSeenUpTo,
  type SyncedFeedState,
} from '../store/syncedReadState';
import { indexEntry, readSnapshot } from './commit';
import { sameData } from './feedState';
import { noteReadStateChanged } from './readStateSync';

// What the reader does with posts: seen (the popup showed them), read, unread. Each is one serialized step that
// writes the marks of the feeds it touches and the index, never a post. Each also moves the feed's synced read
// state (published times and post hashes), which ./readStateSync.ts sends to the reader's other browsers.

/** Arrival numbers per feed: "everything up to here", as the page that asked saw it. */
export type UpTo = Record<string, number>;

async function readMarksAndIndex(feedIds: string[]): Promise<{ marks: Map<string, FeedMarks>; index: StoreIndex }> {
  const raw = await browser.storage.local.get([...feedIds.map(marksKey), INDEX_KEY]);
  const marks = new Map(feedIds.map((id) => [id, parseMarks(raw[marksKey(id)], marksKey(id))]));
  return { marks, index: parseIndex(raw[INDEX_KEY]) };
}

/** How "seen all" and "read all" move a feed's synced state, up to its newest published time. */
type SyncedChange = (state: SyncedFeedState, newest: number) => SyncedFeedState;

/**
 * Moves the marks of `feedIds` with `change` (up to each feed's arrival number in `upTo`, else its newest), sets
 * their unseen counts to 0 and drops their pending announcements: what the reader has seen needs no notification.
 * The synced state moves only when the page saw the feed's newest post: it speaks in published times, and "up to
 * an older arrival" has no published time to say it with.
 */
function markFeeds(
  feedIds: string[],
  upTo: UpTo | undefined,
  change: (marks: FeedMarks, seq: number) => FeedMarks,
  syncedChange: SyncedChange,
) {
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
      let after = change(before, seq);
      if (seq === entry.seq && entry.newest !== undefined) {
        after = withSyncedState(after, syncedChange(before.synced ?? emptySyncedState(), entry.newest), entry.seq);
      }
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
    return changedFeeds(values);
  }).then(noteReadStateChanged);
}

export const markAllSeen = (feedIds: string[], upTo?: UpTo) => markFeeds(feedIds, upTo, withAllSeen, withSeenUpTo);
export const markAllRead = (feedIds: string[], upTo?: UpTo, now = Date.now()) =>
  markFeeds(feedIds, upTo, withAllRead, (state, newest) => withAllReadUpTo(state, newest, now));

/** Marks posts (by `articleKey`) read or unread. */
export function setRead(keys: string[], read: boolean, now = Date.now()) {
  const byFeed = new Map<string, string[]>();
  for (const key of keys) {
    const parts = splitArticleKey(key);
    if (parts) byFeed.set(parts.feedId, [...(byFeed.get(parts.feedId) ?? []), parts.articleId]);
  }
  return serialized(async () => {
    const values: Record<string, unknown> = {};
    let index: StoreIndex | undefined;
    for (const [feedId, ids] of byFeed) {
      // The feed's posts (from the worker's memory when it holds them), for the published times the synced marks
      // carry. Marking is one reader's click: one feed, a few posts.
      const snapshot = await readSnapshot(feedId);
      const { view, marks: before } = snapshot;
      index ??= snapshot.index;
      const wanted = new Set(ids);
      const posts = (view?.articles ?? [])
        .filter((post) => wanted.has(post.id))
        .map((post) => ({ id: post.id, published: post.publishedAt ?? post.modifiedAt }));
      const synced = withExplicitMarks(before.synced ?? emptySyncedState(), posts, read, now);
      const after = withSyncedState(withReadMarks(before, ids, read), synced, view?.seq ?? 0);
      if (sameMarks(before, after)) continue;
      values[marksKey(feedId)] = after;
      // A post read is no longer new: it leaves the feed's unseen count (the badge) and the announcements.
      if (view && index.feeds[feedId]) {
        const entry = indexEntry(view, after, snapshot.hides);
        const marker = markerOf(after);
        const pending = index.pending.filter((post) => post.feedId !== feedId || !marker.isSeen(post));
        if (!sameData(entry, index.feeds[feedId]) || pending.length !== index.pending.length) {
          index = { feeds: { ...index.feeds, [feedId]: entry }, pending };
          values[INDEX_KEY] = index;
        }
      }
    }
    if (Object.keys(values).length) await browser.storage.local.set(values);
    return changedFeeds(values);
  }).then(noteReadStateChanged);
}

/** The feeds whose marks a step wrote. */
function changedFeeds(values: Record<string, unknown>): string[] {
  return Object.keys(values).flatMap((key) => {
    const feedKey = feedKeyOf(key);
    return feedKey?.kind === 'marks' ? [feedKey.feedId] : [];
  });
}
