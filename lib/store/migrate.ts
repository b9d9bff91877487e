import { browser } from 'wxt/browser';
import { setLocalValues } from './feedWrites';
import { ArticleSchema, compareNewestFirst } from '../feed/article';
import { FeedMetaSchema, feedValues, marksKey, postsSize, type FeedMeta, type StoredArticle } from './feedStore';
import { emptyMarks, splitArticleKey, type FeedMarks } from './marks';
import { reasonOf, setAside } from './quarantine';
import { writeLocal, removeLocal } from './localChanges';

/**
 * The store's layout version, under `local:storeVersion`:
 * - 2 and before: one `feedCache` value held every feed's posts (`feedCacheHead` a copy of their newest), one
 *   `readState` held seen/read keys of every post, `notified` every announced post's key;
 * - 3: per-feed keys (lib/store/feedStore.ts: a record and archive pages), per-feed marks (./marks.ts) and a compact index (./storeIndex.ts).
 */
export const STORE_VERSION = 3;
export const STORE_VERSION_KEY = 'storeVersion';

const OLD_KEYS = [
  'feedCache',
  'feedCache$',
  'feedCacheHead',
  'feedCacheHead$',
  'readState',
  'readState$',
  'notified',
  'notified$',
];

/**
 * Moves a v2 store to v3. Idempotent and safe to cut off: per-feed keys are written from the old values first,
 * the version last, and the old values are removed only after that. Each old post and feed is validated on its
 * own; a malformed one is set aside, never the rest. The caller builds the index afterwards.
 * Returns the ids of the feeds it wrote.
 */
export async function migrateStore(): Promise<string[]> {
  const raw = await browser.storage.local.get([STORE_VERSION_KEY, ...OLD_KEYS]);
  if (typeof raw[STORE_VERSION_KEY] === 'number' && raw[STORE_VERSION_KEY] >= STORE_VERSION) return [];
  const version = (raw['feedCache$'] as { v?: number } | undefined)?.v ?? 1;
  const cache =
    raw.feedCache && typeof raw.feedCache === 'object' && !Array.isArray(raw.feedCache)
      ? (raw.feedCache as Record<string, unknown>)
      : {};
  const marks = marksFromReadState(raw.readState);
  const written: string[] = [];
  for (const [feedId, state] of Object.entries(cache)) {
    const migrated = migrateFeed(feedId, version < 2 ? feedStateV1toV2(state) : state);
    if (!migrated) continue;
    await setLocalValues({
      ...feedValues(feedId, migrated.meta, migrated.posts).values,
      [marksKey(feedId)]: marks.get(feedId) ?? emptyMarks(),
    });
    written.push(feedId);
  }
  await writeLocal({ [STORE_VERSION_KEY]: STORE_VERSION });
  await removeLocal(OLD_KEYS);
  return written;
}

/** v1 kept a server's Retry-After as `retryAfter`, and failures had no count. */
export function feedStateV1toV2(state: unknown): unknown {
  if (!state || typeof state !== 'object') return state;
  const { retryAfter, ...rest } = state as Record<string, unknown>;
  const failing = rest.error !== undefined && rest.error !== null;
  return {
    ...rest,
    ...(typeof retryAfter === 'number' ? { nextAttemptAt: retryAfter } : {}),
    ...(failing ? { failureCount: 1 } : {}),
  };
}

/** Meta fields `migrateFeed` counts from the posts it numbers. */
const COUNTED_HERE = new Set<string>(['seq', 'pages', 'count', 'bytes'] satisfies (keyof FeedMeta)[]);

/** One v2 feed state → its v3 meta and numbered posts; undefined when it is not a feed state at all. */
export function migrateFeed(feedId: string, state: unknown): { meta: FeedMeta; posts: StoredArticle[] } | undefined {
  if (!state || typeof state !== 'object' || Array.isArray(state)) {
    setAside(`feedCache.${feedId}`, 'not a feed state', state);
    return undefined;
  }
  const { articles, ...fields } = state as Record<string, unknown>;
  const valid = (Array.isArray(articles) ? articles : []).flatMap((article) => {
    const parsed = ArticleSchema.safeParse(article);
    if (parsed.success) return [parsed.data];
    setAside(`feedCache.${feedId}`, reasonOf(parsed.error, 'invalid post'), article);
    return [];
  });
  // Arrival numbers for what is already here: oldest first, so the newest post has the highest.
  const posts = valid
    .sort((a, b) => -compareNewestFirst(a, b))
    .map((article, i) => ({ ...article, seq: i + 1 }))
    .sort(compareNewestFirst);
  const meta: FeedMeta = {
    problems: [],
    validators: {},
    seq: posts.length,
    count: posts.length,
    bytes: postsSize(posts),
  };
  // Field by field: a malformed field is left out (set aside), the rest of the feed kept. The numbers this
  // migration counts itself are never taken from the old state: v2 had no arrival numbers or pages, and a `seq`
  // found there (9e15, say) would number every later post and size every archive read.
  for (const [key, value] of Object.entries(fields)) {
    const schema = FeedMetaSchema.shape[key as keyof FeedMeta];
    if (!schema || value === undefined || COUNTED_HERE.has(key)) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) (meta as Record<string, unknown>)[key] = parsed.data;
    else setAside(`feedCache.${feedId}.${key}`, reasonOf(parsed.error, 'invalid field'), value);
  }
  return { meta, posts };
}

/** v2's one read state (keys "feedId articleId") → marks per feed. */
export function marksFromReadState(raw: unknown): Map<string, FeedMarks> {
  const out = new Map<string, FeedMarks>();
  if (!raw || typeof raw !== 'object') return out;
  const state = raw as { seen?: unknown; read?: unknown; unread?: unknown; before?: unknown };
  const marksOf = (feedId: string) => out.get(feedId) ?? (out.set(feedId, emptyMarks()), out.get(feedId)!);
  for (const list of ['seen', 'read', 'unread'] as const) {
    const keys = state[list];
    if (!Array.isArray(keys)) continue;
    for (const key of keys) {
      const parts = typeof key === 'string' ? splitArticleKey(key) : undefined;
      if (parts) marksOf(parts.feedId)[list].push(parts.articleId);
    }
  }
  if (state.before && typeof state.before === 'object') {
    for (const [feedId, cutoff] of Object.entries(state.before))
      if (typeof cutoff === 'number') marksOf(feedId).before = cutoff;
  }
  return out;
}
