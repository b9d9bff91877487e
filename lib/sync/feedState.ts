import { compareNewestFirst, type Article, type FeedError, type ParseResult } from '../feed/article';
import { parseFeed } from '../feed/parseFeed';
import type { FetchedPage, FetchOutcome, Validators } from '../net/fetchFeed';
import {
  emptyView,
  MAX_ARTICLES_PER_FEED,
  metaOf,
  postsSize,
  type FeedMeta,
  type FeedView,
  type StoredArticle,
} from '../store/feedStore';
import { nextAttemptAfterFailure } from './backoff';

export { MAX_ARTICLES_PER_FEED };

export type TransitionOptions = { pollMs?: number };

/**
 * What a sync must write for one feed:
 * - `none`: nothing (a 304, or a 200 with the same posts, on a healthy feed);
 * - `meta`: only the feed's record (its health or validators changed, its posts did not);
 * - `posts`: the record and the posts.
 */
export type FeedChange = 'none' | 'meta' | 'posts';

export type Transition = { view: FeedView; change: FeedChange; added: StoredArticle[] };

/**
 * The one rule of a sync: a good fetch replaces what we know (keeping older posts the feed no longer lists), a
 * failed one keeps the last good posts, records the error and backs off. New posts get the next arrival numbers.
 * Times stored earlier that lie in the future (a clock that was ahead and was put right) are brought back to now.
 */
export function nextFeedState(
  previous: FeedView | undefined,
  outcome: FetchOutcome,
  now: number,
  options: TransitionOptions = {},
): Transition {
  const prev = withoutFutureTimes(previous ?? emptyView(), now);
  const clockFixed = previous !== undefined && prev !== previous;
  const pollMs = options.pollMs ?? 3600e3;
  if (!outcome.ok) return failed(prev, outcome.error, now, pollMs, outcome.retryAfterMs);
  const recovered = prev.error !== undefined || prev.failingSince !== undefined || prev.failureCount !== undefined;
  if (outcome.notModified) {
    // A 304 may name new validators (a server that rotates its ETag, or adds Last-Modified): kept, or every later
    // check would send the old ones and the server might stop answering 304.
    const validators = { ...prev.validators, ...definedOnly(outcome.validators) };
    const validatorsChanged = !sameData(validators, prev.validators);
    return recovered || clockFixed || prev.lastSuccessAt === undefined || validatorsChanged
      ? { view: { ...healthy(prev), lastSuccessAt: now, validators }, change: 'meta', added: [] }
      : { view: prev, change: 'none', added: [] };
  }
  const parsed = parsePages(outcome);
  if (!parsed.ok) return failed(prev, parsed.error, now, pollMs);
  const { articles, added, changed } = mergeArticles(parsed.articles, prev.articles, prev.seq);
  const problems = parsed.problems.slice(0, 100);
  const metaSame =
    !recovered &&
    !clockFixed &&
    prev.lastSuccessAt !== undefined &&
    sameData([parsed.feed, problems, outcome.validators], [prev.info, prev.problems, prev.validators]);
  if (!changed && metaSame) return { view: prev, change: 'none', added: [] };
  const meta: FeedMeta = {
    info: parsed.feed,
    problems,
    validators: outcome.validators,
    lastSuccessAt: now,
    lastChangeAt: changed ? now : prev.lastChangeAt,
    seq: articles.reduce((max, post) => Math.max(max, post.seq), prev.seq),
    count: articles.length,
    bytes: changed ? postsSize(articles) : prev.bytes,
  };
  return { view: { ...meta, articles: changed ? articles : prev.articles }, change: changed ? 'posts' : 'meta', added };
}

function healthy(prev: FeedView): FeedView {
  const { error: _e, failingSince: _f, failureCount: _c, nextAttemptAt: _n, ...rest } = prev;
  return rest;
}

function failed(prev: FeedView, error: FeedError, now: number, pollMs: number, retryAfterMs?: number): Transition {
  const failureCount = (prev.failureCount ?? 0) + 1;
  return {
    view: {
      ...prev,
      error: { ...error, at: now },
      failingSince: prev.failingSince ?? now,
      failureCount,
      nextAttemptAt: nextAttemptAfterFailure(failureCount, pollMs, now, retryAfterMs),
    },
    change: 'meta',
    added: [],
  };
}

/** Past events recorded "in the future" happened under a clock that was ahead: they happened no later than now. */
function withoutFutureTimes(view: FeedView, now: number): FeedView {
  const past = ['lastSuccessAt', 'lastChangeAt', 'failingSince'] as const;
  const wrong = past.filter((key) => (view[key] ?? 0) > now);
  const errorWrong = (view.error?.at ?? 0) > now;
  if (!wrong.length && !errorWrong) return view;
  const fixed: FeedView = { ...view, ...(errorWrong && { error: { ...view.error!, at: now } }) };
  for (const key of wrong) fixed[key] = now;
  return fixed;
}

/** The validators a 304 named (an absent header names none). */
function definedOnly(validators: Validators = {}): Validators {
  return Object.fromEntries(Object.entries(validators).filter(([, value]) => value !== undefined));
}

/** The first page decides success; later pages (JSON Feed next_url, Atom rel="next") only add posts. */
function parsePages(outcome: Extract<FetchOutcome, { ok: true; notModified: false }>): ParseResult {
  const first = parsedPage(outcome);
  if (!first.ok || !outcome.pages?.length) return first;
  const seen = new Set(first.articles.map((a) => a.id));
  const articles = [...first.articles];
  for (const page of outcome.pages) {
    const parsed = parsedPage(page);
    if (!parsed.ok) continue;
    for (const article of parsed.articles) {
      if (seen.has(article.id)) continue;
      seen.add(article.id);
      articles.push(article);
    }
  }
  return { ...first, articles };
}

/** A fetched page's posts: as fetching parsed them (see `FetchedPage.parsed`), else parsed now. */
export function parsedPage(page: FetchedPage): ParseResult {
  return page.parsed ?? parseFeed(page.body, { contentType: page.contentType, fetchedUrl: page.finalUrl });
}

/**
 * Fresh posts win; posts that dropped out of the feed's window stay, newest first, up to the cap. A post already
 * stored keeps its arrival number (and, when unchanged, its stored object); new posts are numbered after `lastSeq`,
 * oldest first. `changed`: whether the stored list differs in any way.
 */
export function mergeArticles(
  fresh: Article[],
  previous: StoredArticle[],
  lastSeq: number,
  cap = MAX_ARTICLES_PER_FEED,
): { articles: StoredArticle[]; added: StoredArticle[]; changed: boolean } {
  const previousById = new Map(previous.map((post) => [post.id, post]));
  const freshIds = new Set<string>();
  const merged: StoredArticle[] = [];
  const arriving: Article[] = [];
  let changed = false;
  for (const article of fresh) {
    if (freshIds.has(article.id)) continue;
    freshIds.add(article.id);
    const stored = previousById.get(article.id);
    if (!stored) arriving.push(article);
    else if (sameArticle(stored, article)) merged.push(stored);
    else {
      merged.push({ ...article, seq: stored.seq });
      changed = true;
    }
  }
  let seq = lastSeq;
  const added = [...arriving].sort((a, b) => -compareNewestFirst(a, b)).map((article) => ({ ...article, seq: ++seq }));
  merged.push(...added);
  for (const post of previous) if (!freshIds.has(post.id)) merged.push(post);
  merged.sort(compareNewestFirst);
  const articles = merged.length > cap ? merged.slice(0, cap) : merged;
  const kept = new Set(articles);
  if (!changed)
    changed =
      added.length > 0 || articles.length !== previous.length || articles.some((post, i) => post !== previous[i]);
  return { articles, added: added.filter((post) => kept.has(post)), changed };
}

/**
 * Whether a stored post and a freshly parsed one say the same (the arrival number aside). Every poll compares each
 * of a feed's posts, so this walks the two objects in place rather than copying the stored one without `seq`.
 */
function sameArticle(stored: StoredArticle, fresh: Article): boolean {
  return sameFields(stored as Record<string, unknown>, fresh as Record<string, unknown>, 'seq');
}

/** Deep equality of JSON-like data, whatever the order of object keys (storage and the parser may differ). */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], other[i])) return false;
    return true;
  }
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>);
}

/** Two objects' defined fields are the same, `ignored` aside (an undefined field counts as absent). */
function sameFields(a: Record<string, unknown>, b: Record<string, unknown>, ignored?: string): boolean {
  let fieldsOfA = 0;
  for (const key in a) {
    const value = a[key];
    if (value === undefined || key === ignored) continue;
    if (!sameData(value, b[key])) return false;
    fieldsOfA++;
  }
  let fieldsOfB = 0;
  for (const key in b) if (b[key] !== undefined && key !== ignored) fieldsOfB++;
  return fieldsOfA === fieldsOfB;
}

export { metaOf };
