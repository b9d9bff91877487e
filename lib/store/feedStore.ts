import { z } from 'zod/mini';
import { browser } from 'wxt/browser';
import { removeLocalValues, setLocalValues } from './feedWrites';
import {
  ArticleSchema,
  compareNewestFirst,
  FeedErrorSchema,
  FeedInfoSchema,
  ItemProblemSchema,
  type Article,
} from '../feed/article';
import { normalizeArticleUrl } from '../match/normalizeUrl';
import { reasonOf, setAside } from './quarantine';
import { fnv1a32 } from '../feed/hash';
import { readKeys } from './readKeys';
import { MAX_SEQ, readStoredPost } from './storedPost';

// Over 200 lines on purpose: the per-feed storage layout (keys, pages, records, sizes) and its reads and writes,
// which must agree on the layout; the layout is one concept.

/**
 * The article store, one feed at a time. Each feed has keys of its own in `storage.local`, so committing one feed's
 * result writes that feed and nothing else, and a page that watches the store re-reads only the feed that changed:
 *
 * - `feed:<id>`  the feed's record: what we know about it (title, health, validators, counts, which archive pages
 *                exist) and its newest HEAD_POSTS posts, which is all the popup needs for its first paint;
 * - `posts:<id>/<n>` the feed's archive, in pages of PAGE_SIZE posts by arrival number: page n holds the posts
 *                numbered n·PAGE_SIZE+1 to (n+1)·PAGE_SIZE. New posts arrive in the newest page, so a commit that adds
 *                one post rewrites one small page, never the whole archive (at most MAX_ARTICLES_PER_FEED posts);
 * - `sources:<id>` short hashes of the normalised source URLs of those posts, for the summary card's lookup;
 * - `marks:<id>` what the reader has seen and read in that feed (see ./marks.ts).
 *
 * Every value is validated record by record: one malformed post is dropped alone (logged, and set aside in the
 * quarantine for a bug report), never the feed, and a malformed feed record never hides another feed.
 */

/** A whole number, 0 or more: counts. */
const WholeNumberSchema = z.int().check(z.nonnegative());

/**
 * The highest arrival number a feed can reach (./storedPost.ts): a post a second for thirty years. Numbers read from
 * storage become page numbers, and page numbers become lists of keys: a damaged record's `9e15` once asked for 180
 * trillion pages (an uncaught RangeError in the popup, Refresh and Remove failing). Beyond this a record or post is
 * malformed.
 */
export { MAX_SEQ };
const SeqSchema = z.int().check(z.nonnegative(), z.maximum(MAX_SEQ));

/** A post as stored: the parsed article plus its arrival number in its feed (1, 2, 3, … in the order they came). */
export const StoredArticleSchema = z.extend(ArticleSchema, { seq: SeqSchema });
export type StoredArticle = z.infer<typeof StoredArticleSchema>;

export const FeedMetaSchema = z.object({
  info: z.optional(FeedInfoSchema),
  problems: z.array(ItemProblemSchema),
  validators: z.object({ etag: z.optional(z.string()), lastModified: z.optional(z.string()) }),
  lastSuccessAt: z.optional(z.number()),
  /** When the posts last changed. */
  lastChangeAt: z.optional(z.number()),
  error: z.optional(z.extend(FeedErrorSchema, { at: z.number() })),
  /** When the current run of failures began. */
  failingSince: z.optional(z.number()),
  /** Failures in a row (absent when healthy): drives the backoff. */
  failureCount: z.optional(z.number()),
  /** Do not fetch before this time, unless the reader asks: backoff after failures, or a server's Retry-After. */
  nextAttemptAt: z.optional(z.number()),
  /** The arrival number of the newest post (see `StoredArticle.seq`). */
  seq: SeqSchema,
  /**
   * The archive's pages that hold posts (see `pageKey`), ascending: at most one per kept post. Absent from a record
   * that lost it: the pages below the newest arrival number are then looked for (see `pagesOf`).
   */
  // (The bounds are MAX_SEQ / PAGE_SIZE and MAX_ARTICLES_PER_FEED, defined below this schema.)
  pages: z.optional(z.array(z.int().check(z.nonnegative(), z.maximum(MAX_SEQ / 50))).check(z.maxLength(5000))),
  /** Posts kept, and roughly how many bytes they take: shown in the options page. */
  count: WholeNumberSchema,
  bytes: WholeNumberSchema,
});
export type FeedMeta = z.infer<typeof FeedMetaSchema>;

/** A feed as pages and the background work with it: its record, and its posts (the head, or all of them). */
export type FeedView = FeedMeta & { articles: StoredArticle[] };
/** Feed id → feed. An in-memory view assembled from per-feed keys, never stored as one value. */
export type FeedCache = Record<string, FeedView>;

/**
 * Posts in a feed's record: as many as the popup's first screen has cards (lib/popup/firstScreen.ts
 * FIRST_SCREEN_CARDS; a test keeps them in step), so a first screen from one feed is as full as from forty. Every
 * feed's record is read and validated before the first paint, so each post here costs every opening: at 12, forty
 * feeds' records were 23 ms of storage read before the first card.
 */
export const HEAD_POSTS = 8;
/** Posts kept per feed. Older ones go first; settings and read marks are never pruned for space. */
export const MAX_ARTICLES_PER_FEED = 5000;

/**
 * Posts per archive page. Small enough that the page a new post lands in is a few dozen kilobytes to rewrite (and
 * for every open page to receive in its change event), large enough that a 5,000-post archive is a hundred keys.
 */
export const PAGE_SIZE = 50;

export const recordKey = (feedId: string) => `feed:${feedId}`;
export const pageKey = (feedId: string, page: number) => `posts:${feedId}/${page}`;
export const sourcesKey = (feedId: string) => `sources:${feedId}`;
export const marksKey = (feedId: string) => `marks:${feedId}`;
const FEED_KEY_PREFIXES = ['feed:', 'posts:', 'sources:', 'marks:'] as const;

/** The archive page a post belongs to, by its arrival number. */
export const pageOf = (seq: number) => Math.floor(Math.max(0, seq - 1) / PAGE_SIZE);

export type FeedKey =
  { feedId: string; kind: 'feed' | 'sources' | 'marks' } | { feedId: string; kind: 'posts'; page: number };

/** Which feed a storage key belongs to, and which of its keys it is. */
export function feedKeyOf(key: string): FeedKey | undefined {
  for (const prefix of FEED_KEY_PREFIXES) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    if (prefix !== 'posts:') return { feedId: rest, kind: prefix.slice(0, -1) as 'feed' };
    const slash = rest.lastIndexOf('/');
    const page = Number(rest.slice(slash + 1));
    return slash > 0 && Number.isInteger(page) && page >= 0
      ? { feedId: rest.slice(0, slash), kind: 'posts', page }
      : undefined;
  }
  return undefined;
}

/**
 * Pages looked for when a record lost its list: twice as many as a full archive fills. Kept posts are the newest,
 * so their arrival numbers lie close below the newest one; a bound, whatever number a damaged record holds.
 */
export const PAGES_LOOKED_FOR = (2 * MAX_ARTICLES_PER_FEED) / PAGE_SIZE;

/** The pages a feed's archive is in: as its record lists them, or (a record that lost the list) the last few hundred. */
export function pagesOf(meta: Pick<FeedMeta, 'pages' | 'seq'>): number[] {
  if (meta.pages) return meta.pages.slice(0, MAX_ARTICLES_PER_FEED);
  if (!(meta.seq > 0)) return [];
  const last = pageOf(Math.min(meta.seq, MAX_SEQ));
  const first = Math.max(0, last - PAGES_LOOKED_FOR + 1);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export function emptyMeta(): FeedMeta {
  return { problems: [], validators: {}, seq: 0, count: 0, bytes: 0 };
}

export function emptyView(): FeedView {
  return { ...emptyMeta(), articles: [] };
}

export type Parsed<T> = { value: T; dropped: number };

/** A stored list of posts, each checked on its own: the malformed ones are dropped (and set aside), the rest kept. */
export function parsePosts(raw: unknown, where: string): Parsed<StoredArticle[]> {
  if (raw === undefined || raw === null) return { value: [], dropped: 0 };
  if (!Array.isArray(raw)) {
    setAside(where, 'not a list of posts', raw);
    return { value: [], dropped: 1 };
  }
  const value: StoredArticle[] = [];
  let dropped = 0;
  for (const entry of raw) {
    // Checked by hand first (./storedPost.ts: the schema's answer, without its cost); the schema has the last word.
    const post = readStoredPost(entry);
    if (post) {
      value.push(post);
      continue;
    }
    const parsed = StoredArticleSchema.safeParse(entry);
    if (parsed.success) value.push(parsed.data);
    else {
      dropped++;
      setAside(where, reasonOf(parsed.error, 'invalid post'), entry);
    }
  }
  return { value, dropped };
}

/** A stored feed record → its view with the head posts. A malformed record reads as an empty feed (set aside). */
export function parseRecord(raw: unknown, feedId: string): Parsed<FeedView> | undefined {
  if (raw === undefined || raw === null) return undefined;
  const { head, ...meta } = (typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as { head?: unknown };
  const parsedMeta = FeedMetaSchema.safeParse(meta);
  const posts = parsePosts(head, recordKey(feedId));
  if (!parsedMeta.success) {
    setAside(recordKey(feedId), reasonOf(parsedMeta.error, 'invalid feed record'), meta);
    // The posts survive; the counts come from them until the next good sync rewrites the record.
    const seq = posts.value.reduce((max, post) => Math.max(max, post.seq), 0);
    return {
      value: { ...emptyMeta(), seq, count: posts.value.length, articles: posts.value },
      dropped: posts.dropped + 1,
    };
  }
  return { value: { ...parsedMeta.data, articles: posts.value }, dropped: posts.dropped };
}

export function metaOf(view: FeedView): FeedMeta {
  const { articles: _articles, ...meta } = view;
  return meta;
}

/** The record stored under `feed:<id>`: the meta and the newest HEAD_POSTS posts (`posts` is newest first). */
export function recordOf(meta: FeedMeta, posts: StoredArticle[]) {
  return { ...meta, head: posts.slice(0, HEAD_POSTS) };
}

/** A short, stable hash of a string (FNV-1a, 32 bits, base 36). */
export function shortHash(text: string): string {
  return fnv1a32(text).toString(36);
}

/** The bytes a value takes as stored JSON (UTF-16 code units, close enough for a size shown to the reader). */
export function storedSize(value: unknown): number {
  return JSON.stringify(value).length;
}

/** Each stored post's JSON length, by object: posts are immutable once stored, and kept from one poll to the next. */
const postSizes = new WeakMap<StoredArticle, number>();

/**
 * `storedSize(posts)`, measuring only the posts not measured before: a poll that adds one post to a feed of 5,000
 * measures one post, not the whole list again (it was a JSON.stringify of the feed's every post on every change).
 */
export function postsSize(posts: StoredArticle[]): number {
  let size = 2 + Math.max(0, posts.length - 1); // the brackets and the commas between posts
  for (const post of posts) {
    let own = postSizes.get(post);
    if (own === undefined) postSizes.set(post, (own = JSON.stringify(post).length));
    size += own;
  }
  return size;
}

/**
 * A feed's whole archive, read page by page, newest first; each post validated on its own. `found` is false when
 * none of its pages is stored (the record's head copy is then all there is).
 */
export async function readArchive(
  feedId: string,
  meta: Pick<FeedMeta, 'pages' | 'seq'>,
): Promise<Parsed<StoredArticle[]> & { found: boolean }> {
  const keys = pagesOf(meta).map((page) => pageKey(feedId, page));
  const raw = await readKeys(browser.storage.local, keys);
  return { ...archiveFrom(raw, keys), found: keys.some((key) => raw[key] !== undefined) };
}

/** The posts of these stored pages, newest first, each validated on its own. */
export function archiveFrom(raw: Record<string, unknown>, keys: string[]): Parsed<StoredArticle[]> {
  const value: StoredArticle[] = [];
  let dropped = 0;
  for (const key of keys) {
    const page = parsePosts(raw[key], key);
    value.push(...page.value);
    dropped += page.dropped;
  }
  return { value: value.sort(compareNewestFirst), dropped };
}

/** Reads the records (head posts) of these feeds (in small reads side by side, ./readKeys.ts). */
export async function readRecords(feedIds: string[]): Promise<Record<string, Parsed<FeedView>>> {
  const raw = await readKeys(browser.storage.local, feedIds.map(recordKey));
  const out: Record<string, Parsed<FeedView>> = {};
  for (const feedId of feedIds) {
    const parsed = parseRecord(raw[recordKey(feedId)], feedId);
    if (parsed) out[feedId] = parsed;
  }
  return out;
}

/** One feed with all its posts, or undefined when the store has nothing for it. */
export async function readFeed(feedId: string): Promise<Parsed<FeedView> | undefined> {
  const record = parseRecord((await browser.storage.local.get(recordKey(feedId)))[recordKey(feedId)], feedId);
  if (!record) return undefined;
  const posts = await readArchive(feedId, record.value);
  // The record's head is a copy of the newest posts: when the archive is missing, the head is what there is.
  const articles = posts.found ? posts.value : record.value.articles;
  return { value: { ...record.value, articles }, dropped: record.dropped + posts.dropped };
}

/**
 * Every feed with every post: for whole-archive tasks a reader starts by hand (a backup) and for tests. Never on a
 * poll's path.
 */
export async function readWholeStore(feedIds: string[]): Promise<FeedCache> {
  const out: FeedCache = {};
  for (const feedId of feedIds) {
    const feed = await readFeed(feedId);
    if (feed) out[feedId] = feed.value;
  }
  return out;
}

/** What to write, and which keys to remove, to store a feed; `meta`: the record's meta as written, pages listed. */
export type FeedWrite = { values: Record<string, unknown>; remove: string[]; meta: FeedMeta };

/**
 * The storage values that hold a feed: its record, and the archive pages and source index that differ from
 * `before` (the posts stored now; a page whose posts are all the very same objects is left as it is). `before`
 * undefined: everything is written. Posts must be newest first.
 */
export function feedValues(
  feedId: string,
  meta: FeedMeta,
  articles: StoredArticle[],
  before?: StoredArticle[],
): FeedWrite {
  const after = byPage(articles);
  const previous = before ? byPage(before) : new Map<number, StoredArticle[]>();
  const stored: FeedMeta = { ...meta, pages: [...after.keys()].sort((a, b) => a - b) };
  const values: Record<string, unknown> = { [recordKey(feedId)]: recordOf(stored, articles) };
  const sources = sourceHashes(articles).join(' ');
  if (!before || sources !== sourceHashes(before).join(' ')) values[sourcesKey(feedId)] = sources;
  for (const [page, posts] of after) {
    const old = previous.get(page);
    if (!before || !old || old.length !== posts.length || posts.some((post, i) => post !== old[i]))
      values[pageKey(feedId, page)] = posts;
  }
  // Pages the list no longer fills; without `before`, every page the old record listed may be stale.
  const gone = before ? [...previous.keys()].filter((page) => !after.has(page)) : [];
  return { values, remove: gone.map((page) => pageKey(feedId, page)), meta: stored };
}

/** Posts grouped by archive page, each page newest first (the order of `posts`). */
function byPage(posts: StoredArticle[]): Map<number, StoredArticle[]> {
  const pages = new Map<number, StoredArticle[]>();
  for (const post of posts) {
    const page = pageOf(post.seq);
    const list = pages.get(page);
    if (list) list.push(post);
    else pages.set(page, [post]);
  }
  return pages;
}

/** Writes a feed: the new values in one call, then removes the pages it emptied (unlisted pages are never read). */
export async function writeFeed(write: FeedWrite): Promise<void> {
  await setLocalValues(write.values);
  if (write.remove.length) await removeLocalValues(write.remove);
}

/** The summary card's index of a feed: a short hash of each post's normalised source URL. */
export function sourceHashes(articles: Pick<Article, 'sourceUrl'>[]): string[] {
  const hashes = new Set<string>();
  for (const { sourceUrl } of articles) {
    const hash = sourceUrl && sourceHash(sourceUrl);
    if (hash) hashes.add(hash);
  }
  return [...hashes];
}

/**
 * Source URL → its hash, remembered for the background's life (bounded): each commit rewrites a feed's source index,
 * and without this every commit would parse every kept post's URL again.
 */
const knownSourceHashes = new Map<string, string | null>();
const KNOWN_SOURCE_HASHES_LIMIT = 50_000;
function sourceHash(sourceUrl: string): string | undefined {
  let hash = knownSourceHashes.get(sourceUrl);
  if (hash === undefined) {
    const normal = normalizeArticleUrl(sourceUrl);
    hash = normal ? shortHash(normal) : null;
    if (knownSourceHashes.size >= KNOWN_SOURCE_HASHES_LIMIT) knownSourceHashes.clear();
    knownSourceHashes.set(sourceUrl, hash);
  }
  return hash ?? undefined;
}

/**
 * Removes everything stored for these feeds, whatever their records say: where the browser lists its keys
 * (`storage.local.getKeys`, Chrome 130, Firefox 143), every key `feedKeyOf` gives to one of them; elsewhere the
 * pages the record lists, the pages below its newest arrival number and the pages of its head posts (so a page a
 * cut-off write left behind goes too, and a damaged record still lets the feed go). Reads no posts.
 */
export async function removeFeedKeys(feedIds: string[]): Promise<void> {
  if (!feedIds.length) return;
  const ids = new Set(feedIds);
  const listed = await allKeys();
  if (listed) {
    await removeLocalValues(listed.filter((key) => ids.has(feedKeyOf(key)?.feedId ?? '')));
    return;
  }
  const records = await readRecords(feedIds);
  const keys = feedIds.flatMap((id) => {
    const meta = records[id]?.value;
    const heads = meta?.articles.map((post) => pageOf(post.seq)) ?? [];
    const pages = meta ? [...new Set([...pagesOf({ seq: meta.seq }), ...pagesOf(meta), ...heads])] : [];
    return [recordKey(id), sourcesKey(id), marksKey(id), ...pages.map((page) => pageKey(id, page))];
  });
  await removeLocalValues(keys);
}

/** Every key in `storage.local`, where the browser can list them without their values; undefined elsewhere. */
async function allKeys(): Promise<string[] | undefined> {
  const local = browser.storage.local as { getKeys?: () => Promise<string[]> };
  if (typeof local.getKeys !== 'function') return undefined;
  try {
    return await local.getKeys();
  } catch {
    return undefined;
  }
}

export function sortNewestFirst(articles: StoredArticle[]): StoredArticle[] {
  return articles.sort(compareNewestFirst);
}

/** The article without its arrival number, as the parser produced it. */
export function withoutSeq(post: StoredArticle): Article {
  const { seq: _seq, ...article } = post;
  return article;
}
