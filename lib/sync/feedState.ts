import { compareNewestFirst, type Article } from '../feed/article';
import { parseFeed } from '../feed/parseFeed';
import type { FetchOutcome } from '../net/fetchFeed';
import { emptyFeedState, type FeedState } from '../store/feedCache';

/** Posts kept per feed. Older ones are pruned first; settings and read state are never pruned for space. */
export const MAX_ARTICLES_PER_FEED = 5000;

/**
 * The one rule of a sync: a good fetch replaces what we know (keeping older posts the feed no longer lists),
 * a failed one keeps the last good articles and records the error. `changed` says whether anything must be written.
 */
export function nextFeedState(
  previous: FeedState | undefined,
  outcome: FetchOutcome,
  now: number,
): { state: FeedState; changed: boolean } {
  const prev = previous ?? emptyFeedState();
  if (!outcome.ok) {
    return {
      state: {
        ...prev,
        error: { ...outcome.error, at: now },
        failingSince: prev.failingSince ?? now,
        retryAfter: outcome.retryAfterMs !== undefined ? now + outcome.retryAfterMs : undefined,
      },
      changed: true,
    };
  }
  if (outcome.notModified) {
    const recovered = prev.error !== undefined || prev.failingSince !== undefined;
    const state: FeedState = { ...prev, error: undefined, failingSince: undefined, retryAfter: undefined };
    return recovered ? { state: { ...state, lastSuccessAt: now }, changed: true } : { state: prev, changed: false };
  }
  const parsed = parseFeed(outcome.body, { contentType: outcome.contentType, fetchedUrl: outcome.finalUrl });
  if (!parsed.ok) {
    return {
      state: { ...prev, error: { ...parsed.error, at: now }, failingSince: prev.failingSince ?? now, retryAfter: undefined },
      changed: true,
    };
  }
  const articles = mergeArticles(parsed.articles, prev.articles);
  const articlesChanged = JSON.stringify(articles) !== JSON.stringify(prev.articles);
  return {
    state: {
      info: parsed.feed,
      articles,
      problems: parsed.problems,
      validators: outcome.validators,
      lastSuccessAt: now,
      lastChangeAt: articlesChanged ? now : prev.lastChangeAt,
    },
    changed: true,
  };
}

/** Fresh articles win; posts that dropped out of the feed's window stay, newest first, up to the cap. */
export function mergeArticles(fresh: Article[], previous: Article[], cap = MAX_ARTICLES_PER_FEED): Article[] {
  const freshIds = new Set(fresh.map((a) => a.id));
  const merged = [...fresh, ...previous.filter((a) => !freshIds.has(a.id))];
  merged.sort(compareNewestFirst);
  return merged.slice(0, cap);
}
