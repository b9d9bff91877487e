import { z } from 'zod/mini';
import { hash53 } from '../feed/hash';

// Read state that follows the reader across browsers, through `storage.sync` (pure rules; the background's side is
// lib/sync/readStateSync.ts). Arrival numbers are local to one browser, so what is synced speaks in published times
// and in hashes of post ids, which two browsers that fetched the same feed agree on. Nothing else leaves the
// machine: no title, no address, no id in clear.
//
// One feed's synced state:
// - `s`: every post published at or before `s` (whole seconds) is seen;
// - `r`: every post published at or before `r` is read, unless a newer explicit mark says otherwise;
// - `t`: when `r` last moved ("mark all read"): an explicit mark made before `t` on a post under `r` is overridden;
// - `e`: explicit marks, one per post: `<hash>.<published>.<made at>.<1 read | 0 unread>` (numbers in base 36).
//
// Merged as a join: watermarks take the later value, and per post the later explicit mark wins (on a tie, "read").
// So two browsers converge whatever the order in which they see each other's writes, and a merge never turns a
// read post unread. The one exception is the reader's own "mark unread": it wins over every read mark made before
// it, anywhere, and loses to any later read mark of that post and to any later "mark all read" of its feed.
//
// Bounded: when the explicit marks outgrow their room, the oldest (by published time) are folded into the read
// watermark. That can turn an old unread post read, never the other way round.

export type SyncedFeedState = { s: number; r: number; t: number; e: string[] };

export type ExplicitMark = { pub: number; at: number; read: boolean };

const ENTRY = /^[0-9a-z]{1,10}\.[0-9a-z]{1,8}\.[0-9a-z]{1,8}\.[01]$/;
const seconds = z.int().check(z.nonnegative(), z.maximum(1e11));

export const SyncedFeedStateSchema = z.object({
  s: seconds,
  r: seconds,
  t: seconds,
  e: z.array(z.string()).check(z.maxLength(5000)),
});

export function emptySyncedState(): SyncedFeedState {
  return { s: 0, r: 0, t: 0, e: [] };
}

/** Whole seconds of a time in milliseconds (undefined stays undefined: a post without dates). */
export const toSeconds = (ms: number | undefined) =>
  ms === undefined ? undefined : Math.max(0, Math.floor(ms / 1000));

/**
 * A post's key as synced: 40 bits of a 53-bit hash of its id, in base 36 (8 characters). Within one feed's 5,000
 * posts the chance that two share a hash is about one in 100,000; a collision marks one extra post.
 */
export function postHash(articleId: string): string {
  return (hash53(articleId) % 2 ** 40).toString(36).padStart(8, '0');
}

export function decodeMarks(state: SyncedFeedState): Map<string, ExplicitMark> {
  const marks = new Map<string, ExplicitMark>();
  for (const entry of state.e) {
    if (!ENTRY.test(entry)) continue; // a malformed mark is dropped alone
    const [hash, pub, at, flag] = entry.split('.') as [string, string, string, string];
    const mark = { pub: parseInt(pub, 36), at: parseInt(at, 36), read: flag === '1' };
    const other = marks.get(hash);
    if (!other || wins(mark, other)) marks.set(hash, mark);
  }
  return marks;
}

function encodeMark(hash: string, mark: ExplicitMark): string {
  return `${hash}.${mark.pub.toString(36)}.${mark.at.toString(36)}.${mark.read ? 1 : 0}`;
}

/** The later mark wins; on a tie, "read" (a merge never makes a post unread by chance). */
function wins(a: ExplicitMark, b: ExplicitMark): boolean {
  if (a.at !== b.at) return a.at > b.at;
  if (a.read !== b.read) return a.read;
  return a.pub > b.pub;
}

/** A mark the read watermark already decides: the post is under `r` and the mark is older than the last move. */
const overridden = (mark: ExplicitMark, state: Pick<SyncedFeedState, 'r' | 't'>) =>
  mark.pub <= state.r && mark.at <= state.t;

/** The canonical form: `s` covers `r`, no overridden mark, marks sorted by hash (equal states, equal JSON). */
function normalised(watermarks: Omit<SyncedFeedState, 'e'>, marks: Map<string, ExplicitMark>): SyncedFeedState {
  const state = { ...watermarks, s: Math.max(watermarks.s, watermarks.r) };
  const kept = [...marks].filter(([, mark]) => !overridden(mark, state));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { ...state, e: kept.map(([hash, mark]) => encodeMark(hash, mark)) };
}

/** The join of two states: what both browsers know. Commutative, associative and idempotent. */
export function joinStates(a: SyncedFeedState, b: SyncedFeedState): SyncedFeedState {
  const marks = decodeMarks(a);
  for (const [hash, mark] of decodeMarks(b)) {
    const other = marks.get(hash);
    if (!other || wins(mark, other)) marks.set(hash, mark);
  }
  return normalised({ s: Math.max(a.s, b.s), r: Math.max(a.r, b.r), t: Math.max(a.t, b.t) }, marks);
}

/**
 * At most `limit` explicit marks: the oldest (by published time) are folded into the read watermark. Every mark on a
 * post under the new watermark goes with them (so old "unread" marks become read, never the reverse).
 */
export function capMarks(state: SyncedFeedState, limit: number): SyncedFeedState {
  return state.e.length <= limit ? state : capperOf(state)(limit);
}

/** `capMarks` for one state and many limits (a shard looking for the number that fits): decodes and sorts once. */
export function capperOf(state: SyncedFeedState): (limit: number) => SyncedFeedState {
  const marks = decodeMarks(state);
  const byAge = [...marks.values()].sort((a, b) => a.pub - b.pub);
  return (limit) => {
    if (byAge.length <= limit) return state;
    const r = Math.max(state.r, byAge[byAge.length - limit - 1]!.pub);
    let t = state.t;
    for (const mark of byAge) if (mark.pub <= r) t = Math.max(t, mark.at);
    return normalised({ s: state.s, r, t }, marks);
  };
}

export function sameState(a: SyncedFeedState | undefined, b: SyncedFeedState | undefined): boolean {
  return JSON.stringify(a ?? emptySyncedState()) === JSON.stringify(b ?? emptySyncedState());
}

// What the reader does, as synced. `now` is in milliseconds, published times in milliseconds.

export function withSeenUpTo(state: SyncedFeedState, newestPublished: number): SyncedFeedState {
  return joinStates(state, { ...emptySyncedState(), s: toSeconds(newestPublished)! });
}

export function withAllReadUpTo(state: SyncedFeedState, newestPublished: number, now: number): SyncedFeedState {
  const r = toSeconds(newestPublished)!;
  // After every mark this browser knows of (a Lamport clock, as for explicit marks below).
  let t = Math.max(toSeconds(now)!, state.t);
  for (const mark of decodeMarks(state).values()) t = Math.max(t, mark.at);
  return joinStates(state, { s: r, r, t, e: [] });
}

/** Posts marked read or unread one by one (published times in milliseconds; a post without one counts as 0). */
export function withExplicitMarks(
  state: SyncedFeedState,
  posts: { id: string; published: number | undefined }[],
  read: boolean,
  now: number,
): SyncedFeedState {
  const earlier = decodeMarks(state);
  const e = posts.map((post) => {
    const hash = postHash(post.id);
    // A mark counts as made after everything this browser knows of (a Lamport clock): after the last "mark all
    // read" and the post's last mark, even within the same second or when another browser's clock runs ahead.
    const at = Math.max(toSeconds(now)!, state.t + 1, (earlier.get(hash)?.at ?? -1) + 1);
    return encodeMark(hash, { pub: toSeconds(post.published) ?? 0, at, read });
  });
  return joinStates(state, { s: 0, r: 0, t: 0, e });
}

/** Seen or not, and read, unread or nothing to say (`undefined`: the local marks decide). */
/**
 * What the synced state says of one post. `watermarked`: whether the synced watermarks may judge the post at all
 * (it had arrived here when they last moved; see `FeedMarks.syncedUpTo`); explicit marks judge every post.
 */
export type SyncedMarker = {
  isSeen(articleId: string, published: number | undefined, watermarked: boolean): boolean;
  readVerdict(articleId: string, published: number | undefined, watermarked: boolean): boolean | undefined;
};

export function syncedMarkerOf(state: SyncedFeedState): SyncedMarker {
  const marks = state.e.length ? decodeMarks(state) : undefined;
  const markOf = (id: string) => marks?.get(postHash(id));
  // A post without a date counts as published at time 0, as the local marks count it as published before any time.
  const under = (watermark: number, published: number | undefined) =>
    watermark > 0 && (toSeconds(published) ?? 0) <= watermark;
  return {
    isSeen(id, published, watermarked) {
      return (watermarked && under(state.s, published)) || markOf(id)?.read === true;
    },
    readVerdict(id, published, watermarked) {
      const mark = markOf(id);
      if (mark && (mark.at > state.t || !under(state.r, published))) return mark.read;
      return watermarked && under(state.r, published) ? true : undefined;
    },
  };
}
