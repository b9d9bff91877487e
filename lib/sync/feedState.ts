import { compareNewestFirst, type Article, type FeedError, type ParseResult } from '../feed/article';
import { parseFeed } from '../feed/parseFeed';
import type { FetchOutcome } from '../net/fetchFeed';
import { emptyFeedState, type FeedState } from '../store/feedCache';
import { nextAttemptAfterFailure } from './backoff';

/** Posts kept per feed. Older ones are pruned first; settings and read state are never pruned for space. */
export const MAX_ARTICLES_PER_FEED = 5000;

export type TransitionOptions = { pollMs?: number };

/**
 * The one rule of a sync: a good fetch replaces what we know (keeping older posts the feed no longer lists),
 * a failed one keeps the last good articles, records the error and backs off. `changed` says whether anything
 * must be written: an unchanged feed (304) on a healthy feed writes nothing.
 */
export function nextFeedState(
  previous: FeedState | undefined,
  outcome: FetchOutcome,
  now: number,
  options: TransitionOptions = {},
): { state: FeedState; changed: boolean } {
  const prev = previous ?? emptyFeedState();
  const pollMs = options.pollMs ?? 3600e3;
  if (!outcome.ok) return failed(prev, outcome.error, now, pollMs, outcome.retryAfterMs);
  if (outcome.notModified) {
    const recovered = prev.error !== undefined || prev.failingSince !== undefined || prev.failureCount !== undefined;
    return recovered ? { state: { ...healthy(prev), lastSuccessAt: now }, changed: true } : { state: prev, changed: false };
  }
  const parsed = parsePages(outcome);
  if (!parsed.ok) return failed(prev, parsed.error, now, pollMs);
  const articles = mergeArticles(parsed.articles, prev.articles);
  const articlesChanged = JSON.stringify(articles) !== JSON.stringify(prev.articles);
  return {
    state: {
      info: parsed.feed,
      articles,
      problems: parsed.problems.slice(0, 100),
      validators: outcome.validators,
      lastSuccessAt: now,
      lastChangeAt: articlesChanged ? now : prev.lastChangeAt,
    },
    changed: true,
  };
}

function healthy(prev: FeedState): FeedState {
  const { error: _e, failingSince: _f, failureCount: _c, nextAttemptAt: _n, ...rest } = prev;
  return rest;
}

function failed(prev: FeedState, error: FeedError, now: number, pollMs: number, retryAfterMs?: number) {
  const failureCount = (prev.failureCount ?? 0) + 1;
  return {
    state: {
      ...prev,
      error: { ...error, at: now },
      failingSince: prev.failingSince ?? now,
      failureCount,
      nextAttemptAt: nextAttemptAfterFailure(failureCount, pollMs, now, retryAfterMs),
    },
    changed: true,
  };
}

/** The first page decides success; later pages (JSON Feed next_url, Atom rel="next") only add posts. */
function parsePages(outcome: Extract<FetchOutcome, { ok: true; notModified: false }>): ParseResult {
  const first = parseFeed(outcome.body, { contentType: outcome.contentType, fetchedUrl: outcome.finalUrl });
  if (!first.ok || !outcome.pages?.length) return first;
  let articles = first.articles;
  for (const page of outcome.pages) {
    const parsed = parseFeed(page.body, { contentType: page.contentType, fetchedUrl: page.finalUrl });
    if (parsed.ok) articles = mergeArticles(articles, parsed.articles, Number.POSITIVE_INFINITY);
  }
  return { ...first, articles };
}

/** Fresh articles win; posts that dropped out of the feed's window stay, newest first, up to the cap. */
export function mergeArticles(fresh: Article[], previous: Article[], cap = MAX_ARTICLES_PER_FEED): Article[] {
  const freshIds = new Set(fresh.map((a) => a.id));
  const merged = [...fresh, ...previous.filter((a) => !freshIds.has(a.id))];
  merged.sort(compareNewestFirst);
  return merged.slice(0, cap);
}
