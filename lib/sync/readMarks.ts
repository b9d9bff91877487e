import { browser } from 'wxt/browser';
import { setLocalValues } from '../store/feedWrites';
import {
  archiveFrom,
  feedKeyOf,
  marksKey,
  pageKey,
  pageOf,
  pagesOf,
  parseRecord,
  recordKey,
  type FeedView,
} from '../store/feedStore';
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
import { entryOf, INDEX_KEY, parseIndex, type StoreIndex } from '../store/storeIndex';
import {
  emptySyncedState,
  withAllReadUpTo,
  withExplicitMarks,
  withSeenUpTo,
  type SyncedFeedState,
  type SyncedPost,
} from '../store/syncedReadState';
import { indexEntry, readSnapshot } from './commit';
import { sameData } from './feedState';
import { noteReadStateChanged } from './readStateSync';
import { readKeys } from '../store/readKeys';

// What the reader does with posts: seen (the popup showed them), read, unread. Each is one serialized step that
// writes the marks of the feeds it touches and the index, never a post. Each also moves the feed's synced read
// state (published times and post hashes), which ./readStateSync.ts sends to the reader's other browsers.

/** Arrival numbers per feed: "everything up to here", as the page that asked saw it. */
export type UpTo = Record<string, number>;

type Snapshot = { marks: Map<string, FeedMarks>; index: StoreIndex; records: Map<string, FeedView> };

async function readMarksAndIndex(feedIds: string[]): Promise<Snapshot> {
  const raw = await readKeys(browser.storage.local, [
    ...feedIds.flatMap((id) => [marksKey(id), recordKey(id)]),
    INDEX_KEY,
  ]);
  const marks = new Map(feedIds.map((id) => [id, parseMarks(raw[marksKey(id)], marksKey(id))]));
  const records = new Map<string, FeedView>();
  for (const id of feedIds) {
    const record = parseRecord(raw[recordKey(id)], id)?.value;
    if (record) records.set(id, record);
  }
  return { marks, index: parseIndex(raw[INDEX_KEY]), records };
}

/** A range of arrival numbers: after `from`, up to and with `to`. */
type Arrivals = { from: number; to: number };

/**
 * The posts of each feed that arrived in its range, as the synced state names them: only the archive pages that
 * hold the range are read (one storage read for every feed), so the work follows what is newly seen, not the
 * archive's size. A feed without pages stored has its record's head.
 */
async function postsArrived(records: Map<string, FeedView>, ranges: Map<string, Arrivals>) {
  const keysOf = new Map<string, string[]>();
  for (const [feedId, { from, to }] of ranges) {
    const record = records.get(feedId);
    if (!record || to <= from) continue;
    const pages = pagesOf(record).filter((page) => page >= pageOf(from + 1) && page <= pageOf(to));
    keysOf.set(
      feedId,
      pages.map((page) => pageKey(feedId, page)),
    );
  }
  const allKeys = [...keysOf.values()].flat();
  const raw = await readKeys(browser.storage.local, allKeys);
  const out = new Map<string, SyncedPost[]>();
  for (const [feedId, keys] of keysOf) {
    const { from, to } = ranges.get(feedId)!;
    const found = keys.some((key) => raw[key] !== undefined);
    const posts = found ? archiveFrom(raw, keys).value : records.get(feedId)!.articles;
    out.set(
      feedId,
      posts
        .filter((post) => post.seq > from && post.seq <= to)
        .map((post) => ({ id: post.id, published: post.publishedAt ?? post.modifiedAt })),
    );
  }
  return out;
}

/**
 * How "seen all" and "read all" move a feed's synced state: the posts newly seen or read go on its seen list, and
 * its watermark moves up to its newest published time when `newest` is given.
 */
type SyncedChange = (state: SyncedFeedState, newest: number | undefined, posts: SyncedPost[]) => SyncedFeedState;

/** What "seen all" or "read all" does: to the local marks, to the synced state, and which arrivals it newly covers. */
type Step = {
  change: (marks: FeedMarks, seq: number) => FeedMarks;
  synced: SyncedChange;
  /** The arrival number up to which the marks already covered every post (seen, or read). */
  coveredUpTo: (marks: FeedMarks) => number;
};

/**
 * Moves the marks of `feedIds` with `step` (up to each feed's arrival number in `upTo`, else its newest), sets
 * their unseen counts to 0 and drops their pending announcements: what the reader has seen needs no notification.
 * The posts newly covered go on the feed's synced seen list; its synced watermark moves only when the page saw the
 * feed's newest post: it speaks in published times, and "up to an older arrival" has no published time to say it
 * with.
 */
function markFeeds(feedIds: string[], upTo: UpTo | undefined, step: Step) {
  return serialized(async () => {
    const { marks, index, records } = await readMarksAndIndex(feedIds);
    // By own property only: the page's `upTo` names feeds by id, and a feed id may be `constructor`.
    const upToOf = (feedId: string) => (upTo && Object.hasOwn(upTo, feedId) ? upTo[feedId] : undefined);
    const ranges = new Map<string, Arrivals>();
    for (const feedId of feedIds) {
      const entry = entryOf(index, feedId);
      if (!entry) continue;
      const to = Math.min(upToOf(feedId) ?? entry.seq, entry.seq);
      ranges.set(feedId, { from: step.coveredUpTo(marks.get(feedId)!), to });
    }
    const arrived = await postsArrived(records, ranges);
    const values: Record<string, unknown> = {};
    const feeds = { ...index.feeds };
    const touched = new Set<string>();
    for (const [feedId, { to: seq }] of ranges) {
      const entry = entryOf(index, feedId)!;
      const before = marks.get(feedId)!;
      let after = step.change(before, seq);
      const newest = seq === entry.seq ? entry.newest : undefined;
      const posts = arrived.get(feedId) ?? [];
      if (newest !== undefined || posts.length) {
        after = withSyncedState(after, step.synced(before.synced ?? emptySyncedState(), newest, posts), entry.seq);
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
      (post) => !(feedIds.includes(post.feedId) && post.seq <= (upToOf(post.feedId) ?? Infinity)),
    );
    if (touched.size || pending.length !== index.pending.length) values[INDEX_KEY] = { feeds, pending };
    if (Object.keys(values).length) await setLocalValues(values);
    return changedFeeds(values);
  }).then(noteReadStateChanged);
}

export const markAllSeen = (feedIds: string[], upTo?: UpTo) =>
  markFeeds(feedIds, upTo, {
    change: withAllSeen,
    synced: (state, newest, posts) => withSeenUpTo(state, newest, posts),
    coveredUpTo: (marks) => marks.seenSeq,
  });
export const markAllRead = (feedIds: string[], upTo?: UpTo, now = Date.now()) =>
  markFeeds(feedIds, upTo, {
    change: withAllRead,
    synced: (state, newest, posts) => withAllReadUpTo(state, newest, now, posts),
    coveredUpTo: (marks) => marks.readSeq,
  });

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
      const current = entryOf(index, feedId);
      if (view && current) {
        const entry = indexEntry(view, after, snapshot.hides);
        const marker = markerOf(after);
        const pending = index.pending.filter((post) => post.feedId !== feedId || !marker.isSeen(post));
        if (!sameData(entry, current) || pending.length !== index.pending.length) {
          index = { feeds: { ...index.feeds, [feedId]: entry }, pending };
          values[INDEX_KEY] = index;
        }
      }
    }
    if (Object.keys(values).length) await setLocalValues(values);
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
