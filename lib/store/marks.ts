import { z } from 'zod/mini';
import type { Article } from '../feed/article';
import {
  floorOf,
  salvageSyncedState,
  SyncedFeedStateSchema,
  syncedMarkerOf,
  type SyncedFeedState,
} from './syncedReadState';

/**
 * What the reader has seen and read in one feed (pure rules; reading a stored value is ./storedMarks.ts), stored under `marks:<id>` beside the feed's posts. Mostly
 * watermarks, so the whole archive costs a few numbers instead of a key per post:
 *
 * - `seenSeq` / `readSeq`: posts that arrived at or before this arrival number (`StoredArticle.seq`) count as seen /
 *   read. Opening the popup moves `seenSeq` up; "mark all read" moves both. Arrival numbers, not dates: a post that
 *   arrives late with an old date has not been seen, and a clock that jumps cannot move a watermark.
 * - `before`: the feed's first sync counts posts published before this time (a week before it) as seen and read.
 * - `seen`, `read`: posts seen or read one by one, above the watermarks (post ids).
 * - `unread`: posts the reader marked unread again although a watermark or `before` covers them.
 * - `synced`: what every browser of the reader knows, merged (./syncedReadState.ts). It adds seen and read posts (its
 *   seen list names the recent ones, whenever they arrive here), and its explicit marks, the newest anywhere, decide
 *   over the local ones.
 * - `syncedUpTo`: the feed's arrival number here when the synced seen / read watermark (up to its floor) last moved.
 *   A synced watermark covers only posts that had arrived by then, so a post that arrives later is new even when it
 *   is dated before the watermark, as the local watermarks judge it, unless the seen list names it.
 */
export const FeedMarksSchema = z.object({
  seenSeq: z.int().check(z.nonnegative()),
  readSeq: z.int().check(z.nonnegative()),
  before: z.optional(z.number()),
  seen: z.array(z.string()),
  read: z.array(z.string()),
  unread: z.array(z.string()),
  synced: z.optional(SyncedFeedStateSchema),
  syncedUpTo: z.optional(z.object({ seen: z.int().check(z.nonnegative()), read: z.int().check(z.nonnegative()) })),
});
export type FeedMarks = z.infer<typeof FeedMarksSchema>;
/** Feed id → its marks. */
export type Marks = Record<string, FeedMarks>;

export function emptyMarks(): FeedMarks {
  return { seenSeq: 0, readSeq: 0, seen: [], read: [], unread: [] };
}

/**
 * Marks that failed their schema, kept field by field: a field that still validates is kept as it is, a list keeps
 * its ids, a synced state what of it still holds (./syncedReadState.ts `salvageSyncedState`). Only what is beyond
 * saving falls back to empty, so a bad value in one field never costs the reader the others.
 */
export function salvageMarks(raw: unknown): FeedMarks {
  const marks = emptyMarks();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return marks;
  const value = raw as Record<string, unknown>;
  const shape = FeedMarksSchema.shape;
  const field = <K extends keyof FeedMarks>(key: K): FeedMarks[K] | undefined => {
    const parsed = shape[key].safeParse(value[key]);
    return parsed.success ? (parsed.data as FeedMarks[K]) : undefined;
  };
  const ids = (x: unknown) => (Array.isArray(x) ? x.filter((id): id is string => typeof id === 'string') : []);
  const count = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? Math.max(0, Math.floor(x)) : 0);
  marks.seenSeq = field('seenSeq') ?? count(value.seenSeq);
  marks.readSeq = field('readSeq') ?? count(value.readSeq);
  const before = field('before');
  if (before !== undefined) marks.before = before;
  marks.seen = ids(value.seen);
  marks.read = ids(value.read);
  marks.unread = ids(value.unread);
  const synced = field('synced') ?? salvageSyncedState(value.synced);
  if (synced) marks.synced = synced;
  const upTo = field('syncedUpTo');
  if (upTo) marks.syncedUpTo = upTo;
  else if (value.syncedUpTo && typeof value.syncedUpTo === 'object') {
    const { seen, read } = value.syncedUpTo as Record<string, unknown>;
    marks.syncedUpTo = { seen: count(seen), read: count(read) };
  }
  return marks;
}

/** Article ids are unique only within a feed: the popup and messages name a post by feed and id. */
export function articleKey(feedId: string, articleId: string): string {
  return `${feedId} ${articleId}`;
}

/** `articleKey` backwards; undefined for a key that names no feed. */
export function splitArticleKey(key: string): { feedId: string; articleId: string } | undefined {
  const space = key.indexOf(' ');
  return space > 0 ? { feedId: key.slice(0, space), articleId: key.slice(space + 1) } : undefined;
}

type Post = Pick<Article, 'id' | 'publishedAt' | 'modifiedAt'> & { seq: number };

export type FeedMarker = { isSeen(post: Post): boolean; isRead(post: Post): boolean };

/** Fast questions about one feed's marks (sets built once, for checking thousands of posts). */
export function markerOf(marks: FeedMarks): FeedMarker {
  const seen = new Set(marks.seen);
  const read = new Set(marks.read);
  const unread = new Set(marks.unread);
  const covered = (post: Post) =>
    marks.before !== undefined && (post.publishedAt ?? post.modifiedAt ?? Number.NEGATIVE_INFINITY) < marks.before;
  const isSeen = (post: Post) => post.seq <= marks.seenSeq || seen.has(post.id) || covered(post);
  const isRead = (post: Post) =>
    read.has(post.id) || ((post.seq <= marks.readSeq || covered(post)) && !unread.has(post.id));
  if (!marks.synced) return { isSeen, isRead };
  const synced = syncedMarkerOf(marks.synced);
  const upTo = marks.syncedUpTo ?? { seen: 0, read: 0 };
  const published = (post: Post) => post.publishedAt ?? post.modifiedAt;
  return {
    isSeen: (post) => isSeen(post) || synced.isSeen(post.id, published(post), post.seq <= upTo.seen),
    isRead: (post) => synced.readVerdict(post.id, published(post), post.seq <= upTo.read) ?? isRead(post),
  };
}

/**
 * Posts of a feed the reader has not seen yet and the rules do not hide (`hidden`, lib/rules): the feed's share of
 * the badge. The rules are asked only about unseen posts.
 */
export function countUnseen<P extends Post>(marks: FeedMarks, posts: P[], hidden?: (post: P) => boolean): number {
  const marker = markerOf(marks);
  let count = 0;
  for (const post of posts) if (!marker.isSeen(post) && !hidden?.(post)) count++;
  return count;
}

/** Everything that arrived up to `seq` is seen (the popup shows it). */
export function withAllSeen(marks: FeedMarks, seq: number): FeedMarks {
  return { ...marks, seenSeq: Math.max(marks.seenSeq, seq), seen: [] };
}

/** Everything that arrived up to `seq` is seen and read, including posts marked unread before. */
export function withAllRead(marks: FeedMarks, seq: number): FeedMarks {
  return {
    ...marks,
    seenSeq: Math.max(marks.seenSeq, seq),
    readSeq: Math.max(marks.readSeq, seq),
    seen: [],
    read: [],
    unread: [],
  };
}

/** Marks posts (by id) read or unread; an unread mark overrides a watermark and `before`. */
export function withReadMarks(marks: FeedMarks, ids: string[], read: boolean): FeedMarks {
  const changed = new Set(ids);
  return read
    ? { ...marks, read: union(marks.read, ids), unread: marks.unread.filter((id) => !changed.has(id)) }
    : { ...marks, read: marks.read.filter((id) => !changed.has(id)), unread: union(marks.unread, ids) };
}

/** A feed's first good sync: its posts from before the new-post window count as seen and read. */
export function withFirstSyncCutoff(marks: FeedMarks, cutoff: number): FeedMarks {
  return { ...marks, before: cutoff };
}

/**
 * Marks with a new synced state; `feedSeq` is the feed's newest arrival number here, which a synced watermark that
 * moved now covers up to.
 */
export function withSyncedState(marks: FeedMarks, synced: SyncedFeedState, feedSeq: number): FeedMarks {
  const before = marks.synced;
  const upTo = marks.syncedUpTo ?? { seen: 0, read: 0 };
  // The watermarks as they judge posts: up to the floor (./syncedReadState.ts).
  const seenBy = (state: SyncedFeedState | undefined) => (state ? Math.min(state.s, floorOf(state)) : 0);
  const readBy = (state: SyncedFeedState | undefined) => (state ? Math.min(state.r, floorOf(state)) : 0);
  return {
    ...marks,
    synced,
    syncedUpTo: {
      seen: seenBy(synced) > seenBy(before) ? Math.max(upTo.seen, feedSeq) : upTo.seen,
      read: readBy(synced) > readBy(before) ? Math.max(upTo.read, feedSeq) : upTo.read,
    },
  };
}

/** Marks without ids of posts the feed no longer keeps, so they cannot grow without bound. */
export function prunedMarks(marks: FeedMarks, liveIds: ReadonlySet<string>): FeedMarks {
  const keep = (ids: string[]) => ids.filter((id) => liveIds.has(id));
  // The synced marks are hashes, bounded on their own (capMarks): they stay for the other browsers.
  return { ...marks, seen: keep(marks.seen), read: keep(marks.read), unread: keep(marks.unread) };
}

export function sameMarks(a: FeedMarks, b: FeedMarks): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function union(list: string[], more: Iterable<string>): string[] {
  const set = new Set(list);
  for (const id of more) set.add(id);
  return [...set];
}
