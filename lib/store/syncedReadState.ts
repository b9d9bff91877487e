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
// - `t`: when `r` last moved ("mark all read"): an explicit mark made before `t` on a post it read is overridden;
// - `e`: explicit marks, one per post: `<hash>.<published>.<made at>.<1 read | 0 unread>` (numbers in base 36);
// - `v`: the recent posts some browser showed (`<hash>.<published>.s`) or marked read with "mark all read"
//   (`<hash>.<published>.r`), the newest SEEN_LIMIT by published time. It judges a post whenever it arrives, so a
//   browser that fetched a post after another browser showed it agrees with that one;
// - `f`, the floor (absent: `s`, as every state written before the list was): the watermarks judge only posts
//   published at or before `f`, and only those that had arrived in a browser when they moved (see
//   `FeedMarks.syncedUpTo`). Above it the list alone says what was seen, so a post that reached no browser before
//   the reader looked, such as an old date published late, stays new everywhere. The floor rises to the newest post
//   the list has dropped for room: below it the watermarks judge again, as they did before the list.
//
// Merged as a join: watermarks take the later value, per post the later explicit mark wins (on a tie, "read"), and
// the lists are united (read over seen). So two browsers converge whatever the order in which they see each other's
// writes, and a merge never turns a read post unread. The one exception is the reader's own "mark unread": it wins
// over every read mark made before it, anywhere, and loses to any later read mark of that post and to any later
// "mark all read" of its feed.
//
// Bounded: when the explicit marks outgrow their room, the oldest (by published time) are folded into the read
// watermark. That can turn an old unread post read, never the other way round. The seen list keeps its newest
// entries; a post that drops off it is judged by the watermarks again.
//
// Inside the schema whatever a peer sends: every time is clamped to MAX_SECONDS, the largest the schema accepts, so
// no merge, click or fold can produce a value that would fail validation on the next read. A peer that has spent
// the whole clock leaves a tie, which "read" wins.

export type SyncedFeedState = { s: number; r: number; t: number; e: string[]; v?: string[]; f?: number };
/** The watermarks of a state, its floor made explicit. */
type Watermarks = { s: number; r: number; t: number; f: number };

export type ExplicitMark = { pub: number; at: number; read: boolean };
/** A post a browser showed (`read` false) or marked read with "mark all read" (`read` true). */
export type SeenPost = { pub: number; read: boolean };

/** The largest time (whole seconds) the schema accepts: about the year 5138. */
export const MAX_SECONDS = 1e11;
/** Explicit marks per feed, at most, as stored and as accepted from a peer. */
export const MAX_MARKS = 5000;
/** Entries of a feed's seen list kept (the newest); fitting a shard to its budget keeps fewer. */
export const SEEN_LIMIT = 500;

const ENTRY = /^[0-9a-z]{1,10}\.[0-9a-z]{1,8}\.[0-9a-z]{1,8}\.[01]$/;
const SEEN_ENTRY = /^[0-9a-z]{1,10}\.[0-9a-z]{1,8}\.[sr]$/;
const seconds = z.int().check(z.nonnegative(), z.maximum(MAX_SECONDS));

export const SyncedFeedStateSchema = z.object({
  s: seconds,
  r: seconds,
  t: seconds,
  e: z.array(z.string()).check(z.maxLength(MAX_MARKS)),
  v: z.optional(z.array(z.string()).check(z.maxLength(MAX_MARKS))),
  f: z.optional(seconds),
});

export function emptySyncedState(): SyncedFeedState {
  return { s: 0, r: 0, t: 0, e: [] };
}

/** A time in whole seconds, inside what the schema accepts. */
const clamp = (value: number) => Math.min(MAX_SECONDS, Math.max(0, Math.floor(value)));

/** Whole seconds of a time in milliseconds (undefined stays undefined: a post without dates). */
export const toSeconds = (ms: number | undefined) => (ms === undefined ? undefined : clamp(ms / 1000));

/**
 * A post's key as synced: 40 bits of a 53-bit hash of its id, in base 36 (8 characters). Within one feed's 5,000
 * posts the chance that two share a hash is about one in 100,000; a collision marks one extra post.
 */
export function postHash(articleId: string): string {
  let hash = postHashes.get(articleId);
  if (hash === undefined) {
    hash = (hash53(articleId) % 2 ** 40).toString(36).padStart(8, '0');
    if (articleId.length <= KEPT_TEXT_LENGTH) {
      if (postHashes.size >= HASHES_KEPT) postHashes.clear();
      // Kept as a copy of its own: an id the parser cut from a feed's text can be a slice of that whole text (in V8
      // a sliced string, in SpiderMonkey a dependent one), and kept as it is, it would keep the fetched document
      // alive as long as the memo. A JSON round trip parses a new string from a text of its own in every engine.
      // `structuredClone` copies too, but took 66-284 ms for 10,000 ids in an extension page, the round trip 2-14 ms;
      // a concatenation sliced back copies in V8, but SpiderMonkey can hand back the original id.
      postHashes.set(JSON.parse(JSON.stringify(articleId)) as string, hash);
    }
  }
  return hash;
}

/**
 * Post ids' hashes, and seen-list entries decoded, remembered by their text. A page rebuilds a feed's entries each
 * time the feed's marks change (the popup marks what it shows seen, so every sync changes them), and asks each
 * post's hash up to three times a rebuild: hashing and decoding ten thousand posts again made most of the popup's
 * longest task while a sync committed. Bounded for a long-lived worker, in entries and in what each keeps: past the
 * bound a memo starts over.
 */
const postHashes = new Map<string, string>();
const seenEntries = new Map<string, [hash: string, post: SeenPost] | null>();
const HASHES_KEPT = 20_000;
/**
 * Longer texts are worked out each time, never kept: a feed's ids may be up to 2,048 characters, and a memo of
 * hostile ones would hold tens of megabytes. Ids are addresses or GUIDs, well under this; a well-formed seen-list
 * entry is at most 21 characters.
 */
const KEPT_TEXT_LENGTH = 200;

export function decodeMarks(state: Pick<SyncedFeedState, 'e'>): Map<string, ExplicitMark> {
  const marks = new Map<string, ExplicitMark>();
  for (const entry of state.e) {
    if (!ENTRY.test(entry)) continue; // a malformed mark is dropped alone
    const [hash, pub, at, flag] = entry.split('.') as [string, string, string, string];
    // A peer may write eight base-36 digits, more than MAX_SECONDS: read as MAX_SECONDS, so that every mark made
    // after it can still be written.
    const mark = { pub: clamp(parseInt(pub, 36)), at: clamp(parseInt(at, 36)), read: flag === '1' };
    const other = marks.get(hash);
    if (!other || wins(mark, other)) marks.set(hash, mark);
  }
  return marks;
}

export function decodeSeen(state: Pick<SyncedFeedState, 'v'>): Map<string, SeenPost> {
  const seen = new Map<string, SeenPost>();
  for (const entry of state.v ?? []) {
    const decoded = seenEntry(entry);
    if (decoded) addSeen(seen, decoded[0], decoded[1]);
  }
  return seen;
}

/** One seen-list entry, `<hash>.<published>.<s | r>`; null when malformed (it is dropped alone). */
function seenEntry(entry: string): [hash: string, post: SeenPost] | null {
  if (entry.length > KEPT_TEXT_LENGTH) return null; // malformed: longer than any entry
  let decoded = seenEntries.get(entry);
  if (decoded === undefined) {
    if (seenEntries.size >= HASHES_KEPT) seenEntries.clear();
    decoded = null;
    if (SEEN_ENTRY.test(entry)) {
      const [hash, pub, flag] = entry.split('.') as [string, string, string];
      // Shared by every list that names the post: never changed in place (`addSeen` makes a new one).
      decoded = [hash, Object.freeze({ pub: clamp(parseInt(pub, 36)), read: flag === 'r' })];
    }
    seenEntries.set(entry, decoded);
  }
  return decoded;
}

/** One post into a seen list: read over seen, the later published time over the earlier (a join, per post). */
function addSeen(seen: Map<string, SeenPost>, hash: string, post: SeenPost): void {
  const other = seen.get(hash);
  seen.set(hash, other ? joinSeen(other, post) : post);
}

const joinSeen = (a: SeenPost, b: SeenPost): SeenPost => ({ pub: Math.max(a.pub, b.pub), read: a.read || b.read });

/**
 * A feed's seen list as one question: what it says of a post hash (as `decodeSeen(…).get(hash)`), without decoding
 * the entries of other posts. Every well-formed entry naming a hash starts with `<hash>.`, and in a list in order the
 * entries that share a prefix sit together, where a binary search finds them. A list `normalised` wrote is in order
 * (sorted by hash, and every hash character sorts after the dot); one that is not (a peer that did not sort) is
 * decoded whole. Why not decode every list whole: a page asks about the few posts it shows, and forty feeds' seen
 * lists are up to 20,000 entries, whose decoding was the largest part of the popup's own work before its first screen.
 */
function seenFinder(v: string[]): (hash: string) => SeenPost | undefined {
  for (let i = 1; i < v.length; i++) {
    if (v[i - 1]! > v[i]!) {
      const seen = decodeSeen({ v });
      return (hash) => seen.get(hash);
    }
  }
  return (hash) => {
    const prefix = `${hash}.`;
    let low = 0;
    let high = v.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (v[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    let found: SeenPost | undefined;
    for (let i = low; i < v.length && v[i]!.startsWith(prefix); i++) {
      const decoded = seenEntry(v[i]!);
      if (decoded?.[0] === hash) found = found ? joinSeen(found, decoded[1]) : decoded[1];
    }
    return found;
  };
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

/**
 * A mark a later "mark all read" decides: made no later than it (`t`), on a post that it listed as read, or under
 * the read watermark where that judges (at or below the floor). A mark on a post above the floor that no "mark all
 * read" listed stays: the read watermark judges that post only where it had arrived, and the mark everywhere.
 * Once overridden, always: `t`, `r` and the floor only rise, and a listed post leaves the list only below the floor.
 * (The published time is the mark's, the one every browser names the post with.)
 */
const overridden = (mark: ExplicitMark, state: Watermarks, listedRead: boolean) =>
  mark.at <= state.t && mark.pub <= state.r && (listedRead || mark.pub <= state.f);

const byHash = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/** The newest `limit` posts of a seen list (by published time, then hash: one order whoever computes it). */
function newestSeen(seen: Map<string, SeenPost>, limit: number): [string, SeenPost][] {
  const entries = [...seen];
  if (entries.length <= limit) return entries;
  entries.sort(([ha, a], [hb, b]) => b.pub - a.pub || (ha < hb ? 1 : ha > hb ? -1 : 0));
  return entries.slice(0, limit);
}

/** A state's floor: below it the watermarks judge (a state without one was written before the list: `s`). */
export const floorOf = (state: SyncedFeedState) => Math.min(state.f ?? state.s, state.s);

/**
 * The canonical form: `s` covers `r`, no overridden mark, marks and the seen list sorted by hash (equal states,
 * equal JSON), at most MAX_MARKS marks (the oldest folded) and `seenLimit` seen posts, the floor raised to the
 * newest post the list dropped and written only where it is not `s`.
 */
function normalised(
  watermarks: Watermarks,
  marks: Map<string, ExplicitMark>,
  seen: Map<string, SeenPost>,
  seenLimit = SEEN_LIMIT,
): SyncedFeedState {
  const s = Math.max(watermarks.s, watermarks.r);
  const state = { ...watermarks, s };
  const listed = newestSeen(seen, seenLimit);
  let f = watermarks.f;
  if (listed.length < seen.size) {
    const keptHashes = new Set(listed.map(([hash]) => hash));
    for (const [hash, post] of seen) if (!keptHashes.has(hash)) f = Math.max(f, post.pub);
  }
  f = Math.min(f, s);
  // Below the floor the watermarks judge: an entry there says nothing more to a browser that has received the
  // floor, and dropping it keeps one form for one state (a browser and the shard it wrote agree).
  const aboveFloor = listed.filter(([, post]) => post.pub > f);
  const listedRead = new Set(aboveFloor.flatMap(([hash, post]) => (post.read ? [hash] : [])));
  const kept = [...marks].filter(([hash, mark]) => !overridden(mark, { ...state, f }, listedRead.has(hash)));
  if (kept.length > MAX_MARKS) return foldOldest({ ...state, f }, new Map(kept), seen, MAX_MARKS, seenLimit);
  kept.sort(byHash);
  const out: SyncedFeedState = { s, r: state.r, t: state.t, e: kept.map(([hash, mark]) => encodeMark(hash, mark)) };
  aboveFloor.sort(byHash);
  if (aboveFloor.length)
    out.v = aboveFloor.map(([hash, post]) => `${hash}.${post.pub.toString(36)}.${post.read ? 'r' : 's'}`);
  if (f !== s) out.f = f;
  return out;
}

/** The join of two states: what both browsers know. Commutative, associative and idempotent. */
export function joinStates(a: SyncedFeedState, b: SyncedFeedState): SyncedFeedState {
  const marks = decodeMarks(a);
  for (const [hash, mark] of decodeMarks(b)) {
    const other = marks.get(hash);
    if (!other || wins(mark, other)) marks.set(hash, mark);
  }
  const seen = decodeSeen(a);
  for (const [hash, post] of decodeSeen(b)) addSeen(seen, hash, post);
  const watermark = (x: number, y: number) => clamp(Math.max(x, y));
  return normalised(
    { s: watermark(a.s, b.s), r: watermark(a.r, b.r), t: watermark(a.t, b.t), f: watermark(floorOf(a), floorOf(b)) },
    marks,
    seen,
  );
}

/**
 * At most `limit` explicit marks: the oldest (by published time) are folded into the read watermark. Every mark on a
 * post under the new watermark goes with them (so old "unread" marks become read, never the reverse). The seen list
 * keeps its newest `limit` posts.
 */
export function capMarks(state: SyncedFeedState, limit: number): SyncedFeedState {
  return state.e.length <= limit && (state.v?.length ?? 0) <= limit ? state : capperOf(state)(limit);
}

function foldOldest(
  state: Watermarks,
  marks: Map<string, ExplicitMark>,
  seen: Map<string, SeenPost>,
  limit: number,
  seenLimit: number,
): SyncedFeedState {
  const byAge = [...marks.values()].sort((a, b) => a.pub - b.pub);
  if (byAge.length <= limit) return normalised(state, marks, seen, seenLimit);
  const r = Math.max(state.r, byAge[byAge.length - limit - 1]!.pub);
  let t = state.t;
  const kept = new Map<string, ExplicitMark>();
  for (const [hash, mark] of marks) {
    if (mark.pub <= r) t = Math.max(t, mark.at);
    else kept.set(hash, mark);
  }
  // The folded posts are judged by the read watermark now, as every post was before the seen list: the floor rises
  // with it.
  return normalised({ s: state.s, r, t, f: Math.max(state.f, r) }, kept, seen, seenLimit);
}

/** `capMarks` for one state and many limits (a shard looking for the number that fits): decodes once. */
export function capperOf(state: SyncedFeedState): (limit: number) => SyncedFeedState {
  const marks = decodeMarks(state);
  const seen = decodeSeen(state);
  return (limit) => {
    if (state.e.length <= limit && (state.v?.length ?? 0) <= limit) return state;
    return foldOldest({ ...state, f: floorOf(state) }, marks, seen, limit, Math.min(limit, SEEN_LIMIT));
  };
}

export function sameState(a: SyncedFeedState | undefined, b: SyncedFeedState | undefined): boolean {
  return JSON.stringify(a ?? emptySyncedState()) === JSON.stringify(b ?? emptySyncedState());
}

// What the reader does, as synced. `now` is in milliseconds, published times in milliseconds.

/** A post as the synced state names it: its id (hashed) and published time. */
export type SyncedPost = { id: string; published: number | undefined };

/** A seen list naming these posts (the newest SEEN_LIMIT of them). */
function seenListOf(posts: SyncedPost[], read: boolean): string[] {
  const seen = new Map<string, SeenPost>();
  for (const post of posts) addSeen(seen, postHash(post.id), { pub: toSeconds(post.published) ?? 0, read });
  return newestSeen(seen, SEEN_LIMIT).map(([hash, post]) => `${hash}.${post.pub.toString(36)}.${read ? 'r' : 's'}`);
}

/** Seen up to `newestPublished` (undefined: the watermark stays); `posts`, the posts newly shown, go on the seen list. */
export function withSeenUpTo(
  state: SyncedFeedState,
  newestPublished: number | undefined,
  posts: SyncedPost[] = [],
): SyncedFeedState {
  // The floor stays: the watermark's move covers what the list names, not every post dated before it.
  const s = toSeconds(newestPublished) ?? 0;
  return joinStates(state, { ...emptySyncedState(), s, f: 0, v: seenListOf(posts, false) });
}

/**
 * Read up to `newestPublished`; `posts`, the posts newly read, go on the seen list as read. Undefined: the page read
 * up to an older arrival, which has no published time to move the watermark to; the posts are listed all the same.
 */
export function withAllReadUpTo(
  state: SyncedFeedState,
  newestPublished: number | undefined,
  now: number,
  posts: SyncedPost[] = [],
): SyncedFeedState {
  if (newestPublished === undefined) return joinStates(state, { ...emptySyncedState(), v: seenListOf(posts, true) });
  // As for "seen all", the floor stays.
  const r = toSeconds(newestPublished)!;
  // After every mark this browser knows of (a Lamport clock, as for explicit marks below), within the schema.
  let t = Math.max(toSeconds(now)!, state.t);
  for (const mark of decodeMarks(state).values()) t = Math.max(t, mark.at);
  return joinStates(state, { s: r, r, t: clamp(t), e: [], v: seenListOf(posts, true), f: 0 });
}

/** Posts marked read or unread one by one (published times in milliseconds; a post without one counts as 0). */
export function withExplicitMarks(
  state: SyncedFeedState,
  posts: SyncedPost[],
  read: boolean,
  now: number,
): SyncedFeedState {
  const earlier = decodeMarks(state);
  const v: string[] = [];
  const e = posts.map((post) => {
    const hash = postHash(post.id);
    const pub = toSeconds(post.published) ?? 0;
    // A mark counts as made after everything this browser knows of (a Lamport clock): after the last "mark all
    // read" and the post's last mark, even within the same second or when another browser's clock runs ahead.
    // Never past MAX_SECONDS: a peer that spent the clock leaves a tie, which "read" wins (see `wins`); a read mark
    // that cannot be later than the last "mark all read" is listed as read too, so it is not overridden away.
    const at = clamp(Math.max(toSeconds(now)!, state.t + 1, (earlier.get(hash)?.at ?? -1) + 1));
    if (read && at <= state.t) v.push(`${hash}.${pub.toString(36)}.r`);
    return encodeMark(hash, { pub, at, read });
  });
  return joinStates(state, { s: 0, r: 0, t: 0, e, v });
}

/**
 * What the synced state says of one post. `watermarked`: whether the synced watermarks may judge the post at all
 * (it had arrived here when they last moved; see `FeedMarks.syncedUpTo`); explicit marks and the seen list judge
 * every post.
 */
export type SyncedMarker = {
  isSeen(articleId: string, published: number | undefined, watermarked: boolean): boolean;
  /** Read, unread, or nothing to say (`undefined`: the local marks decide). */
  readVerdict(articleId: string, published: number | undefined, watermarked: boolean): boolean | undefined;
};

export function syncedMarkerOf(state: SyncedFeedState): SyncedMarker {
  // Explicit marks are few (a reader's clicks on single posts) and decoded whole; the seen list is searched.
  const marks = state.e.length ? decodeMarks(state) : undefined;
  const seen = state.v?.length ? seenFinder(state.v) : undefined;
  const markOf = (id: string) => marks?.get(postHash(id));
  const seenOf = (id: string) => seen?.(postHash(id));
  // A post without a date counts as published at time 0, as the local marks count it as published before any time.
  const under = (watermark: number, published: number | undefined) =>
    watermark > 0 && (toSeconds(published) ?? 0) <= watermark;
  // The watermarks judge a post only at or below the floor; the explicit marks' rule keeps `r` itself.
  const floor = floorOf(state);
  const seenUpTo = Math.min(state.s, floor);
  const readUpTo = Math.min(state.r, floor);
  return {
    isSeen(id, published, watermarked) {
      return (watermarked && under(seenUpTo, published)) || seenOf(id) !== undefined || markOf(id)?.read === true;
    },
    readVerdict(id, published, watermarked) {
      // Read by a "mark all read": listed by it, or under the read watermark where that judges.
      const readAll = seenOf(id)?.read === true || (watermarked && under(readUpTo, published));
      const mark = markOf(id);
      if (mark && (mark.at > state.t || !readAll)) return mark.read;
      return readAll ? true : undefined;
    },
  };
}

/**
 * A synced state that failed its schema, kept as far as it goes: each watermark clamped into range, each mark and
 * seen entry kept (the oldest folded when there are too many). Undefined when nothing of it is a read state.
 */
export function salvageSyncedState(raw: unknown): SyncedFeedState | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const value = raw as Record<string, unknown>;
  const time = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? clamp(x) : 0);
  const strings = (x: unknown) =>
    Array.isArray(x) ? x.filter((item): item is string => typeof item === 'string') : [];
  const e = strings(value.e);
  const v = strings(value.v);
  const s = time(value.s);
  const watermarks = { s, r: time(value.r), t: time(value.t), f: typeof value.f === 'number' ? time(value.f) : s };
  const salvaged = foldOldest(watermarks, decodeMarks({ e }), decodeSeen({ v }), MAX_MARKS, SEEN_LIMIT);
  return sameState(salvaged, emptySyncedState()) ? undefined : salvaged;
}
